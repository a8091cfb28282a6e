"""Hyperparameter search on article [C]'s network: its grid, random and quasi-random settings over
the same box, one trial (:func:`c_trial`: train the numpy network with one setting of hidden size,
learning rate and L2 penalty λ on the digits split of the trial's seed, and score it on the
validation rows, all of them and each half apart), and picking from the results (decided on
validation accuracy only). Several processes share a search through :mod:`labkit.search_workers`.
"""
from __future__ import annotations

import math
import numbers
import time
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.stats import loguniform, qmc, randint
from sklearn.model_selection import ParameterGrid, ParameterSampler

from labkit._validate import check_array, check_int, fail
from labkit.data import Split
from labkit.numpy_net import train_numpy_mlp

__all__ = ["C_GRID", "SMALL_GRID", "best_so_far", "c_trial", "expected_best", "grid_configs", "pick_best",
           "quasi_random_configs", "random_configs"]

C_GRID: dict[str, tuple] = {
    "hidden": (10, 25, 50, 60),
    "learning_rate": (0.05, 0.1, 0.25, 0.5),
    "l2": (0.0001, 0.0005, 0.001, 0.01),
}
"""Article [C]'s grid: 4 × 4 × 4 = 64 settings."""

SMALL_GRID: dict[str, tuple] = {
    "hidden": (10, 35, 60),
    "learning_rate": (0.05, 0.158, 0.5),
    "l2": (0.0001, 0.001, 0.01),
}
"""A 3 × 3 × 3 grid over [C]'s box: each range's two ends and its middle (geometric for rate and λ)."""


def grid_configs(grid: dict[str, Sequence] = C_GRID) -> list[dict]:
    """Every combination of the grid's values, as scikit-learn's ``ParameterGrid`` orders them."""
    _check_grid(grid, "grid_configs", ())
    return [dict(config) for config in ParameterGrid({name: list(values) for name, values in grid.items()})]


def _check_grid(grid: object, func: str, needed: tuple[str, ...]) -> None:
    """A dict of name → non-empty list of values; the ``needed`` names present, with finite numbers."""
    if not isinstance(grid, Mapping) or not grid or not all(
            isinstance(name, str) and isinstance(values, Sequence) and not isinstance(values, (str, bytes)) and values
            for name, values in grid.items()):
        fail("grid", func, "a dict of name → non-empty list of values, like C_GRID", grid, kind=TypeError)
    for name in needed:
        values = grid.get(name)
        if values is None or not all(
                isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v) for v in values):
            fail("grid", func, f"a dict with '{name}' → a non-empty list of finite numbers", grid)


def _checked_box(n_trials: int, seed: int, grid: dict[str, Sequence], func: str) -> tuple[int, list[tuple]]:
    """Check a draw's ``n_trials`` and ``seed``; return ``n_trials`` and the grid's (smallest, largest)
    hidden size, learning rate and λ, in that order."""
    n_trials = check_int(n_trials, "n_trials", func, low=1, high=100_000)
    check_int(seed, "seed", func, low=0)
    _check_grid(grid, func, ("hidden", "learning_rate", "l2"))
    return n_trials, [(min(grid[name]), max(grid[name])) for name in ("hidden", "learning_rate", "l2")]


def _setting(hidden: float, learning_rate: float, l2: float) -> dict:
    """One setting as every search here gives it: ``hidden`` an int, the others floats."""
    return {"hidden": int(hidden), "learning_rate": float(learning_rate), "l2": float(l2)}


def quasi_random_configs(n_trials: int, *, seed: int, grid: dict[str, Sequence] = C_GRID) -> list[dict]:
    """``n_trials`` quasi-random settings from the box the grid spans: a scrambled Halton sequence.

    Quasi-random points fill the box more evenly than independent random ones (no clumps, no empty
    corners) while, unlike a grid, trying a new value of every hyperparameter in every trial — the
    Deep Learning Tuning Playbook's recommendation while exploring. The same scales as
    :func:`random_configs`: hidden size uniform, learning rate and λ logarithmic. Halton, not
    Sobol', because its balance does not need a power of two trials
    (``scipy.stats.qmc.Halton``).

    Parameters
    ----------
    n_trials, grid
        As for :func:`random_configs`.
    seed : int >= 0
        Seed of the scrambling.

    Returns
    -------
    list of dict
        As for :func:`random_configs`.
    """
    n_trials, box = _checked_box(n_trials, seed, grid, "quasi_random_configs")
    (h_low, h_high), (r_low, r_high), (l_low, l_high) = box
    points = qmc.Halton(d=3, scramble=True, seed=seed).random(n_trials)
    return [
        _setting(
            min(h_high, h_low + np.floor(u_hidden * (h_high - h_low + 1))),
            np.exp(np.log(r_low) + u_rate * (np.log(r_high) - np.log(r_low))),
            np.exp(np.log(l_low) + u_l2 * (np.log(l_high) - np.log(l_low))),
        )
        for u_hidden, u_rate, u_l2 in points
    ]


