"""Offline data: scikit-learn's bundled sets and generators, split into train/validation/test.

Nothing is downloaded: digits, breast cancer and wine ship inside scikit-learn's wheel, moons is
generated, and MNIST-1D is generated from its templates by the ``mnist1d`` package
(``mnist1d.data.make_dataset``; never its download path). ``data/README.md`` catalogues each set.

The claim protocol's split: the **test** rows are the same for every seed (drawn once, with
:data:`TEST_SEED`), so the test set is touched once, at the end, and every seed is scored on the
same rows; the **training and validation** rows are drawn afresh from everything else by the
``seed``, so seed-to-seed spread includes which examples a network happened to learn from. For a
claim over several seeds, load one split per seed: ``{seed: load_digits_split(seed=seed) for seed
in SEEDS}``.
"""
from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from sklearn import datasets as sk_datasets
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from labkit._validate import check_bool, check_callable, check_choice, check_int, check_number, check_seeds, fail

if TYPE_CHECKING:
    from sklearn.utils import Bunch

__all__ = ["DATASETS", "TEST_SEED", "Split", "replica_seed", "replica_splits", "load_breast_cancer_split",
           "load_digits_split", "load_mnist1d_split", "load_moons_split", "load_split", "load_wine_split"]


TEST_SEED = 0
"""Seed of the test rows: fixed, so every seed and every notebook scores on the same test set."""


def replica_seed(seed: int, replica: int) -> int:
    """The seed of replica ``replica`` of seed ``seed``'s experiment: ``seed`` itself for replica 0.

    "More repeated": when one run per seed is too noisy to decide a claim, each seed runs its
    experiment several times, each replica from its own derived seed (its own split, start, order),
    and the seed's measurement is their mean. Derived with ``numpy.random.SeedSequence``, so
    replicas of different seeds do not collide.

    Parameters
    ----------
    seed : int >= 0
        The experiment's seed.
    replica : int in [0, 10000]
        Which replica; 0 returns ``seed`` unchanged.

    Returns
    -------
    int
        The derived seed, in [0, 2**31 - 1) for replicas >= 1.

    Examples
    --------
    >>> replica_seed(3, 0)
    3
    >>> replica_seed(3, 1) != replica_seed(4, 1) != replica_seed(3, 2)
    True
    """
    check_int(seed, "seed", "replica_seed", low=0)
    check_int(replica, "replica", "replica_seed", low=0, high=10_000)
    if replica == 0:
        return int(seed)
    return int(np.random.SeedSequence([int(seed), int(replica)]).generate_state(1)[0] % (2**31 - 1))


def replica_splits(load: Callable[..., Split], seeds: Sequence[int], replica: int, **options) -> dict[int, Split]:
    """Every seed's split for one replica of an experiment:
    ``{seed: load(seed=replica_seed(seed, replica), **options)}``.

    Parameters
    ----------
    load : function
        A loader of this module, such as :func:`load_digits_split`.
    seeds : sequence of int
        The experiment's seeds (``labkit.seeds()``).
    replica : int >= 0
        Which replica; 0 gives each seed its own split.
    **options
        The loader's other arguments (``standardize=True``, ``n_train=300``, ...), the same for every replica.

    Returns
    -------
    dict of int to Split
        Keyed by the experiment's seeds (not the derived ones), as :func:`labkit.training.fit` expects
        with ``replica=replica``.

    Examples
    --------
    >>> splits = replica_splits(load_digits_split, (0, 1), 1, n_train=100)
    >>> sorted(splits), splits[0].seed == replica_seed(0, 1)
    ([0, 1], True)
    """
    func = "replica_splits"
    check_callable(load, "load", func, "a loader such as labkit.data.load_digits_split", seed=0, **options)
    seeds = check_seeds(seeds, "seeds", func)
    check_int(replica, "replica", func, low=0, high=10_000)
    return {seed: load(seed=replica_seed(seed, replica), **options) for seed in seeds}


