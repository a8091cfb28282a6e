# %% [markdown]
# # 09 · Optimizers and learning rate
#
# **Promise:** after this notebook you can pick an optimizer and a learning rate from measurements — a range test
# and a small sweep — instead of folklore, and say what batch size and a schedule change.
#
# You will:
# - race six optimizers at Keras's default rates, over several seeds;
# - run a learning-rate range test (a labkit Keras callback) and check its suggestion against a sweep;
# - compare batch sizes at the same epoch budget, and a cosine schedule against a constant rate.
#
# **Time:** about 25 minutes. **Prerequisites:** [00 · Start here](00_start_here.ipynb);
# [08 · Gradient clipping](08_gradient_clipping.ipynb) (what too large a step does).
# **Measured here:** validation accuracy per optimizer and per rate (mean and spread), the range test's
# suggestion, seconds and accuracy per batch size.

# %% [markdown]
# ## Setup

# %%
import labkit

import keras
import matplotlib.pyplot as plt
import numpy as np

from labkit.claims import check_claim
from labkit.data import load_digits_split
from labkit.exercises.ex09_optimizers import check_adam_step, check_momentum_step
from labkit.models import build_towers, reinitialize
from labkit.training import LearningRateRangeTest, fit
from labkit.widgets import knobs

SEEDS = labkit.seeds()
print("claim checks use seeds", SEEDS)

# %% [markdown]
# ## Intuition: how far to step, and in which direction
#
# Plain gradient descent steps $-\alpha g$. The others change the step: **momentum** adds a running sum of past
# steps (it rolls through small bumps and speeds along consistent slopes); **Adagrad**, **RMSprop** and
# **Adadelta** divide each weight's step by the size of its recent gradients; **Adam** does both. All have a
# learning rate $\alpha$, and it is the setting that matters most: too small and training crawls, too large and
# each step overshoots.

# %% [markdown]
# ## Experiment 1: six optimizers at their default rates
#
# One hidden layer of 64 ReLU units on the standardised digits, 10 epochs, batch 64, three seeds; each optimizer
# at the rate Keras gives it when you write `optimizer="adam"` and so on (SGD 0.01, the others 0.001;
# "momentum" is SGD with momentum 0.9).

# %%
split = load_digits_split(seed=0, standardize=True)
EPOCHS = 10
OPTIMIZERS = {"sgd": 0.01, "momentum": 0.01, "rmsprop": 0.001, "adam": 0.001, "adagrad": 0.001, "adadelta": 0.001}
models, races = {}, {}
for name, rate in OPTIMIZERS.items():
    models[name] = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=1, width=64, activation="relu",
                                initializer="he_normal", optimizer=name, learning_rate=rate, steps_per_execution=17)
    races[name] = fit(models[name], split, epochs=EPOCHS, label=f"{name} ({rate:g})")

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.6))
for name, history in races.items():
    curves = np.array([history.tower(seed)["val_accuracy"] for seed in SEEDS])
    epochs = np.arange(1, EPOCHS + 1)
    ax.plot(epochs, curves.mean(axis=0), label=name)
    ax.fill_between(epochs, curves.min(axis=0), curves.max(axis=0), alpha=0.2)
ax.set(xlabel="epoch", ylabel="validation accuracy", ylim=(0, 1), title="Keras's default rates (band: min–max over seeds)")
ax.legend(frameon=False, fontsize="small", ncol=2)
plt.show()
final = {name: np.array([history.tower(seed)["val_accuracy"][-1] for seed in SEEDS]) for name, history in races.items()}
for name, accuracies in sorted(final.items(), key=lambda item: -item[1].mean()):
    print(f"{name:9s} validation accuracy {accuracies.mean():.1%} ± {accuracies.std():.1%}")

# %% [markdown]
# Adagrad and Adadelta barely move at 0.001: their default rates are far too small for this problem (Adadelta's
# original paper used 1.0). A comparison of optimizers is a comparison of their *rates* unless each gets its own.

