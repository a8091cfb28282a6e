"""A from-scratch neural network in numpy, built the way article [C] builds it.

Sigmoid units in every layer (output included), squared-error cost, full-batch gradient descent,
and an optional L2 penalty in the update ``W ← W − α (ΔW / m + λ W)``. The cost it descends is

    J = (1 / m) Σ_i ½ ‖y_i − h(x_i)‖²  +  (λ / 2) Σ_l ‖W_l‖²      (biases are not penalised)

Everything is vectorised over the batch. Training runs in float32 by default; float64 reaches the
same accuracy. :func:`gradient_check` works in float64. ``tests/test_numpy_net.py`` checks the
backpropagation against finite differences and against TensorFlow's automatic differentiation of
the same cost.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from labkit import metrics
from labkit._validate import check_array, check_choice, check_int, check_labels, check_number, check_same_rows, fail

__all__ = ["NUMPY_INITS", "NumpyMLP", "cost_and_gradients", "gradient_check", "init_numpy_mlp", "one_hot",
           "train_numpy_mlp"]

NUMPY_INITS = ("uniform01", "glorot_uniform", "he_normal", "zeros")


@dataclass
class NumpyMLP:
    """Weights ``W[l]`` of shape (n_in, n_out) and biases ``b[l]`` of shape (n_out,), sigmoid layers.

    Attributes
    ----------
    weights, biases : list of ndarray
    history : dict of str to list of float
        Filled by :func:`train_numpy_mlp`: ``iteration``, ``cost``, ``train_accuracy``.
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    history: dict[str, list[float]] = field(default_factory=dict)

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.weights[0].shape[0], *(w.shape[1] for w in self.weights))

    def forward(self, x: np.ndarray) -> list[np.ndarray]:
        """Activations of every layer, input first: ``[x, h1, ..., output]``."""
        activations = [x]
        for weights, bias in zip(self.weights, self.biases, strict=True):
            activations.append(_sigmoid(activations[-1] @ weights + bias))
        return activations

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted class for each row of ``x``: the output unit with the largest activation."""
        x = check_array(x, "x", "NumpyMLP.predict", ndim=2, dtype=self.weights[0].dtype)
        if x.shape[1] != self.sizes[0]:
            fail("x", "NumpyMLP.predict", f"an array with {self.sizes[0]} columns", x)
        return self.forward(x)[-1].argmax(axis=1)

    def accuracy(self, x: np.ndarray, y: np.ndarray) -> float:
        """Share of rows whose predicted class equals ``y`` (:func:`labkit.metrics.accuracy` of :meth:`predict`).

        Parameters
        ----------
        x : ndarray of shape (n, n_in)
        y : ndarray of shape (n,)
            Integer labels.

        Returns
        -------
        float
            In [0, 1].
        """
        return metrics.accuracy(self.predict(x), y)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # exp(-z) = inf for very negative z gives exactly 0, as it should
        return 1.0 / (1.0 + np.exp(-z))


def one_hot(y: np.ndarray, n_classes: int) -> np.ndarray:
    """Labels (n,) → one-hot rows (n, n_classes) of float64.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Integer labels 0 .. n_classes-1.
    n_classes : int >= 1

    Returns
    -------
    ndarray of shape (n, n_classes)
    """
    y = check_labels(y, "y", "one_hot").astype(np.int64)
    check_int(n_classes, "n_classes", "one_hot", low=1, high=100_000)
    if y.min() < 0 or y.max() >= n_classes:
        fail("y", "one_hot", f"labels from 0 to {n_classes - 1}", y)
    out = np.zeros((len(y), n_classes))
    out[np.arange(len(y)), y] = 1.0
    return out


def init_numpy_mlp(sizes: Sequence[int], *, init: str = "uniform01", seed: int = 0) -> NumpyMLP:
    """A fresh network with layer sizes ``sizes`` (e.g. ``(64, 30, 10)``).

    Parameters
    ----------
    sizes : sequence of int
        Input width, hidden widths, output width; at least two numbers.
    init : {"uniform01", "glorot_uniform", "he_normal", "zeros"}, default "uniform01"
        ``"uniform01"`` is article [C]'s choice (weights and biases uniform on [0, 1)); the others
        draw weights by the usual rules and start biases at zero.
    seed : int, default 0

    Raises
    ------
    TypeError, ValueError
        On a bad argument, with one line naming it.
    """
    func = "init_numpy_mlp"
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        fail("sizes", func, "a sequence of at least two layer sizes, like (64, 30, 10)", sizes)
    for size in sizes:
        check_int(size, "sizes", func, low=1)
    check_choice(init, "init", func, NUMPY_INITS)
    check_int(seed, "seed", func, low=0)
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        if init == "uniform01":
            weights.append(rng.random((n_in, n_out)))
            biases.append(rng.random(n_out))
            continue
        if init == "glorot_uniform":
            limit = np.sqrt(6.0 / (n_in + n_out))
            weights.append(rng.uniform(-limit, limit, size=(n_in, n_out)))
        elif init == "he_normal":
            weights.append(rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out)))
        else:
            weights.append(np.zeros((n_in, n_out)))
        biases.append(np.zeros(n_out))
    return NumpyMLP(weights=weights, biases=biases)


def cost_and_gradients(
    net: NumpyMLP, x: np.ndarray, y_one_hot: np.ndarray, *, l2: float = 0.0, l1: float = 0.0
) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    """The cost J and its gradients with respect to every weight matrix and bias, by backpropagation.

    Parameters
    ----------
    net : NumpyMLP
    x : ndarray of shape (m, n_in)
    y_one_hot : ndarray of shape (m, n_out)
    l2 : float >= 0, default 0
        The penalty λ; adds (λ/2)·Σ‖W‖² to J and λ·W to each weight gradient.
    l1 : float >= 0, default 0
        Adds l1·Σ|W| to J and l1·sign(W) to each weight gradient.

    Returns
    -------
    cost : float
    weight_gradients, bias_gradients : list of ndarray
        Same shapes as ``net.weights`` and ``net.biases``.
    """
    func = "cost_and_gradients"
    if not isinstance(net, NumpyMLP):
        fail("net", func, "a NumpyMLP", net, kind=TypeError)
    _check_batch(net, check_array(x, "x", func, ndim=2, dtype=np.float64),
                 check_array(y_one_hot, "y_one_hot", func, ndim=2, dtype=np.float64), func)
    check_number(l2, "l2", func, low=0.0)
    check_number(l1, "l1", func, low=0.0)
    return _cost_and_gradients(net, x, y_one_hot, l2=l2, l1=l1)


def _check_batch(net: NumpyMLP, x: np.ndarray, y_one_hot: np.ndarray, func: str) -> None:
    check_same_rows(x, y_one_hot, func, names=("x", "y_one_hot"))
    if x.shape[1] != net.sizes[0]:
        fail("x", func, f"an array with {net.sizes[0]} columns (the net's inputs)", x)
    if y_one_hot.shape[1] != net.sizes[-1]:
        fail("y_one_hot", func, f"an array with {net.sizes[-1]} columns (the net's outputs)", y_one_hot)


def _cost_and_gradients(net: NumpyMLP, x: np.ndarray, y_one_hot: np.ndarray, *, l2: float,
                        l1: float) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    activations = net.forward(x)
    output = activations[-1]
    cost = 0.5 * np.sum((y_one_hot - output) ** 2) / len(x) + sum(
        0.5 * l2 * np.sum(w * w) + l1 * np.sum(np.abs(w)) for w in net.weights
    )
    weight_grads, bias_grads = _backpropagate(net, activations, y_one_hot, l2=l2, l1=l1)
    return float(cost), weight_grads, bias_grads


def _backpropagate(net: NumpyMLP, activations: list[np.ndarray], y_one_hot: np.ndarray, *, l2: float,
                   l1: float) -> tuple[list, list]:
    """Gradients from a forward pass's activations (the cost itself is not needed for them)."""
    m = len(y_one_hot)
    output = activations[-1]
    delta = (output - y_one_hot) * output * (1.0 - output)  # dJ/dz at the output, times m
    weight_grads: list[np.ndarray] = []
    bias_grads: list[np.ndarray] = []
    for layer in range(len(net.weights) - 1, -1, -1):
        a_in = activations[layer]
        weight_grad = a_in.T @ delta / m  # ΔW/m
        if l2:
            weight_grad += l2 * net.weights[layer]  # + λW
        if l1:
            weight_grad += l1 * np.sign(net.weights[layer])
        weight_grads.append(weight_grad)
        bias_grads.append(delta.sum(axis=0) / m)
        if layer > 0:
            delta = (delta @ net.weights[layer].T) * a_in * (1.0 - a_in)
    return weight_grads[::-1], bias_grads[::-1]


