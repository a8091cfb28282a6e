import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkit._validate import LabkitInputError
from labkit.callbacks import EpochScores, GradientNormRecorder, LearningRateRangeTest, patience_rule
from labkit.data import load_digits_split, load_moons_split
from labkit.models import AdjustableDropout, AdjustablePenalty, build_mlp, build_towers, reinitialize
from labkit.sweeps import sweep
from labkit.towers import evaluate, evaluate_towers, predict_towers, tower_input_name, tower_layer, tower_name
from labkit.training import TrainingHistory, fit


@pytest.fixture(scope="module")
def moons():
    return load_moons_split(n_samples=300, seed=0)


def moons_per_seed(seeds, n_samples=300):
    return {seed: load_moons_split(n_samples=n_samples, seed=seed) for seed in seeds}


def test_build_mlp_structure():
    model = build_mlp(64, 10, depth=3, width=16, activation="tanh", dropout=0.2, batch_norm=True, l2=1e-3)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert (kinds.count("Dense") == 4 and kinds.count("AdjustableDropout") == 3
            and kinds.count("BatchNormalization") == 3)
    assert model.layers[-1].units == 10 and model.optimizer is not None
    assert all(layer.kernel_regularizer is not None for layer in model.layers if isinstance(layer, keras.layers.Dense))


def test_adjustable_dropout_behaves_like_keras_dropout():
    x = np.ones((400, 250), dtype="float32")
    for rate in (0.2, 0.5):
        ours = AdjustableDropout(rate, seed=1)(x, training=True).numpy()
        theirs = keras.layers.Dropout(rate, seed=1)(x, training=True).numpy()
        for out in (ours, theirs):
            assert set(np.unique(out)) == {0.0, np.float32(1 / (1 - rate))}  # dropped, or kept and scaled
            assert abs(np.mean(out == 0) - rate) < 0.01 and abs(out.mean() - 1.0) < 0.02  # the mean is kept
        assert np.array_equal(AdjustableDropout(rate)(x, training=False).numpy(), x)


def test_adjustable_penalty_equals_keras_l1l2():
    w = np.random.default_rng(0).normal(size=(7, 5)).astype("float32")
    for l1, l2 in ((0.0, 0.0), (1e-3, 0.0), (0.0, 0.01), (0.02, 0.003)):
        ours = float(AdjustablePenalty(l1=l1, l2=l2)(w))
        theirs = float(keras.regularizers.L1L2(l1=l1, l2=l2)(w))
        assert ours == pytest.approx(theirs, rel=1e-6, abs=1e-9)


def test_reinitialize_changes_dropout_and_penalty_without_retracing(moons):
    model = build_mlp(2, 2, depth=1, width=32, dropout=0.5, input_dropout=0.1, l2=1e-4, seed=0)
    fit(model, moons, epochs=1, progress=False)
    train_function = model.train_function
    reinitialize(model, dropout=0.0, input_dropout=0.0, l2=0.5)
    assert (float(model.get_layer("dropout_1").rate.numpy()) == 0.0
            and float(model.get_layer("input_dropout").rate.numpy()) == 0.0)
    history = fit(model, moons, epochs=1, progress=False)
    assert model.train_function is train_function  # the same traced function, the new settings
    assert history.final("loss") > 0.3  # the L2 term (0.5 Σw²) is in the loss now
    reinitialize(model, l2=0.0)
    assert float(model.get_layer("dense_1").kernel_regularizer.l2.numpy()) == 0.0


def test_reinitialize_refuses_settings_the_model_was_not_built_for():
    model = build_mlp(4, 2, depth=1, width=4)
    for option in ("dropout", "l2"):
        with pytest.raises(ValueError, match=f"'{option}' argument of reinitialize") as error:
            reinitialize(model, **{option: 0.3})
        assert "\n" not in str(error.value)


def test_seeded_models_are_reproducible_and_seeds_differ():
    a, b, c = (build_mlp(8, 3, seed=s) for s in (1, 1, 2))
    assert np.array_equal(a.layers[1].kernel.numpy(), b.layers[1].kernel.numpy())
    assert not np.array_equal(a.layers[1].kernel.numpy(), c.layers[1].kernel.numpy())


def test_initializer_instance_is_cloned_per_layer():
    model = build_mlp(8, 3, depth=2, width=8, initializer=keras.initializers.RandomNormal(stddev=1.0), seed=3)
    first, second = model.get_layer("dense_1").kernel.numpy(), model.get_layer("dense_2").kernel.numpy()
    assert not np.array_equal(first, second) and 0.5 < first.std() < 1.5


def test_towers_equal_separate_models_at_start():
    towers = build_towers(8, 3, seeds=[4, 9], depth=1, width=5)
    alone = build_mlp(8, 3, depth=1, width=5, seed=9)
    assert np.array_equal(towers.get_layer("seed_9_dense_1").kernel.numpy(), alone.get_layer("dense_1").kernel.numpy())
    assert list(towers.output_names) == ["seed_4", "seed_9"]


