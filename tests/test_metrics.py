"""labkit.metrics, the one accuracy and log-loss: against scikit-learn and Keras, and as the numpy
network and the ensembles use them."""
import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import accuracy_score
from sklearn.metrics import log_loss as sklearn_log_loss

from labkit._validate import LabkitInputError
from labkit.data import load_digits_split
from labkit.ensembles import member_scores
from labkit.metrics import (
    KERAS_CLIP,
    SKLEARN_CLIP,
    accuracy,
    class_scores,
    expected_calibration_error,
    log_loss,
    reliability_bins,
)
from labkit.numpy_net import train_numpy_mlp


def _softmax_rows(n, n_classes, seed, scale=4.0):
    logits = np.random.default_rng(seed).normal(scale=scale, size=(n, n_classes))
    return (keras.ops.convert_to_numpy(keras.ops.softmax(logits.astype("float32"))),
            np.random.default_rng(seed + 1).integers(0, n_classes, n))


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 200), n_classes=st.integers(2, 12), seed=st.integers(0, 10**6))
def test_accuracy_is_scikit_learns(n, n_classes, seed):
    rng = np.random.default_rng(seed)
    y, predicted = rng.integers(0, n_classes, n), rng.integers(0, n_classes, n)
    assert accuracy(predicted, y) == accuracy_score(y, predicted)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 300), n_classes=st.integers(2, 12), seed=st.integers(0, 10**6),
       scale=st.sampled_from([1.0, 10.0, 40.0]))
def test_log_loss_with_sklearns_clip_is_exactly_sklearns(n, n_classes, seed, scale):
    probabilities, y = _softmax_rows(n, n_classes, seed, scale)  # scale 40: many probabilities of exactly 0 and 1
    probabilities = probabilities.astype(np.float64)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    ours = log_loss(probabilities, y, clip=SKLEARN_CLIP)
    assert ours == sklearn_log_loss(y, probabilities, labels=np.arange(n_classes))


def test_log_loss_is_kerass_cross_entropy():
    probabilities, y = _softmax_rows(500, 10, seed=3)
    theirs = float(keras.losses.SparseCategoricalCrossentropy()(y, probabilities))
    assert log_loss(probabilities, y) == pytest.approx(theirs, rel=1e-5)
    confident_mistake = np.array([[1.0, 0.0]], dtype="float32")
    assert log_loss(confident_mistake, [1]) == pytest.approx(-np.log(KERAS_CLIP[0]))  # clipped, finite


def test_class_scores_are_accuracy_and_log_loss():
    probabilities, y = _softmax_rows(100, 4, seed=5)
    scores = class_scores(probabilities, y)
    assert list(scores) == ["accuracy", "loss"]
    assert scores == {"accuracy": accuracy(probabilities.argmax(axis=1), y), "loss": log_loss(probabilities, y)}


def test_the_numpy_networks_accuracy_is_scikit_learns():
    split = load_digits_split(standardize=True)
    net = train_numpy_mlp(split.x_train, split.y_train, iterations=100, record_every=50)
    assert net.accuracy(split.x_val, split.y_val) == accuracy_score(split.y_val, net.predict(split.x_val))
    assert net.history["train_accuracy"][-1] == accuracy_score(split.y_train, net.predict(split.x_train))


def test_member_scores_are_sklearns_log_loss_and_accuracy():
    members = np.stack([_softmax_rows(300, 10, seed=s, scale=20.0)[0] for s in (1, 2, 3)])
    y = np.random.default_rng(9).integers(0, 10, 300)
    scores = member_scores(members, y)
    normalised = members.astype(np.float64) / members.astype(np.float64).sum(axis=2, keepdims=True)
    labels = np.arange(10)
    assert list(scores["member log-loss"]) == [sklearn_log_loss(y, p, labels=labels) for p in normalised]
    assert scores["soft log-loss"] == sklearn_log_loss(y, normalised.mean(axis=0), labels=labels)
    assert list(scores["member accuracy"]) == [accuracy_score(y, p.argmax(axis=1)) for p in normalised]


@pytest.mark.parametrize("call, argument", [
    (lambda: accuracy([[0, 1]], [0]), "predicted"),
    (lambda: accuracy([0, 1, 1], [0, 1]), "y"),
    (lambda: log_loss([0.2, 0.8], [1]), "probabilities"),
    (lambda: log_loss([[0.2, 0.8]], [2]), "y"),
    (lambda: log_loss([[0.2, 0.8]], [0.5]), "y"),
])
def test_bad_arguments_are_one_line(call, argument):
    with pytest.raises(LabkitInputError, match=f"'{argument}'") as error:
        call()
    assert "\n" not in str(error.value)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 300), n_classes=st.integers(2, 10), bins=st.integers(1, 20), seed=st.integers(0, 10**6))
def test_reliability_bins_are_scikit_learns_calibration_curve(n, n_classes, bins, seed):
    """Per non-empty bin, the accuracy and mean confidence are calibration_curve's on (right, confidence)."""
    from sklearn.calibration import calibration_curve

    probabilities, y = _softmax_rows(n, n_classes, seed, scale=2.0)
    probabilities = probabilities.astype(np.float64) / probabilities.astype(np.float64).sum(axis=1, keepdims=True)
    table = reliability_bins(probabilities, y, bins=bins)
    right = (probabilities.argmax(axis=1) == y).astype(int)
    filled = table["count"] > 0
    if right.min() == right.max():  # calibration_curve needs both outcomes
        return
    prob_true, prob_pred = calibration_curve(right, probabilities.max(axis=1), n_bins=bins)
    np.testing.assert_allclose(table["accuracy"][filled], prob_true, atol=1e-12)
    np.testing.assert_allclose(table["confidence"][filled], prob_pred, atol=1e-12)
    assert table["count"].sum() == n and len(table["edges"]) == bins + 1


def test_expected_calibration_error_by_hand():
    """Two rows: sure and right (|1 − 0.9|), half sure and wrong (|0 − 0.6|); a perfectly calibrated table is 0."""
    assert expected_calibration_error([[0.9, 0.1], [0.6, 0.4]], [0, 1], bins=10) == pytest.approx(0.35)
    # ten rows at confidence 0.8, eight of them right: calibrated
    probabilities = np.tile([[0.8, 0.2]], (10, 1))
    y = np.array([0] * 8 + [1] * 2)
    assert expected_calibration_error(probabilities, y) == pytest.approx(0.0, abs=1e-12)
    assert expected_calibration_error(probabilities, np.ones(10, int)) == pytest.approx(0.8)


@pytest.mark.parametrize("bad", [{"bins": 0}, {"bins": 2.5}, {"bins": True}])
def test_calibration_bad_bins_is_one_line(bad):
    with pytest.raises(LabkitInputError) as error:
        expected_calibration_error([[0.9, 0.1]], [0], **bad)
    assert "'bins'" in str(error.value) and "\n" not in str(error.value)