@dataclass(frozen=True)
class Split:
    """A data set split three ways. Features are float32, labels int32.

    Attributes
    ----------
    name : str
    x_train, x_val, x_test : ndarray of shape (n_rows, n_features)
    y_train, y_val, y_test : ndarray of shape (n_rows,)
    feature_names, class_names : tuple of str
    scaler : StandardScaler or None
        Fitted on ``x_train`` only, when the split was standardised.
    seed : int
        The seed that drew the training and validation rows (the test rows do not depend on it).
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    scaler: StandardScaler | None = field(default=None, repr=False)
    seed: int = 0

    @property
    def train(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x_train, y_train)``."""
        return self.x_train, self.y_train

    @property
    def val(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x_val, y_val)``."""
        return self.x_val, self.y_val

    @property
    def test(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x_test, y_test)``."""
        return self.x_test, self.y_test

    @property
    def n_features(self) -> int:
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def summary(self) -> str:
        """One line: name, rows per split, features, classes."""
        scaled = ", standardised on train" if self.scaler is not None else ""
        return (
            f"{self.name} (seed {self.seed}): train {len(self.y_train)}, validation {len(self.y_val)}, "
            f"test {len(self.y_test)} rows; "
            f"{self.n_features} features, {self.n_classes} classes{scaled}"
        )

    def __repr__(self) -> str:
        return f"Split({self.summary()})"


def _split_options(arguments: dict) -> dict:
    """The split options every loader passes on unchanged."""
    return {key: arguments[key] for key in ("val_size", "test_size", "n_train", "standardize", "seed")}


def _check_split_options(func: str, *, val_size: float | str, test_size: float, n_train: int | None,
                         standardize: bool, seed: int, label_noise: float, n_rows: int) -> None:
    """The split options' checks that need no data (``n_train`` only against all ``n_rows``; :func:`_split` then
    checks it against the rows left for training)."""
    check_number(label_noise, "label_noise", func, low=0.0, high=0.9)
    if val_size == "rest":
        if n_train is None:
            fail("val_size", func, "a number in [0.05, 0.45], or 'rest' together with n_train", val_size)
    else:
        check_number(val_size, "val_size", func, low=0.05, high=0.45)
    check_number(test_size, "test_size", func, low=0.05, high=0.45)
    check_bool(standardize, "standardize", func)
    check_int(seed, "seed", func, low=0, high=2**32 - 1)
    if n_train is not None:
        check_int(n_train, "n_train", func, low=1, high=n_rows)


def _split(
    name: str,
    x: np.ndarray,
    y: np.ndarray,
    feature_names: tuple[str, ...],
    class_names: tuple[str, ...],
    *,
    func: str,
    val_size: float | str,
    test_size: float,
    n_train: int | None,
    standardize: bool,
    seed: int,
    label_noise: float = 0.0,
) -> Split:
    _check_split_options(func, val_size=val_size, test_size=test_size, n_train=n_train, standardize=standardize,
                         seed=seed, label_noise=label_noise, n_rows=len(y))
    # The test rows come from TEST_SEED, never from the seed: the same test set for every seed.
    x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=test_size, stratify=y, random_state=TEST_SEED)
    if val_size == "rest":  # n_train rows for training, every other non-test row for validation
        check_int(n_train, "n_train", func, low=2 * len(class_names), high=len(y_rest) - 2 * len(class_names))
        x_train, x_val, y_train, y_val = train_test_split(x_rest, y_rest, train_size=n_train, stratify=y_rest,
                                                          random_state=seed)
    else:
        val_share = val_size / (1.0 - test_size)
        x_train, x_val, y_train, y_val = train_test_split(
            x_rest, y_rest, test_size=val_share, stratify=y_rest, random_state=seed
        )
        if n_train is not None:
            check_int(n_train, "n_train", func, low=2 * len(class_names), high=len(y_train))
            if n_train < len(y_train):
                x_train, _, y_train, _ = train_test_split(
                    x_train, y_train, train_size=n_train, stratify=y_train, random_state=seed
                )
    if label_noise > 0:  # training labels only: validation and test stay clean
        rng = np.random.default_rng(seed + 7919)
        flip = rng.random(len(y_train)) < label_noise
        y_train = y_train.copy()
        y_train[flip] = (y_train[flip] + rng.integers(1, len(class_names), size=int(flip.sum()))) % len(class_names)
    scaler = None
    if standardize:
        scaler = StandardScaler().fit(x_train)  # training rows only: no leak from validation or test
        x_train, x_val, x_test = (scaler.transform(part) for part in (x_train, x_val, x_test))
    def as_x(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a, dtype=np.float32)

    def as_y(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a, dtype=np.int32)
    return Split(
        name=name,
        x_train=as_x(x_train),
        y_train=as_y(y_train),
        x_val=as_x(x_val),
        y_val=as_y(y_val),
        x_test=as_x(x_test),
        y_test=as_y(y_test),
        feature_names=feature_names,
        class_names=class_names,
        scaler=scaler,
        seed=seed,
    )


