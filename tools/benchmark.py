#!/usr/bin/env python3
"""Benchmark: run every notebook cold (a fresh kernel each, one at a time) and record time and memory.

    python tasks.py bench                      # all notebooks; updates README.md and the results file
    python tasks.py bench notebooks/01_*.ipynb # some notebooks; updates only their rows
    python tasks.py bench --executed DIR       # also keep each executed notebook (with outputs) in DIR, to read

For each notebook it records the wall seconds from kernel start to the last cell, the kernel's peak
resident memory (MB, read by the kernel itself at the end: ``ru_maxrss``; also the largest child
process's, for the record — notebook 11 prints its search workers' own peaks), and how many cells wrote
to stderr (a learner should see none). Results go to ``tools/benchmark-results.json`` and into the
README's curriculum table between the ``bench`` markers. It reports; it never fails the build
(exit 0 unless a notebook raised). Budgets: 60 s (aim 30 s) and 1.5 GB per notebook, 2 CPU cores.

It also collects every claim check's result (the record ``labkit.claims.check_claim`` displays under
``labkit.claims.MIME_TYPE``) into ``tools/claims-results.json``, and writes the README's verdict table
between the ``claims`` markers from the registry and those figures (``labkit.claims.verdict_table``);
``tests/test_repository.py`` fails when either is stale.

Notebooks run from a scratch copy in ``.bench/`` so nothing in ``notebooks/`` is written.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
from datetime import date
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from labkit.claims import MIME_TYPE, registry, verdict_table  # noqa: E402

RESULTS = ROOT / "tools" / "benchmark-results.json"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
CLAIMS_START, CLAIMS_END = "<!-- claims:start -->", "<!-- claims:end -->"
CLAIM_RESULTS = ROOT / "tools" / "claims-results.json"
BUDGET_SECONDS, AIM_SECONDS, BUDGET_MB, BUDGET_TOTAL_SECONDS = 60, 30, 1536, 360

PEAK_PROBE = (
    "import json as _j, resource as _r, sys as _s\n"
    "print('__bench__' + _j.dumps({'peak_mb': _r.getrusage(_r.RUSAGE_SELF).ru_maxrss / 1024,\n"
    "                              'child_mb': _r.getrusage(_r.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
)


def run_notebook(path: Path, executed: Path | None = None) -> dict:
    scratch = ROOT / ".bench"
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(ROOT / "notebooks", scratch, ignore=shutil.ignore_patterns("*.ipynb_checkpoints"))
    notebook = nbformat.read(scratch / path.name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_PROBE))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(scratch)}})
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as failure:
        error = str(failure).strip().splitlines()[-1][:200]
    seconds = time.perf_counter() - start
    if executed is not None:
        executed.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, executed / path.name)
    peak_mb, child_mb, stderr_cells, claims = None, None, 0, {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if MIME_TYPE in output.get("data", {}):
                record = output["data"][MIME_TYPE]
                claims[record["id"]] = record
            if output.get("name") == "stderr":
                stderr_cells += 1
            text = output.get("text", "")
            if output.get("name") == "stdout" and "__bench__" in text:
                probe = json.loads(text.split("__bench__", 1)[1])
                child_mb = round(probe["child_mb"])
                peak_mb = probe["peak_mb"]  # the kernel; notebook 11's search workers report their own peak
    shutil.rmtree(scratch, ignore_errors=True)
    return {"seconds": round(seconds, 1), "peak_mb": None if peak_mb is None else round(peak_mb),
            "largest_child_mb": child_mb, "stderr_outputs": stderr_cells, "error": error, "claims": claims}


def machine() -> str:
    return f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}, {platform.system()}"


def table(results: dict) -> str:
    titles = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
        titles[path.name] = next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")),
                                 path.stem)
    rows = ["| notebook | seconds (cold) | peak memory (MB) | within budget |", "|---|---:|---:|---|"]
    for name, title in titles.items():
        entry = results["notebooks"].get(name)
        if entry is None:
            rows.append(f"| [{title}](notebooks/{name}) | not measured | | |")
            continue
        ok = entry["error"] is None and entry["seconds"] <= BUDGET_SECONDS and (entry["peak_mb"] or 0) <= BUDGET_MB
        note = "yes" if ok else "**no**"
        if entry["error"]:
            note += f" (failed: {entry['error']})"
        rows.append(f"| [{title}](notebooks/{name}) | {entry['seconds']:.0f} | {entry['peak_mb']} | {note} |")
    measured = [entry["seconds"] for name, entry in results["notebooks"].items() if name in titles]
    if len(measured) == len(titles):
        rows.append(f"| all {len(titles)}, one after another | {sum(measured):.0f} | | "
                    f"{'yes' if sum(measured) <= BUDGET_TOTAL_SECONDS else '**no**'} "
                    f"(budget {BUDGET_TOTAL_SECONDS} s) |")
    rows.append("")
    rows.append(f"Measured by `python tasks.py bench` on {results['machine']}, {results['date']}: "
                "each notebook in a fresh kernel, one at a time.")
    return "\n".join(rows)


def claims_block(claim_results: dict) -> str:
    """The README's verdict table and the line that says where its figures come from."""
    seeds = sorted({tuple(record["seeds"]) for record in claim_results["claims"].values()})
    seed_text = "; ".join(", ".join(map(str, s)) for s in seeds) or "none yet"
    return (verdict_table(claim_results["claims"]) + "\n\n"
            f"Measured by `python tasks.py bench` on {claim_results.get('machine', '?')}, "
            f"{claim_results.get('date', '?')}, seeds {seed_text}: the mean effect over the seeds and its 95 % "
            "interval; each claim's comparison, metric and scope are in [`labkit/claims.toml`](labkit/claims.toml).")


