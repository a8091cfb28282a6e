"""Claim checks: a popular claim, measured over several seeds, with a verdict that is asserted.

A claim check has three parts:

- ``measure(seed) -> {"name": number, ...}``: one experiment for one seed;
- ``rule(m) -> (verdict, reason)``: reads the measurements (``m["name"]`` is an array over seeds)
  and returns one of :data:`VERDICTS` with a one-sentence reason;
- ``expected``: the verdict the notebook's text defends.

:func:`check_claim` runs ``measure`` for every seed of ``LABKIT_SEEDS`` (see
:func:`labkit.runtime.seeds`), prints one row per seed, the mean and spread, and the verdict, and
raises :class:`ClaimMismatch` when the verdict is not the expected one — so CI fails the day a
lesson stops being true.

Used by: every notebook.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from labkit._validate import check_choice, check_seeds, fail
from labkit.runtime import seeds as default_seeds

__all__ = ["VERDICTS", "ClaimMismatch", "ClaimResult", "Measurements", "check_claim"]

VERDICTS = ("holds", "holds with a caveat", "wrong")


class ClaimMismatch(AssertionError):
    """The measured verdict is not the one the notebook expects."""


class Measurements:
    """The measurements of all seeds: ``m["gap"]`` is an array with one value per seed."""

    def __init__(self, rows: Mapping[int, Mapping[str, float]]) -> None:
        self.rows = {seed: dict(row) for seed, row in rows.items()}
        self.seeds = tuple(self.rows)
        self.names = tuple(next(iter(self.rows.values())))

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.names:
            fail("name", "Measurements", f"one of {', '.join(map(repr, self.names))}", name)
        return np.array([self.rows[seed][name] for seed in self.seeds], dtype=float)

    def __len__(self) -> int:
        return len(self.seeds)


@dataclass(frozen=True)
class ClaimResult:
    """What :func:`check_claim` measured and decided."""

    claim: str
    measurements: Measurements
    verdict: str
    reason: str
    expected: str
    seconds: float

    @property
    def passed(self) -> bool:
        return self.verdict == self.expected

    def table(self) -> str:
        """The printed table: one row per seed, then mean and standard deviation."""
        names = self.measurements.names
        width = max(10, *(len(name) for name in names))
        header = "seed".rjust(6) + "".join(name.rjust(width + 2) for name in names)
        lines = [header]
        for seed in self.measurements.seeds:
            row = self.measurements.rows[seed]
            lines.append(str(seed).rjust(6) + "".join(_fmt(row[name]).rjust(width + 2) for name in names))
        with np.errstate(invalid="ignore"):  # a measurement may be inf (a run that blew up): its mean is inf, its sd nan
            means = [np.mean(self.measurements[name]) for name in names]
            stds = [np.std(self.measurements[name], ddof=1) if len(self.measurements) > 1 else 0.0 for name in names]
        lines.append("mean".rjust(6) + "".join(_fmt(m).rjust(width + 2) for m in means))
        lines.append("sd".rjust(6) + "".join(_fmt(s).rjust(width + 2) for s in stds))
        return "\n".join(lines)

    def report(self) -> str:
        mark = "✓" if self.passed else "✗"
        lines = [f"Claim: {self.claim}", self.table(), f"Verdict: {self.verdict} — {self.reason}"]
        if self.passed:
            lines.append(f"{mark} as the notebook says ({len(self.measurements)} seeds, {self.seconds:.1f} s)")
        else:
            lines.append(f"{mark} the notebook expected '{self.expected}'")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ClaimResult({self.claim!r}: {self.verdict})"


def _fmt(value: float) -> str:
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4g}"
    return f"{value:.2e}"


def check_claim(
    claim: str,
    measure: Callable[[int], Mapping[str, float]],
    rule: Callable[[Measurements], tuple[str, str]],
    *,
    expected: str,
    seeds: Sequence[int] | None = None,
) -> ClaimResult:
    """Measure a claim for every seed, print the table and the verdict, and assert the verdict.

    Parameters
    ----------
    claim : str
        The claim in the workbook's own words.
    measure : callable
        ``measure(seed)`` returns a mapping of measurement names to numbers; the same names for
        every seed. (For experiments that train all seeds at once, compute a dict first and pass
        ``results.__getitem__``.)
    rule : callable
        ``rule(m)`` returns ``(verdict, reason)``; ``m[name]`` is an array over seeds.
    expected : {"holds", "holds with a caveat", "wrong"}
    seeds : sequence of int, optional
        Default: :func:`labkit.runtime.seeds` (the ``LABKIT_SEEDS`` setting).

    Returns
    -------
    ClaimResult

    Raises
    ------
    ClaimMismatch
        If the verdict is not ``expected``.
    TypeError, ValueError
        On a bad argument, or when ``measure``/``rule`` return something malformed.
    """
    func = "check_claim"
    if not isinstance(claim, str) or not claim.strip():
        fail("claim", func, "a non-empty string", claim, kind=TypeError)
    if not callable(measure):
        fail("measure", func, "a function of a seed", measure, kind=TypeError)
    if not callable(rule):
        fail("rule", func, "a function of the measurements returning (verdict, reason)", rule, kind=TypeError)
    check_choice(expected, "expected", func, VERDICTS)
    chosen = default_seeds() if seeds is None else check_seeds(seeds, "seeds", func)
    start = time.perf_counter()
    rows: dict[int, dict[str, float]] = {}
    names = None
    for seed in chosen:
        row = measure(seed)
        if not isinstance(row, Mapping) or not row:
            fail("measure", func, "a function returning a non-empty mapping of names to numbers", row, kind=TypeError)
        try:
            row = {str(k): float(v) for k, v in row.items()}
        except (TypeError, ValueError):
            fail("measure", func, "a function returning numbers", row, kind=TypeError)
        if names is None:
            names = tuple(row)
        elif tuple(row) != names:
            fail("measure", func, f"a function returning the same names for every seed {names}", tuple(row))
        rows[seed] = row
    measurements = Measurements(rows)
    outcome = rule(measurements)
    if not (isinstance(outcome, tuple) and len(outcome) == 2 and outcome[0] in VERDICTS):
        fail("rule", func, f"a function returning (verdict, reason) with verdict in {VERDICTS}", outcome)
    verdict, reason = outcome
    result = ClaimResult(
        claim=claim,
        measurements=measurements,
        verdict=verdict,
        reason=str(reason),
        expected=expected,
        seconds=time.perf_counter() - start,
    )
    print(result.report())
    if not result.passed:
        raise ClaimMismatch(
            f"Claim check failed: expected '{expected}', measured '{verdict}' ({reason}). Seeds: {', '.join(map(str, chosen))}."
        )
    return result