def load_digits_split(
    *,
    val_size: float | str = 0.2,
    test_size: float = 0.2,
    n_train: int | None = None,
    standardize: bool = False,
    label_noise: float = 0.0,
    seed: int = 0,
) -> Split:
    """Handwritten digits, 8x8 pixels (1,797 images, 10 classes), pixels scaled to [0, 1].

    Parameters
    ----------
    val_size, test_size : float in [0.05, 0.45], default 0.2
        Shares of all rows for validation and test (stratified). The rest is training (60 %).
        With ``n_train``, ``val_size="rest"`` puts every non-test row outside the training rows into
        validation: a larger validation set, so comparisons between models are less noisy.
    n_train : int, optional
        Keep only this many training rows (stratified), e.g. to make a network overfit.
    standardize : bool, default False
        Standardise each feature with a scaler fitted on the training split only.
    label_noise : float in [0, 0.9], default 0
        Give this share of the *training* rows a wrong label (another class, drawn at random,
        seeded): a network that memorises them shows overfitting clearly. Validation and test
        labels stay correct.
    seed : int, default 0
        Draws the training and validation rows (and ``n_train``'s subset, and which labels
        ``label_noise`` changes). The test rows are the same for every seed (:data:`TEST_SEED`).

    Returns
    -------
    Split
        ``x_*`` of shape (n, 64), ``y_*`` of shape (n,).

    Raises
    ------
    TypeError, ValueError
        On a bad argument, with one line naming it.

    Examples
    --------
    >>> split = load_digits_split(seed=0)
    >>> split.x_train.shape
    (1077, 64)
    >>> splits = {seed: load_digits_split(seed=seed) for seed in (0, 1, 2)}  # one split per seed
    >>> bool((splits[0].y_test == splits[1].y_test).all())  # the same test rows
    True
    """
    bunch = sk_datasets.load_digits()
    return _split(
        "digits",
        bunch.data / 16.0,
        bunch.target,
        tuple(f"pixel_{r}_{c}" for r in range(8) for c in range(8)),
        tuple(str(k) for k in range(10)),
        func="load_digits_split",
        label_noise=label_noise,
        **_split_options(locals()),
    )


def _bundled_split(name: str, bunch: Bunch, func: str, arguments: dict) -> Split:
    """A scikit-learn bundled set (raw features) split as its loader's arguments say."""
    return _split(
        name,
        bunch.data,
        bunch.target,
        tuple(str(n) for n in bunch.feature_names),
        tuple(str(n) for n in bunch.target_names),
        func=func,
        **_split_options(arguments),
    )


def load_breast_cancer_split(
    *,
    val_size: float | str = 0.2,
    test_size: float = 0.2,
    n_train: int | None = None,
    standardize: bool = False,
    seed: int = 0,
) -> Split:
    """Breast cancer Wisconsin (569 rows, 30 features on very different scales, 2 classes).

    Features are raw (no scaling) unless ``standardize=True``.

    Parameters
    ----------
    val_size, test_size, n_train, standardize, seed
        As for :func:`load_digits_split` (there is no ``label_noise`` here).

    Returns
    -------
    Split
        ``x_*`` of shape (n, 30), ``y_*`` of shape (n,); default sizes 341 / 114 / 114 rows.
    """
    return _bundled_split("breast cancer", sk_datasets.load_breast_cancer(), "load_breast_cancer_split", locals())


def load_wine_split(
    *,
    val_size: float | str = 0.2,
    test_size: float = 0.2,
    n_train: int | None = None,
    standardize: bool = False,
    seed: int = 0,
) -> Split:
    """Wine recognition (178 rows, 13 chemical measurements on very different scales, 3 cultivars).

    Features are raw (no scaling) unless ``standardize=True``. Small: the default split has 106
    training, 36 validation and 36 test rows, so one test row is 2.8 points of accuracy.

    Parameters
    ----------
    val_size, test_size, n_train, standardize, seed
        As for :func:`load_digits_split` (there is no ``label_noise`` here).

    Returns
    -------
    Split
        ``x_*`` of shape (n, 13), ``y_*`` of shape (n,).
    """
    return _bundled_split("wine", sk_datasets.load_wine(), "load_wine_split", locals())


