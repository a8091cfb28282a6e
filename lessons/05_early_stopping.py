# %% [markdown]
# # 05 · Early stopping
#
# **Promise:** after this notebook you can stop training where the validation loss is lowest, get those weights
# back, and say what the patience setting costs and saves — measured, not guessed.
#
# You will:
# - train too long on purpose and watch training loss fall while validation loss turns up;
# - use `keras.callbacks.EarlyStopping` with `patience` and `restore_best_weights`, and predict where it stops;
# - compare the restored weights with the last epoch's on *check* digits that took no part in any choice.
#
# **Time:** about 25 minutes. **Prerequisites:** [00 · Start here](00_start_here.ipynb) (train, validation, test).
# **Measured here:** the epoch of lowest validation loss, where each patience stops, and the scores of the
# restored and the last weights on held-out check digits.

# %% [markdown]
# ## Setup

# %%
import labkit  # first: it quiets TensorFlow's logs, which works only before TensorFlow is imported
from labkit.callbacks import EpochScores, patience_rule
from labkit.checks import compare_prediction
from labkit.claims import check_claim
from labkit.data import load_digits_split, replica_splits
from labkit.exercises.ex05_early_stopping import check_patience_rule, check_patience_rule_min_delta
from labkit.models import build_towers, reinitialize
from labkit.towers import evaluate_towers, tower_name
from labkit.training import fit
from labkit.widgets import knobs

import dataclasses

import keras
import matplotlib.pyplot as plt
import numpy as np

labkit.setup()  # seeds Python, numpy and Keras; labkit's input errors print as one line
SEEDS = labkit.seeds()
print("claim checks use seeds", SEEDS)

# %% [markdown]
# ## Intuition: validation gets better, then worse
#
# Early in training the network learns the pattern shared by all examples: training and validation scores
# improve together. Later it can only lower the training loss further by fitting the quirks of its own training
# examples — noise that the validation examples do not share — so the validation loss bottoms out and the
# validation accuracy falls.
# **Early stopping** watches the validation loss and keeps the weights from its lowest point.
#
# It needs a rule for *when* to give up: the validation loss is noisy, so one bad epoch is no proof.
# `EarlyStopping(patience=p)` stops after $p$ epochs in a row without a new best; with
# `restore_best_weights=True` it then puts back the weights of the best epoch.

# %% [markdown]
# ## Experiment 1: train too long
#
# Digits with a twist that real data sets often have: **30 % of the 500 training images carry a wrong label**
# (`label_noise=0.3`; validation and test labels are correct). Such labels contain nothing to learn, only
# something to memorise. Two ReLU layers of 256 units, Adam at rate 0.001, 40 epochs — too long, on purpose.
#
# Early stopping *chooses* an epoch by the validation loss, so the validation digits can no longer say how good
# the choice was, and the test digits wait for the very end. Each seed's 937 non-test digits outside its
# training set are therefore cut in two: 360 **validation** digits that early stopping watches, and 577
# **check** digits that judge its choices. `EpochScores` (labkit) scores the weights after every epoch at
# inference on all three; Keras's own training "loss" is an average over the epoch's batches.
#
# **Exercise 05.3 — predict, then measure.** Before you run the experiment: how many points of accuracy on the
# check digits will the 40th epoch's weights have lost against the weights of the epoch with the best validation
# accuracy (none, if longer training does no harm)? Write a fraction (0.05
# for 5 points) below; the second claim check shows your number beside the measurement.

# %%
my_prediction = None  # your prediction, e.g. 0.05 for 5 points

# %%
def with_check_rows(split, n_val=360):
    """The split with its first n_val validation rows kept for validation, and the rest as check rows."""
    check = (split.x_val[n_val:], split.y_val[n_val:])
    return dataclasses.replace(split, x_val=split.x_val[:n_val], y_val=split.y_val[:n_val]), check


splits, checks = {}, {}
for seed in SEEDS:
    noisy = load_digits_split(seed=seed, standardize=True, n_train=500, label_noise=0.3, val_size="rest")
    splits[seed], checks[seed] = with_check_rows(noisy)
