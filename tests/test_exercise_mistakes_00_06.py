"""Exercises 00–06: each check rejects real learners' mistakes (with a message that says what differs) and
accepts every valid reading of its exercise text; no hint gives away a line of the reference solution."""
import inspect
import io
import keyword
import tokenize
from collections import Counter

import numpy as np
import pytest
from conftest import solutions, stub
from scipy import ndimage
from sklearn import model_selection

from labkit import checks
from labkit.diagnostics import dead_unit_fraction
from labkit.exercises import (
    ex00_baseline,
    ex01_initialization,
    ex02_gradients,
    ex03_penalties,
    ex04_dropout,
    ex05_early_stopping,
    ex06_augmentation,
)

S00, S01, S02, S03, S04, S05, S06 = solutions("00", "01", "02", "03", "04", "05", "06")



# --- 00.1 ---------------------------------------------------------------------------------------
def split_fixed_seed(n_rows, seed):  # a generator seeded inside: every seed gives the same split
    return S00.split_three_ways(n_rows, 0)


def split_with_sklearn(n_rows, seed):
    rows = np.arange(n_rows)
    rest, test = model_selection.train_test_split(rows, test_size=0.2, random_state=seed)
    train, val = model_selection.train_test_split(rest, test_size=0.25, random_state=seed)
    return train, val, test


def split_three_permutations(n_rows, seed):  # each part cut from its own shuffle: parts overlap
    rng = np.random.default_rng(seed)
    n = round(0.2 * n_rows)
    return rng.permutation(n_rows)[2 * n:], rng.permutation(n_rows)[:n], rng.permutation(n_rows)[:n]


def split_drops_rows(n_rows, seed):  # int() on every part loses the rows left over
    order = np.random.default_rng(seed).permutation(n_rows)
    n_train, n_val = int(0.6 * n_rows), int(0.2 * n_rows)
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:n_train + 2 * n_val]


def split_global_random(n_rows, seed):  # numpy's global generator, never seeded
    order = np.random.permutation(n_rows)
    n = round(0.2 * n_rows)
    return order[2 * n:], order[n:2 * n], order[:n]


def split_rolled(n_rows, seed):  # "shuffles" by rotating: the parts stay blocks of consecutive rows
    order = np.roll(np.arange(n_rows), seed)
    n = round(0.2 * n_rows)
    return order[2 * n:], order[n:2 * n], order[:n]


def split_test_40(n_rows, seed):  # 40/20/40
    order = np.random.default_rng(seed).permutation(n_rows)
    n = round(0.2 * n_rows)
    return order[3 * n:], order[2 * n:3 * n], order[:2 * n]


def split_floor(n_rows, seed):  # a valid reading: validation and test floor(0.2 n), train the rest
    order = np.random.default_rng(seed).permutation(n_rows)
    n = int(0.2 * n_rows)
    return order[2 * n:], order[n:2 * n], order[:n]


def split_train_first(n_rows, seed):  # a valid reading: train int(0.6 n), validation int(0.2 n), test the rest
    order = np.random.default_rng(seed).permutation(n_rows)
    a, b = int(0.6 * n_rows), int(0.8 * n_rows)
    return order[:a], order[a:b], order[b:]


# --- 00.2 ---------------------------------------------------------------------------------------
def majority_first_seen(y_train, y_test):  # Counter: on a tie, the label seen first
    return float(np.mean(y_test == Counter(y_train.tolist()).most_common(1)[0][0]))


def majority_largest_label(y_train, y_test):
    return float(np.mean(y_test == y_train.max()))


def majority_median_label(y_train, y_test):
    return float(np.mean(y_test == np.median(y_train)))


def majority_percent(y_train, y_test):
    return 100 * S00.majority_baseline_accuracy(y_train, y_test)


def majority_first_label(y_train, y_test):
    return float(np.mean(y_test == y_train[0]))


def majority_sorts_in_place(y_train, y_test):
    y_train.sort()
    return S00.majority_baseline_accuracy(y_train, y_test)


def majority_tie_to_largest(y_train, y_test):
    counts = np.bincount(y_train)
    return float(np.mean(y_test == len(counts) - 1 - counts[::-1].argmax()))


def majority_of_all_labels(y_train, y_test):  # decided on train and test together
    return float(np.mean(y_test == np.bincount(np.concatenate([y_train, y_test])).argmax()))


def majority_with_dummy(y_train, y_test):  # a valid answer: scikit-learn's own baseline
    from sklearn.dummy import DummyClassifier

    dummy = DummyClassifier(strategy="most_frequent").fit(np.zeros((len(y_train), 1)), y_train)
    return dummy.score(np.zeros((len(y_test), 1)), y_test)


