"""Checks for notebook 05 (early stopping): a patience rule compared with Keras's EarlyStopping semantics
(``labkit.callbacks.patience_rule``, itself tested against the Keras callback) on fixed and random curves."""
from __future__ import annotations

import numpy as np

from labkit import callbacks
from labkit.callbacks import patience_rule
from labkit.checks import CheckResult, Wrong, expect, forbid, run_check

__all__ = ["check_patience_rule", "check_patience_rule_min_delta"]

_FIXED = (
    ([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64, 0.66, 0.7], 3),
    ([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64, 0.66, 0.7], 0),
    ([1.0, 0.9, 0.8, 0.7], 2),  # always improving: train all epochs
    ([0.5, 0.5, 0.5, 0.5, 0.5], 2),  # equal is not better
    ([0.8, 0.9, 0.7, 0.95, 0.96, 0.97], 2),
    ([0.4], 3),
    ([1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.7, 0.75, 0.76, 0.77], 2),  # the counter restarts at every improvement
    ([0.5, 0.8, 0.7, 0.6, 0.55, 0.52, 0.51], 3),  # lower than the epoch before is not lower than the best
    ([1.0, 0.9, 0.8, 0.85], 3),  # ends before patience runs out: best is not stop − patience
    ([0.6, 0.7, 0.8], 5),  # patience longer than the curve
    ([0.6, 0.7, 0.5, 0.9, 0.4, 0.45], 1),
    ([0.3, 0.3], 0),
)

# For min_delta > 0: (losses, patience, min_delta); each has at most one epoch whose improvement is exactly
# min_delta in decimal, which may count either way (see _BOUNDARY)
_FIXED_DELTA = (
    ([1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7], 2, 0.07),  # steps smaller than min_delta: best stays at 1.0 until 0.9
    ([1.0, 0.97, 0.94, 0.91, 0.88, 0.85], 2, 0.05),
    ([0.5, 0.9, 0.45, 0.3, 0.31], 2, 0.1),  # a rise by more than min_delta is not an improvement
    ([0.4, 0.3, 0.35, 0.36], 2, 0.1),  # 0.4 → 0.3 is exactly min_delta: 0.3 < 0.4 − 0.1, not 0.3 + 0.1 < 0.4
    ([0.45, 0.35, 0.4, 0.41], 2, 0.1),  # and the other way round
    ([0.28, 0.23, 0.25, 0.3], 1, 0.05),
    ([0.5, 0.4, 0.35, 0.3, 0.2], 1, 0.1),
    ([0.9, 0.8, 0.7, 0.6, 0.5, 0.5], 2, 0.05),
)
_BOUNDARY = 1e-9  # with min_delta > 0, an improvement within 1e-9 of min_delta may count either way (lesson text)


def _random_curves(count: int):
    rng = np.random.default_rng(5)
    for _ in range(count):
        n = int(rng.integers(5, 40))
        trend = np.linspace(1.0, 0.3, n) + np.linspace(0, 0.6, n) ** 3  # a U with noise
        yield list(np.round(trend + rng.normal(0, 0.05, n), 3)), int(rng.integers(0, 8))


def _refers_to(function, name: str) -> bool:
    """True if ``function``'s code names ``name`` (e.g. a function imported into the notebook by name)."""
    return name in getattr(getattr(function, "__code__", None), "co_names", ())


def _compare(answer, losses, patience, *extra, min_delta=0.0):
    wants = {patience_rule(losses, patience, min_delta=min_delta)}
    if min_delta > 0:
        wants |= {patience_rule(losses, patience, min_delta=min_delta + sign * _BOUNDARY) for sign in (-1, 1)}
    got = answer(list(losses), patience, *extra)  # the guard says so if the answer changes the list
    expect(isinstance(got, tuple) and len(got) == 2, f"return a pair (stop_epoch, best_epoch); got {got!r}")
    expect(all(isinstance(v, (int, np.integer)) for v in got),
           f"both epochs must be whole numbers (1-based); got {got!r}")
    shown = (f"val_losses={[float(v) for v in losses]}, patience={patience}"
             + (f", min_delta={min_delta}" if extra else ""))
    expect(
        (int(got[0]), int(got[1])) in wants,
        f"for {shown} you returned (stop, best) = {tuple(int(v) for v in got)}; "
        f"Keras gives {patience_rule(losses, patience, min_delta=min_delta)} (epochs count from 1)",
    )


def _by_hand(function) -> None:
    if _refers_to(function, "patience_rule"):
        raise Wrong("this exercise asks you to write the rule yourself, without calling labkit's patience_rule")


def check_patience_rule(patience_stop) -> CheckResult:
    """``patience_stop(val_losses, patience)`` → ``(stop_epoch, best_epoch)`` as Keras's EarlyStopping."""

    def test(answer):
        with forbid(callbacks, "patience_rule", "labkit's patience_rule"):
            _compare(answer, *_FIXED[0])
            _by_hand(patience_stop)
            for losses, patience in _FIXED:
                _compare(answer, losses, patience)
            for losses, patience in _random_curves(40):
                _compare(answer, losses, patience)

    return run_check(
        "05.1 the patience rule",
        patience_stop,
        test,
        hint=("walk through the epochs keeping the lowest loss so far, the epoch it came from, and how many epochs "
              "have passed since; an epoch improves only if strictly below that lowest loss (not below the previous "
              "epoch); training stops at the first epoch where the count reaches patience",
              "epoch 1 improves; for e = 2, 3, …: w ← w + 1; if L_e < L*: L* ← L_e, e* ← e, w ← 0; otherwise if "
              "w ≥ p: stop at e. Never stopped: stop = the number of epochs"),
    )


def check_patience_rule_min_delta(patience_stop_min_delta) -> CheckResult:
    """``patience_stop_min_delta(val_losses, patience, min_delta)`` → as EarlyStopping with ``min_delta``."""

    def test(answer):
        with forbid(callbacks, "patience_rule", "labkit's patience_rule"):
            _compare(answer, *_FIXED[0], 0.0, min_delta=0.0)
            _by_hand(patience_stop_min_delta)
            for losses, patience, min_delta in _FIXED_DELTA:
                _compare(answer, losses, patience, min_delta, min_delta=min_delta)
            for min_delta in (0.0, 0.0125, 0.1005):  # not multiples of 0.001, so no random loss sits on a boundary
                for losses, patience in _FIXED:
                    _compare(answer, losses, patience, min_delta, min_delta=min_delta)
                for losses, patience in _random_curves(25):
                    _compare(answer, losses, patience, min_delta, min_delta=min_delta)

    return run_check(
        "05.2 patience with min_delta",
        patience_stop_min_delta,
        test,
        hint=("as in 05.1, but an epoch improves only if it is below the lowest loss so far by more than "
              "min_delta; a smaller decrease changes nothing — neither the lowest loss nor the count",
              "improves ⇔ L_e < L* − δ with δ = min_delta and L* the loss of the last improving epoch"),
    )