split = splits[SEEDS[0]]
print(split.summary(), f"and {len(checks[SEEDS[0]][1])} check rows — 30 % of the training labels are wrong")
towers = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=2, width=256, activation="relu",
                      initializer="he_normal", learning_rate=0.001)
EPOCHS = 40
scores = EpochScores({"train": {seed: splits[seed].train for seed in SEEDS},
                      "validation": {seed: splits[seed].val for seed in SEEDS},
                      "check": checks, "test": split.test})  # the test scores stay unread until the very end
long_run = fit(towers, splits, epochs=EPOCHS, callbacks=[scores], label=f"{EPOCHS} epochs")
last_weights = towers.get_weights()

curves = {seed: {part: scores.scores[part][seed] for part in scores.scores} for seed in SEEDS}
lowest = {seed: int(np.argmin(curves[seed]["validation"]["loss"])) + 1 for seed in SEEDS}

# %%
epochs = np.arange(1, EPOCHS + 1)
first = SEEDS[0]
fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
for ax, metric in zip(axes, ("loss", "accuracy"), strict=True):
    for part in ("train", "validation", "check"):
        ax.plot(epochs, curves[first][part][metric], label=part)
    ax.axvline(lowest[first], color="0.5", linestyle=":", label=f"lowest validation loss (epoch {lowest[first]})")
    ax.set(xlabel="epoch", ylabel=f"{metric} (at inference)", title=f"seed {first}")
axes[0].legend(frameon=False, fontsize="small")
plt.show()

# %% [markdown]
# First the network learns what the correct labels share, and validation accuracy climbs. Then it memorises the
# wrong labels: training accuracy heads for 100 % — wrong labels included — while validation and check accuracy
# fall by several points. The validation *loss* shows it less: it rises only a little after its lowest point,
# because it rewards the cautious probabilities the network learned from the noisy labels as much as it
# punishes the memorised mistakes. Early stopping on `val_loss` may stop late here (its best epoch need not be
# the accuracy's) — watch both.

# %% [markdown]
# ## Experiment 2: `EarlyStopping` in Keras
#
# The same towers from the same start (`reinitialize`), now with the callback. One `EarlyStopping` watches one
# number, so it watches the first seed's validation loss (`val_seed_0_loss` in Keras's logs) and stops all
# towers together. We predict its decision from experiment 1's curve with `labkit.callbacks.patience_rule` —
# exercise 05.1 asks you to write that rule. labkit's `fit` trains every seed's tower at once; for one network of
# your own the same run is plain Keras:
#
# ```python
# stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
# model.fit(x_train, y_train, epochs=40, batch_size=64, validation_data=(x_val, y_val), callbacks=[stopper])
# # the model now holds the weights of the epoch with the lowest validation loss
# ```

# %%
PATIENCE = 5
stopper = keras.callbacks.EarlyStopping(monitor=f"val_{tower_name(first)}_loss", mode="min", patience=PATIENCE,
                                        restore_best_weights=True)
reinitialize(towers)
stopped_run = fit(towers, splits, epochs=EPOCHS, callbacks=[stopper], label=f"patience {PATIENCE}")
restored_weights = towers.get_weights()

predicted_stop, predicted_best = patience_rule(long_run.tower(first)["val_loss"], PATIENCE)
print(f"Keras stopped after epoch {stopped_run.epochs} and restored epoch {stopper.best_epoch + 1}")
print(f"patience_rule on experiment 1's curve: stop after epoch {predicted_stop}, restore epoch {predicted_best}")

# %% [markdown]
# The two agree because both runs start from the same weights and see the batches in the same order
# (a seeded run gives the same numbers every time). What the restored weights are worth, for the first seed,
# on its check digits:

# %%
restored_scores = evaluate_towers(towers, checks)[first]
towers.set_weights(last_weights)
last_scores = evaluate_towers(towers, checks)[first]
print(f"check accuracy: restored (epoch {stopper.best_epoch + 1}) {restored_scores['accuracy']:.1%}, "
      f"last (epoch {EPOCHS}) {last_scores['accuracy']:.1%}; trained {stopped_run.epochs} of {EPOCHS} epochs")

