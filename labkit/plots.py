"""Plots: training curves, per-layer values, decision regions, digit grids.

Each single-panel plot takes ``ax=None`` and returns the Axes; ``plot_digits`` draws a grid and
returns the Figure.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from labkit._validate import (
    check_array,
    check_bool,
    check_callable,
    check_int,
    check_labels,
    check_same_rows,
    fail,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from labkit.training import TrainingHistory

__all__ = ["plot_decision_regions", "plot_digits", "plot_history", "plot_layer_values"]


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.6))
    return ax


def plot_history(history: TrainingHistory, *, metrics: Sequence[str] = ("loss",), ax: Axes | None = None,
                 title: str | None = None) -> Axes:
    """Training (solid) and validation (dashed) curves of a :class:`labkit.training.TrainingHistory`.

    Parameters
    ----------
    history : TrainingHistory
    metrics : sequence of str, default ("loss",)
        Base names, e.g. ``("loss", "accuracy")``; their ``val_`` twins are drawn when present.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    from labkit.training import TrainingHistory  # noqa: PLC0415 - training imports TensorFlow, and imports plots

    if not isinstance(history, TrainingHistory):
        fail("history", "plot_history", "a labkit TrainingHistory (what labkit.fit returns)", history, kind=TypeError)
    if isinstance(metrics, (str, bytes, Mapping)) or not isinstance(metrics, Sequence) or not metrics:
        fail("metrics", "plot_history", "a non-empty list of metric names such as ['loss']", metrics)
    for metric in metrics:
        if not isinstance(metric, str) or metric not in history.metrics:
            fail("metrics", "plot_history", f"names among {', '.join(map(repr, history.metrics))}", metric)
    ax = _axes(ax)
    epochs = np.arange(1, history.epochs + 1)
    for index, metric in enumerate(metrics):
        color = f"C{index}"
        ax.plot(epochs, history[metric], color=color, label=f"train {metric}")
        if f"val_{metric}" in history.metrics:
            ax.plot(epochs, history[f"val_{metric}"], color=color, linestyle="--", label=f"validation {metric}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(", ".join(metrics))
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_layer_values(
    values: Mapping[str, Sequence[float]] | Sequence[float],
    *,
    ax: Axes | None = None,
    log: bool = True,
    ylabel: str = "value",
    title: str | None = None,
    ylim: tuple[float, float] | None = None,
) -> Axes:
    """One line per series of per-layer values (layer 1 = next to the input).

    Parameters
    ----------
    values : sequence of float, or mapping of label to sequence of float
        E.g. ``{"sigmoid": [...], "relu": [...]}`` of gradient norms per layer.
    ax : matplotlib Axes, optional
    log : bool, default True
        Logarithmic y axis (vanishing and exploding values span many decades).
    ylabel : str, default "value"
    title : str, optional
    ylim : (low, high) tuple, optional
        Fixed y range (low > 0 on a log axis). Give one in widgets, so that every knob setting is
        drawn on the same scale and comparisons stay honest (an automatic log axis makes flat
        curves look dramatic).

    Returns
    -------
    matplotlib Axes
    """
    check_bool(log, "log", "plot_layer_values")
    series = dict(values) if isinstance(values, Mapping) else {"": values}
    if not series:
        fail("values", "plot_layer_values", "a non-empty sequence or mapping of sequences", values)
    ax = _axes(ax)
    for label, seq in series.items():
        array = check_array(seq, "values", "plot_layer_values", ndim=1, dtype=np.float64)
        ax.plot(np.arange(1, len(array) + 1), array, marker="o", markersize=3, label=label or None)
    if log:
        ax.set_yscale("log")
    if ylim is not None:
        if not (isinstance(ylim, tuple) and len(ylim) == 2 and ylim[0] < ylim[1] and (not log or ylim[0] > 0)):
            fail("ylim", "plot_layer_values", "a pair (low, high) with low < high (and low > 0 on a log axis)", ylim)
        ax.set_ylim(*ylim)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(ylabel)
    if len(series) > 1 or "" not in series:
        ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return ax


def plot_decision_regions(
    predict: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    *,
    ax: Axes | None = None,
    resolution: int = 150,
    title: str | None = None,
) -> Axes:
    """Shade the class a 2-D classifier predicts over the plane, with the points on top.

    Parameters
    ----------
    predict : callable
        Maps an array (n, 2) to class probabilities (n, n_classes) or labels (n,), e.g.
        ``model.predict`` or a scikit-learn ``predict_proba``.
    x : ndarray of shape (n, 2)
    y : ndarray of shape (n,)
        Integer labels, for the points' colours.
    ax : matplotlib Axes, optional
    resolution : int in [10, 1000], default 150
        Grid points per axis (the grid spans the points plus 0.5 on each side).
    title : str, optional

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_decision_regions"
    check_callable(predict, "predict", func, "a function from points (n, 2) to predictions", x)
    x = check_array(x, "x", func, ndim=2)
    y = check_labels(y, "y", func)
    check_same_rows(x, y, func)
    if x.shape[1] != 2:
        fail("x", func, "an array with 2 columns", x)
    check_int(resolution, "resolution", func, low=10, high=1000)
    ax = _axes(ax)
    pad = 0.5
    xs = np.linspace(x[:, 0].min() - pad, x[:, 0].max() + pad, resolution)
    ys = np.linspace(x[:, 1].min() - pad, x[:, 1].max() + pad, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(np.float32)
    out = np.asarray(predict(points))
    labels = out.argmax(axis=1) if out.ndim == 2 else out
    ax.contourf(grid_x, grid_y, labels.reshape(grid_x.shape), alpha=0.25, cmap="coolwarm",
                levels=np.arange(labels.max() + 2) - 0.5)
    ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", s=10, edgecolors="none")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    return ax


def plot_digits(x: np.ndarray, *, titles: Sequence[str] | None = None, ncols: int = 8,
                title: str | None = None) -> Figure:
    """A grid of 8x8 digits from rows of 64 pixels (at most 64 images), on a fixed grey scale.

    Parameters
    ----------
    x : ndarray of shape (n, 64)
    titles : sequence of str, optional
        One short caption per image (e.g. its label).
    ncols : int in [1, 16], default 8
        Images per grid row (fewer when there are fewer images).
    title : str, optional

    Returns
    -------
    matplotlib Figure
    """
    func = "plot_digits"
    x = check_array(x, "x", func, ndim=2)
    if x.shape[1] != 64 or not 1 <= len(x) <= 64:
        fail("x", func, "between 1 and 64 rows of 64 pixels (8x8 digits)", x)
    check_int(ncols, "ncols", func, low=1, high=16)
    if titles is not None and (isinstance(titles, (str, bytes, Mapping)) or not isinstance(titles, Sequence)
                               or len(titles) != len(x)):
        fail("titles", func, f"one caption per image ({len(x)})", titles, kind=TypeError)
    ncols = min(ncols, len(x))
    nrows = -(-len(x) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.2 * nrows + (0.3 if title else 0)), squeeze=False)
    for index, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if index < len(x):
            ax.imshow(x[index].reshape(8, 8), cmap="gray_r", vmin=0.0, vmax=max(1.0, float(x.max())))
            if titles is not None:
                ax.set_title(str(titles[index]), fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
