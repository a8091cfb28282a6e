"""Training: a quiet ``fit`` with a one-line progress display, and a history that plots.

``fit`` feeds Keras a ``tf.data`` pipeline built once (about twice as fast as numpy arrays for the
small models of this workbook), shows one line of progress instead of Keras' progress bars, and
returns a :class:`TrainingHistory`. It also trains towers models (``labkit.models.build_towers``):
every tower gets the same labels, and ``history.tower(seed)`` gives one tower's curves.

``sweep`` trains one towers model once per setting (penalty, dropout rate, learning rate ...)
and scores each run; the model is traced once for the whole sweep.

Used by: 00-06.
"""
from __future__ import annotations

import time
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
    check_number,
    check_same_rows,
    fail,
)
from labkit.data import Split

__all__ = ["CompactProgress", "EpochScores", "GradientNormRecorder", "LearningRateRangeTest", "SweepRun", "patience_rule", "TrainingHistory", "evaluate", "evaluate_towers", "fit", "predict_towers", "sweep"]


@dataclass
class TrainingHistory:
    """Per-epoch metrics of one ``fit``.

    Attributes
    ----------
    metrics : dict of str to ndarray of shape (epochs,)
        Keras' names: ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy`` (towers:
        ``seed_0_loss`` ...).
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
        key = f"seed_{name}" if isinstance(name, (int, np.integer)) else name
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
        last = ", ".join(f"{k} {v[-1]:.3g}" for k, v in self.metrics.items() if not k.startswith(("seed_", "val_seed_")))
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
        towers = any(key.startswith("seed_") for key in logs)
        for key, value in logs.items():
            is_val = key.startswith("val_")
            base = key[4:] if is_val else key
            if towers:
                if not base.startswith("seed_"):
                    continue  # the summed loss of all towers
                base = base.split("_", 2)[2]  # seed_0_loss -> loss
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


def _labels_for(model: keras.Model, y: np.ndarray):
    names = list(model.output_names)
    return {name: y for name in names} if len(names) > 1 else y


def _dataset(x: np.ndarray, y, *, batch_size: int, shuffle: bool, seed: int, passes: int = 1):
    import tensorflow as tf  # noqa: PLC0415

    data = tf.data.Dataset.from_tensor_slices((x, y)).cache()
    if shuffle:
        data = data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    if passes > 1:
        data = data.repeat(passes)  # each pass in its own shuffled order
    return data.batch(batch_size).prefetch(2)


def _check_inputs(model: keras.Model, x, y, func: str, names=("x", "y")) -> tuple[np.ndarray, np.ndarray]:
    x = check_array(x, names[0], func, ndim=2)
    y = check_array(y, names[1], func, ndim=1, dtype=np.int32)
    check_same_rows(x, y, func, names)
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
    return x, y


def fit(
    model: keras.Model,
    data: Split | tuple[np.ndarray, np.ndarray],
    *,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    epochs: int = 20,
    batch_size: int = 64,
    shuffle: bool = True,
    passes_per_epoch: int = 1,
    callbacks: Sequence[keras.callbacks.Callback] = (),
    progress: bool = True,
    label: str = "",
    seed: int = 0,
) -> TrainingHistory:
    """Train a compiled Keras model quietly and return its history.

    Parameters
    ----------
    model : keras.Model
        Compiled, e.g. from :func:`labkit.models.build_mlp` or :func:`labkit.models.build_towers`.
    data : Split or (x, y)
        A :class:`labkit.data.Split` trains on its training rows and validates on its validation
        rows; a pair ``(x, y)`` trains on it (x of shape (n, n_features), y of shape (n,)).
    validation : (x, y), optional
        Validation rows for a pair ``data`` (a Split brings its own).
    epochs : int, default 20
    batch_size : int, default 64
    shuffle : bool, default True
        Reshuffle the training rows every pass (seeded by ``seed``).
    passes_per_epoch : int, default 1
        Passes over the training rows per Keras epoch. Small data sets pay a fixed cost per epoch
        (callbacks, validation); several passes per epoch buy many steps cheaply, e.g. 2,000
        full-batch steps as 100 epochs of 20 passes. Callbacks and the history see epochs.
    callbacks : sequence of keras callbacks
        E.g. ``keras.callbacks.EarlyStopping``.
    progress : bool, default True
        Show the one-line progress display.
    label : str
        Shown before the progress line.

    Returns
    -------
    TrainingHistory

    Raises
    ------
    TypeError, ValueError
        On a bad argument (wrong shape, labels out of range, ...), with one line naming it.
    """
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
    if isinstance(data, Split):
        x, y = data.x_train, data.y_train
        validation = (data.x_val, data.y_val) if validation is None else validation
    elif isinstance(data, tuple) and len(data) == 2:
        x, y = data
    else:
        fail("data", func, "a labkit Split or a pair (x, y)", data, kind=TypeError)
    x, y = _check_inputs(model, x, y, func)
    train = _dataset(x, _labels_for(model, y), batch_size=batch_size, shuffle=shuffle, seed=seed, passes=passes_per_epoch)
    val = None
    if validation is not None:
        if not (isinstance(validation, tuple) and len(validation) == 2):
            fail("validation", func, "a pair (x_val, y_val)", validation, kind=TypeError)
        x_val, y_val = _check_inputs(model, *validation, func, names=("validation[0]", "validation[1]"))
        val = _dataset(x_val, _labels_for(model, y_val), batch_size=max(batch_size, 1024), shuffle=False, seed=seed)
    all_callbacks = list(callbacks)
    if progress:
        all_callbacks.append(CompactProgress(epochs, label=label))
    start = time.perf_counter()
    keras_history = model.fit(
        train, validation_data=val, epochs=epochs, verbose=0, callbacks=all_callbacks, shuffle=False
    )
    seconds = time.perf_counter() - start
    metrics = {key: np.asarray(values, dtype=float) for key, values in keras_history.history.items()}
    names = tuple(model.output_names) if len(model.output_names) > 1 else ()
    return TrainingHistory(metrics=metrics, seconds=seconds, towers=names)


def evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Loss and accuracy of a single-output model on (x, y), without progress output."""
    x, y = _check_inputs(model, x, y, "evaluate")
    return {k: float(v) for k, v in model.evaluate(x, y, verbose=0, return_dict=True, batch_size=1024).items()}