def test_fit_learns_moons_and_returns_history(moons):
    model = build_mlp(2, 2, depth=2, width=16, learning_rate=0.01, seed=0)
    history = fit(model, moons, epochs=30, progress=False)
    assert isinstance(history, TrainingHistory) and history.epochs == 30
    assert history.final("loss") < history["loss"][0]
    assert evaluate(model, moons.x_val, moons.y_val)["accuracy"] > 0.7  # learns: chance is 0.5
    made_up = TrainingHistory({"val_loss": np.array([3.0, 1.0, 2.0]), "val_accuracy": np.array([0.1, 0.5, 0.9])}, 1.0)
    assert (made_up.best_epoch("val_loss"), made_up.best_epoch("val_accuracy")) == (2, 3)  # lowest loss, highest rest


def test_towers_train_and_split_history():
    splits = moons_per_seed([0, 1])
    towers = build_towers(2, 2, seeds=[0, 1], depth=1, width=16, learning_rate=0.01)
    history = fit(towers, splits, epochs=5, progress=False)
    per_seed = history.tower(1)
    assert set(per_seed.metrics) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    scores = evaluate_towers(towers, splits, "val")
    assert set(scores) == {0, 1}
    for seed in (0, 1):  # each tower scored on its own seed's rows
        predicted = predict_towers(towers, splits[seed].x_val)[seed].argmax(axis=1)
        assert scores[seed]["accuracy"] == pytest.approx(np.mean(predicted == splits[seed].y_val))
    assert scores[1] == evaluate_towers(towers, {0: splits[0].val, 1: splits[1].val})[1]
    with pytest.raises(LabkitInputError, match="'name'"):
        history.tower(7)


@pytest.mark.parametrize("optimizer", ["adam", "sgd", "momentum", "rmsprop"])
def test_a_tower_trains_exactly_as_its_seed_alone(optimizer):
    """Towers are only a speed trick: each seed's tower gets its own rows, order, start and masks."""
    seeds = (3, 7, 11)
    splits = {seed: load_digits_split(seed=seed, n_train=120, standardize=True) for seed in seeds}
    options = dict(depth=2, width=12, dropout=0.3, input_dropout=0.1, optimizer=optimizer, learning_rate=0.01)
    towers = build_towers(64, 10, seeds=seeds, **options)
    together = fit(towers, splits, epochs=3, batch_size=32, progress=False)
    for seed in seeds:
        alone = build_mlp(64, 10, seed=seed, **options)
        history = fit(alone, splits[seed], epochs=3, batch_size=32, seed=seed, progress=False)
        for name in ("dense_1", "dense_2", "output"):
            assert np.array_equal(tower_layer(towers, seed, name).kernel.numpy(),
                                  alone.get_layer(name).kernel.numpy()), (seed, name)
        assert np.allclose(together.tower(seed)["val_loss"], history["val_loss"], rtol=1e-6)


def test_towers_see_their_own_rows_and_share_the_test_rows():
    seeds = (0, 1)
    splits = {seed: load_digits_split(seed=seed, n_train=100) for seed in seeds}
    assert not np.array_equal(splits[0].x_train, splits[1].x_train)  # each seed draws its own training rows
    assert np.array_equal(splits[0].x_test, splits[1].x_test)  # the test rows are fixed
    towers = build_towers(64, 10, seeds=seeds, depth=1, width=8)
    fit(towers, splits, epochs=2, progress=False)
    swapped = evaluate_towers(towers, {0: splits[1].train, 1: splits[0].train})
    own = evaluate_towers(towers, splits, "train")
    assert own != swapped
    predicted = predict_towers(towers, splits[0].x_test)
    assert set(predicted) == {0, 1}
    inputs = {tower_input_name(seed): splits[0].x_test for seed in seeds}
    assert np.allclose(predicted[1], towers.predict(inputs, verbose=0)[tower_name(1)], atol=1e-6)
    with pytest.raises(LabkitInputError, match="'data' argument of fit"):
        fit(towers, splits[0], epochs=1, progress=False)  # one Split for every tower: refused
    with pytest.raises(LabkitInputError, match="keys"):
        fit(towers, {0: splits[0]}, epochs=1, progress=False)
    uneven = {0: splits[0], 1: load_digits_split(seed=1, n_train=150)}
    with pytest.raises(LabkitInputError, match="same size"):
        fit(towers, uneven, epochs=1, progress=False)
    with pytest.raises(LabkitInputError, match="'part' argument of evaluate_towers"):
        evaluate_towers(towers, splits)


