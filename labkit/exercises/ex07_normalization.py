"""Checks for notebook 07 (normalization): standardising with training statistics (against scikit-learn's
StandardScaler, on several shapes) and the batch-norm forward pass (properties, several shapes and settings of
ε, γ and β, and against keras.layers.BatchNormalization)."""
from __future__ import annotations

import keras
import numpy as np
from sklearn.preprocessing import StandardScaler

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_batch_norm_forward", "check_standardize_with_train_stats"]

HINT_STANDARDIZE = (
    "the statistics come from the training rows only: one mean and one standard deviation per column "
    "(the population SD, dividing by n, as StandardScaler), and the same pair is applied to both arrays",
    "for column j: μ_j = (1/n) Σ_i x_ij over the n training rows, σ_j = √((1/n) Σ_i (x_ij − μ_j)²); "
    "each value becomes (x − μ_j) / σ_j",
)

HINT_BATCH_NORM = (
    "each feature (column) is normalised over the batch (the rows) with the batch's own mean and population "
    "variance, ε goes inside the square root, and only then γ scales and β shifts",
    "per column: μ = (1/m) Σ z, σ² = (1/m) Σ (z − μ)²; ẑ = (z − μ) / √(σ² + ε); output γ·ẑ + β",
)


def _standardize_cases():
    rng = np.random.default_rng(4)
    yield (rng.normal(loc=[5.0, -2.0, 300.0], scale=[1.0, 0.1, 50.0], size=(40, 3)),
           rng.normal(loc=[7.0, -2.0, 250.0], scale=[2.0, 0.3, 80.0], size=(15, 3)))  # a different distribution
    yield rng.normal(3.0, 2.0, size=(4, 4)), rng.normal(size=(4, 4)) * 5  # square: rows and columns look alike
    yield rng.normal(10.0, 3.0, size=(6, 1)), rng.normal(size=(2, 1))  # one feature
    yield rng.normal(size=(5, 7)) * np.arange(1, 8), rng.normal(size=(1, 7))  # more columns than rows; one other row


def check_standardize_with_train_stats(standardize_with_train_stats) -> CheckResult:
    """``standardize_with_train_stats(x_train, x_other)`` → both standardised with the training mean and SD."""

    def test(answer):
        for x_train, x_other in _standardize_cases():
            scaler = StandardScaler().fit(x_train.copy())  # before the answer sees the arrays
            want = scaler.transform(x_train.copy()), scaler.transform(x_other.copy())
            got = answer(x_train, x_other)
            expect(isinstance(got, tuple) and len(got) == 2, "return a pair (x_train_std, x_other_std)")
            shape = f"x_train of shape {x_train.shape}, x_other of shape {x_other.shape}"
            expect_close(got[0], want[0], f"with {shape}, the standardised training rows", rtol=1e-6, atol=1e-8)
            expect_close(got[1], want[1],
                         f"with {shape}, the standardised other rows (they use the *training* mean and SD)",
                         rtol=1e-6, atol=1e-8)

    return run_check("07.1 standardise with training statistics", standardize_with_train_stats, test,
                     hint=HINT_STANDARDIZE)


def _batch_norm(z, gamma, beta, eps):
    mean, var = z.mean(axis=0), z.var(axis=0)
    return gamma * (z - mean) / np.sqrt(var + eps) + beta


def _keras_batch_norm(z, gamma, beta, eps):
    layer = keras.layers.BatchNormalization(epsilon=eps)
    layer.build(z.shape)
    layer.gamma.assign(gamma.astype("float32"))
    layer.beta.assign(beta.astype("float32"))
    return keras.ops.convert_to_numpy(layer(z.astype("float32"), training=True))


def check_batch_norm_forward(batch_norm_forward) -> CheckResult:
    """``batch_norm_forward(z, gamma, beta, eps=1e-3)`` → γ·(z − mean) / sqrt(var + eps) + β per feature."""

    def test(answer):
        rng = np.random.default_rng(9)
        z = rng.normal(loc=[3.0, -1.0, 0.0, 10.0], scale=[2.0, 0.5, 1.0, 4.0], size=(64, 4))
        out = np.asarray(answer(z, np.ones(4), np.zeros(4)), dtype=float)
        expect(out.shape == z.shape, f"the output has shape {out.shape}; expected {z.shape}")
        expect(np.allclose(out.mean(axis=0), 0.0, atol=1e-6),
               f"with γ=1, β=0 each feature's mean should be 0; got {np.round(out.mean(axis=0), 4)}")
        expect(np.allclose(out.var(axis=0), 1.0, atol=0.01),
               f"with γ=1, β=0 each feature's variance should be about 1; got {np.round(out.var(axis=0), 4)}")
        gamma, beta = np.array([2.0, 0.5, 1.0, 3.0]), np.array([1.0, -1.0, 0.0, 0.5])
        want = _keras_batch_norm(z.copy(), gamma, beta, 1e-3)
        expect_close(answer(z, gamma, beta), want,
                     "with γ and β set, the output (compared with Keras's BatchNormalization)", rtol=1e-4, atol=1e-4)
        cases = [  # (z, gamma, beta, eps): shapes, a tiny variance next to ε, one row, a constant feature
            (rng.normal(size=(5, 3)) * [0.01, 1.0, 30.0], np.array([1.5, -2.0, 0.3]), np.array([0.2, 4.0, -1.0]),
             1e-3),
            (rng.normal(size=(3, 6)) * 0.05, rng.normal(size=6), rng.normal(size=6), 0.1),
            (rng.normal(size=(8, 2)), np.array([3.0, 0.5]), np.array([-1.0, 2.0]), 1e-5),
            (rng.normal(size=(1, 4)), np.array([2.0, 1.0, 0.5, 3.0]), np.array([0.1, 0.2, 0.3, 0.4]), 1e-3),
            (np.column_stack([np.full(6, 2.5), rng.normal(size=6)]), np.array([2.0, 2.0]), np.array([1.0, -1.0]),
             1e-3),
        ]
        for z, gamma, beta, eps in cases:
            want = _batch_norm(z.copy(), gamma, beta, eps)
            expect_close(answer(z, gamma, beta, eps=eps), want,
                         f"for z of shape {z.shape} with eps={eps}, γ={np.round(gamma, 3).tolist()}, "
                         f"β={np.round(beta, 3).tolist()}, the output", rtol=1e-6, atol=1e-8)
        small = rng.normal(size=(6, 3)) * 0.02  # variance near ε: the default eps=1e-3 must be used
        expect_close(answer(small, np.ones(3), np.zeros(3)), _batch_norm(small.copy(), 1.0, 0.0, 1e-3),
                     "with the default eps (1e-3) on features of variance near ε, the output", rtol=1e-6, atol=1e-8)

    return run_check("07.2 the batch-norm forward pass", batch_norm_forward, test, hint=HINT_BATCH_NORM)
