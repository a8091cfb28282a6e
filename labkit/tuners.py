"""Keras Tuner's tuners with lighter trials: :class:`QuickRandomSearch`, :class:`QuickHyperband` and
:class:`QuickBayesianOptimization` are ``keras_tuner.RandomSearch``, ``Hyperband`` and
``BayesianOptimization`` with the ``run_trial`` override Keras Tuner's documentation shows (no
per-epoch checkpoints) and a progress bar over the trials.

They also check their arguments, which Keras Tuner mostly does not (``max_trials="ten"``, a negative
seed, or training data with the wrong number of columns were accepted, and the search "finished" with
every trial failed): a bad one gets labkit's one-line error naming it, at construction or at the start
of ``search``.
"""
from __future__ import annotations

import inspect
import os

import keras_tuner as kt
import numpy as np
from keras_tuner.src.engine.objective import create_objective
from tqdm.auto import tqdm

from labkit._validate import (
    LabkitTypeError,
    LabkitValueError,
    check_array,
    check_bool,
    check_int,
    check_labels,
    check_number,
    check_same_rows,
    fail,
)

__all__ = ["QuickBayesianOptimization", "QuickHyperband", "QuickRandomSearch"]


class _FatalValueError(LabkitValueError, kt.errors.FatalError):
    """A labkit value error that Keras Tuner lets through (a fatal error) instead of recording a failed trial."""


# the arguments each tuner checks, beyond Keras Tuner's own (name: (low, high) for ints, a kind otherwise)
_INTS = {"max_trials": (1, 100_000), "max_epochs": (1, 100_000), "factor": (2, 100), "hyperband_iterations": (1, 1000),
         "num_initial_points": (1, 100_000), "seed": (0, 2**32 - 1), "max_retries_per_trial": (0, 100),
         "max_consecutive_failed_trials": (1, 100_000), "executions_per_trial": (1, 1000),
         "max_model_size": (1, 10**12)}
_NUMBERS = ("alpha", "beta")
_BOOLS = ("overwrite", "tune_new_entries", "allow_new_entries")
_PATHS = ("directory", "project_name")
_NONE_OK = ("seed", "num_initial_points", "max_model_size", "objective", "directory", "project_name")


