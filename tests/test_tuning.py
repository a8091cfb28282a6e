"""labkit.tuning ([C]'s grid and random settings, the search helpers), labkit.search_workers (the two-worker
search end to end: Optuna shared storage, two processes, and its command line) and labkit.tuners (Keras Tuner's
tuners with lighter trials)."""
import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from labkit._validate import LabkitInputError
from labkit.data import load_digits_split
from labkit.search_workers import queue_trials, start_workers, study_results
from labkit.tuners import QuickBayesianOptimization, QuickHyperband, QuickRandomSearch
from labkit.tuning import (
    C_GRID,
    SMALL_GRID,
    best_so_far,
    c_trial,
    expected_best,
    grid_configs,
    pick_best,
    quasi_random_configs,
    random_configs,
)


def test_grid_is_cs_grid():
    configs = grid_configs()
    assert len(configs) == 64
    settings = {tuple(c[k] for k in ("hidden", "learning_rate", "l2")) for c in configs}
    assert settings == set(itertools.product(*C_GRID.values()))
    assert [c["hidden"] for c in configs[:16]] == [10] * 16  # hidden size outermost, as [C]'s loops


def test_random_configs_stay_in_the_box_and_repeat_with_the_seed():
    configs = random_configs(200, seed=4)
    assert random_configs(200, seed=4) == configs != random_configs(200, seed=5)
    hidden = np.array([c["hidden"] for c in configs])
    rates = np.array([c["learning_rate"] for c in configs])
    l2 = np.array([c["l2"] for c in configs])
    assert hidden.dtype.kind == "i" and hidden.min() >= 10 and hidden.max() <= 60 and len(set(hidden)) > 30
    assert rates.min() >= 0.05 and rates.max() <= 0.5 and l2.min() >= 1e-4 and l2.max() <= 1e-2
    assert 0.3 < np.mean(np.log10(rates) < np.log10(0.05) + 0.5) < 0.7  # log-uniform: half below the geometric middle


def test_quasi_random_configs_fill_the_box_evenly():
    configs = quasi_random_configs(64, seed=3)
    assert quasi_random_configs(64, seed=3) == configs != quasi_random_configs(64, seed=4)
    rates = np.log10([c["learning_rate"] for c in configs])
    assert min(c["hidden"] for c in configs) >= 10 and max(c["hidden"] for c in configs) <= 60
    counts, _ = np.histogram(rates, bins=8, range=(np.log10(0.05), np.log10(0.5)))
    assert counts.min() >= 6 and counts.max() <= 10  # every eighth of the (log) range gets its share: 8 of 64
    random_counts = [np.histogram(np.log10([c["learning_rate"] for c in random_configs(64, seed=s)]), bins=8,
                                  range=(np.log10(0.05), np.log10(0.5)))[0] for s in range(20)]
    assert np.mean([c.max() - c.min() for c in random_counts]) > counts.max() - counts.min()  # random clumps more


def test_small_grid_spans_the_box():
    configs = grid_configs(SMALL_GRID)
    assert len(configs) == 27 and {c["hidden"] for c in configs} == {10, 35, 60}


def test_expected_best_is_the_mean_best_over_every_subset():
    scores = [0.3, 0.9, 0.5, 0.7, 0.1, 0.6]
    for budget in (1, 2, 4, 6):
        brute = np.mean([max(c) for c in itertools.combinations(scores, budget)])
        assert expected_best(scores, budget) == pytest.approx(brute)
    with pytest.raises(LabkitInputError, match="'budget'"):
        expected_best(scores, 7)


def test_best_so_far_and_pick_best():
    assert best_so_far([0.2, 0.5, 0.4, 0.7]).tolist() == [0.2, 0.5, 0.5, 0.7]
    trials = [{"val_accuracy": 0.8, "n": 1}, {"val_accuracy": 0.9, "n": 2}, {"val_accuracy": 0.9, "n": 3}]
    assert pick_best(trials)["n"] == 2
    with pytest.raises(LabkitInputError, match="'trials'"):
        pick_best([])
    with pytest.raises(LabkitInputError, match="'scores'"):
        best_so_far([])


def test_c_trial_scores():
    split = load_digits_split(seed=0, standardize=True)
    result = c_trial(split, hidden=20, learning_rate=0.5, l2=1e-4, iterations=100, init="glorot_uniform")
    assert set(result) == {"val_accuracy", "val_half_1", "val_half_2", "test_accuracy", "train_accuracy", "seconds"}
    assert result["val_accuracy"] == pytest.approx((result["val_half_1"] + result["val_half_2"]) / 2)
    assert 0.3 < result["val_accuracy"] <= 1.0
    with pytest.raises(LabkitInputError, match="'split'"):
        c_trial((split.x_train, split.y_train), hidden=20, learning_rate=0.5, l2=1e-4)


