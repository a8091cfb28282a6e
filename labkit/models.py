"""Models: a configurable MLP, and several independent MLPs trained in one Keras model ("towers").

Towers exist for speed: a claim check needs the same network trained from several seeds, and one
Keras model holding one tower per seed (one input, one output and one loss per tower, the losses
summed) trains them all in a single ``fit``. Each tower has its own input, so each seed gets its
own training rows in its own order (:func:`labkit.training.fit` feeds them), and each tower's
weights get gradients only from its own loss: with per-parameter optimizers (SGD, Adam, RMSprop
...) tower ``k`` trains exactly as ``build_mlp(seed=k)`` trained alone on seed ``k``'s data
(``tests/test_models_training.py`` checks it weight for weight). Their inputs, outputs and layers
are named by :mod:`labkit.towers`.

Dropout rates and weight penalties live in variables (:class:`AdjustableDropout`,
:class:`AdjustablePenalty`), so :func:`reinitialize` can change them on a model that has already
been traced: a sweep over rates costs training time only, not a new model each time.
"""
from __future__ import annotations

import inspect
from collections.abc import Sequence

import keras
import numpy as np
from keras import ops

from labkit import towers
from labkit._validate import check_bool, check_choice, check_int, check_number, check_seeds, fail
from labkit.data import replica_seed
from labkit.losses import SmoothedCrossentropy

__all__ = [
    "ACTIVATIONS",
    "AdjustableDropout",
    "AdjustablePenalty",
    "INITIALIZERS",
    "OPTIMIZERS",
    "build_mlp",
    "build_towers",
    "make_initializer",
    "reinitialize",
]

ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "selu", "gelu", "leaky_relu", "linear")
INITIALIZERS = (
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
    "lecun_uniform",
    "lecun_normal",
    "orthogonal",
    "zeros",
    "ones",
)
OPTIMIZERS = ("adam", "adamw", "sgd", "momentum", "rmsprop", "adagrad", "adadelta", "nadam")
NO_DECAY = ("bias", "gamma", "beta")  # parameters weight decay leaves alone: biases and normalization's scale/shift


