"""Diagnostics: what happens inside a network, layer by layer.

- :func:`layer_outputs` — each hidden activation layer's output on a batch;
- :func:`activation_stats` — their mean, spread, dead and saturated shares;
- :func:`gradient_norms` — the norm of the loss gradient for every kernel, keyed by Keras 3's
  ``w.path`` (``"dense_1/kernel"``), which is unique and stable, unlike ``w.name``;
- :func:`dead_unit_fraction` — the share of ReLU units that output zero for every input;
- :func:`diagnose` and :func:`epochs_to_reach` — the kind of problem from three accuracies, and how
  many epochs a curve takes to reach a level.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from labkit._validate import (
    LabkitValueError,
    check_array,
    check_bool,
    check_labels,
    check_number,
    check_same_rows,
    fail,
)
from labkit.towers import tower_input_name, tower_names, tower_seeds

__all__ = ["PROBLEMS", "LayerStats", "activation_stats", "dead_unit_fraction", "diagnose", "epochs_to_reach",
           "gradient_norms", "hidden_activation_layers", "layer_outputs"]


def _check_model(model: object, func: str) -> keras.Model:
    if not isinstance(model, keras.Model):
        fail("model", func, "a keras.Model", model, kind=TypeError)
    return model


def hidden_activation_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The model's ``Activation`` layers (one per hidden block of :func:`labkit.models.build_mlp`)."""
    _check_model(model, "hidden_activation_layers")
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Activation)]


def layer_outputs(model: keras.Model, x: np.ndarray | Mapping[int, np.ndarray]) -> dict[str, np.ndarray]:
    """Output of every hidden activation layer on ``x``: ``{layer name: array (n, width)}``.

    ``x`` is an array of shape (n, n_features); for a towers model it may also be ``{seed: array}``,
    each tower's own rows (layer names then start with the tower's name, ``seed_3_relu_1``).

    Parameters
    ----------
    model : keras.Model
        A model with ``Activation`` layers, e.g. from :func:`labkit.models.build_mlp` or
        :func:`labkit.models.build_towers`.
    x : ndarray of shape (n, n_features), or dict of int to such arrays
        A dict only for a towers model: one array per seed, all with the same number of rows. A
        single array given to a towers model is fed to every tower.

    Returns
    -------
    dict of str to ndarray
        Inference-mode outputs (dropout off), in the model's layer order.

    Raises
    ------
    ValueError
        If the model has no ``Activation`` layers (build it with :func:`labkit.models.build_mlp`).
    """
    func = "layer_outputs"
    _check_model(model, func)
    seeds = tower_seeds(model)
    if isinstance(x, Mapping) and seeds:
        if set(x) != set(seeds):
            fail("x", func, f"one array per seed of the towers model, keys {seeds}", f"keys {tuple(x)}")
        xs = [check_array(x[seed], "x", func, ndim=2) for seed in seeds]
    else:
        xs = [check_array(x, "x", func, ndim=2)] * max(1, len(seeds))
    if any(rows.shape[1] != model.inputs[0].shape[-1] for rows in xs):
        fail("x", func, f"an array with {model.inputs[0].shape[-1]} columns, as the model's input", xs[0])
    if len({len(rows) for rows in xs}) > 1:
        fail("x", func, "one array per seed, all with the same number of rows", f"sizes {sorted({len(r) for r in xs})}")
    layers = hidden_activation_layers(model)
    if not layers:
        raise LabkitValueError(
            "The 'model' argument of layer_outputs must have Activation layers (as build_mlp makes). Got none instead."
        )
    probe = keras.Model(model.inputs, [layer.output for layer in layers])
    outputs = probe([rows.astype("float32") for rows in xs], training=False)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return {layer.name: keras.ops.convert_to_numpy(out) for layer, out in zip(layers, outputs, strict=True)}


