"""Keras Tuner's tuners with lighter trials: :class:`QuickRandomSearch`, :class:`QuickHyperband` and
:class:`QuickBayesianOptimization` are ``keras_tuner.RandomSearch``, ``Hyperband`` and
``BayesianOptimization`` with the ``run_trial`` override Keras Tuner's documentation shows (no
per-epoch checkpoints) and a progress bar over the trials.
"""
from __future__ import annotations

import keras_tuner as kt
from tqdm.auto import tqdm

__all__ = ["QuickBayesianOptimization", "QuickHyperband", "QuickRandomSearch"]


class _QuickTrials:
    """Keras Tuner's documented ``run_trial`` override: build the model, fit it, return the history.

    Keras Tuner's own ``run_trial`` also saves the weights at every improving epoch, so that
    ``get_best_models`` can reload them; here that doubled the time of a trial. Without
    the checkpoints, Hyperband's later rounds train their models from scratch for the round's epochs
    instead of resuming, and ``get_best_models`` is not available: retrain the best
    hyperparameters instead (``tuner.get_best_hyperparameters()``), as you would anyway.
    """

    def run_trial(self, trial: kt.engine.trial.Trial, *args, **kwargs):
        hp = trial.hyperparameters
        if "tuner/epochs" in hp.values:  # Hyperband's round length
            kwargs["epochs"] = hp.values["tuner/epochs"]
        model = self.hypermodel.build(hp)
        history = self.hypermodel.fit(hp, model, *args, **kwargs)
        if getattr(self, "_bar", None) is not None:
            self._bar.update(1)
        return history

    def search(self, *args, **kwargs):
        """Keras Tuner's ``search``, with a progress bar over the trials (Keras's own output stays off)."""
        total = getattr(self.oracle, "max_trials", None)
        with tqdm(total=total, desc=f"{type(self).__name__.removeprefix('Quick')} trials", unit="trial") as self._bar:
            try:
                return super().search(*args, **kwargs)
            finally:
                self._bar = None


class QuickRandomSearch(_QuickTrials, kt.RandomSearch):
    """``keras_tuner.RandomSearch`` (same arguments) without per-epoch checkpoints, with a progress bar."""


class QuickHyperband(_QuickTrials, kt.Hyperband):
    """``keras_tuner.Hyperband`` (same arguments) without per-epoch checkpoints, with a progress bar."""


class QuickBayesianOptimization(_QuickTrials, kt.BayesianOptimization):
    """``keras_tuner.BayesianOptimization`` (same arguments) without per-epoch checkpoints, with a progress bar."""
