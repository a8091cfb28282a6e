"""Checks for notebook 10 (ensembles): a majority vote compared with ``scipy.stats.mode``, and a pairwise
correlation matrix compared with ``np.corrcoef`` (which is what ``scipy.stats.pearsonr`` gives per pair)."""
from __future__ import annotations

import numpy as np
from scipy import stats

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_majority_vote", "check_pairwise_correlation"]


def _votes():
    yield np.array([[1, 1, 1, 1, 1, 1, 1, 1, 0, 0], [0, 1, 1, 1, 0, 1, 1, 1, 0, 1],
                    [1, 0, 0, 0, 1, 0, 1, 1, 1, 1]])  # [A]'s trio
    yield np.array([[0, 1, 2, 3], [1, 1, 2, 0], [2, 2, 2, 3]])  # three classes and more; ties go to the smallest label
    yield np.array([[3, 3, 1, 0, 9], [1, 3, 1, 0, 9], [1, 2, 0, 9, 9], [3, 2, 0, 9, 1]])  # four members, two-two ties
    rng = np.random.default_rng(10)
    for members, samples, classes in ((5, 40, 10), (7, 25, 3), (2, 30, 4)):
        yield rng.integers(0, classes, size=(members, samples))


def check_majority_vote(majority_vote) -> CheckResult:
    """``majority_vote(predictions)``: predictions (n_members, n_samples) → most common label per sample,
    ties to the smallest label, as ``scipy.stats.mode(predictions, axis=0)``."""

    def test(answer):
        for votes in _votes():
            want = stats.mode(votes, axis=0).mode
            got = np.asarray(answer(votes.copy()))
            expect(got.shape == want.shape,
                   f"for predictions of shape {votes.shape} (members, samples) return one label per "
                   f"sample, shape {want.shape}; got shape {got.shape}")
            wrong = np.flatnonzero(got != want)
            expect(wrong.size == 0,
                   f"sample {wrong[:1].tolist()} with votes {votes[:, wrong[:1]].ravel().tolist()}: you returned "
                   f"{got[wrong[:1]].tolist()}, scipy.stats.mode gives {want[wrong[:1]].tolist()}")

    return run_check(
        "10.1 majority vote",
        majority_vote,
        test,
        hint="count each label's votes down each column (np.bincount per column, or == label summed over axis 0), "
        "then take argmax: it picks the smallest label among ties",
    )


def check_pairwise_correlation(pairwise_correlation) -> CheckResult:
    """``pairwise_correlation(outputs)``: outputs (n_members, n_samples) → Pearson correlation matrix
    (n_members, n_members), as ``np.corrcoef(outputs)``."""

    def test(answer):
        rng = np.random.default_rng(11)
        cases = [np.array([[1, 1, 1, 1, 1, 1, 1, 1, 0, 0], [0, 1, 1, 1, 0, 1, 1, 1, 0, 1],
                           [1, 0, 0, 0, 1, 0, 1, 1, 1, 1]], dtype=float)]
        shared = rng.normal(size=50)
        cases.append(np.stack([shared + rng.normal(scale=s, size=50) + 3.0
                               for s in (0.2, 1.0, 3.0, 0.5)]))  # not centred
        cases.append(rng.random((2, 8)) * 10)
        for outputs in cases:
            want = np.corrcoef(outputs)
            got = np.asarray(answer(outputs.copy()), dtype=float)
            expect(got.shape == want.shape, f"for outputs of shape {outputs.shape} (members, samples) return a "
                   f"{want.shape[0]}×{want.shape[1]} matrix (one row and column per member); got shape {got.shape}")
            expect_close(got, want, f"correlation matrix of {outputs.shape[0]} members, against np.corrcoef", rtol=1e-6,
                         atol=1e-9)
        first = cases[0]
        expect(np.isclose(np.asarray(answer(first))[0, 1], stats.pearsonr(first[0], first[1]).statistic),
               "entry [0, 1] differs from scipy.stats.pearsonr of members 0 and 1")

    return run_check(
        "10.2 pairwise correlation",
        pairwise_correlation,
        test,
        hint="subtract each member's mean (row mean), take the dot products between rows, divide by the product of "
        "the two rows' norms; the diagonal is then 1",
    )
