# %% [markdown]
# # 00 · Start here: baseline and diagnosis
#
# **Promise:** after this notebook you can tell whether a network is bad, and *how* it is bad —
# underfitting, overfitting, or fooling you with a contaminated test score — before you reach for any fix.
#
# You will:
# - split data three ways and say what each part is for;
# - put a network beside two baselines (always-the-majority-class and logistic regression);
# - read learning curves for under- and over-fitting;
# - measure how much choosing on the test set flatters your score.
#
# **Time:** about 20 minutes. **Prerequisites:** Python and numpy; what a layer and an epoch are.
# **Measured here:** baseline accuracies, train–validation gaps, and the optimism of test-set selection.

# %% [markdown]
# ## How this workbook works
#
# - **Run it top to bottom** (*Run → Run All Cells*). Every notebook finishes in under a minute on a laptop.
# - **Claim checks.** Articles about improving networks repeat tips; we *measure* them. A claim check runs an
#   experiment once per random seed — and a seed decides *everything* random in it: which digits are in
#   training and which in validation, the starting weights, the order of the batches. Each claim says, before
#   anything is measured, what it compares, on which metric, the **smallest effect that matters** and the
#   **scope** (data, model, training budget); all of it is in `labkit/claims.toml`. The check prints one row
#   per seed, then the mean difference and its **95 % interval** over the seeds, and the verdict follows from
#   the interval: **holds** (above zero, and the mean reaches the smallest effect that matters), **wrong**
#   (the whole interval lies below it: absent, too small, or reversed *here*), or **not shown here** (the
#   interval cannot decide, or the claim needs more than a notebook can afford); a declared second
#   measurement can add **with a caveat**. If the measurement ever disagrees with the verdict in the text,
#   the cell fails — that is how the workbook keeps itself honest.
# - **Seeds.** Claim checks use the seeds in the environment variable `LABKIT_SEEDS` (default `0,1,2,3,4`).
#   Try others, e.g. start JupyterLab with `LABKIT_SEEDS=71,3003,480,9,2718`: the verdicts should not change
#   (each experiment is sized so that they rarely do; `tools/seed_robustness.py` measures how rarely).
#   The **test** digits are the same for every seed and are touched once, at the end; choices are made on
#   validation digits.
# - **Exercises.** A stub for you to fill in, then a check: `…` means not attempted yet, `✗` says what
#   differs and gives a hint, `✓` means correct. Exercises never stop *Run All*, and nothing later depends
#   on your answers. Reference solutions are in `notebooks/solutions/`; to see one, run
#   `%load solutions/00_start_here.py` in a new cell.
# - **labkit** is the small helper package next to the notebooks. Its code is short and documented;
#   `labkit.fit??` shows the source of a helper.

# %% [markdown]
# ## Setup
# `import labkit` comes first: it quiets TensorFlow's start-up logs (only possible before TensorFlow is
# imported). `labkit.setup()` then seeds Python, numpy and Keras, so every run repeats the same numbers,
# and shows labkit's input errors as one line instead of a traceback.

# %%
import labkit  # first: it quiets TensorFlow's logs, which works only before TensorFlow is imported
from labkit.claims import check_claim
from labkit.data import load_digits_split
from labkit.exercises.ex00_baseline import check_majority_baseline, check_split_three_ways
from labkit.models import build_mlp, build_towers, reinitialize
from labkit.towers import evaluate, evaluate_towers
from labkit.training import fit

import matplotlib.pyplot as plt
import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression

labkit.setup()  # seeds Python, numpy and Keras; labkit's input errors print as one line
SEEDS = labkit.seeds()
print("claim checks use seeds", SEEDS)

# %% [markdown]
# ## Intuition: three data sets, three jobs
#
# |part|share|its job|what goes wrong if you skip it|
# |---|---|---|---|
# |**train**|60 %|fit the weights|—|
# |**validation**|20 %|choose between models, settings, epochs|you choose on the test set; its score stops being honest|
# |**test**|20 %|one final, honest score, looked at once|nothing tells you how the model does on new data|
#
# Every score we compute is an estimate of **accuracy on data the model has never seen**. A score is only
# honest if nothing about the model — not its weights, not its settings, not *which* model you kept — was
# decided by looking at the data that produced the score.
#
# Our data set is scikit-learn's bundled **digits**: 1,797 handwritten digits of 8×8 pixels, 10 classes.
# `load_digits_split` splits it 60/20/20 with scikit-learn's `train_test_split` (stratified: each part keeps
# the class proportions). The 360 test digits are always the same; `seed` draws which of the other 1,437 are
# for training and which for validation.

# %%
split = load_digits_split(seed=SEEDS[0])  # the first seed's split, for the pictures and the baselines
print(split.summary())

fig, axes = plt.subplots(1, 8, figsize=(8, 1.4))
# strict=False: the 8 axes take the first 8 training digits, the rest are not shown
for ax, image, label in zip(axes, split.x_train, split.y_train, strict=False):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.show()

