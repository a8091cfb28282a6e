"""Training: a quiet ``fit`` with a one-line progress display, and a history that plots.

``fit`` feeds Keras a ``tf.data`` pipeline built once (about twice as fast as numpy arrays for the
small models of this workbook), shows one line of progress instead of Keras' progress bars, and
returns a :class:`TrainingHistory`. It also trains towers models (``labkit.models.build_towers``)
on one data set per seed — ``fit(towers, {seed: split})`` — each tower on its own rows in its own
order, and ``history.tower(seed)`` gives one tower's curves.

``evaluate_towers`` and ``predict_towers`` score every tower, on each seed's rows or on shared ones
(the fixed test rows); ``sweep`` trains one towers model once per setting (penalty, dropout rate,
learning rate ...) and scores each run, tracing the model once for the whole sweep.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import keras
import numpy as np

from labkit._validate import (
    LabkitValueError,
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_labels,
    check_number,
    check_same_rows,
    fail,
)
from labkit.data import Split, replica_seed
from labkit.models import reinitialize, tower_input_name, tower_name, tower_names, tower_seed, tower_seeds

__all__ = ["CompactProgress", "EpochScores", "GradientNormRecorder", "LearningRateRangeTest", "SweepRun", "patience_rule", "TrainingHistory", "evaluate", "evaluate_towers", "fit", "predict_towers", "sweep"]


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
        if metric not in self.metrics:
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

    def plot(self, metrics: Sequence[str] = ("loss",), *, ax=None, title: str | None = None):
        """Training and validation curves; see :func:`labkit.plots.plot_history`."""
        from labkit.plots import plot_history  # noqa: PLC0415 - plots imports matplotlib

        return plot_history(self, metrics=metrics, ax=ax, title=title)

    def __repr__(self) -> str:
        last = ", ".join(f"{k} {v[-1]:.3g}" for k, v in self.metrics.items() if tower_seed(k.removeprefix("val_")) is None)
        return f"TrainingHistory({self.epochs} epochs in {self.seconds:.1f} s; last: {last})"


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython  # noqa: PLC0415
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


class CompactProgress(keras.callbacks.Callback):
    """One updating line, ``epoch 12/40 · loss 0.213 · val_loss 0.301 · 2.1 s``, instead of progress bars.

    In a notebook the line updates in place (at most four times a second); elsewhere one line is
    printed at the end. For towers models the per-tower values are averaged.
    """

    def __init__(self, epochs: int, *, label: str = "", every: float = 0.25) -> None:
        super().__init__()
        self.epochs = epochs
        self.label = label
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

    def on_train_begin(self, logs=None):  # noqa: ANN001
        self._start = time.perf_counter()
        if _in_notebook():
            from IPython.display import display  # noqa: PLC0415

            self._handle = display(self._as_text("training ..."), display_id=True)

    @staticmethod
    def _as_text(text: str):
        from IPython.display import Pretty  # noqa: PLC0415

        return Pretty(text)

    def on_epoch_end(self, epoch, logs=None):  # noqa: ANN001
        self._text = self._line(epoch + 1, logs or {})
        now = time.perf_counter()
        if self._handle is not None and now - self._shown >= self.every:
            self._handle.update(self._as_text(self._text))
            self._shown = now

    def on_train_end(self, logs=None):  # noqa: ANN001
        if self._handle is not None:
            self._handle.update(self._as_text(self._text))
        elif self._text:
            print(self._text)


def _dataset(x: np.ndarray, y, *, batch_size: int, shuffle: bool, seed: int, passes: int = 1):
    """Batches of (x, y) in a seeded order, each pass shuffled afresh: the same for a tower and a lone model."""
    import tensorflow as tf  # noqa: PLC0415

    data = tf.data.Dataset.from_tensor_slices((x, y)).cache()
    if shuffle:
        data = data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    if passes > 1:
        data = data.repeat(passes)  # each pass in its own shuffled order
    return data.batch(batch_size)


def _check_inputs(model: keras.Model, x, y, func: str, names=("x", "y")) -> tuple[np.ndarray, np.ndarray]:
    x = check_array(x, names[0], func, ndim=2)
    y = check_labels(y, names[1], func)
    check_same_rows(x, y, func, names)
    if len(y) == 0:
        fail(names[1], func, "at least one row", y)
    n_features = model.inputs[0].shape[-1]
    if n_features is not None and x.shape[1] != n_features:
        raise LabkitValueError(
            f"The '{names[0]}' argument of {func} must have {n_features} columns, as the model's input. "
            f"Got {x.shape[1]} instead."
        )
    n_classes = model.outputs[0].shape[-1]
    if n_classes is not None and (y.min() < 0 or y.max() >= n_classes):
        raise LabkitValueError(
            f"The '{names[1]}' argument of {func} must hold class labels 0 .. {n_classes - 1}. "
            f"Got labels from {y.min()} to {y.max()} instead."
        )
    return x.astype("float32", copy=False), y


_PARTS = ("train", "val", "test")


def _per_seed_rows(
    model: keras.Model, data, func: str, *, name: str = "data", part: str = "train", shared: bool = True
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One checked ``(x, y)`` per tower of a towers model, in the order of its seeds.

    ``data`` is ``{seed: Split}`` (``part`` picks the rows), ``{seed: (x, y)}``, or — when
    ``shared`` — one ``(x, y)`` (or one Split) for every tower, e.g. the test rows.
    """
    seeds = tower_seeds(model)
    if isinstance(data, Mapping):
        keys = tuple(data)
        if set(keys) != set(seeds):
            fail(name, func, f"one entry per seed of the towers model, keys {seeds}", f"keys {keys}")
        items = [data[seed] for seed in seeds]
    elif shared and (isinstance(data, Split) or (isinstance(data, tuple) and len(data) == 2)):
        items = [data] * len(seeds)
    else:
        expected = "a dict {seed: Split} or {seed: (x, y)}" + (", or one (x, y) for every tower" if shared else "")
        fail(name, func, expected + f" (the towers' seeds are {seeds})", data, kind=TypeError)
    rows = []
    for seed, item in zip(seeds, items):
        label = f"{name}[{seed}]" if isinstance(data, Mapping) else name
        if isinstance(item, Split):
            item = getattr(item, part)
        if not (isinstance(item, tuple) and len(item) == 2):
            fail(label, func, "a labkit Split or a pair (x, y)", item, kind=TypeError)
        rows.append(_check_inputs(model, *item, func, names=(f"{label}[0]", f"{label}[1]")))
    return rows