# --- 01.1 ---------------------------------------------------------------------------------------
def he_seeded_inside(fan_in, fan_out, rng):
    return np.random.default_rng(0).normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


def he_global_numpy(fan_in, fan_out, rng):
    return np.random.normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


def he_fixed_per_shape(fan_in, fan_out, rng):  # draws, but from a generator of its own: same weights every time
    rng.random()
    return np.random.default_rng(fan_in).normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


def he_truncated(fan_in, fan_out, rng):  # Keras' he_normal is truncated at two standard deviations
    std = np.sqrt(2 / fan_in) / 0.87962566103423978
    w = rng.normal(0, std, size=(fan_in, fan_out))
    while np.any(np.abs(w) > 2 * std):
        far = np.abs(w) > 2 * std
        w[far] = rng.normal(0, std, size=int(far.sum()))
    return w


def he_laplace(fan_in, fan_out, rng):  # right variance, wrong distribution
    return rng.laplace(0, np.sqrt(1 / fan_in), size=(fan_in, fan_out))


def he_average_fans(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(4 / (fan_in + fan_out)), size=(fan_in, fan_out))


def he_mean_is_std(fan_in, fan_out, rng):  # normal(std, ...) : arguments read as (scale, loc)
    return rng.normal(np.sqrt(2 / fan_in), np.sqrt(2 / fan_in), size=(fan_in, fan_out))


def he_root_of_two_over_n(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2) / fan_in, size=(fan_in, fan_out))


def he_standard_normal(fan_in, fan_out, rng):  # valid
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)


def he_drawn_transposed(fan_in, fan_out, rng):  # valid: drawn (fan_out, fan_in), then transposed
    return rng.normal(0, np.sqrt(2 / fan_in), size=(fan_out, fan_in)).T


# --- 01.2 ---------------------------------------------------------------------------------------
def glorot_seeded_inside(fan_in, fan_out, rng):
    return S01.glorot_uniform(fan_in, fan_out, np.random.default_rng(1))


