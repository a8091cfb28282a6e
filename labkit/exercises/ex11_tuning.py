"""Checks for notebook 11 (tuning): a Keras Tuner search space, inspected by building it with several
settings (no training), and choosing on validation while reporting on test, compared with
``labkit.tuning.pick_best``."""
from __future__ import annotations

import math

import numpy as np

from labkit.checks import CheckResult, expect, run_check
from labkit.tuning import pick_best

__all__ = ["check_pick_and_report", "check_search_space"]

HINT_SPACE = (
    "register each hyperparameter once, under its exact name and with the kind that fits its values (an integer "
    "range, a choice among strings, a float range with a step, a float range sampled on a log scale), then pass "
    "every value you get back to the model you build (width, depth, activation, dropout, Adam's learning rate)",
    "units ∈ {32, 64, …, 256}; layers ∈ {1, 2, 3, 4}; activation ∈ {relu, elu, tanh}; dropout ∈ {0.0, 0.1, …, 0.5}; "
    "learning rate log-uniform on [10⁻⁴, 10⁻²]",
)

HINT_PICK = (
    "decide with the validation scores only and keep the first trial when several share the best; the test score "
    "is only read off the chosen trial, and the setting is what is left of its dict once both scores are removed "
    "(without changing the trials you are given)",
    "i* = the smallest i with val_i = max_j val_j; return (trial_i* without val_accuracy and test_accuracy, "
    "test_i*)",
)

_WANT = {
    "units": ("Int", {"min_value": 32, "max_value": 256, "step": 32}),
    "layers": ("Int", {"min_value": 1, "max_value": 4}),
    "activation": ("Choice", {"values": ["relu", "elu", "tanh"]}),
    "dropout": ("Float", {"min_value": 0.0, "max_value": 0.5, "step": 0.1}),
    "learning_rate": ("Float", {"min_value": 1e-4, "max_value": 1e-2, "sampling": "log"}),
}


def _dense_units(model) -> list[int]:
    return [layer.units for layer in model.layers if type(layer).__name__ == "Dense"]


def _hidden_activations(model) -> set[str]:
    """The activations of the hidden layers: a Dense layer's own, or an Activation layer's."""
    names = []
    for layer in model.layers:
        activation = getattr(layer, "activation", None)
        name = getattr(activation, "__name__", None)
        if name and name not in ("linear", "softmax"):
            names.append(name)
    return set(names)


def _dropout_rates(model) -> set[float]:
    return {round(float(np.asarray(layer.rate)), 6) for layer in model.layers if "Dropout" in type(layer).__name__}


def check_search_space(build_model) -> CheckResult:
    """``build_model(hp)``: registers exactly the five hyperparameters of exercise 11.1 and builds a compiled model
    that uses them."""
    import keras  # noqa: PLC0415 - only when checking: importing the checks does not import TensorFlow
    import keras_tuner as kt  # noqa: PLC0415 - likewise (it imports TensorFlow)

    def test(answer):
        hp = kt.HyperParameters()
        model = answer(hp)
        expect(isinstance(model, keras.Model),
               f"build_model must return a Keras model; it returned {type(model).__name__}")
        names = {p.name for p in hp.space}
        expect(names == set(_WANT), f"the search space should have exactly {sorted(_WANT)}; yours has {sorted(names)}")
        for p in hp.space:
            kind, want = _WANT[p.name]
            expect(type(p).__name__ == kind, f"'{p.name}' should be hp.{kind}(...); it is hp.{type(p).__name__}(...)")
            config = p.get_config()
            for key, value in want.items():
                got = config.get(key)
                same = (got == value) if not isinstance(value, float) else got is not None and math.isclose(got, value)
                if key == "step" and kind == "Float":
                    same = got is not None and math.isclose(got, value)
                if key == "sampling":
                    same = str(got).lower() == value
                expect(same, f"'{p.name}': {key} should be {value!r}; it is {got!r}")
        expect(getattr(model, "optimizer", None) is not None, "return a compiled model (model.compile(...))")
        for units, layers, rate, activation, dropout in ((64, 1, 1e-3, "tanh", 0.3), (256, 4, 1e-4, "elu", 0.0),
                                                         (32, 2, 5e-3, "relu", 0.5)):
            hp = kt.HyperParameters()
            hp.Fixed("units", units), hp.Fixed("layers", layers), hp.Fixed("learning_rate", rate)
            hp.Fixed("activation", activation), hp.Fixed("dropout", dropout)
            model = answer(hp)
            dense = _dense_units(model)
            expect(dense[:-1] == [units] * layers and dense[-1] == 10,
                   f"with units={units}, layers={layers} the Dense layers should have {[units] * layers + [10]} units; "
                   f"yours have {dense}")
            expect(model.inputs[0].shape[-1] == 64, "the model's input should have 64 features (digits)")
            got_rate = float(np.asarray(model.optimizer.learning_rate))
            expect(math.isclose(got_rate, rate, rel_tol=1e-5),
                   f"with learning_rate={rate} the optimizer's rate is {got_rate:g}: "
                   "pass hp's value to the optimizer")
            expect(type(model.optimizer).__name__ == "Adam",
                   f"the exercise asks for Adam; your model is compiled with {type(model.optimizer).__name__}")
            expect(_hidden_activations(model) == {activation},
                   f"with activation={activation!r} the hidden layers use {sorted(_hidden_activations(model))}: "
                   "pass hp's activation to the layers")
            rates = _dropout_rates(model) - {0.0}
            expect(rates == ({dropout} if dropout else set()),
                   f"with dropout={dropout} your model's dropout rates are {sorted(rates) or 'none'}: "
                   "pass hp's dropout to the model")

    return run_check(
        "11.1 a search space",
        build_model,
        test,
        hint=HINT_SPACE,
    )


