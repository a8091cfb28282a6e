"""Search workers: several processes sharing one hyperparameter search through Optuna's storage. A
study in the storage holds the queue of trials (each one :func:`labkit.tuning.c_trial`: [C]'s network
with one setting) and their results; :func:`queue_trials` fills it, worker processes
(``python -m labkit.search_workers``, started here by :func:`start_workers`) take queued trials until
none is left, and :func:`study_results` reads them back. On one machine the storage is a journal
file; on a cluster a database URL (or a journal file on a shared disk) that every worker can reach —
see ``python -m labkit.search_workers --help``.
"""
from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend, JournalFileOpenLock
from tqdm.auto import tqdm

from labkit._validate import LabkitInputError, check_choice, check_int, check_number, fail
from labkit.data import load_digits_split
from labkit.numpy_net import NUMPY_INITS
from labkit.tuning import c_trial

__all__ = ["Workers", "main", "queue_trials", "start_workers", "study_results", "work"]


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
    if "://" in str(url_or_path):
        return str(url_or_path)  # e.g. postgresql://user:password@host/db — Optuna's RDB storage
    if sys.platform == "win32":  # Optuna's default lock uses symbolic links, which Windows often forbids
        return JournalStorage(JournalFileBackend(str(url_or_path), lock_obj=JournalFileOpenLock(str(url_or_path))))
    return JournalStorage(JournalFileBackend(str(url_or_path)))


def _check_storage(storage: object, func: str, *, existing: bool) -> None:
    if isinstance(storage, bool) or not isinstance(storage, (str, os.PathLike)) or not str(storage):
        fail("storage", func, "a journal file path or a database URL (a str or a path)", storage, kind=TypeError)
    if existing and "://" not in str(storage) and not Path(storage).is_file():
        fail("storage", func, "an existing journal file (from queue_trials) or a database URL", storage)


def _check_name(name: object, argument: str, func: str) -> str:
    if not isinstance(name, str) or not name:
        fail(argument, func, "a non-empty str", name, kind=TypeError)
    return name


def _check_studies(studies: object, func: str) -> list[str]:
    if isinstance(studies, (str, bytes, dict)) or not isinstance(studies, Sequence) or not studies or not all(
            isinstance(name, str) and name for name in studies):
        fail("studies", func, "a non-empty list of study names", studies, kind=TypeError)
    return list(studies)


def _load_study(storage: str | os.PathLike, name: str, argument: str, func: str) -> optuna.Study:
    try:
        return optuna.load_study(study_name=name, storage=_storage(storage))
    except KeyError:  # Optuna's "Record does not exist."
        fail(argument, func, "the name of a study in the storage (queue_trials creates it)", name)
        raise AssertionError from None  # unreachable


