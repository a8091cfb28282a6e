"""Exercises 07–12: each check accepts its reference solution, calls an untouched stub "not yet", and rejects real
learners' mistakes — ignored settings, wrong axes and rules that agree by coincidence, inputs changed in place,
library calls in by-hand exercises, boundaries read without the stated tolerance — with a message that says what
differs; no hint gives away a line of the reference solution."""
import inspect
from collections import Counter

import numpy as np
import pytest
from conftest import solutions, stub
from scipy import stats

from labkit import checks
from labkit.diagnostics import diagnose
from labkit.exercises import (
    ex07_normalization,
    ex08_clipping,
    ex09_optimizers,
    ex10_ensembles,
    ex11_tuning,
    ex12_capstone,
)
from labkit.models import build_mlp

S07, S08, S09, S10, S11, S12 = solutions("07", "08", "09", "10", "11", "12")



# --- 07.1 standardise with the training statistics -----------------------------------------------------------
def std_in_place(x_train, x_other):
    mean, sd = x_train.mean(axis=0), x_train.std(axis=0)
    x_train -= mean
    x_train /= sd
    return x_train, (x_other - mean) / sd


def std_one_mean_for_all(x_train, x_other):  # no axis: one mean and one SD for the whole table
    mean, sd = x_train.mean(), x_train.std()
    return (x_train - mean) / sd, (x_other - mean) / sd


def std_by_variance(x_train, x_other):
    mean, var = x_train.mean(axis=0), x_train.var(axis=0)
    return (x_train - mean) / var, (x_other - mean) / var


def std_only_centred(x_train, x_other):
    mean = x_train.mean(axis=0)
    return x_train - mean, x_other - mean


def std_other_sd(x_train, x_other):  # training mean, but the other rows' own SD
    mean = x_train.mean(axis=0)
    return (x_train - mean) / x_train.std(axis=0), (x_other - mean) / x_other.std(axis=0)


def std_min_max(x_train, x_other):
    low, high = x_train.min(axis=0), x_train.max(axis=0)
    return (x_train - low) / (high - low), (x_other - low) / (high - low)


# --- 07.2 batch norm ----------------------------------------------------------------------------------------
def bn_eps_outside_root(z, gamma, beta, eps=1e-3):
    return gamma * (z - z.mean(0)) / (np.sqrt(z.var(0)) + eps) + beta


def bn_sample_variance(z, gamma, beta, eps=1e-3):
    return gamma * (z - z.mean(0)) / np.sqrt(z.var(0, ddof=1) + eps) + beta


def bn_ignores_eps(z, gamma, beta, eps=1e-3):
    return gamma * (z - z.mean(0)) / np.sqrt(z.var(0) + 1e-3) + beta


def bn_in_place(z, gamma, beta, eps=1e-3):
    var = z.var(0)
    z -= z.mean(0)
    return gamma * z / np.sqrt(var + eps) + beta


def bn_gamma_beta_swapped(z, gamma, beta, eps=1e-3):
    return beta * (z - z.mean(0)) / np.sqrt(z.var(0) + eps) + gamma


def bn_one_mean_for_all(z, gamma, beta, eps=1e-3):
    return gamma * (z - z.mean()) / np.sqrt(z.var() + eps) + beta


# --- 08.1 clip by norm --------------------------------------------------------------------------------------
def norm_calls_tf(grads, c):
    import tensorflow as tf

    return [tf.clip_by_norm(g, c).numpy() for g in grads]


def norm_per_row(grads, c):
    out = []
    for g in grads:
        norm = np.linalg.norm(g, axis=-1, keepdims=True)
        out.append(np.where(norm > c, g * c / np.maximum(norm, 1e-300), g))
    return out


def norm_spectral(grads, c):  # np.linalg.norm(g, 2) is the largest singular value of a matrix
    out = []
    for g in grads:
        norm = np.linalg.norm(g, 2) if g.ndim <= 2 else np.linalg.norm(g)
        out.append(g * (c / norm) if norm > c else g.copy())
    return out


def norm_in_place(grads, c):
    for g in grads:
        norm = np.linalg.norm(g)
        if norm > c:
            g *= c / norm
    return grads


