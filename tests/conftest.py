"""Shared test set-up: labkit first (quiet TensorFlow), seeded, and a non-interactive matplotlib backend."""
import importlib.util
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest

import labkit  # before anything imports TensorFlow (pytest does not)

labkit.setup()

ROOT = Path(__file__).resolve().parent.parent


def load_solution(stem: str):
    """Import notebooks/solutions/<stem>.py (file names start with digits, so not importable by name).
    ``stem`` may be the notebook's number alone: ``load_solution("04")``."""
    path = ROOT / "notebooks" / "solutions" / f"{stem}.py"
    if not path.exists():
        (path,) = (ROOT / "notebooks" / "solutions").glob(f"{stem}_*.py")
    spec = importlib.util.spec_from_file_location(f"solution_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solutions(*numbers: str) -> tuple:
    """The solutions modules of the notebooks numbered ``numbers`` ("00", "01", ...), in that order."""
    return tuple(load_solution(number) for number in numbers)


def stub(*args, **kwargs):
    """An exercise's untouched stub: the check must say "not yet"."""
    ...  # your code here


@pytest.fixture
def clean_seeds_env(monkeypatch):
    monkeypatch.delenv("LABKIT_SEEDS", raising=False)
    return monkeypatch


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


os.environ.setdefault("MPLBACKEND", "Agg")
