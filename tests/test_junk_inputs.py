"""Property (issue 12): every public labkit function answers junk in any one argument, the others valid,
with one line naming that argument (a LabkitValueError or LabkitTypeError) within a second — never a
TensorFlow, numpy, scipy or Optuna traceback, never a silent wrong result.

``CASES`` holds, per public function, its valid arguments (built once per module) and, per argument, the
kinds of junk that apply to it. ``test_every_public_function_is_covered`` keeps the table complete
against each module's ``__all__``.
"""
from __future__ import annotations

import importlib
import inspect
import os
import signal
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import labkit
from labkit._validate import LabkitInputError

# not called by a learner with arguments: the records and errors labkit returns or raises (built by labkit's own
# functions, which are covered), the doctor (no arguments) and the command line's main (argv: see
# test_the_command_line_refuses_bad_arguments)
EXCLUDED = {
    "claims.Claim", "claims.ClaimMismatch", "claims.ClaimResult", "claims.Criterion", "data.Split",
    "diagnostics.LayerStats", "doctor.Finding", "doctor.run_doctor", "numpy_net.NumpyMLP", "sweeps.SweepRun",
    "training.TrainingHistory", "search_workers.Workers", "search_workers.main",
}
MODULES = [m for m in labkit._SUBMODULES if m not in ("exercises", "checks")]

N, F, K = 6, 4, 3  # rows, columns, classes of the small valid arrays

# ---- junk, by kind ------------------------------------------------------------------------------------


class _Thing:
    def __repr__(self) -> str:
        return "<object>"


def _junk(kind: str, ctx: dict) -> list:
    return {
        "type": ["text", {"k": 1}, _Thing()],
        "nonstr": [{"k": 1}, _Thing(), 3.5],
        "nondict": ["text", _Thing(), 3.5],
        "y_frac": [np.full(N, 1.5), np.zeros(0, int), np.zeros((N, 2), int), np.array([np.nan] * N)],
        "none": [None],
        "nan": [float("nan"), float("inf"), -float("inf")],
        "negative": [-1, -0.5],
        "huge": [10**12],
        "x": [np.zeros((0, F), np.float32), np.full((N, F), np.nan, np.float32), np.ones((N, F, 2), np.float32),
              np.array([["a"] * F] * N)],
        "x_cols": [np.ones((N, F + 1), np.float32), np.ones((N, 1), np.float32)],
        "x_rows": [np.ones((N + 1, F), np.float32)],
        "y": [np.full(N, 1.5), -np.ones(N, int), np.zeros(0, int), np.zeros((N, 2), int), np.array([np.nan] * N)],
        "y_range": [np.full(N, K), np.full(N, 2**20)],
        "y_rows": [np.zeros(N + 1, int)],
        "probs": [np.zeros((0, K)), np.full((N, K), np.nan), np.ones(N)],
        "probs_shape": [np.zeros((0, K)), np.ones(N), np.ones((N, K, 1))],  # NaN is a diverged model's truthful output
        "votes": [[[0, 1.5]], [[-1, 0]], np.zeros((2, 0), int), [0, 1], [[np.nan, 0]]],
        "scores": [[], [float("nan"), 0.5], [0.5, float("inf")], [[0.5], [0.4]], ["a", "b"]],
        "widths": [[1.5], ["a"], [-1], [0], [10**9]],
        "callable": [lambda: 0, lambda a, b, c: 0],
    }[kind]


def _values(ctx: dict, kinds: str) -> list:
    return [value for kind in kinds.split() for value in _junk(kind, ctx)]


# ---- valid arguments per function ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    from labkit.data import load_moons_split
    from labkit.models import build_mlp, build_towers
    from labkit.numpy_net import init_numpy_mlp
    from labkit.training import TrainingHistory

    rng = np.random.default_rng(0)
    x = rng.normal(size=(N, F)).astype(np.float32)
    y = np.array([0, 1, 2, 0, 1, 2])
    probs = rng.dirichlet(np.ones(K), size=N)
    split = load_moons_split(n_samples=60, seed=0)
    tmp = tmp_path_factory.mktemp("junk")
    here = os.getcwd()
    os.chdir(tmp)  # junk like storage="text" may legitimately create files: not in the workbook
    yield {
        "x": x, "y": y, "probs": probs, "split": split, "tmp": tmp,
        "model": build_mlp(F, K, width=4), "towers": build_towers(F, K, seeds=(0, 1), width=4),
        "moons_towers": build_towers(2, 2, seeds=(0, 1), width=4),
        "net": init_numpy_mlp([F, 3, K]), "y1h": np.eye(K)[y],
        "history": TrainingHistory({"loss": np.array([1.0, 0.5])}, 0.1),
        "storage": str(tmp / "study.log"),
    }
    os.chdir(here)


