"""Towers — several independent MLPs in one Keras model, one per seed (:func:`labkit.models.build_towers`
builds them): what their parts are called, which rows each tower gets, and their scores at inference.
The naming lives here and nowhere else: :func:`tower_name` (``seed_3``), the layer names inside a tower
(:func:`tower_layer`), its input (:func:`tower_input_name`) and the way back from a name to a seed
(:func:`tower_seed`, :func:`tower_seeds`). Scoring runs one compiled forward pass per model
(:func:`predict_towers`, :func:`evaluate_towers`, and :func:`evaluate` for a single model), with
:func:`labkit.metrics.class_scores`.
"""
from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence

import keras
import numpy as np
import tensorflow as tf

from labkit._validate import (
    LabkitValueError,
    check_array,
    check_choice,
    check_int,
    check_labels,
    check_same_rows,
    fail,
)
from labkit.data import Split
from labkit.metrics import class_scores

__all__ = ["evaluate", "evaluate_towers", "predict_towers", "tower_input_name", "tower_layer", "tower_name",
           "tower_names", "tower_seed", "tower_seeds"]


_TOWER_PREFIX = "seed_"


def tower_name(seed: int) -> str:
    """The name of seed ``seed``'s tower and of its output: ``seed_3``."""
    check_int(seed, "seed", "tower_name", low=0)
    return f"{_TOWER_PREFIX}{int(seed)}"


def tower_names(seeds: Sequence[int]) -> list[str]:
    """Output names of a towers model: ``seed_0``, ``seed_1`` ..."""
    if isinstance(seeds, (str, bytes, Mapping)) or not isinstance(seeds, Iterable):
        fail("seeds", "tower_names", "a sequence of ints", seeds, kind=TypeError)
    return [tower_name(check_int(seed, "seeds", "tower_names", low=0)) for seed in seeds]


def tower_input_name(seed: int) -> str:
    """The name of seed ``seed``'s input in a towers model: ``seed_3_input``."""
    check_int(seed, "seed", "tower_input_name", low=0)
    return f"{tower_name(seed)}_input"


def tower_seed(name: str) -> int | None:
    """The seed of a tower, output, input or layer name (``seed_3``, ``seed_3_dense_1``): 3. None if none."""
    if not isinstance(name, str):
        fail("name", "tower_seed", "a str (a tower, output, input or layer name)", name, kind=TypeError)
    if not name.startswith(_TOWER_PREFIX):
        return None
    digits = name[len(_TOWER_PREFIX):].split("_", 1)[0]
    return int(digits) if digits.isdigit() else None


def tower_seeds(model: keras.Model) -> tuple[int, ...]:
    """The seeds of a towers model, in order; ``()`` for a model that is not one."""
    if not isinstance(model, keras.Model):
        fail("model", "tower_seeds", "a keras.Model", model, kind=TypeError)
    names = list(getattr(model, "output_names", None) or [])
    seeds = tuple(tower_seed(name) for name in names)
    if names and all(seed is not None and name == tower_name(seed) for seed, name in zip(seeds, names, strict=True)):
        return seeds
    return ()


def tower_layer(model: keras.Model, seed: int, layer: str) -> keras.layers.Layer:
    """Layer ``layer`` (as :func:`labkit.models.build_mlp` names it: ``dense_1``, ``relu_2``, ``output``) of seed
    ``seed``'s tower.

    Parameters
    ----------
    model : keras.Model
        A towers model from :func:`labkit.models.build_towers`.
    seed : int
        One of the model's seeds (:func:`tower_seeds`).
    layer : str
        The layer's name inside the tower, without the ``seed_<s>_`` prefix.

    Returns
    -------
    keras.layers.Layer

    Raises
    ------
    TypeError, ValueError
        On a non-model, a seed the model has no tower for, or an unknown layer name (the message
        lists the tower's layers).
    """
    if not isinstance(model, keras.Model):
        fail("model", "tower_layer", "a towers model from build_towers", model, kind=TypeError)
    seeds = tower_seeds(model)
    if seed not in seeds:
        fail("seed", "tower_layer", f"one of the model's seeds {seeds}", seed)
    name = f"{tower_name(seed)}_{layer}"
    names = [item.name for item in model.layers]
    if name not in names:
        inside = sorted({n[len(tower_name(seed)) + 1:]
                         for n in names if n.startswith(tower_name(seed) + "_") and n != tower_input_name(seed)})
        fail("layer", "tower_layer", f"one of {', '.join(map(repr, inside))}", layer)
    return model.get_layer(name)


