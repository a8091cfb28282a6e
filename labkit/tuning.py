"""Hyperparameter search: article [C]'s grid, random search over the same box, and several worker
processes sharing one search through Optuna's storage.

A *trial* trains [C]'s numpy network (:func:`labkit.numpy_net.train_numpy_mlp`) with one setting of
hidden size, learning rate and L2 penalty λ, on the digits split of the trial's seed (one seed decides the split and the start), and
scores it on the validation rows (all of them, and each half apart); the search decides on
validation accuracy only.

Scaling out, with an existing engine and no scheduler of our own: an Optuna study in a shared
storage holds the queue of trials and their results. :func:`start_workers` starts worker processes
(``python -m labkit.tuning``) that take queued trials from the studies until none is left. On one
machine the storage is a journal file; on a cluster it is a database URL (or a journal file on a
shared disk) that every worker can reach — see ``python -m labkit.tuning --help`` and notebook 11.

Used by: 11.
"""
from __future__ import annotations

import argparse
import functools
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from labkit._validate import check_choice, check_int, check_number, fail

__all__ = ["C_GRID", "SMALL_GRID", "QuickBayesianOptimization", "QuickHyperband", "QuickRandomSearch", "Workers", "best_so_far",
           "c_trial", "expected_best", "grid_configs", "pick_best", "quasi_random_configs", "queue_trials", "random_configs", "start_workers",
           "study_results", "work"]

C_GRID: dict[str, tuple] = {
    "hidden": (10, 25, 50, 60),
    "learning_rate": (0.05, 0.1, 0.25, 0.5),
    "l2": (0.0001, 0.0005, 0.001, 0.01),
}
"""Article [C]'s grid: 4 × 4 × 4 = 64 settings."""

SMALL_GRID: dict[str, tuple] = {
    "hidden": (10, 35, 60),
    "learning_rate": (0.05, 0.158, 0.5),
    "l2": (0.0001, 0.001, 0.01),
}
"""A 3 × 3 × 3 grid over [C]'s box: each range's two ends and its middle (geometric for rate and λ)."""


def grid_configs(grid: dict[str, Sequence] = C_GRID) -> list[dict]:
    """Every combination of the grid's values, as scikit-learn's ``ParameterGrid`` orders them."""
    from sklearn.model_selection import ParameterGrid

    return [dict(config) for config in ParameterGrid({name: list(values) for name, values in grid.items()})]


def _box(grid: dict[str, Sequence]) -> dict[str, tuple[float, float]]:
    return {name: (min(values), max(values)) for name, values in grid.items()}


def quasi_random_configs(n_trials: int, *, seed: int, grid: dict[str, Sequence] = C_GRID) -> list[dict]:
    """``n_trials`` quasi-random settings from the box the grid spans: a scrambled Halton sequence.

    Quasi-random points fill the box more evenly than independent random ones (no clumps, no empty
    corners) while, unlike a grid, trying a new value of every hyperparameter in every trial — the
    Deep Learning Tuning Playbook's recommendation while exploring. The same scales as
    :func:`random_configs`: hidden size uniform, learning rate and λ logarithmic. Halton, not
    Sobol', because its balance does not need a power of two trials
    (``scipy.stats.qmc.Halton``).
    """
    from scipy.stats import qmc

    n_trials = check_int(n_trials, "n_trials", "quasi_random_configs", low=1, high=100_000)
    check_int(seed, "seed", "quasi_random_configs", low=0)
    box = _box(grid)
    points = qmc.Halton(d=3, scramble=True, seed=seed).random(n_trials)
    (h_low, h_high), (r_low, r_high), (l_low, l_high) = box["hidden"], box["learning_rate"], box["l2"]
    configs = []
    for u_hidden, u_rate, u_l2 in points:
        configs.append({
            "hidden": int(min(h_high, h_low + np.floor(u_hidden * (h_high - h_low + 1)))),
            "learning_rate": float(np.exp(np.log(r_low) + u_rate * (np.log(r_high) - np.log(r_low)))),
            "l2": float(np.exp(np.log(l_low) + u_l2 * (np.log(l_high) - np.log(l_low)))),
        })
    return configs


