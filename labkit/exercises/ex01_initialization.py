"""Checks for notebook 01 (weight initialization). Property-based: they sample the learner's
initializer and compare its statistics with the published rules, on shapes with unequal fans, and check that
it draws from the generator it is given."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, expect_uses_rng, run_check

__all__ = ["check_glorot_uniform", "check_he_normal"]

# Deliberately unequal fans (both ways round, and far apart), so that using the wrong one shows; and a square one.
_SHAPES = ((400, 100), (100, 400), (256, 256), (3, 4000), (2000, 20))
_STD_TOLERANCE = 0.04  # the sample's standard deviation within 4 % of the rule's (stated in the lesson)


def _sample(answer, fan_in: int, fan_out: int, seed: int) -> np.ndarray:
    weights = np.asarray(answer(fan_in, fan_out, np.random.default_rng(seed)), dtype=float)
    expect(
        weights.shape == (fan_in, fan_out),
        f"for fan_in={fan_in}, fan_out={fan_out} the shape is {weights.shape}; "
        f"expected ({fan_in}, {fan_out}) — rows are inputs",
    )
    expect(np.all(np.isfinite(weights)), f"for fan_in={fan_in}, fan_out={fan_out} some weights are not finite")
    return weights


def _excess_kurtosis(weights: np.ndarray) -> float:
    centred = weights - weights.mean()
    return float(np.mean(centred**4) / np.mean(centred**2) ** 2 - 3.0)


def _centred(weights: np.ndarray, scale: float, fan_in: int, fan_out: int) -> None:
    expect(abs(weights.mean()) < 0.05 * scale,
           f"for fan_in={fan_in}, fan_out={fan_out} the mean is {weights.mean():.4f}; it should be about 0")


def check_he_normal(he_normal) -> CheckResult:
    """``he_normal(fan_in, fan_out, rng)`` → weights ~ N(0, 2 / fan_in), shape (fan_in, fan_out)."""

    def test(answer):
        for seed, (fan_in, fan_out) in enumerate(_SHAPES):
            weights = _sample(answer, fan_in, fan_out, seed)
            want = np.sqrt(2.0 / fan_in)
            _centred(weights, want, fan_in, fan_out)
            got = weights.std()
            expect(
                abs(got / want - 1) < _STD_TOLERANCE,
                f"for fan_in={fan_in}, fan_out={fan_out} the standard deviation is {got:.4f}; "
                f"He's rule gives {want:.4f}",
            )
            beyond = np.mean(np.abs(weights) > 2 * want)
            expect(beyond > 0.03, f"for fan_in={fan_in}, fan_out={fan_out} only {beyond:.1%} of the weights are "
                                  "beyond two standard deviations (a normal has 4.6 %): not truncated, not uniform")
            kurtosis = _excess_kurtosis(weights)
            expect(kurtosis > -0.4, f"for fan_in={fan_in}, fan_out={fan_out} the values are not spread like a normal "
                                    "distribution: too few far from 0 (truncated, or uniform?)")
            expect(kurtosis < 0.6, f"for fan_in={fan_in}, fan_out={fan_out} the values have heavier tails than a "
                                   f"normal distribution")
        expect_uses_rng(lambda rng: answer(30, 20, rng), "the weights")

    return run_check(
        "01.1 He initialization",
        he_normal,
        test,
        hint=("draw independent normal values centred on 0 from the generator you are given; their spread depends "
              "only on the number of inputs of the layer (fan_in), not on fan_out",
              "w ~ N(0, σ²) with variance σ² = 2 / fan_in, so σ = √(2 / fan_in); fan_in rows, fan_out columns"),
    )


def check_glorot_uniform(glorot_uniform) -> CheckResult:
    """``glorot_uniform(fan_in, fan_out, rng)`` → U[-limit, limit], limit = sqrt(6 / (fan_in + fan_out))."""

    def test(answer):
        for seed, (fan_in, fan_out) in enumerate(_SHAPES):
            weights = _sample(answer, fan_in, fan_out, seed)
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            _centred(weights, limit, fan_in, fan_out)
            expect(
                np.abs(weights).max() <= limit * 1.0001,
                f"for fan_in={fan_in}, fan_out={fan_out} some weights reach {np.abs(weights).max():.4f}; "
                f"the limit is {limit:.4f}",
            )
            want_var = 2.0 / (fan_in + fan_out)
            expect(
                abs(np.sqrt(weights.var() / want_var) - 1) < _STD_TOLERANCE,
                f"for fan_in={fan_in}, fan_out={fan_out} the variance is {weights.var():.5f}; Glorot's rule gives "
                f"2/(fan_in+fan_out) = {want_var:.5f}",
            )
            expect(weights.min() < -0.98 * limit and weights.max() > 0.98 * limit,
                   f"for fan_in={fan_in}, fan_out={fan_out} the weights span [{weights.min():.4f}, "
                   f"{weights.max():.4f}]; a uniform on [−L, L] reaches both ends, L = {limit:.4f}")
            expect(abs(_excess_kurtosis(weights) + 1.2) < 0.2,
                   f"for fan_in={fan_in}, fan_out={fan_out} the values are not spread evenly over [−L, L] "
                   "(not uniform)")
        expect_uses_rng(lambda rng: answer(30, 20, rng), "the weights")

    return run_check(
        "01.2 Glorot (Xavier) uniform initialization",
        glorot_uniform,
        test,
        hint=("a uniform distribution centred on 0, on [−L, L], drawn from the generator you are given; choose L so "
              "that its variance L²/3 equals Glorot's variance, which uses both fans",
              "L²/3 = 2 / (fan_in + fan_out), so L = √(6 / (fan_in + fan_out)); w ~ U[−L, L], "
              "fan_in rows, fan_out columns"),
    )
