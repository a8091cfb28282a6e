"""Argument checks for labkit's public functions: one message pattern, one line.

Every check raises ``LabkitValueError`` or ``LabkitTypeError`` (subclasses of ``ValueError`` and
``TypeError``) with the message

    The 'rate' argument of build_mlp must be a number in [0, 1). Got 1.5 instead.

In Jupyter, ``labkit.setup`` shows these as that single line instead of a traceback.
"""
from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np


class LabkitInputError(Exception):
    """Marker base class: a learner passed a bad argument to a labkit function."""


class LabkitValueError(LabkitInputError, ValueError):
    """A labkit argument has the right type but a bad value."""


class LabkitTypeError(LabkitInputError, TypeError):
    """A labkit argument has the wrong type."""


def _show(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def message(name: str, func: str, expected: str, got: Any) -> str:
    return f"The '{name}' argument of {func} must be {expected}. Got {_show(got)} instead."


def fail(name: str, func: str, expected: str, got: Any, *, kind: type = LabkitValueError) -> None:
    """Raise labkit's error for a bad argument; ``kind`` TypeError or ValueError picks the labkit subclass."""
    if not issubclass(kind, LabkitInputError):
        kind = LabkitTypeError if issubclass(kind, TypeError) else LabkitValueError
    raise kind(message(name, func, expected, got))


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is None and high is None:
        return ""
    low_text, high_text = (None if v is None else f"{v:g}" for v in (low, high))
    if high is None:
        return f" {'>' if low_open else '>='} {low_text}"
    if low is None:
        return f" {'<' if high_open else '<='} {high_text}"
    return f" in {'(' if low_open else '['}{low_text}, {high_text}{')' if high_open else ']'}"


def check_int(value: Any, name: str, func: str, *, low: int | None = None, high: int | None = None) -> int:
    expected = "an int" + _range_text(low, high, False, False)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        fail(name, func, expected, value, kind=LabkitTypeError)
    if (low is not None and value < low) or (high is not None and value > high):
        fail(name, func, expected, value)
    return int(value)


def check_number(
    value: Any,
    name: str,
    func: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    expected = "a number" + _range_text(low, high, low_open, high_open)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        fail(name, func, expected, value, kind=LabkitTypeError)
    number = float(value)
    if not np.isfinite(number):
        fail(name, func, "a finite " + expected.removeprefix("a "), value)
    if low is not None and (number < low or (low_open and number == low)):
        fail(name, func, expected, value)
    if high is not None and (number > high or (high_open and number == high)):
        fail(name, func, expected, value)
    return number


def check_choice(value: Any, name: str, func: str, choices: Iterable[str]) -> str:
    options = list(choices)
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(repr(option) for option in options)
        fail(name, func, f"one of {listed}", value)
    return value


def check_bool(value: Any, name: str, func: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        fail(name, func, "True or False", value, kind=LabkitTypeError)
    return bool(value)


def check_array(
    value: Any,
    name: str,
    func: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    min_rows: int = 1,
    dtype: type = np.float32,
) -> np.ndarray:
    """Return ``value`` as a finite numeric array with the given number of dimensions."""
    dims = (ndim,) if isinstance(ndim, int) else ndim
    want = "a numeric array" if dims is None else f"a {' or '.join(f'{d}-D' for d in dims)} numeric array"
    try:
        array = np.asarray(value)
    except Exception:  # ragged lists and the like
        fail(name, func, want, value, kind=LabkitTypeError)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        fail(name, func, want, value, kind=LabkitTypeError)
    if dims is not None and array.ndim not in dims:
        fail(name, func, want, array)
    if array.ndim >= 1 and array.shape[0] < min_rows:
        fail(name, func, f"{want} with at least {min_rows} row(s)", array)
    array = array.astype(dtype, copy=False)
    if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        fail(name, func, f"{want} without NaN or infinity", "an array containing NaN or infinity")
    return array


def check_labels(value: Any, name: str, func: str) -> np.ndarray:
    """Return ``value`` as a 1-D int32 array of class labels; floats only when every one is a whole number."""
    array = check_array(value, name, func, ndim=1, dtype=np.float64)
    if not np.all(array == np.round(array)):
        fail(name, func, "a 1-D array of integer class labels (0, 1, 2 ...)", "labels that are not whole numbers")
    if array.size and (array.min() < 0 or array.max() > 2**31 - 1):
        fail(name, func, "a 1-D array of non-negative integer class labels", f"labels from {array.min():g} to {array.max():g}")
    return array.astype(np.int32)


def check_same_rows(x: np.ndarray, y: np.ndarray, func: str, names: tuple[str, str] = ("x", "y")) -> None:
    if len(x) != len(y):
        raise LabkitValueError(
            f"The '{names[0]}' and '{names[1]}' arguments of {func} must have the same number of rows. "
            f"Got {len(x)} and {len(y)} instead."
        )


def check_seeds(value: Any, name: str, func: str) -> tuple[int, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        fail(name, func, "a non-empty sequence of ints", value, kind=LabkitTypeError)
    seeds = tuple(value)
    if not seeds:
        fail(name, func, "a non-empty sequence of ints", value)
    for seed in seeds:
        check_int(seed, name, func, low=0)
    if len(set(seeds)) != len(seeds):
        fail(name, func, "a sequence of distinct ints", value)
    return seeds
