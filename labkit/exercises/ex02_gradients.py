"""Checks for notebook 02 (vanishing and exploding gradients)."""
from __future__ import annotations

import numpy as np

from labkit import diagnostics
from labkit.checks import CheckResult, Wrong, expect, expect_close, forbid, run_check
from labkit.diagnostics import dead_unit_fraction

__all__ = ["check_dead_unit_fraction", "check_sigmoid_derivative"]


def _numeric_sigmoid_slope(z: np.ndarray) -> np.ndarray:
    sigmoid = lambda v: 1.0 / (1.0 + np.exp(-v))  # noqa: E731
    step = 1e-5
    return (sigmoid(z + step) - sigmoid(z - step)) / (2 * step)


def check_sigmoid_derivative(sigmoid_derivative) -> CheckResult:
    """``sigmoid_derivative(z)`` → σ'(z) elementwise, compared with a central finite difference.

    Inputs: 1-D, 2-D (square and not), a single value as a 0-d array, integers, and large |z|.
    """

    def test(answer):
        rng = np.random.default_rng(2)
        cases = [
            ("z = [-30, -4, -1, -0.1, 0, 0.5, 2, 6, 30]",
             np.array([-30.0, -4.0, -1.0, -0.1, 0.0, 0.5, 2.0, 6.0, 30.0])),
            ("a (2, 2) z", np.array([[0.0, 1.0], [-1.0, 3.0]])),
            ("a (3, 5) z", rng.normal(0, 3, size=(3, 5))),
            ("the integer array z = [-3, ..., 3]", np.arange(-3, 4)),
            ("z = np.array(0.7) (0-d)", np.array(0.7)),
            ("z = [-40, 40]", np.array([-40.0, 40.0])),
        ]
        for shown, z in cases:
            want = _numeric_sigmoid_slope(np.array(z, dtype=float))
            got = answer(z)
            expect(np.shape(got) == z.shape,
                   f"for {shown} the output has shape {np.shape(got)}; work elementwise and keep the shape {z.shape}")
            expect_close(got, want, f"σ'(z) for {shown}", rtol=1e-4, atol=1e-9)
        grid = np.linspace(-10, 10, 2001)
        values = np.asarray(answer(grid), dtype=float)
        expect(abs(np.max(values) - 0.25) < 1e-4 and abs(grid[np.argmax(values)]) < 1e-9,
               "the largest value of σ' should be 0.25, at z = 0")

    return run_check(
        "02.1 the sigmoid's derivative",
        sigmoid_derivative,
        test,
        hint=("first compute the sigmoid itself, elementwise, from z; its slope can be written with that value alone "
              "(z is the input, not the sigmoid's output)",
              "σ(z) = 1 / (1 + e^(−z)) and σ'(z) = σ(z)·(1 − σ(z)), at most 1/4 at z = 0"),
    )


def _dead_cases() -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(0)
    cases = []
    base = np.maximum(rng.normal(size=(50, 8)), 0.0)
    base[:, [1, 4, 5]] = 0.0  # three dead units of eight
    cases.append(("(50, 8) activations with three dead units", base))
    rows_dead = np.maximum(rng.normal(size=(6, 40)), 0.0)
    rows_dead[:, :10] = 0.0
    rows_dead[2, :] = 0.0  # a row of zeros is not a dead unit
    rows_dead[0, 10:] = 0.0  # nor is a unit that is zero on the first example
    cases.append(("(6, 40) activations (ten dead units; one example all 0; the live units are 0 on the first "
                  "example)", rows_dead))
    cases.append(("(30, 5) activations with many zeros but no dead unit", np.maximum(rng.normal(size=(30, 5)), 0.0)))
    rare = np.zeros((20, 6))
    rare[7, 0], rare[3, 2], rare[:, 4] = 1e-3, 5.0, 0.5  # units 0 and 2 fire once (weakly, strongly): not dead
    cases.append(("(20, 6) activations where two units fire on one example only", rare))
    cases.append(("all-zero (4, 3) activations", np.zeros((4, 3))))
    cases.append(("(3, 7) activations with no zero", rng.uniform(0.1, 1.0, size=(3, 7))))
    single = np.array([[0.0, 2.0, 0.0, 0.0, 1.5]])
    cases.append(("one example (1, 5)", single))
    return cases


def _calls(function, target) -> bool:
    """True if ``function`` names a global that is ``target`` (e.g. a function the notebook imported by name)."""
    code, names = getattr(function, "__code__", None), getattr(function, "__globals__", {})
    return code is not None and any(names.get(name) is target for name in code.co_names)


def check_dead_unit_fraction(dead_fraction) -> CheckResult:
    """``dead_fraction(activations)`` → share of units (columns) that output 0 for every row."""

    def test(answer):
        for shown, activations in _dead_cases():
            want = dead_unit_fraction(activations.copy())
            with forbid(diagnostics, "dead_unit_fraction", "labkit's dead_unit_fraction"):
                got = answer(activations)
            if _calls(dead_fraction, dead_unit_fraction):
                raise Wrong("this exercise asks you to count by hand, without calling labkit's dead_unit_fraction")
            expect(np.ndim(got) == 0, f"return one number, a share between 0 and 1; got shape {np.shape(got)}")
            expect(0.0 <= float(got) <= 1.0, f"a share is between 0 and 1; got {float(got):.3g} for {shown}")
            expect_close(got, want, f"for {shown} the dead fraction")

    return run_check(
        "02.2 dead ReLU units",
        dead_fraction,
        test,
        hint=("a unit is a column (one value per example, the rows); it is dead when it is exactly 0 on every "
              "example — one positive value anywhere, however small, keeps it alive; then take the share of such "
              "columns among all columns",
              "dead fraction = (number of columns j with a[i, j] = 0 for all rows i) / (number of columns)"),
    )
