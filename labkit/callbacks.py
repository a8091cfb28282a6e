"""Keras callbacks that measure during training — each tower's scores after every epoch
(:class:`EpochScores`), the gradient's norm at every step (:class:`GradientNormRecorder`), the
learning-rate range test (:class:`LearningRateRangeTest`) — and :func:`patience_rule`, the rule by
which ``keras.callbacks.EarlyStopping`` stops.
"""
from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence

import keras
import numpy as np
import tensorflow as tf

from labkit._validate import LabkitValueError, check_array, check_int, check_number, fail
from labkit.diagnostics import _loss_gradients, _norms
from labkit.metrics import class_scores
from labkit.towers import _forward, _pairs, _rows_for, tower_name, tower_seeds

__all__ = ["EpochScores", "GradientNormRecorder", "LearningRateRangeTest", "patience_rule"]

# a cache: GradientNormRecorder's last compiled function per model, with the rows it was compiled for
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class EpochScores(keras.callbacks.Callback):
    """Score the model on named data sets after every epoch, at inference (no dropout), per tower.

    Keras logs the training loss averaged over an epoch's batches, with dropout on; this callback
    measures what the weights at the end of each epoch actually do, on any rows you name.

    Parameters
    ----------
    data : dict of str to (x, y) or to {seed: (x, y)}
        The same rows for every tower (``{"test": split.test}``) or each seed's own rows
        (``{"val": {seed: splits[seed].val for seed in SEEDS}}``).

    Attributes
    ----------
    scores : dict
        ``scores[name][tower]["loss" | "accuracy"]`` is an array with one value per epoch; ``tower``
        is the seed for a towers model and ``"model"`` for a single-output model.

    Examples
    --------
    >>> scores = EpochScores({"val": {seed: splits[seed].val for seed in SEEDS}})  # doctest: +SKIP
    >>> fit(towers, splits, epochs=50, callbacks=[scores])  # doctest: +SKIP
    >>> scores.scores["val"][0]["loss"]  # doctest: +SKIP
    """

    def __init__(self, data: Mapping[str, object]) -> None:
        super().__init__()
        func = "EpochScores"
        if not isinstance(data, Mapping) or not data:
            fail("data", func, 'a non-empty dict of name → (x, y), like {"val": split.val}', data, kind=TypeError)
        self._pairs = {name: _pairs(item, "data", func, f"the entry {name!r}") for name, item in data.items()}
        self.scores: dict[str, dict] = {}

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._rows = {name: _rows_for(self.model, pairs, "data", "EpochScores") for name, pairs in self._pairs.items()}
        towers = len(next(iter(self._rows.values())))
        self._xs = [np.concatenate([rows[k][0] for rows in self._rows.values()])
                    for k in range(towers)]  # one call per epoch
        self._keys = list(tower_seeds(self.model)) or ["model"]
        self.scores = {name: {key: {"loss": [], "accuracy": []} for key in self._keys} for name in self._rows}

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        probabilities = _forward(self.model, self._xs)
        for k, key in enumerate(self._keys):
            start = 0
            for name, rows in self._rows.items():
                y = rows[k][1]
                scores = class_scores(probabilities[k][start : start + len(y)], y)
                start += len(y)
                for metric, value in scores.items():
                    self.scores[name][key][metric].append(value)

    def on_train_end(self, logs: dict | None = None) -> None:
        for per_tower in self.scores.values():
            for record in per_tower.values():
                for metric in record:
                    record[metric] = np.asarray(record[metric])


def patience_rule(val_losses: Sequence[float], patience: int, *, min_delta: float = 0.0) -> tuple[int, int]:
    """Where ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=..., min_delta=...)`` stops.

    An epoch improves when its loss is below the best so far by more than ``min_delta``; training
    stops at the first epoch that ends ``patience`` epochs without an improvement. It is the
    reference solution of exercise 05.

    Parameters
    ----------
    val_losses : sequence of float
        The monitored loss after each epoch, first epoch first; at least one, no NaN.
    patience : int >= 0
        Epochs without an improvement that stop training.
    min_delta : float >= 0, default 0
        The smallest decrease that counts as an improvement.

    Returns
    -------
    (stop_epoch, best_epoch) : tuple of int, 1-based
        ``stop_epoch`` is the number of epochs trained (all of them if the rule never fires);
        ``best_epoch`` is the last improving epoch — the one ``restore_best_weights`` restores.
        ``tests/test_models_training.py`` checks both against Keras's callback.
    """
    func = "patience_rule"
    losses = check_array(val_losses, "val_losses", func, ndim=1, dtype=np.float64)
    if len(losses) == 0:
        fail("val_losses", func, "at least one loss", val_losses)
    check_int(patience, "patience", func, low=0)
    check_number(min_delta, "min_delta", func, low=0.0)
    best, best_epoch, wait = losses[0], 1, 0
    for epoch in range(2, len(losses) + 1):
        wait += 1
        if losses[epoch - 1] < best - min_delta:
            best, best_epoch, wait = losses[epoch - 1], epoch, 0
        elif wait >= patience:
            return epoch, best_epoch
    return len(losses), best_epoch


