#!/usr/bin/env python3
"""Benchmark: run every notebook cold (a fresh kernel each, one at a time) and record time and memory.

    python tasks.py bench                      # all notebooks; updates README.md and the results file
    python tasks.py bench notebooks/01_*.ipynb # some notebooks; updates only their rows

For each notebook it records the wall seconds from kernel start to the last cell, the kernel's peak
resident memory (MB, read by the kernel itself at the end: ``ru_maxrss``; also the largest child
process's, for the record — notebook 11 prints its search workers' own peaks), and how many cells wrote
to stderr (a learner should see none). Results go to ``tools/benchmark-results.json`` and into the
README's curriculum table between the ``bench`` markers. It reports; it never fails the build
(exit 0 unless a notebook raised). Budgets: 60 s (aim 30 s) and 1.5 GB per notebook, 2 CPU cores.

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
RESULTS = ROOT / "tools" / "benchmark-results.json"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BUDGET_SECONDS, AIM_SECONDS, BUDGET_MB = 60, 30, 1536

PEAK_PROBE = (
    "import json as _j, resource as _r, sys as _s\n"
    "print('__bench__' + _j.dumps({'peak_mb': _r.getrusage(_r.RUSAGE_SELF).ru_maxrss / 1024,\n"
    "                              'child_mb': _r.getrusage(_r.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
)


def run_notebook(path: Path) -> dict:
    scratch = ROOT / ".bench"
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(ROOT / "notebooks", scratch, ignore=shutil.ignore_patterns("*.ipynb_checkpoints"))
    notebook = nbformat.read(scratch / path.name, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_PROBE))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(scratch)}})
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as failure:
        error = str(failure).strip().splitlines()[-1][:200]
    seconds = time.perf_counter() - start
    peak_mb, child_mb, stderr_cells = None, None, 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                stderr_cells += 1
            text = output.get("text", "")
            if output.get("name") == "stdout" and "__bench__" in text:
                probe = json.loads(text.split("__bench__", 1)[1])
                child_mb = round(probe["child_mb"])
                peak_mb = probe["peak_mb"]  # the kernel; notebook 11's search workers report their own peak
    shutil.rmtree(scratch, ignore_errors=True)
    return {"seconds": round(seconds, 1), "peak_mb": None if peak_mb is None else round(peak_mb), "largest_child_mb": child_mb,
            "stderr_outputs": stderr_cells, "error": error}


def machine() -> str:
    return f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}, {platform.system()}"


def table(results: dict) -> str:
    titles = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        markdown = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
        titles[path.name] = next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), path.stem)
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
    rows.append("")
    rows.append(f"Measured by `python tasks.py bench` on {results['machine']}, {results['date']}: each notebook in a fresh kernel, one at a time.")
    return "\n".join(rows)


def update_readme(results: dict) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print("README.md has no bench markers; table not written")
        return
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + START + "\n" + table(results) + "\n" + END + tail, encoding="utf-8")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"notebooks": {}}
    failed = False
    for path in paths:
        print(f"{path.name:<40}", end="", flush=True)
        entry = run_notebook(path)
        results["notebooks"][path.name] = entry
        failed |= entry["error"] is not None
        flag = "" if entry["seconds"] <= AIM_SECONDS else ("  (over the 30 s aim)" if entry["seconds"] <= BUDGET_SECONDS else "  (OVER the 60 s budget)")
        print(f"{entry['seconds']:>6.1f} s {entry['peak_mb']!s:>6} MB  stderr outputs: {entry['stderr_outputs']}{flag}"
              + (f"  FAILED: {entry['error']}" if entry["error"] else ""))
    results["machine"] = machine()
    results["date"] = date.today().isoformat()
    results["notebooks"] = dict(sorted(results["notebooks"].items()))
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    update_readme(results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
