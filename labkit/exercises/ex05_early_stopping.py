"""Checks for notebook 05 (early stopping): a patience rule compared with Keras's EarlyStopping semantics
(``labkit.callbacks.patience_rule``, itself tested against the Keras callback) on fixed and random curves."""
from __future__ import annotations

import numpy as np

from labkit.callbacks import patience_rule
from labkit.checks import CheckResult, expect, run_check

__all__ = ["check_patience_rule", "check_patience_rule_min_delta"]

_FIXED = (
    ([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64, 0.66, 0.7], 3),
    ([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64, 0.66, 0.7], 0),
    ([1.0, 0.9, 0.8, 0.7], 2),  # always improving: train all epochs
    ([0.5, 0.5, 0.5, 0.5, 0.5], 2),  # equal is not better
    ([0.8, 0.9, 0.7, 0.95, 0.96, 0.97], 2),
    ([0.4], 3),
)


def _random_curves(count: int):
    rng = np.random.default_rng(5)
    for _ in range(count):
        n = int(rng.integers(5, 40))
        trend = np.linspace(1.0, 0.3, n) + np.linspace(0, 0.6, n) ** 3  # a U with noise
        yield list(np.round(trend + rng.normal(0, 0.05, n), 3)), int(rng.integers(0, 8))


def _compare(answer, losses, patience, *extra, min_delta=0.0):
    got = answer(list(losses), patience, *extra)
    expect(isinstance(got, tuple) and len(got) == 2, f"return a pair (stop_epoch, best_epoch); got {got!r}")
    want = patience_rule(losses, patience, min_delta=min_delta)
    shown = (f"val_losses={[float(v) for v in losses]}, patience={patience}"
             + (f", min_delta={min_delta}" if extra else ""))
    expect(
        (int(got[0]), int(got[1])) == want,
        f"for {shown} you returned (stop, best) = {tuple(int(v) for v in got)}; "
        f"Keras gives {want} (epochs count from 1)",
    )


def check_patience_rule(patience_stop) -> CheckResult:
    """``patience_stop(val_losses, patience)`` → ``(stop_epoch, best_epoch)`` as Keras's EarlyStopping."""

    def test(answer):
        for losses, patience in _FIXED:
            _compare(answer, losses, patience)
        for losses, patience in _random_curves(40):
            _compare(answer, losses, patience)

    return run_check(
        "05.1 the patience rule",
        patience_stop,
        test,
        hint="keep best, best_epoch and a counter of epochs since the best; from epoch 2 on, add 1 to the counter, "
        "reset it on a strictly lower loss, and stop when it reaches patience",
    )


def check_patience_rule_min_delta(patience_stop_min_delta) -> CheckResult:
    """``patience_stop_min_delta(val_losses, patience, min_delta)`` → as EarlyStopping with ``min_delta``."""

    def test(answer):
        for min_delta in (0.0, 0.0125, 0.1005):  # not multiples of 0.001, so no loss sits exactly on a boundary
            for losses, patience in _FIXED:
                _compare(answer, losses, patience, min_delta, min_delta=min_delta)
            for losses, patience in _random_curves(25):
                _compare(answer, losses, patience, min_delta, min_delta=min_delta)

    return run_check(
        "05.2 patience with min_delta",
        patience_stop_min_delta,
        test,
        hint="an epoch improves only if loss < best - min_delta; everything else is as in 05.1",
    )