def test_progress_prints_one_line_outside_notebooks(moons, capsys):
    fit(build_mlp(2, 2, seed=0), moons, epochs=2)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("epoch 2/2") and "val_loss" in out[0]


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        (dict(depth=-1), "depth"),
        (dict(width=0), "width"),
        (dict(activation="relu6"), "activation"),
        (dict(initializer="xavier"), "initializer"),
        (dict(initializer=3.0), "initializer"),
        (dict(dropout=1.0), "dropout"),
        (dict(dropout=-0.1), "dropout"),
        (dict(l2=-1e-3), "l2"),
        (dict(optimizer="adamw2"), "optimizer"),
        (dict(learning_rate=0), "learning_rate"),
        (dict(batch_norm=1), "batch_norm"),
        (dict(layer_norm="yes"), "layer_norm"),
        (dict(batch_norm=True, layer_norm=True), "layer_norm"),
    ],
)
def test_build_mlp_bad_arguments(kwargs, argument):
    with pytest.raises(LabkitInputError) as error:
        build_mlp(4, 2, **kwargs)
    assert f"'{argument}' argument of build_mlp" in str(error.value) and "\n" not in str(error.value)


@settings(max_examples=25, deadline=None)
@given(rate=st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1.0), st.just(float("nan"))))
def test_any_bad_dropout_rate_is_one_line(rate):
    with pytest.raises(LabkitInputError) as error:
        build_mlp(4, 2, dropout=rate)
    assert "'dropout'" in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize(
    "data, argument",
    [
        ((np.zeros((10, 3)), np.zeros(10)), "x"),  # model expects 2 columns
        ((np.zeros((10, 2)), np.zeros(9)), "x"),  # rows differ
        ((np.zeros((10, 2)), np.full(10, 5)), "y"),  # label out of range
        ((np.zeros(10), np.zeros(10)), "x"),  # 1-D features
        ((np.full((10, 2), np.nan), np.zeros(10)), "x"),
        ((np.array([["a", "b"]] * 10), np.zeros(10)), "x"),
    ],
)
def test_fit_bad_data_is_one_line_not_a_tensorflow_traceback(data, argument):
    model = build_mlp(2, 2, seed=0)
    with pytest.raises(LabkitInputError) as error:
        fit(model, data, epochs=1, progress=False)
    assert f"'{argument}'" in str(error.value) and "\n" not in str(error.value)


def test_fit_bad_options():
    model = build_mlp(2, 2, seed=0)
    split = load_moons_split(n_samples=100)
    for kwargs, argument in ((dict(epochs=0), "epochs"), (dict(batch_size=-2), "batch_size"),
                             (dict(validation=[1]), "validation")):
        with pytest.raises(LabkitInputError, match=f"'{argument}'"):
            fit(model, split, progress=False, **kwargs)
    with pytest.raises(LabkitInputError, match="'data'"):
        fit(model, "digits", progress=False)
    with pytest.raises(LabkitInputError, match="compiled"):
        fit(build_mlp(2, 2, optimizer=None), split, progress=False)


def test_digits_mlp_beats_chance_quickly():
    split = load_digits_split()
    model = build_mlp(64, 10, width=32, seed=0)
    fit(model, split, epochs=5, progress=False)
    assert evaluate(model, split.x_val, split.y_val)["accuracy"] > 0.5


def test_reinitialize_reproduces_a_fresh_model_exactly():
    moons = moons_per_seed([0, 1])
    towers = build_towers(2, 2, seeds=[0, 1], depth=2, width=8, learning_rate=0.01)
    start = [w.copy() for w in towers.get_weights()]
    first = fit(towers, moons, epochs=3, progress=False)
    step = towers.train_function
    from labkit.models import reinitialize

    reinitialize(towers)
    assert all(np.array_equal(a, b) for a, b in zip(start, towers.get_weights(), strict=True))
    again = fit(towers, moons, epochs=3, progress=False)
    assert np.array_equal(first["loss"], again["loss"])  # optimizer state was reset too
    assert towers.train_function is step  # the traced step is kept: no second tracing


def test_reinitialize_rewinds_dropout_masks_whatever_ran_before():
    moons = moons_per_seed([0, 1])
    towers = build_towers(2, 2, seeds=[0, 1], depth=2, width=8, learning_rate=0.01, dropout=0.2)
    first = fit(towers, moons, epochs=3, progress=False)
    reinitialize(towers, dropout=0.0)
    fit(towers, moons, epochs=2, progress=False)  # another run in between, at rate 0: its masks are drawn all the same
    reinitialize(towers, dropout=0.2)
    assert np.array_equal(first["loss"], fit(towers, moons, epochs=3, progress=False)["loss"])  # a new model's masks
    reinitialize(towers, replica=1)
    assert not np.array_equal(first["loss"], fit(towers, moons, epochs=3, progress=False, replica=1)["loss"])