def gradient_check(net: NumpyMLP, x: np.ndarray, y_one_hot: np.ndarray, *, l2: float = 0.0, l1: float = 0.0,
                   step: float = 1e-6) -> float:
    """Largest relative difference between backpropagation's gradients and central finite differences.

    Every weight and bias is nudged by ``±step`` in turn (float64), so keep the network and ``x``
    small. A correct backpropagation gives about 1e-7 or less; a wrong one, 1e-2 or more.

    Relative difference per parameter: ``|g_backprop − g_numeric| / max(|g_backprop| + |g_numeric|, 1e-12)``.

    Parameters
    ----------
    net : NumpyMLP
        Checked on a float64 copy; ``net`` itself is not changed.
    x : ndarray of shape (m, n_in)
        Rows × parameters at most 10**6 (every parameter is nudged in turn).
    y_one_hot : ndarray of shape (m, n_out)
    l2, l1 : float >= 0, default 0
        Penalties, as in :func:`cost_and_gradients`.
    step : float in (0, 0.01], default 1e-6
        The finite-difference nudge.

    Returns
    -------
    float
        The largest relative difference over all weights and biases.
    """
    func = "gradient_check"
    if not isinstance(net, NumpyMLP):
        fail("net", func, "a NumpyMLP", net, kind=TypeError)
    x = check_array(x, "x", func, ndim=2, dtype=np.float64)
    y_one_hot = check_array(y_one_hot, "y_one_hot", func, ndim=2, dtype=np.float64)
    _check_batch(net, x, y_one_hot, func)
    check_number(l2, "l2", func, low=0.0)
    check_number(l1, "l1", func, low=0.0)
    check_number(step, "step", func, low=0.0, low_open=True, high=1e-2)
    if x.size * sum(w.size for w in net.weights) > 10**6:
        fail("x", func, "a small batch (rows x parameters at most a million: every parameter is nudged in turn)", x)
    net = NumpyMLP([w.astype(np.float64) for w in net.weights], [b.astype(np.float64) for b in net.biases])
    _, weight_grads, bias_grads = cost_and_gradients(net, x, y_one_hot, l2=l2, l1=l1)
    worst = 0.0
    for params, grads in ((net.weights, weight_grads), (net.biases, bias_grads)):
        for array, grad in zip(params, grads, strict=True):
            for index in np.ndindex(array.shape):
                original = array[index]
                array[index] = original + step
                plus = cost_and_gradients(net, x, y_one_hot, l2=l2, l1=l1)[0]
                array[index] = original - step
                minus = cost_and_gradients(net, x, y_one_hot, l2=l2, l1=l1)[0]
                array[index] = original
                numeric = (plus - minus) / (2 * step)
                worst = max(worst, abs(grad[index] - numeric) / max(abs(grad[index]) + abs(numeric), 1e-12))
    return float(worst)


