"""Checks for notebook 09 (optimizers): a momentum step and an Adam step in numpy, compared with Keras's SGD and
Adam applied to the same gradients, several steps in a row."""
from __future__ import annotations

import keras
import numpy as np

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_adam_step", "check_momentum_step"]


def _gradients(steps: int) -> tuple[np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(12)
    return rng.normal(size=(4, 3)).astype("float32"), [rng.normal(size=(4, 3)).astype("float32") for _ in range(steps)]


def _keras_path(optimizer: keras.optimizers.Optimizer, w0: np.ndarray, grads: list[np.ndarray]) -> list[np.ndarray]:
    variable = keras.Variable(w0)
    path = []
    for g in grads:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), variable)])
        path.append(keras.ops.convert_to_numpy(variable).copy())
    return path


def check_momentum_step(momentum_step) -> CheckResult:
    """``momentum_step(w, grad, velocity, learning_rate, momentum)`` → ``(new_w, new_velocity)`` as Keras's SGD."""

    def test(answer):
        w0, grads = _gradients(4)
        for learning_rate, momentum in ((0.1, 0.9), (0.05, 0.5)):
            want = _keras_path(keras.optimizers.SGD(learning_rate=learning_rate, momentum=momentum), w0, grads)
            w, velocity = w0.astype(float), np.zeros_like(w0, dtype=float)
            for step, (g, target) in enumerate(zip(grads, want, strict=True), start=1):
                result = answer(w, g.astype(float), velocity, learning_rate, momentum)
                expect(isinstance(result, tuple) and len(result) == 2, "return a pair (new_w, new_velocity)")
                w, velocity = (np.asarray(part, dtype=float) for part in result)
                expect_close(w, target,
                             f"w after step {step} (learning_rate={learning_rate}, momentum={momentum}), against Keras",
                             rtol=1e-4, atol=1e-6)

    return run_check(
        "09.1 a momentum step",
        momentum_step,
        test,
        hint="velocity = momentum * velocity - learning_rate * grad; return w + velocity, velocity",
    )


def check_adam_step(adam_step) -> CheckResult:
    """``adam_step(w, grad, m, v, t, ...)`` → ``(new_w, m, v)`` as Keras's Adam, step t from 1."""

    def test(answer):
        w0, grads = _gradients(6)
        for learning_rate in (0.001, 0.05):
            want = _keras_path(keras.optimizers.Adam(learning_rate=learning_rate), w0, grads)
            w, m, v = w0.astype(float), np.zeros_like(w0, dtype=float), np.zeros_like(w0, dtype=float)
            for t, (g, target) in enumerate(zip(grads, want, strict=True), start=1):
                result = answer(w, g.astype(float), m, v, t, learning_rate=learning_rate)
                expect(isinstance(result, tuple) and len(result) == 3, "return a triple (new_w, m, v)")
                w, m, v = (np.asarray(part, dtype=float) for part in result)
                expect_close(w, target, f"w after step {t} (learning_rate={learning_rate}), against Keras's Adam",
                             rtol=1e-4, atol=1e-6)

    return run_check(
        "09.2 an Adam step",
        adam_step,
        test,
        hint="m = beta_1*m + (1-beta_1)*g; v = beta_2*v + (1-beta_2)*g**2; m_hat = m/(1-beta_1**t); "
        "v_hat = v/(1-beta_2**t); w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)",
    )
