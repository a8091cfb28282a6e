"""Checks for notebook 00 (start here: baseline and diagnosis)."""
from __future__ import annotations

import numpy as np
from sklearn import model_selection
from sklearn.dummy import DummyClassifier

from labkit.checks import CheckResult, Wrong, expect, expect_close, forbid, run_check

__all__ = ["check_majority_baseline", "check_split_three_ways"]

# Row counts whose 20 % is not a whole number (53, 7, 1797) and ones where it is (100, 10).
_SPLITS = ((100, 0), (1797, 1), (53, 2), (7, 3), (10, 4))


def _split_parts(answer, n_rows: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    parts = answer(n_rows, seed)
    expect(isinstance(parts, tuple) and len(parts) == 3, "return a tuple of three index arrays (train, val, test)")
    return tuple(np.asarray(p) for p in parts)


def check_split_three_ways(split_three_ways) -> CheckResult:
    """``split_three_ways(n_rows, seed)`` → (train_idx, val_idx, test_idx), 60/20/20, shuffled, disjoint.

    Any rounding is accepted: each part within 2 rows of its exact share (0.6, 0.2, 0.2 of ``n_rows``).
    """

    def test(answer):
        with forbid(model_selection, "train_test_split", "scikit-learn's train_test_split"):
            first = _split_parts(answer, 100, 0)
            if "train_test_split" in getattr(getattr(split_three_ways, "__code__", None), "co_names", ()):
                raise Wrong("this exercise asks you to split by hand, without calling scikit-learn's train_test_split")
            for n_rows, seed in _SPLITS:
                train, val, test = _split_parts(answer, n_rows, seed)
                sizes = (len(train), len(val), len(test))
                shares = (0.6 * n_rows, 0.2 * n_rows, 0.2 * n_rows)
                expect(
                    all(abs(size - share) <= 2 for size, share in zip(sizes, shares, strict=True)),
                    f"for {n_rows} rows the sizes (train, val, test) are {sizes}; expected about "
                    f"({shares[0]:g}, {shares[1]:g}, {shares[2]:g}), each within 2 rows (60/20/20)",
                )
                together = np.concatenate([train, val, test])
                expect(len(np.unique(together)) == len(together),
                       f"for {n_rows} rows some rows are in two parts: the parts must not overlap")
                expect(set(together.tolist()) == set(range(n_rows)),
                       f"every row 0 .. {n_rows - 1} must be in exactly one part")
                if n_rows >= 50:
                    blocks = [np.array_equal(np.sort(p), np.arange(np.min(p), np.min(p) + len(p)))
                              for p in (train, val, test) if len(p)]
                    expect(not any(blocks),
                           "a part is a block of consecutive rows: shuffle first (data sets are often sorted)")
            again = _split_parts(answer, 100, 0)
            expect(all(np.array_equal(a, b) for a, b in zip(first, again, strict=True)),
                   "the same seed gave a different split: shuffle with a generator made from `seed`, and only that")
            other = _split_parts(answer, 100, 1)
            expect(not all(np.array_equal(np.sort(a), np.sort(b)) for a, b in zip(first, other, strict=True)),
                   "seeds 0 and 1 gave the same split: make the generator from the `seed` you are given")

    return run_check(
        "00.1 train/validation/test split",
        split_three_ways,
        test,
        hint=("shuffle the row numbers 0 … n − 1 once, with a generator made from the seed, then cut the "
              "shuffled order into three consecutive pieces",
              "test and validation take about 0.2·n rows each (rounded), train the remaining ≈ 0.6·n"),
    )


# (y_train, y_test, what the case separates)
_BASELINE_CASES = (
    ([0, 0, 0, 1, 1, 2], [1, 1, 1, 0, 2]),  # test's majority differs from train's
    ([3, 3, 1, 3], [3, 1, 1, 3, 3, 3, 2, 0]),
    ([1, 2, 2], [2, 2, 2]),
    ([5, 1, 1, 4, 1, 5, 9], [1, 9, 9, 9, 5]),  # the mode (1) is not the first, the largest or the median label
    ([2, 2, 0, 0, 1], [2, 0, 0, 1, 1, 1]),  # a tie: 0 (smallest), not 2 (first seen); test's majority is 1
    ([4, 6, 6, 4, 7], [6, 6, 4]),  # a tie between 4 and 6, 6 seen first
    ([0, 1, 1, 1, 2, 2, 2, 2], [2, 0, 1, 1, 0, 0, 0, 0, 0]),  # training majority is the largest label
)


def check_majority_baseline(majority_baseline_accuracy) -> CheckResult:
    """``majority_baseline_accuracy(y_train, y_test)`` → accuracy of always predicting train's most common class.

    On a tie the smallest of the most common labels, as ``DummyClassifier(strategy="most_frequent")``.
    """

    def test(answer):
        for train_list, test_list in _BASELINE_CASES:
            y_train, y_test = np.array(train_list), np.array(test_list)
            dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(train_list), 1)), train_list)
            want = dummy.score(np.zeros((len(test_list), 1)), test_list)
            got = answer(y_train, y_test)
            expect(np.ndim(got) == 0, f"return one number (an accuracy between 0 and 1); got {type(got).__name__}")
            expect(0.0 <= float(got) <= 1.0, f"an accuracy is between 0 and 1; got {float(got):.3g}")
            expect_close(got, want, f"for y_train={train_list}, y_test={test_list} the accuracy")

    return run_check(
        "00.2 majority-class baseline",
        majority_baseline_accuracy,
        test,
        hint=("the 'model' is decided on the training labels alone: the label that occurs most often in y_train "
              "(on a tie, the smallest such label); then score that one constant prediction on y_test",
              "accuracy = (number of test rows whose label equals m) / (number of test rows), "
              "m = the most frequent training label"),
    )