def random_configs(n_trials: int, *, seed: int, grid: dict[str, Sequence] = C_GRID) -> list[dict]:
    """``n_trials`` random settings from the box the grid spans (scikit-learn's ``ParameterSampler``).

    Hidden size uniform over the integers from the grid's smallest to its largest; learning rate and
    λ log-uniform between the grid's smallest and largest values (they are multiplicative scales).

    Parameters
    ----------
    n_trials : int in [1, 100000]
    seed : int >= 0
    grid : dict of str to sequence, default ``C_GRID``
        Its ``hidden``, ``learning_rate`` and ``l2`` values span the box.

    Returns
    -------
    list of dict
        ``{"hidden": int, "learning_rate": float, "l2": float}`` each.
    """
    n_trials, ((h_low, h_high), rates, l2s) = _checked_box(n_trials, seed, grid, "random_configs")
    space = {"hidden": randint(h_low, h_high + 1), "learning_rate": loguniform(*rates), "l2": loguniform(*l2s)}
    configs = ParameterSampler(space, n_iter=n_trials, random_state=seed)
    return [_setting(c["hidden"], c["learning_rate"], c["l2"]) for c in configs]


def c_trial(split: Split, *, hidden: int, learning_rate: float, l2: float, iterations: int = 3000,
            init: str = "uniform01", seed: int = 0) -> dict:
    """Train [C]'s network with one setting; return its scores and the seconds it took.

    ``split`` is a :class:`labkit.data.Split`. Returns ``val_accuracy`` (all validation rows),
    ``val_half_1`` and ``val_half_2`` (each half of them apart: choose on one, report on the other),
    ``train_accuracy``, ``test_accuracy`` (for the end only: a search never reads it) and ``seconds``:
    the CPU seconds the training took (all threads of this process), which other busy processes do
    not inflate the way they inflate wall time. Accuracies are :func:`labkit.metrics.accuracy`.

    Parameters
    ----------
    split : labkit.data.Split
    hidden, learning_rate, l2
        The setting: one hidden layer's width, the learning rate and the L2 penalty λ.
    iterations : int, default 3000
        Full-batch gradient-descent iterations.
    init : str, default "uniform01"
        One of :data:`labkit.numpy_net.NUMPY_INITS`.
    seed : int, default 0
        Seed of the start.

    Returns
    -------
    dict of str to float
    """
    if not isinstance(split, Split):
        fail("split", "c_trial", "a labkit Split (e.g. from load_digits_split)", split, kind=TypeError)
    check_int(hidden, "hidden", "c_trial", low=1, high=100_000)
    start = time.process_time()
    net = train_numpy_mlp(split.x_train, split.y_train, hidden=(int(hidden),), learning_rate=learning_rate, l2=l2,
                          iterations=iterations, init=init, seed=seed, record_every=10**6)
    seconds = time.process_time() - start
    half = len(split.y_val) // 2
    return {
        "val_accuracy": net.accuracy(split.x_val, split.y_val),
        "val_half_1": net.accuracy(split.x_val[:half], split.y_val[:half]),
        "val_half_2": net.accuracy(split.x_val[half:], split.y_val[half:]),
        "test_accuracy": net.accuracy(split.x_test, split.y_test),
        "train_accuracy": net.accuracy(split.x_train, split.y_train),
        "seconds": seconds,
    }


def best_so_far(scores: Sequence[float]) -> np.ndarray:
    """The best score among the first k trials, for every k: ``np.maximum.accumulate``.

    The scores must be finite: a NaN (a failed trial) would be carried on as the "best" after it,
    so it is refused; leave failed trials out first.
    """
    scores = check_array(scores, "scores", "best_so_far", ndim=1, dtype=np.float64)
    return np.maximum.accumulate(scores)


def expected_best(scores: Sequence[float], budget: int) -> float:
    """The expected best score of ``budget`` trials drawn at random from these (without replacement).

    The average of the maximum over every way to pick ``budget`` of the scores: a steadier
    estimate of what a random search of ``budget`` trials finds than the best of any one such
    search. With sorted scores ``v_1 <= ... <= v_N``, the best is ``v_i`` with probability
    ``C(i-1, budget-1) / C(N, budget)``.

    Parameters
    ----------
    scores : sequence of float
        Every trial's score; finite.
    budget : int in [1, len(scores)]

    Returns
    -------
    float
    """
    values = np.sort(check_array(scores, "scores", "expected_best", ndim=1, dtype=np.float64))
    budget = check_int(budget, "budget", "expected_best", low=1, high=len(values))
    total = math.comb(len(values), budget)
    weights = np.array([math.comb(i, budget - 1) / total for i in range(len(values))])  # i = rank - 1
    return float(weights @ values)


def pick_best(trials: Sequence[dict], *, by: str = "val_accuracy") -> dict:
    """The trial with the highest ``by`` score (the first one among ties).

    Parameters
    ----------
    trials : sequence of dict
        Each trial's setting and scores, e.g. from :func:`labkit.search_workers.study_results`.
    by : str, default "val_accuracy"
        The score to maximise.

    Returns
    -------
    dict
        The chosen trial itself.

    Raises
    ------
    LabkitValueError
        If a trial's score is not a finite number (a NaN would never be beaten, nor beat anything).
    """
    if not isinstance(by, str):
        fail("by", "pick_best", "the name (a str) of a score of the trials", by, kind=TypeError)
    if isinstance(trials, (str, bytes, dict)) or not isinstance(trials, Sequence) or not trials or not all(
            isinstance(t, dict) for t in trials):
        fail("trials", "pick_best", f"a non-empty list of dicts that each have '{by}'", trials)
    if not all(by in t for t in trials):
        fail("by", "pick_best", "the name of a score every trial has", by)
    for trial in trials:
        score = trial[by]
        if isinstance(score, bool) or not isinstance(score, numbers.Real) or not math.isfinite(score):
            fail("trials", "pick_best", f"trials whose '{by}' scores are finite numbers", score)
    return max(trials, key=lambda t: t[by])