def random_configs(n_trials: int, *, seed: int, grid: dict[str, Sequence] = C_GRID) -> list[dict]:
    """``n_trials`` random settings from the box the grid spans (scikit-learn's ``ParameterSampler``).

    Hidden size uniform over the integers from the grid's smallest to its largest; learning rate and
    λ log-uniform between the grid's smallest and largest values (they are multiplicative scales).
    """
    from scipy.stats import loguniform, randint
    from sklearn.model_selection import ParameterSampler

    n_trials = check_int(n_trials, "n_trials", "random_configs", low=1, high=100_000)
    check_int(seed, "seed", "random_configs", low=0)
    space = {
        "hidden": randint(min(grid["hidden"]), max(grid["hidden"]) + 1),
        "learning_rate": loguniform(min(grid["learning_rate"]), max(grid["learning_rate"])),
        "l2": loguniform(min(grid["l2"]), max(grid["l2"])),
    }
    configs = ParameterSampler(space, n_iter=n_trials, random_state=seed)
    return [{"hidden": int(c["hidden"]), "learning_rate": float(c["learning_rate"]), "l2": float(c["l2"])} for c in configs]


def c_trial(split, *, hidden: int, learning_rate: float, l2: float, iterations: int = 3000, init: str = "uniform01", seed: int = 0) -> dict:
    """Train [C]'s network with one setting; return its scores and the seconds it took.

    ``split`` is a :class:`labkit.data.Split`. Returns ``val_accuracy`` (all validation rows),
    ``val_half_1`` and ``val_half_2`` (each half of them apart: choose on one, report on the other),
    ``train_accuracy``, ``test_accuracy`` (for the end only: a search never reads it) and ``seconds``:
    the CPU seconds the training took (all threads of this process), which other busy processes do
    not inflate the way they inflate wall time.
    """
    from labkit.data import Split
    from labkit.numpy_net import train_numpy_mlp

    if not isinstance(split, Split):
        fail("split", "c_trial", "a labkit Split (e.g. from load_digits_split)", split, kind=TypeError)
    start = time.process_time()
    net = train_numpy_mlp(split.x_train, split.y_train, hidden=(int(hidden),), learning_rate=learning_rate, l2=l2,
                          iterations=iterations, init=init, seed=seed, record_every=10**6)
    seconds = time.process_time() - start
    half = len(split.y_val) // 2
    return {
        "val_accuracy": net.accuracy(split.x_val, split.y_val),
        "val_half_1": net.accuracy(split.x_val[:half], split.y_val[:half]),
        "val_half_2": net.accuracy(split.x_val[half:], split.y_val[half:]),
        "test_accuracy": net.accuracy(split.x_test, split.y_test),
        "train_accuracy": net.accuracy(split.x_train, split.y_train),
        "seconds": seconds,
    }


