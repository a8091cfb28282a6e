"""Checks for notebook 02 (vanishing and exploding gradients)."""
from __future__ import annotations

import numpy as np

from labkit.checks import CheckResult, expect, expect_close, run_check
from labkit.diagnostics import dead_unit_fraction

__all__ = ["check_dead_unit_fraction", "check_sigmoid_derivative"]


def check_sigmoid_derivative(sigmoid_derivative) -> CheckResult:
    """``sigmoid_derivative(z)`` → σ'(z) elementwise, compared with a central finite difference."""

    def test(answer):
        z = np.array([-30.0, -4.0, -1.0, -0.1, 0.0, 0.5, 2.0, 6.0, 30.0])
        got = np.asarray(answer(z.copy()), dtype=float)
        sigmoid = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
        step = 1e-5
        numeric = (sigmoid(z + step) - sigmoid(z - step)) / (2 * step)
        expect_close(got, numeric, "σ'(z) for z = [-30, -4, -1, -0.1, 0, 0.5, 2, 6, 30]", rtol=1e-4, atol=1e-9)
        grid = np.linspace(-10, 10, 2001)
        expect(abs(np.max(answer(grid)) - 0.25) < 1e-4, "the largest value of σ' should be 0.25, at z = 0")
        matrix = np.array([[0.0, 1.0], [-1.0, 3.0]])
        expect(np.shape(answer(matrix)) == (2, 2), "work elementwise: a (2, 2) input must give a (2, 2) output")

    return run_check(
        "02.1 the sigmoid's derivative",
        sigmoid_derivative,
        test,
        hint="with s = 1 / (1 + np.exp(-z)), the derivative is s * (1 - s)",
    )


def check_dead_unit_fraction(dead_fraction) -> CheckResult:
    """``dead_fraction(activations)`` → share of units (columns) that output 0 for every row."""

    def test(answer):
        rng = np.random.default_rng(0)
        cases = []
        base = np.maximum(rng.normal(size=(50, 8)), 0.0)
        base[:, [1, 4, 5]] = 0.0  # three dead units of eight
        cases.append(base)
        rows_dead = np.maximum(rng.normal(size=(6, 40)), 0.0)
        rows_dead[:, :10] = 0.0
        rows_dead[2, :] = 0.0  # a row of zeros is not a dead unit
        cases.append(rows_dead)
        cases.append(np.maximum(rng.normal(size=(30, 5)), 0.0))  # many zeros, no dead unit
        for activations in cases:
            expect_close(
                answer(activations.copy()),
                dead_unit_fraction(activations),
                f"for activations of shape {activations.shape} the dead fraction",
            )

    return run_check(
        "02.2 dead ReLU units",
        dead_fraction,
        test,
        hint="a unit is a column; it is dead when the whole column is 0: "
             "np.all(activations == 0, axis=0), then the mean",
    )
