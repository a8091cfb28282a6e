"""labkit.ensembles: the numpy voting and correlation agree with scipy / scikit-learn; the simulation delivers
the accuracy it is asked for; the Keras estimator works inside scikit-learn's ensembles."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats
from sklearn.base import clone
from sklearn.ensemble import StackingClassifier, VotingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from labkit._validate import LabkitInputError
from labkit.data import load_digits_split
from labkit.ensembles import (
    KerasMLPClassifier,
    majority_vote,
    mean_pairwise_correlation,
    member_scores,
    pairwise_correlation,
    simulate_members,
    soft_vote,
)


@settings(max_examples=60, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 7), st.integers(1, 20)), elements=st.integers(0, 5)))
def test_majority_vote_is_scipy_mode(predictions):
    assert np.array_equal(majority_vote(predictions), stats.mode(predictions, axis=0).mode)


def test_article_a_trios():
    truth = np.ones(10, int)
    correlated = np.array([[1] * 8 + [0, 0], [1] * 8 + [0, 0], [1, 0] + [1] * 6 + [0, 0]])
    decorrelated = np.array([[1] * 8 + [0, 0], [0, 1, 1, 1, 0, 1, 1, 1, 0, 1], [1, 0, 0, 0, 1, 0, 1, 1, 1, 1]])
    assert np.mean(majority_vote(correlated) == truth) == 0.8
    assert "".join(map(str, majority_vote(decorrelated))) == "1111111101"


def _fitted_voters(voting):
    split = load_digits_split(n_train=200)
    trees = [(f"t{k}", DecisionTreeClassifier(max_depth=4, random_state=k, max_features=0.5)) for k in range(5)]
    voter = VotingClassifier(trees, voting=voting).fit(split.x_train, split.y_train)
    return split, voter


def test_votes_match_scikit_learn_voting_classifier():
    split, hard = _fitted_voters("hard")
    labels = np.stack([tree.predict(split.x_test) for tree in hard.estimators_]).astype(int)
    assert np.array_equal(majority_vote(labels), hard.predict(split.x_test))
    split, soft = _fitted_voters("soft")
    probs = np.stack([tree.predict_proba(split.x_test) for tree in soft.estimators_])
    assert np.allclose(soft_vote(probs), soft.predict_proba(split.x_test))


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 6), st.integers(3, 30)), elements=st.floats(-100, 100)))
def test_pairwise_correlation_is_corrcoef(outputs):
    spread = outputs.std(axis=1)
    if np.any(spread < 1e-6 * (1 + np.abs(outputs).max())):
        return  # constant rows: no correlation defined
    assert np.allclose(pairwise_correlation(outputs), np.corrcoef(outputs), atol=1e-9)


@pytest.mark.parametrize("accuracy, correlation", [(0.7, 0.0), (0.6, 0.5), (0.8, 0.9)])
def test_simulated_members_have_the_asked_accuracy(accuracy, correlation):
    correct = simulate_members(50_000, accuracy=accuracy, correlation=correlation, n_members=3, seed=1)
    assert correct.shape == (3, 50_000) and correct.dtype == bool
    assert np.allclose(correct.mean(axis=1), accuracy, atol=0.01)
    errors = pairwise_correlation((~correct).astype(float))[np.triu_indices(3, k=1)]
    assert np.all(np.abs(errors) < 0.02) if correlation == 0 else np.all((errors > 0.1) & (errors < correlation))


def test_independent_trio_matches_the_formula():
    correct = simulate_members(200_000, accuracy=0.7, correlation=0.0, seed=2)
    assert np.mean(correct.sum(axis=0) >= 2) == pytest.approx(0.7**3 + 3 * 0.7**2 * 0.3, abs=0.005)


def test_member_scores():
    y = np.array([0, 1, 1])
    probs = np.array([[[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]], [[0.6, 0.4], [0.4, 0.6], [0.3, 0.7]]])
    s = member_scores(probs, y)
    assert np.allclose(s["member accuracy"], [2 / 3, 1.0]) and s["soft accuracy"] == 1.0
    assert s["soft log-loss"] == pytest.approx(-np.mean(np.log([0.75, 0.7, 0.55])))  # the mean member's probability
    assert np.allclose(s["member log-loss"], [-np.mean(np.log([0.9, 0.8, 0.4])), -np.mean(np.log([0.6, 0.6, 0.7]))])
    with pytest.raises(LabkitInputError, match="'y'"):
        member_scores(probs, np.array([0, 1]))


def test_keras_member_in_a_stack():
    split = load_digits_split(n_train=300, standardize=True)
    mlp = KerasMLPClassifier(width=32, epochs=40, seed=3)
    assert clone(mlp).get_params() == mlp.get_params()
    mlp.fit(split.x_train, split.y_train)
    assert mlp.predict_proba(split.x_test).shape == (len(split.y_test), 10)
    assert mlp.score(split.x_test, split.y_test) > 0.85
    logreg = LogisticRegression(max_iter=500).fit(split.x_train, split.y_train)
    stack = StackingClassifier([("mlp", FrozenEstimator(mlp)), ("logreg", FrozenEstimator(logreg))],
                               final_estimator=LogisticRegression(max_iter=500), cv=3).fit(split.x_val, split.y_val)
    assert stack.score(split.x_test, split.y_test) > 0.85
    with pytest.raises(LabkitInputError, match="'X'"):
        mlp.predict(np.zeros((2, 5)))


def test_mean_pairwise_correlation_and_error_correlation():
    outputs = np.array([[1, 0, 1, 0, 1], [1, 0, 1, 1, 1], [0, 1, 0, 1, 0]])
    assert mean_pairwise_correlation(outputs) == pytest.approx(np.corrcoef(outputs)[np.triu_indices(3, k=1)].mean())
    y = np.array([0, 1, 1, 0])
    probs = np.array([np.eye(2)[[0, 1, 0, 0]], np.eye(2)[[0, 1, 0, 1]], np.eye(2)[[1, 1, 1, 0]]]) * 0.9 + 0.05
    # errors [0 0 1 0], [0 0 1 1], [1 0 0 0]: pairwise correlations 1/sqrt(3), -1/3, -1/sqrt(3)
    assert member_scores(probs, y)["error correlation"] == pytest.approx(-1 / 9)


def test_an_unfitted_keras_classifier_says_to_call_fit_first():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="fit"):
        KerasMLPClassifier().predict(np.zeros((2, 3)))