def _claim():
    return next(iter(labkit.claims.registry().values()))


def _measure(seed):
    claim = _claim()
    names = claim.test.effect + (claim.caveat.effect if claim.caveat else ())
    return dict.fromkeys(names, 0.1 * seed)


def _space(hp):
    from labkit.models import build_mlp

    return build_mlp(F, K, width=hp.Int("units", 4, 8, step=4))


def _tuner_options(name: str, ctx: dict) -> dict:
    options = {"hypermodel": _space, "objective": "val_accuracy", "directory": str(ctx["tmp"] / "tuner"),
               "project_name": name, "overwrite": True, "seed": 0}
    return options | ({"max_epochs": 1, "factor": 2} if name == "QuickHyperband" else {"max_trials": 1})


def _search(tuner, x, y, validation_data, epochs=1):
    """``tuner.search`` as the notebook calls it, the tuner passed in (a fresh one per call)."""
    return tuner.search(x, y, validation_data=validation_data, epochs=epochs, verbose=0)


def _classifier(X, y, **settings):
    """``KerasMLPClassifier(**settings).fit(X, y)``: scikit-learn's convention checks the settings in fit."""
    from labkit.ensembles import KerasMLPClassifier

    return KerasMLPClassifier(**settings).fit(X, y)


def _queued(ctx):
    from labkit.search_workers import queue_trials
    if not ctx.get("queued"):
        queue_trials(ctx["storage"], "s", [{"hidden": 10, "learning_rate": 0.1, "l2": 1e-4}], iterations=1)
        ctx["queued"] = True
    return ctx["storage"]


