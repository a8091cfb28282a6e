"""Sweeps: one towers model trained once per setting (penalty, dropout rate, learning rate ...), from
its fresh start each time (:func:`labkit.models.reinitialize`, so the model is traced once for the
whole sweep), and each run's curves and final scores per seed (:class:`SweepRun`).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import keras
import numpy as np

from labkit._validate import check_callable, check_choice, fail
from labkit.data import Split
from labkit.models import reinitialize
from labkit.towers import evaluate_towers, tower_seeds
from labkit.training import TrainingHistory, fit

__all__ = ["SweepRun", "sweep"]


@dataclass
class SweepRun:
    """One setting of a :func:`sweep`: its curves and its final scores per seed.

    Attributes
    ----------
    history : labkit.training.TrainingHistory
    train, val : dict of int to dict
        :func:`labkit.towers.evaluate_towers` on the training and the validation rows after the last epoch
        (inference mode: no dropout), e.g. ``run.val[0]["accuracy"]``.
    kept : object
        What the sweep's ``keep(model)`` returned after training (None without ``keep``).
    """

    history: TrainingHistory
    train: dict[int, dict[str, float]]
    val: dict[int, dict[str, float]]
    kept: object = None

    def per_seed(self, part: str, metric: str) -> np.ndarray:
        """``metric`` on ``part`` for every seed, in seed order.

        Parameters
        ----------
        part : {"train", "val"}
        metric : {"accuracy", "loss"}

        Returns
        -------
        ndarray of shape (n_seeds,)
        """
        check_choice(part, "part", "SweepRun.per_seed", ("train", "val"))
        check_choice(metric, "metric", "SweepRun.per_seed", ("accuracy", "loss"))
        scores = self.train if part == "train" else self.val
        return np.array([scores[seed][metric] for seed in scores])


def sweep(
    model: keras.Model,
    data: Mapping[int, Split],
    settings: Mapping[str, Mapping[str, float]],
    *,
    epochs: int,
    batch_size: int = 64,
    passes_per_epoch: int = 1,
    keep: Callable[[keras.Model], object] | None = None,
    progress: bool = True,
    replica: int = 0,
) -> dict[str, SweepRun]:
    """Train one towers model once per setting, from its fresh start each time, and score it.

    For every ``name, options`` of ``settings``: ``reinitialize(model, **options)``, then
    :func:`labkit.training.fit` on ``data`` and :func:`labkit.towers.evaluate_towers` on each seed's
    training and validation rows. The model is traced once for the whole sweep.

    Parameters
    ----------
    model : keras.Model
        A towers model from :func:`labkit.models.build_towers`, built with the layers the settings
        change (``dropout > 0`` to sweep dropout, ``l1`` or ``l2 > 0`` to sweep penalties,
        ``optimizer="adamw"`` or ``weight_decay > 0`` to sweep weight decay).
    data : dict of int to Split
        One split per seed of the towers model.
    settings : dict of str to dict
        Name → options of :func:`labkit.models.reinitialize`, among ``learning_rate``, ``dropout``,
        ``input_dropout``, ``l1``, ``l2``, ``weight_decay``, ``initializer``; e.g. ``{"none": {"l2": 0.0}}``.
    epochs, batch_size, passes_per_epoch, replica
        As for :func:`labkit.training.fit` (``replica`` also for ``reinitialize``).
    keep : callable, optional
        Called with the trained model after each run; its result is the run's ``kept``.
    progress : bool, default True
        Show each run's progress line, labelled with the setting's name.

    Returns
    -------
    dict of str to SweepRun
        In the order of ``settings``.

    Examples
    --------
    >>> runs = sweep(towers, splits, {"none": {"l2": 0.0}, "L2 0.01": {"l2": 0.01}}, epochs=20)  # doctest: +SKIP
    >>> runs["L2 0.01"].per_seed("val", "accuracy")  # doctest: +SKIP
    """
    func = "sweep"
    if not isinstance(model, keras.Model) or not tower_seeds(model):
        fail("model", func, "a towers model from build_towers", model, kind=TypeError)
    if not isinstance(data, Mapping) or not all(isinstance(v, Split) for v in data.values()):
        fail("data", func, "a dict {seed: Split}, one split per seed of the towers model", data, kind=TypeError)
    if not isinstance(settings, Mapping) or not settings:
        fail("settings", func, 'a non-empty dict of name → reinitialize options, like {"none": {"l2": 0.0}}', settings,
             kind=TypeError)
    allowed = ("learning_rate", "dropout", "input_dropout", "l1", "l2", "weight_decay", "initializer")
    for name, options in settings.items():
        if not isinstance(name, str) or not isinstance(options, Mapping):
            fail("settings", func, "a dict of str → dict of options", settings, kind=TypeError)
        for option in options:
            check_choice(option, "settings", func, allowed)
    if keep is not None:
        check_callable(keep, "keep", func, "a function of the trained model, or None", model)
    runs = {}
    for name, options in settings.items():
        reinitialize(model, **options, replica=replica)
        history = fit(model, data, epochs=epochs, batch_size=batch_size, passes_per_epoch=passes_per_epoch, label=name,
                      progress=progress, replica=replica)
        runs[name] = SweepRun(
            history=history,
            train=evaluate_towers(model, data, "train"),
            val=evaluate_towers(model, data, "val"),
            kept=keep(model) if keep else None,
        )
    return runs
