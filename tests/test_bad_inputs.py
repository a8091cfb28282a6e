"""Property: whatever junk a learner passes, a public labkit function answers with one line that names
the argument — a LabkitValueError or LabkitTypeError, never a TensorFlow traceback."""
import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from labkit._validate import LabkitInputError
from labkit.augment import augment_copies, augmenter
from labkit.callbacks import EpochScores, LearningRateRangeTest, patience_rule
from labkit.claims import check_claim
from labkit.data import load_digits_split, load_moons_split
from labkit.diagnostics import dead_unit_fraction
from labkit.ensembles import majority_vote, pairwise_correlation, simulate_members, soft_vote
from labkit.models import ACTIVATIONS, build_mlp, build_towers
from labkit.numpy_net import train_numpy_mlp
from labkit.plots import plot_layer_values
from labkit.runtime import setup

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**9), max_value=-1),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)

CALLS = {
    "val_size": lambda v: load_digits_split(val_size=v),
    "n_samples": lambda v: load_moons_split(n_samples=v),
    "width": lambda v: build_mlp(4, 2, width=v),
    "depth": lambda v: build_mlp(4, 2, depth=v),
    "activation": lambda v: build_mlp(4, 2, activation=v),
    "learning_rate": lambda v: build_mlp(4, 2, learning_rate=v),
    "seeds": lambda v: build_towers(4, 2, seeds=v),
    "seed": lambda v: setup(seed=v),
    "activations": lambda v: dead_unit_fraction(v),
    "claim_id": lambda v: check_claim(v, lambda s: {"a": 1.0}),
    "label_noise": lambda v: load_digits_split(label_noise=v),
    "input_dropout": lambda v: build_mlp(4, 2, input_dropout=v),
    "l1": lambda v: train_numpy_mlp(np.zeros((4, 2)), np.array([0, 1, 0, 1]), l1=v, iterations=1),
    "patience": lambda v: patience_rule([0.5, 0.4], v),
    "rotation": lambda v: augmenter(rotation=v),
    "copies": lambda v: augment_copies(np.zeros((2, 64)), np.zeros(2, int), copies=v),
    "data": lambda v: EpochScores(v),
    "clipnorm": lambda v: build_mlp(4, 2, clipnorm=v),
    "steps_per_execution": lambda v: build_mlp(4, 2, steps_per_execution=v),
    "steps": lambda v: LearningRateRangeTest(steps=v),
    "predictions": lambda v: majority_vote(v),
    "outputs": lambda v: pairwise_correlation(v),
    "probabilities": lambda v: soft_vote(v),
    "accuracy": lambda v: simulate_members(10, accuracy=v, correlation=0.5),
    "correlation": lambda v: simulate_members(10, accuracy=0.7, correlation=v),
}


def _is_valid(argument, value):
    """The few junk values that are in fact valid for an argument."""
    if argument == "seed" and isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**32:
        return True
    if (argument == "seeds" and isinstance(value, list) and value and all(0 <= v <= 2**20 for v in value)
            and len(set(value)) == len(value)):
        return True
    if argument == "activation" and value in ACTIVATIONS:  # hypothesis does find 'tanh' among short strings
        return True
    number = isinstance(value, float) and np.isfinite(value)
    if argument == "learning_rate" and number and 0 < value <= 100:
        return True
    if argument == "val_size" and number and 0.05 <= value <= 0.45:
        return True
    if argument == "accuracy" and number and 0 < value < 1:
        return True
    if argument == "correlation" and number and 0 <= value <= 1:
        return True
    if argument == "clipnorm" and (value is None or (number and value > 0)):
        return True
    if argument in ("label_noise", "l1", "input_dropout", "rotation") and number and value >= 0:
        limits = {"label_noise": 0.9, "l1": np.inf, "input_dropout": 1.0, "rotation": 180.0}
        return value < limits[argument] or (argument != "input_dropout" and value == limits[argument])
    return False


@pytest.mark.parametrize("argument", sorted(CALLS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JUNK)
@example(value="tanh")  # once found by hypothesis: a valid activation among short strings
@example(value="holds")
def test_junk_gives_one_line_naming_the_argument(argument, value):
    if _is_valid(argument, value):
        return
    with pytest.raises(LabkitInputError) as error:
        CALLS[argument](value)
    message = str(error.value)
    assert "\n" not in message and f"'{argument}'" in message


@settings(max_examples=20, deadline=None)
@given(shape=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3)))
def test_wrong_dimensions_for_layer_values(shape):
    with pytest.raises(LabkitInputError, match="'values'"):
        plot_layer_values({"x": np.ones(shape)})