# "module.function": (valid keyword arguments from ctx, {argument: junk kinds}, arguments where None is valid)
CASES = {
    "augment.augment_copies": (
        lambda c: {"x": np.zeros((2, 64)), "y": np.array([0, 1]), "copies": 1},
        {"x": "type none nan", "y": "type none y", "copies": "type none nan negative huge",
         "rotation": "type nan negative",
         "shift": "type nan negative", "zoom": "type nan negative", "flip": "type none", "interpolation": "type none",
         "seed": "type none negative nan"}),
    "augment.augmenter": (
        lambda c: {},
        {"rotation": "type none nan negative", "shift": "type none nan negative", "zoom": "type none nan negative",
         "flip": "type none", "interpolation": "type none", "seed": "type none negative"}),
    "augment.digit_images": (lambda c: {"x": np.zeros((2, 64))}, {"x": "type none x"}),
    "callbacks.EpochScores": (lambda c: {"data": {"test": (c["x"], c["y"])}}, {"data": "type none"}),
    "callbacks.GradientNormRecorder": (lambda c: {"data": (c["x"], c["y"])}, {"data": "type none"}),
    "callbacks.LearningRateRangeTest": (
        lambda c: {"steps": 10}, {"start": "type none nan negative", "stop": "type none nan negative",
                                  "steps": "type none nan negative huge"}),
    "callbacks.patience_rule": (
        lambda c: {"val_losses": [0.5, 0.4, 0.45], "patience": 1},
        {"val_losses": "type none scores", "patience": "type none nan negative",
         "min_delta": "type none nan negative"}),
    "claims.check_claim": (
        lambda c: {"claim_id": _claim().id, "measure": _measure},
        {"claim_id": "type none", "measure": "type none callable"}),
    "claims.decide": (
        lambda c: {"kind": "effect", "mean": 0.5, "low": 0.1, "high": 0.9, "smallest": 0.1},
        {"kind": "type none", "mean": "type none nan", "low": "type none nan", "high": "type none nan",
         "smallest": "type none nan negative"}),
    "claims.interval": (lambda c: {"values": [0.1, 0.2, 0.3]},
                        {"values": "type none scores", "confidence": "type none nan negative"}),
    "claims.registry": (lambda c: {}, {"path": "type none"}),
    "claims.verdict_table": (lambda c: {"results": {}}, {"results": "nondict none", "claims": "type"}, {"claims"}),
    "data.replica_seed": (lambda c: {"seed": 0, "replica": 1},
                          {"seed": "type none nan negative", "replica": "type none nan negative"}),
    "data.replica_splits": (
        lambda c: {"load": labkit.data.load_moons_split, "seeds": (0,), "replica": 0, "n_samples": 60},
        {"load": "type none callable", "seeds": "type none", "replica": "type none negative"}),
    "data.load_breast_cancer_split": (
        lambda c: {}, {"val_size": "type none nan negative", "test_size": "type none nan negative",
                       "n_train": "type nan negative huge", "standardize": "type none", "seed": "type none negative"},
        {"n_train"}),
    "data.load_digits_split": (
        lambda c: {}, {"val_size": "type none nan negative", "test_size": "type none nan negative",
                       "n_train": "type nan negative huge", "standardize": "type none",
                       "label_noise": "type none nan negative", "seed": "type none negative"}, {"n_train"}),
    "data.load_mnist1d_split": (
        lambda c: {}, {"val_size": "type none nan negative", "test_size": "type none nan negative",
                       "n_train": "type nan negative huge", "standardize": "type none", "seed": "type none negative"},
        {"n_train"}),
    "data.load_moons_split": (
        lambda c: {"n_samples": 60}, {"n_samples": "type none nan negative huge", "noise": "type none nan negative",
                                      "val_size": "type none nan negative", "n_train": "type nan negative huge",
                                      "seed": "type none negative"}, {"n_train"}),
    "data.load_split": (lambda c: {"name": "moons", "n_samples": 60}, {"name": "type none"}),
    "data.load_wine_split": (lambda c: {}, {"val_size": "type none nan negative", "seed": "type none negative"}),
    "diagnostics.activation_stats": (lambda c: {"model": c["model"], "x": c["x"]},
                                     {"model": "type none", "x": "type none x x_cols"}),
    "diagnostics.dead_unit_fraction": (lambda c: {"activations": c["x"]}, {"activations": "type none"}),
    "diagnostics.diagnose": (
        lambda c: {"train_accuracy": 0.9, "val_accuracy": 0.8, "baseline_accuracy": 0.5},
        {"train_accuracy": "type none nan negative", "val_accuracy": "type none nan negative",
         "baseline_accuracy": "type none nan negative", "margin": "type none nan negative",
         "max_gap": "type none nan negative"}),
    "diagnostics.epochs_to_reach": (lambda c: {"curve": [0.5, 0.7, 0.9], "target": 0.8},
                                    {"curve": "type none scores", "target": "type none nan"}),
    "diagnostics.gradient_norms": (
        lambda c: {"model": c["model"], "x": c["x"], "y": c["y"]},
        {"model": "type none", "x": "type none x x_cols", "y": "type none y y_range y_rows",
         "kernels_only": "type none",
         "training": "type none"}),
    "diagnostics.hidden_activation_layers": (lambda c: {"model": c["model"]}, {"model": "type none"}),
    "diagnostics.layer_outputs": (lambda c: {"model": c["model"], "x": c["x"]},
                                  {"model": "type none", "x": "type none x x_cols"}),
    "doctor.check_lock": (lambda c: {}, {"lock": "nonstr none"}),
    "ensembles.majority_vote": (lambda c: {"predictions": [[0, 1, 2], [0, 1, 1]]}, {"predictions": "type none votes"}),
    "ensembles.mean_pairwise_correlation": (lambda c: {"outputs": c["x"].T}, {"outputs": "type none"}),
    "ensembles.member_scores": (
        lambda c: {"probabilities": np.stack([c["probs"], c["probs"]]), "y": c["y"]},
        {"probabilities": "type none probs", "y": "type none y y_range y_rows"}),
    "ensembles.pairwise_correlation": (lambda c: {"outputs": c["x"].T}, {"outputs": "type none"}),
    "ensembles.simulate_members": (
        lambda c: {"n_samples": 10, "accuracy": 0.7, "correlation": 0.5},
        {"n_samples": "type none nan negative huge", "accuracy": "type none nan negative",
         "correlation": "type none nan negative", "n_members": "type none nan negative huge",
         "seed": "type none negative"}),
    "ensembles.soft_vote": (lambda c: {"probabilities": np.stack([c["probs"], c["probs"]])},
                            {"probabilities": "type none probs"}),
    "metrics.accuracy": (lambda c: {"predicted": c["y"], "y": c["y"]},
                         {"predicted": "type none y_frac", "y": "type none y_frac y_rows"}),
    "metrics.class_scores": (lambda c: {"probabilities": c["probs"], "y": c["y"]},
                             {"probabilities": "type none probs_shape", "y": "type none y y_range y_rows"}),
    "metrics.log_loss": (lambda c: {"probabilities": c["probs"], "y": c["y"]},
                         {"probabilities": "type none probs_shape", "y": "type none y y_range y_rows",
                          "clip": "type none nan"}),
    "metrics.reliability_bins": (lambda c: {"probabilities": c["probs"], "y": c["y"]},
                                 {"probabilities": "type none probs_shape probs", "y": "type none y y_range y_rows",
                                  "bins": "type none nan negative huge"}),
    "metrics.expected_calibration_error": (lambda c: {"probabilities": c["probs"], "y": c["y"]},
                                           {"probabilities": "type none probs_shape probs",
                                            "y": "type none y y_range y_rows", "bins": "type none nan negative huge"}),
    "losses.SmoothedCrossentropy": (lambda c: {"n_classes": K, "label_smoothing": 0.1},
                                    {"n_classes": "type none nan negative huge",
                                     "label_smoothing": "type none nan negative huge"}),
    "models.AdjustableDropout": (lambda c: {"rate": 0.1}, {"rate": "type none nan negative", "seed": "type negative"},
                                 {"seed"}),
    "models.AdjustablePenalty": (lambda c: {}, {"l1": "type none nan negative", "l2": "type none nan negative"}),
    "models.build_mlp": (
        lambda c: {"n_features": F, "n_classes": K, "width": 4},
        {"n_features": "type none nan negative huge", "n_classes": "type none nan negative huge",
         "depth": "type none nan negative huge", "width": "type none nan negative huge", "activation": "type none",
         "initializer": "type none", "dropout": "type none nan negative", "l1": "type none nan negative",
         "l2": "type none nan negative", "optimizer": "type", "learning_rate": "type none nan negative",
         "seed": "type negative", "clipnorm": "type nan negative", "residual": "type none",
         "layer_norm": "type none", "image_shape": "type negative", "label_smoothing": "type none nan negative huge"},
        {"seed", "clipnorm", "image_shape"}),
    "models.build_towers": (
        lambda c: {"n_features": F, "n_classes": K, "seeds": (0, 1), "width": 4},
        {"n_features": "type none nan negative huge", "seeds": "type none", "width": "type none negative huge"}),
    "models.make_initializer": (lambda c: {"initializer": "glorot_uniform", "seed": 0},
                                {"initializer": "type none", "seed": "type negative"}, {"seed"}),
    "models.reinitialize": (
        lambda c: {"model": c["towers"]},
        {"model": "type none", "learning_rate": "type nan negative", "dropout": "type nan negative",
         "l1": "type nan negative", "l2": "type nan negative", "replica": "type none negative"},
        {"learning_rate", "dropout", "l1", "l2", "input_dropout", "initializer"}),
    "numpy_net.cost_and_gradients": (
        lambda c: {"net": c["net"], "x": c["x"], "y_one_hot": c["y1h"]},
        {"net": "type none", "x": "type none x x_cols x_rows", "y_one_hot": "type none probs",
         "l2": "type none nan negative", "l1": "type none nan negative"}),
    "numpy_net.gradient_check": (
        lambda c: {"net": c["net"], "x": c["x"], "y_one_hot": c["y1h"]},
        {"net": "type none", "x": "type none x x_cols x_rows", "y_one_hot": "type none probs",
         "l2": "type none nan negative", "step": "type none nan negative"}),
    "numpy_net.init_numpy_mlp": (lambda c: {"sizes": [F, 3, K]},
                                 {"sizes": "type none widths", "init": "type none", "seed": "type none negative"}),
    "numpy_net.one_hot": (lambda c: {"y": c["y"], "n_classes": K},
                          {"y": "type none y y_range", "n_classes": "type none nan negative huge"}),
    "numpy_net.train_numpy_mlp": (
        lambda c: {"x": c["x"], "y": c["y"], "hidden": (3,), "iterations": 2, "record_every": 1},
        {"x": "type none x x_rows", "y": "type none y y_rows", "hidden": "type none widths",
         "learning_rate": "type none nan negative", "iterations": "type none nan negative huge",
         "l2": "type none nan negative", "l1": "type none nan negative", "init": "type none",
         "seed": "type none negative", "record_every": "type none nan negative", "dtype": "type none"}),
    "plots.plot_decision_regions": (
        lambda c: {"predict": lambda p: np.zeros(len(p), int), "x": c["x"][:, :2], "y": c["y"], "resolution": 10},
        {"predict": "type none callable", "x": "type none x", "y": "type none y_rows",
         "resolution": "type none nan negative huge"}),
    "plots.plot_digits": (lambda c: {"x": np.zeros((2, 64))},
                          {"x": "type none x", "titles": "type", "ncols": "type none nan negative"}, {"titles"}),
    "plots.plot_history": (lambda c: {"history": c["history"]}, {"history": "type none", "metrics": "type none"}),
    "plots.plot_layer_values": (lambda c: {"values": {"a": [1.0, 2.0]}},
                                {"values": "type none", "log": "type none", "ylim": "type nan"}, {"ylim"}),
    "search_workers.queue_trials": (
        lambda c: {"storage": f"sqlite:///{c['tmp'] / 'queue.db'}", "study_name": "q",
                   "configs": [{"hidden": 10, "learning_rate": 0.1, "l2": 1e-4}], "iterations": 1},
        {"storage": "nonstr none", "study_name": "nonstr none", "configs": "type none scores",
         "iterations": "type none nan negative huge", "init": "type none", "seed": "type none negative",
         "val_size": "type none nan negative"}),
    "search_workers.start_workers": (
        lambda c: {"storage": _queued(c), "studies": ["s"]},
        {"storage": "nonstr none", "studies": "type none", "n_workers": "type none nan negative huge",
         "log_dir": "nonstr"}, {"log_dir"}),
    "search_workers.study_results": (lambda c: {"storage": _queued(c), "study_name": "s"},
                                     {"storage": "type none", "study_name": "type none"}),
    "search_workers.work": (lambda c: {"storage": _queued(c), "studies": ["s"]},
                            {"storage": "type none", "studies": "type none", "worker": "nonstr none"}),
    "sweeps.sweep": (
        lambda c: {"model": c["moons_towers"], "data": {0: c["split"], 1: c["split"]}, "settings": {"a": {}},
                   "epochs": 1, "progress": False},
        {"model": "type none", "data": "type none", "settings": "type none", "epochs": "type none nan negative huge",
         "batch_size": "type none nan negative", "passes_per_epoch": "type none negative huge",
         "keep": "type callable", "progress": "type none", "replica": "type none negative"}, {"keep"}),
    "towers.evaluate": (lambda c: {"model": c["model"], "x": c["x"], "y": c["y"]},
                        {"model": "type none", "x": "type none x x_cols", "y": "type none y y_range y_rows"}),
    "towers.evaluate_towers": (lambda c: {"model": c["towers"], "data": (c["x"], c["y"])},
                               {"model": "type none", "data": "type none", "part": "type"}, {"part"}),
    "towers.predict_towers": (lambda c: {"model": c["towers"], "x": c["x"]},
                              {"model": "type none", "x": "type none x x_cols"}),
    "towers.tower_input_name": (lambda c: {"seed": 0}, {"seed": "type none nan negative"}),
    "towers.tower_layer": (lambda c: {"model": c["towers"], "seed": 0, "layer": "output"},
                           {"model": "type none", "seed": "type none nan negative huge", "layer": "type none"}),
    "towers.tower_name": (lambda c: {"seed": 0}, {"seed": "type none nan negative"}),
    "towers.tower_names": (lambda c: {"seeds": [0, 1]}, {"seeds": "type none"}),
    "towers.tower_seed": (lambda c: {"name": "seed_0"}, {"name": "nonstr none"}),
    "towers.tower_seeds": (lambda c: {"model": c["towers"]}, {"model": "type none"}),
    "training.CompactProgress": (lambda c: {"epochs": 2}, {"epochs": "type none nan negative", "label": "nonstr none",
                                                           "every": "type none nan negative"}),
    "training.fit": (
        lambda c: {"model": c["model"], "data": (c["x"], c["y"]), "epochs": 1, "progress": False},
        {"model": "type none", "data": "type none", "validation": "type", "epochs": "type none nan negative huge",
         "batch_size": "type none nan negative huge", "shuffle": "type none",
         "passes_per_epoch": "type none nan negative huge", "callbacks": "type none", "progress": "type none",
         "label": "nonstr none", "seed": "type none negative", "replica": "type none negative"}, {"validation"}),
    "tuning.best_so_far": (lambda c: {"scores": [0.5, 0.7, 0.6]}, {"scores": "type none scores"}),
    "tuning.c_trial": (
        lambda c: {"split": c["split"], "hidden": 3, "learning_rate": 0.1, "l2": 1e-4, "iterations": 1},
        {"split": "type none", "hidden": "type none nan negative huge", "learning_rate": "type none nan negative",
         "l2": "type none nan negative", "iterations": "type none nan negative huge", "init": "type none",
         "seed": "type none negative"}),
    "tuning.expected_best": (lambda c: {"scores": [0.5, 0.7, 0.6], "budget": 2},
                             {"scores": "type none scores", "budget": "type none nan negative huge"}),
    "tuning.grid_configs": (lambda c: {}, {"grid": "type none"}),
    "tuning.pick_best": (lambda c: {"trials": [{"val_accuracy": 0.5}, {"val_accuracy": 0.7}]},
                         {"trials": "type none scores", "by": "type none"}),
    "tuning.quasi_random_configs": (lambda c: {"n_trials": 3, "seed": 0},
                                    {"n_trials": "type none nan negative huge", "seed": "type none negative",
                                     "grid": "type none"}),
    "tuning.random_configs": (lambda c: {"n_trials": 3, "seed": 0},
                              {"n_trials": "type none nan negative huge", "seed": "type none negative",
                               "grid": "type none"}),
    "ensembles.KerasMLPClassifier": (
        lambda c: {"X": c["x"], "y": c["y"], "width": 4, "epochs": 1},
        {"X": "type none x x_rows", "y": "type none y_rows", "depth": "type none nan negative huge",
         "width": "type none nan negative huge", "activation": "type none", "dropout": "type none nan negative",
         "learning_rate": "type none nan negative", "epochs": "type none nan negative huge",
         "batch_size": "type none nan negative huge", "seed": "type none negative huge"}),
    **{f"tuners.{name}": (
        lambda c, name=name: _tuner_options(name, c),
        {"hypermodel": "type none", "objective": "type", "seed": "type negative huge nan",
         "directory": "nonstr", "project_name": "nonstr", "overwrite": "type none",
         **({"max_epochs": "type none nan negative huge", "factor": "type none nan negative huge",
             "hyperband_iterations": "type none nan negative huge"} if name == "QuickHyperband" else
            {"max_trials": "type none nan negative huge"}),
         **({"num_initial_points": "type nan negative huge", "alpha": "type none nan negative",
             "beta": "type none nan negative"} if name == "QuickBayesianOptimization" else {})})
       for name in ("QuickRandomSearch", "QuickHyperband", "QuickBayesianOptimization")},
    **{f"tuners.{name}.search": (
        lambda c, name=name: {"tuner": _function(f"tuners.{name}")(**_tuner_options(name, c)), "x": c["x"],
                              "y": c["y"], "validation_data": (c["x"], c["y"])},
        {"x": "type none x x_cols x_rows", "y": "type none y y_range y_rows", "validation_data": "type none"})
       for name in ("QuickRandomSearch", "QuickHyperband")},
    "widgets.knobs": (lambda c: {"draw": lambda a: None, "a": [1, 2]},
                      {"draw": "type none callable", "defaults": "type", "a": "type none"}, {"defaults"}),
    "runtime.setup": (lambda c: {}, {"seed": "type none nan negative", "deterministic": "type none"}),
    "runtime.quiet": (lambda c: {}, {}),
    "runtime.seeds": (lambda c: {}, {}),
    "runtime.tensorflow_error": (lambda c: {}, {}),
}

