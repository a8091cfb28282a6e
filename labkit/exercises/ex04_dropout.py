"""Checks for notebook 04 (dropout). Property-based: the learner's dropout is sampled on large arrays and
its statistics compared with what (inverted) dropout must do."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_classic_dropout_inference", "check_inverted_dropout"]


def check_inverted_dropout(inverted_dropout) -> CheckResult:
    """``inverted_dropout(a, rate, rng)`` → zeros with probability rate, kept entries divided by 1 − rate."""

    def test(answer):
        a = np.random.default_rng(1).uniform(0.5, 2.0, size=(200, 300))
        for rate in (0.2, 0.5, 0.8):
            before = a.copy()
            out = np.asarray(answer(a, rate, np.random.default_rng(7)), dtype=float)
            expect(np.array_equal(a, before), "your function changed its input in place; return a new array")
            expect(out.shape == a.shape, f"the output has shape {out.shape}; expected {a.shape}")
            zeros = np.mean(out == 0)
            expect(abs(zeros - rate) < 0.01,
                   f"with rate={rate}, {zeros:.1%} of the entries are 0; about {rate:.0%} should be")
            kept = out != 0
            expect(
                np.allclose(out[kept], a[kept] / (1 - rate)),
                f"with rate={rate}, kept entries should be divided by 1 − rate = {1 - rate:g} (inverted dropout)",
            )
            expect(abs(out.mean() / a.mean() - 1) < 0.02,
                   f"with rate={rate}, the mean changed from {a.mean():.3f} to {out.mean():.3f}")
            again = np.asarray(answer(a, rate, np.random.default_rng(7)), dtype=float)
            expect(np.array_equal(out, again),
                   "two calls with the same rng seed gave different masks: draw with rng.random(a.shape)")
        expect_close(answer(a, 0.0, np.random.default_rng(7)), a, "with rate=0 the output")

    return run_check(
        "04.1 inverted dropout",
        inverted_dropout,
        test,
        hint="keep = rng.random(a.shape) >= rate; return np.where(keep, a / (1 - rate), 0.0)",
    )


def check_classic_dropout_inference(classic_dropout_inference) -> CheckResult:
    """``classic_dropout_inference(a, rate)`` → ``a · (1 − rate)``: the mean of unscaled dropout in training."""

    def test(answer):
        rng = np.random.default_rng(2)
        a = rng.uniform(0.0, 3.0, size=(50, 40))
        for rate in (0.2, 0.5):
            before = a.copy()
            got = answer(a, rate)
            expect(np.array_equal(a, before), "your function changed its input in place; return a new array")
            masks = rng.random((400, *a.shape)) >= rate  # training without rescaling, many times
            training_mean = (a * masks).mean(axis=0)
            expect(
                np.asarray(got, dtype=float).shape == a.shape
                and np.mean(np.abs(np.asarray(got, dtype=float) - training_mean)) < 0.1,
                f"with rate={rate}, inference should output what training gives on average (a × keep probability)",
            )
            expect_close(got, a * (1 - rate), f"with rate={rate}, the inference output")

    return run_check(
        "04.2 the original paper's inference",
        classic_dropout_inference,
        test,
        hint="each unit was kept with probability 1 − rate in training, so multiply by 1 - rate",
    )