# %% [markdown]
# ## Experiment 2: the learning-rate range test
#
# L. Smith's recipe: start at a tiny rate, multiply it by a constant after every batch, and record the loss. The
# loss first stays flat (too small), then falls, then blows up. `labkit.training.LearningRateRangeTest` is a Keras
# callback that does it (one short `fit`; it stops when the loss explodes); its `suggestion()` is the rate at the
# lowest loss divided by 10, a common rule of thumb.

# %%
probe = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=1, width=64, activation="relu", initializer="he_normal")
range_test = LearningRateRangeTest(start=1e-5, stop=10.0, steps=120)  # it needs one callback call per batch: steps_per_execution=1
fit(probe, (split.x_train, split.y_train), epochs=1, passes_per_epoch=4, batch_size=32, callbacks=[range_test], label="range test")
SUGGESTION = range_test.suggestion()

fig, ax = plt.subplots(figsize=(6.5, 3.2))
ax.plot(range_test.rates, range_test.losses / len(SEEDS))
ax.axvline(SUGGESTION, color="tab:green", linestyle="--", label=f"suggestion {SUGGESTION:.2g}")
ax.set(xscale="log", xlabel="learning rate (raised every batch)", ylabel="training loss (smoothed)", title="Range test, Adam")
ax.legend(frameon=False)
plt.show()

# %% [markdown]
# ## Experiment 3: a sweep, and the suggestion
#
# Experiment 1's Adam network at rates from 0.0001 to 10, and at the suggestion and 10× either side (each from the
# same starting weights: `reinitialize(model, learning_rate=...)`, no new model):

# %%
adam = models["adam"]
RATES = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0]
sweep_runs = {}
for rate in sorted(set(RATES) | {SUGGESTION / 10, SUGGESTION, SUGGESTION * 10}):
    reinitialize(adam, learning_rate=rate)
    sweep_runs[rate] = fit(adam, split, epochs=EPOCHS, label=f"Adam, rate {rate:.2g}")


def final_accuracy(history):
    return np.array([history.tower(seed)["val_accuracy"][-1] for seed in SEEDS])


for rate, history in sweep_runs.items():
    marker = " ← suggestion" if rate == SUGGESTION else ""
    print(f"rate {rate:9.2g}: validation accuracy {final_accuracy(history).mean():.1%} ± {final_accuracy(history).std():.1%}{marker}")

# %%
def draw_rate(rate):
    history = sweep_runs[rate]
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    for seed in SEEDS:
        ax.plot(np.arange(1, EPOCHS + 1), np.nan_to_num(history.tower(seed)["loss"], nan=10.0), alpha=0.7, label=f"seed {seed}")
    ax.set(yscale="log", ylim=(0.005, 20), xlabel="epoch", ylabel="training loss", title=f"Adam at rate {rate:.2g}")
    ax.legend(frameon=False)
    plt.show()


knobs(draw_rate, defaults={"rate": SUGGESTION}, rate=sorted(sweep_runs))

# %% [markdown]
# ## Experiment 4: batch size and a schedule
#
# The same 10 epochs at batch sizes 16, 64 and 256 (Adam at 0.001): smaller batches take more, noisier steps per
# epoch. Then a cosine schedule — the rate glides from 0.01 to 0 over the 10 epochs, with
# `keras.callbacks.LearningRateScheduler` — against a constant 0.01.

# %%
batch_runs = {}
for batch_size in (16, 64, 256):
    reinitialize(adam, learning_rate=1e-3)
    history = fit(adam, split, epochs=EPOCHS, batch_size=batch_size, label=f"batch {batch_size}")
    batch_runs[batch_size] = (history.seconds, final_accuracy(history))
    print(f"batch {batch_size:4d}: {batch_runs[batch_size][0]:.1f} s, validation accuracy {batch_runs[batch_size][1].mean():.1%}")