def predict_towers(model: keras.Model, x: np.ndarray) -> dict[str, np.ndarray]:
    """Class probabilities of every tower: ``{"seed_0": array (n, n_classes), ...}``."""
    x = check_array(x, "x", "predict_towers", ndim=2)
    out = model.predict(x, verbose=0, batch_size=1024)
    return dict(out) if isinstance(out, dict) else {model.output_names[0]: out}


def evaluate_towers(model: keras.Model, x: np.ndarray, y: np.ndarray) -> dict[int, dict[str, float]]:
    """Accuracy and loss of each tower on (x, y), keyed by seed: ``{0: {"accuracy": .., "loss": ..}}``."""
    x, y = _check_inputs(model, x, y, "evaluate_towers")
    results = {}
    for name, proba in predict_towers(model, x).items():
        seed = int(name.removeprefix("seed_")) if name.startswith("seed_") else name
        picked = np.clip(proba[np.arange(len(y)), y], 1e-7, 1.0)
        results[seed] = {"accuracy": float(np.mean(proba.argmax(axis=1) == y)), "loss": float(-np.mean(np.log(picked)))}
    return results


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
    data: Split,
    settings: Mapping[str, Mapping[str, float]],
    *,
    epochs: int,
    batch_size: int = 64,
    keep: Callable[[keras.Model], object] | None = None,
    progress: bool = True,
) -> dict[str, SweepRun]:
    """Train one towers model once per setting, from its fresh start each time, and score it.

    For every ``name, options`` of ``settings``: ``reinitialize(model, **options)`` (so options are
    among ``learning_rate``, ``dropout``, ``input_dropout``, ``l1``, ``l2``, ``initializer``), then
    :func:`fit` on ``data`` and :func:`evaluate_towers` on its training and validation rows. The
    model is traced once for the whole sweep.

    Returns
    -------
    dict of str to SweepRun
        In the order of ``settings``.

    Examples
    --------
    >>> runs = sweep(towers, split, {"none": {"l2": 0.0}, "L2 0.01": {"l2": 0.01}}, epochs=20)  # doctest: +SKIP
    >>> runs["L2 0.01"].per_seed("val", "accuracy")  # doctest: +SKIP
    """
    from labkit.models import reinitialize  # noqa: PLC0415 - models imports this module's neighbours

    func = "sweep"
    if not isinstance(data, Split):
        fail("data", func, "a labkit Split", data, kind=TypeError)
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
        reinitialize(model, **options)
        history = fit(model, data, epochs=epochs, batch_size=batch_size, label=name, progress=progress)
        runs[name] = SweepRun(
            history=history,
            train=evaluate_towers(model, data.x_train, data.y_train),
            val=evaluate_towers(model, data.x_val, data.y_val),
            kept=keep(model) if keep else None,
        )
    return runs