# junk rows inside an (x, y) pair
PAIR_JUNK = ("x", "x_cols", "x_rows", "y", "y_range", "y_rows")


# table entries that are not a module's function: a class's settings checked in fit, a tuner's search
CALLS = {"ensembles.KerasMLPClassifier": _classifier, "tuners.QuickRandomSearch.search": _search,
         "tuners.QuickHyperband.search": _search}


def _function(qualified: str):
    if qualified in CALLS:
        return CALLS[qualified]
    module, name = qualified.split(".")
    return getattr(importlib.import_module(f"labkit.{module}"), name)


def _call(qualified, kwargs):
    return _function(qualified)(**kwargs)


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


def _expect_refusal(qualified: str, argument: str, kwargs: dict, names: tuple[str, ...] = (),
                    alternatives: tuple[str, ...] = ()):
    """Call; pass on a one-line labkit error within a second that names every one of ``names`` (default
    ``argument``) — or, given ``alternatives``, any one of them (``'data[0]'`` for x inside ``data``)."""
    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 3.0)  # a junk call that runs on is stopped (a finding)
    try:
        _call(qualified, kwargs)
    except _TooSlow:
        pytest.fail(f"{qualified}({argument}=junk): still running after 3 s")
    except LabkitInputError as error:
        seconds = time.perf_counter() - start
        text = str(error)
        assert isinstance(error, (ValueError, TypeError)), f"{qualified}: {type(error)}"
        assert "\n" not in text, f"{qualified}({argument}=...): a message of several lines: {text!r}"
        if alternatives:
            assert any(name in text for name in alternatives), f"{qualified}: names none of {alternatives}: {text!r}"
        for name in () if alternatives else names or (argument,):
            assert f"'{name}'" in text, f"{qualified}({argument}=...): message does not name '{name}': {text!r}"
        assert seconds < 1.0, f"{qualified}({argument}=...): refused after {seconds:.2f} s"
        return
    except Exception as error:  # noqa: BLE001 - the property: anything else is a finding
        pytest.fail(f"{qualified}({argument}=junk): {type(error).__module__}.{type(error).__name__}: "
                    f"{str(error).splitlines()[0] if str(error) else ''}"[:300])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    pytest.fail(f"{qualified}({argument}=junk): accepted silently")