def queue_trials(storage: str | os.PathLike, study_name: str, configs: Sequence[dict], *, iterations: int,
                 init: str = "glorot_uniform", seed: int = 0, val_size: float = 0.2) -> None:
    """Create an Optuna study in ``storage`` and queue one trial per setting, in order.

    Every trial trains [C]'s network for ``iterations`` full-batch iterations from an ``init`` start
    seeded by ``seed``, on ``load_digits_split(seed=seed, standardize=True, val_size=val_size)``
    (stored with the trial, so workers need no other instructions).

    Parameters
    ----------
    storage : str or path
        A journal file path, or a database URL (``postgresql://...``).
    study_name : str
        A new study's name (Optuna refuses one that exists).
    configs : list of dict
        The settings, each ``{"hidden": int, "learning_rate": float, "l2": float}``.
    iterations : int
        Full-batch iterations of every trial.
    init : str, default "glorot_uniform"
        One of :data:`labkit.numpy_net.NUMPY_INITS`.
    seed : int, default 0
        Seed of every trial's split and start.
    val_size : float in [0.05, 0.45], default 0.2
        Share of the training digits held out for validation.
    """
    func = "queue_trials"
    _check_storage(storage, func, existing=False)
    _check_name(study_name, "study_name", func)
    if isinstance(configs, (str, bytes, dict)) or not isinstance(configs, Sequence) or not configs or not all(
            isinstance(c, dict) and set(c) == {"hidden", "learning_rate", "l2"} for c in configs):
        fail("configs", func, "a non-empty list of settings like {'hidden': 30, 'learning_rate': 0.25, 'l2': 0.001}",
             configs)
    for config in configs:  # what a worker's objective accepts: refuse here, not later in a worker's log
        check_int(config["hidden"], "configs", func, low=1, high=1000)
        check_number(config["learning_rate"], "configs", func, low=1e-6, high=100.0)
        check_number(config["l2"], "configs", func, low=0.0, high=1.0)
    check_int(iterations, "iterations", func, low=1, high=10**6)
    check_choice(init, "init", func, NUMPY_INITS)
    check_int(seed, "seed", func, low=0)
    check_number(val_size, "val_size", func, low=0.05, high=0.45)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        study = optuna.create_study(study_name=study_name, storage=_storage(storage), direction="maximize")
    except optuna.exceptions.DuplicatedStudyError:
        fail("study_name", func, "a name no study in the storage has yet", study_name)
    for config in configs:
        study.enqueue_trial(dict(config), user_attrs={"queued": True, "iterations": iterations, "init": init,
                                                      "seed": seed, "val_size": val_size})


def study_results(storage: str | os.PathLike, study_name: str) -> list[dict]:
    """Finished trials of a study in the order they were queued: setting, scores, seconds, worker.

    Parameters
    ----------
    storage : str or path
        As for :func:`queue_trials`.
    study_name : str

    Returns
    -------
    list of dict
        Per trial: its setting, the scores of :func:`labkit.tuning.c_trial`, ``seconds``, ``worker``,
        ``worker_peak_mb``, what it was queued with, and Optuna's trial ``number``.
    """
    func = "study_results"
    _check_storage(storage, func, existing=True)
    _check_name(study_name, "study_name", func)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = _load_study(storage, study_name, "study_name", func)
    finished = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    return [{**trial.params, **trial.user_attrs, "number": trial.number}
            for trial in sorted(finished, key=lambda t: t.number)]


@functools.cache
def _digits(seed: int, val_size: float):
    return load_digits_split(seed=seed, standardize=True, val_size=val_size)


