"""Argument checks for labkit's public functions: one message pattern, one line.

Every check raises ``LabkitValueError`` or ``LabkitTypeError`` (subclasses of ``ValueError`` and
``TypeError``) with the message

    The 'dropout' argument of build_mlp must be a number in [0, 1). Got 1.5 instead.

In Jupyter, ``labkit.setup`` shows these as that single line instead of a traceback.
"""
from __future__ import annotations

import inspect
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
    text = " ".join(repr(value).split())  # one line, even for a container holding arrays
    return text if len(text) <= 60 else text[:57] + "..."


def message(name: str, func: str, expected: str, got: Any) -> str:
    """labkit's one-line message: ``The '<name>' argument of <func> must be <expected>. Got <got> instead.``

    Parameters
    ----------
    name : str
        The argument's name.
    func : str
        The public function it was passed to, e.g. ``"build_mlp"``.
    expected : str
        What it must be, phrased to follow "must be" (``"an int >= 1"``).
    got : object
        The value received; arrays are shown by shape and dtype, long reprs cut to 60 characters.

    Returns
    -------
    str
    """
    return f"The '{name}' argument of {func} must be {expected}. Got {_show(got)} instead."


def fail(name: str, func: str, expected: str, got: Any, *, kind: type = LabkitValueError) -> None:
    """Raise labkit's error for a bad argument; ``kind`` TypeError or ValueError picks the labkit subclass.

    Parameters
    ----------
    name, func, expected, got
        As for :func:`message`.
    kind : exception class, default LabkitValueError
        A labkit error class is raised as is; any other ``TypeError`` subclass gives
        ``LabkitTypeError``, anything else ``LabkitValueError``.

    Raises
    ------
    LabkitValueError, LabkitTypeError
        Always.
    """
    if not issubclass(kind, LabkitInputError):
        kind = LabkitTypeError if issubclass(kind, TypeError) else LabkitValueError
    raise kind(message(name, func, expected, got))


