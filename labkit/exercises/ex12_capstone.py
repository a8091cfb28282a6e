"""Checks for notebook 12 (capstone): the diagnosis rule, compared with ``labkit.diagnostics.diagnose`` (also on
its boundaries), and epochs-to-a-level, compared with ``labkit.diagnostics.epochs_to_reach``."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, run_check
from labkit.diagnostics import diagnose, epochs_to_reach

__all__ = ["check_diagnose", "check_epochs_to_reach"]

_CASES = (
    (0.40, 0.39, 0.40),  # no better than the majority class
    (0.49, 0.30, 0.40),  # just under the margin: still learning, even with a gap
    (0.50, 0.50, 0.40),  # exactly at the margin: learned
    (0.99, 0.90, 0.40),  # a gap of 9 points
    (0.95, 0.90, 0.40),  # a gap of exactly 5 points: not more than 5
    (0.96, 0.90, 0.40),
    (0.97, 0.96, 0.40),
    (1.00, 1.00, 0.95),  # an easy set: barely above a strong baseline
    (0.70, 0.80, 0.33),  # validation above training
)


def check_diagnose(my_diagnose) -> CheckResult:
    """``my_diagnose(train_accuracy, val_accuracy, baseline_accuracy)`` → "learning" | "generalization" | "ok"."""

    def test(answer):
        for train, val, base in _CASES:
            got = answer(train, val, base)
            want = diagnose(train, val, base)
            expect(got == want,
                   f"train {train}, validation {val}, baseline {base}: you said {got!r}, the rule says {want!r}")

    return run_check(
        "12.1 name the problem",
        my_diagnose,
        test,
        hint="first: if train_accuracy < baseline_accuracy + 0.10 → 'learning'; "
        "then: if train_accuracy - val_accuracy > 0.05 → 'generalization'; else 'ok' (the order matters)",
    )


def check_epochs_to_reach(my_epochs_to_reach) -> CheckResult:
    """``my_epochs_to_reach(curve, target)`` → first 1-based epoch with curve ≥ target, or None."""

    def test(answer):
        rng = np.random.default_rng(12)
        cases = [([0.2, 0.5, 0.9, 0.95], 0.9), ([0.2, 0.5, 0.89, 0.95], 0.9), ([0.95, 0.5], 0.9), ([0.1, 0.2], 0.9),
                 ([0.5, 0.91, 0.85, 0.93], 0.9)]
        cases += [(list(np.round(np.cumsum(rng.random(20)) / 12, 3)), 0.8) for _ in range(5)]
        # reachable levels first: a None there means "not attempted yet"; where no epoch reaches the level, None is
        # the right answer, so those cases call the function directly
        cases.sort(key=lambda case: epochs_to_reach(case[0], case[1]) is None)
        for curve, target in cases:
            want = epochs_to_reach(curve, target)
            got = (answer if want is not None else my_epochs_to_reach)(list(curve), target)
            expect(got == want,
                   f"curve {curve}, target {target}: you returned {got!r}, expected {want!r} (epochs count from 1; "
                   "None when no epoch reaches it)")

    return run_check(
        "12.2 epochs to a level",
        my_epochs_to_reach,
        test,
        hint="loop with enumerate(curve, start=1) and return the first epoch whose value >= target; "
             "after the loop return None",
    )