# %% [markdown]
# ## Baselines first
#
# Before judging a network, find out what *no effort* scores. Two baselines:
# - **majority class**: always predict the most common training label — the floor;
# - **logistic regression**: a linear model, a few lines of scikit-learn — the bar a network must clear to
#   earn its complexity.

# %%
majority = DummyClassifier(strategy="most_frequent").fit(split.x_train, split.y_train)
logistic = LogisticRegression(max_iter=1000).fit(split.x_train, split.y_train)

model = build_mlp(split.n_features, split.n_classes, depth=1, width=64, seed=SEEDS[0])
history = fit(model, split, epochs=30, label="MLP 64-64-10")

scores = {
    "majority class": (majority.score(split.x_train, split.y_train), majority.score(split.x_val, split.y_val)),
    "logistic regression": (logistic.score(split.x_train, split.y_train), logistic.score(split.x_val, split.y_val)),
    "MLP, one hidden layer of 64": (evaluate(model, split.x_train, split.y_train)["accuracy"],
                                    history.final("val_accuracy")),
}
print(f"{'model':<30}{'train':>8}{'validation':>12}")
for name, (train_acc, val_acc) in scores.items():
    print(f"{name:<30}{train_acc:>8.1%}{val_acc:>12.1%}")

# %% [markdown]
# The majority class scores about 10 % (ten balanced classes). Logistic regression is already strong on
# digits; the small network is about as good. That is worth knowing *before* spending an afternoon tuning
# the network: on this data the network has little room to beat a linear model, so a "95 %" network is
# not an achievement here. (We did not touch the test set: it is for the very end.)

# %% [markdown]
# ## Learning curves: reading under- and over-fitting
#
# A **learning curve** plots the loss on the training and the validation data after every epoch.
# Three networks, each trained once per seed in `LABKIT_SEEDS` — every seed on its own split — all seeds at
# once: `build_towers` puts one independent copy per seed in a single Keras model, each with its own input,
# and `fit(towers, {seed: split})` feeds each copy its own seed's digits, exactly as separate fits would,
# only faster:
#
# - **small data**: two hidden layers of 128 units, but only 150 training images;
# - **full data**: the same network on all 1,077 training images;
# - **tiny network**: one hidden layer of 4 units on all training images.

# %%
wide = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=2, width=128, steps_per_execution=4)
tiny = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=1, width=4, steps_per_execution=4)
settings = {"small data": (wide, 150), "full data": (wide, None), "tiny network": (tiny, None)}
runs = {}
for name, (towers, n_train) in settings.items():
    splits = {seed: load_digits_split(seed=seed, n_train=n_train) for seed in SEEDS}  # one split per seed
    reinitialize(towers)  # back to the starting weights: the wide model is reused, not rebuilt (and re-traced)
    runs[name] = dict(
        history=fit(towers, splits, epochs=40, label=name),
        train=evaluate_towers(towers, splits, "train"),
        val=evaluate_towers(towers, splits, "val"),
    )

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), sharey=True)
for ax, (name, run) in zip(axes, runs.items(), strict=True):
    run["history"].tower(SEEDS[0]).plot(ax=ax, title=f"{name} (seed {SEEDS[0]})")
axes[0].set_ylim(0, 2.5)
plt.tight_layout()
plt.show()

# %% [markdown]
# How to read them:
#
# - **Underfitting** (tiny network): both losses high, close together, still falling slowly. First things to
#   try: a bigger network, more epochs, a better learning rate (notebooks 01, 02, 09).
# - **Overfitting** (small data): training loss near zero, validation loss far above it. First things to try:
#   more data, penalties, dropout, early stopping (notebooks 03–06).
# - **Fine**: both low, a small gap — now compare with the baselines.

# %% [markdown]
# ## Claim checks
#
# ### Claim [B]: "training accuracy far above held-out accuracy means overfitting"
#
# We measure the **gap** (training accuracy minus validation accuracy) of the three networks. If the gap
# marks overfitting, it must shrink when the same network gets more data: the comparison is the gap with 150
# images minus the gap with all 1,077, per seed. The declared caveat: a gap is a symptom, not a score — the
# tiny network's gap is small too, and we measure whether it is also the worse model. (What is compared, the
# smallest effect that matters and the scope are printed with the check; they come from `labkit/claims.toml`.)

# %%
def measure_gap(seed):
    row = {}
    for name, label in (("small data", "150 images"), ("full data", "1,077 images")):
        row[f"gap, {label}"] = runs[name]["train"][seed]["accuracy"] - runs[name]["val"][seed]["accuracy"]
    row["gap, 4 units"] = (runs["tiny network"]["train"][seed]["accuracy"]
                           - runs["tiny network"]["val"][seed]["accuracy"])
    row["val acc, 2 × 128 units"] = runs["full data"]["val"][seed]["accuracy"]
    row["val acc, 4 units"] = runs["tiny network"]["val"][seed]["accuracy"]
    return row


gap_claim = check_claim("gap-means-overfitting", measure_gap)