@dataclass(frozen=True)
class LayerStats:
    """Summary of one layer's outputs over a batch.

    Attributes
    ----------
    name : str
    mean, std : float
        Over all units and rows.
    dead_fraction : float
        Share of units whose output is exactly 0 for every row.
    saturated_fraction : float
        Share of outputs within 0.01 of the activation's bounds (sigmoid: 0 or 1; tanh: -1 or 1;
        the activation is read from the layer name). 0 for other activations.
    """

    name: str
    mean: float
    std: float
    dead_fraction: float
    saturated_fraction: float


def dead_unit_fraction(activations: np.ndarray) -> float:
    """Share of units (columns) that are exactly zero for every row of ``activations`` (n, units)."""
    values = check_array(activations, "activations", "dead_unit_fraction", ndim=2)
    return float(np.mean(np.all(values == 0, axis=0)))


def _saturated_fraction(name: str, values: np.ndarray) -> float:
    if "sigmoid" in name:
        return float(np.mean((values < 0.01) | (values > 0.99)))
    if "tanh" in name:
        return float(np.mean(np.abs(values) > 0.99))
    return 0.0


def activation_stats(model: keras.Model, x: np.ndarray) -> list[LayerStats]:
    """Per hidden layer: mean, standard deviation, dead share and saturated share of its outputs.

    Parameters
    ----------
    model : keras.Model
    x : ndarray of shape (n, n_features), or dict of int to such arrays
        As for :func:`layer_outputs`.

    Returns
    -------
    list of LayerStats
        One per ``Activation`` layer, in the model's layer order.
    """
    return [
        LayerStats(
            name=name,
            mean=float(values.mean()),
            std=float(values.std()),
            dead_fraction=dead_unit_fraction(values),
            saturated_fraction=_saturated_fraction(name, values),
        )
        for name, values in layer_outputs(model, x).items()
    ]


def gradient_norms(
    model: keras.Model,
    x: np.ndarray,
    y: np.ndarray,
    *,
    kernels_only: bool = True,
    training: bool = False,
) -> dict[str, float]:
    """L2 norm of d(loss)/d(weight) for each weight, keyed by ``w.path`` in input-to-output order.

    The loss is the mean sparse categorical cross-entropy of the model's softmax output on (x, y).

    Parameters
    ----------
    model : keras.Model
        A single-output classifier (e.g. from :func:`labkit.models.build_mlp`).
    x : ndarray of shape (n, n_features)
    y : ndarray of shape (n,)
        Integer labels.
    kernels_only : bool, default True
        Only the weight matrices (``.../kernel``), not biases or batch-norm parameters.
    training : bool, default False
        Run the forward pass in training mode (dropout active).

    Returns
    -------
    dict of str to float
    """
    func = "gradient_norms"
    _check_model(model, func)
    if tower_seeds(model):
        fail("model", func,
             "a single model, e.g. from build_mlp (for towers use labkit.callbacks.GradientNormRecorder)", model)
    x = check_array(x, "x", func, ndim=2)
    y = check_labels(y, "y", func)
    if x.shape[1] != model.inputs[0].shape[-1]:
        fail("x", func, f"an array with {model.inputs[0].shape[-1]} columns, as the model's input", x)
    if y.size and y.max() >= model.outputs[0].shape[-1]:
        fail("y", func, f"class labels 0 .. {model.outputs[0].shape[-1] - 1}", f"labels up to {y.max()}")
    check_bool(kernels_only, "kernels_only", func)
    check_bool(training, "training", func)
    check_same_rows(x, y, func)
    weights = [w for w in model.trainable_weights if not kernels_only or w.path.endswith("kernel")]
    return dict(zip((w.path for w in weights), _norms(_loss_gradients(model, [x], [y], weights, training=training)),
                    strict=True))