schedule = keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * 0.5 * (1 + np.cos(np.pi * epoch / EPOCHS)))
reinitialize(adam, learning_rate=0.01)
cosine_run = final_accuracy(fit(adam, split, epochs=EPOCHS, callbacks=[schedule], label="cosine from 0.01"))
print(f"constant 0.01: {final_accuracy(sweep_runs[1e-2]).mean():.1%}; cosine schedule from 0.01: {cosine_run.mean():.1%}")

# %% [markdown]
# ## Experiment 5: is a small rate stuck, or slow?
# The 0.0001 run, continued for 40 more epochs (50 in all):

# %%
reinitialize(adam, learning_rate=1e-4)
slow = fit(adam, split, epochs=5 * EPOCHS, label="Adam 0.0001, 50 epochs")
slow_curve = np.array([slow.tower(seed)["val_accuracy"] for seed in SEEDS])
print(f"validation accuracy at rate 0.0001: {slow_curve[:, EPOCHS - 1].mean():.1%} after {EPOCHS} epochs, "
      f"{slow_curve[:, -1].mean():.1%} after {5 * EPOCHS}; rate 0.001 after {EPOCHS}: {final_accuracy(sweep_runs[1e-3]).mean():.1%}")

# %% [markdown]
# ## Claim checks
#
# ### Claim [A]: "too high a learning rate overshoots and never settles"

# %%
def measure_too_high(seed):
    loss = sweep_runs[10.0].tower(seed)["loss"]
    return {"first-epoch loss, rate 10": float(loss[0]), "final loss, rate 10": float(loss[-1]) if np.isfinite(loss[-1]) else np.inf,
            "final loss, rate 0.01": float(sweep_runs[1e-2].tower(seed)["loss"][-1]),
            "val acc, rate 10": sweep_runs[10.0].tower(seed)["val_accuracy"][-1]}


def too_high_rule(m):
    if np.all(m["final loss, rate 10"] > 10 * m["final loss, rate 0.01"]) and np.all(m["final loss, rate 10"] > 1.0):
        return "holds", (f"at rate 10 the training loss never settles: {np.mean(m['final loss, rate 10']):.0f} after 10 epochs "
                         f"(rate 0.01: {np.mean(m['final loss, rate 0.01']):.3f}); the predictions still point the right way "
                         f"({np.mean(m['val acc, rate 10']):.1%} accuracy) because Adam's steps are bounded, but the weights keep growing")
    return "wrong", "rate 10 settled"


too_high_claim = check_claim("[A]: too high a learning rate overshoots and never settles", measure_too_high, too_high_rule, expected="holds")

# %% [markdown]
# ### Claim [A, D, E]: "Adam is the best default optimizer"

# %%
def measure_adam(seed):
    index = SEEDS.index(seed)
    return {name: float(final[name][index]) for name in OPTIMIZERS}


def adam_rule(m):
    means = {name: np.mean(m[name]) for name in OPTIMIZERS}
    better = [name for name in OPTIMIZERS if means[name] > means["adam"] + 0.01]
    if not better:
        return "holds", f"at default rates Adam ({means['adam']:.1%}) is within a point of the best"
    return "wrong", (
        f"at Keras's default rates {', '.join(f'{n} ({means[n]:.1%})' for n in better)} beat Adam ({means['adam']:.1%}) after {EPOCHS} epochs; "
        f"Adam's default 0.001 is small for this problem — at the range test's {SUGGESTION:.2g} Adam reaches "
        f"{final_accuracy(sweep_runs[SUGGESTION]).mean():.1%}"
    )


adam_claim = check_claim("[A, D, E]: Adam is the best default optimizer", measure_adam, adam_rule, expected="wrong")

# %% [markdown]
# ### Claim [A]: "too small a learning rate gets stuck in local minima"

# %%
def measure_small(seed):
    index = SEEDS.index(seed)
    return {"rate 1e-4, 10 epochs": slow_curve[index, EPOCHS - 1], "rate 1e-4, 40 epochs": slow_curve[index, -11],
            "rate 1e-4, 50 epochs": slow_curve[index, -1], "rate 1e-3, 10 epochs": final_accuracy(sweep_runs[1e-3])[index]}