def test_reinitialize_with_new_initializer_and_learning_rate(moons):
    from labkit.models import reinitialize

    model = build_mlp(2, 2, depth=1, width=64, initializer="glorot_normal", seed=2, optimizer="adagrad")
    reinitialize(model, initializer="he_normal", learning_rate=0.5)
    kernel = model.get_layer("dense_1").kernel.numpy()
    assert abs(kernel.std() - np.sqrt(2 / 2)) < 0.25  # He: sqrt(2 / fan_in), fan_in = 2
    assert np.isclose(float(model.optimizer.learning_rate), 0.5)
    fresh = build_mlp(2, 2, depth=1, width=64, initializer="he_normal", seed=2)
    assert np.array_equal(kernel, fresh.get_layer("dense_1").kernel.numpy())
    with pytest.raises(LabkitInputError, match="'model'"):
        reinitialize(build_mlp(2, 2, optimizer=None))
    with pytest.raises(LabkitInputError, match="'initializer'"):
        reinitialize(model, initializer="xavier")


def _keras_early_stopping(losses, patience, min_delta=0.0):
    """Drive Keras's EarlyStopping over a list of losses; return (stop_epoch, best_epoch), 1-based."""
    model = build_mlp(2, 2, width=2)
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, min_delta=min_delta,
                                             restore_best_weights=True)
    callback.set_model(model)
    callback.on_train_begin()
    trained = len(losses)
    for epoch, loss in enumerate(losses):
        callback.on_epoch_end(epoch, {"val_loss": float(loss)})
        if model.stop_training:
            trained = epoch + 1
            break
    return trained, callback.best_epoch + 1


@settings(max_examples=60, deadline=None)
@given(
    # losses in steps of 0.001 and deltas off that grid: Keras compares in float32, labkit in float64,
    # and only values that sit exactly on an improvement boundary could round differently
    st.lists(st.integers(0, 2000).map(lambda k: k / 1000), min_size=1, max_size=30),
    st.integers(0, 6),
    st.sampled_from([0.0, 0.0125, 0.1005]),
)
def test_patience_rule_agrees_with_keras_early_stopping(losses, patience, min_delta):
    assert patience_rule(losses, patience, min_delta=min_delta) == _keras_early_stopping(losses, patience, min_delta)


def test_patience_rule_examples():
    assert patience_rule([1.0, 0.8, 0.9, 0.95, 0.7], patience=2) == (4, 2)
    assert patience_rule([1.0, 0.8, 0.9, 0.7], patience=5) == (4, 4)  # never fires: all epochs
    assert patience_rule([1.0, 0.99, 0.98], patience=1, min_delta=0.05) == (2, 1)


def test_epoch_scores_match_evaluate_towers():
    moons = moons_per_seed([0, 1])
    towers = build_towers(2, 2, seeds=[0, 1], depth=1, width=8)
    scores = EpochScores({"val": {seed: moons[seed].val for seed in moons}, "test": moons[0].test})
    history = fit(towers, moons, epochs=3, callbacks=[scores], progress=False)
    final, test = evaluate_towers(towers, moons, "val"), evaluate_towers(towers, moons[0].test)
    for seed in (0, 1):
        assert len(scores.scores["val"][seed]["loss"]) == 3
        assert scores.scores["val"][seed]["accuracy"][-1] == pytest.approx(final[seed]["accuracy"])
        assert scores.scores["val"][seed]["loss"][-1] == pytest.approx(final[seed]["loss"], rel=1e-4)
        assert scores.scores["val"][seed]["loss"][-1] == pytest.approx(history.tower(seed)["val_loss"][-1], rel=1e-4)
        assert scores.scores["test"][seed]["accuracy"][-1] == pytest.approx(test[seed]["accuracy"])
    with pytest.raises(LabkitInputError, match="keys"):
        fit(towers, moons, epochs=1, callbacks=[EpochScores({"val": {0: moons[0].val}})], progress=False)


def test_sweep_runs_every_setting_and_refuses_unknown_options():
    moons = moons_per_seed([0, 1])
    towers = build_towers(2, 2, seeds=[0, 1], depth=1, width=8, dropout=0.1)
    def dropout_rate(model: object) -> float:  # what the setting put into the model's dropout layer
        return float(tower_layer(model, 0, "dropout_1").rate.numpy())

    runs = sweep(towers, moons, {"none": {"dropout": 0.0}, "some": {"dropout": 0.3}}, epochs=2, progress=False,
                 keep=dropout_rate)
    assert list(runs) == ["none", "some"]
    assert (runs["none"].kept, runs["some"].kept) == (0.0, pytest.approx(0.3))  # each setting was applied
    assert runs["none"].per_seed("val", "accuracy").shape == (2,)
    with pytest.raises(ValueError, match="'settings' argument of sweep"):
        sweep(towers, moons, {"x": {"dropuot": 0.3}}, epochs=1)