@keras.saving.register_keras_serializable(package="labkit")
class AdjustableDropout(keras.layers.Layer):
    """Inverted dropout whose rate is a variable: change it with :func:`reinitialize`, no retracing.

    In training, each value is kept with probability ``1 - rate`` and divided by ``1 - rate`` (so
    its expected value is unchanged) or set to 0; at inference the layer passes values through.
    That is what ``keras.layers.Dropout`` does (``tests/test_models_training.py`` compares the two);
    use ``keras.layers.Dropout`` in your own models. Keras's layer fixes its rate when the model is
    traced, which would cost a new model (and its tracing) for every rate of a sweep.
    """

    def __init__(self, rate: float, seed: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        check_number(rate, "rate", "AdjustableDropout", low=0.0, high=1.0, high_open=True)
        if seed is not None:
            check_int(seed, "seed", "AdjustableDropout", low=0)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self._start_seed = int(ops.convert_to_numpy(self.seed_generator.state)[0])  # drawn by Keras when seed is None
        self.rate = self.add_weight(shape=(), initializer=keras.initializers.Constant(float(rate)), trainable=False,
                                    name="rate")
        self.built = True

    def restart(self, replica: int = 0) -> None:
        """Rewind the masks to their first draw (replica 0), or to another seeded stream for ``replica`` k,
        so that a reinitialized model drops the same units a new model would."""
        seed = self._start_seed if replica == 0 else replica_seed(self._start_seed, replica)
        state = self.seed_generator.state
        state.assign(np.array([seed, 0], dtype=state.dtype))

    def compute_output_shape(self, input_shape):  # noqa: ANN001, ANN201
        return input_shape

    def call(self, inputs, training=False):  # noqa: ANN001, ANN201
        """Apply the layer (Keras calls this).

        Parameters
        ----------
        inputs : tensor
        training : bool, default False
            Drop and rescale when True; pass ``inputs`` through unchanged when False.

        Returns
        -------
        tensor
            Same shape as ``inputs``.
        """
        if not training:
            return inputs
        keep = keras.random.uniform(ops.shape(inputs), seed=self.seed_generator) >= self.rate
        return ops.where(keep, inputs / (1.0 - self.rate), ops.zeros_like(inputs))

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": float(ops.convert_to_numpy(self.rate)), "seed": self.seed}


@keras.saving.register_keras_serializable(package="labkit")
class AdjustablePenalty(keras.regularizers.Regularizer):
    """``l1·Σ|w| + l2·Σw²``, like ``keras.regularizers.L1L2``, with ``l1`` and ``l2`` held in variables.

    A labkit model built with ``l1 > 0`` or ``l2 > 0`` gives every kernel one shared instance, so
    :func:`reinitialize` can change the penalty (to 0 as well) without rebuilding the model.
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        check_number(l1, "l1", "AdjustablePenalty", low=0.0)
        check_number(l2, "l2", "AdjustablePenalty", low=0.0)
        self.l1 = keras.Variable(float(l1), trainable=False, dtype="float32", name="l1")
        self.l2 = keras.Variable(float(l2), trainable=False, dtype="float32", name="l2")

    def __call__(self, x):  # noqa: ANN001
        return self.l1 * ops.sum(ops.abs(x)) + self.l2 * ops.sum(ops.square(x))

    def get_config(self) -> dict:
        return {"l1": float(ops.convert_to_numpy(self.l1)), "l2": float(ops.convert_to_numpy(self.l2))}


def _loss(n_classes: int, label_smoothing: float) -> str | keras.losses.Loss:
    return SmoothedCrossentropy(n_classes, label_smoothing) if label_smoothing else "sparse_categorical_crossentropy"


def make_initializer(initializer: str | keras.initializers.Initializer,
                     seed: int | None) -> keras.initializers.Initializer:
    """A fresh initializer object from a name or an instance, with its own seed.

    Parameters
    ----------
    initializer : str or keras initializer
        A name from ``INITIALIZERS``, or an instance: it is copied (``from_config``), never shared.
    seed : int or None
        Seed of the new initializer (replaces an instance's own); ignored by ``"zeros"``,
        ``"ones"`` and instances without a seed.

    Returns
    -------
    keras.initializers.Initializer

    Raises
    ------
    ValueError, TypeError
        On an unknown name or a non-initializer (the message names ``build_mlp``).
    """
    if seed is not None:
        check_int(seed, "seed", "make_initializer", low=0)
    if isinstance(initializer, str):
        check_choice(initializer, "initializer", "build_mlp", INITIALIZERS)
        if initializer in ("zeros", "ones"):
            return keras.initializers.get(initializer)
        return keras.initializers.get({"class_name": initializer, "config": {"seed": seed}})
    if isinstance(initializer, keras.initializers.Initializer):
        config = initializer.get_config()
        if "seed" in config:
            config["seed"] = seed
        return type(initializer).from_config(config)
    fail("initializer", "build_mlp", f"one of {', '.join(map(repr, INITIALIZERS))} or a keras initializer", initializer)
    raise AssertionError  # unreachable


def _make_optimizer(optimizer: str, learning_rate: float, weight_decay: float = 0.0,
                    **clipping) -> keras.optimizers.Optimizer:
    made = _plain_optimizer(optimizer, learning_rate, **clipping)
    if optimizer == "adamw" or weight_decay > 0:
        # decoupled weight decay (Keras's own: w ← w − lr·wd·w each step), held in a variable so that
        # reinitialize can change it without retracing; biases and normalization parameters are not decayed
        made.weight_decay = keras.Variable(float(weight_decay), trainable=False, name="weight_decay")
        made.exclude_from_weight_decay(var_names=list(NO_DECAY))
    return made


def _plain_optimizer(optimizer: str, learning_rate: float, **clipping) -> keras.optimizers.Optimizer:
    if optimizer == "momentum":  # SGD with momentum 0.9, the usual choice
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9,
                                    **{k: v for k, v in clipping.items() if v is not None})
    classes = {
        "adam": keras.optimizers.Adam,
        "adamw": keras.optimizers.AdamW,
        "sgd": keras.optimizers.SGD,
        "rmsprop": keras.optimizers.RMSprop,
        "adagrad": keras.optimizers.Adagrad,
        "adadelta": keras.optimizers.Adadelta,
        "nadam": keras.optimizers.Nadam,
    }
    return classes[optimizer](learning_rate=learning_rate, **{k: v for k, v in clipping.items() if v is not None})


def _check_mlp_options(func: str, **options: object) -> None:
    """Check some of :func:`build_mlp`'s options as ``build_mlp`` does, the message naming ``func``.

    Parameters
    ----------
    func : str
        The name shown in the message, e.g. ``"KerasMLPClassifier"``.
    **options
        Any of ``build_mlp``'s keyword options (``depth=2, width=64`` ...); the others take its defaults.

    Raises
    ------
    LabkitTypeError, LabkitValueError
        On a bad option, with one line naming it.
    """
    defaults = {name: p.default for name, p in inspect.signature(build_mlp).parameters.items()
                if p.default is not inspect.Parameter.empty}
    _validate_options(func, {"n_features": 1, "n_classes": 2, **defaults, **options})


def _validate_options(func: str, options: dict) -> None:
    check_int(options["n_features"], "n_features", func, low=1, high=10**6)
    check_int(options["n_classes"], "n_classes", func, low=2, high=10**5)
    check_int(options["depth"], "depth", func, low=0, high=100)
    check_int(options["width"], "width", func, low=1, high=4096)
    check_choice(options["activation"], "activation", func, ACTIVATIONS)
    if isinstance(options["initializer"], str):
        check_choice(options["initializer"], "initializer", func, INITIALIZERS)
    check_number(options["dropout"], "dropout", func, low=0.0, high=1.0, high_open=True)
    check_number(options["input_dropout"], "input_dropout", func, low=0.0, high=1.0, high_open=True)
    check_bool(options["batch_norm"], "batch_norm", func)
    check_bool(options["layer_norm"], "layer_norm", func)
    if options["batch_norm"] and options["layer_norm"]:
        fail("layer_norm", func, "False when batch_norm=True (one normalization per block)", True)
    check_bool(options["residual"], "residual", func)
    check_number(options["l1"], "l1", func, low=0.0)
    check_number(options["l2"], "l2", func, low=0.0)
    if options["optimizer"] is not None:
        check_choice(options["optimizer"], "optimizer", func, OPTIMIZERS)
    check_number(options["learning_rate"], "learning_rate", func, low=0.0, low_open=True, high=100.0)
    check_number(options["weight_decay"], "weight_decay", func, low=0.0, high=1000.0)
    check_number(options["label_smoothing"], "label_smoothing", func, low=0.0, high=1.0, high_open=True)
    check_int(options["steps_per_execution"], "steps_per_execution", func, low=1, high=10_000)
    channels = options["conv_channels"]
    if isinstance(channels, (str, bytes)) or not isinstance(channels, Sequence) or len(channels) > 6:
        fail("conv_channels", func, "a sequence of at most 6 channel counts, e.g. (25, 25, 25), or ()", channels,
             kind=TypeError)
    for count in channels:
        check_int(count, "conv_channels", func, low=1, high=512)
    shape = options.get("image_shape")
    if shape is not None:
        if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence) or len(shape) != 2:
            fail("image_shape", func, "None or (height, width), e.g. (8, 8)", shape, kind=TypeError)
        rows, columns = (check_int(side, "image_shape", func, low=1, high=4096) for side in shape)
        if rows * columns != options["n_features"]:
            fail("image_shape", func, f"a height × width equal to n_features ({options['n_features']})", tuple(shape))
        if not channels:
            fail("conv_channels", func, "at least one channel count when image_shape is given (the convolutions "
                 "read the image)", channels)
    given = [name for name in ("clipnorm", "clipvalue", "global_clipnorm") if options.get(name) is not None]
    for name in given:
        check_number(options[name], name, func, low=0.0, low_open=True)
    if len(given) > 1:
        fail(given[1], func, f"None when {given[0]} is set (one way of clipping at a time)", options[given[1]])


_STACK_KEYS = ("n_classes", "depth", "width", "activation", "initializer", "dropout", "input_dropout", "batch_norm",
               "layer_norm", "l1", "l2", "conv_channels", "image_shape", "residual")


def _stack_options(options: dict) -> dict:
    return {key: options[key] for key in _STACK_KEYS}


def _stack(inputs: keras.KerasTensor, *, n_classes: int, depth: int, width: int, activation: str,
           initializer: str | keras.initializers.Initializer, dropout: float, input_dropout: float, batch_norm: bool,
           layer_norm: bool, l1: float, l2: float, conv_channels: Sequence[int], image_shape: tuple[int, int] | None,
           residual: bool, seed: int | None, prefix: str) -> keras.KerasTensor:
    """Apply the convolutions, depth hidden blocks and a softmax output to ``inputs``; names start with prefix."""
    penalty = AdjustablePenalty(l1=l1, l2=l2) if (l1 or l2) else None  # none at all costs nothing per step
    base = None if seed is None else seed * 1000
    x = inputs
    if input_dropout > 0:
        x = AdjustableDropout(input_dropout, seed=None if base is None else base + 499,
                              name=f"{prefix}input_dropout")(x)
    if conv_channels and image_shape is not None:  # the features read as an image: a 2-D CNN
        x = keras.layers.Reshape((*image_shape, 1), name=f"{prefix}as_image")(x)
        for index, channels in enumerate(conv_channels):
            x = keras.layers.Conv2D(
                channels, 3, strides=1 if index == 0 else 2, padding="same", activation=activation,
                kernel_initializer=make_initializer(initializer, None if base is None else base + 800 + index),
                kernel_regularizer=penalty, name=f"{prefix}conv_{index + 1}",
            )(x)
        x = keras.layers.Flatten(name=f"{prefix}flatten")(x)
    elif conv_channels:  # the features read as one sequence: local patterns, wherever they sit (a 1-D CNN)
        x = keras.layers.Reshape((-1, 1), name=f"{prefix}as_sequence")(x)
        for index, channels in enumerate(conv_channels):
            x = keras.layers.Conv1D(
                channels, 5 if index == 0 else 3, strides=2, padding="same", activation=activation,
                kernel_initializer=make_initializer(initializer, None if base is None else base + 800 + index),
                kernel_regularizer=penalty, name=f"{prefix}conv_{index + 1}",
            )(x)
        x = keras.layers.Flatten(name=f"{prefix}flatten")(x)
    for index in range(depth):
        block_input = x
        x = keras.layers.Dense(
            width,
            kernel_initializer=make_initializer(initializer, None if base is None else base + index),
            kernel_regularizer=penalty,
            use_bias=not (batch_norm or layer_norm),  # the normalization's shift does a bias's work
            name=f"{prefix}dense_{index + 1}",
        )(x)
        if batch_norm:
            x = keras.layers.BatchNormalization(name=f"{prefix}batch_norm_{index + 1}")(x)
        if layer_norm:
            x = keras.layers.LayerNormalization(name=f"{prefix}layer_norm_{index + 1}")(x)
        x = keras.layers.Activation(activation, name=f"{prefix}{activation}_{index + 1}")(x)
        if dropout > 0:
            x = AdjustableDropout(dropout, seed=None if base is None else base + 500 + index,
                                  name=f"{prefix}dropout_{index + 1}")(x)
        if residual and index > 0:  # a skip connection: the block adds to its input instead of replacing it
            x = keras.layers.Add(name=f"{prefix}skip_{index + 1}")([block_input, x])
    return keras.layers.Dense(
        n_classes,
        activation="softmax",
        kernel_initializer=make_initializer(initializer, None if base is None else base + 999),
        kernel_regularizer=penalty,
        name=f"{prefix}output",
    )(x)


def build_mlp(
    n_features: int,
    n_classes: int,
    *,
    depth: int = 1,
    width: int = 64,
    activation: str = "relu",
    initializer: str | keras.initializers.Initializer = "glorot_uniform",
    dropout: float = 0.0,
    input_dropout: float = 0.0,
    batch_norm: bool = False,
    layer_norm: bool = False,
    l1: float = 0.0,
    l2: float = 0.0,
    optimizer: str | None = "adam",
    learning_rate: float = 1e-3,
    weight_decay: float = 0.0,
    label_smoothing: float = 0.0,
    seed: int | None = None,
    steps_per_execution: int = 1,
    clipnorm: float | None = None,
    clipvalue: float | None = None,
    global_clipnorm: float | None = None,
    conv_channels: Sequence[int] = (),
    image_shape: tuple[int, int] | None = None,
    residual: bool = False,
) -> keras.Model:
    """A multilayer perceptron for classification, compiled unless ``optimizer=None``.

    [Input dropout], then each hidden block is Dense(width) → [BatchNormalization or LayerNormalization] →
    activation → [Dropout]
    (→ [+ the block's input, with ``residual``]); the output is Dense(n_classes, softmax). Loss: sparse
    categorical cross-entropy; metric: accuracy.

    Parameters
    ----------
    n_features, n_classes : int
        Input width and number of classes (labels 0 .. n_classes-1).
    depth : int, default 1
        Number of hidden layers (0 gives multinomial logistic regression).
    width : int, default 64
        Units per hidden layer.
    activation : str, default "relu"
        One of ``ACTIVATIONS``.
    initializer : str or keras initializer, default "glorot_uniform"
        For every kernel (biases start at zero). A name from ``INITIALIZERS`` or an instance such as
        ``keras.initializers.RandomNormal(stddev=1.0)``.
    dropout : float in [0, 1), default 0
        Dropout rate after each hidden activation (an :class:`AdjustableDropout` layer when > 0).
    input_dropout : float in [0, 1), default 0
        Dropout rate on the inputs (a layer named ``input_dropout`` when > 0).
    batch_norm : bool, default False
        Batch normalization before each hidden activation: each unit normalised with the mean and
        variance over the batch in training, with their moving averages at inference.
    layer_norm : bool, default False
        Layer normalization (Ba et al., 2016) before each hidden activation instead: each example's
        units normalised with their own mean and variance, the same in training and at inference,
        whatever the batch size. Not together with ``batch_norm``.
    conv_channels : sequence of int, default ()
        A 1-D convolutional network: the features are read as one sequence of ``n_features``
        values (a signal, a row of pixels), and each entry adds a ``Conv1D`` layer with that many
        channels (kernel 5 for the first, 3 after; stride 2; "same" padding; the activation and
        initializer above), before the ``depth`` dense layers. E.g. ``(25, 25, 25)`` with
        ``depth=0`` is the small CNN of MNIST-1D's authors. With ``image_shape``, a 2-D one instead.
    image_shape : (int, int), optional
        Read the features as an image of this height and width (their product is ``n_features``; row by
        row, as ``x.reshape(-1, height, width)`` would): each entry of ``conv_channels`` then adds a
        ``Conv2D`` layer (kernel 3 × 3, "same" padding, stride 1 for the first and 2 after). E.g.
        ``image_shape=(8, 8), conv_channels=(32, 32)`` on the digits.
    residual : bool, default False
        Skip connections (He et al., 2016): every hidden block after the first adds its output to
        its input (``x + block(x)``, an ``Add`` layer named ``skip_<i>``), so the gradient reaches
        early layers through the identity as well as through the blocks.
    l1, l2 : float >= 0, default 0
        Weight penalties on every kernel: ``l1·Σ|w| + l2·Σw²`` added to the loss
        (:class:`AdjustablePenalty`; with either > 0, :func:`reinitialize` can change both later).
    optimizer : str or None, default "adam"
        One of ``OPTIMIZERS`` ("momentum" is SGD with momentum 0.9; "adamw" is Adam with decoupled
        weight decay, Loshchilov and Hutter 2019); None returns the model uncompiled.
    learning_rate : float > 0, default 0.001
    weight_decay : float >= 0, default 0
        Decoupled weight decay, Keras's optimizer option: after each step every kernel shrinks by
        ``learning_rate · weight_decay`` of itself, outside the gradient (so Adam's scaling does not
        weaken it, as it weakens an ``l2`` penalty in the loss). Biases and batch-norm parameters are
        not decayed. With it > 0, or with ``optimizer="adamw"``, :func:`reinitialize` can change it.
    label_smoothing : float in [0, 1), default 0
        Train against smoothed targets (:class:`labkit.losses.SmoothedCrossentropy`): ``ε/K`` of every class and
        ``1 − ε`` more on the label. 0 is the plain sparse categorical cross-entropy.
    seed : int in [0, 2**20], optional
        Seed for the initial weights and dropout masks (None: drawn from labkit's global seed).
    steps_per_execution : int in [1, 10000], default 1
        Training steps Keras runs per call of its compiled function. For tiny models whose steps
        are mostly call overhead, 10-20 cut that overhead; results are the same.
    clipnorm, clipvalue, global_clipnorm : float > 0, optional
        Gradient clipping by the optimizer (Keras's own options): ``clipnorm`` rescales each
        weight's gradient to norm at most c, ``clipvalue`` clamps each component to [-c, c],
        ``global_clipnorm`` rescales all gradients together to norm at most c (``build_mlp``
        only: in a towers model it would clip all towers together). At most one of them.

    Returns
    -------
    keras.Model

    Raises
    ------
    TypeError, ValueError
        On a bad argument, with one line naming it.

    Examples
    --------
    >>> model = build_mlp(64, 10, depth=2, width=32, activation="tanh", initializer="glorot_normal")
    """
    options = dict(locals())
    _validate_options("build_mlp", options)
    if seed is not None:
        check_int(seed, "seed", "build_mlp", low=0, high=2**20)
    inputs = keras.Input(shape=(n_features,), name="features")
    outputs = _stack(inputs, seed=seed, prefix="", **_stack_options(options))
    model = keras.Model(inputs, outputs, name="mlp")
    if optimizer is not None:
        model.compile(
            optimizer=_make_optimizer(optimizer, learning_rate, weight_decay, clipnorm=clipnorm, clipvalue=clipvalue,
                                      global_clipnorm=global_clipnorm),
            loss=_loss(n_classes, label_smoothing),
            metrics=["accuracy"],
            steps_per_execution=steps_per_execution,
        )
        _remember_optimizer_start(model)
    return model


def build_towers(
    n_features: int,
    n_classes: int,
    *,
    seeds: Sequence[int],
    depth: int = 1,
    width: int = 64,
    activation: str = "relu",
    initializer: str | keras.initializers.Initializer = "glorot_uniform",
    dropout: float = 0.0,
    input_dropout: float = 0.0,
    batch_norm: bool = False,
    layer_norm: bool = False,
    l1: float = 0.0,
    l2: float = 0.0,
    optimizer: str = "adam",
    learning_rate: float = 1e-3,
    weight_decay: float = 0.0,
    label_smoothing: float = 0.0,
    steps_per_execution: int = 1,
    clipnorm: float | None = None,
    clipvalue: float | None = None,
    conv_channels: Sequence[int] = (),
    image_shape: tuple[int, int] | None = None,
    residual: bool = False,
) -> keras.Model:
    """One compiled Keras model holding one independent MLP ("tower") per seed, each with its own input.

    Options are those of :func:`build_mlp`, less ``seed`` and ``global_clipnorm``. The tower of
    seed ``s`` is the MLP ``build_mlp`` would build with ``seed=s``; its output is named
    ``seed_<s>`` (:func:`labkit.towers.tower_name`). Train it with
    :func:`labkit.training.fit` on one split per seed (``{seed: split}``: every tower its own rows,
    in its own seeded order) and read per-seed results with ``history.tower(seed)`` or
    :func:`labkit.towers.evaluate_towers`.

    The plain Keras this stands for, for two seeds::

        inputs = {f"seed_{s}_input": keras.Input((n_features,), name=f"seed_{s}_input") for s in (0, 1)}
        outputs = {f"seed_{s}": mlp_layers(inputs[f"seed_{s}_input"], seed=s) for s in (0, 1)}
        model = keras.Model(inputs, outputs)
        model.compile("adam", loss={name: "sparse_categorical_crossentropy" for name in outputs})

    Parameters
    ----------
    n_features, n_classes : int
        As for :func:`build_mlp`; the same for every tower.
    seeds : sequence of int
        Distinct seeds in [0, 2**20], one tower each, in this order.
    depth, width, activation, initializer, dropout, input_dropout, batch_norm, layer_norm, l1, l2
        As for :func:`build_mlp`, the same for every tower.
    conv_channels, image_shape, residual
        As for :func:`build_mlp`, the same for every tower.
    optimizer : str, default "adam"
        One of ``OPTIMIZERS``; not None (the model is always compiled).
    learning_rate, weight_decay, label_smoothing, steps_per_execution, clipnorm, clipvalue
        As for :func:`build_mlp`. ``clipnorm`` acts per weight, so it keeps towers independent.

    Returns
    -------
    keras.Model
        Inputs ``seed_<s>_input``, outputs ``seed_<s>``, one sparse categorical cross-entropy loss
        per output (smoothed with ``label_smoothing``); no compiled metrics.

    Raises
    ------
    TypeError, ValueError
        On a bad argument, with one line naming it.
    """
    options = dict(locals())
    seeds = check_seeds(seeds, "seeds", "build_towers")
    _validate_options("build_towers", options)
    if optimizer is None:
        fail("optimizer", "build_towers", f"one of {', '.join(map(repr, OPTIMIZERS))}", optimizer)
    for seed in seeds:
        check_int(seed, "seeds", "build_towers", low=0, high=2**20)
    inputs, outputs = {}, {}
    for seed in seeds:
        name, input_name = towers.tower_name(seed), towers.tower_input_name(seed)
        inputs[input_name] = keras.Input(shape=(n_features,), name=input_name)
        out = _stack(inputs[input_name], seed=seed, prefix=f"{name}_", **_stack_options(options))
        outputs[name] = keras.layers.Identity(name=name)(out)
    model = keras.Model(inputs, outputs, name="towers")
    model.compile(  # no per-step metrics: labkit.training.fit scores every tower once per epoch, at inference
        optimizer=_make_optimizer(optimizer, learning_rate, weight_decay, clipnorm=clipnorm, clipvalue=clipvalue),
        loss={name: _loss(n_classes, label_smoothing) for name in outputs},
        steps_per_execution=steps_per_execution,
    )
    _remember_optimizer_start(model)
    return model


def _remember_optimizer_start(model: keras.Model) -> None:
    """Build the optimizer's slots now and keep their starting values, for :func:`reinitialize`.

    Also builds the compiled loss and metrics (their running means) on two rows of zeros, eagerly. Keras
    otherwise creates those variables while tracing the first training step, and TensorFlow then traces
    that step a second time: about 2 s per model for the towers of the notebooks. No weight changes; fit
    and evaluate reset the running means before they count.
    """
    model.optimizer.build(model.trainable_variables)
    model.optimizer.labkit_start_values = tuple(keras.ops.convert_to_numpy(v) for v in model.optimizer.variables)
    x = {tensor.name: np.zeros((2, *tensor.shape[1:]), dtype="float32") for tensor in model.inputs}
    y = {name: np.zeros(2, dtype="int32") for name in model.output_names}
    if not isinstance(model.input, dict):  # build_mlp: one input, one output, not named
        x, y = next(iter(x.values())), next(iter(y.values()))
    y_pred = model(x, training=False)
    model.compute_loss(x, y, y_pred)
    model.compute_metrics(x, y, y_pred, sample_weight=None)
    model.reset_metrics()


def _dropout_kind(layer: keras.layers.Layer) -> str | None:
    if not isinstance(layer, AdjustableDropout):
        return None
    return "input_dropout" if layer.name.endswith("input_dropout") else "dropout"


def reinitialize(
    model: keras.Model,
    *,
    initializer: str | keras.initializers.Initializer | None = None,
    learning_rate: float | None = None,
    dropout: float | None = None,
    input_dropout: float | None = None,
    l1: float | None = None,
    l2: float | None = None,
    weight_decay: float | None = None,
    replica: int = 0,
) -> keras.Model:
    """Put a model built by labkit back to its starting point, without rebuilding or retracing it.

    A new Keras model is traced on its first ``fit``; a reinitialized one is not traced again. Use
    it to run the same architecture again on other data, with another initializer, or at another
    learning rate. Kernels are redrawn from their (seeded) initializers, so a seeded model gets
    exactly its first weights back; biases return to zero, batch-norm statistics to their start,
    dropout masks to their first draw, and the optimizer's state (step count, moments) to its start.

    Parameters
    ----------
    model : keras.Model
        From :func:`build_mlp` (compiled) or :func:`build_towers`.
    initializer : str or keras initializer, optional
        Draw kernels from this initializer instead (each layer keeps its seed). It stays the
        model's initializer for later calls.
    learning_rate : float in (0, 100], optional
        Set a new learning rate.
    dropout, input_dropout : float in [0, 1), optional
        Set new dropout rates. The model must have those layers: build it with ``dropout > 0``
        (or ``input_dropout > 0``); a rate of 0 then switches them off.
    l1, l2 : float >= 0, optional
        Set new weight penalties. The model must have them: build it with ``l1 > 0`` or ``l2 > 0``.
    weight_decay : float >= 0, optional
        Set a new decoupled weight decay. The model must have it: build it with ``weight_decay > 0``
        or ``optimizer="adamw"``.
    replica : int, default 0
        Draw the kernels for replica ``replica`` of the experiment (see :func:`labkit.data.replica_seed`):
        0 is the model's own seeded start; 1, 2 ... are other, equally seeded starts, so one traced
        model can run an experiment several times per seed (train with ``fit(..., replica=...)``).

    Returns
    -------
    keras.Model
        The same model, for chaining.

    Raises
    ------
    TypeError, ValueError
        On a model not built by labkit, a bad argument, or a dropout rate or penalty the model
        was not built with.
    """
    func = "reinitialize"
    if not isinstance(model, keras.Model):
        fail("model", func, "a keras.Model built by labkit", model, kind=TypeError)
    replica = check_int(replica, "replica", func, low=0, high=10_000)
    start = getattr(getattr(model, "optimizer", None), "labkit_start_values", None)
    if start is None:
        fail("model", func, "a compiled model from labkit's build_mlp or build_towers", model)
    if isinstance(initializer, str):
        check_choice(initializer, "initializer", func, INITIALIZERS)
    if learning_rate is not None:
        check_number(learning_rate, "learning_rate", func, low=0.0, low_open=True, high=100.0)
    rates = {"dropout": dropout, "input_dropout": input_dropout}
    for name, rate in rates.items():
        if rate is None:
            continue
        check_number(rate, name, func, low=0.0, high=1.0, high_open=True)
        if not any(_dropout_kind(layer) == name for layer in model.layers):
            fail(name, func,
                 f"None for this model: it has no {name} layers (build it with {name} > 0 to sweep the rate)", rate)
    has_penalty = any(isinstance(getattr(layer, "kernel_regularizer", None), AdjustablePenalty)
                      for layer in model.layers)
    for name, value in (("l1", l1), ("l2", l2)):
        if value is not None:
            check_number(value, name, func, low=0.0)
            if not has_penalty:
                fail(name, func,
                     "None for this model: it has no penalty (build it with l1 > 0 or l2 > 0 to sweep penalties)",
                     value)
    decay = getattr(model.optimizer, "weight_decay", None)
    if weight_decay is not None:
        check_number(weight_decay, "weight_decay", func, low=0.0, high=1000.0)
        if not isinstance(decay, keras.Variable):
            fail("weight_decay", func, "None for this model: it has no weight decay (build it with weight_decay > 0 "
                 "or optimizer='adamw' to sweep it)", weight_decay)
    for layer in model.layers:
        kind = _dropout_kind(layer)
        if kind is not None:
            layer.restart(replica)
            if rates[kind] is not None:
                layer.rate.assign(rates[kind])
        penalty = getattr(layer, "kernel_regularizer", None)
        if isinstance(penalty, AdjustablePenalty):
            if l1 is not None:
                penalty.l1.assign(l1)
            if l2 is not None:
                penalty.l2.assign(l2)
        if isinstance(layer, (keras.layers.Dense, keras.layers.Conv1D, keras.layers.Conv2D)):
            seed = layer.kernel_initializer.get_config().get("seed")
            if initializer is not None:
                layer.kernel_initializer = make_initializer(initializer, seed)
            draw = layer.kernel_initializer
            # another seeded start for this replica; the layer keeps its own initializer
            if replica and seed is not None:
                draw = make_initializer(layer.kernel_initializer, replica_seed(seed, replica))
            layer.kernel.assign(draw(tuple(layer.kernel.shape)))
            if layer.bias is not None:
                layer.bias.assign(np.zeros(layer.bias.shape, dtype="float32"))
        elif isinstance(layer, keras.layers.BatchNormalization):
            for variable, value in ((layer.gamma, 1.0), (layer.beta, 0.0), (layer.moving_mean, 0.0),
                                    (layer.moving_variance, 1.0)):
                variable.assign(np.full(variable.shape, value, dtype="float32"))
        elif isinstance(layer, keras.layers.LayerNormalization):
            for variable, value in ((layer.gamma, 1.0), (layer.beta, 0.0)):
                variable.assign(np.full(variable.shape, value, dtype="float32"))
    for variable, value in zip(model.optimizer.variables, start, strict=True):
        variable.assign(value)
    if learning_rate is not None:
        model.optimizer.learning_rate.assign(learning_rate)
    if weight_decay is not None:
        decay.assign(weight_decay)
    return model
