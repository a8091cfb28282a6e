"""Exercise checks: "not yet", "wrong, and here is what differs", or a tick. Never raises for the learner.

An exercise is a stub the learner fills in; its check calls the learner's function on test cases:

- the stub unchanged (its body is only ``...``, ``pass``, ``None`` or a docstring, or it raises
  ``NotImplementedError``) → **not yet**;
- a written function that returns None ("did you forget ``return``?"), changes its inputs (arrays, lists, dicts) in
  place, ignores the random generator it is given, calls a function the exercise says to do by hand
  (:func:`forbid`), fails a case or raises → **wrong**, with what differs and a hint;
- every case passes → **✓**.

Hints are graded: a check gives ``hint=(idea, formula)``; the first wrong answer shows the idea, later
ones the idea and the formula (counted per exercise in this kernel). A hint never gives the line of code.

The check returns a :class:`CheckResult` that displays as one friendly line, so a notebook's
"Run All" never stops at an exercise. Each notebook's checks live in ``labkit.exercises``.
"""
from __future__ import annotations

import contextlib
import copy
import dis
import inspect
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["CheckResult", "Wrong", "compare_prediction", "expect", "expect_close", "expect_uses_rng", "forbid",
           "run_check"]

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


def expect_uses_rng(call: Callable[[np.random.Generator], Any], what: str) -> None:
    """Inside a check: ``call(rng)`` must draw from the generator it is given, and only from it.

    Three things are checked: the generator's state moves (it was used); the same seed gives the same
    result (nothing else random, no clock); two seeds give different results (no generator seeded inside,
    no fixed cycle).

    Parameters
    ----------
    call : callable
        ``call(rng)`` runs the learner's function with the generator ``rng`` and returns its result.
    what : str
        What the result is, for the messages (e.g. ``"the mask"``).

    Raises
    ------
    Wrong
        Naming which of the three failed.
    """
    rng = np.random.default_rng(101)
    before = rng.bit_generator.state
    first = np.asarray(call(rng), dtype=float)
    expect(rng.bit_generator.state != before,
           f"your function did not draw from the rng it was given: use that generator for {what}")
    again = np.asarray(call(np.random.default_rng(101)), dtype=float)
    expect(first.shape == again.shape and np.array_equal(first, again, equal_nan=True),
           f"the same rng seed gave a different {what}: draw only from the rng you are given")
    other = np.asarray(call(np.random.default_rng(202)), dtype=float)
    expect(first.shape != other.shape or not np.array_equal(first, other, equal_nan=True),
           f"two different generators gave the same {what}: draw from the rng you are given, do not seed your own")


@contextlib.contextmanager
def forbid(owner: object, name: str, label: str | None = None) -> Iterator[None]:
    """Inside a check: the exercise is to be done by hand, so calling ``owner.name`` is a wrong answer.

    Parameters
    ----------
    owner : module or object
        Where the function lives, e.g. ``numpy``.
    name : str
        Its attribute name, e.g. ``"corrcoef"``.
    label : str, optional
        How to name it in the message (default ``"<owner>.<name>"``).
    """
    original = getattr(owner, name)
    shown = label or f"{getattr(owner, '__name__', type(owner).__name__)}.{name}"

    def refuse(*args: object, **kwargs: object) -> None:
        raise Wrong(f"this exercise asks you to compute it by hand, without calling {shown}")

    setattr(owner, name, refuse)
    try:
        yield
    finally:
        setattr(owner, name, original)


def _is_stub(function: Callable) -> bool:
    """True if the function's body does nothing: only ``...``, ``pass``, ``None`` or a docstring."""
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_CONST", "RETURN_CONST"):
            if instruction.argval is not None and instruction.argval is not Ellipsis:
                return False
        elif instruction.opname not in ("RESUME", "NOP", "RETURN_VALUE", "POP_TOP", "CACHE"):
            return False
    return True


_PLAIN = (str, bytes, int, float, complex, bool, type(None), np.generic)