# %% [markdown]
# ### Claim [C]: "choosing on the test set makes it no longer a test set"
#
# Article advice says: split train/validation/test (e.g. 60/20/20) and never tune on the test set. How
# much does it matter? The experiment: 40 candidate models (logistic regressions, each on a random set of 24
# of the 64 pixels — similar, imperfect models, as in any search), trained on the seed's training digits.
# We keep the candidate with the best score on a 150-image **test** set and report that score, then score
# the same candidate on fresh images it was not chosen on. The difference is the **optimism** of test-set
# selection. For comparison we also choose on a separate validation set and report on the test set. Each
# seed averages 300 random re-partitions of its 720 held-out images (here this lesson needs its own
# held-out pool to re-partition, so it does not use the fixed test digits), so the numbers are stable.

# %%
def measure_selection_optimism(seed, n_candidates=40, n_pixels=24, n_repeats=300, n_test=150):
    data = load_digits_split(seed=seed)
    rng = np.random.default_rng(seed)
    x_pool = np.vstack([data.x_val, data.x_test])
    y_pool = np.concatenate([data.y_val, data.y_test])
    correct = []  # one row per candidate: was each held-out image classified right?
    for _ in range(n_candidates):
        pixels = rng.choice(data.n_features, n_pixels, replace=False)
        candidate = LogisticRegression(max_iter=300).fit(data.x_train[:, pixels], data.y_train)
        correct.append(candidate.predict(x_pool[:, pixels]) == y_pool)
    correct = np.array(correct)
    test_optimism, validation_optimism = [], []
    for _ in range(n_repeats):
        order = rng.permutation(len(y_pool))
        test, val, fresh = order[:n_test], order[n_test:2 * n_test], order[2 * n_test:]
        acc_test, acc_val, acc_fresh = (correct[:, part].mean(axis=1) for part in (test, val, fresh))
        picked_on_test, picked_on_val = acc_test.argmax(), acc_val.argmax()
        test_optimism.append(acc_test[picked_on_test] - acc_fresh[picked_on_test])
        validation_optimism.append(acc_test[picked_on_val] - acc_fresh[picked_on_val])
    return {
        "mean candidate acc": correct.mean(),
        "optimism, chosen on test": np.mean(test_optimism),
        "optimism, chosen on val": np.mean(validation_optimism),
    }


optimism_claim = check_claim("test-set-choice-flatters", measure_selection_optimism)

# %% [markdown]
# A few points of optimism from one innocent-looking choice. Real projects make dozens of choices
# (architecture, learning rate, epochs, features), and each one made on the test set adds to it. That is
# why every notebook here chooses on **validation** and touches **test** once, at the end.

# %% [markdown]
# ## Exercises
#
# ### Exercise 00.1 — a three-way split by hand
# Write `split_three_ways(n_rows, seed)` returning three arrays of row numbers `(train, val, test)`:
# 60 % / 20 % / 20 % of the rows, shuffled with the seed, every row in exactly one part. By hand: numpy only
# (a generator made from `seed`), not scikit-learn's `train_test_split` — `load_digits_split` does it with that,
# and also stratifies. Any rounding is fine: each part may be up to 2 rows off its exact share (for 53 rows,
# train 31.8, validation and test 10.6 rows each). The same seed must give the same split, another seed another.

# %%
def split_three_ways(n_rows, seed):
    ### BEGIN SOLUTION
    order = np.random.default_rng(seed).permutation(n_rows)  # shuffle the row numbers
    n_test = n_val = round(0.2 * n_rows)
    test = order[:n_test]
    val = order[n_test:n_test + n_val]
    train = order[n_test + n_val:]
    return train, val, test
    ### END SOLUTION


check_split_three_ways(split_three_ways)

# %% [markdown]
# ### Exercise 00.2 — the majority-class baseline
# Write `majority_baseline_accuracy(y_train, y_test)`: the accuracy on `y_test` of a "model" that always
# predicts the most common label of `y_train` (on a tie, the smallest of the tied labels). Return a fraction
# between 0 and 1, not a percentage. The check compares it with scikit-learn's `DummyClassifier`.

# %%
def majority_baseline_accuracy(y_train, y_test):
    ### BEGIN SOLUTION
    majority = np.bincount(y_train).argmax()  # decided on the training labels only
    return float(np.mean(y_test == majority))
    ### END SOLUTION


check_majority_baseline(majority_baseline_accuracy)

# %% [markdown]
# ## Takeaways
#
# - Split **train / validation / test** before anything else; choose on validation, score on test once.
# - Start from **baselines**: the majority class is the floor, a linear model is the bar to clear.
# - Read **learning curves**: both losses high → underfitting; training far below validation → overfitting.
# - A train–validation **gap is a symptom**, not a score: pick models by validation score.
# - Choosing among many models on the test set **overstates** the score (here by a few points).
# - Believe a difference only when its interval over seeds says so — and only within its scope.
#
# In this notebook we set up the habits every later notebook relies on.
#
# **Next:** [01 · Weight initialization](01_weight_initialization.ipynb) — why a network can fail before
# its first step.
