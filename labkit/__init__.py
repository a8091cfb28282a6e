"""labkit — the helpers of the "Improving Neural Networks" lab workbook.

Import it first, before TensorFlow: ``import labkit`` quiets TensorFlow's logs, which only works
before TensorFlow is imported. That is all the import does. Each notebook's set-up cell then calls
:func:`labkit.setup` in plain sight: it seeds Python, numpy and Keras and shows labkit's input errors
as one line.

Modules, one concern each: ``runtime`` (set-up, seeds), ``data``, ``models`` (MLPs and towers),
``towers`` (tower naming, scores at inference), ``training`` (``fit``, history, progress), ``callbacks``
(epoch scores, gradient norms, learning-rate range test, the patience rule), ``sweeps``, ``metrics``
(accuracy, log-loss), ``diagnostics``, ``numpy_net`` (a from-scratch network), ``augment`` (digit
augmentation), ``ensembles`` (votes, member correlation), ``tuning`` ([C]'s grid and random settings,
picking), ``search_workers`` (Optuna search workers, ``python -m labkit.search_workers``), ``tuners``
(Keras Tuner with lighter trials), ``plots``, ``widgets``, ``claims`` (claim checks), ``checks``
(exercise checks), ``exercises`` (each notebook's checks), ``doctor`` (``python -m labkit doctor``).
Submodules load on first use, so the doctor still runs when TensorFlow is broken, and modules that
need only numpy (``tuning``, ``search_workers``, ``claims``) never import TensorFlow.
"""
from __future__ import annotations

import importlib

from labkit import runtime as _runtime

_runtime.quiet()  # must run before anything imports TensorFlow

from labkit.runtime import seeds, setup  # noqa: E402 - after quiet(), on purpose

__version__ = "0.1.0"

_SUBMODULES = (
    "augment",
    "callbacks",
    "checks",
    "claims",
    "data",
    "diagnostics",
    "doctor",
    "ensembles",
    "exercises",
    "losses",
    "metrics",
    "models",
    "numpy_net",
    "plots",
    "search_workers",
    "sweeps",
    "towers",
    "training",
    "tuners",
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