def _same_rows(rows: list[tuple[np.ndarray, np.ndarray]], name: str, func: str) -> None:
    counts = sorted({len(y) for _, y in rows})
    if len(counts) > 1:
        fail(name, func, "one set of rows per seed, all of the same size (towers train in step)", f"sizes {counts}")


def fit(
    model: keras.Model,
    data,
    *,
    validation=None,
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
    import tensorflow as tf  # noqa: PLC0415

    func = "fit"
    if not isinstance(model, keras.Model):
        fail("model", func, "a keras.Model", model, kind=TypeError)
    if getattr(model, "optimizer", None) is None:
        fail("model", func, "a compiled keras.Model (call model.compile first)", model)
    epochs = check_int(epochs, "epochs", func, low=1, high=100_000)
    batch_size = check_int(batch_size, "batch_size", func, low=1)
    check_bool(shuffle, "shuffle", func)
    passes_per_epoch = check_int(passes_per_epoch, "passes_per_epoch", func, low=1, high=100_000)
    check_bool(progress, "progress", func)
    check_int(seed, "seed", func, low=0)
    replica = check_int(replica, "replica", func, low=0, high=10_000)
    if isinstance(callbacks, keras.callbacks.Callback) or not isinstance(callbacks, (list, tuple)) or not all(
        isinstance(c, keras.callbacks.Callback) for c in callbacks
    ):
        fail("callbacks", func, "a list of keras callbacks, like [keras.callbacks.EarlyStopping()]", callbacks, kind=TypeError)
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
            return {n: item[0] for n, item in zip(inputs, items)}, {n: item[1] for n, item in zip(outputs, items)}

        parts = [_dataset(x, y, batch_size=batch_size, shuffle=shuffle, seed=replica_seed(s, replica), passes=passes_per_epoch)
                 for (x, y), s in zip(rows, seeds)]
        train = tf.data.Dataset.zip(tuple(parts)).map(merge).prefetch(2)
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
        train = _dataset(x, y, batch_size=batch_size, shuffle=shuffle, seed=replica_seed(seed, replica), passes=passes_per_epoch).prefetch(2)
        val = None
        if validation is not None:
            if not (isinstance(validation, tuple) and len(validation) == 2):
                fail("validation", func, "a pair (x_val, y_val)", validation, kind=TypeError)
            x_val, y_val = _check_inputs(model, *validation, func, names=("validation[0]", "validation[1]"))
            val = _dataset(x_val, y_val, batch_size=max(batch_size, 1024), shuffle=False, seed=seed)
    all_callbacks = ([scores] if seeds else []) + list(callbacks)  # the scores first: later callbacks read them
    if progress:
        all_callbacks.append(CompactProgress(epochs, label=label))
    start = time.perf_counter()
    keras_history = model.fit(train, validation_data=val, epochs=epochs, verbose=0, callbacks=all_callbacks, shuffle=False)
    seconds = time.perf_counter() - start
    metrics = {key: np.asarray(values, dtype=float) for key, values in keras_history.history.items()}
    return TrainingHistory(metrics=metrics, seconds=seconds, towers=tuple(tower_names(seeds)))


def class_scores(proba: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Accuracy and mean cross-entropy (log-loss) of class probabilities ``proba`` (n, classes) for labels ``y``.

    The one implementation labkit uses (Keras's loss clips probabilities at 1e-7 the same way).
    """
    proba = np.asarray(proba, dtype=np.float64)
    picked = np.clip(proba[np.arange(len(y)), y], 1e-7, 1.0)
    return {"accuracy": float(np.mean(proba.argmax(axis=1) == y)), "loss": float(-np.mean(np.log(picked)))}


_FORWARD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a cache: one compiled forward pass per model
_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a cache: GradientNormRecorder's last compiled function per model


def _compiled_forward(model: keras.Model):
    """The model's inference pass as a ``tf.function`` for any number of rows, compiled once per model."""
    function = _FORWARD.get(model)
    if function is None:
        import tensorflow as tf  # noqa: PLC0415

        spec = tf.TensorSpec((None, model.inputs[0].shape[-1]), tf.float32)
        seeds = tower_seeds(model)
        if seeds:
            names = tower_names(seeds)
            function = tf.function(lambda inputs: [model(inputs, training=False)[name] for name in names],
                                   input_signature=[{tower_input_name(s): spec for s in seeds}])
        else:
            function = tf.function(lambda x: [model(x, training=False)], input_signature=[spec])
        _FORWARD[model] = function
    return function


def _forward(model: keras.Model, xs: list[np.ndarray], *, chunk: int = 4096) -> list[np.ndarray]:
    """Class probabilities of every tower (or the one model) at inference, one array per entry of ``xs``.

    Towers whose row counts differ are padded and cut back.
    """
    seeds = tower_seeds(model)
    function = _compiled_forward(model)
    n = max(len(x) for x in xs)
    padded = [x if len(x) == n else np.concatenate([x, np.zeros((n - len(x), x.shape[1]), dtype=x.dtype)]) for x in xs]
    pieces: list[list[np.ndarray]] = [[] for _ in xs]
    for start in range(0, n, chunk):
        rows = slice(start, start + chunk)
        if seeds:
            out = function({tower_input_name(s): x[rows] for s, x in zip(seeds, padded)})
        else:
            out = function(padded[0][rows])
        for piece, o in zip(pieces, out):
            piece.append(o.numpy())
    return [np.concatenate(piece)[: len(x)] for piece, x in zip(pieces, xs)]


class _TowerScores(keras.callbacks.Callback):
    """Each tower's accuracy on its training rows and loss and accuracy on its validation rows, at the end of every
    epoch, at inference, into Keras's logs (``seed_0_accuracy``, ``val_seed_0_loss``, ``val_seed_0_accuracy``, and
    ``val_loss``, the towers' sum, as Keras would log it). One compiled forward pass per epoch: cheaper than Keras's
    per-step metrics and validation loop, which ``build_towers`` leaves out."""

    def __init__(self, train_rows, val_rows) -> None:
        super().__init__()
        self._train, self._val = train_rows, val_rows

    def on_epoch_end(self, epoch, logs=None):  # noqa: ANN001
        if logs is None:
            return
        parts = [self._train] + ([self._val] if self._val is not None else [])
        xs = [np.concatenate([part[k][0] for part in parts]) for k in range(len(self._train))]
        probabilities = _forward(self.model, xs)
        total = 0.0
        for seed, proba, (_, y_train) in zip(tower_seeds(self.model), probabilities, self._train):
            name = tower_name(seed)
            logs[f"{name}_accuracy"] = class_scores(proba[: len(y_train)], y_train)["accuracy"]
            if self._val is not None:
                y_val = self._val[tower_seeds(self.model).index(seed)][1]
                scores = class_scores(proba[len(y_train):], y_val)
                logs[f"val_{name}_loss"], logs[f"val_{name}_accuracy"] = scores["loss"], scores["accuracy"]
                total += scores["loss"]
        if self._val is not None:
            logs["val_loss"] = total


def evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Loss and accuracy of a single-output model on (x, y), without progress output."""
    func = "evaluate"
    if not isinstance(model, keras.Model):
        fail("model", func, "a keras.Model", model, kind=TypeError)
    if tower_seeds(model):
        fail("model", func, "a single model (for a towers model use evaluate_towers)", model)
    x, y = _check_inputs(model, x, y, func)
    return class_scores(_forward(model, [x])[0], y)


def predict_towers(model: keras.Model, x) -> dict[int, np.ndarray]:
    """Class probabilities of every tower, keyed by seed: ``{0: array (n, n_classes), ...}``.

    ``x`` is one array for every tower (e.g. the test rows) or ``{seed: array}``.
    """
    func = "predict_towers"
    if not isinstance(model, keras.Model) or not tower_seeds(model):
        fail("model", func, "a towers model from build_towers", model, kind=TypeError)
    seeds = tower_seeds(model)
    if isinstance(x, Mapping):
        if set(x) != set(seeds):
            fail("x", func, f"one array per seed of the towers model, keys {seeds}", f"keys {tuple(x)}")
        xs = [x[s] for s in seeds]
    else:
        xs = [x] * len(seeds)
    checked = []
    for seed, rows in zip(seeds, xs):
        rows = check_array(rows, "x", func, ndim=2)
        if rows.shape[1] != model.inputs[0].shape[-1]:
            fail("x", func, f"an array with {model.inputs[0].shape[-1]} columns, as the model's input", rows)
        checked.append(rows.astype("float32", copy=False))
    return dict(zip(seeds, _forward(model, checked)))


def evaluate_towers(model: keras.Model, data, part: str | None = None) -> dict[int, dict[str, float]]:
    """Accuracy and loss of each tower, keyed by seed: ``{0: {"accuracy": .., "loss": ..}, ...}``.

    Parameters
    ----------
    model : keras.Model
        A towers model from :func:`labkit.models.build_towers`.
    data : (x, y), {seed: (x, y)} or {seed: Split}
        The same rows for every tower (e.g. ``split.test``), or each seed's own rows.
    part : {"train", "val", "test"}, optional
        Which rows of the Splits, when ``data`` is ``{seed: Split}``.

    Examples
    --------
    >>> evaluate_towers(towers, splits, "val")[0]["accuracy"]  # doctest: +SKIP
    >>> evaluate_towers(towers, splits[0].test)  # every tower on the (fixed) test rows  # doctest: +SKIP
    """
    func = "evaluate_towers"
    if not isinstance(model, keras.Model) or not tower_seeds(model):
        fail("model", func, "a towers model from build_towers", model, kind=TypeError)
    uses_splits = isinstance(data, Split) or (isinstance(data, Mapping) and any(isinstance(v, Split) for v in data.values()))
    if uses_splits:
        check_choice(part, "part", func, _PARTS)
    elif part is not None:
        fail("part", func, "None when data are (x, y) pairs (it picks the rows of Splits)", part)
    rows = _per_seed_rows(model, data, func, part=part or "train")
    probabilities = _forward(model, [x for x, _ in rows])
    return {seed: class_scores(proba, y) for seed, proba, (_, y) in zip(tower_seeds(model), probabilities, rows)}


@dataclass
class SweepRun:
    """One setting of a :func:`sweep`: its curves and its final scores per seed.

    Attributes
    ----------
    history : TrainingHistory
    train, val : dict of int to dict
        :func:`evaluate_towers` on the training and the validation rows after the last epoch
        (inference mode: no dropout), e.g. ``run.val[0]["accuracy"]``.
    kept : object
        What the sweep's ``keep(model)`` returned after training (None without ``keep``).
    """

    history: TrainingHistory
    train: dict[int, dict[str, float]]
    val: dict[int, dict[str, float]]
    kept: object = None

    def per_seed(self, part: str, metric: str) -> np.ndarray:
        """``metric`` ("accuracy" or "loss") on ``part`` ("train" or "val") for every seed, in seed order."""
        check_choice(part, "part", "SweepRun.per_seed", ("train", "val"))
        check_choice(metric, "metric", "SweepRun.per_seed", ("accuracy", "loss"))
        scores = self.train if part == "train" else self.val
        return np.array([scores[seed][metric] for seed in scores])


def sweep(
    model: keras.Model,
    data: Mapping[int, Split],
    settings: Mapping[str, Mapping[str, float]],
    *,
    epochs: int,
    batch_size: int = 64,
    passes_per_epoch: int = 1,
    keep: Callable[[keras.Model], object] | None = None,
    progress: bool = True,
    replica: int = 0,
) -> dict[str, SweepRun]:
    """Train one towers model once per setting, from its fresh start each time, and score it.

    For every ``name, options`` of ``settings``: ``reinitialize(model, **options)`` (so options are
    among ``learning_rate``, ``dropout``, ``input_dropout``, ``l1``, ``l2``, ``initializer``), then
    :func:`fit` on ``data`` (one Split per seed; ``epochs``, ``batch_size``, ``passes_per_epoch`` and
    ``replica`` as for :func:`fit`) and :func:`evaluate_towers` on each seed's training and validation
    rows. The model is traced once for the whole sweep.

    Returns
    -------
    dict of str to SweepRun
        In the order of ``settings``.

    Examples
    --------
    >>> runs = sweep(towers, splits, {"none": {"l2": 0.0}, "L2 0.01": {"l2": 0.01}}, epochs=20)  # doctest: +SKIP
    >>> runs["L2 0.01"].per_seed("val", "accuracy")  # doctest: +SKIP
    """
    func = "sweep"
    if not isinstance(model, keras.Model) or not tower_seeds(model):
        fail("model", func, "a towers model from build_towers", model, kind=TypeError)
    if not isinstance(data, Mapping) or not all(isinstance(v, Split) for v in data.values()):
        fail("data", func, "a dict {seed: Split}, one split per seed of the towers model", data, kind=TypeError)
    if not isinstance(settings, Mapping) or not settings:
        fail("settings", func, 'a non-empty dict of name → reinitialize options, like {"none": {"l2": 0.0}}', settings, kind=TypeError)
    allowed = ("learning_rate", "dropout", "input_dropout", "l1", "l2", "initializer")
    for name, options in settings.items():
        if not isinstance(name, str) or not isinstance(options, Mapping):
            fail("settings", func, "a dict of str → dict of options", settings, kind=TypeError)
        for option in options:
            check_choice(option, "settings", func, allowed)
    if keep is not None and not callable(keep):
        fail("keep", func, "a function of the trained model, or None", keep, kind=TypeError)
    runs = {}
    for name, options in settings.items():
        reinitialize(model, **options, replica=replica)
        history = fit(model, data, epochs=epochs, batch_size=batch_size, passes_per_epoch=passes_per_epoch, label=name,
                      progress=progress, replica=replica)
        runs[name] = SweepRun(
            history=history,
            train=evaluate_towers(model, data, "train"),
            val=evaluate_towers(model, data, "val"),
            kept=keep(model) if keep else None,
        )
    return runs


def _pairs(data, name: str, func: str, where: str = "") -> dict:
    """Check ``(x, y)`` or ``{seed: (x, y)}`` (shapes and labels); the model checks come at training time.

    Messages name the argument ``name``; ``where`` says which entry of it (e.g. "the entry 'val'").
    """
    def pair(item, place):
        place = f" ({place})" if place else ""
        if isinstance(item, Split):
            fail(name, func, f"a pair (x, y), e.g. split.val{place}", item, kind=TypeError)
        if not (isinstance(item, tuple) and len(item) == 2):
            fail(name, func, f"a pair (x, y), or a dict {{seed: (x, y)}}{place}", item, kind=TypeError)
        x = check_array(item[0], name, func, ndim=2)
        y = check_labels(item[1], name, func)
        if len(x) != len(y):
            fail(name, func, f"a pair (x, y) with as many labels as rows{place}", f"{len(x)} rows and {len(y)} labels")
        return x.astype("float32"), y

    if isinstance(data, Mapping):
        if not data:
            fail(name, func, "a pair (x, y), or a non-empty dict {seed: (x, y)}" + (f" ({where})" if where else ""), data, kind=TypeError)
        return {seed: pair(item, ", ".join(filter(None, (where, f"seed {seed}")))) for seed, item in data.items()}
    return {None: pair(data, where)}


def _rows_for(model: keras.Model, pairs: dict, name: str, func: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """The checked pairs as one (x, y) per tower (or one for a single model)."""
    if tower_seeds(model):
        data = pairs[None] if None in pairs else pairs
        return _per_seed_rows(model, data, func, name=name)
    if None not in pairs:
        fail(name, func, "one pair (x, y) for a single model", f"a dict with keys {tuple(pairs)}", kind=TypeError)
    return [_check_inputs(model, *pairs[None], func, names=(f"{name}[0]", f"{name}[1]"))]


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

    def on_train_begin(self, logs=None):  # noqa: ANN001
        self._rows = {name: _rows_for(self.model, pairs, "data", "EpochScores") for name, pairs in self._pairs.items()}
        towers = len(next(iter(self._rows.values())))
        self._xs = [np.concatenate([rows[k][0] for rows in self._rows.values()]) for k in range(towers)]  # one call per epoch
        self._keys = list(tower_seeds(self.model)) or ["model"]
        self.scores = {name: {key: {"loss": [], "accuracy": []} for key in self._keys} for name in self._rows}

    def on_epoch_end(self, epoch, logs=None):  # noqa: ANN001
        probabilities = _forward(self.model, self._xs)
        for k, key in enumerate(self._keys):
            start = 0
            for name, rows in self._rows.items():
                y = rows[k][1]
                scores = class_scores(probabilities[k][start : start + len(y)], y)
                start += len(y)
                for metric, value in scores.items():
                    self.scores[name][key][metric].append(value)

    def on_train_end(self, logs=None):  # noqa: ANN001
        for per_tower in self.scores.values():
            for record in per_tower.values():
                for metric in record:
                    record[metric] = np.asarray(record[metric])


def patience_rule(val_losses: Sequence[float], patience: int, *, min_delta: float = 0.0) -> tuple[int, int]:
    """Where ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=..., min_delta=...)`` stops.

    An epoch improves when its loss is below the best so far by more than ``min_delta``; training
    stops at the first epoch that ends ``patience`` epochs without an improvement.

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

    def __init__(self, data) -> None:
        super().__init__()
        self._pairs = _pairs(data, "data", "GradientNormRecorder")
        self._function = None
        self.per_weight: dict[str, np.ndarray] = {}

    def _compile(self):
        import tensorflow as tf  # noqa: PLC0415

        model = self.model
        rows = _rows_for(model, self._pairs, "data", "GradientNormRecorder")
        cached = _NORMS.get(model)  # another recorder on the same rows of this model compiled it already
        if cached is not None and len(cached[0]) == len(rows) and all(
                np.array_equal(a, x) and np.array_equal(b, y) for (a, b), (x, y) in zip(cached[0], rows)):
            return cached[1]
        seeds = tower_seeds(model)
        xs = [tf.constant(x) for x, _ in rows]
        ys = [tf.constant(y) for _, y in rows]
        loss_fn = keras.losses.SparseCategoricalCrossentropy()

        @tf.function
        def norms():
            with tf.GradientTape() as tape:
                if seeds:
                    out = model({tower_input_name(s): x for s, x in zip(seeds, xs)}, training=False)
                    loss = tf.add_n([loss_fn(y, out[name]) for y, name in zip(ys, tower_names(seeds))])
                else:
                    loss = loss_fn(ys[0], model(xs[0], training=False))
            return [tf.norm(g) for g in tape.gradient(loss, model.trainable_weights)]

        _NORMS[model] = (rows, norms)  # the rows it was compiled for (it holds them as constants)
        return norms

    def on_train_begin(self, logs=None):  # noqa: ANN001
        self._function = self._compile()  # compiled once per model and rows (the module's cache)
        self._rows: list[list[float]] = []

    def on_train_batch_begin(self, batch, logs=None):  # noqa: ANN001
        self._rows.append([float(n) for n in self._function()])

    def on_train_end(self, logs=None):  # noqa: ANN001
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

    def on_train_begin(self, logs=None):  # noqa: ANN001
        self._rates, self._losses, self._average, self._step = [], [], 0.0, 0

    def on_train_batch_begin(self, batch, logs=None):  # noqa: ANN001
        self.model.optimizer.learning_rate.assign(self._rate(self._step))

    def on_epoch_begin(self, epoch, logs=None):  # noqa: ANN001
        self._running = 0.0

    def on_train_batch_end(self, batch, logs=None):  # noqa: ANN001
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

    def on_train_end(self, logs=None):  # noqa: ANN001
        self.rates, self.losses = np.array(self._rates), np.array(self._losses)

    def suggestion(self) -> float:
        """The rate at the lowest smoothed loss, divided by 10."""
        if len(self.losses) == 0:
            raise LabkitValueError("The LearningRateRangeTest has no record yet: pass it to fit first.")
        return float(self.rates[int(np.nanargmin(self.losses))] / 10)