def _watchable(value: object, depth: int = 0) -> bool:
    """True for arrays and (nested) lists, tuples and dicts of arrays and plain values: what a check can copy."""
    if isinstance(value, (np.ndarray, *_PLAIN)):
        return True
    if depth < 4 and isinstance(value, (list, tuple)):
        return all(_watchable(item, depth + 1) for item in value)
    if depth < 4 and isinstance(value, dict):
        return all(_watchable(item, depth + 1) for item in value.values())
    return False


def _same(value: object, copy: object) -> bool:
    """``value`` equals the copy taken before the call (arrays: shape, dtype and entries, NaN equal to NaN)."""
    if isinstance(copy, np.ndarray):
        return (isinstance(value, np.ndarray) and value.shape == copy.shape and value.dtype == copy.dtype
                and np.array_equal(value, copy, equal_nan=copy.dtype.kind in "fc"))
    if isinstance(copy, (list, tuple)):
        return (type(value) is type(copy) and len(value) == len(copy)
                and all(_same(a, b) for a, b in zip(value, copy, strict=True)))
    if isinstance(copy, dict):
        return (isinstance(value, dict) and list(value) == list(copy)
                and all(_same(value[k], copy[k]) for k in copy))
    if isinstance(copy, float) and copy != copy:  # NaN
        return isinstance(value, float) and value != value
    return type(value) is type(copy) and bool(value == copy)


def _watched(function: Callable, args: tuple, kwargs: dict) -> list[tuple[str, object, object]]:
    """(name, the value passed, a deep copy of it) for each argument the answer could change in place: arrays,
    and lists, tuples or dicts holding arrays or plain values (a list of gradients, a list of trial dicts)."""
    try:
        named = inspect.signature(function).bind(*args, **kwargs).arguments.items()
    except (TypeError, ValueError):
        named = [(f"argument {k + 1}", a) for k, a in enumerate(args)] + list(kwargs.items())
    return [(name, value, copy.deepcopy(value)) for name, value in named
            if isinstance(value, (np.ndarray, list, tuple, dict)) and _watchable(value)]


def _guarded(function: Callable, *, allow_mutation: bool, none_ok: bool = False) -> Callable:
    stub = _is_stub(function)

    def call(*args: object, **kwargs: object) -> object:
        if stub:
            raise _NotAttempted
        watched = [] if allow_mutation else _watched(function, args, kwargs)
        try:
            result = function(*args, **kwargs)
        except NotImplementedError as error:
            raise _NotAttempted from error
        for name, value, before in watched:
            expect(_same(value, before), f"your function changed its input `{name}` in place; leave the inputs as "
                                         "they are and return a new value")
        if result is Ellipsis or (result is None and not none_ok):
            raise Wrong("your function returned None — did you forget `return`? (or a path that returns nothing)")
        return result

    return call


_MISSES: dict[str, int] = {}


def _hint(exercise: str, hint: str | tuple[str, str]) -> str:
    """The idea on the first wrong answer to ``exercise``; the idea and the formula after that."""
    if isinstance(hint, str):
        return hint
    misses = _MISSES[exercise] = _MISSES.get(exercise, 0) + 1
    idea, formula = hint
    return idea if misses == 1 else f"{idea} — {formula}"


