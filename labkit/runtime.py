"""Set-up: quiet logs, seeds, and the one setting that lists the seeds claim checks use.

``import labkit`` calls :func:`quiet` (before TensorFlow is imported) and nothing else; each
notebook's set-up cell calls :func:`setup`. Call ``labkit.setup(seed=...)`` again to reseed.
"""
from __future__ import annotations

import os
import random
import warnings

import numpy as np

from labkit._validate import LabkitInputError, LabkitValueError, check_bool, check_int

__all__ = ["DEFAULT_SEEDS", "SEEDS_VARIABLE", "quiet", "seeds", "setup", "tensorflow_error"]

SEEDS_VARIABLE = "LABKIT_SEEDS"
DEFAULT_SEEDS = (0, 1, 2, 3, 4)

# Set before TensorFlow is imported; they do nothing afterwards.
_QUIET_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ INFO/WARNING/ERROR log lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # the oneDNN banner (and run-to-run float noise)
    "KERAS_BACKEND": "tensorflow",
    "CUDA_VISIBLE_DEVICES": "-1",  # do not probe for GPUs (and do not print about it)
    "GRPC_VERBOSITY": "ERROR",
    "ABSL_MIN_LOG_LEVEL": "3",
}

_tensorflow_error: str | None = None


def quiet() -> None:
    """Silence TensorFlow's start-up logs and known harmless warnings. Safe to call twice."""
    for key, value in _QUIET_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    warnings.filterwarnings("ignore", category=DeprecationWarning,
                            module=r"(tensorflow|keras|google|absl|jupyter_client)")
    warnings.filterwarnings("ignore", message=r".*np\.find_common_type.*")


def seeds() -> tuple[int, ...]:
    """The seeds claim checks run over: ``LABKIT_SEEDS`` (e.g. ``"5,17,29,41,53"``), default ``(0, 1, 2, 3, 4)``.

    Raises
    ------
    ValueError
        If the variable is set but is not a comma-separated list of distinct non-negative ints.
    """
    raw = os.environ.get(SEEDS_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_SEEDS
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    try:
        values = tuple(int(part) for part in parts)
    except ValueError:
        values = ()
    if not values or any(v < 0 for v in values) or len(set(values)) != len(values):
        raise LabkitValueError(
            f"The environment variable {SEEDS_VARIABLE} must be a comma-separated list of distinct "
            f"non-negative ints, like 0,1,2. Got {raw!r} instead."
        )
    return values


def tensorflow_error() -> str | None:
    """Why TensorFlow could not be imported, or None if it was imported fine (or not yet tried)."""
    return _tensorflow_error


def setup(seed: int = 0, *, deterministic: bool = False) -> None:
    """Seed Python, numpy and TensorFlow/Keras.

    Seeded, the workbook's networks give the same numbers on every run on one machine without
    TensorFlow's deterministic mode: every notebook was run twice and its claim records compared,
    and the tests retrain models bit for bit. That mode is slower on CPU (it picks slower
    kernels), so it is off unless asked for.

    Parameters
    ----------
    seed : int, default 0
        Seed for ``random``, ``numpy.random`` and Keras.
    deterministic : bool, default False
        Also call ``tf.config.experimental.enable_op_determinism()``: deterministic kernels for the
        ops that have non-deterministic ones (on a GPU, many). It cannot be switched off again in
        the same process.

    Raises
    ------
    TypeError, ValueError
        If ``seed`` is not a non-negative int.

    Examples
    --------
    >>> import labkit
    >>> labkit.setup(seed=3)
    """
    global _tensorflow_error
    check_int(seed, "seed", "setup", low=0, high=2**32 - 1)
    check_bool(deterministic, "deterministic", "setup")
    quiet()
    random.seed(seed)
    np.random.seed(seed)
    try:
        # isort: off
        import tensorflow as tf  # noqa: PLC0415 - setup imports TensorFlow late on purpose, after quiet()
        import keras  # noqa: PLC0415 - after TensorFlow, likewise late on purpose
        # isort: on
    except Exception as error:  # noqa: BLE001 - the doctor reports it; notebooks then fail clearly
        _tensorflow_error = f"{type(error).__name__}: {error}"
        return
    _tensorflow_error = None
    tf.get_logger().setLevel("ERROR")
    try:
        import absl.logging  # noqa: PLC0415 - TensorFlow's logging library, only once TensorFlow is imported

        absl.logging.set_verbosity(absl.logging.ERROR)
    except ImportError:
        pass
    keras.utils.set_random_seed(seed)
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    _install_notebook_error_display()


def _install_notebook_error_display() -> None:
    """In IPython, show labkit's argument errors as one line instead of a traceback."""
    try:
        from IPython import get_ipython  # noqa: PLC0415 - part of setup(): `import labkit` itself stays light
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return

    def one_line(shell, etype, value, tb, tb_offset=None):  # noqa: ANN001
        kind = "TypeError" if issubclass(etype, TypeError) else "ValueError"
        print(f"{kind}: {value}")
        return None

    shell.set_custom_exc((LabkitInputError,), one_line)
