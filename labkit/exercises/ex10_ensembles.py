"""Checks for notebook 10 (ensembles): a majority vote compared with ``scipy.stats.mode``, and a pairwise
correlation matrix compared with ``np.corrcoef`` (which is what ``scipy.stats.pearsonr`` gives per pair). Both are
to be written by hand: the answers may not call those functions (nor ``np.cov``)."""
from __future__ import annotations

import contextlib

import numpy as np
from scipy import stats

from labkit.checks import CheckResult, expect, expect_close, forbid, run_check

__all__ = ["check_majority_vote", "check_pairwise_correlation"]

HINT_VOTE = (
    "work down each column (one sample, one vote per member): count how many members gave each label, then take "
    "the label with the most votes, the smallest label when several share the most",
    "for sample j and label k: count_kj = #{i : p_ij = k}; the vote is the smallest k with count_kj = max_k' "
    "count_k'j",
)

HINT_CORRELATION = (
    "each member is a row: centre each row on its own mean, then a correlation is the dot product of two centred "
    "rows divided by the product of their lengths (so the diagonal is 1, and the n's cancel)",
    "r_ab = Σ_j (x_aj − x̄_a)(x_bj − x̄_b) / (√(Σ_j (x_aj − x̄_a)²) · √(Σ_j (x_bj − x̄_b)²))",
)


def _votes():
    yield np.array([[1, 1, 1, 1, 1, 1, 1, 1, 0, 0], [0, 1, 1, 1, 0, 1, 1, 1, 0, 1],
                    [1, 0, 0, 0, 1, 0, 1, 1, 1, 1]])  # [A]'s trio
    yield np.array([[0, 1, 2, 3], [1, 1, 2, 0], [2, 2, 2, 3]])  # three classes and more; ties go to the smallest label
    yield np.array([[3, 3, 1, 0, 9], [1, 3, 1, 0, 9], [1, 2, 0, 9, 9], [3, 2, 0, 9, 1]])  # four members, two-two ties
    yield np.array([[2, 5, 0], [1, 5, 7], [0, 3, 7]])  # three-way ties, the first member's label is not the smallest
    yield np.array([[4, 0, 2, 2, 1, 6]])  # one member: its own labels
    yield np.array([[5], [5], [1], [1], [8]])  # one sample; a tie between 5 and 1
    yield np.array([[7, 7], [7, 7], [7, 7]])  # all members agree on a label above 1
    rng = np.random.default_rng(10)
    for members, samples, classes in ((5, 40, 10), (7, 25, 3), (2, 30, 4), (6, 6, 5)):
        yield rng.integers(0, classes, size=(members, samples))


def check_majority_vote(majority_vote) -> CheckResult:
    """``majority_vote(predictions)``: predictions (n_members, n_samples) → most common label per sample,
    ties to the smallest label, as ``scipy.stats.mode(predictions, axis=0)``."""

    def test(answer):
        for votes in _votes():
            want = stats.mode(votes.copy(), axis=0).mode
            with forbid(stats, "mode", "scipy.stats.mode"):
                got = np.asarray(answer(votes))
            expect(got.shape == want.shape,
                   f"for predictions of shape {votes.shape} (members, samples) return one label per "
                   f"sample, shape {want.shape}; got shape {got.shape}")
            wrong = np.flatnonzero(got != want)
            expect(wrong.size == 0,
                   f"sample {wrong[:1].tolist()} with votes {votes[:, wrong[:1]].ravel().tolist()}: you returned "
                   f"{got[wrong[:1]].tolist()}, the majority (ties to the smallest label) is "
                   f"{want[wrong[:1]].tolist()}")

    return run_check("10.1 majority vote", majority_vote, test, hint=HINT_VOTE)


def _by_hand():
    stack = contextlib.ExitStack()
    stack.enter_context(forbid(np, "corrcoef", "np.corrcoef"))
    stack.enter_context(forbid(np, "cov", "np.cov"))
    stack.enter_context(forbid(stats, "pearsonr", "scipy.stats.pearsonr"))
    return stack


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
        cases.append(rng.normal(size=(4, 4)) + np.array([[5.0], [-2.0], [0.0], [10.0]]))  # square, members' own means
        cases.append(rng.normal(size=(5, 3)) * [[1.0], [2.0], [0.5], [3.0], [1.0]] + 4.0)  # more members than samples
        cases.append(np.array([[1.0, 2.0, 3.0, 4.0], [8.0, 6.0, 4.0, 2.0], [2.0, 2.0, 2.0, 3.0]]))  # exactly ±1
        for outputs in cases:
            want = np.corrcoef(outputs.copy())
            with _by_hand():
                got = np.asarray(answer(outputs), dtype=float)
            expect(got.shape == want.shape, f"for outputs of shape {outputs.shape} (members, samples) return a "
                   f"{want.shape[0]}×{want.shape[1]} matrix (one row and column per member); got shape {got.shape}")
            expect_close(got, want, f"correlation matrix of {outputs.shape[0]} members with {outputs.shape[1]} samples "
                         "each, against np.corrcoef", rtol=1e-6, atol=1e-9)
        first = cases[0]
        want = stats.pearsonr(first[0], first[1]).statistic
        with _by_hand():
            got = np.asarray(answer(first))[0, 1]
        expect(np.isclose(got, want), "entry [0, 1] differs from scipy.stats.pearsonr of members 0 and 1")

    return run_check("10.2 pairwise correlation", pairwise_correlation, test, hint=HINT_CORRELATION)