def glorot_variance_as_limit(fan_in, fan_out, rng):
    limit = np.sqrt(2 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_positive_only(fan_in, fan_out, rng):
    return rng.uniform(0, np.sqrt(6 / (fan_in + fan_out)), size=(fan_in, fan_out))


def glorot_lecun(fan_in, fan_out, rng):  # variance 1 / fan_in: right only when the fans are equal
    limit = np.sqrt(3 / fan_in)
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_clipped_normal(fan_in, fan_out, rng):  # inside the limit, reaches both ends, not uniform
    limit = np.sqrt(6 / (fan_in + fan_out))
    return np.clip(rng.normal(0, 0.65 * limit, size=(fan_in, fan_out)), -limit, limit)


def glorot_he_uniform_average(fan_in, fan_out, rng):
    limit = np.sqrt(12 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_narrow(fan_in, fan_out, rng):
    limit = 0.9 * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_global_numpy(fan_in, fan_out, rng):
    limit = np.sqrt(6 / (fan_in + fan_out))
    return np.random.uniform(-limit, limit, size=(fan_in, fan_out))


def glorot_from_random(fan_in, fan_out, rng):  # valid
    limit = np.sqrt(6 / (fan_in + fan_out))
    return limit * (2 * rng.random((fan_in, fan_out)) - 1)


# --- 02.1 ---------------------------------------------------------------------------------------
def sigmoid_output_form(z):  # σ'(z) = s(1 − s) with z taken for the sigmoid's output s
    return z * (1 - z)


def sigmoid_one_minus(z):
    return np.exp(-z) / (1 + np.exp(-z))


def sigmoid_flattened(z):  # a loop over the values that returns a flat list
    return np.array([float(S02.sigmoid_derivative(v)) for v in np.ravel(z)])


def sigmoid_in_place(z):
    z *= -1.0
    np.exp(z, out=z)
    return z / (1 + z) ** 2


def sigmoid_keeps_dtype(z):  # np.empty_like(z) of an integer array truncates σ' to 0
    out = np.empty_like(z)
    out[...] = S02.sigmoid_derivative(z)
    return out


def sigmoid_squared(z):
    s = 1 / (1 + np.exp(-z))
    return s**2


def sigmoid_clipped(z):  # "saturated anyway": zero outside [-5, 5]
    return np.where(np.abs(z) < 5, S02.sigmoid_derivative(z), 0.0)


def sigmoid_scipy(z):  # valid
    from scipy.special import expit

    return expit(z) * (1 - expit(z))


def sigmoid_from_tanh(z):  # valid: σ(z) = (1 + tanh(z/2)) / 2
    return 0.25 * (1 - np.tanh(z / 2) ** 2)


# --- 02.2 ---------------------------------------------------------------------------------------
def dead_any_zero(a):  # a unit with any zero counted as dead
    return float(np.mean(np.any(a == 0, axis=0)))


def dead_small_mean(a):  # "hardly fires" is not dead
    return float(np.mean(a.mean(axis=0) < 0.01))


def dead_count(a):
    return int(np.sum(np.all(a == 0, axis=0)))


def dead_over_rows(a):  # divides by the number of examples
    return float(np.sum(np.all(a == 0, axis=0)) / a.shape[0])


def dead_first_example(a):
    return float(np.mean(a[0] == 0))


def dead_binarizes_in_place(activations):
    activations[activations > 0] = 1
    return float(np.mean(activations.sum(axis=0) == 0))


def dead_percent(a):
    return 100 * S02.dead_fraction(a)


def dead_calls_labkit(a):
    return dead_unit_fraction(a)


def dead_calls_labkit_module(a):
    from labkit import diagnostics

    return diagnostics.dead_unit_fraction(a)


def dead_not_any(a):  # valid
    return float(np.mean(~np.any(a, axis=0)))


def dead_max(a):  # valid for ReLU outputs, which are never negative
    return float(np.mean(a.max(axis=0) <= 0))


# --- 03.1 ---------------------------------------------------------------------------------------
def decay_after_step(w, grad, learning_rate, decay):  # shrinks the already-stepped weights
    return (w - learning_rate * grad) * (1 - learning_rate * decay)


def decay_twice_lambda(w, grad, learning_rate, decay):  # the gradient of λ‖w‖² is 2λw, but the text's decay is λ
    return w - learning_rate * (grad + 2 * decay * w)


def decay_grows(w, grad, learning_rate, decay):
    return w * (1 + learning_rate * decay) - learning_rate * grad


def decay_on_gradient(w, grad, learning_rate, decay):  # decays the gradient instead of the weights
    return w - learning_rate * grad * (1 - decay)


def decay_in_place_shrink(w, grad, learning_rate, decay):
    w *= 1 - learning_rate * decay
    return w - learning_rate * grad


def decay_returns_both(w, grad, learning_rate, decay):
    return S03.decay_step(w, grad, learning_rate, decay), learning_rate * grad


def decay_gradient_in_place(w, grad, learning_rate, decay):  # changes grad, the other input
    grad += decay * w
    return w - learning_rate * grad


def decay_as_gradient_of_penalty(w, grad, learning_rate, decay):  # valid: the same step, written as L2's gradient
    return w - learning_rate * (grad + decay * w)


# --- 03.2 ---------------------------------------------------------------------------------------
def l1_without_rate(w, grad, learning_rate, l1):
    return w - learning_rate * grad - l1 * np.sign(w)


def l1_clipped_at_zero(w, grad, learning_rate, l1):  # a proximal step: not the text's gradient step
    stepped = w - learning_rate * grad
    return np.sign(stepped) * np.maximum(np.abs(stepped) - learning_rate * l1, 0.0)


def l1_sign_of_gradient(w, grad, learning_rate, l1):
    return w - learning_rate * (grad + l1 * np.sign(grad))


def l1_sign_after_step(w, grad, learning_rate, l1):
    stepped = w - learning_rate * grad
    return stepped - learning_rate * l1 * np.sign(stepped)


def l1_divides_by_abs(w, grad, learning_rate, l1):  # w / |w| is nan at w = 0
    with np.errstate(invalid="ignore"):
        return w - learning_rate * (grad + l1 * w / np.abs(w))


def l1_in_place(w, grad, learning_rate, l1):
    w -= learning_rate * (grad + l1 * np.sign(w))
    return w


def l1_twice(w, grad, learning_rate, l1):
    return w - learning_rate * (grad + 2 * l1 * np.sign(w))


def l1_with_where(w, grad, learning_rate, l1):  # valid
    sign = np.where(w > 0, 1.0, np.where(w < 0, -1.0, 0.0))
    return w - learning_rate * grad - learning_rate * l1 * sign


# --- 04.1 ---------------------------------------------------------------------------------------
def dropout_one_mask_per_column(a, rate, rng):  # the same units dropped for every example
    keep = rng.random(a.shape[-1]) >= rate
    return np.where(keep, a / (1 - rate), 0.0)


def dropout_all_or_nothing(a, rate, rng):  # one number for the whole array
    return a / (1 - rate) if rng.random() >= rate else np.zeros_like(a)


def dropout_seeded_inside(a, rate, rng):
    return S04.inverted_dropout(a, rate, np.random.default_rng(0))


def dropout_scaled_like_inference(a, rate, rng):  # multiplies by the keep probability instead of dividing
    return np.where(rng.random(a.shape) >= rate, a * (1 - rate), 0.0)


def dropout_returns_mask_too(a, rate, rng):
    keep = rng.random(a.shape) >= rate
    return np.where(keep, a / (1 - rate), 0.0), keep


def dropout_flat_only(a, rate, rng):  # draws for the first axis only, works for 1-D
    keep = rng.random(len(a)) >= rate
    return np.where(keep.reshape((-1,) + (1,) * (a.ndim - 1)), a / (1 - rate), 0.0)


def dropout_in_place_zeroing(a, rate, rng):
    out = a
    out[rng.random(a.shape) < rate] = 0.0
    return out / (1 - rate)


def dropout_binomial(a, rate, rng):  # valid: another way to draw the mask
    return a * rng.binomial(1, 1 - rate, size=a.shape) / (1 - rate)


def dropout_strict(a, rate, rng):  # valid: > instead of >= differs with probability 0
    return np.where(rng.random(a.shape) > rate, a / (1 - rate), 0.0)


# --- 04.2 ---------------------------------------------------------------------------------------
def classic_subtracts(a, rate):
    return a - rate


def classic_in_place(a, rate):
    a *= 1 - rate
    return a


def classic_samples_a_mask(a, rate):  # dropout at inference as well
    return np.where(np.random.random(a.shape) >= rate, a, 0.0)


def classic_relu_first(a, rate):
    return np.maximum(a, 0) * (1 - rate)


def classic_keep_squared(a, rate):
    return a * (1 - rate) ** 2


def classic_scalar(a, rate):  # the factor, not the output
    return 1 - rate


def classic_mean_output(a, rate):
    return np.full_like(a, a.mean() * (1 - rate))


def classic_by_division(a, rate):  # valid
    return a / (1 / (1 - rate))


# --- 05.1 ---------------------------------------------------------------------------------------
def _patience(val_losses, patience, improves, *, reset=True, best_moves=False, epoch_moves=False):
    """A patience loop with one rule changed: ``improves(loss, best, previous)``."""
    best, best_epoch, waited = val_losses[0], 1, 0
    for epoch in range(2, len(val_losses) + 1):
        loss, previous = val_losses[epoch - 1], val_losses[epoch - 2]
        waited += 1
        if improves(loss, best, previous):
            best, best_epoch = loss, epoch
            if reset:
                waited = 0
        else:
            if epoch_moves and loss < best:
                best_epoch = epoch
            if best_moves:
                best = min(best, loss)
            if waited >= patience:
                return epoch, best_epoch
    return len(val_losses), best_epoch


def patience_never_resets(val_losses, patience):  # counts every non-improving epoch since the start
    return _patience(val_losses, patience, lambda loss, best, previous: loss < best, reset=False)


def patience_against_previous(val_losses, patience):  # "improves" = lower than the epoch before
    return _patience(val_losses, patience, lambda loss, best, previous: loss < previous)


def patience_best_from_stop(val_losses, patience):
    stop, _ = S05.patience_stop(val_losses, patience)
    return stop, max(1, stop - patience)


def patience_calls_the_rule(val_losses, patience):
    from labkit.callbacks import patience_rule

    return patience_rule(val_losses, patience)


def patience_one_early(val_losses, patience):
    return S05.patience_stop(val_losses, max(0, patience - 1))


def patience_none_when_never(val_losses, patience):
    stop, best = S05.patience_stop(val_losses, patience)
    return (None if stop == len(val_losses) else stop), best


def patience_pops(val_losses, patience):  # consumes the list
    first = val_losses.pop(0)
    return S05.patience_stop([first, *val_losses], patience)


def patience_floats(val_losses, patience):  # np.argmin and friends give floats after arithmetic
    stop, best = S05.patience_stop(val_losses, patience)
    return float(stop), float(best)


def patience_from_infinity(val_losses, patience):  # valid: best starts at +inf, every epoch in the loop
    best, best_epoch, waited = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return len(val_losses), best_epoch


# --- 05.2 ---------------------------------------------------------------------------------------
def delta_best_always_moves(val_losses, patience, min_delta):  # a small decrease still lowers the best
    return _patience(val_losses, patience, lambda loss, best, previous: loss < best - min_delta, best_moves=True)


def delta_best_epoch_moves(val_losses, patience, min_delta):  # a small decrease moves best_epoch
    return _patience(val_losses, patience, lambda loss, best, previous: loss < best - min_delta, epoch_moves=True)


def delta_relative(val_losses, patience, min_delta):  # min_delta read as a fraction of the best
    return _patience(val_losses, patience, lambda loss, best, previous: loss < best * (1 - min_delta))


def delta_either_direction(val_losses, patience, min_delta):  # |change| > min_delta
    return _patience(val_losses, patience, lambda loss, best, previous: abs(loss - best) > min_delta)


def delta_against_previous(val_losses, patience, min_delta):
    return _patience(val_losses, patience, lambda loss, best, previous: loss < previous - min_delta)


def delta_calls_the_rule(val_losses, patience, min_delta):
    from labkit import callbacks

    return callbacks.patience_rule(val_losses, patience, min_delta=min_delta)


def delta_half(val_losses, patience, min_delta):
    return _patience(val_losses, patience, lambda loss, best, previous: loss < best - min_delta / 2)


def delta_keras_form(val_losses, patience, min_delta):  # valid: Keras writes loss + min_delta < best
    return _patience(val_losses, patience, lambda loss, best, previous: loss + min_delta < best)


def delta_difference_form(val_losses, patience, min_delta):  # valid: best − loss > min_delta
    return _patience(val_losses, patience, lambda loss, best, previous: best - loss > min_delta)


# --- 06.1 ---------------------------------------------------------------------------------------
nd_shift = ndimage.shift  # as a notebook cell's `from scipy.ndimage import shift` would bind it


def shift_calls_scipy_by_name(image, dx, dy):
    return nd_shift(image, (dy, dx), order=0, cval=0.0)


def shift_calls_scipy(image, dx, dy):
    return ndimage.shift(image, (dy, dx), order=0)


def shift_breaks_at_zero(image, dx, dy):  # image[:-0] is empty
    out = np.zeros_like(image)
    rows = (slice(dy, None), slice(None, -dy)) if dy >= 0 else (slice(None, dy), slice(-dy, None))
    cols = (slice(dx, None), slice(None, -dx)) if dx >= 0 else (slice(None, dx), slice(-dx, None))
    out[rows[0], cols[0]] = image[rows[1], cols[1]]
    return out


def shift_hardcoded_8(image, dx, dy):
    out = np.zeros((8, 8))
    out[max(0, dy):min(8, 8 + dy), max(0, dx):min(8, 8 + dx)] = \
        image[max(0, -dy):min(8, 8 - dy), max(0, -dx):min(8, 8 - dx)]
    return out


def shift_nearest_fill(image, dx, dy):  # repeats the edge (Keras' fill_mode="nearest") instead of zeros
    height, width = image.shape
    padded = np.pad(image, ((abs(dy),), (abs(dx),)), mode="edge")
    return padded[abs(dy) - dy:abs(dy) - dy + height, abs(dx) - dx:abs(dx) - dx + width]


def shift_integer_canvas(image, dx, dy):  # an int canvas truncates the pixel values
    out = np.zeros(image.shape, dtype=int)
    out[...] = S06.shift_image(image, dx, dy)
    return out


def shift_in_place(image, dx, dy):
    image[...] = S06.shift_image(image.copy(), dx, dy)
    return image


def shift_zeroes_wrong_side(image, dx, dy):  # rolls, then clears the rows/columns on the side it moved to
    out = np.roll(image, (dy, dx), axis=(0, 1))
    if dy > 0:
        out[-dy:, :] = 0
    elif dy < 0:
        out[:-dy, :] = 0
    if dx > 0:
        out[:, -dx:] = 0
    elif dx < 0:
        out[:, :-dx] = 0
    return out


def shift_roll_then_zero(image, dx, dy):  # valid: the lesson's other way
    out = np.roll(image, (dy, dx), axis=(0, 1))
    if dy > 0:
        out[:dy, :] = 0
    elif dy < 0:
        out[dy:, :] = 0
    if dx > 0:
        out[:, :dx] = 0
    elif dx < 0:
        out[:, dx:] = 0
    return out


def shift_pad_and_crop(image, dx, dy):  # valid
    height, width = image.shape
    padded = np.pad(image, ((abs(dy),), (abs(dx),)))
    return padded[abs(dy) - dy:abs(dy) - dy + height, abs(dx) - dx:abs(dx) - dx + width]


# --- 06.2 ---------------------------------------------------------------------------------------
def _shift_each(images, draw):
    return np.stack([S06.shift_image(image, *draw(index)) for index, image in enumerate(images)])


def shifts_upper_end_included(images, rng):  # rng.integers excludes its upper end: only -1 and 0
    return _shift_each(images, lambda i: (rng.integers(-1, 1), rng.integers(-1, 1)))


def shifts_one_draw_for_both(images, rng):  # dx = dy
    return _shift_each(images, lambda i: (lambda d: (d, d))(rng.integers(-1, 2)))


def shifts_dy_follows_dx(images, rng):  # dy is dx or the next value round: each uniform, not independent
    def draw(index):
        dx = int(rng.integers(-1, 2))
        return dx, (dx + 1 + int(rng.integers(0, 2))) % 3 - 1

    return _shift_each(images, draw)


def shifts_never_zero(images, rng):
    return _shift_each(images, lambda i: (rng.choice([-1, 1]), rng.choice([-1, 1])))


def shifts_cycle(images, rng):  # walks the nine shifts in order
    return _shift_each(images, lambda i: (i % 3 - 1, i // 3 % 3 - 1))


def shifts_in_place(images, rng):
    for index, image in enumerate(images):
        images[index] = S06.shift_image(image, rng.integers(-1, 2), rng.integers(-1, 2))
    return images


def shifts_rounded_normal(images, rng):  # small shifts "mostly": 0 too often
    return _shift_each(images, lambda i: tuple(int(np.clip(np.round(rng.normal(0, 0.6)), -1, 1)) for _ in "xy"))


def shifts_seeded_inside(images, rng):
    return S06.random_shifts(images, np.random.default_rng(len(images)))


def shifts_vectorised_draw(images, rng):  # valid: all the draws at once, and scipy for the shift
    moves = rng.integers(-1, 2, size=(len(images), 2))
    return np.stack([ndimage.shift(image, (dy, dx), order=0) for image, (dx, dy) in zip(images, moves, strict=True)])


def shifts_from_zero_to_two(images, rng):  # valid
    return _shift_each(images, lambda i: (rng.integers(0, 3) - 1, rng.integers(0, 3) - 1))


# (check, reference solution, [(wrong answer, a phrase its message must contain)], [other valid answers])
CASES = [
    (ex00_baseline.check_split_three_ways, S00.split_three_ways, [
        (split_fixed_seed, "seeds 0 and 1 gave the same split"),
        (split_with_sklearn, "without calling scikit-learn's train_test_split"),
        (split_three_permutations, "in two parts"),
        (split_drops_rows, "exactly one part"),
        (split_global_random, "same seed gave a different split"),
        (split_rolled, "consecutive rows"),
        (split_test_40, "the sizes (train, val, test)"),
    ], [split_floor, split_train_first]),
    (ex00_baseline.check_majority_baseline, S00.majority_baseline_accuracy, [
        (majority_first_seen, "y_train=[2, 2, 0, 0, 1]"),
        (majority_largest_label, "the accuracy differs"),
        (majority_median_label, "the accuracy differs"),
        (majority_percent, "between 0 and 1"),
        (majority_first_label, "the accuracy differs"),
        (majority_sorts_in_place, "changed its input `y_train` in place"),
        (majority_tie_to_largest, "y_train=[2, 2, 0, 0, 1]"),
        (majority_of_all_labels, "the accuracy differs"),
    ], [majority_with_dummy]),
    (ex01_initialization.check_he_normal, S01.he_normal, [
        (he_seeded_inside, "did not draw from the rng"),
        (he_global_numpy, "did not draw from the rng"),
        (he_fixed_per_shape, "two different generators gave the same"),
        (he_truncated, "too few far from 0"),
        (he_laplace, "heavier tails"),
        (he_average_fans, "He's rule gives"),
        (he_mean_is_std, "it should be about 0"),
        (he_root_of_two_over_n, "He's rule gives"),
    ], [he_standard_normal, he_drawn_transposed]),
    (ex01_initialization.check_glorot_uniform, S01.glorot_uniform, [
        (glorot_seeded_inside, "did not draw from the rng"),
        (glorot_variance_as_limit, "the variance is"),
        (glorot_positive_only, "it should be about 0"),
        (glorot_lecun, "fan_in=400, fan_out=100"),
        (glorot_clipped_normal, "not uniform"),
        (glorot_he_uniform_average, "the limit is"),
        (glorot_narrow, "Glorot's rule gives"),
        (glorot_global_numpy, "did not draw from the rng"),
    ], [glorot_from_random]),
    (ex02_gradients.check_sigmoid_derivative, S02.sigmoid_derivative, [
        (sigmoid_output_form, "σ'(z) for z = [-30"),
        (sigmoid_one_minus, "σ'(z) for z = [-30"),
        (sigmoid_flattened, "keep the shape (2, 2)"),
        (sigmoid_in_place, "changed its input `z` in place"),
        (sigmoid_keeps_dtype, "the integer array"),
        (sigmoid_squared, "differs"),
        (sigmoid_clipped, "σ'(z) for z = [-30"),
    ], [sigmoid_scipy, sigmoid_from_tanh]),
    (ex02_gradients.check_dead_unit_fraction, S02.dead_fraction, [
        (dead_any_zero, "three dead units the dead fraction differs"),
        (dead_small_mean, "the dead fraction differs"),
        (dead_count, "between 0 and 1"),
        (dead_over_rows, "the dead fraction differs"),
        (dead_first_example, "0 on the first example)"),
        (dead_binarizes_in_place, "changed its input `activations` in place"),
        (dead_percent, "between 0 and 1"),
        (dead_calls_labkit, "without calling labkit's dead_unit_fraction"),
        (dead_calls_labkit_module, "without calling labkit's dead_unit_fraction"),
    ], [dead_not_any, dead_max]),
    (ex03_penalties.check_decay_step, S03.decay_step, [
        (decay_after_step, "the new w differs"),
        (decay_twice_lambda, "the new w differs"),
        (decay_grows, "the new w differs"),
        (decay_on_gradient, "the new w differs"),
        (decay_in_place_shrink, "changed its input `w` in place"),
        (decay_returns_both, "not a tuple"),
        (decay_gradient_in_place, "changed its input `grad` in place"),
    ], [decay_as_gradient_of_penalty]),
    (ex03_penalties.check_l1_step, S03.l1_step, [
        (l1_without_rate, "the new w differs"),
        (l1_clipped_at_zero, "the new w differs"),
        (l1_sign_of_gradient, "the new w differs"),
        (l1_sign_after_step, "the new w differs"),
        (l1_divides_by_abs, "got nan"),
        (l1_in_place, "changed its input `w` in place"),
        (l1_twice, "the new w differs"),
    ], [l1_with_where]),
    (ex04_dropout.check_inverted_dropout, S04.inverted_dropout, [
        (dropout_one_mask_per_column, "not one per row or column"),
        (dropout_all_or_nothing, "of the entries are 0"),
        (dropout_seeded_inside, "did not draw from the rng"),
        (dropout_scaled_like_inference, "divided by 1 − rate"),
        (dropout_returns_mask_too, "not a tuple"),
        (dropout_flat_only, "not one per row or column"),
        (dropout_in_place_zeroing, "changed its input `a` in place"),
    ], [dropout_binomial, dropout_strict]),
    (ex04_dropout.check_classic_dropout_inference, S04.classic_dropout_inference, [
        (classic_subtracts, "the inference output differs"),
        (classic_in_place, "changed its input `a` in place"),
        (classic_samples_a_mask, "what training gives on average"),
        (classic_relu_first, "shape (30,)"),
        (classic_keep_squared, "the inference output differs"),
        (classic_scalar, "the output has shape ()"),
        (classic_mean_output, "what training gives on average"),
    ], [classic_by_division]),
    (ex05_early_stopping.check_patience_rule, S05.patience_stop, [
        (patience_never_resets, "Keras gives"),
        (patience_against_previous, "Keras gives"),
        (patience_best_from_stop, "Keras gives"),
        (patience_calls_the_rule, "without calling labkit's patience_rule"),
        (patience_one_early, "Keras gives"),
        (patience_none_when_never, "whole numbers"),
        (patience_pops, "changed its input `val_losses` in place"),
        (patience_floats, "whole numbers"),
    ], [patience_from_infinity]),
    (ex05_early_stopping.check_patience_rule_min_delta, S05.patience_stop_min_delta, [
        (delta_best_always_moves, "min_delta=0.07"),
        (delta_best_epoch_moves, "Keras gives"),
        (delta_relative, "Keras gives"),
        (delta_either_direction, "Keras gives"),
        (delta_against_previous, "Keras gives"),
        (delta_calls_the_rule, "without calling labkit's patience_rule"),
        (delta_half, "Keras gives"),
    ], [delta_keras_form, delta_difference_form]),
    (ex06_augmentation.check_shift_image, S06.shift_image, [
        (shift_calls_scipy_by_name, "without calling scipy.ndimage.shift"),
        (shift_calls_scipy, "without calling scipy.ndimage.shift"),
        (shift_breaks_at_zero, "could not broadcast"),
        (shift_hardcoded_8, "raised ValueError"),
        (shift_nearest_fill, "differs"),
        (shift_integer_canvas, "differs"),
        (shift_in_place, "changed its input `image` in place"),
        (shift_zeroes_wrong_side, "differs"),
    ], [shift_roll_then_zero, shift_pad_and_crop]),
    (ex06_augmentation.check_random_shifts, S06.random_shifts, [
        (shifts_upper_end_included, "take the values -1, 0 and 1"),
        (shifts_one_draw_for_both, "only 3 different shifts"),
        (shifts_never_zero, "take the values -1, 0 and 1"),
        (shifts_dy_follows_dx, "not independent"),
        (shifts_cycle, "did not draw from the rng"),
        (shifts_in_place, "changed its input `images` in place"),
        (shifts_rounded_normal, "each should be about a third"),
        (shifts_seeded_inside, "did not draw from the rng"),
    ], [shifts_vectorised_draw, shifts_from_zero_to_two]),
]


IDS = [case[0].__name__ for case in CASES]


@pytest.mark.parametrize("check, solution, wrongs, valid", CASES, ids=IDS)
def test_reference_solution_and_other_valid_readings_pass(check, solution, wrongs, valid):
    for answer in (solution, *valid):
        result = check(answer)
        assert result.status == "pass", (answer.__name__, result)


@pytest.mark.parametrize("check, solution, wrongs, valid", CASES, ids=IDS)
def test_stub_is_not_yet(check, solution, wrongs, valid):
    assert check(stub).status == "not yet"


@pytest.mark.parametrize("check, solution, wrongs, valid", CASES, ids=IDS)
def test_at_least_five_kinds_of_mistake_per_exercise(check, solution, wrongs, valid):
    assert len(wrongs) >= 5


WRONGS = [(check, wrong, phrase) for check, _, wrongs, _ in CASES for wrong, phrase in wrongs]


@pytest.mark.parametrize("check, wrong, phrase", WRONGS, ids=[f"{c.__name__}-{w.__name__}" for c, w, _ in WRONGS])
def test_mistake_is_wrong_and_says_what_differs(check, wrong, phrase):
    result = check(wrong)
    assert result.status == "wrong", result
    assert phrase in result.message, result
    assert "Hint:" in result.message and "\n" not in repr(result)


def test_forbid_leaves_the_library_working():
    ex00_baseline.check_split_three_ways(split_with_sklearn)
    ex06_augmentation.check_shift_image(lambda image, dx, dy: ndimage.shift(image, (dy, dx), order=0))
    ex02_gradients.check_dead_unit_fraction(dead_calls_labkit_module)
    ex05_early_stopping.check_patience_rule(patience_calls_the_rule)
    assert model_selection.train_test_split([1, 2, 3, 4], test_size=0.5, random_state=0)
    assert ndimage.shift(np.eye(3), (1, 0), order=0)[1, 0] == 1
    assert dead_unit_fraction(np.zeros((2, 2))) == 1.0
    from labkit.callbacks import patience_rule

    assert patience_rule([0.5, 0.6], 1) == (2, 1)


def _hint_of(check, monkeypatch) -> tuple[str, str]:
    """The (idea, formula) a check passes to run_check."""
    module = inspect.getmodule(check)
    seen = {}

    def record(exercise, answer, test, *, hint, **kwargs):
        seen["hint"] = hint
        return checks.CheckResult(exercise, "not yet", "")

    monkeypatch.setattr(module, "run_check", record)
    check(stub)
    return seen["hint"]


def _code_lines(solution) -> list[str]:
    """The reference solution's body lines, stripped, without comments."""
    lines = []
    for line in inspect.getsource(solution).splitlines()[1:]:
        code = line.split("#")[0].strip()
        if code and not code.startswith("def "):
            lines.append(code)
    return lines


def _names(text: str) -> set[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    try:
        return {t.string for t in tokens if t.type == tokenize.NAME and not keyword.iskeyword(t.string)}
    except tokenize.TokenError:  # a line of a multi-line statement
        return set()


@pytest.mark.parametrize("check, solution, wrongs, valid", CASES, ids=IDS)
def test_hints_are_graded_and_never_give_the_code(check, solution, wrongs, valid, monkeypatch):
    hint = _hint_of(check, monkeypatch)
    assert isinstance(hint, tuple) and len(hint) == 2 and all(hint), "hint=(idea, formula)"
    text = " ".join(hint)
    squeezed = text.replace(" ", "")
    for line in _code_lines(solution):
        assert line not in text and line.replace(" ", "") not in squeezed, f"the hint gives the line {line!r}"
        names = _names(line)
        if len(names) >= 4:
            words = set(text.replace("(", " ").replace(")", " ").replace(",", " ").replace(".", " ").split())
            assert len(names & words) <= len(names) / 2, f"the hint holds most of {line!r}: {names & words}"
    assert "np." not in text and "rng." not in text, "hints are words and math, not numpy calls"


def forgot_return(*args, **kwargs):
    np.zeros(3)


@pytest.mark.parametrize("check, solution, wrongs, valid", CASES, ids=IDS)
def test_a_written_function_that_returns_nothing_is_wrong_not_pending(check, solution, wrongs, valid):
    result = check(forgot_return)
    assert result.status == "wrong" and "forget `return`" in result.message, result


@pytest.mark.parametrize("check, solution, wrongs, valid", CASES, ids=IDS)
def test_first_miss_gives_the_idea_later_ones_the_formula(check, solution, wrongs, valid, monkeypatch):
    idea, formula = _hint_of(check, monkeypatch)
    monkeypatch.undo()
    title = check(stub).exercise
    checks._MISSES.pop(title, None)
    first, second = check(wrongs[0][0]), check(wrongs[0][0])
    assert first.message.endswith(f"Hint: {idea}") and formula not in first.message
    assert second.message.endswith(f"Hint: {idea} — {formula}")