def train_numpy_mlp(
    x: np.ndarray,
    y: np.ndarray,
    *,
    hidden: Sequence[int] = (30,),
    learning_rate: float = 0.25,
    iterations: int = 3000,
    l2: float = 0.0,
    l1: float = 0.0,
    init: str = "uniform01",
    seed: int = 0,
    record_every: int = 100,
    dtype: str = "float32",
) -> NumpyMLP:
    """Train article [C]'s network: full-batch gradient descent on the squared-error cost.

    Parameters
    ----------
    x : ndarray of shape (m, n_features)
    y : ndarray of shape (m,)
        Integer labels 0 .. n_classes-1 (n_classes = y.max() + 1).
    hidden : sequence of int, default (30,)
        Hidden layer widths.
    learning_rate : float > 0, default 0.25
    iterations : int in [1, 10**6], default 3000
    l2 : float >= 0, default 0
        λ in ``W ← W − α (ΔW/m + λW)``.
    l1 : float >= 0, default 0
        An L1 penalty instead (or as well): ``W ← W − α (ΔW/m + l1·sign(W))``.
    init : str, default "uniform01"
        See :func:`init_numpy_mlp`.
    seed : int, default 0
    record_every : int, default 100
        Record cost and training accuracy at iteration 1 and every this many iterations (in
        ``net.history``).
    dtype : {"float32", "float64"}, default "float32"
        Arithmetic precision; float32 is faster and reaches the same accuracy.

    Returns
    -------
    NumpyMLP

    Examples
    --------
    >>> from labkit.data import load_digits_split
    >>> split = load_digits_split()
    >>> net = train_numpy_mlp(split.x_train, split.y_train, iterations=200)
    >>> round(net.accuracy(split.x_val, split.y_val), 2) > 0.1
    True
    """
    func = "train_numpy_mlp"
    x = check_array(x, "x", func, ndim=2, dtype=np.float64)
    y = check_labels(y, "y", func).astype(np.int64)
    check_same_rows(x, y, func)
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, Sequence):
        fail("hidden", func, "a sequence of hidden layer widths, like (30,)", hidden)
    for width in hidden:
        check_int(width, "hidden", func, low=1, high=100_000)
    check_number(learning_rate, "learning_rate", func, low=0.0, low_open=True)
    check_int(iterations, "iterations", func, low=1, high=10**6)
    check_number(l2, "l2", func, low=0.0)
    check_number(l1, "l1", func, low=0.0)
    check_int(record_every, "record_every", func, low=1)
    check_choice(dtype, "dtype", func, ("float32", "float64"))
    if y.min() < 0:
        fail("y", func, "integer labels from 0", y)
    n_classes = int(y.max()) + 1
    net = init_numpy_mlp((x.shape[1], *hidden, n_classes), init=init, seed=seed)
    net.weights = [w.astype(dtype) for w in net.weights]
    net.biases = [b.astype(dtype) for b in net.biases]
    x = x.astype(dtype)
    targets = one_hot(y, n_classes).astype(dtype)
    learning_rate, l2, l1 = (np.asarray(value, dtype=dtype) for value in (learning_rate, l2, l1))
    net.history = {"iteration": [], "cost": [], "train_accuracy": []}
    for iteration in range(1, iterations + 1):
        record = iteration % record_every == 0 or iteration == 1
        if record:  # the cost costs time (a pass over all outputs and weights), so only when it is recorded
            cost = _cost_and_gradients(net, x, targets, l2=l2, l1=l1)[0]
        weight_grads, bias_grads = _backpropagate(net, net.forward(x), targets, l2=l2, l1=l1)
        for layer, (dw, db) in enumerate(zip(weight_grads, bias_grads, strict=True)):
            net.weights[layer] -= learning_rate * dw
            net.biases[layer] -= learning_rate * db
        if record:
            net.history["iteration"].append(iteration)
            net.history["cost"].append(cost)
            net.history["train_accuracy"].append(net.accuracy(x, y))
    return net