def _objective(worker: str):
    def objective(trial: optuna.trial.Trial) -> float:
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

    Parameters
    ----------
    storage : str or path
        As for :func:`queue_trials`.
    studies : list of str
        The studies' names, in the order to work on them.
    worker : str, default "worker"
        This worker's name, stored with each trial it runs.
    """
    func = "work"
    _check_storage(storage, func, existing=True)
    studies = _check_studies(studies, func)
    _check_name(worker, "worker", func)
    for name in studies:
        _load_study(storage, name, "studies", func)  # every study exists before the first trial runs
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    objective = _objective(worker)
    for name in studies:
        study = optuna.load_study(study_name=name, storage=_storage(storage))
        study.optimize(objective)


class Workers:
    """Worker processes started by :func:`start_workers`; ``wait()`` returns the seconds they took."""

    def __init__(self, processes: list, logs: list, log_paths: list[Path], start: float, storage: str | os.PathLike,
                 studies: Sequence[str]):
        self._processes, self._logs, self.log_paths, self._start = processes, logs, log_paths, start
        self._storage, self._studies = storage, list(studies)
        self.seconds: float | None = None

    def _counts(self) -> tuple[int, int]:
        """(finished, queued in all) trials over the studies."""
        done = total = 0
        state = optuna.trial.TrialState
        for name in self._studies:
            trials = optuna.load_study(study_name=name, storage=_storage(self._storage)).get_trials(deepcopy=False)
            queued = [t for t in trials if t.user_attrs.get("queued")]
            total += len(queued)
            done += sum(t.state == state.COMPLETE for t in queued)
        return done, total

    def _show_progress(self) -> None:
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
        failed = [path for process, path in zip(self._processes, self.log_paths, strict=True) if process.wait() != 0]
        if self.seconds is None:
            self.seconds = time.perf_counter() - self._start
            for log in self._logs:
                log.close()
        if failed:
            raise RuntimeError(f"a search worker failed; its log: {failed[0]}")
        return self.seconds


def start_workers(storage: str | os.PathLike, studies: Sequence[str], *, n_workers: int = 2,
                  log_dir: str | os.PathLike | None = None) -> Workers:
    """Start ``n_workers`` worker processes on this machine (``python -m labkit.search_workers``) and return at once.

    They share the studies in ``storage`` and drain their queues in order. Each worker uses one CPU
    thread for numpy and does not import TensorFlow. Their output goes to log files in ``log_dir``
    (default: the journal file's folder), never to the notebook.

    Parameters
    ----------
    storage : str or path
        As for :func:`queue_trials`: a journal file that exists, or a database URL.
    studies : list of str
        The studies' names, in order; each must be in the storage already (:func:`queue_trials`).
    n_workers : int in [1, 256], default 2
    log_dir : str or path, optional
        Folder for the logs ``worker0.log`` ...

    Returns
    -------
    Workers
        ``wait()`` waits for them and returns the seconds they took.
    """
    func = "start_workers"
    n_workers = check_int(n_workers, "n_workers", func, low=1, high=256)
    _check_storage(storage, func, existing=False)
    studies = _check_studies(studies, func)
    _check_storage(storage, func, existing=True)
    for name in studies:  # refused here, not in a worker's log
        _load_study(storage, name, "studies", func)
    if log_dir is not None and (isinstance(log_dir, bool) or not isinstance(log_dir, (str, os.PathLike))):
        fail("log_dir", func, "a folder path (a str or a path) or None", log_dir, kind=TypeError)
    if log_dir is None:
        log_dir = Path.cwd() if "://" in str(storage) else Path(storage).resolve().parent
    logs_folder = Path(log_dir)
    logs_folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    start = time.perf_counter()
    processes, logs, paths = [], [], []
    for k in range(n_workers):
        command = [sys.executable, "-m", "labkit.search_workers", "--storage", str(storage), "--worker", f"worker {k}",
                   *studies]
        path = logs_folder / f"worker{k}.log"
        log = open(path, "w")
        processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env))
        logs.append(log)
        paths.append(path)
    return Workers(processes, logs, paths, start, storage, studies)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line ``python -m labkit.search_workers``: one worker (:func:`work`); returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m labkit.search_workers",
        description="A search worker: takes the queued trials of [C]'s network on digits from shared Optuna studies "
        "and runs them until the queues are empty. Start one per core, on as many machines as you like; they "
        "coordinate only through the storage.",
        epilog="On a cluster: queue the trials once (labkit.search_workers.queue_trials with the database URL), then "
        "on every machine run e.g.  python -m labkit.search_workers --storage postgresql://user:password@dbhost/optuna "
        "grid-0 random-0   (a database every machine reaches, or a journal file on a shared disk). A worker needs "
        "numpy, not TensorFlow, and does not import it.",
    )
    parser.add_argument("studies", nargs="+", help="names of the studies to work on, in order")
    parser.add_argument("--storage", required=True,
                        help="journal file path, or a database URL (postgresql://, mysql://, sqlite:///)")
    parser.add_argument("--worker", default=f"pid {os.getpid()}", help="a name for this worker in the results")
    args = parser.parse_args(argv)  # a bad command line: argparse's usage and one "error:" line, exit code 2
    try:
        work(args.storage, args.studies, worker=args.worker)
    except LabkitInputError as error:  # e.g. no such storage or study: one line, not a traceback
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
