"""Checks for notebook 00 (start here: baseline and diagnosis)."""
from __future__ import annotations

import numpy as np
from sklearn.dummy import DummyClassifier

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_majority_baseline", "check_split_three_ways"]


def check_split_three_ways(split_three_ways) -> CheckResult:
    """``split_three_ways(n_rows, seed)`` → (train_idx, val_idx, test_idx), 60/20/20, shuffled, disjoint."""

    def test(answer):
        for n_rows, seed in ((100, 0), (1797, 1), (53, 2)):
            parts = answer(n_rows, seed)
            expect(isinstance(parts, tuple) and len(parts) == 3,
                   "return a tuple of three index arrays (train, val, test)")
            train, val, test = (np.asarray(p) for p in parts)
            sizes = (len(train), len(val), len(test))
            want = (n_rows - 2 * round(0.2 * n_rows), round(0.2 * n_rows), round(0.2 * n_rows))
            expect(
                all(abs(a - b) <= 1 for a, b in zip(sizes, want, strict=True)),
                f"for {n_rows} rows the sizes are {sizes}; expected about {want} (60/20/20)",
            )
            together = np.concatenate([train, val, test])
            expect(len(np.unique(together)) == len(together), "some rows are in two parts: the parts must not overlap")
            expect(set(together.tolist()) == set(range(n_rows)),
                   f"every row 0 .. {n_rows - 1} must be in exactly one part")
            blocks = [np.array_equal(np.sort(p), np.arange(np.min(p), np.min(p) + len(p)))
                      for p in (train, val, test) if len(p)]
            expect(not any(blocks), "a part is a block of consecutive rows: shuffle first (data sets are often sorted)")
        first, again = answer(100, 0), answer(100, 0)
        # strict=False: both are the learner's answers; comparing them part by part, as far as both go, is the test
        expect(all(np.array_equal(a, b) for a, b in zip(first, again, strict=False)),
               "the same seed must give the same split")

    return run_check(
        "00.1 train/validation/test split",
        split_three_ways,
        test,
        hint="shuffle the row numbers with np.random.default_rng(seed).permutation(n_rows), then cut 20 % for test, "
             "20 % for validation",
    )


def check_majority_baseline(majority_baseline_accuracy) -> CheckResult:
    """``majority_baseline_accuracy(y_train, y_test)`` → accuracy of always predicting train's most common class."""

    def test(answer):
        cases = [
            (np.array([0, 0, 0, 1, 1, 2]), np.array([1, 1, 1, 0, 2])),  # test majority differs from train's
            (np.array([3, 3, 1, 3]), np.array([3, 1, 1, 3, 3, 3, 2, 0])),
            (np.array([1, 2, 2]), np.array([2, 2, 2])),
        ]
        for y_train, y_test in cases:
            got = answer(y_train.copy(), y_test.copy())
            dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(y_train), 1)), y_train)
            want = dummy.score(np.zeros((len(y_test), 1)), y_test)
            expect(np.ndim(got) == 0, f"return one number (an accuracy between 0 and 1); got {type(got).__name__}")
            expect(0.0 <= float(got) <= 1.0, f"an accuracy is between 0 and 1; got {float(got):.3g}")
            expect_close(got, want, f"for y_train={y_train.tolist()}, y_test={y_test.tolist()} the accuracy")

    return run_check(
        "00.2 majority-class baseline",
        majority_baseline_accuracy,
        test,
        hint="find the most common label of y_train (np.bincount(...).argmax()), then the share of y_test equal to it",
    )