def norm_largest_entry(grads, c):
    out = []
    for g in grads:
        norm = np.abs(g).max()
        out.append(g * (c / norm) if norm > c else g.copy())
    return out


def norm_global(grads, c):  # one factor for all: that is 08.2
    return S08.clip_by_global_norm(grads, c)


def norm_replaces_items(grads, c):
    for index, g in enumerate(grads):
        norm = np.linalg.norm(g)
        if norm > c:
            grads[index] = g * (c / norm)
    return grads


# --- 08.2 clip by global norm -------------------------------------------------------------------------------
def global_calls_tf(grads, c):
    import tensorflow as tf

    return [t.numpy() for t in tf.clip_by_global_norm(list(grads), c)[0]]


def global_no_root(grads, c):
    total = sum(np.sum(g**2) for g in grads)
    return [g * (c / total) if total > c else g.copy() for g in grads]


def global_largest_norm(grads, c):
    total = max(np.linalg.norm(g) for g in grads)
    return [g * (c / total) if total > c else g.copy() for g in grads]


def global_only_big_arrays(grads, c):  # the global factor, but only on the arrays that are above c themselves
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [g * (c / total) if total > c and np.linalg.norm(g) > c else g.copy() for g in grads]


def global_in_place(grads, c):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    if total > c:
        for g in grads:
            g *= c / total
    return grads


def global_root_mean_square(grads, c):
    total = np.sqrt(np.mean(np.concatenate([g.ravel() ** 2 for g in grads])))
    return [g * (c / total) if total > c else g.copy() for g in grads]


def global_nan_on_zero(grads, c):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    with np.errstate(divide="ignore", invalid="ignore"):
        return [g * min(1.0, c / total) if total else g * np.nan for g in grads]


# --- 09.1 momentum ------------------------------------------------------------------------------------------
def momentum_pytorch_velocity(w, grad, velocity, learning_rate, momentum=0.9):  # same w path, other velocity
    velocity = momentum * velocity + grad
    return w - learning_rate * velocity, velocity


def momentum_rate_outside(w, grad, velocity, learning_rate, momentum=0.9):  # same w path, velocity / η
    velocity = momentum * velocity - grad
    return w + learning_rate * velocity, velocity


def momentum_in_place(w, grad, velocity, learning_rate, momentum=0.9):
    velocity *= momentum
    velocity -= learning_rate * grad
    return w + velocity, velocity


def momentum_nesterov(w, grad, velocity, learning_rate, momentum=0.9):
    velocity = momentum * velocity - learning_rate * grad
    return w + momentum * velocity - learning_rate * grad, velocity


def momentum_ignores_setting(w, grad, velocity, learning_rate, momentum=0.9):
    velocity = 0.9 * velocity - learning_rate * grad
    return w + velocity, velocity


def momentum_damped(w, grad, velocity, learning_rate, momentum=0.9):  # an average of the steps, not a sum
    velocity = momentum * velocity - (1 - momentum) * learning_rate * grad
    return w + velocity, velocity


# --- 09.2 Adam ----------------------------------------------------------------------------------------------
def _adam(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon, *, t_shift=0, root_eps=False, corrected=False,
          square=True):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * (grad**2 if square else np.abs(grad))
    m_hat, v_hat = m / (1 - beta_1 ** (t + t_shift)), v / (1 - beta_2 ** (t + t_shift))
    step = m_hat / (np.sqrt(v_hat + epsilon) if root_eps else np.sqrt(v_hat) + epsilon)
    return w - learning_rate * step, (m_hat if corrected else m), (v_hat if corrected else v)