def test_gradient_norm_recorder_matches_diagnostics(moons):
    from labkit.diagnostics import gradient_norms

    model = build_mlp(2, 2, depth=2, width=8, optimizer="sgd", learning_rate=0.1, seed=1)
    expected = gradient_norms(model, moons.x_train, moons.y_train, kernels_only=False)
    recorder = GradientNormRecorder(moons.train)
    fit(model, (moons.x_train, moons.y_train), epochs=2, batch_size=len(moons.x_train), shuffle=False,
        callbacks=[recorder], progress=False)
    assert len(recorder.tower_norms("model")) == 2  # one norm per step (full batch: one step per epoch)
    for path, norm in expected.items():
        # the first step's gradient, before any update
        assert recorder.per_weight[path][0] == pytest.approx(norm, rel=1e-4)
    with pytest.raises(ValueError, match="'seed' argument"):
        recorder.tower_norms(7)


def test_gradient_norm_recorder_per_tower():
    from labkit.diagnostics import gradient_norms

    splits = moons_per_seed([3, 4], n_samples=200)
    rows = {seed: splits[seed].train for seed in splits}
    towers = build_towers(2, 2, seeds=[3, 4], depth=1, width=4, optimizer="sgd")
    recorder = GradientNormRecorder(rows)
    n = len(splits[3].x_train)
    fit(towers, rows, epochs=2, batch_size=n, shuffle=False, callbacks=[recorder], progress=False)
    assert recorder.tower_norms(3).shape == recorder.tower_norms(4).shape == (2,)
    assert not np.allclose(recorder.tower_norms(3), recorder.tower_norms(4))
    alone = build_mlp(2, 2, depth=1, width=4, optimizer="sgd", seed=4)  # tower 4 at its start, on its own rows
    first = gradient_norms(alone, *rows[4], kernels_only=False)
    assert recorder.per_weight["seed_4_dense_1/kernel"][0] == pytest.approx(first["dense_1/kernel"], rel=1e-4)


def test_a_second_gradient_norm_recorder_reuses_the_compiled_norms_only_for_the_same_rows(moons):
    model = build_mlp(2, 2, depth=1, width=8, optimizer="sgd", learning_rate=0.1, seed=1)
    run = dict(epochs=1, batch_size=len(moons.x_train), shuffle=False, progress=False)
    first, again = GradientNormRecorder(moons.train), GradientNormRecorder(moons.train)
    fit(model, moons.train, callbacks=[first], **run)
    reinitialize(model)
    fit(model, moons.train, callbacks=[again], **run)
    assert again._function is first._function
    assert all(np.array_equal(first.per_weight[k], again.per_weight[k]) for k in first.per_weight)
    other_rows = (moons.x_train[:50].copy(), moons.y_train[:50].copy())
    other = GradientNormRecorder(other_rows)
    fit(model, moons.train, callbacks=[other], **run)
    assert other._function is not first._function  # other rows: compiled anew, not the cached norms of the first rows
    assert not np.allclose(other.per_weight["dense_1/kernel"], again.per_weight["dense_1/kernel"])


def test_learning_rate_range_test_raises_the_rate_and_suggests():
    split = load_digits_split(standardize=True)
    model = build_mlp(64, 10, depth=1, width=32, seed=0)
    test = LearningRateRangeTest(start=1e-5, stop=10.0, steps=60)
    fit(model, (np.tile(split.x_train, (2, 1)), np.tile(split.y_train, 2)), epochs=1, batch_size=32, callbacks=[test],
        progress=False)
    assert 10 < len(test.rates) <= 60 and np.allclose(test.rates[1:] / test.rates[:-1], (10.0 / 1e-5) ** (1 / 59))
    assert 1e-4 < test.suggestion() < 1.0  # Adam on digits: the loss bottoms out between 1e-3 and 1
    with pytest.raises(LabkitInputError, match="'stop' argument"):
        LearningRateRangeTest(start=1.0, stop=0.1)


def test_clipping_options():
    assert build_mlp(4, 2, clipnorm=1.0).optimizer.clipnorm == 1.0
    assert build_towers(4, 2, seeds=[0], clipvalue=0.5).optimizer.clipvalue == 0.5
    assert build_mlp(4, 2, optimizer="momentum").optimizer.momentum == 0.9
    with pytest.raises(ValueError, match="'clipvalue' argument of build_mlp"):
        build_mlp(4, 2, clipnorm=1.0, clipvalue=0.5)
    with pytest.raises(ValueError, match="'clipnorm' argument of build_mlp"):
        build_mlp(4, 2, clipnorm=-1.0)