def _replace_block(text: str, start: str, end: str, block: str, name: str) -> str:
    if start not in text or end not in text:
        print(f"README.md has no {name} markers; table not written")
        return text
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return head + start + "\n" + block + "\n" + end + tail


def update_readme(results: dict, claim_results: dict) -> None:
    text = README.read_text(encoding="utf-8")
    text = _replace_block(text, START, END, table(results), "bench")
    text = _replace_block(text, CLAIMS_START, CLAIMS_END, claims_block(claim_results), "claims")
    README.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    executed = None
    if "--executed" in argv:
        at = argv.index("--executed")
        if at + 1 >= len(argv):
            print("--executed needs a directory: python tasks.py bench --executed DIR")
            return 2
        executed = Path(argv[at + 1]).resolve()
        argv = argv[:at] + argv[at + 2:]
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"notebooks": {}}
    claim_results = json.loads(CLAIM_RESULTS.read_text()) if CLAIM_RESULTS.exists() else {"claims": {}}
    failed = False
    for path in paths:
        print(f"{path.name:<40}", end="", flush=True)
        entry = run_notebook(path, executed)
        claims = entry.pop("claims")
        claim_results["claims"] = {k: v for k, v in claim_results["claims"].items() if v.get("notebook") != path.name}
        claim_results["claims"].update({k: {**v, "notebook": path.name} for k, v in claims.items()})
        results["notebooks"][path.name] = entry
        failed |= entry["error"] is not None
        flag = "" if entry["seconds"] <= AIM_SECONDS else (
            "  (over the 30 s aim)" if entry["seconds"] <= BUDGET_SECONDS else "  (OVER the 60 s budget)"
        )
        print(f"{entry['seconds']:>6.1f} s {entry['peak_mb']!s:>6} MB  stderr outputs: {entry['stderr_outputs']}{flag}"
              + (f"  FAILED: {entry['error']}" if entry["error"] else ""))
    results["machine"] = claim_results["machine"] = machine()
    results["date"] = claim_results["date"] = date.today().isoformat()
    results["notebooks"] = dict(sorted(results["notebooks"].items()))
    order = list(registry())
    claim_results["claims"] = dict(sorted(claim_results["claims"].items(),
                                          key=lambda item: order.index(item[0]) if item[0] in order else 999))
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    CLAIM_RESULTS.write_text(json.dumps(claim_results, indent=1, ensure_ascii=False) + "\n")
    update_readme(results, claim_results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
