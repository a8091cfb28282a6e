"""Checks for notebook 03 (weight penalties): one gradient-descent step with weight decay (L2) and with L1,
on several shapes and settings, with edge cases (a zero gradient, weights at exactly 0, no penalty, no step)."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_decay_step", "check_l1_step"]

# (learning_rate, penalty): each wrong rule of the lessons' mistakes differs on at least one
_SETTINGS = ((0.1, 0.01), (0.5, 0.2), (1.0, 0.0), (0.03, 3.0), (0.0, 0.5), (2.0, 0.05))


def _cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(description, w, grad): 2-D, 1-D and non-square; weights at 0, tiny ones, negative ones; a zero gradient."""
    rng = np.random.default_rng(3)
    w = rng.normal(size=(6, 4))
    w[0, 0] = 0.0  # a weight at exactly zero: sign(0) = 0 for L1
    w[1, 1], w[2, 2] = 1e-3, -1e-3  # tiny weights that a step of L1 pushes across 0
    flat = rng.normal(size=5)
    flat[2] = 0.0
    return [
        ("a (6, 4) w", w, rng.normal(size=(6, 4))),
        ("a (5,) w", flat, rng.normal(size=5)),
        ("a (3, 7) w", rng.normal(size=(3, 7)), rng.normal(size=(3, 7))),
        ("a (6, 4) w with a zero gradient", w.copy(), np.zeros((6, 4))),
    ]


def _step(answer, rule, shown: str, w: np.ndarray, grad: np.ndarray, learning_rate: float, penalty: float,
          name: str) -> None:
    want = rule(w.copy(), grad.copy(), learning_rate, penalty)  # before the learner's function sees w
    got = answer(w, grad, learning_rate, penalty)
    expect(not isinstance(got, tuple), "return only the new weights (one array), not a tuple")
    expect_close(got, want, f"for {shown}, learning_rate={learning_rate}, {name}={penalty} the new w")


def _decay_rule(w, grad, learning_rate, decay):
    return w * (1 - learning_rate * decay) - learning_rate * grad


def _l1_rule(w, grad, learning_rate, l1):
    return w - learning_rate * (grad + l1 * np.sign(w))


def check_decay_step(decay_step) -> CheckResult:
    """``decay_step(w, grad, learning_rate, decay)`` → ``w·(1 − learning_rate·decay) − learning_rate·grad``."""

    def test(answer):
        for shown, w, grad in _cases():
            for learning_rate, decay in _SETTINGS:
                _step(answer, _decay_rule, shown, w, grad, learning_rate, decay, "decay")
        w = _cases()[0][1]
        shrunk = np.asarray(answer(w, np.zeros_like(w), 0.5, 0.2), dtype=float)
        nonzero = w != 0
        expect(np.allclose(shrunk[nonzero] / w[nonzero], 0.9),
               "with a zero gradient every weight should shrink by the same factor, 1 − 0.5·0.2 = 0.9")

    return run_check(
        "03.1 the weight-decay step",
        decay_step,
        test,
        hint=("shrink every weight by one and the same factor, which depends on the learning rate and the decay "
              "together, and take the ordinary gradient step; both use the weights from before the step",
              "w_new = (1 − η·λ)·w − η·∇J, with η the learning rate and λ the decay (not 2λ, not λ alone)"),
    )


def check_l1_step(l1_step) -> CheckResult:
    """``l1_step(w, grad, learning_rate, l1)`` → ``w − learning_rate·(grad + l1·sign(w))``."""

    def test(answer):
        for shown, w, grad in _cases():
            for learning_rate, l1 in _SETTINGS:
                _step(answer, _l1_rule, shown, w, grad, learning_rate, l1, "l1")
        w = _cases()[0][1]
        moved = np.asarray(answer(w, np.zeros_like(w), 0.5, 0.2), dtype=float) - w
        expect(np.allclose(np.abs(moved[w != 0]), 0.1),
               "with a zero gradient every (nonzero) weight should move towards 0 by the same amount, 0.5·0.2 = 0.1")

    return run_check(
        "03.2 the L1 step",
        l1_step,
        test,
        hint=("the penalty adds to each weight's gradient the same size λ, with the sign of that weight before the "
              "step (nothing for a weight at exactly 0); then take one ordinary step down the total gradient — "
              "a weight may cross 0",
              "w_new = w − η·(∇J + λ·sign(w)), sign(0) = 0, η the learning rate"),
    )