def load_moons_split(
    *,
    n_samples: int = 1000,
    noise: float = 0.25,
    val_size: float | str = 0.2,
    test_size: float = 0.2,
    n_train: int | None = None,
    standardize: bool = False,
    seed: int = 0,
) -> Split:
    """Two interleaving half-moons in 2-D, generated (2 classes); good for decision-region plots.

    Parameters
    ----------
    n_samples : int in [50, 100000], default 1000
        Points generated in all (once, with :data:`TEST_SEED`; ``seed`` only draws the split).
    noise : float in [0, 1], default 0.25
        Standard deviation of the Gaussian noise added to the points.
    val_size, test_size, n_train, standardize, seed
        As for :func:`load_digits_split` (there is no ``label_noise`` here).

    Returns
    -------
    Split
        ``x_*`` of shape (n, 2), ``y_*`` of shape (n,).
    """
    func = "load_moons_split"
    check_int(n_samples, "n_samples", func, low=50, high=100_000)
    check_number(noise, "noise", func, low=0.0, high=1.0)
    check_int(seed, "seed", func, low=0, high=2**32 - 1)
    # the points are generated once (TEST_SEED): the seed draws the split, as for the bundled sets
    x, y = sk_datasets.make_moons(n_samples=n_samples, noise=noise, random_state=TEST_SEED)
    return _split(
        "moons",
        x,
        y,
        ("x1", "x2"),
        ("0", "1"),
        func=func,
        **_split_options(locals()),
    )


@functools.cache
def _mnist1d() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST-1D series with the package's default arguments, generated once per process (about 2 s).

    ``make_dataset`` seeds Python's and numpy's global generators (``mnist1d.utils.set_seed``); their
    states are restored afterwards, so loading the data changes nothing else's random numbers.
    """
    from mnist1d.data import make_dataset  # noqa: PLC0415 - only when MNIST-1D is asked for (it imports matplotlib)

    numpy_state, python_state = np.random.get_state(), random.getstate()
    try:
        data = make_dataset()  # its default arguments: 5,000 series of 40 values, the generator's seed 42
    finally:
        np.random.set_state(numpy_state)
        random.setstate(python_state)
    x = np.concatenate([data["x"], data["x_test"]])
    y = np.concatenate([data["y"], data["y_test"]])
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def load_mnist1d_split(
    *,
    val_size: float | str = 0.2,
    test_size: float = 0.2,
    n_train: int | None = None,
    standardize: bool = False,
    seed: int = 0,
) -> Split:
    """MNIST-1D (Greydanus, 2020): 5,000 one-dimensional "digits", 40 values each, 10 classes, generated offline.

    Each series is one of ten 1-D templates, padded, sheared, scaled, shifted and noised by the
    ``mnist1d`` package's ``make_dataset`` with its default arguments (the set its authors publish).
    Harder than the 8×8 digits: its authors report about 32 % test accuracy for logistic regression,
    68 % for an MLP and 94 % for a small convolutional network. As every loader here, the 1,000 test
    series are drawn once (:data:`TEST_SEED`, stratified) and the seed draws training and validation
    from the other 4,000 (the package's own split keeps its last 1,000 for testing).

    Parameters
    ----------
    val_size, test_size, n_train, standardize, seed
        As for :func:`load_digits_split` (there is no ``label_noise`` here). The values are already
        centred and scaled overall by the generator.

    Returns
    -------
    Split
        ``x_*`` of shape (n, 40), ``y_*`` of shape (n,); by default 3,000 training, 1,000 validation and
        1,000 test series.
    """
    func = "load_mnist1d_split"
    options = _split_options(locals())
    _check_split_options(func, **options, label_noise=0.0, n_rows=5_000)  # before the first call's 2 s of generating
    x, y = _mnist1d()
    return _split("mnist1d", x, y, tuple(f"t{k}" for k in range(x.shape[1])), tuple(str(k) for k in range(10)),
                  func=func, **options)


DATASETS = {
    "digits": load_digits_split,
    "mnist1d": load_mnist1d_split,
    "breast_cancer": load_breast_cancer_split,
    "wine": load_wine_split,
    "moons": load_moons_split,
}


def load_split(name: str, **options) -> Split:
    """Load a data set by name (``"digits"``, ``"breast_cancer"``, ``"wine"``, ``"moons"``, ``"mnist1d"``); options
    as its loader.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.
    **options
        Keyword arguments of that loader (e.g. ``seed=3, n_train=300``).

    Returns
    -------
    Split
    """
    check_choice(name, "name", "load_split", DATASETS)
    return DATASETS[name](**options)