def small_rule(m):
    behind = np.all(m["rate 1e-4, 10 epochs"] < m["rate 1e-3, 10 epochs"] - 0.1)
    still_climbing = np.mean(m["rate 1e-4, 50 epochs"] - m["rate 1e-4, 40 epochs"]) >= 0.01
    if behind and still_climbing:
        return "wrong", (f"the small rate is slow, not stuck: {np.mean(m['rate 1e-4, 10 epochs']):.1%} after 10 epochs, "
                         f"{np.mean(m['rate 1e-4, 50 epochs']):.1%} after 50 and still climbing "
                         f"({np.mean(m['rate 1e-4, 50 epochs'] - m['rate 1e-4, 40 epochs']):+.1%} in its last 10 epochs)")
    if behind:
        return "holds", "the small rate stayed behind and stopped improving"
    return "holds with a caveat", "the small rate was not clearly behind"


small_claim = check_claim("[A]: too small a learning rate gets stuck in local minima", measure_small, small_rule, expected="wrong")

# %% [markdown]
# ### Claim: "the range test's suggestion trains within a small margin of the best rate of a sweep"

# %%
def measure_suggestion(seed):
    index = SEEDS.index(seed)
    return {"val acc at suggestion": final_accuracy(sweep_runs[SUGGESTION])[index],
            "best val acc of the sweep": max(final_accuracy(sweep_runs[rate])[index] for rate in RATES)}


def suggestion_rule(m):
    if np.mean(m["val acc at suggestion"]) >= np.mean(m["best val acc of the sweep"]) - 0.015:
        return "holds", (f"the suggestion ({SUGGESTION:.2g}) gives {np.mean(m['val acc at suggestion']):.1%}; the sweep's best rate "
                         f"{np.mean(m['best val acc of the sweep']):.1%} — for one short test run instead of six")
    return "wrong", "the suggested rate trained clearly worse than the sweep's best"


suggestion_claim = check_claim("The range test's suggestion trains within a small margin of the best rate of a sweep",
                               measure_suggestion, suggestion_rule, expected="holds")

# %% [markdown]
# ## Exercises
#
# ### Exercise 09.1 — a momentum step
# Write `momentum_step(w, grad, velocity, learning_rate, momentum=0.9)` as Keras's SGD does it:
# `velocity = momentum * velocity - learning_rate * grad`, then `w = w + velocity`. Return `(new_w, new_velocity)`.
# The check runs Keras's `SGD(momentum=...)` on the same gradients.

# %%
def momentum_step(w, grad, velocity, learning_rate, momentum=0.9):
    ...  # your code here


check_momentum_step(momentum_step)

# %% [markdown]
# ### Exercise 09.2 — an Adam step
# Write `adam_step(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)` for step number
# `t` (starting at 1): update the moments `m = beta_1 m + (1 − beta_1) g`, `v = beta_2 v + (1 − beta_2) g²`, correct
# their bias (divide by `1 − beta_1**t` and `1 − beta_2**t`), and step `w − learning_rate · m̂ / (√v̂ + epsilon)`.
# Return `(new_w, m, v)`. The check runs Keras's `Adam` for several steps on the same gradients.

# %%
def adam_step(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    ...  # your code here


check_adam_step(adam_step)

# %% [markdown]
# ## Takeaways
#
# - The learning rate matters more than the optimizer: a range test (one short run) found a rate as good as a
#   six-run sweep. Compare optimizers only at their own good rates.
# - At Keras's default rates, momentum and RMSprop beat Adam here; Adam won at its range-test rate. Adagrad and
#   Adadelta need far larger rates than Keras's defaults.
# - Too large a rate fails; too small a rate is **slow**, not stuck — it got there with more epochs.
# - Smaller batches: more steps per epoch, more time per epoch; measure both before choosing.
#
# In this notebook we measured optimizers, learning rates, batch sizes and a schedule on one problem.
#
# **Next:** [10 · Ensembles](10_ensembles.ipynb).
