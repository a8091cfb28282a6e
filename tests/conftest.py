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
    """Import notebooks/solutions/<stem>.py, generated from lessons/<stem>.py (file names start with
    digits, so not importable by name)."""
    path = ROOT / "notebooks" / "solutions" / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(f"solution_{stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