def best_so_far(scores: Sequence[float]) -> np.ndarray:
    """The best score among the first k trials, for every k: ``np.maximum.accumulate``."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 1 or scores.size == 0:
        fail("scores", "best_so_far", "a non-empty 1-D sequence of scores", scores)
    return np.maximum.accumulate(scores)


def expected_best(scores: Sequence[float], budget: int) -> float:
    """The expected best score of ``budget`` trials drawn at random from these (without replacement).

    The average of the maximum over every way to pick ``budget`` of the scores: a steadier
    estimate of what a random search of ``budget`` trials finds than the best of any one such
    search. With sorted scores ``v_1 <= ... <= v_N``, the best is ``v_i`` with probability
    ``C(i-1, budget-1) / C(N, budget)``.
    """
    import math

    values = np.sort(np.asarray(scores, dtype=float))
    if values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)):
        fail("scores", "expected_best", "a non-empty 1-D sequence of finite scores", scores)
    budget = check_int(budget, "budget", "expected_best", low=1, high=len(values))
    total = math.comb(len(values), budget)
    weights = np.array([math.comb(i, budget - 1) / total for i in range(len(values))])  # i = rank - 1
    return float(weights @ values)


def pick_best(trials: Sequence[dict], *, by: str = "val_accuracy") -> dict:
    """The trial with the highest ``by`` score (the first one among ties)."""
    if not trials or not all(isinstance(t, dict) and by in t for t in trials):
        fail("trials", "pick_best", f"a non-empty list of dicts that each have '{by}'", trials)
    return max(trials, key=lambda t: t[by])


# --- several workers, one search: Optuna with a shared storage ---------------------------------------


def _peak_mb() -> float | None:
    """This process's peak resident memory so far, in MB (Linux only; None elsewhere).

    Read from ``/proc/self/status`` (VmHWM): ``ru_maxrss`` would include the memory of the
    notebook kernel this worker was forked from.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _storage(url_or_path: str | os.PathLike):
    """An Optuna storage: a database URL as it is, anything else a journal file."""
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    if "://" in str(url_or_path):
        return str(url_or_path)  # e.g. postgresql://user:password@host/db — Optuna's RDB storage
    if sys.platform == "win32":  # Optuna's default lock uses symbolic links, which Windows often forbids
        from optuna.storages.journal import JournalFileOpenLock

        return JournalStorage(JournalFileBackend(str(url_or_path), lock_obj=JournalFileOpenLock(str(url_or_path))))
    return JournalStorage(JournalFileBackend(str(url_or_path)))


def queue_trials(storage: str | os.PathLike, study_name: str, configs: Sequence[dict], *, iterations: int, init: str = "glorot_uniform",
                 seed: int = 0, val_size: float = 0.2) -> None:
    """Create an Optuna study in ``storage`` and queue one trial per setting, in order.

    Every trial trains [C]'s network for ``iterations`` full-batch iterations from an ``init`` start
    seeded by ``seed``, on ``load_digits_split(seed=seed, standardize=True, val_size=val_size)``
    (stored with the trial, so workers need no other instructions). ``storage`` is a journal file
    path or a database URL.
    """
    import optuna

    from labkit.numpy_net import NUMPY_INITS

    func = "queue_trials"
    if not configs or not all(isinstance(c, dict) and set(c) == {"hidden", "learning_rate", "l2"} for c in configs):
        fail("configs", func, "a non-empty list of settings like {'hidden': 30, 'learning_rate': 0.25, 'l2': 0.001}", configs)
    for config in configs:  # what a worker's objective accepts: refuse here, not later in a worker's log
        check_int(config["hidden"], "configs", func, low=1, high=1000)
        check_number(config["learning_rate"], "configs", func, low=1e-6, high=100.0)
        check_number(config["l2"], "configs", func, low=0.0, high=1.0)
    check_int(iterations, "iterations", func, low=1, high=10**6)
    check_choice(init, "init", func, NUMPY_INITS)
    check_int(seed, "seed", func, low=0)
    check_number(val_size, "val_size", func, low=0.05, high=0.45)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(study_name=study_name, storage=_storage(storage), direction="maximize")
    for config in configs:
        study.enqueue_trial(dict(config), user_attrs={"queued": True, "iterations": iterations, "init": init, "seed": seed,
                                                      "val_size": val_size})