# %% [markdown]
# ## What patience costs and saves
# A small patience stops soon after a dip and may miss a lower point later; a large one trains many epochs past
# the best. Patience → where it stops, which epoch it restores, and what the restored weights score on the check
# digits (all from experiment 1's curves, no retraining):

# %%
PATIENCES = [0, 1, 2, 5, 10, 20]


def patience_outcome(seed, patience, run=None):
    """Where patience stops on a run's validation loss, the epoch it restores, and that epoch's check scores."""
    run = curves if run is None else run  # experiment 1's run, or another run's curves
    stop, best = patience_rule(run[seed]["validation"]["loss"], patience)
    return {"stop": stop, "best": best, "check loss": run[seed]["check"]["loss"][best - 1],
            "check accuracy": run[seed]["check"]["accuracy"][best - 1]}


def draw_patience(patience):
    outcome = patience_outcome(first, patience)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(epochs, curves[first]["validation"]["loss"], color="tab:orange", label="validation loss")
    ax.plot(epochs, curves[first]["check"]["accuracy"], color="tab:green", alpha=0.6, label="check accuracy")
    ax.axvspan(outcome["stop"], EPOCHS, color="0.92", label="epochs not trained")
    ax.axvline(outcome["best"], color="tab:red", label=f"restored: epoch {outcome['best']}")
    ax.axvline(lowest[first], color="0.4", linestyle=":", label=f"lowest validation loss: epoch {lowest[first]}")
    ax.set(xlabel="epoch", ylim=(0.4, 1.2),
           title=f"patience {patience}: {outcome['stop']} epochs trained, "
                 f"check accuracy {outcome['check accuracy']:.1%}")
    ax.legend(frameon=False, fontsize="small")
    plt.show()


knobs(draw_patience, defaults={"patience": 10}, patience=PATIENCES)

# %%
print(f"lowest validation loss at epochs {[lowest[s] for s in SEEDS]}; check accuracy after all {EPOCHS} epochs: "
      f"{np.mean([curves[s]['check']['accuracy'][-1] for s in SEEDS]):.1%} (mean over seeds)")
print(f"{'patience':>9s}{'epochs trained':>16s}{'restored epoch':>16s}{'check accuracy':>16s}   (means over seeds)")
for patience in PATIENCES:
    outcomes = [patience_outcome(seed, patience) for seed in SEEDS]
    print(f"{patience:>9d}{np.mean([o['stop'] for o in outcomes]):>16.0f}"
          f"{np.mean([o['best'] for o in outcomes]):>16.0f}"
          f"{np.mean([o['check accuracy'] for o in outcomes]):>16.1%}")

# %% [markdown]
# ## More repeated: three runs per seed
#
# With 30 % wrong labels the validation loss is an erratic signal: where patience stops differs from run to run
# (the table's restored epochs are means over seeds that stopped early and late), so one run per seed is too
# few to judge the callback. For the claims each seed trains twice more, on its own replica splits
# (`labkit.data.replica_splits`: other training digits, other wrong labels, other check digits) from its own
# replica starts (`reinitialize(..., replica=k)`), recorded as experiment 1 was; a seed's figure is the mean of
# its three runs.

# %%
RUNS = 3
run_curves = [curves]
for replica in range(1, RUNS):
    noisy_k = replica_splits(load_digits_split, SEEDS, replica, standardize=True, n_train=500, label_noise=0.3,
                             val_size="rest")
    splits_k, checks_k = {}, {}
    for seed in SEEDS:
        splits_k[seed], checks_k[seed] = with_check_rows(noisy_k[seed])
    reinitialize(towers, replica=replica)
    scores_k = EpochScores({"train": {seed: splits_k[seed].train for seed in SEEDS},
                            "validation": {seed: splits_k[seed].val for seed in SEEDS}, "check": checks_k})
    fit(towers, splits_k, epochs=EPOCHS, callbacks=[scores_k], replica=replica,
        label=f"{EPOCHS} epochs, replica {replica}")
    run_curves.append({seed: {part: scores_k.scores[part][seed] for part in scores_k.scores} for seed in SEEDS})