# --- the rows each tower gets ---------------------------------------------------------------------


def _check_inputs(model: keras.Model, x: np.ndarray, y: np.ndarray, func: str,
                  names: tuple[str, str] = ("x", "y")) -> tuple[np.ndarray, np.ndarray]:
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
    model: keras.Model,
    data: Split | tuple[np.ndarray, np.ndarray] | Mapping[int, Split | tuple[np.ndarray, np.ndarray]],
    func: str,
    *,
    name: str = "data",
    part: str = "train",
    shared: bool = True,
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
    for seed, item in zip(seeds, items, strict=True):
        label = f"{name}[{seed}]" if isinstance(data, Mapping) else name
        if isinstance(item, Split):
            item = getattr(item, part)
        if not (isinstance(item, tuple) and len(item) == 2):
            fail(label, func, "a labkit Split or a pair (x, y)", item, kind=TypeError)
        rows.append(_check_inputs(model, *item, func, names=(f"{label}[0]", f"{label}[1]")))
    return rows


def _pairs(data: tuple[np.ndarray, np.ndarray] | Mapping[int, tuple[np.ndarray, np.ndarray]], name: str, func: str,
           where: str = "") -> dict:
    """Check ``(x, y)`` or ``{seed: (x, y)}`` (shapes and labels); the model checks come at training time.

    Messages name the argument ``name``; ``where`` says which entry of it (e.g. "the entry 'val'").
    """
    def pair(item: object, place: str) -> tuple[np.ndarray, np.ndarray]:
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
            fail(name, func, "a pair (x, y), or a non-empty dict {seed: (x, y)}" + (f" ({where})" if where else ""),
                 data, kind=TypeError)
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


# --- scores at inference -------------------------------------------------------------------------


_FORWARD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a cache: one compiled forward pass per model


def _compiled_forward(model: keras.Model):
    """The model's inference pass as a ``tf.function`` for any number of rows, compiled once per model."""
    function = _FORWARD.get(model)
    if function is None:
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
            out = function({tower_input_name(s): x[rows] for s, x in zip(seeds, padded, strict=True)})
        else:
            out = function(padded[0][rows])
        for piece, o in zip(pieces, out, strict=True):
            piece.append(o.numpy())
    return [np.concatenate(piece)[: len(x)] for piece, x in zip(pieces, xs, strict=True)]


