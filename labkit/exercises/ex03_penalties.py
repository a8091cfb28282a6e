"""Checks for notebook 03 (weight penalties): one gradient-descent step with weight decay (L2) and with L1."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_decay_step", "check_l1_step"]


def _cases():
    rng = np.random.default_rng(3)
    w = rng.normal(size=(6, 4))
    w[0, 0] = 0.0  # a weight at exactly zero: sign(0) = 0 for L1
    grad = rng.normal(size=(6, 4))
    return w, grad


def _no_side_effects(answer, *args) -> np.ndarray:
    w = args[0]
    before = w.copy()
    result = np.asarray(answer(*args), dtype=float)
    expect(np.array_equal(w, before),
           "your function changed w in place; return a new array instead (w - ..., not w -= ...)")
    return result


def check_decay_step(decay_step) -> CheckResult:
    """``decay_step(w, grad, learning_rate, decay)`` → ``w·(1 − learning_rate·decay) − learning_rate·grad``."""

    def test(answer):
        w, grad = _cases()
        for learning_rate, decay in ((0.1, 0.01), (0.5, 0.2), (1.0, 0.0)):
            got = _no_side_effects(answer, w, grad, learning_rate, decay)
            expect_close(got, w * (1 - learning_rate * decay) - learning_rate * grad,
                         f"the step for learning_rate={learning_rate}, decay={decay}")
        shrunk = np.asarray(answer(w, np.zeros_like(w), 0.5, 0.2), dtype=float)
        nonzero = w != 0
        expect(np.allclose(shrunk[nonzero] / w[nonzero], 0.9),
               "with a zero gradient every weight should shrink by the same factor, 1 − 0.5·0.2 = 0.9")

    return run_check(
        "03.1 the weight-decay step",
        decay_step,
        test,
        hint="return w * (1 - learning_rate * decay) - learning_rate * grad",
    )


def check_l1_step(l1_step) -> CheckResult:
    """``l1_step(w, grad, learning_rate, l1)`` → ``w − learning_rate·(grad + l1·sign(w))``."""

    def test(answer):
        w, grad = _cases()
        for learning_rate, l1 in ((0.1, 0.01), (0.5, 0.2), (1.0, 0.0)):
            got = _no_side_effects(answer, w, grad, learning_rate, l1)
            expect_close(got, w - learning_rate * (grad + l1 * np.sign(w)),
                         f"the step for learning_rate={learning_rate}, l1={l1}")
        moved = np.asarray(answer(w, np.zeros_like(w), 0.5, 0.2), dtype=float) - w
        expect(np.allclose(np.abs(moved[w != 0]), 0.1),
               "with a zero gradient every (nonzero) weight should move towards 0 by the same amount, 0.5·0.2 = 0.1")

    return run_check(
        "03.2 the L1 step",
        l1_step,
        test,
        hint="the penalty's gradient is l1 * np.sign(w); return w - learning_rate * (grad + l1 * np.sign(w))",
    )