def study_results(storage: str | os.PathLike, study_name: str) -> list[dict]:
    """Finished trials of a study in the order they were queued: setting, scores, seconds, worker."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.load_study(study_name=study_name, storage=_storage(storage))
    finished = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    return [{**trial.params, **trial.user_attrs, "number": trial.number} for trial in sorted(finished, key=lambda t: t.number)]


@functools.cache
def _digits(seed: int, val_size: float):
    from labkit.data import load_digits_split

    return load_digits_split(seed=seed, standardize=True, val_size=val_size)


def _objective(worker: str):
    import optuna

    def objective(trial) -> float:
        if not trial.user_attrs.get("queued"):  # the queue is empty: this worker is done with this study
            trial.study.stop()
            raise optuna.TrialPruned("no queued trials left")
        scores = c_trial(
            _digits(int(trial.user_attrs["seed"]), float(trial.user_attrs["val_size"])),
            hidden=trial.suggest_int("hidden", 1, 1000),
            learning_rate=trial.suggest_float("learning_rate", 1e-6, 100.0, log=True),
            l2=trial.suggest_float("l2", 0.0, 1.0),  # not on a log scale: 0 (no penalty) is a setting too
            iterations=int(trial.user_attrs["iterations"]),
            init=str(trial.user_attrs["init"]),
            seed=int(trial.user_attrs["seed"]),
        )
        for key, value in {**scores, "worker": worker, "worker_peak_mb": _peak_mb()}.items():
            trial.set_user_attr(key, value)
        return scores["val_accuracy"]

    return objective


def work(storage: str | os.PathLike, studies: Sequence[str], *, worker: str = "worker") -> None:
    """One worker: for each study in turn, take queued trials from it and run them until none is left.

    A trial runs on ``load_digits_split(seed=<the trial's seed>, standardize=True, val_size=<the trial's>)``.
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    objective = _objective(worker)
    for name in studies:
        study = optuna.load_study(study_name=name, storage=_storage(storage))
        study.optimize(objective)


class Workers:
    """Worker processes started by :func:`start_workers`; ``wait()`` returns the seconds they took."""

    def __init__(self, processes: list, logs: list, log_paths: list[Path], start: float, storage, studies: Sequence[str]):
        self._processes, self._logs, self.log_paths, self._start = processes, logs, log_paths, start
        self._storage, self._studies = storage, list(studies)
        self.seconds: float | None = None

    def _counts(self) -> tuple[int, int]:
        """(finished, queued in all) trials over the studies."""
        import optuna

        done = total = 0
        state = optuna.trial.TrialState
        for name in self._studies:
            trials = optuna.load_study(study_name=name, storage=_storage(self._storage)).get_trials(deepcopy=False)
            queued = [t for t in trials if t.user_attrs.get("queued")]
            total += len(queued)
            done += sum(t.state == state.COMPLETE for t in queued)
        return done, total

    def _show_progress(self) -> None:
        from tqdm.auto import tqdm

        done, total = self._counts()
        with tqdm(total=total, initial=done, desc="search trials (both workers)", unit="trial") as bar:
            while self.running:
                time.sleep(0.5)
                done, _ = self._counts()
                bar.update(done - bar.n)
            bar.update(self._counts()[0] - bar.n)

    @property
    def running(self) -> bool:
        return any(p.poll() is None for p in self._processes)

    def wait(self, *, progress: bool = True) -> float:
        """Wait for every worker (with a progress bar over the studies' trials); raise if one failed."""
        if progress and self.running:
            try:
                self._show_progress()
            except Exception:  # noqa: BLE001 - a study that cannot be read: the worker's log will say why
                pass
        failed = [path for process, path in zip(self._processes, self.log_paths) if process.wait() != 0]
        if self.seconds is None:
            self.seconds = time.perf_counter() - self._start
            for log in self._logs:
                log.close()
        if failed:
            raise RuntimeError(f"a search worker failed; its log: {failed[0]}")
        return self.seconds