def mean_over_runs(measure, seed):
    """A seed's figures: `measure(seed, run)` for each of its runs' curves, averaged."""
    rows = [measure(seed, run) for run in run_curves]
    return {name: float(np.mean([row[name] for row in rows])) for name in rows[0]}

# %% [markdown]
# ## Claim checks
#
# ### Claim [D, E]: "stop where validation loss is lowest: an EarlyStopping callback does it"
# Per seed, on the check digits, the mean of its three runs: the weights that patience 5 on the run's validation
# loss restores, against the weights after all 40 epochs — what you get without the callback. The table also
# shows how many epochs the callback trained, and where the lowest validation loss of the whole run was.

# %%
def callback_in_run(seed, run):
    outcome = patience_outcome(seed, PATIENCE, run)
    return {
        "restored epoch": outcome["best"],
        "epochs trained": outcome["stop"],
        "lowest val loss epoch": int(np.argmin(run[seed]["validation"]["loss"])) + 1,
        "check acc, restored (patience 5)": outcome["check accuracy"],
        "check acc, last epoch": run[seed]["check"]["accuracy"][-1],
    }


def measure_callback(seed):
    return mean_over_runs(callback_in_run, seed)


callback_claim = check_claim("early-stopping-callback", measure_callback)

# %% [markdown]
# Look at the lowest-validation-loss epochs: with 30 % wrong labels the validation *loss* is a weak, erratic
# signal (the epochs printed under the patience table are far apart from seed to seed). The callback still pays
# off — but the next claim watches validation *accuracy*, which tracks what we care about here.

# %% [markdown]
# ### Claim [E]: "training longer improves the training fit but eventually hurts performance on unseen data"
# Per seed, on the check digits, the mean of its three runs: the weights at the epoch of highest validation
# accuracy against the weights after all 40 epochs; the table also shows what the extra epochs did to the
# training loss.

# %%
def longer_in_run(seed, run):
    best = int(np.argmax(run[seed]["validation"]["accuracy"])) + 1
    return {
        "best val acc epoch": best,
        "train loss there": run[seed]["train"]["loss"][best - 1],
        "train loss, last": run[seed]["train"]["loss"][-1],
        "check acc, best val acc epoch": run[seed]["check"]["accuracy"][best - 1],
        "check acc, last epoch": run[seed]["check"]["accuracy"][-1],
    }


def measure_longer(seed):
    return mean_over_runs(longer_in_run, seed)


longer_claim = check_claim("training-longer-hurts", measure_longer)
compare_prediction("05.3 predict: what training too long costs", my_prediction,
                   longer_claim.rows["check acc, best val acc epoch"] - longer_claim.rows["check acc, last epoch"],
                   what="check accuracy lost by the last epoch", close=0.02)


# %% [markdown]
# ### Claim [D]: early stopping, exactly as [D] sets it up
# [D]'s callback is `EarlyStopping(monitor="val_loss", patience=0)`: stop at the first epoch whose validation
# loss is no lower than the best so far, and keep that epoch's weights (no `restore_best_weights`). Per seed,
# from the runs' curves (no retraining), the mean of its three runs: the check accuracy of the weights where that
# rule stops, against the weights after all 40 epochs; the table also shows patience 5 with the best weights
# restored.

# %%
def literal_in_run(seed, run):
    stop, _ = patience_rule(run[seed]["validation"]["loss"], 0)
    return {"[D]'s stop epoch": stop, "check acc, [D]'s stop": run[seed]["check"]["accuracy"][stop - 1],
            "check acc, last epoch": run[seed]["check"]["accuracy"][-1],
            "check acc, restored (patience 5)": patience_outcome(seed, PATIENCE, run)["check accuracy"]}


def measure_literal(seed):
    return mean_over_runs(literal_in_run, seed)


literal_claim = check_claim("early-stopping-literal", measure_literal)

# %% [markdown]
# Only now, once, the test digits: the restored weights of every seed (patience 5), the choice this notebook
# recommends.