class EpochScores(keras.callbacks.Callback):
    """Score the model on named data sets after every epoch, at inference (no dropout), per tower.

    Keras logs the training loss averaged over an epoch's batches, with dropout on; this callback
    measures what the weights at the end of each epoch actually do, on any rows you name — for
    example the test rows, to see what ``restore_best_weights`` would have given.

    Parameters
    ----------
    data : dict of str to (x, y)
        E.g. ``{"train": (split.x_train, split.y_train), "test": (split.x_test, split.y_test)}``.

    Attributes
    ----------
    scores : dict
        ``scores[name][tower]["loss" | "accuracy"]`` is an array with one value per epoch; ``tower``
        is the seed for a towers model and ``"model"`` for a single-output model.

    Examples
    --------
    >>> scores = EpochScores({"test": (split.x_test, split.y_test)})  # doctest: +SKIP
    >>> fit(towers, split, epochs=50, callbacks=[scores])  # doctest: +SKIP
    >>> scores.scores["test"][0]["loss"]  # doctest: +SKIP
    """

    def __init__(self, data: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> None:
        super().__init__()
        func = "EpochScores"
        if not isinstance(data, Mapping) or not data:
            fail("data", func, 'a non-empty dict of name → (x, y), like {"test": (x_test, y_test)}', data, kind=TypeError)
        self._data = {}
        for name, pair in data.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                fail("data", func, "a dict whose values are pairs (x, y)", data, kind=TypeError)
            x = check_array(pair[0], f"data[{name!r}][0]", func, ndim=2)
            y = check_array(pair[1], f"data[{name!r}][1]", func, ndim=1, dtype=np.int64)
            check_same_rows(x, y, func)
            self._data[name] = (x.astype("float32"), y)
        self.scores: dict[str, dict] = {}

    def on_train_begin(self, logs=None):  # noqa: ANN001
        self.scores = {name: {} for name in self._data}
        self._all_x = np.concatenate([x for x, _ in self._data.values()])  # one prediction call per epoch

    def on_epoch_end(self, epoch, logs=None):  # noqa: ANN001
        out = self.model.predict_on_batch(self._all_x)
        outputs = out if isinstance(out, dict) else {"model": out}
        start = 0
        for name, (x, y) in self._data.items():
            rows = slice(start, start + len(y))
            start += len(y)
            for key, proba in outputs.items():
                proba = np.asarray(proba)[rows]
                tower = int(key.removeprefix("seed_")) if key.startswith("seed_") else key
                picked = np.clip(proba[np.arange(len(y)), y], 1e-7, 1.0)
                record = self.scores[name].setdefault(tower, {"loss": [], "accuracy": []})
                record["loss"].append(float(-np.mean(np.log(picked))))
                record["accuracy"].append(float(np.mean(proba.argmax(axis=1) == y)))

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
    """The gradient's norm on fixed rows (x, y) at the start of every training step, before clipping.

    With full-batch training (``batch_size`` = all rows, ``x`` = the training rows) this is exactly
    the gradient each step uses. The loss is the sum of every tower's cross-entropy, so each tower's
    weights get their own tower's gradient. Compiled once per model; keep ``steps_per_execution=1``
    (the callback sees one call per execution).

    Attributes
    ----------
    per_weight : dict of str to ndarray
        ``w.path`` → one norm per step.

    Methods
    -------
    tower_norms(seed) : the global norm of one tower's gradient (all its weights), per step.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        super().__init__()
        func = "GradientNormRecorder"
        self._x = check_array(x, "x", func, ndim=2).astype("float32")
        self._y = check_array(y, "y", func, ndim=1, dtype=np.int32)
        check_same_rows(self._x, self._y, func)
        self._function = None
        self._model_id = None
        self.per_weight: dict[str, np.ndarray] = {}

    def _compile(self):
        import tensorflow as tf  # noqa: PLC0415

        model, x, y = self.model, tf.constant(self._x), tf.constant(self._y)
        loss_fn = keras.losses.SparseCategoricalCrossentropy()

        @tf.function
        def norms():
            with tf.GradientTape() as tape:
                out = model(x, training=False)
                outputs = list(out.values()) if isinstance(out, dict) else [out]
                loss = tf.add_n([loss_fn(y, output) for output in outputs])
            return [tf.norm(g) for g in tape.gradient(loss, model.trainable_weights)]

        return norms

    def on_train_begin(self, logs=None):  # noqa: ANN001
        if self._function is None or self._model_id != id(self.model):
            self._function, self._model_id = self._compile(), id(self.model)
        self._rows: list[list[float]] = []

    def on_train_batch_begin(self, batch, logs=None):  # noqa: ANN001
        self._rows.append([float(n) for n in self._function()])

    def on_train_end(self, logs=None):  # noqa: ANN001
        table = np.array(self._rows, dtype=float).reshape(len(self._rows), -1)
        self.per_weight = {w.path: table[:, i] for i, w in enumerate(self.model.trainable_weights)}

    def tower_norms(self, seed: int | str) -> np.ndarray:
        """Global gradient norm of one tower (``seed``), or of the whole model (``"model"``), per step."""
        prefix = "" if seed == "model" else f"seed_{seed}_"
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