def _number_text(value: float) -> str:
    """Whole numbers in full (1048576, not 1.04858e+06); other numbers as ``:g``."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    return f"{value:g}"


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is None and high is None:
        return ""
    low_text, high_text = (None if v is None else _number_text(v) for v in (low, high))
    if high is None:
        return f" {'>' if low_open else '>='} {low_text}"
    if low is None:
        return f" {'<' if high_open else '<='} {high_text}"
    return f" in {'(' if low_open else '['}{low_text}, {high_text}{')' if high_open else ']'}"


def check_int(value: Any, name: str, func: str, *, low: int | None = None, high: int | None = None) -> int:
    """Check that ``value`` is an int (not a bool) in ``[low, high]``; return it as ``int``.

    Parameters
    ----------
    value : object
        Any ``numbers.Integral`` except bool (numpy ints pass).
    name, func : str
        For the message (:func:`message`).
    low, high : int, optional
        Inclusive bounds; None for no bound.

    Returns
    -------
    int

    Raises
    ------
    LabkitTypeError
        If ``value`` is not an int.
    LabkitValueError
        If it is out of range.
    """
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
    """Check that ``value`` is a finite real number (not a bool) within the bounds; return it as ``float``.

    Parameters
    ----------
    value : object
        Any ``numbers.Real`` except bool.
    name, func : str
        For the message (:func:`message`).
    low, high : float, optional
        Bounds; None for no bound.
    low_open, high_open : bool, default False
        Exclude the bound itself.

    Returns
    -------
    float

    Raises
    ------
    LabkitTypeError
        If ``value`` is not a number.
    LabkitValueError
        If it is NaN, infinite or out of range.
    """
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
    """Check that ``value`` is a str among ``choices``; return it.

    Parameters
    ----------
    value : object
    name, func : str
        For the message (:func:`message`), which lists the choices.
    choices : iterable of str
        The allowed values (a dict's keys count).

    Returns
    -------
    str

    Raises
    ------
    LabkitValueError
        If ``value`` is not one of them (a non-str too).
    """
    options = list(choices)
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(repr(option) for option in options)
        fail(name, func, f"one of {listed}", value)
    return value


def check_bool(value: Any, name: str, func: str) -> bool:
    """Check that ``value`` is a bool (or ``numpy.bool_``); return it as ``bool``.

    Parameters
    ----------
    value : object
    name, func : str
        For the message (:func:`message`).

    Returns
    -------
    bool

    Raises
    ------
    LabkitTypeError
        For anything else, 0 and 1 included.
    """
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
    """Return ``value`` as a finite numeric array with the given number of dimensions.

    Parameters
    ----------
    value : array_like
        Numbers or bools; not ragged, not objects.
    name, func : str
        For the message (:func:`message`).
    ndim : int or tuple of int, optional
        The allowed numbers of dimensions; None allows any.
    min_rows : int, default 1
        Least length of the first axis (arrays with at least one dimension).
    dtype : numpy dtype, default numpy.float32
        The returned array's dtype (``astype``, no copy when it already has it).

    Returns
    -------
    ndarray

    Raises
    ------
    LabkitTypeError
        If ``value`` is not numeric.
    LabkitValueError
        On the wrong number of dimensions, too few rows, or NaN or infinity (float dtypes).
    """
    dims = (ndim,) if isinstance(ndim, int) else ndim
    want = "a numeric array" if dims is None else f"a {' or '.join(f'{d}-D' for d in dims)} numeric array"
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - np.asarray may raise anything on an arbitrary object (ragged lists: ValueError)
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


def check_whole(labels: np.ndarray, name: str, func: str) -> None:
    """Refuse float labels that are not whole numbers (1.5, NaN): a fraction never equals a class, and
    truncating it would give a silent wrong result.

    Parameters
    ----------
    labels : ndarray
        Labels of any dtype; only float dtypes are looked at.
    name, func : str
        For the message (:func:`message`).

    Raises
    ------
    LabkitValueError
        If a float label is not a whole number.
    """
    if np.issubdtype(labels.dtype, np.floating) and not np.all(labels == np.round(labels)):
        fail(name, func, "integer class labels (0, 1, 2 ...)", "labels that are not whole numbers (or NaN)")


def check_labels(value: Any, name: str, func: str) -> np.ndarray:
    """Return ``value`` as a 1-D int32 array of class labels; floats only when every one is a whole number.

    Parameters
    ----------
    value : array_like of shape (n,)
        Non-negative whole numbers up to 2**31 - 1.
    name, func : str
        For the message (:func:`message`).

    Returns
    -------
    ndarray of int32, shape (n,)

    Raises
    ------
    LabkitTypeError, LabkitValueError
        As :func:`check_array`, and on negative or fractional labels.
    """
    array = check_array(value, name, func, ndim=1, dtype=np.float64)
    check_whole(array, name, func)
    if array.size and (array.min() < 0 or array.max() > 2**31 - 1):
        fail(name, func, "a 1-D array of non-negative integer class labels",
             f"labels from {array.min():g} to {array.max():g}")
    return array.astype(np.int32)


def check_same_rows(x: np.ndarray, y: np.ndarray, func: str, names: tuple[str, str] = ("x", "y")) -> None:
    """Check that ``x`` and ``y`` have the same length (first axis).

    Parameters
    ----------
    x, y : sized
        Anything ``len()`` accepts, usually the arrays :func:`check_array` returned.
    func : str
        The public function, for the message.
    names : (str, str), default ("x", "y")
        The two arguments' names, for the message.

    Raises
    ------
    LabkitValueError
        If the lengths differ.
    """
    if len(x) != len(y):
        raise LabkitValueError(
            f"The '{names[0]}' and '{names[1]}' arguments of {func} must have the same number of rows. "
            f"Got {len(x)} and {len(y)} instead."
        )


def check_seeds(value: Any, name: str, func: str) -> tuple[int, ...]:
    """Check that ``value`` is a non-empty sequence of distinct non-negative ints; return it as a tuple.

    Parameters
    ----------
    value : object
        Any iterable but a str or bytes.
    name, func : str
        For the message (:func:`message`).

    Returns
    -------
    tuple of int
        The seeds in the given order, as given (numpy ints stay numpy ints).

    Raises
    ------
    LabkitTypeError
        If ``value`` is not an iterable, is a str, or holds a non-int.
    LabkitValueError
        If it is empty, holds a negative int, or repeats one.
    """
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


def check_callable(value: Any, name: str, func: str, expected: str, *args: Any, **kwargs: Any) -> None:
    """Check that ``value`` is callable, and callable as ``value(*args, **kwargs)`` where its signature says.

    Only the signature is checked (``inspect.signature(value).bind``): ``value`` is not called.
    Callables without a signature Python can read (some builtins) pass on being callable.

    Parameters
    ----------
    value : object
    name, func : str
        For the message (:func:`message`).
    expected : str
        What it must be, e.g. ``"a function of a seed returning {name: number}"``.
    *args, **kwargs
        Example arguments of the call labkit will make.

    Raises
    ------
    LabkitTypeError
        If ``value`` is not callable, or its signature does not take those arguments.
    """
    if not callable(value):
        fail(name, func, expected, value, kind=LabkitTypeError)
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return
    try:
        signature.bind(*args, **kwargs)
    except TypeError:
        fail(name, func, expected, f"a function with the signature {signature}", kind=LabkitTypeError)
