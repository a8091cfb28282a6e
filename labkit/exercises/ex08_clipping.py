"""Checks for notebook 08 (gradient clipping): clip by norm and by global norm on lists of numpy arrays,
compared with TensorFlow's tf.clip_by_norm and tf.clip_by_global_norm (which the answers may not call), on
several shapes, thresholds and edge cases (a zero gradient, a norm exactly at the threshold)."""
from __future__ import annotations

import contextlib

import numpy as np

from labkit.checks import CheckResult, expect, expect_close, forbid, run_check

__all__ = ["check_clip_by_global_norm", "check_clip_by_norm"]

HINT_NORM = (
    "each array is handled on its own: measure its length (the Euclidean norm of all its entries together, "
    "not per row and not the largest entry) and only if that is above c shrink it, keeping its direction",
    "‖g‖ = √(Σ_k g_k²) over every entry of g; if ‖g‖ > c the new array is g·c/‖g‖, otherwise g unchanged",
)

HINT_GLOBAL = (
    "one length for all the arrays together, as if they were one long vector; if it is above c, every array is "
    "multiplied by the same factor, so the direction of the whole update is kept",
    "G = √(Σ_i ‖g_i‖²) = √(Σ_i Σ_k g_ik²); if G > c each g_i becomes g_i·c/G, otherwise all stay as they are",
)


def _grads() -> list[np.ndarray]:
    rng = np.random.default_rng(8)
    return [rng.normal(size=(5, 4)) * 3.0, rng.normal(size=(4,)) * 0.01, rng.normal(size=(4, 3))]  # one small array


def _cases() -> list[tuple[list[np.ndarray], float]]:
    rng = np.random.default_rng(80)
    cases = [(_grads(), c) for c in (1.0, 5.0, 100.0)]
    cases += [
        ([np.array([[3.0, 0.0], [0.0, 4.0]]), np.array([0.3, 0.4])], 5.0),  # one norm exactly at c
        ([np.zeros((3, 2)), rng.normal(size=(2, 3)) * 4], 2.0),  # a zero gradient
        ([rng.normal(size=(2, 3, 4)), rng.normal(size=(1, 6)) * 2, np.array([7.0])], 0.5),  # 3-D, one row, one value
        ([np.array([[0.6, 0.8], [0.0, 0.0]]), np.array([0.9, 1.2]), np.array([[2.0], [1.5]])], 1.5),  # each ≤ 1.5
        ([np.array([[1.0, 2.0, 2.0]]), np.array([[0.0], [0.0]])], 3.0),  # global norm exactly at c
        ([np.zeros(4), np.zeros((2, 2))], 1.0),  # all zero
    ]
    return cases


def _check_list(answer, grads, c, want):
    got = answer(grads, c)  # the guard says so if the answer changes the list or its arrays
    expect(isinstance(got, (list, tuple)) and len(got) == len(grads),
           f"return a list with one array per gradient ({len(grads)})")
    shapes = [g.shape for g in grads]
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        expect_close(g, w, f"with c={c} and arrays of shapes {shapes}, array {index}", rtol=1e-6, atol=1e-9)


def _by_hand(tf):
    stack = contextlib.ExitStack()
    stack.enter_context(forbid(tf, "clip_by_norm", "tf.clip_by_norm"))
    stack.enter_context(forbid(tf, "clip_by_global_norm", "tf.clip_by_global_norm"))
    return stack


def check_clip_by_norm(clip_by_norm) -> CheckResult:
    """``clip_by_norm(grads, c)`` → each array rescaled to norm c if its norm is above c."""
    import tensorflow as tf  # noqa: PLC0415 - only when checking: importing the checks does not import TensorFlow

    def test(answer):
        for grads, c in _cases():
            want = [tf.clip_by_norm(tf.constant(g), c).numpy() for g in grads]
            with _by_hand(tf):
                _check_list(answer, grads, c, want)

    return run_check("08.1 clip by norm", clip_by_norm, test, hint=HINT_NORM)


def check_clip_by_global_norm(clip_by_global_norm) -> CheckResult:
    """``clip_by_global_norm(grads, c)`` → all arrays scaled by one factor so the global norm is at most c."""
    import tensorflow as tf  # noqa: PLC0415 - only when checking: importing the checks does not import TensorFlow

    def test(answer):
        for grads, c in _cases():
            want = [t.numpy() for t in tf.clip_by_global_norm([tf.constant(g) for g in grads], c)[0]]
            with _by_hand(tf):
                _check_list(answer, grads, c, want)

    return run_check("08.2 clip by global norm", clip_by_global_norm, test, hint=HINT_GLOBAL)
