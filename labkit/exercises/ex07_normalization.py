"""Checks for notebook 07 (normalization): standardising with training statistics (against scikit-learn's
StandardScaler) and the batch-norm forward pass (properties, and against keras.layers.BatchNormalization)."""
from __future__ import annotations

import keras
import numpy as np
from sklearn.preprocessing import StandardScaler

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_batch_norm_forward", "check_standardize_with_train_stats"]


def check_standardize_with_train_stats(standardize_with_train_stats) -> CheckResult:
    """``standardize_with_train_stats(x_train, x_other)`` → both standardised with the training mean and SD."""

    def test(answer):
        rng = np.random.default_rng(4)
        x_train = rng.normal(loc=[5.0, -2.0, 300.0], scale=[1.0, 0.1, 50.0], size=(40, 3))
        x_other = rng.normal(loc=[7.0, -2.0, 250.0], scale=[2.0, 0.3, 80.0], size=(15, 3))  # a different distribution
        before = (x_train.copy(), x_other.copy())
        got = answer(x_train, x_other)
        expect(isinstance(got, tuple) and len(got) == 2, "return a pair (x_train_std, x_other_std)")
        expect(np.array_equal(x_train, before[0]) and np.array_equal(x_other, before[1]),
               "your function changed its inputs in place")
        scaler = StandardScaler().fit(x_train)
        expect_close(got[0], scaler.transform(x_train), "the standardised training rows", rtol=1e-6, atol=1e-8)
        expect_close(got[1], scaler.transform(x_other), "the standardised other rows (with the *training* mean and SD)",
                     rtol=1e-6, atol=1e-8)

    return run_check(
        "07.1 standardise with training statistics",
        standardize_with_train_stats,
        test,
        hint="mean = x_train.mean(axis=0); sd = x_train.std(axis=0) (numpy's default, as scikit-learn); "
        "return (x_train - mean) / sd, (x_other - mean) / sd",
    )


def check_batch_norm_forward(batch_norm_forward) -> CheckResult:
    """``batch_norm_forward(z, gamma, beta, eps=1e-3)`` → γ·(z − mean) / sqrt(var + eps) + β per feature."""

    def test(answer):
        rng = np.random.default_rng(9)
        z = rng.normal(loc=[3.0, -1.0, 0.0, 10.0], scale=[2.0, 0.5, 1.0, 4.0], size=(64, 4))
        ones, zeros = np.ones(4), np.zeros(4)
        out = np.asarray(answer(z.copy(), ones, zeros), dtype=float)
        expect(out.shape == z.shape, f"the output has shape {out.shape}; expected {z.shape}")
        expect(np.allclose(out.mean(axis=0), 0.0, atol=1e-6),
               f"with γ=1, β=0 each feature's mean should be 0; got {np.round(out.mean(axis=0), 4)}")
        expect(np.allclose(out.var(axis=0), 1.0, atol=0.01),
               f"with γ=1, β=0 each feature's variance should be about 1; got {np.round(out.var(axis=0), 4)}")
        gamma, beta = np.array([2.0, 0.5, 1.0, 3.0]), np.array([1.0, -1.0, 0.0, 0.5])
        layer = keras.layers.BatchNormalization(epsilon=1e-3)
        layer.build(z.shape)
        layer.gamma.assign(gamma.astype("float32"))
        layer.beta.assign(beta.astype("float32"))
        want = keras.ops.convert_to_numpy(layer(z.astype("float32"), training=True))
        expect_close(answer(z.copy(), gamma, beta), want,
                     "with γ and β set, the output (compared with Keras's BatchNormalization)", rtol=1e-4, atol=1e-4)

    return run_check(
        "07.2 the batch-norm forward pass",
        batch_norm_forward,
        test,
        hint="per feature (axis=0): mean = z.mean(axis=0), var = z.var(axis=0); return gamma * (z - mean) / "
             "np.sqrt(var + eps) + beta",
    )