def _loss_gradients(model: keras.Model, xs: list, ys: list, weights: list, *, training: bool = False) -> list:
    """Gradients of the mean sparse categorical cross-entropy on fixed rows with respect to ``weights``.

    ``xs`` and ``ys`` hold one entry per tower (in seed order) or one for a single model. For a towers
    model the loss is the sum of every tower's cross-entropy on its own rows, so each tower's weights
    get their own tower's gradient. TensorFlow operations only: :func:`gradient_norms` runs it
    eagerly, :class:`labkit.callbacks.GradientNormRecorder` compiles it once into a ``tf.function``.
    """
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    seeds = tower_seeds(model)
    with tf.GradientTape() as tape:
        if seeds:
            out = model({tower_input_name(s): x for s, x in zip(seeds, xs, strict=True)}, training=training)
            loss = tf.add_n([loss_fn(y, out[name]) for y, name in zip(ys, tower_names(seeds), strict=True)])
        else:
            loss = loss_fn(ys[0], model(xs[0], training=training))
    return tape.gradient(loss, weights)


def _norms(gradients: list) -> list[float]:
    """The L2 (Frobenius) norm of each gradient, in float: labkit's one gradient-norm computation."""
    return [float(np.linalg.norm(keras.ops.convert_to_numpy(g))) for g in gradients]


PROBLEMS = ("learning", "generalization", "ok")

BOUNDARY_TOLERANCE = 1e-9
"""A difference within this of ``margin`` or ``max_gap`` counts as on the boundary: in floating point
``0.5 - 0.4`` is a little less than ``0.1``, and a training accuracy exactly ``margin`` above the baseline
is learning."""


def diagnose(train_accuracy: float, val_accuracy: float, baseline_accuracy: float, *, margin: float = 0.10,
             max_gap: float = 0.05) -> str:
    """Name the kind of problem a trained classifier has, from three accuracies (notebook 00's reading).

    - ``"learning"``: training accuracy is less than ``margin`` above the baseline's (e.g. the
      majority class): the network has not even fitted its training data — fix the inputs, the
      start, the activation or the optimizer before anything else;
    - ``"generalization"``: otherwise, if training accuracy is more than ``max_gap`` above
      validation accuracy: it fits training data it cannot carry over — more data, penalties,
      dropout, early stopping;
    - ``"ok"``: neither; compare it with the baselines and stop or tune.

    Exactly on a boundary counts as learned, and as ok; a difference within
    :data:`BOUNDARY_TOLERANCE` of ``margin`` or ``max_gap`` is on it (floating point puts
    ``0.5 - 0.4`` just below ``0.1``). Exercise 12.1 states the same reading.

    Parameters
    ----------
    train_accuracy, val_accuracy, baseline_accuracy : float in [0, 1]
        Accuracies as fractions, not percent.
    margin : float in [0, 1], default 0.10
        How far above the baseline training accuracy must be to count as learning.
    max_gap : float in [0, 1], default 0.05
        The largest training-minus-validation gap that is still ``"ok"``.

    Returns
    -------
    str
        One of :data:`PROBLEMS`.
    """
    func = "diagnose"
    for name, value in (("train_accuracy", train_accuracy), ("val_accuracy", val_accuracy),
                        ("baseline_accuracy", baseline_accuracy)):
        check_number(value, name, func, low=0.0, high=1.0)
    check_number(margin, "margin", func, low=0.0, high=1.0)
    check_number(max_gap, "max_gap", func, low=0.0, high=1.0)
    if train_accuracy - baseline_accuracy < margin - BOUNDARY_TOLERANCE:
        return "learning"
    if train_accuracy - val_accuracy > max_gap + BOUNDARY_TOLERANCE:
        return "generalization"
    return "ok"


def epochs_to_reach(curve: Sequence[float] | np.ndarray, target: float) -> int | None:
    """The first epoch (counting from 1) whose value in ``curve`` is at least ``target``; None if none is.

    Parameters
    ----------
    curve : sequence of float
        One value per epoch, e.g. ``history["val_accuracy"]``; a 1-D array without NaN.
    target : float
        The level to reach (``>=``), in the curve's own units.

    Returns
    -------
    int or None
    """
    curve = check_array(curve, "curve", "epochs_to_reach", ndim=1, dtype=np.float64)
    check_number(target, "target", "epochs_to_reach")
    reached = np.flatnonzero(curve >= target)
    return int(reached[0]) + 1 if reached.size else None
