"""Every exercise check accepts its reference solution and rejects plausible wrong answers."""
import numpy as np
import pytest
from conftest import solutions, stub

from labkit.exercises.ex00_baseline import check_majority_baseline, check_split_three_ways
from labkit.exercises.ex01_initialization import check_glorot_uniform, check_he_normal
from labkit.exercises.ex02_gradients import check_dead_unit_fraction, check_sigmoid_derivative
from labkit.exercises.ex03_penalties import check_decay_step, check_l1_step
from labkit.exercises.ex04_dropout import check_classic_dropout_inference, check_inverted_dropout
from labkit.exercises.ex05_early_stopping import check_patience_rule, check_patience_rule_min_delta
from labkit.exercises.ex06_augmentation import check_random_shifts, check_shift_image
from labkit.exercises.ex07_normalization import check_batch_norm_forward, check_standardize_with_train_stats
from labkit.exercises.ex08_clipping import check_clip_by_global_norm, check_clip_by_norm
from labkit.exercises.ex09_optimizers import check_adam_step, check_momentum_step
from labkit.exercises.ex10_ensembles import check_majority_vote, check_pairwise_correlation
from labkit.exercises.ex11_tuning import check_pick_and_report, check_search_space
from labkit.exercises.ex12_capstone import check_diagnose, check_epochs_to_reach
from labkit.models import build_mlp

S00, S01, S02, S03, S04, S05, S06, S07, S08, S09, S10, S11, S12 = solutions(
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"
)



# --- 00 -----------------------------------------------------------------------------------------
def split_60_40(n_rows, seed):  # forgot the validation part
    order = np.random.default_rng(seed).permutation(n_rows)
    cut = round(0.6 * n_rows)
    return order[:cut], order[cut:cut], order[cut:]


def split_remainder(n_rows, seed):  # validation is 20 % of the remainder: 64/16/20
    order = np.random.default_rng(seed).permutation(n_rows)
    n_test = round(0.2 * n_rows)
    n_val = round(0.2 * (n_rows - n_test))
    return order[n_test + n_val:], order[n_test:n_test + n_val], order[:n_test]


def split_unshuffled(n_rows, seed):
    order = np.arange(n_rows)
    n = round(0.2 * n_rows)
    return order[2 * n:], order[n:2 * n], order[:n]


def split_overlapping(n_rows, seed):  # validation drawn with replacement from all rows
    rng = np.random.default_rng(seed)
    train, val, test = S00.split_three_ways(n_rows, seed)
    return train, rng.choice(n_rows, len(val)), test


def split_unseeded(n_rows, seed):
    return S00.split_three_ways(n_rows, np.random.randint(10**6))


def majority_from_test(y_train, y_test):
    return float(np.mean(y_test == np.bincount(y_test).argmax()))


def majority_count(y_train, y_test):
    return int(np.sum(y_test == np.bincount(y_train).argmax()))


def majority_on_train(y_train, y_test):
    return float(np.mean(y_train == np.bincount(y_train).argmax()))


# --- 01 -----------------------------------------------------------------------------------------
def he_fan_out(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / fan_out), size=(fan_in, fan_out))


def he_no_two(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(1 / fan_in), size=(fan_in, fan_out))


def he_transposed(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / fan_in), size=(fan_out, fan_in))


def he_variance_as_std(fan_in, fan_out, rng):
    return rng.normal(0, 2 / fan_in, size=(fan_in, fan_out))


