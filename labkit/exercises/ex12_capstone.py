"""Checks for notebook 12 (capstone): the diagnosis rule, compared with ``labkit.diagnostics.diagnose`` (which
reads the boundaries as the lesson states: a difference within 1e-9 of 0.10 or 0.05 is on the boundary, since in
floating point 0.5 − 0.4 < 0.1), and epochs-to-a-level, compared with ``labkit.diagnostics.epochs_to_reach``."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, run_check
from labkit.diagnostics import PROBLEMS, diagnose, epochs_to_reach

__all__ = ["check_diagnose", "check_epochs_to_reach"]


HINT_DIAGNOSE = (
    "two questions, in this order: has the network fitted its training data at all (compare *training* accuracy "
    "with the baseline)? Only if it has: does that carry over (compare training with *validation*)? Exactly on a "
    "boundary, within 1e-9, counts as learned and as ok",
    "'learning' if train − baseline < 0.10; else 'generalization' if train − val > 0.05; else 'ok' "
    "(a difference within 10⁻⁹ of 0.10 or 0.05 counts as equal to it)",
)

HINT_REACH = (
    "go through the epochs in order, numbering them from 1, and stop at the first one whose value is at least the "
    "target; only once every epoch has been looked at is the answer None",
    "the smallest e ≥ 1 with curve[e] ≥ target (curve[1] the first epoch), or None if there is none",
)

_CASES = (
    (0.40, 0.39, 0.40),  # no better than the majority class
    (0.49, 0.30, 0.40),  # just under the margin: still learning, even with a gap
    (0.50, 0.50, 0.40),  # exactly at the margin: learned (in floating point 0.5 - 0.4 < 0.1)
    (0.30, 0.30, 0.20),  # exactly at the margin: learned (in floating point 0.2 + 0.1 > 0.3)
    (0.99, 0.90, 0.40),  # a gap of 9 points
    (0.95, 0.90, 0.40),  # a gap of exactly 5 points: not more than 5
    (0.26, 0.21, 0.05),  # a gap of exactly 5 points (in floating point 0.26 - 0.21 > 0.05)
    (0.46, 0.41, 0.10),  # a gap of exactly 5 points (in floating point 0.46 - 0.41 > 0.05 and 0.41 + 0.05 < 0.46)
    (0.96, 0.90, 0.40),
    (0.97, 0.96, 0.40),
    (1.00, 1.00, 0.95),  # an easy set: barely above a strong baseline
    (0.70, 0.80, 0.33),  # validation above training
    (0.90, 0.45, 0.40),  # trained well, validation near the baseline: generalization, not learning
    (0.55, 0.62, 0.50),  # validation is above the margin, training is not: learning
    (0.47, 0.47, 0.40),  # 7 points above the baseline: 10 % of it is not the margin, 0.10 is
    (0.60, 0.56, 0.20),  # a gap of 4 points, 7 % of the validation accuracy
    (0.80, 0.74, 0.50),  # a gap of 6 points
)


def check_diagnose(my_diagnose) -> CheckResult:
    """``my_diagnose(train_accuracy, val_accuracy, baseline_accuracy)`` → "learning" | "generalization" | "ok"."""

    def test(answer):
        for train, val, base in _CASES:
            want = diagnose(train, val, base)
            near = abs((train - base) - 0.10) < 1e-6 or abs((train - val) - 0.05) < 1e-6
            got = answer(train, val, base)
            expect(got in PROBLEMS, f"return one of {', '.join(map(repr, PROBLEMS))}; you returned {got!r}")
            expect(got == want,
                   f"train {train}, validation {val}, baseline {base}: you said {got!r}, the rule says {want!r}"
                   + (" (this case is exactly on a boundary: within 1e-9 counts as on it)" if near else ""))

    return run_check("12.1 name the problem", my_diagnose, test, hint=HINT_DIAGNOSE)


def check_epochs_to_reach(my_epochs_to_reach) -> CheckResult:
    """``my_epochs_to_reach(curve, target)`` → first 1-based epoch with curve ≥ target, or None."""

    def test(answer):
        rng = np.random.default_rng(12)
        cases = [([0.95, 0.5], 0.9), ([0.2, 0.5, 0.9, 0.95], 0.9), ([0.2, 0.5, 0.89, 0.95], 0.9), ([0.1, 0.2], 0.9),
                 ([0.5, 0.91, 0.85, 0.93], 0.9), ([0.3, 0.6, 0.6, 0.2], 0.6), ([0.7], 0.7), ([0.69], 0.7), ([], 0.5),
                 ([2.0, 5.0, 9.0, 12.0, 3.0], 9), ([0.9, 0.8, 0.95, 0.99], 0.97)]
        cases += [(list(np.round(np.cumsum(rng.random(20)) / 12, 3)), 0.8) for _ in range(5)]
        for curve, target in cases:  # None is a valid answer here (none_ok): no epoch reaches the level
            want = epochs_to_reach(curve, target) if curve else None
            got = answer(list(curve), target)
            expect(got is not None or want is None,
                   f"curve {curve}, target {target}: you returned None, but epoch {want} reaches it — "
                   "return None only after the loop has looked at every epoch")
            expect(got == want and type(got) is not bool,
                   f"curve {curve}, target {target}: you returned {got!r}, expected {want!r} (epochs count from 1; "
                   "None when no epoch reaches it)")

    return run_check("12.2 epochs to a level", my_epochs_to_reach, test, hint=HINT_REACH, none_ok=True)