def run_check(exercise: str, answer: Any, test: Callable[[Callable], None], *, hint: str | tuple[str, str],
              allow_mutation: bool = False, none_ok: bool = False) -> CheckResult:
    """Run ``test`` on the learner's function ``answer`` and turn what happens into a CheckResult.

    Parameters
    ----------
    exercise : str
        Title shown in the result, e.g. ``"01.1 He initialization"``.
    answer : callable
        The learner's function. An untouched stub, or one that raises NotImplementedError, means "not yet".
    test : callable
        ``test(guarded_answer)``: calls it on cases and uses :func:`expect` / :func:`expect_close`.
    hint : str or (str, str)
        Shown after a wrong answer: ``(idea, formula)`` gives the idea first and adds the formula from the
        second wrong answer on.
    allow_mutation : bool, default False
        If False, an answer that changes an argument in place is wrong (the exercises ask for new values): an
        array, or a list, tuple or dict of arrays and plain values, compared with a copy taken before the call.
    none_ok : bool, default False
        If True, None is a valid answer (e.g. "no epoch reaches it"); an untouched stub is still "not yet".
    """
    if not callable(answer):
        return CheckResult(exercise, "wrong",
                           f"expected a function, got {type(answer).__name__}. Hint: {_hint(exercise, hint)}")
    try:
        test(_guarded(answer, allow_mutation=allow_mutation, none_ok=none_ok))
    except _NotAttempted:
        return CheckResult(exercise, "not yet",
                           "not attempted yet — fill in the function above, run its cell, then this one.")
    except Wrong as difference:
        return CheckResult(exercise, "wrong", f"not quite: {difference}. Hint: {_hint(exercise, hint)}")
    except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
        where = traceback.extract_tb(error.__traceback__)[-1]
        return CheckResult(
            exercise,
            "wrong",
            f"your function raised {type(error).__name__}: {error} (line {where.lineno}). "
            f"Hint: {_hint(exercise, hint)}",
        )
    return CheckResult(exercise, "pass", "correct — well done.")


def compare_prediction(exercise: str, prediction: object, measured: Any, *, what: str, close: float,
                       unit: str = "points") -> CheckResult:
    """A predict-then-measure exercise: the learner's prediction beside the measurement over the seeds.

    The learner writes a number before running the experiment; this shows it beside what was measured
    (the mean over seeds and their range). Never raises.

    Parameters
    ----------
    exercise : str
        Title shown in the result, e.g. ``"00.3 predict: shuffled labels"``.
    prediction : float or None
        The learner's number; None (or ``...``) means "not predicted yet". With ``unit="points"`` a fraction
        (0.25 for 25 %), as the measurements are.
    measured : float or sequence of float
        The measurement, one value per seed.
    what : str
        What was predicted, e.g. ``"validation accuracy on shuffled labels"``.
    close : float
        How far from the mean (in the measurement's own scale) still counts as a good prediction.
    unit : {"points", "plain"}, default "points"
        "points" shows fractions as percentages.

    Returns
    -------
    CheckResult
        "not yet" without a prediction; "pass" within ``close`` of the mean; "wrong" otherwise.
    """
    values = np.atleast_1d(np.asarray(measured, dtype=float))
    mean = float(values.mean())

    def show(value: float) -> str:
        return f"{100 * value:.1f} %" if unit == "points" else f"{value:.3g}"

    spread = f"mean over {len(values)} seeds; {show(values.min())} to {show(values.max())}" if len(values) > 1 else ""
    measurement = f"measured {show(mean)}" + (f" ({spread})" if spread else "")
    if prediction is None or prediction is Ellipsis:
        return CheckResult(exercise, "not yet", f"write your prediction of the {what} above, then run this cell "
                                                f"again ({measurement} — but predict first)")
    if isinstance(prediction, bool) or not isinstance(prediction, (int, float, np.integer, np.floating)) or \
            not np.isfinite(prediction):
        return CheckResult(exercise, "wrong", f"write your prediction as a number"
                                              f"{' (a fraction: 0.25 for 25 %)' if unit == 'points' else ''}; "
                                              f"got {prediction!r}")
    if unit == "points" and 1 < abs(prediction) <= 100:
        return CheckResult(exercise, "wrong", f"write your prediction as a fraction (0.25 for 25 %), not "
                                              f"{prediction!r}; {measurement}")
    off = float(prediction) - mean
    if abs(off) <= close:
        return CheckResult(exercise, "pass", f"you predicted {show(float(prediction))}, {measurement}: close.")
    return CheckResult(exercise, "wrong", f"you predicted {show(float(prediction))}, {measurement}: "
                                          f"{'too high' if off > 0 else 'too low'} by {show(abs(off))}. "
                                          "What in the experiment did your prediction leave out?")