def start_workers(storage: str | os.PathLike, studies: Sequence[str], *, n_workers: int = 2,
                  log_dir: str | os.PathLike | None = None) -> Workers:
    """Start ``n_workers`` worker processes on this machine (``python -m labkit.tuning``) and return at once.

    They share the studies in ``storage`` and drain their queues in order. Each worker uses one CPU
    thread for numpy and does not import TensorFlow. Their output goes to log files in ``log_dir``
    (default: the journal file's folder), never to the notebook.
    """
    func = "start_workers"
    n_workers = check_int(n_workers, "n_workers", func, low=1, high=256)
    if isinstance(studies, str) or not studies or not all(isinstance(name, str) for name in studies):
        fail("studies", func, "a non-empty list of study names", studies)
    if log_dir is None:
        log_dir = Path.cwd() if "://" in str(storage) else Path(storage).resolve().parent
    logs_folder = Path(log_dir)
    logs_folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "LABKIT_NUMPY_ONLY": "1"}
    start = time.perf_counter()
    processes, logs, paths = [], [], []
    for k in range(n_workers):
        command = [sys.executable, "-m", "labkit.tuning", "--storage", str(storage), "--worker", f"worker {k}", *studies]
        path = logs_folder / f"worker{k}.log"
        log = open(path, "w")
        processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env))
        logs.append(log)
        paths.append(path)
    return Workers(processes, logs, paths, start, storage, studies)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m labkit.tuning",
        description="A search worker: takes the queued trials of [C]'s network on digits from shared Optuna studies and "
        "runs them until the queues are empty. Start one per core, on as many machines as you like; they coordinate only "
        "through the storage.",
        epilog="On a cluster: queue the trials once (labkit.tuning.queue_trials with the database URL), then on every "
        "machine run e.g.  python -m labkit.tuning --storage postgresql://user:password@dbhost/optuna grid-0 random-0   "
        "(a database every machine reaches, or a journal file on a shared disk). Set LABKIT_NUMPY_ONLY=1 in the "
        "environment to start faster: the worker needs numpy, not TensorFlow.",
    )
    parser.add_argument("studies", nargs="+", help="names of the studies to work on, in order")
    parser.add_argument("--storage", required=True, help="journal file path, or a database URL (postgresql://, mysql://, sqlite:///)")
    parser.add_argument("--worker", default=f"pid {os.getpid()}", help="a name for this worker in the results")
    args = parser.parse_args(argv)
    work(args.storage, args.studies, worker=args.worker)
    return 0


# --- Keras Tuner with lighter trials ------------------------------------------------------------------


class _QuickTrials:
    """Keras Tuner's documented ``run_trial`` override: build the model, fit it, return the history.

    Keras Tuner's own ``run_trial`` also saves the weights at every improving epoch, so that
    ``get_best_models`` can reload them; here that doubled the time of a trial (4 s → 2 s). Without
    the checkpoints, Hyperband's later rounds train their models from scratch for the round's epochs
    instead of resuming, and ``get_best_models`` is not available: retrain the best
    hyperparameters instead (``tuner.get_best_hyperparameters()``), as you would anyway.
    """

    def run_trial(self, trial, *args, **kwargs):
        hp = trial.hyperparameters
        if "tuner/epochs" in hp.values:  # Hyperband's round length
            kwargs["epochs"] = hp.values["tuner/epochs"]
        model = self.hypermodel.build(hp)
        history = self.hypermodel.fit(hp, model, *args, **kwargs)
        if getattr(self, "_bar", None) is not None:
            self._bar.update(1)
        return history

    def search(self, *args, **kwargs):
        """Keras Tuner's ``search``, with a progress bar over the trials (Keras's own output stays off)."""
        from tqdm.auto import tqdm

        total = getattr(self.oracle, "max_trials", None)
        with tqdm(total=total, desc=f"{type(self).__name__.removeprefix('Quick')} trials", unit="trial") as self._bar:
            try:
                return super().search(*args, **kwargs)
            finally:
                self._bar = None


@functools.cache
def _quick(name: str):
    import keras_tuner as kt

    base = getattr(kt, name)
    return type(f"Quick{name}", (_QuickTrials, base), {"__doc__": f"``keras_tuner.{name}`` without per-epoch checkpoints (see labkit.tuning)."})


def __getattr__(name: str):
    if name in ("QuickRandomSearch", "QuickHyperband", "QuickBayesianOptimization"):
        return _quick(name.removeprefix("Quick"))
    raise AttributeError(f"module 'labkit.tuning' has no attribute {name!r}")


if __name__ == "__main__":
    sys.exit(main())
