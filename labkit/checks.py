"""Exercise checks: "not yet", "wrong, and here is what differs", or a tick. Never raises for the learner.

An exercise is a stub the learner fills in; its check calls the learner's function on test cases:

- the stub unchanged (its body is ``...``, it returns None, or raises ``NotImplementedError``)
  → **not yet**;
- a case fails, or the function raises → **wrong**, with what differs and a hint;
- every case passes → **✓**.

The check returns a :class:`CheckResult` that displays as one friendly line, so a notebook's
"Run All" never stops at an exercise. Each notebook's checks live in ``labkit.exercises``.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["CheckResult", "Wrong", "expect", "expect_close", "run_check"]

STATUSES = ("not yet", "wrong", "pass")


class Wrong(Exception):
    """Raised inside a check when the learner's answer differs; the message says how."""


class _NotAttempted(Exception):
    pass


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one exercise check; displays as one line."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __repr__(self) -> str:
        icon = {"pass": "✓", "wrong": "✗", "not yet": "…"}[self.status]
        return f"{icon} {self.exercise}: {self.message}"


def expect(condition: bool, what_differs: str) -> None:
    """Inside a check: if ``condition`` is false, the answer is wrong because ``what_differs``.

    Parameters
    ----------
    condition : bool
        Anything ``bool()`` accepts.
    what_differs : str
        Shown to the learner as ``not quite: <what_differs>``.

    Raises
    ------
    Wrong
        If ``condition`` is false; :func:`run_check` turns it into a "wrong" result.
    """
    if not bool(condition):
        raise Wrong(what_differs)


def expect_close(got: Any, want: Any, what: str, *, rtol: float = 1e-5, atol: float = 1e-8) -> None:
    """Inside a check: ``got`` must have ``want``'s shape and be close to it.

    Parameters
    ----------
    got, want : array_like
        The learner's value and the expected one, compared as float arrays.
    what : str
        What ``got`` is, for the message (e.g. ``"the output"``).
    rtol, atol : float, default 1e-5 and 1e-8
        Tolerances of ``numpy.allclose``.

    Raises
    ------
    Wrong
        On a different shape, or else naming the worst-off value and its index.
    """
    got_array = np.asarray(got, dtype=float)
    want_array = np.asarray(want, dtype=float)
    expect(got_array.shape == want_array.shape, f"{what} has shape {got_array.shape}; expected {want_array.shape}")
    if not np.allclose(got_array, want_array, rtol=rtol, atol=atol):
        worst = np.unravel_index(np.argmax(np.abs(got_array - want_array)), got_array.shape) if got_array.ndim else ()
        raise Wrong(
            f"{what} differs: got {np.round(got_array[worst], 6)} where {np.round(want_array[worst], 6)} was expected"
            + (f" (at index {tuple(int(i) for i in worst)})" if worst else "")
        )


def _guarded(function: Callable) -> Callable:
    def call(*args, **kwargs):
        try:
            result = function(*args, **kwargs)
        except NotImplementedError as error:
            raise _NotAttempted from error
        if result is None or result is Ellipsis:
            raise _NotAttempted
        return result

    return call


def run_check(exercise: str, answer: Any, test: Callable[[Callable], None], *, hint: str) -> CheckResult:
    """Run ``test`` on the learner's function ``answer`` and turn what happens into a CheckResult.

    Parameters
    ----------
    exercise : str
        Title shown in the result, e.g. ``"01.1 He initialization"``.
    answer : callable
        The learner's function. Calls that return None or raise NotImplementedError mean "not yet".
    test : callable
        ``test(guarded_answer)``: calls it on cases and uses :func:`expect` / :func:`expect_close`.
    hint : str
        Shown after a wrong answer.
    """
    if not callable(answer):
        return CheckResult(exercise, "wrong", f"expected a function, got {type(answer).__name__}. Hint: {hint}")
    try:
        test(_guarded(answer))
    except _NotAttempted:
        return CheckResult(exercise, "not yet",
                           "not attempted yet — fill in the function above, run its cell, then this one.")
    except Wrong as difference:
        return CheckResult(exercise, "wrong", f"not quite: {difference}. Hint: {hint}")
    except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
        where = traceback.extract_tb(error.__traceback__)[-1]
        return CheckResult(
            exercise,
            "wrong",
            f"your function raised {type(error).__name__}: {error} (line {where.lineno}). Hint: {hint}",
        )
    return CheckResult(exercise, "pass", "correct — well done.")