def _trials():
    rng = np.random.default_rng(11)
    yield [{"units": 64, "val_accuracy": 0.91, "test_accuracy": 0.90},
           {"units": 128, "val_accuracy": 0.95, "test_accuracy": 0.93},
           {"units": 32, "val_accuracy": 0.93, "test_accuracy": 0.96}]
    yield [{"rate": 0.1, "val_accuracy": 0.8, "test_accuracy": 0.7},
           {"rate": 0.2, "val_accuracy": 0.8, "test_accuracy": 0.9}]  # a tie
    yield [{"units": 16, "layers": 2, "val_accuracy": 0.5, "test_accuracy": 0.55}]
    yield [{"rate": 0.3, "val_accuracy": 0.0, "test_accuracy": 0.1},
           {"rate": 0.4, "val_accuracy": 0.0, "test_accuracy": 0.2}]  # every score 0: a tie at the bottom
    yield [{"depth": 1, "width": 8, "val_accuracy": 0.20, "test_accuracy": 0.30},
           {"depth": 2, "width": 8, "val_accuracy": 0.10, "test_accuracy": 0.40},
           {"depth": 3, "width": 8, "val_accuracy": 0.25, "test_accuracy": 0.15}]  # the best is last, below 0.5
    yield [{"units": 8, "val_accuracy": 0.7, "test_accuracy": 0.6},
           {"units": 9, "val_accuracy": 0.9, "test_accuracy": 0.5},
           {"units": 10, "val_accuracy": 0.9, "test_accuracy": 0.8},
           {"units": 11, "val_accuracy": 0.6, "test_accuracy": 0.9}]  # a tie at the top, not first or last
    for _ in range(5):
        n = int(rng.integers(2, 30))
        yield [{"hidden": int(h), "val_accuracy": float(v), "test_accuracy": float(t)}
               for h, v, t in zip(rng.integers(10, 60, n), rng.random(n).round(3), rng.random(n).round(3), strict=True)]


def check_pick_and_report(pick_and_report) -> CheckResult:
    """``pick_and_report(trials)`` → ``(setting, test_accuracy)`` of the trial best on validation."""

    def test(answer):
        for trials in _trials():
            got = answer(trials)  # the guard says so if the answer changes the list or its dicts
            expect(isinstance(got, tuple) and len(got) == 2, f"return a pair (setting, test_accuracy); got {got!r}")
            best = pick_best(trials, by="val_accuracy")
            want = ({k: v for k, v in best.items() if k not in ("val_accuracy", "test_accuracy")},
                    best["test_accuracy"])
            expect(got[0] == want[0],
                   f"for trials {trials} the setting should be {want[0]} (best validation accuracy, first among ties); "
                   f"you returned {got[0]}")
            expect(math.isclose(float(got[1]), want[1]),
                   f"report the chosen trial's test accuracy {want[1]}; you returned {got[1]}")

    return run_check(
        "11.2 choose on validation, report on test",
        pick_and_report,
        test,
        hint=HINT_PICK,
    )