# %%
restored_test = [curves[seed]["test"]["accuracy"][patience_outcome(seed, PATIENCE)["best"] - 1] for seed in SEEDS]
print(f"test accuracy of the restored weights: {np.mean(restored_test):.1%} "
      f"(per seed: {', '.join(f'{a:.1%}' for a in restored_test)}) "
      f"on the {len(split.y_test)} test digits")

# %% [markdown]
# ## Exercises
#
# ### Exercise 05.1 — the patience rule
# Write `patience_stop(val_losses, patience)`: given one validation loss per epoch, return
# `(stop_epoch, best_epoch)`, 1-based, as Keras's `EarlyStopping` decides: an epoch *improves* if its loss is
# below the best so far; training stops at the first epoch that completes `patience` epochs in a row without
# an improvement (`stop_epoch` is then that epoch; if that never happens, it is the number of epochs).
# `best_epoch` is the last improving epoch (the first epoch counts as improving). Return two whole numbers,
# leave the list `val_losses` unchanged, and write the rule yourself: calling labkit's `patience_rule` (which
# the check compares with) counts as a wrong answer.

# %%
def patience_stop(val_losses, patience):
    ### BEGIN SOLUTION
    best, best_epoch, waited = val_losses[0], 1, 0
    for epoch in range(2, len(val_losses) + 1):
        waited += 1
        if val_losses[epoch - 1] < best:
            best, best_epoch, waited = val_losses[epoch - 1], epoch, 0
        elif waited >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch
    ### END SOLUTION


check_patience_rule(patience_stop)

# %% [markdown]
# ### Exercise 05.2 — ignoring tiny improvements
# Keras's `min_delta`: an epoch only counts as improving if its loss is below the best so far by **more than**
# `min_delta`; a smaller decrease changes nothing (neither the best loss nor the count). Write
# `patience_stop_min_delta(val_losses, patience, min_delta)`, again without `patience_rule`. Floating point can put
# an exact decimal boundary on either side (0.5 − 0.4 < 0.1 in floats), so with `min_delta > 0` an epoch whose
# improvement equals `min_delta` within 1e-9 may count either way; with `min_delta = 0` an equal loss never improves.

# %%
def patience_stop_min_delta(val_losses, patience, min_delta):
    ### BEGIN SOLUTION
    best, best_epoch, waited = val_losses[0], 1, 0
    for epoch in range(2, len(val_losses) + 1):
        waited += 1
        if val_losses[epoch - 1] < best - min_delta:
            best, best_epoch, waited = val_losses[epoch - 1], epoch, 0
        elif waited >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch
    ### END SOLUTION


check_patience_rule_min_delta(patience_stop_min_delta)

# %% [markdown]
# ## Takeaways
#
# - Watch the **validation** loss: training loss keeps improving long after the network has started to
#   memorise its training set.
# - `EarlyStopping(monitor="val_loss", patience=p, restore_best_weights=True)`: without `restore_best_weights`
#   you keep the weights of the *last* epoch, `p` epochs past the best.
# - Patience trades epochs for safety: too small can stop at a noisy dip, too large wastes epochs (the patience
#   table shows what it did here). Look at how noisy your validation curve is before choosing.
# - Early stopping chooses on validation data, so judge its choice on other held-out data, and report the test
#   score only once, at the end.
#
# In this notebook we measured where validation loss turns up and what restoring the best weights is worth.

# %% [markdown]
# ## Sources
#
# - [[D] Agrawal (2021)](REFERENCES.md#article-d): "A Comprehensive Guide on Neural Networks Performance Optimization"
# - [[E] Section (2022)](REFERENCES.md#article-e): "Factors To Consider For Improving Deep Learning Models Performance"
# - Data: scikit-learn's [digits](REFERENCES.md#data-digits)
#
# Every source of the workbook, with the notebooks that cite it: [REFERENCES.md](REFERENCES.md).

# %% [markdown]
# **Next:** [06 · Data augmentation and more data](06_augmentation_more_data.ipynb) — more data, and made-up data.
