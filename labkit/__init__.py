"""labkit — the helpers of the "Improving Neural Networks" lab workbook.

Import it first, before TensorFlow: ``import labkit`` quiets TensorFlow's logs (which only works
before TensorFlow is imported) and seeds Python, numpy and Keras (:func:`labkit.setup`).

Modules, one concern each: ``runtime`` (set-up, seeds), ``data``, ``models``, ``training``,
``diagnostics``, ``numpy_net`` (a from-scratch network), ``augment`` (digit augmentation), ``ensembles``
(votes, member correlation), ``tuning`` (search helpers and Optuna search workers), ``plots``, ``widgets``,
``claims`` (claim checks), ``checks`` (exercise checks),
``exercises`` (each notebook's checks), ``doctor`` (``python -m labkit doctor``).
Submodules load on first use, so the doctor still runs when TensorFlow is broken. With the
environment variable ``LABKIT_NUMPY_ONLY=1`` the import skips TensorFlow altogether (notebook 11's
search workers need only numpy).
"""
from __future__ import annotations

import importlib
import os

from labkit import runtime as _runtime

_runtime.quiet()

from labkit.runtime import seeds, setup  # noqa: E402

__version__ = "0.1.0"

_SUBMODULES = (
    "augment",
    "checks",
    "claims",
    "data",
    "diagnostics",
    "doctor",
    "ensembles",
    "exercises",
    "models",
    "numpy_net",
    "plots",
    "training",
    "tuning",
    "widgets",
    "runtime",
)
_SHORTCUTS = {
    "load_digits_split": "data",
    "load_breast_cancer_split": "data",
    "load_moons_split": "data",
    "load_split": "data",
    "build_mlp": "models",
    "build_towers": "models",
    "fit": "training",
    "check_claim": "claims",
}

__all__ = ["seeds", "setup", *_SUBMODULES, *_SHORTCUTS]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"labkit.{name}")
    if name in _SHORTCUTS:
        return getattr(importlib.import_module(f"labkit.{_SHORTCUTS[name]}"), name)
    raise AttributeError(f"module 'labkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if os.environ.get("LABKIT_NUMPY_ONLY") != "1":  # set by labkit.tuning for its numpy-only worker processes
    setup()