class _TowerScores(keras.callbacks.Callback):
    """Each tower's accuracy on its training rows and loss and accuracy on its validation rows, at the end of every
    epoch, at inference, into Keras's logs (``seed_0_accuracy``, ``val_seed_0_loss``, ``val_seed_0_accuracy``, and
    ``val_loss``, the towers' sum, as Keras would log it). One compiled forward pass per epoch: cheaper than Keras's
    per-step metrics and validation loop, which ``build_towers`` leaves out."""

    def __init__(self, train_rows: list[tuple[np.ndarray, np.ndarray]],
                 val_rows: list[tuple[np.ndarray, np.ndarray]] | None) -> None:
        super().__init__()
        self._train, self._val = train_rows, val_rows

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is None:
            return
        parts = [self._train] + ([self._val] if self._val is not None else [])
        xs = [np.concatenate([part[k][0] for part in parts]) for k in range(len(self._train))]
        probabilities = _forward(self.model, xs)
        total = 0.0
        for seed, proba, (_, y_train) in zip(tower_seeds(self.model), probabilities, self._train, strict=True):
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
    """Loss and accuracy of a single-output model on (x, y), at inference, without progress output.

    Parameters
    ----------
    model : keras.Model
        A single-output classifier, e.g. from :func:`labkit.models.build_mlp` (for a towers model
        use :func:`evaluate_towers`).
    x : ndarray of shape (n, n_features)
    y : ndarray of shape (n,)
        Integer class labels.

    Returns
    -------
    dict of str to float
        ``{"accuracy": .., "loss": ..}`` (:func:`labkit.metrics.class_scores`).
    """
    func = "evaluate"
    if not isinstance(model, keras.Model):
        fail("model", func, "a keras.Model", model, kind=TypeError)
    if tower_seeds(model):
        fail("model", func, "a single model (for a towers model use evaluate_towers)", model)
    x, y = _check_inputs(model, x, y, func)
    return class_scores(_forward(model, [x])[0], y)


def predict_towers(model: keras.Model, x: np.ndarray | Mapping[int, np.ndarray]) -> dict[int, np.ndarray]:
    """Class probabilities of every tower at inference, keyed by seed: ``{0: array (n, n_classes), ...}``.

    Parameters
    ----------
    model : keras.Model
        A towers model from :func:`labkit.models.build_towers`.
    x : ndarray of shape (n, n_features), or dict of int to such arrays
        One array for every tower (e.g. the test rows), or ``{seed: array}``.

    Returns
    -------
    dict of int to ndarray of shape (n, n_classes)
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
    for rows in xs:
        rows = check_array(rows, "x", func, ndim=2)
        if rows.shape[1] != model.inputs[0].shape[-1]:
            fail("x", func, f"an array with {model.inputs[0].shape[-1]} columns, as the model's input", rows)
        checked.append(rows.astype("float32", copy=False))
    return dict(zip(seeds, _forward(model, checked), strict=True))


def evaluate_towers(model: keras.Model,
                    data: Split | tuple[np.ndarray, np.ndarray] | Mapping[int, Split | tuple[np.ndarray, np.ndarray]],
                    part: str | None = None) -> dict[int, dict[str, float]]:
    """Accuracy and loss of each tower, keyed by seed: ``{0: {"accuracy": .., "loss": ..}, ...}``.

    Parameters
    ----------
    model : keras.Model
        A towers model from :func:`labkit.models.build_towers`.
    data : (x, y), {seed: (x, y)} or {seed: Split}
        The same rows for every tower (e.g. ``split.test``), or each seed's own rows.
    part : {"train", "val", "test"}, optional
        Which rows of the Splits, when ``data`` is ``{seed: Split}``.

    Returns
    -------
    dict of int to dict of str to float
        :func:`labkit.metrics.class_scores` of each tower, at inference (no dropout).

    Examples
    --------
    >>> evaluate_towers(towers, splits, "val")[0]["accuracy"]  # doctest: +SKIP
    >>> evaluate_towers(towers, splits[0].test)  # every tower on the (fixed) test rows  # doctest: +SKIP
    """
    func = "evaluate_towers"
    if not isinstance(model, keras.Model) or not tower_seeds(model):
        fail("model", func, "a towers model from build_towers", model, kind=TypeError)
    uses_splits = isinstance(data, Split) or (
        isinstance(data, Mapping) and any(isinstance(v, Split) for v in data.values())
    )
    if uses_splits:
        check_choice(part, "part", func, _PARTS)
    elif part is not None:
        fail("part", func, "None when data are (x, y) pairs (it picks the rows of Splits)", part)
    rows = _per_seed_rows(model, data, func, part=part or "train")
    probabilities = _forward(model, [x for x, _ in rows])
    return {seed: class_scores(proba, y)
            for seed, proba, (_, y) in zip(tower_seeds(model), probabilities, rows, strict=True)}
