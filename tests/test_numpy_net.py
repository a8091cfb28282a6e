"""The from-scratch numpy network: backpropagation agrees with finite differences and with TensorFlow."""
import numpy as np
import pytest
import tensorflow as tf

from labkit._validate import LabkitInputError
from labkit.data import load_digits_split
from labkit.numpy_net import cost_and_gradients, gradient_check, init_numpy_mlp, one_hot, train_numpy_mlp


@pytest.fixture(scope="module")
def small():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 5))
    y = rng.integers(0, 3, size=20)
    return x, one_hot(y, 3)


@pytest.mark.parametrize("l2", [0.0, 0.01])
@pytest.mark.parametrize("init", ["uniform01", "glorot_uniform"])
def test_backprop_matches_finite_differences(small, l2, init):
    x, targets = small
    net = init_numpy_mlp((5, 4, 3), init=init, seed=1)
    _, weight_grads, bias_grads = cost_and_gradients(net, x, targets, l2=l2)
    step = 1e-6
    for params, grads in ((net.weights, weight_grads), (net.biases, bias_grads)):
        for array, grad in zip(params, grads, strict=True):
            numeric = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                original = array[index]
                array[index] = original + step
                plus = cost_and_gradients(net, x, targets, l2=l2)[0]
                array[index] = original - step
                minus = cost_and_gradients(net, x, targets, l2=l2)[0]
                array[index] = original
                numeric[index] = (plus - minus) / (2 * step)
            assert np.allclose(grad, numeric, rtol=1e-4, atol=1e-8)


def test_backprop_matches_tensorflow_autodiff(small):
    x, targets = small
    net = init_numpy_mlp((5, 4, 3), init="glorot_uniform", seed=2)
    cost, weight_grads, bias_grads = cost_and_gradients(net, x, targets, l2=0.003)
    variables = [tf.Variable(a) for pair in zip(net.weights, net.biases, strict=True) for a in pair]
    with tf.GradientTape() as tape:
        h = tf.constant(x)
        for w, b in zip(variables[0::2], variables[1::2], strict=True):
            h = tf.sigmoid(h @ w + b)
        tf_cost = (0.5 * tf.reduce_sum((targets - h) ** 2) / len(x)
                   + 0.5 * 0.003 * sum(tf.reduce_sum(w * w) for w in variables[0::2]))
    tf_grads = tape.gradient(tf_cost, variables)
    assert np.isclose(cost, float(tf_cost))
    for mine, theirs in zip([g for pair in zip(weight_grads, bias_grads, strict=True) for g in pair], tf_grads,
                            strict=True):
        assert np.allclose(mine, theirs.numpy(), rtol=1e-6, atol=1e-10)


def test_training_lowers_the_cost_and_learns_digits():
    split = load_digits_split(standardize=True)
    net = train_numpy_mlp(split.x_train, split.y_train, iterations=300, init="glorot_uniform", learning_rate=1.0)
    assert net.history["cost"][-1] < net.history["cost"][0]
    assert net.accuracy(split.x_val, split.y_val) > 0.6


def test_l2_shrinks_the_weights():
    split = load_digits_split(standardize=True)
    plain = train_numpy_mlp(split.x_train, split.y_train, iterations=200, init="glorot_uniform")
    penalised = train_numpy_mlp(split.x_train, split.y_train, iterations=200, init="glorot_uniform", l2=0.01)
    assert sum(np.sum(w**2) for w in penalised.weights) < sum(np.sum(w**2) for w in plain.weights)


def test_uniform01_init_is_article_c():
    net = init_numpy_mlp((64, 30, 10), seed=0)
    assert all(0 <= w.min() and w.max() < 1 for w in net.weights + net.biases)
    assert net.sizes == (64, 30, 10)


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: init_numpy_mlp((64,)), "sizes"),
        (lambda: init_numpy_mlp((64, 0, 10)), "sizes"),
        (lambda: init_numpy_mlp((64, 10), init="xavier"), "init"),
        (lambda: train_numpy_mlp(np.zeros((5, 2)), np.zeros(4, int)), "x"),
        (lambda: train_numpy_mlp(np.zeros((5, 2)), np.zeros(5, int), learning_rate=0), "learning_rate"),
        (lambda: train_numpy_mlp(np.zeros((5, 2)), np.zeros(5, int), l2=-1), "l2"),
        (lambda: train_numpy_mlp(np.zeros((5, 2)), np.zeros(5, int), hidden=30), "hidden"),
        (lambda: one_hot(np.array([0, 3]), 3), "y"),
    ],
)
def test_bad_arguments(call, argument):
    with pytest.raises(LabkitInputError) as error:
        call()
    assert f"'{argument}'" in str(error.value) and "\n" not in str(error.value)


def test_gradient_check_passes_backprop_and_catches_a_wrong_gradient(small, monkeypatch):
    x, targets = small
    net = init_numpy_mlp((5, 4, 3), init="glorot_uniform", seed=3)
    assert gradient_check(net, x, targets, l2=0.01) < 1e-6
    assert gradient_check(net, x, targets, l1=0.01) < 1e-6  # no weight sits at 0, where |w| has no slope
    import labkit.numpy_net as numpy_net

    right = numpy_net.cost_and_gradients

    def forgets_the_penalty(net, x, y, *, l2=0.0, l1=0.0):  # a typical bug: λW missing from the gradient
        cost, weight_grads, bias_grads = right(net, x, y, l2=0.0, l1=l1)
        return cost + 0.5 * l2 * sum(np.sum(w * w) for w in net.weights), weight_grads, bias_grads

    monkeypatch.setattr(numpy_net, "cost_and_gradients", forgets_the_penalty)
    assert gradient_check(net, x, targets, l2=0.1) > 1e-2


def test_float32_training_matches_float64():
    split = load_digits_split(standardize=True)
    a = train_numpy_mlp(split.x_train, split.y_train, iterations=300, l2=0.001, dtype="float32")
    b = train_numpy_mlp(split.x_train, split.y_train, iterations=300, l2=0.001, dtype="float64")
    assert a.weights[0].dtype == np.float32 and b.weights[0].dtype == np.float64
    assert np.mean(a.predict(split.x_val) == b.predict(split.x_val)) > 0.98
    assert abs(a.history["cost"][-1] - b.history["cost"][-1]) < 1e-3