PAIRS = sorted((func, arg) for func, case in CASES.items() for arg in case[1])


def _show_junk(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array{value.shape}{value.dtype}"
    return repr(value)[:40]


@pytest.mark.parametrize(("func", "argument"), PAIRS, ids=[f"{f}-{a}" for f, a in PAIRS])
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_junk_in_one_argument(ctx, func, argument, data):
    case = CASES[func]
    none_ok = case[2] if len(case) > 2 else set()
    values = [v for v in _values(ctx, case[1][argument]) if not (v is None and argument in none_ok)]
    junk = data.draw(st.sampled_from(values), label="junk")
    note(_show_junk(junk))
    kwargs = case[0](ctx)
    kwargs[argument] = junk
    names = (argument,)
    _expect_refusal(func, argument, kwargs, names)


PAIR_FUNCS = [("training.fit", "data"), ("towers.evaluate_towers", "data"),
              ("callbacks.GradientNormRecorder", "data"), ("callbacks.EpochScores", "data"),
              ("towers.evaluate", None), ("diagnostics.gradient_norms", None)]


@pytest.mark.parametrize(("func", "argument"), PAIR_FUNCS, ids=[f for f, _ in PAIR_FUNCS])
@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_junk_rows_in_a_data_pair(ctx, func, argument, data):
    """Junk x or y inside ``data=(x, y)``: wrong columns for the model, labels out of range or fractional ..."""
    kind = data.draw(st.sampled_from(PAIR_JUNK), label="kind")
    junk = data.draw(st.sampled_from(_junk(kind, ctx)), label="junk")
    note(_show_junk(junk))
    x, y = ctx["x"], ctx["y"]
    pair = (junk, y) if kind.startswith("x") else (x, junk)
    kwargs = CASES[func][0](ctx)
    if argument is None:
        kwargs.update(x=pair[0], y=pair[1])
        names = (kind.split("_")[0],)
    elif func.startswith("callbacks."):  # a callback meets its model in fit: wrong columns show only there
        data_arg = {"test": pair} if func == "callbacks.EpochScores" else pair
        try:
            callback = _function(func)(data_arg)
        except LabkitInputError:  # refused at once (rows and labels): check that refusal
            _expect_refusal(func, "data", {"data": data_arg}, alternatives=("'data'", "'data[0]'", "'data[1]'"))
            return
        func, argument = "training.fit", "callbacks"
        kwargs = {**CASES[func][0](ctx), "callbacks": [callback]}
        names = ("data",)
    else:
        kwargs[argument] = pair
        names = (argument,)
    # inside data=(x, y) a message may name the part: 'data[0]', or fit's 'x' and 'y'
    alternatives = () if argument is None else ("'data'", "'data[0]'", "'data[1]'", "'x'", "'y'")
    _expect_refusal(func, argument or kind, kwargs, names, alternatives)


def test_every_public_function_is_covered():
    public = set()
    for module in MODULES:
        mod = importlib.import_module(f"labkit.{module}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if callable(obj) and (inspect.isfunction(obj) or inspect.isclass(obj)):
                public.add(f"{module}.{name}")
    missing = public - set(CASES) - EXCLUDED
    assert not missing, f"public functions without junk cases: {sorted(missing)}"
    assert EXCLUDED <= public, f"excluded but not public: {sorted(EXCLUDED - public)}"


def test_the_command_line_refuses_bad_arguments(ctx, capsys):
    from labkit.search_workers import main

    with pytest.raises(SystemExit) as exit_code:  # argparse: usage and one "error:" line
        main(["s"])
    assert exit_code.value.code == 2 and "the following arguments are required: --storage" in capsys.readouterr().err
    for argv, argument in ((["--storage", str(ctx["tmp"] / "missing.log"), "s"], "'storage'"),
                           (["--storage", _queued(ctx), "no-such-study"], "'studies'")):
        assert main(argv) == 2
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and argument in lines[0] and lines[0].startswith("python -m labkit.search_workers")


def test_huge_sizes_are_refused_quickly():
    _expect_refusal("ensembles.simulate_members", "n_samples",
                    {"n_samples": 10**9, "n_members": 10**4, "accuracy": 0.7, "correlation": 0.5})


def test_vote_time_does_not_grow_with_the_largest_label():
    from labkit.ensembles import majority_vote
    big = np.array([[0, 2**30, 5], [0, 2**30, 5], [1, 3, 5]])
    start = time.perf_counter()
    assert list(majority_vote(big)) == [0, 2**30, 5]
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("func", sorted(set(CASES) - {"search_workers.start_workers"}))
def test_the_valid_arguments_are_valid(ctx, func):
    """The table's valid arguments give a result: a refusal of junk is not a refusal of the rest."""
    try:
        _call(func, CASES[func][0](ctx))
    except labkit.claims.ClaimMismatch:  # a verdict other than the registry's: a result, not a refusal
        assert func == "claims.check_claim"


# what the property found, pinned (issue 12)
@pytest.mark.parametrize(("call", "argument"), [
    (lambda: labkit.tuning.pick_best([{"v": 0.5}, {"v": float("nan")}], by="v"), "trials"),  # NaN would never be beaten
    (lambda: labkit.tuning.pick_best([{"v": 0.5}], by="w"), "by"),
    (lambda: labkit.tuning.best_so_far([0.5, float("nan"), 0.7]), "scores"),  # NaN carried on as the best
    (lambda: labkit.numpy_net.one_hot(np.array([0, 1.5]), 3), "y"),  # was truncated to 1
    (lambda: labkit.numpy_net.train_numpy_mlp(np.zeros((2, 2)), np.array([0, 1.5]), iterations=1), "y"),
    (lambda: labkit.ensembles.member_scores(np.full((2, 2, 2), 0.5), np.array([0, 0.5])), "y"),
    (lambda: labkit.augment.augment_copies(np.zeros((2, 64)), np.array([0, 1.5]), copies=1), "y"),
    (lambda: labkit.metrics.accuracy(np.array([0, 1.5]), np.array([0, 1])), "predicted"),
    (lambda: labkit.metrics.log_loss(np.zeros((0, 2)), np.zeros(0, int)), "probabilities"),  # was nan
    (lambda: labkit.ensembles.simulate_members(10**7, accuracy=0.7, correlation=0.5, n_members=1000), "n_samples"),
    (lambda: labkit.claims.check_claim(_claim().id, lambda: {}), "measure"),  # wrong arity
    (lambda: labkit.claims.decide("effect", 0.1, 0.0, 0.2, -0.1), "smallest"),
    (lambda: labkit.search_workers.queue_trials("x.log", "s", [{"hidden": 10, "learning_rate": 0.1, "l2": -1.0}],
                                                iterations=1), "configs"),  # refused at queue time, not in a worker
    # Keras Tuner accepted these (issue 12's follow-up): the search ran on, every trial failed, or nothing ran
    (lambda: labkit.tuners.QuickRandomSearch(_space, objective="val_accuracy", max_trials="ten"), "max_trials"),
    (lambda: labkit.tuners.QuickRandomSearch(_space, objective="val_accuracy", seed=-1), "seed"),
    (lambda: labkit.tuners.QuickRandomSearch(None, objective="val_accuracy"), "hypermodel"),
    (lambda: labkit.tuners.QuickRandomSearch(_space, objective="val_acuracy"), "objective"),  # a typo
    (lambda: labkit.tuners.QuickRandomSearch(_space, objective="val_accuracy", max_trial=3), "max_trial"),
    (lambda: _search(labkit.tuners.QuickRandomSearch(_space, objective="val_accuracy", max_trials=1, overwrite=True,
                                                     directory="kt-found"),
                     np.ones((N, F + 1)), np.zeros(N, int), (np.ones((N, F + 1)), np.zeros(N, int))), "x"),
    (lambda: labkit.ensembles.KerasMLPClassifier(batch_size="64").fit(np.ones((N, F)), np.arange(N) % 2),
     "batch_size"),
])
def test_found_cases(call, argument, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a tuner's folder, a journal file: never in the repository
    with pytest.raises(LabkitInputError) as error:
        call()
    assert f"'{argument}'" in str(error.value) and "\n" not in str(error.value)


def test_valid_results_unchanged():
    from labkit.ensembles import majority_vote
    assert majority_vote([[1, 1, 0], [1, 0, 0], [0, 1, 0]]).tolist() == [1, 1, 0]
    assert majority_vote([[2, 0], [0, 2]]).tolist() == [0, 0]  # ties to the smallest label
    assert majority_vote([[5], [7], [7]]).dtype == np.int64
    assert labkit.tuning.pick_best([{"v": 0.5, "n": 1}, {"v": 0.7, "n": 2}, {"v": 0.7, "n": 3}], by="v")["n"] == 2
    assert labkit.tuning.best_so_far([0.2, 0.5, 0.4]).tolist() == [0.2, 0.5, 0.5]
    assert labkit.numpy_net.one_hot(np.array([0.0, 2.0]), 3).tolist() == [[1, 0, 0], [0, 0, 1]]
