"""Scores of a classifier's predictions — accuracy, log-loss (the mean cross-entropy) and calibration — with one
implementation each, which every labkit score uses: the towers' per-epoch and final scores, the
callbacks, the numpy network's accuracy and the ensembles' member and vote scores.
``tests/test_metrics.py`` checks them against scikit-learn's ``accuracy_score``, ``log_loss`` and
``calibration_curve`` and against Keras's cross-entropy.
"""
from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import numpy as np

from labkit._validate import check_whole, fail

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["KERAS_CLIP", "SKLEARN_CLIP", "accuracy", "class_scores", "expected_calibration_error", "log_loss",
           "reliability_bins"]

KERAS_CLIP: tuple[float, float] = (1e-7, 1.0)
"""labkit's clip of the true class's probability before the log: below at Keras's epsilon, 1e-7."""

SKLEARN_CLIP: tuple[float, float] = (float(np.finfo(np.float64).eps), 1.0 - float(np.finfo(np.float64).eps))
"""scikit-learn's clip in ``sklearn.metrics.log_loss``: [ε, 1 − ε], ε the float64 machine epsilon."""


def _check_rows(values: np.ndarray, y: np.ndarray, name: str, func: str, ndim: int) -> None:
    if values.dtype == object:
        fail(name, func, f"a {ndim}-D array", values, kind=TypeError)
    if y.dtype == object:
        fail("y", func, "a 1-D array of labels", y, kind=TypeError)
    if values.ndim != ndim:
        fail(name, func, f"a {ndim}-D array", values)
    if y.ndim != 1 or len(y) != len(values):
        fail("y", func, f"a 1-D array with one label per row of '{name}' ({len(values)})", y)
    if len(y) == 0:
        fail(name, func, f"a {ndim}-D array with at least one row", values)


def _check_labels(y: np.ndarray, n_classes: int, func: str) -> None:
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.floating)) or (
            y.size and (y.min() < 0 or y.max() >= n_classes or not np.all(y == np.round(y)))):
        fail("y", func, f"integer class labels 0 .. {n_classes - 1}", y)


def _floats(values: ArrayLike, name: str, func: str) -> np.ndarray:
    """``values`` as float64; NaN stays (a diverged model's probabilities score NaN, truthfully)."""
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        fail(name, func, "an array of numbers", values, kind=TypeError)
        raise AssertionError from None  # unreachable


def accuracy(predicted: ArrayLike, y: ArrayLike) -> float:
    """The share of predicted labels that equal the true labels.

    Parameters
    ----------
    predicted : array-like of shape (n,)
        Predicted class labels, e.g. ``probabilities.argmax(axis=1)``.
    y : array-like of shape (n,)
        True class labels.

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> accuracy([0, 1, 1, 2], [0, 1, 2, 2])
    0.75
    """
    predicted, y = np.asarray(predicted), np.asarray(y)
    _check_rows(predicted, y, "predicted", "accuracy", ndim=1)
    check_whole(predicted, "predicted", "accuracy")
    check_whole(y, "y", "accuracy")
    return float(np.mean(predicted == y))


def log_loss(probabilities: ArrayLike, y: ArrayLike, *, clip: tuple[float, float] = KERAS_CLIP) -> float:
    """The mean cross-entropy ``−mean(log p_true)`` of class probabilities, computed in float64.

    Parameters
    ----------
    probabilities : array-like of shape (n, n_classes)
        Class probabilities, each row summing to 1 (e.g. a softmax output).
    y : array-like of shape (n,)
        Integer class labels 0 .. n_classes-1.
    clip : (float, float), default ``KERAS_CLIP``
        Bounds for the true class's probability before the log, which keep a confident mistake
        finite: ``KERAS_CLIP`` = (1e-7, 1), as Keras's epsilon, for labkit's training scores;
        ``SKLEARN_CLIP`` gives exactly ``sklearn.metrics.log_loss``'s value.

    Returns
    -------
    float

    Examples
    --------
    >>> round(log_loss([[0.9, 0.1], [0.2, 0.8]], [0, 1]), 4)
    0.1643
    """
    probabilities, y = _floats(probabilities, "probabilities", "log_loss"), np.asarray(y)
    _check_rows(probabilities, y, "probabilities", "log_loss", ndim=2)
    if (not isinstance(clip, (tuple, list)) or len(clip) != 2
            or not all(isinstance(c, numbers.Real) and not isinstance(c, bool) for c in clip)
            or not 0 <= clip[0] < clip[1] <= 1):
        fail("clip", "log_loss", "a pair of numbers (low, high) with 0 <= low < high <= 1, like KERAS_CLIP", clip)
    _check_labels(y, probabilities.shape[1], "log_loss")
    picked = np.clip(probabilities[np.arange(len(y)), y.astype(np.intp, copy=False)], clip[0], clip[1])
    return float(-np.mean(np.log(picked)))


