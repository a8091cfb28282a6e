"""``python -m labkit doctor``: is this machine ready for the workbook? One screen, with the fix.

Checks the Python version, installed packages against ``requirements.lock``, the Jupyter packages,
how long TensorFlow takes to import and a tiny network to train (in a fresh process, as a notebook
would), that the bundled digits and breast-cancer sets load, and the memory and cores available.
Exits 1 when something needs fixing.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["Finding", "check_lock", "run_doctor"]

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
FIX_SETUP = "run `python3 tasks.py lab` (or `py tasks.py lab` on Windows) from the workbook folder"

# Generous limits: a slow laptop or Binder should still pass; a broken install should not.
IMPORT_SECONDS_LIMIT = 30.0
FIT_SECONDS_LIMIT = 30.0
MEMORY_GB_NEEDED = 1.5

_PROBE = r"""
import json, time
start = time.perf_counter()
import labkit
import tensorflow
imported = time.perf_counter() - start
from labkit.data import load_digits_split
from labkit.models import build_mlp
from labkit.training import fit
split = load_digits_split()
start = time.perf_counter()
model = build_mlp(split.n_features, split.n_classes, width=32)
history = fit(model, split, epochs=10, progress=False)
fitted = time.perf_counter() - start
print(json.dumps({"import": imported, "fit": fitted, "val_accuracy": history.final("val_accuracy"),
                  "tensorflow": tensorflow.__version__}))
"""


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report."""

    ok: bool
    what: str
    fix: str = ""

    def line(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.what}" + ("" if self.ok or not self.fix else f"\n    fix: {self.fix}")


def check_python() -> Finding:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info < (3, 11):  # noqa: UP036 - the doctor may run on an older Python, to say so
        return Finding(False, f"Python {version} (3.11 or newer needed)",
                       "install Python 3.11 and run tasks.py with it")
    note = "" if sys.version_info[:2] == (3, 11) else " (the lock is tested on 3.11)"
    return Finding(True, f"Python {version}{note}")


def check_lock(lock: Path = LOCK) -> Finding:
    """Compare installed versions with the exact pins in ``requirements.lock`` for this platform."""
    if not isinstance(lock, (str, os.PathLike)):
        from labkit._validate import fail  # noqa: PLC0415 - numpy-based; the doctor starts even when numpy is broken

        fail("lock", "check_lock", "the path of a requirements.lock file", lock, kind=TypeError)
    lock = Path(lock)
    if not lock.exists():
        return Finding(True, "package versions: no requirements.lock beside labkit (installed elsewhere), not compared")
    from packaging.requirements import Requirement  # noqa: PLC0415 - the doctor starts even when a package is broken

    wrong, checked = [], 0
    for raw in lock.read_text().splitlines():
        text = raw.split("#", 1)[0].strip()
        if not text or text.startswith("-"):
            continue
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pinned = next(iter(requirement.specifier)).version
        checked += 1
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{requirement.name} missing")
            continue
        if installed != pinned:
            wrong.append(f"{requirement.name} {installed} (lock: {pinned})")
    if wrong:
        shown = ", ".join(wrong[:4]) + (f" and {len(wrong) - 4} more" if len(wrong) > 4 else "")
        return Finding(False, f"package versions: {len(wrong)} of {checked} differ from the lock: {shown}", FIX_SETUP)
    return Finding(True, f"package versions: all {checked} match requirements.lock")


def check_probe() -> list[Finding]:
    """Import TensorFlow and train a tiny network in a fresh process, as a notebook kernel would."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=300, env=dict(os.environ)
        )
    except subprocess.TimeoutExpired:
        return [Finding(False, "TensorFlow: importing and a tiny fit took over 300 s",
                        "check the machine's load and memory")]
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [Finding(False, f"TensorFlow: the probe failed: {last}", FIX_SETUP)]
    try:
        probe = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [Finding(False, f"TensorFlow: unexpected probe output ({time.perf_counter() - started:.0f} s)",
                        FIX_SETUP)]
    imported = Finding(
        probe["import"] <= IMPORT_SECONDS_LIMIT,
        f"TensorFlow {probe['tensorflow']} imports in {probe['import']:.1f} s",
        "close other programs; on a laptop, plug it in; the first import after install is slower",
    )
    fitted = Finding(
        probe["fit"] <= FIT_SECONDS_LIMIT and probe["val_accuracy"] > 0.5,
        f"a tiny network (digits, 10 epochs) trains in {probe['fit']:.1f} s to {probe['val_accuracy']:.0%} "
        "validation accuracy",
        "notebooks will be slow here: close other programs or use a faster machine",
    )
    return [imported, fitted]


def check_data() -> Finding:
    from sklearn import datasets  # noqa: PLC0415 - the doctor starts even when a package is broken

    try:
        digits = datasets.load_digits()
        cancer = datasets.load_breast_cancer()
    except Exception as error:  # noqa: BLE001 - a broken install may raise anything; the doctor reports it
        return Finding(False, f"bundled data sets do not load: {error}", FIX_SETUP)
    return Finding(True,
                   f"data sets present: digits {digits.data.shape}, breast cancer {cancer.data.shape}, "
                   "moons (generated)")


def check_memory() -> Finding:
    import psutil  # noqa: PLC0415 - the doctor starts even when a package is broken

    available = psutil.virtual_memory().available / 1e9
    cores = os.cpu_count() or 1
    ok = available >= MEMORY_GB_NEEDED
    return Finding(
        ok,
        f"memory available {available:.1f} GB (a notebook needs up to {MEMORY_GB_NEEDED} GB); {cores} CPU cores",
        "close other programs or notebooks (Kernel → Shut Down All Kernels)",
    )


def check_jupyter() -> Finding:
    try:
        versions = {name: metadata.version(name) for name in ("jupyterlab", "ipywidgets", "nbval")}
    except metadata.PackageNotFoundError as error:
        return Finding(False, f"{error.name} is not installed", FIX_SETUP)
    return Finding(True, "JupyterLab " + versions["jupyterlab"] + ", ipywidgets " + versions["ipywidgets"]
                   + ", nbval " + versions["nbval"])


def run_doctor() -> int:
    """Print the report; return 0 when everything is ready, 1 otherwise."""
    print("labkit doctor — is this machine ready for the workbook?")
    findings = [check_python(), check_lock(), check_jupyter(), check_data(), check_memory()]
    for finding in findings:
        print(finding.line(), flush=True)
    for finding in check_probe():
        findings.append(finding)
        print(finding.line(), flush=True)
    bad = [f for f in findings if not f.ok]
    print("Ready." if not bad else f"Not ready: {len(bad)} thing(s) to fix, above.")
    return 0 if not bad else 1
