import keras
import matplotlib
import numpy as np
import pytest
import tensorflow as tf

from labkit._validate import LabkitInputError
from labkit.data import load_moons_split
from labkit.diagnostics import activation_stats, dead_unit_fraction, gradient_norms, layer_outputs
from labkit.models import build_mlp
from labkit.plots import plot_decision_regions, plot_history, plot_layer_values
from labkit.training import TrainingHistory, fit
from labkit.widgets import knobs


@pytest.fixture(scope="module")
def moons():
    return load_moons_split(n_samples=200, seed=0)


def test_gradient_norms_keyed_by_path_and_match_a_manual_tape(moons):
    model = build_mlp(2, 2, depth=2, width=4, seed=0, optimizer=None)
    norms = gradient_norms(model, moons.x_train, moons.y_train)
    assert list(norms) == ["dense_1/kernel", "dense_2/kernel", "output/kernel"]
    with tf.GradientTape() as tape:
        probabilities = model(moons.x_train)
        picked = tf.gather(probabilities, moons.y_train, axis=1, batch_dims=1)
        loss = -tf.reduce_mean(tf.math.log(picked))
    manual = tape.gradient(loss, model.get_layer("dense_1").kernel)
    assert np.isclose(norms["dense_1/kernel"], np.linalg.norm(manual.numpy()), rtol=1e-4)


def test_gradient_norm_agrees_with_finite_differences(moons):
    model = build_mlp(2, 2, depth=1, width=3, seed=1, optimizer=None, activation="tanh")
    x, y = moons.x_train[:50], moons.y_train[:50]
    kernel = model.get_layer("output").kernel
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    base = kernel.numpy().astype(np.float64)
    grad = np.zeros_like(base)
    step = 1e-3
    for index in np.ndindex(base.shape):
        for sign in (1, -1):
            shifted = base.copy()
            shifted[index] += sign * step
            kernel.assign(shifted.astype(np.float32))
            grad[index] += sign * float(loss_fn(y, model(x))) / (2 * step)
    kernel.assign(base.astype(np.float32))
    assert np.isclose(gradient_norms(model, x, y)["output/kernel"], np.linalg.norm(grad), rtol=2e-2)


def test_activation_stats_and_dead_units(moons):
    model = build_mlp(2, 2, depth=2, width=8, activation="relu", seed=0)
    stats = activation_stats(model, moons.x_train)
    assert [s.name for s in stats] == ["relu_1", "relu_2"]
    outputs = layer_outputs(model, moons.x_train)
    assert outputs["relu_1"].shape == (len(moons.x_train), 8)
    for s in stats:
        values = outputs[s.name]
        assert s.mean == pytest.approx(values.mean(), rel=1e-5) and s.std == pytest.approx(values.std(), rel=1e-5)
        assert s.dead_fraction == pytest.approx(np.mean(np.all(values == 0, axis=0)))
    assert dead_unit_fraction(np.array([[0, 1, 0], [0, 2, 0]])) == pytest.approx(2 / 3)


def test_dead_fraction_matches_the_exercise_solution():
    from conftest import load_solution

    solution = load_solution("02_vanishing_exploding_gradients")
    rng = np.random.default_rng(1)
    activations = np.maximum(rng.normal(size=(20, 30)) - 1.5, 0)
    assert solution.dead_fraction(activations) == pytest.approx(dead_unit_fraction(activations))


def test_diagnostics_bad_inputs(moons):
    model = build_mlp(2, 2, seed=0)
    with pytest.raises(LabkitInputError, match="'x'"):
        gradient_norms(model, moons.x_train[:, :1].ravel(), moons.y_train)
    with pytest.raises(LabkitInputError, match="'model'"):
        layer_outputs("model", moons.x_train)
    with pytest.raises(LabkitInputError, match="same number of rows"):
        gradient_norms(model, moons.x_train, moons.y_train[:-1])
    with pytest.raises(LabkitInputError, match="'activations'"):
        dead_unit_fraction([1, 2, 3])


def test_plots_return_axes(moons):
    model = build_mlp(2, 2, seed=0)
    history = fit(model, moons, epochs=2, progress=False)
    assert isinstance(plot_history(history, metrics=["loss", "accuracy"]), matplotlib.axes.Axes)
    assert isinstance(history.plot(), matplotlib.axes.Axes)
    ax = plot_layer_values({"a": [1.0, 0.1, 0.01], "b": [1, 1, 1]})
    assert ax.get_yscale() == "log" and len(ax.lines) == 2
    assert plot_layer_values([1.0, 2.0], ylim=(1e-3, 1e3)).get_ylim() == pytest.approx((1e-3, 1e3))
    assert isinstance(plot_decision_regions(lambda p: model.predict(p, verbose=0), moons.x_val, moons.y_val,
                                            resolution=20), matplotlib.axes.Axes)


def test_plot_bad_inputs(moons):
    with pytest.raises(LabkitInputError, match="'history'"):
        plot_history({"loss": [1, 2]})
    with pytest.raises(LabkitInputError, match="'metrics'"):
        plot_history(TrainingHistory({"loss": np.ones(2)}, 1.0), metrics="loss")
    with pytest.raises(LabkitInputError, match="'values'"):
        plot_layer_values({"a": [[1, 2]]})
    for bad in ((0, 1), (5, 1), [1, 2], "auto"):
        with pytest.raises(LabkitInputError, match="'ylim'"):
            plot_layer_values([1.0, 2.0], ylim=bad)
    with pytest.raises(LabkitInputError, match="'x'"):
        plot_decision_regions(lambda p: p, np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(LabkitInputError, match="'predict'"):
        plot_decision_regions(None, moons.x_val, moons.y_val)


def test_knobs_draw_the_default_view_and_redraw_on_change():
    calls = []
    box = knobs(lambda depth, activation: calls.append((depth, activation)), defaults={"depth": 10}, depth=[10, 2],
                activation=["relu", "tanh"])
    assert calls == [(10, "relu")]
    assert list(box.children[0].options) == [2, 10]  # numbers are sorted, the default is kept
    box.children[0].value = 2
    assert calls[-1] == (2, "relu")
    with pytest.raises(LabkitInputError, match="'defaults'"):
        knobs(lambda depth: None, defaults={"depth": 3}, depth=[1, 2])
    with pytest.raises(LabkitInputError, match="'depth'"):
        knobs(lambda depth: None, depth=[])
    with pytest.raises(LabkitInputError, match="'draw'"):
        knobs("plot", depth=[1])