def adam_eps_inside_root(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return _adam(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon, root_eps=True)


def adam_returns_corrected(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return _adam(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon, corrected=True)


def adam_t_plus_one(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return _adam(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon, t_shift=1)


def adam_default_betas(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return _adam(w, grad, m, v, t, learning_rate, 0.9, 0.999, epsilon)


def adam_default_epsilon(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return _adam(w, grad, m, v, t, learning_rate, beta_1, beta_2, 1e-7)


def adam_in_place(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m *= beta_1
    m += (1 - beta_1) * grad
    v *= beta_2
    v += (1 - beta_2) * grad**2
    return w - learning_rate * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon), m, v


def adam_abs_not_square(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return _adam(w, grad, m, v, t, learning_rate, beta_1, beta_2, epsilon, square=False)


# --- 10.1 majority vote -------------------------------------------------------------------------------------
def vote_calls_scipy(predictions):
    return stats.mode(predictions, axis=0).mode


def vote_median(predictions):  # the majority of three binary votes, by coincidence
    return np.median(predictions, axis=0).astype(int)


def vote_counter_first_seen(predictions):  # Counter keeps the first label seen among ties
    return np.array([Counter(column.tolist()).most_common(1)[0][0] for column in np.asarray(predictions).T])


def vote_binary_only(predictions):
    return (np.mean(predictions, axis=0) > 0.5).astype(int)


def vote_sorts_in_place(predictions):
    predictions.sort(axis=0)
    return S10.my_majority_vote(predictions)


def vote_labels_off_by_one(predictions):  # range(max) misses the largest label
    counts = np.stack([np.sum(predictions == label, axis=0) for label in range(max(predictions.max(), 1))])
    return counts.argmax(axis=0)


def vote_first_member_on_ties(predictions):
    predictions = np.asarray(predictions)
    out = []
    for column in predictions.T:
        counts = np.bincount(column)
        out.append(column[0] if np.sum(counts == counts.max()) > 1 else counts.argmax())
    return np.array(out)


# --- 10.2 pairwise correlation ------------------------------------------------------------------------------
def corr_calls_corrcoef(outputs):
    return np.corrcoef(outputs)


def corr_from_cov(outputs):
    sd = np.std(outputs, axis=1, ddof=1)
    return np.cov(outputs) / np.outer(sd, sd)


def corr_pearsonr_pairs(outputs):
    n = len(outputs)
    return np.array([[stats.pearsonr(outputs[a], outputs[b]).statistic for b in range(n)] for a in range(n)])


def corr_centred_by_column(outputs):
    centred = outputs - outputs.mean(axis=0, keepdims=True)
    norms = np.sqrt((centred**2).sum(axis=1))
    return centred @ centred.T / np.outer(norms, norms)


def corr_mixed_n(outputs):  # covariance with n - 1, standard deviations with n
    centred = outputs - outputs.mean(axis=1, keepdims=True)
    sd = outputs.std(axis=1)
    return centred @ centred.T / (outputs.shape[1] - 1) / np.outer(sd, sd)


def corr_in_place(outputs):
    outputs -= outputs.mean(axis=1, keepdims=True)
    norms = np.sqrt((outputs**2).sum(axis=1))
    return outputs @ outputs.T / np.outer(norms, norms)


# --- 11.1 a search space ------------------------------------------------------------------------------------
def space(hp, *, activations=("relu", "elu", "tanh"), dropout_step=0.1, uses_activation=True, uses_dropout=True,
          optimizer="adam", max_layers=4):
    width = hp.Int("units", 32, 256, step=32)
    layers = hp.Int("layers", 1, max_layers)
    activation = hp.Choice("activation", list(activations))
    dropout = hp.Float("dropout", 0.0, 0.5, step=dropout_step)
    rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling="log")
    return build_mlp(64, 10, width=width, depth=layers, activation=activation if uses_activation else "relu",
                     dropout=dropout if uses_dropout else 0.0, learning_rate=rate, optimizer=optimizer)


def space_ignores_activation(hp):  # registers the choice, always builds relu
    return space(hp, uses_activation=False)


def space_ignores_dropout(hp):  # registers the rate, never drops out
    return space(hp, uses_dropout=False)


def space_sgd(hp):
    return space(hp, optimizer="sgd")


def space_without_tanh(hp):
    return space(hp, activations=("relu", "elu"))


def space_dropout_step_005(hp):
    return space(hp, dropout_step=0.05)


def space_five_layers(hp):
    return space(hp, max_layers=5)


# --- 11.2 choose on validation, report on test --------------------------------------------------------------
def _setting(trial):
    return {k: v for k, v in trial.items() if k not in ("val_accuracy", "test_accuracy")}


def pick_lowest(trials):
    best = min(trials, key=lambda t: t["val_accuracy"])
    return _setting(best), best["test_accuracy"]


def pick_pops_scores(trials):
    best = max(trials, key=lambda t: t["val_accuracy"])
    test = best.pop("test_accuracy")
    best.pop("val_accuracy")
    return best, test


def pick_ties_by_test(trials):
    best = max(trials, key=lambda t: (t["val_accuracy"], t["test_accuracy"]))
    return _setting(best), best["test_accuracy"]


def pick_starts_at_half(trials):
    best, best_val = None, 0.5
    for trial in trials:
        if trial["val_accuracy"] > best_val:
            best, best_val = trial, trial["val_accuracy"]
    return _setting(best), best["test_accuracy"]


def pick_best_test_reported(trials):  # the right setting, but the best test score of all
    best = max(trials, key=lambda t: t["val_accuracy"])
    return _setting(best), max(t["test_accuracy"] for t in trials)


def pick_skips_last(trials):
    best = trials[0]
    for trial in trials[1:-1]:
        if trial["val_accuracy"] > best["val_accuracy"]:
            best = trial
    return _setting(best), best["test_accuracy"]


# --- 12.1 name the problem ----------------------------------------------------------------------------------
def diagnose_subtracts_without_tolerance(train_accuracy, val_accuracy, baseline_accuracy):
    if train_accuracy - baseline_accuracy < 0.10:
        return "learning"
    if train_accuracy - val_accuracy > 0.05:
        return "generalization"
    return "ok"


def diagnose_adds_without_tolerance(train_accuracy, val_accuracy, baseline_accuracy):  # labkit's own comparison
    if train_accuracy < baseline_accuracy + 0.10:
        return "learning"
    if train_accuracy > val_accuracy + 0.05:
        return "generalization"
    return "ok"


def diagnose_learning_on_validation(train_accuracy, val_accuracy, baseline_accuracy):  # train and val swapped
    if val_accuracy - baseline_accuracy < 0.10 - 1e-9:
        return "learning"
    if train_accuracy - val_accuracy > 0.05 + 1e-9:
        return "generalization"
    return "ok"


def diagnose_relative_margin(train_accuracy, val_accuracy, baseline_accuracy):  # 10 % of the baseline
    if train_accuracy < baseline_accuracy * 1.10:
        return "learning"
    if train_accuracy - val_accuracy > 0.05 + 1e-9:
        return "generalization"
    return "ok"


def diagnose_relative_gap(train_accuracy, val_accuracy, baseline_accuracy):  # 5 % of the validation accuracy
    if train_accuracy - baseline_accuracy < 0.10 - 1e-9:
        return "learning"
    if train_accuracy > val_accuracy * 1.05:
        return "generalization"
    return "ok"


def diagnose_in_percent(train_accuracy, val_accuracy, baseline_accuracy):
    if train_accuracy < baseline_accuracy + 10:
        return "learning"
    if train_accuracy - val_accuracy > 5:
        return "generalization"
    return "ok"


def diagnose_other_words(train_accuracy, val_accuracy, baseline_accuracy):
    return {"learning": "underfitting", "generalization": "overfitting"}.get(
        S12.my_diagnose(train_accuracy, val_accuracy, baseline_accuracy), "ok")


# --- 12.2 epochs to a level ---------------------------------------------------------------------------------
def reach_returns_inside_loop(curve, target):  # the else is indented one level too deep
    for epoch, value in enumerate(curve, start=1):
        if value >= target:
            return epoch
        else:
            return None


def reach_best_epoch(curve, target):
    return int(np.argmax(curve)) + 1 if max(curve) >= target else None


def reach_argmax_of_mask(curve, target):  # np.argmax of an all-False mask is 0
    return int(np.argmax(np.asarray(curve) >= target)) + 1


def reach_last_epoch_reaching(curve, target):
    reached = [epoch for epoch, value in enumerate(curve, start=1) if value >= target]
    return reached[-1] if reached else None


def reach_sorts(curve, target):
    first = S12.my_epochs_to_reach(curve, target)
    curve.sort()
    return first


def reach_false_when_never(curve, target):
    for epoch, value in enumerate(curve, start=1):
        if value >= target:
            return epoch
    return False


def reach_max_first(curve, target):  # max([]) raises on an empty curve
    if max(curve) < target:
        return None
    return S12.my_epochs_to_reach(curve, target)


CASES = {  # check: (reference solution, [(wrong answer, a phrase its message must contain)])
    ex07_normalization.check_standardize_with_train_stats: (S07.standardize_with_train_stats, [
        (std_in_place, "changed its input `x_train` in place"), (std_one_mean_for_all, "training rows differs"),
        (std_by_variance, "training rows differs"), (std_only_centred, "training rows differs"),
        (std_other_sd, "*training* mean and SD"), (std_min_max, "training rows differs")]),
    ex07_normalization.check_batch_norm_forward: (S07.batch_norm_forward, [
        (bn_eps_outside_root, "Keras"), (bn_sample_variance, "variance should be about 1"),
        (bn_ignores_eps, "eps=0.1"), (bn_in_place, "changed its input `z` in place"),
        (bn_gamma_beta_swapped, "mean should be 0"), (bn_one_mean_for_all, "mean should be 0")]),
    ex08_clipping.check_clip_by_norm: (S08.clip_by_norm, [
        (norm_calls_tf, "without calling tf.clip_by_norm"), (norm_per_row, "array 0 differs"),
        (norm_spectral, "array 0 differs"), (norm_in_place, "changed its input `grads` in place"),
        (norm_largest_entry, "differs"), (norm_global, "array 0 differs"),
        (norm_replaces_items, "changed its input `grads` in place")]),
    ex08_clipping.check_clip_by_global_norm: (S08.clip_by_global_norm, [
        (global_calls_tf, "without calling tf.clip_by_global_norm"), (global_no_root, "differs"),
        (global_largest_norm, "differs"), (global_only_big_arrays, "differs"),
        (global_in_place, "changed its input `grads` in place"), (global_root_mean_square, "differs"),
        (global_nan_on_zero, "got nan")]),
    ex09_optimizers.check_momentum_step: (S09.momentum_step, [
        (momentum_pytorch_velocity, "the velocity you return"), (momentum_rate_outside, "the velocity you return"),
        (momentum_in_place, "changed its input `velocity` in place"), (momentum_nesterov, "against Keras"),
        (momentum_ignores_setting, "momentum=0.5"), (momentum_damped, "against Keras")]),
    ex09_optimizers.check_adam_step: (S09.adam_step, [
        (adam_eps_inside_root, "gradients of size about 0.001"), (adam_returns_corrected, "differs"),
        (adam_t_plus_one, "differs"),
        (adam_default_betas, "'beta_1': 0.5"), (adam_default_epsilon, "'epsilon': 0.001"),
        (adam_in_place, "in place"), (adam_abs_not_square, "differs")]),
    ex10_ensembles.check_majority_vote: (S10.my_majority_vote, [
        (vote_calls_scipy, "without calling scipy.stats.mode"), (vote_median, "the majority"),
        (vote_counter_first_seen, "ties to the smallest label"), (vote_binary_only, "the majority"),
        (vote_sorts_in_place, "changed its input `predictions` in place"), (vote_labels_off_by_one, "the majority"),
        (vote_first_member_on_ties, "ties to the smallest label")]),
    ex10_ensembles.check_pairwise_correlation: (S10.my_pairwise_correlation, [
        (corr_calls_corrcoef, "without calling np.corrcoef"), (corr_from_cov, "without calling np.cov"),
        (corr_pearsonr_pairs, "without calling scipy.stats.pearsonr"), (corr_centred_by_column, "against np.corrcoef"),
        (corr_mixed_n, "against np.corrcoef"), (corr_in_place, "changed its input `outputs` in place")]),
    ex11_tuning.check_search_space: (S11.build_model, [
        (space_ignores_activation, "pass hp's activation"), (space_ignores_dropout, "pass hp's dropout"),
        (space_sgd, "asks for Adam"), (space_without_tanh, "'activation': values"),
        (space_dropout_step_005, "'dropout': step"), (space_five_layers, "'layers': max_value")]),
    ex11_tuning.check_pick_and_report: (S11.pick_and_report, [
        (pick_lowest, "best validation accuracy"), (pick_pops_scores, "changed its input `trials` in place"),
        (pick_ties_by_test, "first among ties"), (pick_starts_at_half, "raised AttributeError"),
        (pick_best_test_reported, "report the chosen trial's test accuracy"),
        (pick_skips_last, "best validation accuracy")]),
    ex12_capstone.check_diagnose: (S12.my_diagnose, [
        (diagnose_subtracts_without_tolerance, "exactly on a boundary"),
        (diagnose_adds_without_tolerance, "exactly on a boundary"),
        (diagnose_learning_on_validation, "validation 0.45"), (diagnose_relative_margin, "baseline 0.4"),
        (diagnose_relative_gap, "the rule says 'ok'"), (diagnose_in_percent, "the rule says"),
        (diagnose_other_words, "return one of")]),
    ex12_capstone.check_epochs_to_reach: (S12.my_epochs_to_reach, [
        (reach_returns_inside_loop, "return None only after the loop"), (reach_best_epoch, "expected 3"),
        (reach_argmax_of_mask, "expected None"), (reach_last_epoch_reaching, "expected"),
        (reach_sorts, "changed its input `curve` in place"), (reach_false_when_never, "expected None"),
        (reach_max_first, "raised ValueError")]),
}

ALL = list(CASES)
WRONGS = [(check, wrong, phrase) for check, (_, wrongs) in CASES.items() for wrong, phrase in wrongs]


@pytest.mark.parametrize("check", ALL, ids=lambda c: c.__name__)
def test_reference_passes_and_stub_is_not_yet(check):
    solution, wrongs = CASES[check]
    assert check(solution).status == "pass", check(solution)
    assert check(stub).status == "not yet"
    assert len(wrongs) >= 5


@pytest.mark.parametrize("check, wrong, phrase", WRONGS, ids=[f"{c.__name__}-{w.__name__}" for c, w, _ in WRONGS])
def test_a_real_mistake_is_wrong_and_says_what_differs(check, wrong, phrase):
    result = check(wrong)
    assert result.status == "wrong", result
    assert phrase in result.message, result.message
    assert "Hint:" in result.message and "\n" not in repr(result)


def _solution_lines(function) -> list[str]:
    """The reference solution's lines (not the def line), stripped, each also without its comment."""
    lines = inspect.getsource(function).splitlines()[1:]
    out = set()
    for line in lines:
        for text in (line.strip(), line.split("  #")[0].strip()):
            if any(ch.isalnum() for ch in text) and not text.startswith("#"):
                out.add(text)
    return sorted(out)


@pytest.mark.parametrize("check", ALL, ids=lambda c: c.__name__)
def test_hints_are_graded_and_never_give_a_line_of_the_solution(check):
    solution, wrongs = CASES[check]
    title = check(wrongs[0][0]).exercise
    checks._MISSES.pop(title, None)
    first = check(wrongs[0][0]).message.split("Hint: ", 1)[1]
    second = check(wrongs[0][0]).message.split("Hint: ", 1)[1]
    assert second.startswith(first + " — ") and len(second) > len(first) + 20, "the formula comes on the second miss"
    for line in _solution_lines(solution):
        assert line not in second, f"the hint of {title} gives away the line {line!r}"


def test_labkits_diagnosis_reads_the_boundaries_as_the_lesson_states():
    assert diagnose(0.5, 0.5, 0.4) == "ok"  # 0.5 - 0.4 is a little less than 0.1 in floating point: on the boundary
    assert diagnose(0.30, 0.30, 0.20) == "ok"  # exercise 12.1's text
    assert diagnose(0.9, 0.85, 0.4) == "ok"  # a gap of 0.05 (0.0500000000000000044 in floating point)
    assert diagnose(0.5 - 2e-9, 0.5, 0.4) == "learning" and diagnose(0.9, 0.85 - 2e-9, 0.4) == "generalization"
    near = [case for case in ex12_capstone._CASES
            if abs((case[0] - case[2]) - 0.10) < 1e-6 or abs((case[0] - case[1]) - 0.05) < 1e-6]
    assert near, "the check has cases on the boundaries"
    for train, val, base in near:  # on a boundary: learned, and ok unless the other test fails
        assert diagnose(train, val, base) in ("ok", "generalization")