def test_passes_per_epoch_equals_repeated_rows_without_shuffling(moons):
    a = build_mlp(2, 2, depth=1, width=8, optimizer="sgd", learning_rate=0.1, seed=2)
    b = build_mlp(2, 2, depth=1, width=8, optimizer="sgd", learning_rate=0.1, seed=2)
    n = len(moons.x_train)
    fit(a, (moons.x_train, moons.y_train), epochs=2, batch_size=n, shuffle=False, passes_per_epoch=5, progress=False)
    fit(b, (np.tile(moons.x_train, (5, 1)), np.tile(moons.y_train, 5)), epochs=2, batch_size=n, shuffle=False,
        progress=False)
    for wa, wb in zip(a.get_weights(), b.get_weights(), strict=True):
        assert np.allclose(wa, wb, atol=1e-6)
    with pytest.raises(ValueError, match="'passes_per_epoch' argument of fit"):
        fit(a, moons, passes_per_epoch=0)


def test_a_single_models_replica_draws_its_own_batch_order(moons):
    runs = {}
    for replica in (0, 0, 1):
        model = build_mlp(2, 2, depth=1, width=8, seed=1)
        history = fit(model, moons, epochs=2, batch_size=16, progress=False, replica=replica)
        runs.setdefault(replica, []).append(history["loss"])
    assert np.array_equal(runs[0][0], runs[0][1])  # replica 0 is the seed's own order, every time
    assert not np.array_equal(runs[0][0], runs[1][0])  # replica 1 shuffles its own way (it was ignored before)


def test_conv_towers_are_seeded_independent_and_reinitialize():
    import keras
    import numpy as np

    from labkit.models import build_mlp, build_towers, reinitialize
    from labkit.towers import predict_towers

    x = np.random.default_rng(0).normal(size=(8, 40)).astype("float32")
    towers = build_towers(40, 10, seeds=(3, 4), depth=0, conv_channels=(4, 4), initializer="he_normal")
    convs = {layer.name: layer for layer in towers.layers if isinstance(layer, keras.layers.Conv1D)}
    assert len(convs) == 4
    assert tuple(convs["seed_3_conv_1"].kernel.shape) == (5, 1, 4)
    assert tuple(convs["seed_3_conv_2"].kernel.shape) == (3, 4, 4)
    alone = build_mlp(40, 10, depth=0, conv_channels=(4, 4), initializer="he_normal", seed=3)
    before = predict_towers(towers, x)
    np.testing.assert_allclose(before[3], alone.predict(x, verbose=0), rtol=1e-5, atol=1e-6)  # seed 3's tower
    assert not np.allclose(before[3], before[4])
    for layer in convs.values():
        layer.kernel.assign(np.zeros(layer.kernel.shape, "float32"))
    reinitialize(towers)
    np.testing.assert_allclose(predict_towers(towers, x)[3], before[3], rtol=1e-6)  # the seeded start redrawn


def test_image_towers_convolve_in_two_dimensions_and_reinitialize():
    """image_shape reads the features as an image: Conv2D layers, each tower as build_mlp alone, seeded restarts."""
    import keras
    import numpy as np

    from labkit._validate import LabkitValueError
    from labkit.models import build_mlp, build_towers, reinitialize
    from labkit.towers import predict_towers

    x = np.random.default_rng(2).normal(size=(6, 64)).astype("float32")
    towers = build_towers(64, 10, seeds=(3, 4), depth=1, width=8, conv_channels=(4, 6), image_shape=(8, 8),
                          initializer="he_normal")
    convs = {layer.name: layer for layer in towers.layers if isinstance(layer, keras.layers.Conv2D)}
    assert tuple(convs["seed_3_conv_1"].kernel.shape) == (3, 3, 1, 4)
    assert tuple(convs["seed_3_conv_2"].kernel.shape) == (3, 3, 4, 6)
    assert tuple(towers.get_layer("seed_3_flatten").output.shape) == (None, 4 * 4 * 6)  # stride 2 after the first
    alone = build_mlp(64, 10, depth=1, width=8, conv_channels=(4, 6), image_shape=(8, 8), initializer="he_normal",
                      seed=3)
    before = predict_towers(towers, x)
    np.testing.assert_allclose(before[3], alone.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
    image = x[:1].reshape(1, 8, 8, 1)  # the first convolution sees the rows as rows
    first = keras.layers.Conv2D(4, 3, padding="same", activation="relu", use_bias=True)
    first.build(image.shape)
    first.set_weights(convs["seed_3_conv_1"].get_weights())
    seen = keras.Model(towers.get_layer("seed_3_input").output, convs["seed_3_conv_1"].output)
    np.testing.assert_allclose(seen.predict(x[:1], verbose=0), first(image), rtol=1e-5, atol=1e-6)
    for layer in convs.values():
        layer.kernel.assign(np.zeros(layer.kernel.shape, "float32"))
    reinitialize(towers)
    np.testing.assert_allclose(predict_towers(towers, x)[3], before[3], rtol=1e-6)
    for bad, needs in (({"image_shape": (8, 7)}, "equal to n_features"), ({"conv_channels": ()}, "at least one")):
        options = {"conv_channels": (4,), "image_shape": (8, 8), **bad}
        with pytest.raises(LabkitValueError, match=needs):
            build_mlp(64, 10, **options)


def test_smoothed_crossentropy_is_keras_categorical_loss_on_one_hot_labels():
    """SmoothedCrossentropy on integer labels equals Keras's CategoricalCrossentropy(label_smoothing) on one-hot
    ones, and the targets by hand; builders with label_smoothing compile with it, and without it keep Keras's own."""
    from labkit.losses import SmoothedCrossentropy
    from labkit.models import build_mlp, build_towers

    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(4), size=7).astype("float32")
    y = rng.integers(0, 4, size=7)
    for eps in (0.0, 0.1, 0.3):
        keras_loss = keras.losses.CategoricalCrossentropy(label_smoothing=eps)(np.eye(4)[y], probs)
        assert float(SmoothedCrossentropy(4, eps)(y, probs)) == pytest.approx(float(keras_loss), rel=1e-6)
    target = np.full((7, 4), 0.1 / 4)
    target[np.arange(7), y] += 0.9
    by_hand = np.mean(-(target * np.log(probs)).sum(axis=1))
    assert float(SmoothedCrossentropy(4, 0.1)(y.reshape(-1, 1), probs)) == pytest.approx(by_hand, rel=1e-5)
    assert isinstance(build_mlp(4, 4, label_smoothing=0.1).loss, SmoothedCrossentropy)
    assert build_mlp(4, 4).loss == "sparse_categorical_crossentropy"
    towers = build_towers(4, 4, seeds=(0, 1), label_smoothing=0.2)
    assert all(isinstance(loss, SmoothedCrossentropy) and loss.label_smoothing == 0.2 for loss in towers.loss.values())