def test_two_workers_share_one_search(tmp_path):
    storage = tmp_path / "search.journal"
    configs = random_configs(24, seed=1)
    queue_trials(storage, "a", configs[:12], iterations=300, seed=0)
    queue_trials(storage, "b", configs[12:], iterations=300, seed=1)  # another seed: another split
    workers = start_workers(storage, ["a", "b"], n_workers=2)
    seconds = workers.wait()
    assert isinstance(seconds, float) and not workers.running
    results = study_results(storage, "a") + study_results(storage, "b")
    assert len(results) == 24  # every queued trial ran, none twice
    assert [{k: r[k] for k in ("hidden", "learning_rate", "l2")} for r in results] == configs  # in queue order
    assert {r["worker"] for r in results} == {"worker 0", "worker 1"}  # both took part
    assert all(r["iterations"] == 300 for r in results)
    alone = c_trial(load_digits_split(seed=1, standardize=True), iterations=300, init="glorot_uniform", seed=1,
                    **configs[12])
    assert results[12]["val_accuracy"] == alone["val_accuracy"]  # the worker used the trial's own seed's split
    assert "Traceback" not in (tmp_path / "worker0.log").read_text()


def test_the_worker_command_line_documents_itself():
    done = subprocess.run([sys.executable, "-m", "labkit.search_workers", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("usage: python -m labkit.search_workers")
    assert "--storage" in done.stdout


def test_a_missing_study_is_refused_before_any_worker_starts(tmp_path):
    storage = tmp_path / "search.journal"
    queue_trials(storage, "s", grid_configs()[:1], iterations=1)
    with pytest.raises(LabkitInputError, match="'studies'"):
        start_workers(storage, ["s", "no-such-study"], n_workers=1)
    assert not list(tmp_path.glob("worker*.log")), "no worker was started"
    with pytest.raises(LabkitInputError, match="'storage'"):
        start_workers(tmp_path / "missing.journal", ["s"], n_workers=1)


def test_worker_failure_is_reported(tmp_path):
    import time

    from labkit.search_workers import Workers

    log = tmp_path / "worker0.log"
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    workers = Workers([process], [open(log, "w")], [log], time.perf_counter(), tmp_path / "x.journal", [])
    with pytest.raises(RuntimeError, match="worker0.log"):
        workers.wait()


@pytest.mark.parametrize("call, argument", [
    (lambda: queue_trials("x", "s", [{"hidden": 3}], iterations=10), "configs"),
    (lambda: queue_trials("x", "s", grid_configs(), iterations=0), "iterations"),
    (lambda: start_workers("x", "study", n_workers=2), "studies"),
    (lambda: start_workers("x", ["s"], n_workers=0), "n_workers"),
    (lambda: random_configs(-1, seed=0), "n_trials"),
])
def test_bad_arguments(call, argument):
    with pytest.raises(LabkitInputError, match=f"'{argument}'"):
        call()


def _space(hp):
    from labkit.models import build_mlp

    return build_mlp(64, 10, width=hp.Int("units", 8, 32, step=8),
                     optimizer=hp.Choice("optimizer", ["adam", "rmsprop"]))


@pytest.mark.parametrize("tuner_class, options", [
    (QuickRandomSearch, {"max_trials": 2}),
    (QuickHyperband, {"max_epochs": 2, "factor": 2}),
    (QuickBayesianOptimization, {"max_trials": 3, "num_initial_points": 2}),
])
def test_quick_tuners_search_without_checkpoints(tmp_path, tuner_class, options):
    split = load_digits_split(seed=0, standardize=True, n_train=300)
    tuner = tuner_class(_space, objective="val_accuracy", directory=tmp_path, project_name="p", overwrite=True, seed=0,
                        **options)
    tuner.search(split.x_train, split.y_train, validation_data=(split.x_val, split.y_val), epochs=2, batch_size=64,
                 verbose=0)
    scores = [t.score for t in tuner.oracle.trials.values()]
    assert len(scores) >= 2 and all(s is not None and 0 < s <= 1 for s in scores)  # accuracies, not losses
    assert not list(Path(tmp_path).rglob("*.weights.h5"))
