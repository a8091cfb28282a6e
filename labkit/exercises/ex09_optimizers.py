"""Checks for notebook 09 (optimizers): a momentum step and an Adam step in numpy, compared with Keras's SGD and
Adam applied to the same gradients, several steps in a row, and with the lesson's formulas on several shapes and
settings, comparing every returned value (the velocity, the moments), not only the new weights."""
from __future__ import annotations

import keras
import numpy as np

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_adam_step", "check_momentum_step"]

HINT_MOMENTUM = (
    "the velocity remembers the past steps: keep the fraction `momentum` of the old velocity and add this step's "
    "downhill move (against the gradient, scaled by the learning rate); then move w by the whole new velocity, "
    "and return the new velocity too (it is what the next step starts from)",
    "v_new = μ·v − η·∇; w_new = w + v_new (μ the momentum, η the learning rate)",
)

HINT_ADAM = (
    "two running averages, of the gradient and of its square, each started at 0 and so too small at first: divide "
    "each by one minus its β to the power t (t counts from 1) before the step; the step divides the first by the "
    "square root of the second, with ε added after the root; return the uncorrected averages",
    "m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); w ← w − η·m̂/(√v̂ + ε)",
)


def _gradients(steps: int, shape: tuple[int, ...] = (4, 3), seed: int = 12) -> tuple[np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape).astype("float32"), [rng.normal(size=shape).astype("float32") for _ in range(steps)]


def _keras_path(optimizer: keras.optimizers.Optimizer, w0: np.ndarray, grads: list[np.ndarray]) -> list[np.ndarray]:
    variable = keras.Variable(w0)
    path = []
    for g in grads:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), variable)])
        path.append(keras.ops.convert_to_numpy(variable).copy())
    return path


def _parts(result, n: int, names: str) -> list[np.ndarray]:
    expect(isinstance(result, tuple) and len(result) == n, f"return a tuple {names}")
    return [np.asarray(part, dtype=float) for part in result]


def check_momentum_step(momentum_step) -> CheckResult:
    """``momentum_step(w, grad, velocity, learning_rate, momentum)`` → ``(new_w, new_velocity)`` as Keras's SGD."""

    def test(answer):
        w0, grads = _gradients(4)
        for learning_rate, momentum in ((0.1, 0.9), (0.05, 0.5)):
            want = _keras_path(keras.optimizers.SGD(learning_rate=learning_rate, momentum=momentum), w0, grads)
            w, velocity, v_want = w0.astype(float), np.zeros_like(w0, dtype=float), np.zeros_like(w0, dtype=float)
            for step, (g, target) in enumerate(zip(grads, want, strict=True), start=1):
                v_want = momentum * v_want - learning_rate * g.astype(float)
                w, velocity = _parts(answer(w, g.astype(float), velocity, learning_rate, momentum), 2,
                                     "(new_w, new_velocity)")
                setting = f"step {step} (learning_rate={learning_rate}, momentum={momentum})"
                expect_close(w, target, f"w after {setting}, against Keras", rtol=1e-4, atol=1e-6)
                expect_close(velocity, v_want, f"the velocity you return after {setting} (Keras's sign: "
                             "the velocity is the step itself, pointing downhill)", rtol=1e-6, atol=1e-9)
        rng = np.random.default_rng(91)
        cases = [  # (w, grad, velocity, learning_rate, momentum): shapes, a moving start, a zero gradient
            (rng.normal(size=5), rng.normal(size=5), rng.normal(size=5), 0.3, 0.0),
            (rng.normal(size=(2, 6)), rng.normal(size=(2, 6)), rng.normal(size=(2, 6)), 0.01, 0.99),
            (rng.normal(size=(1, 3)), np.zeros((1, 3)), rng.normal(size=(1, 3)), 0.2, 0.7),
            (rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), np.zeros((3, 2)), 1.5, 0.25),
        ]
        for w, grad, velocity, learning_rate, momentum in cases:
            v_want = momentum * velocity - learning_rate * grad
            w_want = w + v_want
            new_w, new_v = _parts(answer(w, grad, velocity, learning_rate, momentum), 2, "(new_w, new_velocity)")
            setting = (f"for w of shape {w.shape}, learning_rate={learning_rate}, momentum={momentum}"
                       + (", a zero gradient" if not grad.any() else "")
                       + (", a non-zero starting velocity" if velocity.any() else ""))
            expect_close(new_v, v_want, f"{setting}, the new velocity", rtol=1e-6, atol=1e-9)
            expect_close(new_w, w_want, f"{setting}, the new w", rtol=1e-6, atol=1e-9)
        w, grad = rng.normal(size=4), rng.normal(size=4)
        expect_close(answer(w, grad, np.ones(4), 0.1)[1], 0.9 * np.ones(4) - 0.1 * grad,
                     "with the default momentum (0.9), the new velocity", rtol=1e-6, atol=1e-9)

    return run_check("09.1 a momentum step", momentum_step, test, hint=HINT_MOMENTUM)