def test_residual_blocks_add_their_input():
    """With residual=True each hidden block after the first computes x + block(x), in build_mlp and in towers."""
    import keras

    from labkit.models import build_mlp, build_towers
    from labkit.towers import predict_towers

    x = np.random.default_rng(1).normal(size=(6, 12)).astype("float32")
    model = build_mlp(12, 3, depth=3, width=8, activation="tanh", residual=True, seed=5)
    assert [layer.name for layer in model.layers if isinstance(layer, keras.layers.Add)] == ["skip_2", "skip_3"]
    hidden = x
    for index in range(1, 4):  # by hand, from the layers' own weights
        dense = model.get_layer(f"dense_{index}")
        block = np.tanh(hidden @ dense.kernel.numpy() + dense.bias.numpy())
        hidden = block if index == 1 else hidden + block
    logits = hidden @ model.get_layer("output").kernel.numpy()
    by_hand = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), by_hand, rtol=1e-4, atol=1e-6)
    plain = build_mlp(12, 3, depth=3, width=8, activation="tanh", seed=5)
    assert not np.allclose(plain.predict(x, verbose=0), by_hand, atol=1e-4)  # the same weights without skips differ
    towers = build_towers(12, 3, seeds=(5, 6), depth=3, width=8, activation="tanh", residual=True)
    np.testing.assert_allclose(predict_towers(towers, x)[5], by_hand, rtol=1e-4, atol=1e-6)


def test_layer_norm_normalises_each_example_alone():
    """layer_norm=True: each example's units normalised by their own statistics (numpy by hand, no bias in the
    dense layer), so a row's output does not depend on the rows batched with it; reinitialize resets gamma and beta."""
    import keras

    from labkit.models import build_mlp, reinitialize

    x = np.random.default_rng(2).normal(size=(7, 5)).astype("float32")
    model = build_mlp(5, 3, depth=2, width=6, layer_norm=True, seed=4)
    assert [layer.name for layer in model.layers if isinstance(layer, keras.layers.LayerNormalization)] == [
        "layer_norm_1", "layer_norm_2"]
    hidden = x
    for index in (1, 2):
        dense = model.get_layer(f"dense_{index}")
        assert dense.bias is None
        z = hidden @ dense.kernel.numpy()
        z = (z - z.mean(axis=1, keepdims=True)) / np.sqrt(z.var(axis=1, keepdims=True) + 1e-3)
        hidden = np.maximum(z, 0.0)
    output = model.get_layer("output")
    logits = hidden @ output.kernel.numpy() + output.bias.numpy()
    by_hand = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), by_hand, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(model(x[:1], training=True), model(x, training=True)[:1], rtol=1e-5, atol=1e-6)
    norm = model.get_layer("layer_norm_1")
    norm.gamma.assign(np.full(6, 3.0, "float32"))
    reinitialize(model)
    np.testing.assert_array_equal(norm.gamma.numpy(), np.ones(6, "float32"))


