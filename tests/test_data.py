import numpy as np
import pytest

from labkit._validate import LabkitInputError
from labkit.data import (
    DATASETS,
    Split,
    load_breast_cancer_split,
    load_digits_split,
    load_moons_split,
    load_split,
    load_wine_split,
    replica_seed,
    replica_splits,
)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_splits_are_disjoint_and_sized_60_20_20(name):
    split = load_split(name)
    total = len(split.y_train) + len(split.y_val) + len(split.y_test)
    assert abs(len(split.y_val) / total - 0.2) < 0.01 and abs(len(split.y_test) / total - 0.2) < 0.01
    assert split.x_train.dtype == np.float32 and split.y_train.dtype == np.int32
    assert split.x_train.shape[1] == split.n_features and split.n_classes == len(np.unique(split.y_train))
    assert isinstance(split, Split) and split.name in split.summary()
    parts = [{row.tobytes() for row in x} for x in (split.x_train, split.x_val, split.x_test)]
    shared = len(parts[0] & parts[1]) + len(parts[0] & parts[2]) + len(parts[1] & parts[2])
    assert shared <= (3 if name == "digits" else 0)  # digits holds a few duplicate images; nothing else may repeat


def test_digits_have_no_row_in_two_parts():
    split = load_digits_split(seed=3)
    train = {row.tobytes() for row in split.x_train}
    test = {row.tobytes() for row in split.x_test}
    # digits contains a few duplicate images; allow only those
    assert len(train & test) <= 3


def test_standardisation_is_fitted_on_training_rows_only():
    split = load_breast_cancer_split(standardize=True, seed=1)
    assert np.allclose(split.x_train.mean(axis=0), 0, atol=1e-4)
    assert np.allclose(split.x_train.std(axis=0), 1, atol=1e-3)
    assert not np.allclose(split.x_val.mean(axis=0), 0, atol=1e-4)  # no leak: validation is not re-centred
    raw = load_breast_cancer_split(seed=1)
    assert np.allclose(split.scaler.transform(raw.x_val), split.x_val, atol=1e-4)


def test_n_train_keeps_a_stratified_subset():
    split = load_digits_split(n_train=150)
    assert len(split.y_train) == 150 and len(np.unique(split.y_train)) == 10
    assert len(split.y_val) == 360


def test_same_seed_same_split_other_seed_other_split():
    a, b, c = load_moons_split(seed=4), load_moons_split(seed=4), load_moons_split(seed=5)
    assert np.array_equal(a.x_train, b.x_train)
    assert not np.array_equal(a.x_train, c.x_train)


def test_digits_pixels_are_scaled_to_unit_range():
    split = load_digits_split()
    assert split.x_train.min() == 0 and split.x_train.max() == 1
    assert np.allclose(split.x_train * 16, np.round(split.x_train * 16))  # the 17 grey levels 0..16, divided by 16


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: load_digits_split(val_size=0.9), "val_size"),
        (lambda: load_digits_split(test_size=-0.1), "test_size"),
        (lambda: load_digits_split(n_train=5), "n_train"),
        (lambda: load_digits_split(n_train=10**6), "n_train"),
        (lambda: load_digits_split(standardize="yes"), "standardize"),
        (lambda: load_digits_split(seed=-3), "seed"),
        (lambda: load_moons_split(noise=2.0), "noise"),
        (lambda: load_moons_split(n_samples=10), "n_samples"),
        (lambda: load_split("mnist"), "name"),
    ],
)
def test_bad_arguments_name_the_argument(call, argument):
    with pytest.raises(LabkitInputError) as error:
        call()
    message = str(error.value)
    assert f"'{argument}'" in message and "\n" not in message and "Got" in message


def test_label_noise_changes_only_that_share_of_training_labels():
    clean = load_digits_split(seed=3)
    noisy = load_digits_split(seed=3, label_noise=0.3)
    changed = noisy.y_train != clean.y_train
    assert 0.25 < changed.mean() < 0.35
    assert np.array_equal(noisy.x_train, clean.x_train)
    assert np.array_equal(noisy.y_val, clean.y_val) and np.array_equal(noisy.y_test, clean.y_test)
    assert noisy.y_train.min() >= 0 and noisy.y_train.max() <= 9
    with pytest.raises(ValueError, match="'label_noise' argument of load_digits_split"):
        load_digits_split(label_noise=1.5)


def test_wine_is_raw_unless_standardised():
    raw, scaled = load_split("wine"), load_split("wine", standardize=True)
    assert (len(raw.y_train), len(raw.y_val), len(raw.y_test)) == (106, 36, 36)
    spread = raw.x_train.std(axis=0)
    assert spread.max() / spread.min() > 1000  # proline against hue: what notebook 12's first fix is about
    assert np.allclose(scaled.x_train.mean(axis=0), 0, atol=1e-5)


def test_the_test_rows_are_fixed_and_the_seed_draws_training_and_validation():
    from labkit.data import load_breast_cancer_split, load_wine_split

    for loader in (load_digits_split, load_breast_cancer_split, load_wine_split):
        a, b = loader(seed=0), loader(seed=1)
        assert np.array_equal(a.x_test, b.x_test) and np.array_equal(a.y_test, b.y_test)
        assert not np.array_equal(a.x_train, b.x_train) and not np.array_equal(a.x_val, b.x_val)
        assert a.seed == 0 and b.seed == 1 and "seed 1" in b.summary()
        rows = lambda split: {r.tobytes() for r in np.concatenate([split.x_train, split.x_val])}  # noqa: E731
        assert rows(a) == rows(b)  # the same pool outside the test rows, drawn differently


def test_val_size_rest_puts_every_other_non_test_row_into_validation():
    split = load_digits_split(n_train=300, val_size="rest", seed=4)
    assert (len(split.y_train), len(split.y_val), len(split.y_test)) == (300, 1797 - 360 - 300, 360)
    with pytest.raises(ValueError, match="'val_size' argument of load_digits_split"):
        load_digits_split(val_size="rest")


def test_replica_seeds_are_the_seed_for_replica_0_and_distinct_otherwise():
    assert [replica_seed(s, 0) for s in (0, 7, 123)] == [0, 7, 123]
    derived = {replica_seed(s, r) for s in range(20) for r in range(1, 6)}
    assert len(derived) == 100 and not derived & set(range(20))


def test_replica_splits_load_each_seeds_own_rows_for_that_replica():
    own = replica_splits(load_wine_split, (3, 4), 0, standardize=True)
    assert [s.seed for s in own.values()] == [3, 4]
    np.testing.assert_array_equal(own[3].x_train, load_wine_split(seed=3, standardize=True).x_train)
    second = replica_splits(load_wine_split, (3, 4), 1, standardize=True)
    assert sorted(second) == [3, 4] and second[3].seed == replica_seed(3, 1)
    assert not np.array_equal(second[3].y_train, own[3].y_train)
    np.testing.assert_array_equal(second[3].y_test, own[3].y_test)  # the test rows never move


@pytest.mark.parametrize("arguments, name", [((3, (0,), 1), "load"), ((load_wine_split, "0", 1), "seeds"),
                                             ((load_wine_split, (0,), -1), "replica"),
                                             ((load_wine_split, (0,), 1.5), "replica")])
def test_replica_splits_bad_arguments_are_one_line(arguments, name):
    with pytest.raises(LabkitInputError, match=f"'{name}' argument of replica_splits") as caught:
        replica_splits(*arguments)
    assert "\n" not in str(caught.value)
