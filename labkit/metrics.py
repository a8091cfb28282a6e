"""Scores of a classifier's predictions — accuracy and log-loss (the mean cross-entropy) — with one
implementation each, which every labkit score uses: the towers' per-epoch and final scores, the
callbacks, the numpy network's accuracy and the ensembles' member and vote scores.
``tests/test_metrics.py`` checks them against scikit-learn's ``accuracy_score`` and ``log_loss`` and
against Keras's cross-entropy.
"""
from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import numpy as np

from labkit._validate import check_whole, fail

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["KERAS_CLIP", "SKLEARN_CLIP", "accuracy", "class_scores", "log_loss"]

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
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.floating)) or (
            y.size and (y.min() < 0 or y.max() >= probabilities.shape[1] or not np.all(y == np.round(y)))):
        fail("y", "log_loss", f"integer class labels 0 .. {probabilities.shape[1] - 1}", y)
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