def test_weight_decay_is_keras_adamw_and_adjustable_without_rebuilding(moons):
    """optimizer="adamw" trains as keras.optimizers.AdamW does; reinitialize(weight_decay=) acts like a new model."""
    import keras

    from labkit.models import build_mlp, reinitialize

    x, y = moons.x_train[:64], moons.y_train[:64]

    def train(model):
        model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
        return [w.numpy().copy() for w in model.trainable_weights]

    ours = build_mlp(2, 2, depth=2, width=8, optimizer="adamw", learning_rate=0.01, weight_decay=0.5, seed=3)
    plain = build_mlp(2, 2, depth=2, width=8, optimizer=None, seed=3)
    optimizer = keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])
    plain.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    for a, b in zip(train(ours), train(plain), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    stronger = build_mlp(2, 2, depth=2, width=8, optimizer="adamw", learning_rate=0.01, weight_decay=5.0, seed=3)
    reinitialize(ours, weight_decay=5.0)
    for a, b in zip(train(ours), train(stronger), strict=True):  # the same as building it with 5.0
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    kernel_norms = [np.linalg.norm(w) for w in train(reinitialize(ours, weight_decay=0.0))]
    assert kernel_norms[0] > np.linalg.norm(stronger.get_layer("dense_1").kernel.numpy())  # decay shrinks kernels


def test_weight_decay_needs_a_model_built_with_it():
    from labkit._validate import LabkitValueError
    from labkit.models import build_mlp, reinitialize

    with pytest.raises(LabkitValueError, match="weight_decay"):
        reinitialize(build_mlp(2, 2, width=4), weight_decay=0.1)
    with pytest.raises(LabkitValueError, match="weight_decay"):
        build_mlp(2, 2, weight_decay=-1.0)


def test_models_arrive_with_their_loss_and_metric_state_built(moons):
    """No variable is created inside the first fit (Keras would otherwise create the loss and metric means while
    tracing the first step, and TensorFlow would trace that step twice: seconds per model); numbers unchanged."""
    import tensorflow as tf

    from labkit.models import build_mlp, build_towers
    from labkit.training import fit

    created = []

    def record(next_creator, **kwargs):
        created.append(kwargs.get("name"))
        return next_creator(**kwargs)

    towers = build_towers(2, 2, seeds=(1, 2), depth=1, width=4)
    mlp = build_mlp(2, 2, depth=1, width=4, seed=1)
    with tf.variable_creator_scope(record):
        fit(towers, {1: moons, 2: moons}, epochs=1, progress=False)
        history = fit(mlp, moons, epochs=1, progress=False)
    assert created == []
    assert set(history.metrics) == {"loss", "accuracy", "val_loss", "val_accuracy"}


def test_full_batch_passes_are_the_rows_in_order():
    """One batch a pass (batch_size = the rows): each batch is every row, in order without shuffling, in some order
    with it; a larger batch in one pass too. What the fast path in labkit.training._dataset must keep."""
    from labkit.training import _dataset

    x = np.arange(14, dtype="float32").reshape(7, 2)
    y = np.arange(7, dtype="int32")
    batches = [b[1].numpy() for b in _dataset(x, y, batch_size=7, shuffle=False, seed=0, passes=3)]
    assert len(batches) == 3 and all((b == y).all() for b in batches)
    shuffled = [b[1].numpy() for b in _dataset(x, y, batch_size=7, shuffle=True, seed=0, passes=2)]
    assert len(shuffled) == 2 and all(sorted(b) == list(y) for b in shuffled)
    assert [len(b[1]) for b in _dataset(x, y, batch_size=10, shuffle=False, seed=0, passes=1)] == [7]
    assert [len(b[1]) for b in _dataset(x, y, batch_size=10, shuffle=False, seed=0, passes=2)] == [10, 4]


def test_full_batch_epochs_train_as_plain_keras_does(moons):
    """fit's full-batch path (one dataset for all epochs, one Keras iterator) takes the steps plain Keras takes:
    3 epochs of 2 full-batch passes, scored between, end at the weights of 6 epochs of model.fit."""
    from labkit.models import build_mlp
    from labkit.training import fit

    x, y = moons.x_train, moons.y_train
    ours = build_mlp(2, 2, depth=1, width=8, seed=7, steps_per_execution=2)
    history = fit(ours, (x, y), epochs=3, passes_per_epoch=2, batch_size=len(x), shuffle=False, progress=False)
    plain = build_mlp(2, 2, depth=1, width=8, seed=7)
    plain.fit(x, y, batch_size=len(x), epochs=6, shuffle=False, verbose=0)
    assert len(history["loss"]) == 3
    for mine, theirs in zip(ours.get_weights(), plain.get_weights(), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)
