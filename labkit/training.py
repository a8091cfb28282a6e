"""Training: :func:`fit`, a quiet ``model.fit`` on a ``tf.data`` pipeline built once (about twice as
fast as numpy arrays for the small models of this workbook), with a one-line progress display
(:class:`CompactProgress`) instead of Keras' progress bars, returning a :class:`TrainingHistory` that
plots. It also trains towers models (:func:`labkit.models.build_towers`) on one data set per seed —
``fit(towers, {seed: split})`` — each tower on its own rows in its own order; ``history.tower(seed)``
gives one tower's curves.
"""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import keras
import numpy as np
import tensorflow as tf
from IPython import get_ipython
from IPython.display import Pretty, display

from labkit._validate import check_bool, check_int, check_number, fail
from labkit.data import Split, replica_seed
from labkit.plots import plot_history
from labkit.towers import (
    _check_inputs,
    _per_seed_rows,
    _TowerScores,
    tower_input_name,
    tower_name,
    tower_names,
    tower_seed,
    tower_seeds,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CompactProgress", "TrainingHistory", "fit"]


@dataclass
class TrainingHistory:
    """Per-epoch metrics of one ``fit``.

    Attributes
    ----------
    metrics : dict of str to ndarray of shape (epochs,)
        Keras' names: ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy`` (towers:
        ``seed_0_loss`` ...). ``loss`` is Keras's mean over the epoch's batches, in training mode
        (dropout on). For a towers model, ``accuracy`` (on the training rows), ``val_loss`` and
        ``val_accuracy`` are measured after each epoch at inference (dropout off); for a single
        model they are Keras's own.
    seconds : float
        Wall time of the fit.
    """

    metrics: dict[str, np.ndarray]
    seconds: float
    towers: tuple[str, ...] = field(default=())

    @property
    def epochs(self) -> int:
        return len(next(iter(self.metrics.values()))) if self.metrics else 0

    def __getitem__(self, metric: str) -> np.ndarray:
        if not isinstance(metric, str) or metric not in self.metrics:
            fail("metric", "TrainingHistory", f"one of {', '.join(map(repr, self.metrics))}", metric)
        return self.metrics[metric]

    def best_epoch(self, metric: str = "val_loss") -> int:
        """1-based epoch where ``metric`` is best (lowest for losses, highest otherwise)."""
        values = self[metric]
        index = int(np.argmin(values) if "loss" in metric else np.argmax(values))
        return index + 1

    def final(self, metric: str) -> float:
        """The metric's value after the last epoch."""
        return float(self[metric][-1])

    def tower(self, name: str | int) -> TrainingHistory:
        """One tower's curves, renamed to ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``."""
        key = tower_name(int(name)) if isinstance(name, (int, np.integer)) else name
        if key not in self.towers:
            fail("name", "TrainingHistory.tower", f"one of {', '.join(map(repr, self.towers))}", name)
        picked = {}
        for metric, values in self.metrics.items():
            for prefix in ("val_", ""):
                head = f"{prefix}{key}_"
                if metric.startswith(head):
                    picked[prefix + metric[len(head):]] = values
        return TrainingHistory(metrics=picked, seconds=self.seconds)

    def plot(self, metrics: Sequence[str] = ("loss",), *, ax: Axes | None = None, title: str | None = None) -> Axes:
        """Training and validation curves; see :func:`labkit.plots.plot_history`.

        Parameters
        ----------
        metrics : sequence of str, default ("loss",)
            Metrics to draw, each with its ``val_`` curve when there is one.
        ax : matplotlib Axes, optional
            Draw into these axes (default: a new figure).
        title : str, optional

        Returns
        -------
        matplotlib Axes
        """
        return plot_history(self, metrics=metrics, ax=ax, title=title)

    def __repr__(self) -> str:
        last = ", ".join(f"{k} {v[-1]:.3g}"
                         for k, v in self.metrics.items() if tower_seed(k.removeprefix("val_")) is None)
        return f"TrainingHistory({self.epochs} epochs in {self.seconds:.1f} s; last: {last})"


def _in_notebook() -> bool:
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class CompactProgress(keras.callbacks.Callback):
    """One updating line, ``epoch 12/40 · loss 0.213 · val_loss 0.301 · 2.1 s``, instead of progress bars.

    In a notebook the line updates in place (at most four times a second); elsewhere one line is
    printed at the end. For towers models the per-tower values are averaged.
    """

    def __init__(self, epochs: int, *, label: str = "", every: float = 0.25) -> None:
        super().__init__()
        self.epochs = check_int(epochs, "epochs", "CompactProgress", low=1)
        if not isinstance(label, str):
            fail("label", "CompactProgress", "a str", label, kind=TypeError)
        self.label = label
        check_number(every, "every", "CompactProgress", low=0.0)
        self.every = every
        self._handle = None
        self._start = 0.0
        self._shown = 0.0
        self._text = ""

    def _line(self, epoch: int, logs: dict) -> str:
        groups: dict[str, list[float]] = {"loss": [], "val_loss": [], "accuracy": [], "val_accuracy": []}
        towers = any(tower_seed(key.removeprefix("val_")) is not None for key in logs)
        for key, value in logs.items():
            is_val = key.startswith("val_")
            base = key[4:] if is_val else key
            if towers:
                seed = tower_seed(base)
                if seed is None:
                    continue  # the summed loss of all towers
                base = base[len(tower_name(seed)) + 1:]  # seed_0_loss -> loss
            name = ("val_" if is_val else "") + base
            if name in groups:
                groups[name].append(float(value))
        parts = [f"epoch {epoch}/{self.epochs}"]
        parts += [f"{key} {np.mean(values):.3f}" for key, values in groups.items() if values]
        parts.append(f"{time.perf_counter() - self._start:.1f} s")
        prefix = f"{self.label}: " if self.label else ""
        return prefix + " · ".join(parts)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._start = time.perf_counter()
        if _in_notebook():
            self._handle = display(self._as_text("training ..."), display_id=True)

    @staticmethod
    def _as_text(text: str):
        return Pretty(text)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self._text = self._line(epoch + 1, logs or {})
        now = time.perf_counter()
        if self._handle is not None and now - self._shown >= self.every:
            self._handle.update(self._as_text(self._text))
            self._shown = now

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._handle is not None:
            self._handle.update(self._as_text(self._text))
        elif self._text:
            print(self._text)


def _dataset(x: np.ndarray, y: np.ndarray, *, batch_size: int, shuffle: bool, seed: int, passes: int = 1):
    """Batches of (x, y) in a seeded order, each pass shuffled afresh: the same for a tower and a lone model."""
    if _one_batch_a_pass(len(x), batch_size, passes):  # one batch a pass: the rows as one tensor
        # the same batches as slicing, shuffling within and batching, in a fraction of the time (no per-row
        # work, which dominated full-batch steps); a shuffled full batch changes only the order of a sum
        return tf.data.Dataset.from_tensors((x, y)).repeat(passes)
    data = tf.data.Dataset.from_tensor_slices((x, y)).cache()
    if shuffle:
        data = data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    if passes > 1:
        data = data.repeat(passes)  # each pass in its own shuffled order
    return data.batch(batch_size)


def _one_batch_a_pass(n_rows: int, batch_size: int, passes: int) -> bool:
    """Whether :func:`_dataset` takes its fast path: every batch all the rows."""
    return batch_size == n_rows or (batch_size > n_rows and passes == 1)


def _all_epochs(train: tf.data.Dataset, *, full_batches: bool, passes: int, epochs: int,
                steps_per_execution: int) -> tuple[tf.data.Dataset, int | None]:
    """The epoch's dataset for every epoch, and the ``steps_per_epoch`` that keeps Keras on one iterator.

    Keras otherwise opens a new iterator every epoch (about 15 ms each for the towers' zipped datasets, as
    much as the 4 full-batch steps of one of 07's epochs). Only for full batches, whose batches are the same
    whatever the iterator (a new iterator reshuffles differently from a repetition), and only when an epoch
    is a whole number of Keras calls: a call runs ``steps_per_execution`` steps, and would otherwise run on
    into the next epoch's batches.
    """
    if not full_batches or passes % steps_per_execution:
        return train.prefetch(2), None
    return train.repeat(epochs).prefetch(2), passes


def _same_rows(rows: list[tuple[np.ndarray, np.ndarray]], name: str, func: str) -> None:
    counts = sorted({len(y) for _, y in rows})
    if len(counts) > 1:
        fail(name, func, "one set of rows per seed, all of the same size (towers train in step)", f"sizes {counts}")


def fit(
    model: keras.Model,
    data: Split | tuple[np.ndarray, np.ndarray] | Mapping[int, Split | tuple[np.ndarray, np.ndarray]],
    *,
    validation: tuple[np.ndarray, np.ndarray] | Mapping[int, tuple[np.ndarray, np.ndarray]] | None = None,
    epochs: int = 20,
    batch_size: int = 64,
    shuffle: bool = True,
    passes_per_epoch: int = 1,
    callbacks: Sequence[keras.callbacks.Callback] = (),
    progress: bool = True,
    label: str = "",
    seed: int = 0,
    replica: int = 0,
) -> TrainingHistory:
    """Train a compiled Keras model quietly and return its history.

    Parameters
    ----------
    model : keras.Model
        Compiled, e.g. from :func:`labkit.models.build_mlp` or :func:`labkit.models.build_towers`.
    data : Split, (x, y), or for a towers model {seed: Split} or {seed: (x, y)}
        A :class:`labkit.data.Split` trains on its training rows and validates on its validation
        rows; a pair ``(x, y)`` trains on it (x of shape (n, n_features), y of shape (n,)). A towers
        model needs one entry per seed: each tower trains on its own seed's rows, shuffled with
        that seed, exactly as ``fit(build_mlp(seed=s), data[s], seed=s)`` would train it alone.
    validation : (x, y) or {seed: (x, y)}, optional
        Validation rows for pairs (Splits bring their own).
    epochs : int, default 20
    batch_size : int, default 64
    shuffle : bool, default True
        Reshuffle the training rows every pass (seeded by ``seed``; in a towers model by each tower's seed).
    passes_per_epoch : int, default 1
        Passes over the training rows per Keras epoch. Small data sets pay a fixed cost per epoch
        (callbacks, validation); several passes per epoch buy many steps cheaply, e.g. 2,000
        full-batch steps as 100 epochs of 20 passes. Callbacks and the history see epochs.
    callbacks : list of keras callbacks
        E.g. ``[keras.callbacks.EarlyStopping(patience=5)]``.
    progress : bool, default True
        Show the one-line progress display.
    label : str
        Shown before the progress line.
    seed : int, default 0
        Seed of the batch order of a single model (a towers model uses its towers' seeds).
    replica : int, default 0
        For a towers model: shuffle each tower's rows in the order of replica ``replica`` of its
        seed (:func:`labkit.data.replica_seed`); pair it with ``reinitialize(model, replica=...)``.

    Returns
    -------
    TrainingHistory

    Raises
    ------
    TypeError, ValueError
        On a bad argument (wrong shape, labels out of range, ...), with one line naming it.

    Notes
    -----
    The plain Keras this stands for (one model, arrays)::

        history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=20, batch_size=64, verbose=0)
    """
    func = "fit"
    if not isinstance(model, keras.Model):
        fail("model", func, "a keras.Model", model, kind=TypeError)
    if getattr(model, "optimizer", None) is None:
        fail("model", func, "a compiled keras.Model (call model.compile first)", model)
    epochs = check_int(epochs, "epochs", func, low=1, high=100_000)
    batch_size = check_int(batch_size, "batch_size", func, low=1, high=10**7)
    check_bool(shuffle, "shuffle", func)
    if not isinstance(label, str):
        fail("label", func, "a str", label, kind=TypeError)
    passes_per_epoch = check_int(passes_per_epoch, "passes_per_epoch", func, low=1, high=100_000)
    check_bool(progress, "progress", func)
    check_int(seed, "seed", func, low=0)
    replica = check_int(replica, "replica", func, low=0, high=10_000)
    if isinstance(callbacks, keras.callbacks.Callback) or not isinstance(callbacks, (list, tuple)) or not all(
        isinstance(c, keras.callbacks.Callback) for c in callbacks
    ):
        fail("callbacks", func, "a list of keras callbacks, like [keras.callbacks.EarlyStopping()]", callbacks,
             kind=TypeError)
    seeds = tower_seeds(model)
    if seeds:
        rows = _per_seed_rows(model, data, func, shared=False)
        _same_rows(rows, "data", func)
        if validation is None and isinstance(data, Mapping) and all(isinstance(v, Split) for v in data.values()):
            validation = {s: data[s].val for s in seeds}
        val_rows = None if validation is None else _per_seed_rows(model, validation, func, name="validation")
        if val_rows is not None:
            _same_rows(val_rows, "validation", func)
        inputs, outputs = [tower_input_name(s) for s in seeds], tower_names(seeds)

        def merge(*items):
            return ({n: item[0] for n, item in zip(inputs, items, strict=True)},
                    {n: item[1] for n, item in zip(outputs, items, strict=True)})

        parts = [_dataset(x, y, batch_size=batch_size, shuffle=shuffle, seed=replica_seed(s, replica),
                          passes=passes_per_epoch)
                 for (x, y), s in zip(rows, seeds, strict=True)]
        train = tf.data.Dataset.zip(tuple(parts)).map(merge)
        n_rows = len(rows[0][1])
        val = None  # the towers' scores come from _TowerScores: one compiled forward pass per epoch
        scores = _TowerScores(rows, val_rows)
    else:
        if isinstance(data, Split):
            x, y = data.x_train, data.y_train
            validation = data.val if validation is None else validation
        elif isinstance(data, tuple) and len(data) == 2:
            x, y = data
        else:
            fail("data", func, "a labkit Split or a pair (x, y)", data, kind=TypeError)
        x, y = _check_inputs(model, x, y, func)
        train = _dataset(x, y, batch_size=batch_size, shuffle=shuffle, seed=replica_seed(seed, replica),
                         passes=passes_per_epoch)
        n_rows = len(y)
        val = None
        if validation is not None:
            if not (isinstance(validation, tuple) and len(validation) == 2):
                fail("validation", func, "a pair (x_val, y_val)", validation, kind=TypeError)
            x_val, y_val = _check_inputs(model, *validation, func, names=("validation[0]", "validation[1]"))
            val = _dataset(x_val, y_val, batch_size=max(batch_size, 1024), shuffle=False, seed=seed)
    all_callbacks = ([scores] if seeds else []) + list(callbacks)  # the scores first: later callbacks read them
    if progress:
        all_callbacks.append(CompactProgress(epochs, label=label))
    train, steps_per_epoch = _all_epochs(train, full_batches=_one_batch_a_pass(n_rows, batch_size, passes_per_epoch),
                                         passes=passes_per_epoch, epochs=epochs,
                                         steps_per_execution=int(model.steps_per_execution))
    start = time.perf_counter()
    keras_history = model.fit(train, validation_data=val, epochs=epochs, steps_per_epoch=steps_per_epoch, verbose=0,
                              callbacks=all_callbacks, shuffle=False)
    seconds = time.perf_counter() - start
    metrics = {key: np.asarray(values, dtype=float) for key, values in keras_history.history.items()}
    return TrainingHistory(metrics=metrics, seconds=seconds, towers=tuple(tower_names(seeds)))
