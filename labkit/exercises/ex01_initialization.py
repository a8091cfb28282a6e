"""Checks for notebook 01 (weight initialization). Property-based: they sample the learner's
initializer and compare its statistics with the published rules (and with Keras' initializers)."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, run_check

__all__ = ["check_glorot_uniform", "check_he_normal"]

# Deliberately unequal fans, so that using the wrong one shows.
_SHAPES = ((400, 100), (100, 400), (256, 256))


def _sample(answer, fan_in: int, fan_out: int) -> np.ndarray:
    weights = np.asarray(answer(fan_in, fan_out, np.random.default_rng(0)), dtype=float)
    expect(
        weights.shape == (fan_in, fan_out),
        f"for fan_in={fan_in}, fan_out={fan_out} the shape is {weights.shape}; "
        f"expected ({fan_in}, {fan_out}) — rows are inputs",
    )
    return weights


def check_he_normal(he_normal) -> CheckResult:
    """``he_normal(fan_in, fan_out, rng)`` → weights ~ N(0, 2 / fan_in), shape (fan_in, fan_out)."""

    def test(answer):
        for fan_in, fan_out in _SHAPES:
            weights = _sample(answer, fan_in, fan_out)
            want = np.sqrt(2.0 / fan_in)
            expect(abs(weights.mean()) < 0.05 * want, f"the mean is {weights.mean():.4f}; it should be about 0")
            got = weights.std()
            expect(
                abs(got / want - 1) < 0.05,
                f"for fan_in={fan_in}, fan_out={fan_out} the standard deviation is {got:.4f}; "
                f"He's rule gives {want:.4f}",
            )
            expect(
                np.mean(np.abs(weights) > 2 * want) > 0.02,
                "the values look uniform, not normal (too few beyond two standard deviations)",
            )

    return run_check(
        "01.1 He initialization",
        he_normal,
        test,
        hint="standard deviation sqrt(2 / fan_in): rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))",
    )


def check_glorot_uniform(glorot_uniform) -> CheckResult:
    """``glorot_uniform(fan_in, fan_out, rng)`` → U[-limit, limit], limit = sqrt(6 / (fan_in + fan_out))."""

    def test(answer):
        for fan_in, fan_out in _SHAPES:
            weights = _sample(answer, fan_in, fan_out)
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            expect(
                np.abs(weights).max() <= limit * 1.0001,
                f"for fan_in={fan_in}, fan_out={fan_out} some weights reach {np.abs(weights).max():.4f}; "
                f"the limit is {limit:.4f}",
            )
            want_var = 2.0 / (fan_in + fan_out)
            expect(
                abs(weights.var() / want_var - 1) < 0.05,
                f"for fan_in={fan_in}, fan_out={fan_out} the variance is {weights.var():.5f}; Glorot's rule gives "
                f"2/(fan_in+fan_out) = {want_var:.5f}",
            )

    return run_check(
        "01.2 Glorot (Xavier) uniform initialization",
        glorot_uniform,
        test,
        hint="limit = sqrt(6 / (fan_in + fan_out)) — both fans — "
             "then rng.uniform(-limit, limit, size=(fan_in, fan_out))",
    )
