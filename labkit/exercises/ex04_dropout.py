"""Checks for notebook 04 (dropout). Property-based: the learner's dropout is sampled on large arrays of
several shapes and rates and its statistics compared with what (inverted) dropout must do."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, expect_close, expect_uses_rng, run_check

__all__ = ["check_classic_dropout_inference", "check_inverted_dropout"]

_ZEROS_TOLERANCE = 0.01  # the share of zeros within 1 percentage point of rate (stated in the lesson)


def _inputs() -> list[np.ndarray]:
    """Large arrays of several shapes, positive and negative values, none exactly 0."""
    rng = np.random.default_rng(1)
    signed = rng.normal(1.0, 1.0, size=60_000)
    signed[signed == 0] = 1.0
    return [rng.uniform(0.5, 2.0, size=(200, 300)), signed, rng.uniform(0.5, 2.0, size=(40, 50, 30))]


def check_inverted_dropout(inverted_dropout) -> CheckResult:
    """``inverted_dropout(a, rate, rng)`` → zeros with probability rate, kept entries divided by 1 − rate."""

    def test(answer):
        for a in _inputs():
            for seed, rate in enumerate((0.2, 0.5, 0.8, 0.05)):
                out = answer(a, rate, np.random.default_rng(7 + seed))
                expect(not isinstance(out, tuple), "return only the output array, not a tuple")
                out = np.asarray(out, dtype=float)
                expect(out.shape == a.shape, f"the output has shape {out.shape}; expected {a.shape}")
                zeros = np.mean(out == 0)
                expect(abs(zeros - rate) < _ZEROS_TOLERANCE,
                       f"with rate={rate}, {zeros:.1%} of the entries are 0; about {rate:.0%} should be")
                kept = out != 0
                expect(
                    np.allclose(out[kept], a[kept] / (1 - rate)),
                    f"with rate={rate}, kept entries should be divided by 1 − rate = {1 - rate:g} (inverted dropout)",
                )
                if a.ndim >= 2:  # one draw per entry: every row, column, ... loses about `rate` of its entries
                    for axis in range(a.ndim):
                        others = tuple(k for k in range(a.ndim) if k != axis)
                        shares = np.mean(out == 0, axis=others)
                        expect(np.all(np.abs(shares - rate) < 0.15),
                               f"with rate={rate} and shape {a.shape}, some slices along axis {axis} are all dropped "
                               "or all kept: draw one number per entry, not one per row or column")
                expect(abs(out.mean() / a.mean() - 1) < 0.05,
                       f"with rate={rate}, the mean changed from {a.mean():.3f} to {out.mean():.3f}")
            expect_close(answer(a, 0.0, np.random.default_rng(7)), a, f"with rate=0 the output for shape {a.shape}")
        small = np.random.default_rng(3).uniform(0.5, 2.0, size=(30, 40))
        for rate in (0.3, 0.6):
            expect_uses_rng(lambda rng, rate=rate: answer(small, rate, rng), f"mask (rate={rate})")

    return run_check(
        "04.1 inverted dropout",
        inverted_dropout,
        test,
        hint=("draw one uniform number per entry from the generator you are given; an entry survives when its "
              "number is at least the rate (so with probability 1 − rate), the others become 0; scale the "
              "survivors up so that the mean stays the same",
              "out = a·m / (1 − p) with m = 1 with probability 1 − p, else 0, independently for every entry"),
    )


def check_classic_dropout_inference(classic_dropout_inference) -> CheckResult:
    """``classic_dropout_inference(a, rate)`` → ``a · (1 − rate)``: the mean of unscaled dropout in training."""

    def test(answer):
        rng = np.random.default_rng(2)
        inputs = [rng.uniform(0.0, 3.0, size=(50, 40)), rng.normal(0.0, 2.0, size=30), rng.normal(size=(4, 5, 6))]
        for a in inputs:
            for rate in (0.2, 0.5, 0.9, 0.0):
                want = a.copy() * (1 - rate)
                masks = rng.random((400, *a.shape)) >= rate  # training without rescaling, many times
                training_mean = (a.copy() * masks).mean(axis=0)
                got = answer(a, rate)
                expect(not isinstance(got, tuple), "return only the output array, not a tuple")
                got = np.asarray(got, dtype=float)
                expect(got.shape == a.shape, f"the output has shape {got.shape}; expected {a.shape}")
                expect(
                    np.mean(np.abs(got - training_mean)) < 0.1 * (1 + np.mean(np.abs(a))),
                    f"with rate={rate} and shape {a.shape}, inference should output what training gives on average "
                    "(without rescaling, dropping each entry with probability rate)",
                )
                expect_close(got, want, f"with rate={rate} and shape {a.shape}, the inference output")

    return run_check(
        "04.2 the original paper's inference",
        classic_dropout_inference,
        test,
        hint=("at inference nothing is dropped and nothing is random; output what training gave on average, "
              "when each unit was present only with its keep probability (and never rescaled)",
              "E[training output] = (1 − p)·a, p the rate; the same for negative values"),
    )
