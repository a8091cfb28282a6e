#!/usr/bin/env python3
"""The workbook's task runner: one file, standard library only, same on Linux, macOS and Windows.

    python3 tasks.py lab      set up (first time: a few minutes) and open the workbook in JupyterLab
    python3 tasks.py test     set up, then run every test: the linter, unit tests and every notebook under nbval
    python3 tasks.py fast     set up, then run the linter and the unit tests only (no notebooks; under 2 minutes)
    python3 tasks.py bench    set up, then time every notebook in a fresh kernel (writes the README table)
    python3 tasks.py doctor   set up, then check that this machine is ready for a workshop
    python3 tasks.py lock     maintainers: regenerate requirements.lock from requirements.in (needs uv)

Set-up means: a virtual environment in .venv/ with the exact versions of requirements.lock and
labkit installed in editable mode. It is redone only when requirements.lock or pyproject.toml
changes. Extra arguments after `test` go to pytest, e.g. `python3 tasks.py test tests/test_data.py`.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / "labkit-setup.sha256"
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"
MIN_PYTHON = (3, 11)


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def setup_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def run(command: list[str | Path], **kwargs) -> int:
    return subprocess.call([str(part) for part in command], cwd=ROOT, **kwargs)


def ensure_environment() -> Path:
    """Create .venv and install the lock and labkit, unless that is already done for this lock."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"[tasks] Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed; this is "
            f"{sys.version.split()[0]}. Run this file with a newer python (e.g. python3.11 tasks.py ...)."
        )
    python = venv_python()
    if not python.exists():
        say(f"creating the virtual environment {VENV.name}/ with Python {sys.version.split()[0]}")
        try:
            venv.create(VENV, with_pip=True, clear=True)
        except (OSError, ValueError, subprocess.CalledProcessError) as error:  # e.g. Debian without python3-venv
            sys.exit(f"[tasks] could not create {VENV}: {error}. On Debian/Ubuntu: apt install python3-venv")
    install_jupyterlab_settings()
    fingerprint = setup_fingerprint()
    if STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        return python
    say("installing the exact versions in requirements.lock (first time: a few minutes)")
    steps = [
        [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [python, "-m", "pip", "install", "--quiet", "-r", LOCK],
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--editable", "."],
    ]
    for step in steps:
        if run(step) != 0:
            sys.exit(f"[tasks] set-up failed at: {' '.join(map(str, step[2:]))}. Fix the error above and run again.")
    STAMP.write_text(fingerprint + "\n")
    say("set-up done")
    return python


def install_jupyterlab_settings() -> None:
    """No news or update pop-ups in JupyterLab: they distract learners and need the internet."""
    target = VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((ROOT / "tools" / "jupyterlab-overrides.json").read_text())


def workbook_environment() -> dict[str, str]:
    """Environment for every process we start: quiet TensorFlow, stable hashing, no GPU probing."""
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")  # only effective when set before Python starts
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    env.setdefault("KERAS_BACKEND", "tensorflow")
    env.setdefault("CUDA_VISIBLE_DEVICES", "-1")
    return env


def task_lab(args: list[str]) -> int:
    python = ensure_environment()
    say("opening JupyterLab on http://localhost (stop it with Ctrl+C)")
    options = ["--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT}"]  # localhost only; token stays on
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and workshop VMs often run as root
        options.append("--allow-root")
    return run([python, "-m", "jupyterlab", *options, FIRST_NOTEBOOK, *args], env=workbook_environment())


def lint(python: Path) -> int:
    """ruff, configured in pyproject.toml; a lint error fails the tests like any other."""
    say("ruff check (configured in pyproject.toml)")
    return run([python, "-m", "ruff", "check", "--quiet", "."])


def run_pytest(python: Path, targets: list[str]) -> int:
    command = [
        python, "-m", "pytest",
        "-n", "2", "--dist", "loadscope",
        "--nbval-lax", "--nbval-current-env",
        *targets,
    ]
    return run(command, env=workbook_environment())


def task_test(args: list[str]) -> int:
    python = ensure_environment()
    if args:  # e.g. python3 tasks.py test tests/test_data.py: just those
        return run_pytest(python, args)
    # Only the workbook's own notebooks: a learner's Untitled.ipynb is theirs, not a test.
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return lint(python) or run_pytest(python, ["tests", *notebooks])


def task_fast(args: list[str]) -> int:
    python = ensure_environment()
    return lint(python) or run_pytest(python, ["tests", *args])


def task_bench(args: list[str]) -> int:
    python = ensure_environment()
    return run([python, "tools/benchmark.py", *args], env=workbook_environment())


def task_doctor(args: list[str]) -> int:
    python = ensure_environment()
    return run([python, "-m", "labkit", "doctor", *args], env=workbook_environment())


def task_lock(args: list[str]) -> int:
    python = ensure_environment()
    command = [
        python, "-m", "uv", "pip", "compile", "--universal", "--python-version", "3.11",
        "requirements.in", "-o", "requirements.lock", *args,
    ]
    if run([python, "-m", "uv", "--version"], stdout=subprocess.DEVNULL) != 0:
        sys.exit("[tasks] `lock` needs uv in the environment: .venv/bin/python -m pip install uv")
    return run(command)


TASKS = {"lab": task_lab, "test": task_test, "fast": task_fast, "bench": task_bench, "doctor": task_doctor,
         "lock": task_lock}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TASKS:
        print(__doc__)
        return 0 if argv[:1] in ([], ["-h"], ["--help"]) else 2
    return TASKS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