def class_scores(probabilities: ArrayLike, y: ArrayLike) -> dict[str, float]:
    """Accuracy and log-loss of class probabilities: ``{"accuracy": .., "loss": ..}``.

    Parameters
    ----------
    probabilities : array-like of shape (n, n_classes)
    y : array-like of shape (n,)
        Integer class labels.

    Returns
    -------
    dict of str to float
        :func:`accuracy` of the most probable class and :func:`log_loss` (``KERAS_CLIP``).
    """
    probabilities = _floats(probabilities, "probabilities", "class_scores")
    if probabilities.ndim != 2 or len(probabilities) == 0:
        fail("probabilities", "class_scores", "a 2-D array with at least one row", probabilities)
    return {"accuracy": accuracy(probabilities.argmax(axis=1), y), "loss": log_loss(probabilities, y)}


def reliability_bins(probabilities: ArrayLike, y: ArrayLike, *, bins: int = 15) -> dict[str, np.ndarray]:
    """Top-label reliability: in each of ``bins`` equal-width bins of confidence, how sure and how right.

    The confidence of a row is its largest probability; the row is right when that class is the label.
    Rows are binned as ``sklearn.calibration.calibration_curve(right, confidence, n_bins=bins)`` bins them
    (a test compares the two).

    Parameters
    ----------
    probabilities : array-like of shape (n, n_classes)
        Class probabilities, each row summing to 1.
    y : array-like of shape (n,)
        Integer class labels 0 .. n_classes-1.
    bins : int in [1, 1000], default 15

    Returns
    -------
    dict of str to ndarray of shape (bins,)
        ``"edges"`` (bins + 1 values, 0 to 1), ``"count"`` (rows per bin), ``"confidence"`` (their mean
        confidence) and ``"accuracy"`` (their share right); NaN in empty bins.
    """
    func = "reliability_bins"
    probabilities, y = _floats(probabilities, "probabilities", func), np.asarray(y)
    _check_rows(probabilities, y, "probabilities", func, ndim=2)
    if not np.all(np.isfinite(probabilities)) or probabilities.min() < 0 or probabilities.max() > 1:
        fail("probabilities", func, "finite probabilities in [0, 1], one row per example", probabilities)
    _check_labels(y, probabilities.shape[1], func)
    if isinstance(bins, bool) or not isinstance(bins, numbers.Integral) or not 1 <= bins <= 1000:
        fail("bins", func, "a whole number of bins from 1 to 1000", bins)
    confidence = probabilities.max(axis=1)
    right = (probabilities.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    which = np.searchsorted(edges[1:-1], confidence)  # as scikit-learn's calibration_curve
    count = np.bincount(which, minlength=bins).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_confidence = np.bincount(which, weights=confidence, minlength=bins) / count
        share_right = np.bincount(which, weights=right, minlength=bins) / count
    return {"edges": edges, "count": count, "confidence": mean_confidence, "accuracy": share_right}


def expected_calibration_error(probabilities: ArrayLike, y: ArrayLike, *, bins: int = 15) -> float:
    """How far confidence is from accuracy, on average over the rows (Guo et al., 2017).

    ``ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b|`` over the bins of :func:`reliability_bins`:
    0 when, in every bin, the network is right as often as it is sure.

    Parameters
    ----------
    probabilities, y, bins
        As for :func:`reliability_bins`.

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> round(expected_calibration_error([[0.9, 0.1], [0.6, 0.4]], [0, 1], bins=10), 3)
    0.35
    """
    table = reliability_bins(probabilities, y, bins=bins)
    filled = table["count"] > 0
    weights = table["count"][filled] / table["count"].sum()
    return float(np.sum(weights * np.abs(table["accuracy"][filled] - table["confidence"][filled])))