class GradientNormRecorder(keras.callbacks.Callback):
    """The gradient's norm on fixed rows at the start of every training step, before clipping.

    With full-batch training (``batch_size`` = all rows, ``data`` = the training rows) this is exactly
    the gradient each step uses. For a towers model, pass each seed's own rows
    (``{seed: splits[seed].train}``): the loss is the sum of every tower's cross-entropy on its rows,
    so each tower's weights get their own tower's gradient. Compiled once per model; keep
    ``steps_per_execution=1`` (the callback sees one call per execution).

    The gradient and its norms are :mod:`labkit.diagnostics`' own (those of
    :func:`labkit.diagnostics.gradient_norms`), here compiled into a ``tf.function``.

    Parameters
    ----------
    data : (x, y) or {seed: (x, y)}

    Attributes
    ----------
    per_weight : dict of str to ndarray
        ``w.path`` → one norm per step.

    Methods
    -------
    tower_norms(seed) : the global norm of one tower's gradient (all its weights), per step.
    """

    def __init__(self, data: tuple[np.ndarray, np.ndarray] | Mapping[int, tuple[np.ndarray, np.ndarray]]) -> None:
        super().__init__()
        self._pairs = _pairs(data, "data", "GradientNormRecorder")
        self._function = None
        self.per_weight: dict[str, np.ndarray] = {}

    def _compile(self):
        model = self.model
        rows = _rows_for(model, self._pairs, "data", "GradientNormRecorder")
        cached = _NORMS.get(model)  # another recorder on the same rows of this model compiled it already
        if cached is not None and len(cached[0]) == len(rows) and all(
                np.array_equal(a, x) and np.array_equal(b, y) for (a, b), (x, y) in zip(cached[0], rows, strict=True)):
            return cached[1]
        xs = [tf.constant(x) for x, _ in rows]
        ys = [tf.constant(y) for _, y in rows]

        @tf.function
        def gradients():
            return _loss_gradients(model, xs, ys, model.trainable_weights, training=False)

        _NORMS[model] = (rows, gradients)  # the rows it was compiled for (it holds them as constants)
        return gradients

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._function = self._compile()  # compiled once per model and rows (the module's cache)
        self._rows: list[list[float]] = []

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._rows.append(_norms(self._function()))

    def on_train_end(self, logs: dict | None = None) -> None:
        table = np.array(self._rows, dtype=float).reshape(len(self._rows), -1)
        self.per_weight = {w.path: table[:, i] for i, w in enumerate(self.model.trainable_weights)}

    def tower_norms(self, seed: int | str) -> np.ndarray:
        """Global gradient norm of one tower (``seed``), or of the whole model (``"model"``), per step."""
        prefix = "" if seed == "model" else f"{tower_name(seed)}_" if isinstance(seed, (int, np.integer)) else "?"
        picked = [norms for path, norms in self.per_weight.items() if path.startswith(prefix)]
        if not picked:
            fail("seed", "GradientNormRecorder.tower_norms", "a seed of the towers model, or 'model'", seed)
        return np.sqrt(np.sum(np.square(picked), axis=0))


class LearningRateRangeTest(keras.callbacks.Callback):
    """L. Smith's learning-rate range test: raise the rate geometrically every step, record the loss.

    Train for ``steps`` batches (one ``fit`` with enough rows, ``steps_per_execution=1``); the rate
    goes from ``start`` to ``stop``. Training stops early once the loss is ``nan`` or above 4× its
    lowest value. Afterwards the optimizer keeps the last rate: ``reinitialize`` the model.

    Parameters
    ----------
    start : float > 0, default 1e-5
        The rate of the first step.
    stop : float > start, default 10
        The rate of step ``steps``.
    steps : int in [5, 100000], default 100
        Steps from ``start`` to ``stop``; training stops after them.

    Attributes
    ----------
    rates, losses : ndarray
        The rate used at each step and the training loss it gave (smoothed: an exponential moving
        average with factor 0.9, bias-corrected, as in the usual recipe).

    Methods
    -------
    suggestion() : the rate at the lowest smoothed loss, divided by 10 — a common rule of thumb.
    """

    def __init__(self, *, start: float = 1e-5, stop: float = 10.0, steps: int = 100) -> None:
        super().__init__()
        func = "LearningRateRangeTest"
        check_number(start, "start", func, low=0.0, low_open=True)
        check_number(stop, "stop", func, low=start, low_open=True)
        check_int(steps, "steps", func, low=5, high=100_000)
        self.start, self.stop, self.steps = float(start), float(stop), steps
        self.rates = np.array([])
        self.losses = np.array([])

    def _rate(self, step: int) -> float:
        return self.start * (self.stop / self.start) ** (step / (self.steps - 1))

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._rates, self._losses, self._average, self._step = [], [], 0.0, 0

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self.model.optimizer.learning_rate.assign(self._rate(self._step))

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._running = 0.0

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        running = float((logs or {}).get("loss", np.nan))  # Keras logs the epoch's mean so far
        loss = (batch + 1) * running - batch * self._running  # this batch's own loss
        self._running = running
        self._average = 0.9 * self._average + 0.1 * loss
        smoothed = self._average / (1 - 0.9 ** (self._step + 1))
        self._rates.append(self._rate(self._step))
        self._losses.append(smoothed)
        self._step += 1
        if not np.isfinite(smoothed) or smoothed > 4 * np.nanmin(self._losses) or self._step >= self.steps:
            self.model.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        self.rates, self.losses = np.array(self._rates), np.array(self._losses)

    def suggestion(self) -> float:
        """The rate at the lowest smoothed loss, divided by 10."""
        if len(self.losses) == 0:
            raise LabkitValueError("The LearningRateRangeTest has no record yet: pass it to fit first.")
        return float(self.rates[int(np.nanargmin(self.losses))] / 10)
