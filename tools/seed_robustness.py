#!/usr/bin/env python3
"""Would a claim's verdict survive seeds nobody here picked? Measure it before trusting it.

    python tools/seed_robustness.py notebooks/04_dropout.ipynb            # 20 seeds, 5 per draw
    python tools/seed_robustness.py notebooks/04_*.ipynb --seeds 30 --draw 5

Runs a notebook once with many seeds (``LABKIT_SEEDS=0,...,N-1``; a seed decides everything random,
so each seed is an independent replicate of every experiment), collects every claim's per-seed
effects from the cells' outputs, then draws many random sets of ``--draw`` seeds from them (as
anyone choosing their own ``LABKIT_SEEDS`` would) and judges each set exactly as
``labkit.claims.check_claim`` does. It prints, per claim, the share of draws whose verdict is not the
registry's. A claim whose share is not near zero sits near a boundary: make its experiment bigger
or more repeated (never move its threshold), and run this again.

It executes the notebook from a scratch copy (nothing in ``notebooks/`` is written) and lets cells
fail (a claim whose verdict differs with all N seeds still records its measurements). A maintainer's
tool: it takes a few minutes per notebook and is not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from labkit.claims import MIME_TYPE, decide, interval, registry  # noqa: E402


def claim_records(path: Path, seeds: list[int]) -> list[dict]:
    """Execute the notebook with these seeds; return the claim records its outputs carry."""
    with tempfile.TemporaryDirectory(prefix="labkit-robustness-") as scratch:
        shutil.copytree(ROOT / "notebooks", scratch, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.ipynb_checkpoints"))
        notebook = nbformat.read(Path(scratch) / path.name, as_version=4)
        os.environ["LABKIT_SEEDS"] = ",".join(map(str, seeds))
        client = NotebookClient(notebook, timeout=1800, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": scratch}})
        client.execute()
    records = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if MIME_TYPE in output.get("data", {}):
                records.append(output["data"][MIME_TYPE])
    return records


def judged(values: np.ndarray, kind: str, smallest: float) -> str:
    return decide(kind, *interval(values), smallest)


def robustness(record: dict, draw: int, draws: int, rng: np.random.Generator) -> dict:
    claim = registry()[record["id"]]
    primary = np.array(record["primary"]["values"])
    caveat = None if record.get("caveat") is None else np.array(record["caveat"]["values"])
    verdicts = {}
    for _ in range(draws):
        pick = rng.choice(len(primary), size=draw, replace=False)
        verdict = judged(primary[pick], claim.test.kind, claim.test.smallest_effect)
        if (verdict == "holds" and caveat is not None
                and judged(caveat[pick], claim.caveat.kind, claim.caveat.smallest_effect) == "holds"):
            verdict = "holds with a caveat"
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    mean, low, high = interval(primary)
    return {"id": claim.id, "expected": claim.expected, "all seeds": record["verdict"], "n": len(primary),
            "mean": mean, "sd": float(primary.std(ddof=1)), "low": low, "high": high, "unit": claim.test.unit,
            "smallest": claim.test.smallest_effect, "kind": claim.test.kind,
            "flips": 1 - verdicts.get(claim.expected, 0) / draws, "verdicts": verdicts}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--seeds", type=int, default=20, help="how many seeds to run (0 .. N-1); default 20")
    parser.add_argument("--first", type=int, default=1000, help="the first seed (default 1000: seeds nobody tuned on)")
    parser.add_argument("--draw", type=int, default=5,
                        help="seeds per random draw, as LABKIT_SEEDS would have; default 5")
    parser.add_argument("--draws", type=int, default=4000, help="random draws per claim; default 4000")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    seeds = list(range(args.first, args.first + args.seeds))
    results, raw = [], []
    for path in args.notebooks:
        records = claim_records(path.resolve(), seeds)
        raw.extend(records)
        print(f"{path.name}: {len(records)} claims, seeds {seeds[0]}..{seeds[-1]}")
        for record in records:
            r = robustness(record, args.draw, args.draws, rng)
            results.append(r)
            print(f"  {r['id']:<28} {r['kind']:<10} mean {r['mean']:+8.3g} sd {r['sd']:7.3g} {r['unit']:<7} "
                  f"(δ {r['smallest']:g}); {r['n']} seeds: {r['all seeds']:<20} expected {r['expected']:<20} "
                  f"draws of {args.draw} that differ: {r['flips']:6.1%}  {r['verdicts']}")
    if args.json:
        args.json.write_text(json.dumps({"seeds": seeds, "summary": results, "records": raw}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
