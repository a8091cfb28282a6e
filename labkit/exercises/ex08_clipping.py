"""Checks for notebook 08 (gradient clipping): clip by norm and by global norm on lists of numpy arrays,
compared with TensorFlow's tf.clip_by_norm and tf.clip_by_global_norm."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_clip_by_global_norm", "check_clip_by_norm"]


def _grads() -> list[np.ndarray]:
    rng = np.random.default_rng(8)
    return [rng.normal(size=(5, 4)) * 3.0, rng.normal(size=(4,)) * 0.01, rng.normal(size=(4, 3))]  # one small array


def _check_list(answer, grads, c, want):
    copies = [g.copy() for g in grads]
    got = answer(copies, c)
    expect(isinstance(got, (list, tuple)) and len(got) == len(grads),
           f"return a list with one array per gradient ({len(grads)})")
    expect(all(np.array_equal(a, b) for a, b in zip(copies, grads, strict=True)),
           "your function changed the input arrays in place; return new ones")
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        expect_close(g, w, f"with c={c}, array {index}", rtol=1e-6, atol=1e-9)


def check_clip_by_norm(clip_by_norm) -> CheckResult:
    """``clip_by_norm(grads, c)`` → each array rescaled to norm c if its norm is above c."""
    import tensorflow as tf  # noqa: PLC0415 - only when checking: importing the checks does not import TensorFlow

    def test(answer):
        grads = _grads()
        for c in (1.0, 5.0, 100.0):
            want = [tf.clip_by_norm(tf.constant(g), c).numpy() for g in grads]
            _check_list(answer, grads, c, want)

    return run_check(
        "08.1 clip by norm",
        clip_by_norm,
        test,
        hint="for each g: norm = np.linalg.norm(g); keep g if norm <= c, else g * (c / norm)",
    )


def check_clip_by_global_norm(clip_by_global_norm) -> CheckResult:
    """``clip_by_global_norm(grads, c)`` → all arrays scaled by one factor so the global norm is at most c."""
    import tensorflow as tf  # noqa: PLC0415 - only when checking: importing the checks does not import TensorFlow

    def test(answer):
        grads = _grads()
        for c in (1.0, 5.0, 100.0):
            want = [t.numpy() for t in tf.clip_by_global_norm([tf.constant(g) for g in grads], c)[0]]
            _check_list(answer, grads, c, want)

    return run_check(
        "08.2 clip by global norm",
        clip_by_global_norm,
        test,
        hint="global_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads)); if it is above c, "
             "multiply every g by c / global_norm",
    )