def _adam(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    return w - learning_rate * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon), m, v


def check_adam_step(adam_step) -> CheckResult:
    """``adam_step(w, grad, m, v, t, ...)`` → ``(new_w, m, v)`` as Keras's Adam, step t from 1."""

    def test(answer):
        w0, grads = _gradients(6)
        for learning_rate in (0.001, 0.05):
            want = _keras_path(keras.optimizers.Adam(learning_rate=learning_rate), w0, grads)
            w, m, v = w0.astype(float), np.zeros_like(w0, dtype=float), np.zeros_like(w0, dtype=float)
            for t, (g, target) in enumerate(zip(grads, want, strict=True), start=1):
                w, m, v = _parts(answer(w, g.astype(float), m, v, t, learning_rate=learning_rate), 3, "(new_w, m, v)")
                expect_close(w, target, f"w after step {t} (learning_rate={learning_rate}), against Keras's Adam",
                             rtol=1e-4, atol=1e-6)
        rng = np.random.default_rng(92)
        settings = [  # shapes, every argument changed, tiny gradients (where ε's place shows), a zero gradient
            ((5,), dict(learning_rate=0.01, beta_1=0.5, beta_2=0.9, epsilon=1e-7), 1.0),
            ((2, 3), dict(learning_rate=0.1, beta_1=0.8, beta_2=0.99, epsilon=1e-3), 1e-3),
            ((1, 4), dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7), 1e-5),
            ((3, 1), dict(learning_rate=0.02, beta_1=0.95, beta_2=0.5, epsilon=0.1), 2.0),
        ]
        for shape, options, scale in settings:
            w = rng.normal(size=shape)
            m, v = np.zeros(shape), np.zeros(shape)
            w_want, m_want, v_want = w.copy(), m.copy(), v.copy()
            for t in range(1, 5):
                g = np.zeros(shape) if t == 3 else rng.normal(size=shape) * scale
                w_want, m_want, v_want = _adam(w_want, g, m_want, v_want, t, **options)
                w, m, v = _parts(answer(w, g, m, v, t, **options), 3, "(new_w, m, v)")
                where = (f"at step t={t} with w of shape {shape}, gradients of size about {scale:g}"
                         + (" (this step's gradient is zero)" if t == 3 else "") + f", {options}")
                expect_close(m, m_want, f"{where}: the m you return (the moving average itself, before the bias "
                             "correction)", rtol=1e-6, atol=1e-12)
                expect_close(v, v_want, f"{where}: the v you return (the moving average of g², before the bias "
                             "correction)", rtol=1e-6, atol=1e-15)
                expect_close(w, w_want, f"{where}: the new w", rtol=1e-6, atol=1e-12)

    return run_check("09.2 an Adam step", adam_step, test, hint=HINT_ADAM)