def he_uniform_same_std(fan_in, fan_out, rng):
    limit = np.sqrt(3) * np.sqrt(2 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_article(fan_in, fan_out, rng):  # the article's "Xavier"
    limit = 1 / np.sqrt(fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_fan_in_only(fan_in, fan_out, rng):
    limit = np.sqrt(6 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_normal_instead(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


# --- 02 -----------------------------------------------------------------------------------------
def sigmoid_itself(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_plus(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 + s)


def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2


def dead_share_of_entries(a):
    return float(np.mean(a == 0))


def dead_by_rows(a):
    return float(np.mean(np.all(a == 0, axis=1)))


def dead_negative_only(a):
    return float(np.mean(np.all(a < 0, axis=0)))


# --- 03 -----------------------------------------------------------------------------------------
def decay_without_rate(w, grad, learning_rate, decay):  # decay not scaled by the learning rate
    return w * (1 - decay) - learning_rate * grad


def decay_in_place(w, grad, learning_rate, decay):
    w -= learning_rate * (grad + decay * w)
    return w


def decay_as_l1(w, grad, learning_rate, decay):
    return w - learning_rate * (grad + decay * np.sign(w))


def decay_wrong_sign(w, grad, learning_rate, decay):
    return w * (1 - learning_rate * decay) + learning_rate * grad


def l1_as_l2(w, grad, learning_rate, l1):
    return w - learning_rate * (grad + l1 * w)


def l1_pushes_away(w, grad, learning_rate, l1):
    return w - learning_rate * grad + learning_rate * l1 * np.sign(w)


def l1_abs_not_sign(w, grad, learning_rate, l1):
    return w - learning_rate * (grad + l1 * np.abs(w))


def l1_sign_of_zero_is_one(w, grad, learning_rate, l1):
    return w - learning_rate * (grad + l1 * np.where(w >= 0, 1.0, -1.0))


# --- 04 -----------------------------------------------------------------------------------------
def dropout_not_scaled(a, rate, rng):  # the original training rule
    return np.where(rng.random(a.shape) >= rate, a, 0.0)


def dropout_scaled_by_rate(a, rate, rng):
    return np.where(rng.random(a.shape) >= rate, a / rate, 0.0)


def dropout_keeps_rate(a, rate, rng):  # keeps with probability rate instead of 1 - rate
    return np.where(rng.random(a.shape) < rate, a / (1 - rate), 0.0)


def dropout_unseeded(a, rate, rng):
    return np.where(np.random.random(a.shape) >= rate, a / (1 - rate), 0.0)


def dropout_in_place(a, rate, rng):
    a[rng.random(a.shape) < rate] = 0.0
    a /= 1 - rate
    return a


def classic_times_rate(a, rate):
    return a * rate


def classic_divided(a, rate):
    return a / (1 - rate)


def classic_unchanged(a, rate):
    return a.copy()


# --- 05 -----------------------------------------------------------------------------------------
def patience_zero_based(val_losses, patience):
    stop, best = S05.patience_stop(val_losses, patience)
    return stop - 1, best - 1


def patience_global_minimum(val_losses, patience):  # best = lowest loss anywhere, even after the stop
    stop, _ = S05.patience_stop(val_losses, patience)
    return stop, int(np.argmin(val_losses)) + 1


def patience_one_late(val_losses, patience):  # waits patience + 1 epochs
    return S05.patience_stop(val_losses, patience + 1)


def patience_ties_improve(val_losses, patience):  # <= instead of <
    best, best_epoch, waited = val_losses[0], 1, 0
    for epoch in range(2, len(val_losses) + 1):
        waited += 1
        if val_losses[epoch - 1] <= best:
            best, best_epoch, waited = val_losses[epoch - 1], epoch, 0
        elif waited >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch


def patience_ignores_delta(val_losses, patience, min_delta):
    return S05.patience_stop(val_losses, patience)


def patience_delta_wrong_way(val_losses, patience, min_delta):  # loss < best + min_delta
    return S05.patience_stop_min_delta(val_losses, patience, -min_delta)


# --- 06 -----------------------------------------------------------------------------------------
def shift_wraps_around(image, dx, dy):  # np.roll alone: pixels come back on the other side
    return np.roll(image, (dy, dx), axis=(0, 1))


def shift_axes_swapped(image, dx, dy):
    return S06.shift_image(image, dy, dx)


def shift_wrong_direction(image, dx, dy):
    return S06.shift_image(image, -dx, -dy)


def shifts_all_the_same(images, rng):  # one draw for the whole batch
    dx, dy = rng.integers(-1, 2), rng.integers(-1, 2)
    return np.stack([S06.shift_image(image, dx, dy) for image in images])


def shifts_unseeded(images, rng):
    return S06.random_shifts(images, np.random.default_rng())


def shifts_too_far(images, rng):
    return np.stack([S06.shift_image(image, rng.integers(-2, 3), rng.integers(-2, 3)) for image in images])


def shifts_only_right(images, rng):
    return np.stack([S06.shift_image(image, rng.integers(0, 2), rng.integers(0, 2)) for image in images])


# --- 07 -----------------------------------------------------------------------------------------
def standardize_on_all_rows(x_train, x_other):  # the leak
    both = np.concatenate([x_train, x_other])
    mean, sd = both.mean(axis=0), both.std(axis=0)
    return (x_train - mean) / sd, (x_other - mean) / sd


def standardize_each_separately(x_train, x_other):
    return (x_train - x_train.mean(0)) / x_train.std(0), (x_other - x_other.mean(0)) / x_other.std(0)


def standardize_by_rows(x_train, x_other):
    mean, sd = x_train.mean(axis=1, keepdims=True), x_train.std(axis=1, keepdims=True)
    return (x_train - mean) / sd, (x_other - x_other.mean(axis=1, keepdims=True)) / x_other.std(axis=1, keepdims=True)


def standardize_ddof1(x_train, x_other):
    mean, sd = x_train.mean(axis=0), x_train.std(axis=0, ddof=1)
    return (x_train - mean) / sd, (x_other - mean) / sd


def bn_no_eps(z, gamma, beta, eps=1e-3):
    return gamma * (z - z.mean(0)) / z.std(0) + beta


def bn_over_rows(z, gamma, beta, eps=1e-3):
    return gamma * (z - z.mean(1, keepdims=True)) / np.sqrt(z.var(1, keepdims=True) + eps) + beta


def bn_variance_not_sd(z, gamma, beta, eps=1e-3):
    return gamma * (z - z.mean(0)) / (z.var(0) + eps) + beta


def bn_shift_then_scale(z, gamma, beta, eps=1e-3):
    return gamma * ((z - z.mean(0)) / np.sqrt(z.var(0) + eps) + beta)


# --- 08 -----------------------------------------------------------------------------------------
def norm_always_rescales(grads, c):
    return [g * (c / np.linalg.norm(g)) for g in grads]


def norm_by_value(grads, c):
    return [np.clip(g, -c, c) for g in grads]


def norm_squared(grads, c):
    return [g * (c / np.sum(g**2)) if np.sum(g**2) > c else g.copy() for g in grads]


def global_per_array(grads, c):  # clips each array on its own
    return S08.clip_by_norm(grads, c)


def global_sum_of_norms(grads, c):  # adds norms instead of squares
    total = sum(np.linalg.norm(g) for g in grads)
    return [g * (c / total) if total > c else g.copy() for g in grads]


def global_always(grads, c):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [g * (c / total) for g in grads]


# --- 09 -----------------------------------------------------------------------------------------
def momentum_plain_sgd(w, grad, velocity, learning_rate, momentum=0.9):
    return w - learning_rate * grad, velocity


def momentum_wrong_sign(w, grad, velocity, learning_rate, momentum=0.9):
    velocity = momentum * velocity + learning_rate * grad
    return w + velocity, velocity


def momentum_forgets_velocity(w, grad, velocity, learning_rate, momentum=0.9):  # returns the old velocity
    new_velocity = momentum * velocity - learning_rate * grad
    return w + new_velocity, velocity


def adam_no_bias_correction(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def adam_variance_not_root(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    return w - learning_rate * (m / (1 - beta_1**t)) / (v / (1 - beta_2**t) + epsilon), m, v


def adam_swapped_betas(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return S09.adam_step(w, grad, m, v, t, learning_rate=learning_rate, beta_1=beta_2, beta_2=beta_1, epsilon=epsilon)


# --- 10 -----------------------------------------------------------------------------------------
def vote_by_mean(predictions):  # right for two classes only
    return np.round(np.mean(predictions, axis=0)).astype(int)


def vote_wrong_axis(predictions):  # a vote per member instead of per sample
    predictions = np.asarray(predictions)
    return np.array([np.bincount(row).argmax() for row in predictions])


def vote_ties_to_largest(predictions):
    predictions = np.asarray(predictions)
    counts = np.stack([np.sum(predictions == label, axis=0) for label in range(predictions.max() + 1)])
    return counts.shape[0] - 1 - counts[::-1].argmax(axis=0)


def correlation_covariance(outputs):  # forgot to divide by the spreads
    return np.cov(outputs)


def correlation_not_centred(outputs):  # cosine similarity
    outputs = np.asarray(outputs, dtype=float)
    norms = np.sqrt((outputs**2).sum(axis=1))
    return outputs @ outputs.T / np.outer(norms, norms)


def correlation_between_samples(outputs):
    return np.corrcoef(np.asarray(outputs).T)


# --- 11 -----------------------------------------------------------------------------------------
def reference_space(hp, *, units_step=32, rate_sampling="log", uses_layers=True, has_dropout=True):
    """Exercise 11.1's reference search space; each wrong answer below changes one thing of it."""
    width = hp.Int("units", 32, 256, step=units_step)
    layers = hp.Int("layers", 1, 4)
    activation = hp.Choice("activation", ["relu", "elu", "tanh"])
    dropout = {"dropout": hp.Float("dropout", 0.0, 0.5, step=0.1)} if has_dropout else {}
    rate = hp.Float("learning_rate", 1e-4, 1e-2, sampling=rate_sampling)
    return build_mlp(64, 10, width=width, depth=layers if uses_layers else 1, activation=activation,
                     learning_rate=rate, **dropout)


def space_units_step_16(hp):
    return reference_space(hp, units_step=16)


def space_linear_rate(hp):
    return reference_space(hp, rate_sampling="linear")


def space_ignores_layers(hp):  # registers every hyperparameter but always builds one layer
    return reference_space(hp, uses_layers=False)


def space_missing_dropout(hp):
    return reference_space(hp, has_dropout=False)


def pick_by_test(trials):
    best = max(trials, key=lambda t: t["test_accuracy"])
    return {k: v for k, v in best.items() if k not in ("val_accuracy", "test_accuracy")}, best["test_accuracy"]


def pick_reports_validation(trials):
    best = max(trials, key=lambda t: t["val_accuracy"])
    return {k: v for k, v in best.items() if k not in ("val_accuracy", "test_accuracy")}, best["val_accuracy"]


def pick_last_among_ties(trials):
    best = trials[0]
    for trial in trials:
        if trial["val_accuracy"] >= best["val_accuracy"]:
            best = trial
    return {k: v for k, v in best.items() if k not in ("val_accuracy", "test_accuracy")}, best["test_accuracy"]


def pick_keeps_scores(trials):
    best = max(trials, key=lambda t: t["val_accuracy"])
    return best, best["test_accuracy"]


# --- 12 -----------------------------------------------------------------------------------------
def diagnose_gap_first(train_accuracy, val_accuracy, baseline_accuracy):  # checks the gap before learning
    if train_accuracy - val_accuracy > 0.05:
        return "generalization"
    if train_accuracy < baseline_accuracy + 0.10:
        return "learning"
    return "ok"


def diagnose_inclusive(train_accuracy, val_accuracy, baseline_accuracy):  # <= and >= at the boundaries
    if train_accuracy <= baseline_accuracy + 0.10:
        return "learning"
    if train_accuracy - val_accuracy >= 0.05:
        return "generalization"
    return "ok"


def diagnose_gap_other_way(train_accuracy, val_accuracy, baseline_accuracy):
    if train_accuracy < baseline_accuracy + 0.10:
        return "learning"
    if abs(train_accuracy - val_accuracy) > 0.05:
        return "generalization"
    return "ok"


def reach_zero_based(curve, target):
    for epoch, value in enumerate(curve):
        if value >= target:
            return epoch
    return None


def reach_strictly_above(curve, target):
    for epoch, value in enumerate(curve, start=1):
        if value > target:
            return epoch
    return None


def reach_last_epoch_when_never(curve, target):
    for epoch, value in enumerate(curve, start=1):
        if value >= target:
            return epoch
    return len(curve)


CASES = [
    (check_split_three_ways, S00.split_three_ways,
     [split_60_40, split_remainder, split_unshuffled, split_overlapping, split_unseeded]),
    (check_majority_baseline, S00.majority_baseline_accuracy, [majority_from_test, majority_count, majority_on_train]),
    (check_he_normal, S01.he_normal, [he_fan_out, he_no_two, he_transposed, he_variance_as_std, he_uniform_same_std]),
    (check_glorot_uniform, S01.glorot_uniform,
     [glorot_article, glorot_fan_in_only, glorot_normal_instead, he_transposed]),
    (check_sigmoid_derivative, S02.sigmoid_derivative, [sigmoid_itself, sigmoid_plus, tanh_derivative]),
    (check_dead_unit_fraction, S02.dead_fraction, [dead_share_of_entries, dead_by_rows, dead_negative_only]),
    (check_decay_step, S03.decay_step, [decay_without_rate, decay_in_place, decay_as_l1, decay_wrong_sign]),
    (check_l1_step, S03.l1_step, [l1_as_l2, l1_pushes_away, l1_abs_not_sign, l1_sign_of_zero_is_one]),
    (check_inverted_dropout, S04.inverted_dropout,
     [dropout_not_scaled, dropout_scaled_by_rate, dropout_keeps_rate, dropout_unseeded, dropout_in_place]),
    (check_classic_dropout_inference, S04.classic_dropout_inference,
     [classic_times_rate, classic_divided, classic_unchanged]),
    (check_patience_rule, S05.patience_stop,
     [patience_zero_based, patience_global_minimum, patience_one_late, patience_ties_improve]),
    (check_patience_rule_min_delta, S05.patience_stop_min_delta, [patience_ignores_delta, patience_delta_wrong_way]),
    (check_shift_image, S06.shift_image, [shift_wraps_around, shift_axes_swapped, shift_wrong_direction]),
    (check_random_shifts, S06.random_shifts, [shifts_all_the_same, shifts_unseeded, shifts_too_far, shifts_only_right]),
    (check_standardize_with_train_stats, S07.standardize_with_train_stats,
     [standardize_on_all_rows, standardize_each_separately, standardize_by_rows, standardize_ddof1]),
    (check_batch_norm_forward, S07.batch_norm_forward,
     [bn_no_eps, bn_over_rows, bn_variance_not_sd, bn_shift_then_scale]),
    (check_clip_by_norm, S08.clip_by_norm, [norm_always_rescales, norm_by_value, norm_squared]),
    (check_clip_by_global_norm, S08.clip_by_global_norm, [global_per_array, global_sum_of_norms, global_always]),
    (check_momentum_step, S09.momentum_step, [momentum_plain_sgd, momentum_wrong_sign, momentum_forgets_velocity]),
    (check_adam_step, S09.adam_step, [adam_no_bias_correction, adam_variance_not_root, adam_swapped_betas]),
    (check_majority_vote, S10.my_majority_vote, [vote_by_mean, vote_wrong_axis, vote_ties_to_largest]),
    (check_pairwise_correlation, S10.my_pairwise_correlation,
     [correlation_covariance, correlation_not_centred, correlation_between_samples]),
    (check_search_space, S11.build_model,
     [space_units_step_16, space_linear_rate, space_ignores_layers, space_missing_dropout]),
    (check_pick_and_report, S11.pick_and_report,
     [pick_by_test, pick_reports_validation, pick_last_among_ties, pick_keeps_scores]),
    (check_diagnose, S12.my_diagnose, [diagnose_gap_first, diagnose_inclusive, diagnose_gap_other_way]),
    (check_epochs_to_reach, S12.my_epochs_to_reach,
     [reach_zero_based, reach_strictly_above, reach_last_epoch_when_never]),
]


@pytest.mark.parametrize("check, solution, wrongs", CASES, ids=[c[0].__name__ for c in CASES])
def test_reference_solution_passes(check, solution, wrongs):
    result = check(solution)
    assert result.status == "pass", result


@pytest.mark.parametrize("check, solution, wrongs", CASES, ids=[c[0].__name__ for c in CASES])
def test_stub_is_not_yet(check, solution, wrongs):
    assert check(stub).status == "not yet"


@pytest.mark.parametrize(
    "check, wrong",
    [(check, wrong) for check, _, wrongs in CASES for wrong in wrongs],
    ids=[f"{check.__name__}-{wrong.__name__}" for check, _, wrongs in CASES for wrong in wrongs],
)
def test_plausible_wrong_answer_fails_with_a_hint(check, wrong):
    result = check(wrong)
    assert result.status == "wrong", result
    assert "Hint:" in result.message and "\n" not in repr(result)
