"""Ensembles: voting, member diversity, a simulation of correlated members, and a labkit MLP as a
scikit-learn estimator (so Keras members can join scikit-learn's ensembles).

The voting and correlation functions are a few lines of numpy on purpose; ``tests/test_ensembles.py``
checks them against the library calls that do the same: :func:`majority_vote` against
``scipy.stats.mode`` and scikit-learn's ``VotingClassifier(voting="hard")``, :func:`soft_vote`
against ``VotingClassifier(voting="soft")``, :func:`pairwise_correlation` against ``np.corrcoef``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.stats import norm
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from labkit._validate import (
    LabkitValueError,
    check_array,
    check_int,
    check_labels,
    check_number,
    check_same_rows,
    fail,
)
from labkit.metrics import SKLEARN_CLIP, accuracy, log_loss

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["KerasMLPClassifier", "majority_vote", "mean_pairwise_correlation", "member_scores", "pairwise_correlation",
           "simulate_members", "soft_vote"]


def _check_labels(predictions: ArrayLike, name: str, func: str) -> np.ndarray:
    predictions = check_array(predictions, name, func, ndim=2, dtype=np.float64)
    if np.any(predictions < 0) or np.any(predictions != np.round(predictions)):
        fail(name, func, "integer class labels from 0, shaped (n_members, n_samples)", predictions)
    return predictions.astype(np.int64)


def majority_vote(predictions: ArrayLike) -> np.ndarray:
    """Hard voting: the most common label in each column of ``predictions``.

    ``predictions`` has shape (n_members, n_samples) and holds integer labels (0, 1, ...). Ties go
    to the smallest label, as in ``scipy.stats.mode`` and scikit-learn's hard ``VotingClassifier``.

    >>> majority_vote([[1, 1, 0], [1, 0, 0], [0, 1, 0]]).tolist()
    [1, 1, 0]
    """
    predictions = _check_labels(predictions, "predictions", "majority_vote")
    if predictions.shape[1] < 1:
        fail("predictions", "majority_vote", "an array of shape (n_members, n_samples) with at least 1 sample",
             predictions)
    labels = np.unique(predictions)  # the distinct labels, sorted: time does not grow with the largest label
    counts = np.stack([np.sum(predictions == label, axis=0) for label in labels])
    return labels[counts.argmax(axis=0)]  # argmax returns the first (smallest) label among ties


def soft_vote(probabilities: np.ndarray) -> np.ndarray:
    """Soft voting: the members' class probabilities averaged, shape (n_samples, n_classes).

    ``probabilities`` has shape (n_members, n_samples, n_classes); take ``.argmax(axis=1)`` of the
    result for labels.
    """
    return check_array(probabilities, "probabilities", "soft_vote", ndim=3, dtype=np.float64).mean(axis=0)


def pairwise_correlation(outputs: np.ndarray) -> np.ndarray:
    """Pearson correlation between every pair of members, shape (n_members, n_members).

    ``outputs`` has shape (n_members, n_samples): one row per member (its predicted labels, its 0/1
    errors, or one class's probability). A member whose row is constant has no defined correlation
    (nan in its row and column).
    """
    outputs = check_array(outputs, "outputs", "pairwise_correlation", ndim=2, dtype=np.float64)
    if outputs.shape[0] < 2 or outputs.shape[1] < 2:
        fail("outputs", "pairwise_correlation", "an array of shape (n_members, n_samples) with at least 2 of each",
             outputs)
    centred = outputs - outputs.mean(axis=1, keepdims=True)
    norms = np.sqrt(np.sum(centred**2, axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (centred @ centred.T) / np.outer(norms, norms)


def mean_pairwise_correlation(outputs: np.ndarray) -> float:
    """The mean of :func:`pairwise_correlation` over all pairs of different members.

    Pass the members' 0/1 errors (e.g. ``predictions != y``) for the number that decides what a
    vote gains: how much the members err together.
    """
    corr = pairwise_correlation(outputs)
    return float(corr[np.triu_indices(len(corr), k=1)].mean())


def simulate_members(n_samples: int, *, accuracy: float, correlation: float, n_members: int = 3,
                     seed: int = 0) -> np.ndarray:
    """Which of ``n_samples`` questions each of ``n_members`` simulated members gets right.

    Returns a boolean array (n_members, n_samples). Each member is right with probability
    ``accuracy``; ``correlation`` (0 to 1) ties their mistakes together: member k is right when
    ``√ρ·s + √(1−ρ)·e_k < Φ⁻¹(accuracy)`` with ``s`` shared by all members and ``e_k`` its own
    (both standard normal). ρ = 0 gives independent members, ρ = 1 identical ones. The correlation
    of the 0/1 errors this produces is smaller than ρ; measure it with :func:`pairwise_correlation`.

    Parameters
    ----------
    n_samples : int in [2, 10**7]
    accuracy : float in (0, 1)
        Each member's probability of being right.
    correlation : float in [0, 1]
        ρ, the share of the latent score all members have in common.
    n_members : int in [1, 1000], default 3
    seed : int >= 0, default 0

    Returns
    -------
    ndarray of bool, shape (n_members, n_samples)
        True where the member is right.
    """
    func = "simulate_members"
    n_samples = check_int(n_samples, "n_samples", func, low=2, high=10**7)
    check_number(accuracy, "accuracy", func, low=0.0, high=1.0, low_open=True, high_open=True)
    check_number(correlation, "correlation", func, low=0.0, high=1.0)
    n_members = check_int(n_members, "n_members", func, low=1, high=1000)
    if n_samples * n_members > 10**8:
        raise LabkitValueError(
            f"The 'n_samples' and 'n_members' arguments of {func} must have a product of at most 10**8 "
            f"(the array it returns). Got {n_samples} and {n_members} instead.")
    check_int(seed, "seed", func, low=0)
    rng = np.random.default_rng(seed)
    shared = rng.standard_normal(n_samples)
    own = rng.standard_normal((n_members, n_samples))
    latent = np.sqrt(correlation) * shared + np.sqrt(1.0 - correlation) * own
    return latent < norm.ppf(accuracy)


def member_scores(probabilities: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray | float]:
    """Accuracy and log-loss of every member and of the soft- and hard-voted ensemble.

    Scores are :mod:`labkit.metrics`' own; log-loss with scikit-learn's clip (``SKLEARN_CLIP``), so
    it equals ``sklearn.metrics.log_loss`` exactly (natural log).

    Parameters
    ----------
    probabilities : ndarray of shape (n_members, n_samples, n_classes)
        Each member's class probabilities; non-negative, each row rescaled to sum to 1.
    y : ndarray of shape (n_samples,)
        Integer labels 0 .. n_classes-1.

    Returns
    -------
    dict
        ``member accuracy`` and ``member log-loss`` (arrays, one value per member), ``soft
        accuracy``, ``soft log-loss``, ``hard accuracy`` and ``error correlation`` (the
        :func:`mean_pairwise_correlation` of the members' 0/1 errors, nan for a single member;
        floats).
    """
    func = "member_scores"
    probabilities = check_array(probabilities, "probabilities", func, ndim=3, dtype=np.float64)
    if np.any(probabilities < 0):
        fail("probabilities", func, "class probabilities (no negative values)", probabilities)
    probabilities = probabilities / probabilities.sum(axis=2, keepdims=True)  # float32 softmax sums are off by ~1e-7
    y = check_labels(y, "y", func).astype(np.int64)
    if probabilities.shape[1] != len(y):
        fail("y", func, f"one label per sample ({probabilities.shape[1]})", y)
    labels = np.arange(probabilities.shape[2])
    if y.min() < 0 or y.max() >= len(labels):
        fail("y", func, f"labels from 0 to {len(labels) - 1}", y)
    averaged = probabilities.mean(axis=0)
    return {
        "member accuracy": np.array([accuracy(p.argmax(axis=1), y) for p in probabilities]),
        "member log-loss": np.array([log_loss(p, y, clip=SKLEARN_CLIP) for p in probabilities]),
        "soft accuracy": accuracy(averaged.argmax(axis=1), y),
        "soft log-loss": log_loss(averaged, y, clip=SKLEARN_CLIP),
        "hard accuracy": accuracy(majority_vote(probabilities.argmax(axis=2)), y),
        "error correlation": (mean_pairwise_correlation(probabilities.argmax(axis=2) != y) if len(probabilities) > 1
                              else float("nan")),
    }


class KerasMLPClassifier(ClassifierMixin, BaseEstimator):
    """A labkit MLP (:func:`labkit.models.build_mlp`) as a scikit-learn classifier.

    With it a Keras network can be a member of scikit-learn's ``StackingClassifier``,
    ``VotingClassifier`` and the like, and scikit-learn's ``clone`` works on it. Training is
    :func:`labkit.training.fit`, quiet. Each ``fit`` builds a new model, so each costs Keras's
    tracing on top of training.

    Parameters
    ----------
    depth, width, activation, dropout, learning_rate : as in ``build_mlp``
    epochs, batch_size : as in ``labkit.training.fit``
    seed : int, default 0
        Seeds the initial weights, the dropout masks and the batch order.
    """

    def __init__(self, depth: int = 1, width: int = 64, activation: str = "relu", dropout: float = 0.0,
                 learning_rate: float = 1e-3, epochs: int = 20, batch_size: int = 64, seed: int = 0):
        self.depth = depth
        self.width = width
        self.activation = activation
        self.dropout = dropout
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.seed = seed

    def fit(self, X: np.ndarray, y: np.ndarray) -> KerasMLPClassifier:
        """Train a new network on (X, y); labels may be any sortable values.

        Parameters
        ----------
        X : array of shape (n_samples, n_features)
        y : array of shape (n_samples,)
            At least two distinct labels; ``classes_`` holds them sorted.

        Returns
        -------
        KerasMLPClassifier
            ``self``, with ``classes_``, ``n_features_in_``, ``model_`` and ``history_`` set.
        """
        # here, not at the top: the votes and correlations need only numpy, so labkit.ensembles loads without TensorFlow
        from labkit.models import _check_mlp_options, build_mlp  # noqa: PLC0415 - imports TensorFlow
        from labkit.training import fit  # noqa: PLC0415 - imports TensorFlow

        # scikit-learn's convention: the constructor stores the settings, fit checks them (after clone, set_params)
        settings = "KerasMLPClassifier"
        _check_mlp_options(settings, depth=self.depth, width=self.width, activation=self.activation,
                          dropout=self.dropout, learning_rate=self.learning_rate)
        check_int(self.epochs, "epochs", settings, low=1, high=100_000)
        check_int(self.batch_size, "batch_size", settings, low=1, high=10**7)
        check_int(self.seed, "seed", settings, low=0, high=2**20)
        func = "KerasMLPClassifier.fit"
        X = check_array(X, "X", func, ndim=2)
        y = np.asarray(y)
        if y.ndim != 1:
            fail("y", func, "a 1-D array of labels", y)
        check_same_rows(X, y, func, names=("X", "y"))
        self.classes_, codes = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            fail("y", func, "labels of at least two classes", y)
        self.n_features_in_ = X.shape[1]
        steps = max(1, -(-len(X) // self.batch_size))
        self.model_ = build_mlp(X.shape[1], len(self.classes_), depth=self.depth, width=self.width,
                                activation=self.activation, dropout=self.dropout, learning_rate=self.learning_rate,
                                seed=self.seed, steps_per_execution=min(steps, 20))
        self.history_ = fit(self.model_, (X, codes), epochs=self.epochs, batch_size=self.batch_size, progress=False,
                            seed=self.seed)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n_samples, n_classes), columns in the order of ``classes_``."""
        check_is_fitted(self, "model_")  # scikit-learn's NotFittedError (a ValueError): "... call 'fit' ..."
        X = check_array(X, "X", "KerasMLPClassifier.predict_proba", ndim=2)
        if X.shape[1] != self.n_features_in_:
            fail("X", "KerasMLPClassifier.predict_proba", f"an array with {self.n_features_in_} columns", X)
        return np.asarray(self.model_.predict(X, verbose=0, batch_size=1024), dtype=np.float64)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predicted labels."""
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)]