def _arguments(tuner_class: type) -> set[str]:
    """Every argument the tuner's Keras Tuner classes take by name (their ``__init__`` chain)."""
    names = set()
    for cls in tuner_class.__mro__:
        if cls.__module__.startswith("keras_tuner") and "__init__" in vars(cls):
            names |= {p.name for p in inspect.signature(cls.__init__).parameters.values()
                      if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    return names - {"self", "oracle"}


def _check_objective(objective: object, func: str) -> None:
    items = objective if isinstance(objective, list) else [objective]
    if not items or not all(isinstance(item, (str, kt.Objective)) and (not isinstance(item, str) or item)
                            for item in items):
        fail("objective", func, "a metric's name such as 'val_accuracy', a keras_tuner.Objective, or a list of them",
             objective, kind=LabkitTypeError)
    try:
        create_objective(objective)  # Keras Tuner's own reading: a metric whose direction it can tell
    except ValueError:
        fail("objective", func, "a metric whose direction Keras Tuner knows ('val_accuracy', 'val_loss' ...) or "
             "keras_tuner.Objective(name, direction='max' or 'min')", objective)


def _check_tuner_arguments(tuner_class: type, hypermodel: object, args: tuple, kwargs: dict) -> None:
    func = tuner_class.__name__
    known = _arguments(tuner_class)
    unknown = sorted(set(kwargs) - known)
    if unknown:
        fail(unknown[0], func, f"one of Keras Tuner's arguments ({', '.join(sorted(known))})", kwargs[unknown[0]],
             kind=LabkitTypeError)
    if not (callable(hypermodel) or isinstance(hypermodel, kt.HyperModel)):
        fail("hypermodel", func, "a function build(hp) returning a compiled Keras model, or a keras_tuner.HyperModel",
             hypermodel, kind=LabkitTypeError)
    base = next(cls for cls in tuner_class.__mro__ if cls.__module__.startswith("keras_tuner"))
    try:
        bound = inspect.signature(base.__init__).bind(None, hypermodel, *args, **kwargs).arguments
    except TypeError as error:
        raise LabkitTypeError(f"{func}: {error}") from None
    named = {**{k: v for k, v in bound.items() if k not in ("self", "kwargs")}, **bound.get("kwargs", {})}
    for name, value in named.items():
        if value is None and name in _NONE_OK:
            continue
        if name in _INTS:
            check_int(value, name, func, low=_INTS[name][0], high=_INTS[name][1])
        elif name in _NUMBERS:
            check_number(value, name, func, low=0.0, low_open=True)
        elif name in _BOOLS:
            check_bool(value, name, func)
        elif name in _PATHS and (isinstance(value, bool) or not isinstance(value, (str, os.PathLike))
                                 or not str(value)):
            fail(name, func, "a folder name (a non-empty str or a path) or None", value, kind=LabkitTypeError)
        elif name == "objective":
            _check_objective(value, func)


def _fit_data(args: tuple, kwargs: dict) -> tuple[object, object, object]:
    """(x, y, validation_data) of a ``search`` / ``fit`` call, each None where not given."""
    x = args[0] if len(args) > 0 else kwargs.get("x")
    y = args[1] if len(args) > 1 else kwargs.get("y")
    return x, y, kwargs.get("validation_data")


def _check_search_data(func: str, args: tuple, kwargs: dict) -> None:
    """The training and validation arrays a search passes to ``fit``: numeric, finite, labels, same rows."""
    x, y, validation = _fit_data(args, kwargs)
    pairs = [("x", "y", x, y)]
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            fail("validation_data", func, "a pair (x_val, y_val)", validation, kind=LabkitTypeError)
        pairs.append(("validation_data[0]", "validation_data[1]", *validation))
    for x_name, y_name, xs, ys in pairs:
        if xs is None or ys is None:
            fail(x_name if xs is None else y_name, func, "an array (search passes x, y and validation_data to fit)",
                 None, kind=LabkitTypeError)
        xs = check_array(xs, x_name, func, ndim=(2, 3, 4, 5))
        ys = check_array(ys, y_name, func, ndim=(1, 2), dtype=np.float64)  # labels, one-hot rows or targets
        check_same_rows(xs, ys, func, names=(x_name, y_name))
    if validation is not None and np.shape(validation[0])[1:] != np.shape(x)[1:]:
        fail("validation_data[0]", func, f"an array with the columns of 'x' ({np.shape(x)[1]})", validation[0])


def _check_model_fits_data(model: object, func: str, args: tuple, kwargs: dict) -> None:
    """The built model takes x's columns and has an output unit for every label (checked before fitting)."""
    try:
        n_inputs, n_outputs = model.input_shape[-1], model.output_shape[-1]
    except (AttributeError, TypeError, ValueError):
        return  # not a simple one-input, one-output model: Keras's own checks apply
    x, y, validation = _fit_data(args, kwargs)
    pairs = [("x", "y", x, y)] + ([("validation_data[0]", "validation_data[1]", *validation)] if validation else [])
    for x_name, y_name, xs, ys in pairs:
        if n_inputs is not None and np.shape(xs)[-1] != n_inputs:
            fail(x_name, func, f"an array with {n_inputs} columns (the hypermodel's input)", xs, kind=_FatalValueError)
        if n_outputs is not None and np.ndim(ys) == 2 and np.shape(ys)[1] != n_outputs:  # one-hot rows, targets
            fail(y_name, func, f"an array with {n_outputs} columns (the hypermodel's outputs) or 1-D labels", ys,
                 kind=_FatalValueError)
        if n_outputs is not None and n_outputs > 1 and np.ndim(ys) == 1:  # class labels for a softmax
            try:
                labels = check_labels(ys, y_name, func)
            except LabkitValueError as error:  # as a fatal error: Keras Tuner would record a failed trial and go on
                raise _FatalValueError(str(error)) from None
            if labels.max() >= n_outputs:
                fail(y_name, func, f"labels 0 .. {n_outputs - 1} (the hypermodel's {n_outputs} outputs)",
                     f"a label {labels.max()}", kind=_FatalValueError)


class _QuickTrials:
    """Keras Tuner's documented ``run_trial`` override: build the model, fit it, return the history.

    Keras Tuner's own ``run_trial`` also saves the weights at every improving epoch, so that
    ``get_best_models`` can reload them; here that doubled the time of a trial. Without
    the checkpoints, Hyperband's later rounds train their models from scratch for the round's epochs
    instead of resuming, and ``get_best_models`` is not available: retrain the best
    hyperparameters instead (``tuner.get_best_hyperparameters()``), as you would anyway.
    """

    def __init__(self, hypermodel: object = None, *args, **kwargs):
        _check_tuner_arguments(type(self), hypermodel, args, kwargs)
        super().__init__(hypermodel, *args, **kwargs)

    def run_trial(self, trial: kt.engine.trial.Trial, *args, **kwargs):
        hp = trial.hyperparameters
        if "tuner/epochs" in hp.values:  # Hyperband's round length
            kwargs["epochs"] = hp.values["tuner/epochs"]
        model = self.hypermodel.build(hp)
        _check_model_fits_data(model, f"{type(self).__name__}.search", args, kwargs)
        history = self.hypermodel.fit(hp, model, *args, **kwargs)
        if getattr(self, "_bar", None) is not None:
            self._bar.update(1)
        return history

    def search(self, *args, **kwargs):
        """Keras Tuner's ``search``, with a progress bar over the trials (Keras's own output stays off).

        The data are checked first (numeric, finite, ``x`` and ``y`` with the same rows; likewise
        ``validation_data``), and against each built model before it trains: its input columns and,
        for 1-D labels and several outputs, whole-number labels with an output each. If no trial
        completes, this says so with the first failure's last line.
        """
        func = f"{type(self).__name__}.search"
        _check_search_data(func, args, kwargs)
        objectives = getattr(self.oracle.objective, "objectives", [self.oracle.objective])
        validation = [o.name for o in objectives if o.name.startswith("val_")]
        if validation and kwargs.get("validation_data") is None and not kwargs.get("validation_split"):
            fail("validation_data", func, f"a pair (x_val, y_val): the objective {validation[0]!r} is a validation "
                 "score", None, kind=LabkitTypeError)
        total = getattr(self.oracle, "max_trials", None)
        with tqdm(total=total, desc=f"{type(self).__name__.removeprefix('Quick')} trials", unit="trial") as self._bar:
            try:
                result = super().search(*args, **kwargs)
            finally:
                self._bar = None
        trials = list(self.oracle.trials.values())
        if trials and not any(t.status == kt.engine.trial.TrialStatus.COMPLETED for t in trials):
            lines = [line for line in (trials[0].message or "").splitlines() if line.strip()]
            raise LabkitValueError(f"{func}: no trial completed; the first failed with: "
                                   f"{lines[-1] if lines else 'no message'} (check the 'hypermodel')")
        return result


class QuickRandomSearch(_QuickTrials, kt.RandomSearch):
    """``keras_tuner.RandomSearch`` (same arguments) without per-epoch checkpoints, with a progress bar."""


class QuickHyperband(_QuickTrials, kt.Hyperband):
    """``keras_tuner.Hyperband`` (same arguments) without per-epoch checkpoints, with a progress bar."""


class QuickBayesianOptimization(_QuickTrials, kt.BayesianOptimization):
    """``keras_tuner.BayesianOptimization`` (same arguments) without per-epoch checkpoints, with a progress bar."""
