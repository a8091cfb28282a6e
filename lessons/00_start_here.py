# %% [markdown]
# # 00 · Start here: baseline and diagnosis
#
# **Promise:** after this notebook you can tell whether a network is bad, and *how* it is bad —
# underfitting, overfitting, or fooling you with a contaminated test score — before you reach for any fix.
#
# You will:
# - split data three ways and say what each part is for;
# - put a network beside two baselines (always-the-majority-class and logistic regression), in plain Keras;
# - run the debugging routine practitioners use before any technique: the loss at the start, overfitting a
#   tiny batch, learning shuffled labels, looking at the mistakes;
# - read learning curves for under- and over-fitting;
# - measure how much choosing on the test set flatters your score.
#
# **Time:** about 30 minutes. **Prerequisites:** Python and numpy; what a layer and an epoch are.
# **Measured here:** baseline accuracies, the debugging routine's four checks, train–validation gaps, and the
# optimism of test-set selection.

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
from labkit.checks import compare_prediction
from labkit.claims import check_claim
from labkit.data import load_digits_split
from labkit.diagnostics import epochs_to_reach
from labkit.exercises.ex00_baseline import check_majority_baseline, check_split_three_ways
from labkit.models import build_towers, reinitialize
from labkit.plots import plot_digits
from labkit.towers import evaluate_towers
from labkit.training import fit

from collections import Counter

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ConfusionMatrixDisplay

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

# The network in plain Keras, once: this is what labkit's build_mlp(64 inputs, 10 classes, width=64) and
# fit(model, split, epochs=30) stand for in every later notebook (they add seeding and a compact progress line).
model = keras.Sequential([
    keras.Input(shape=(split.n_features,)),
    keras.layers.Dense(64, activation="relu"),          # Glorot-uniform weights, zero biases: Keras's default
    keras.layers.Dense(split.n_classes, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(split.x_train, split.y_train, validation_data=(split.x_val, split.y_val), epochs=30,
                    batch_size=64, verbose=0)

scores = {
    "majority class": (majority.score(split.x_train, split.y_train), majority.score(split.x_val, split.y_val)),
    "logistic regression": (logistic.score(split.x_train, split.y_train), logistic.score(split.x_val, split.y_val)),
    "MLP, one hidden layer of 64": (model.evaluate(split.x_train, split.y_train, verbose=0)[1],
                                    history.history["val_accuracy"][-1]),
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
# ## Before any technique: a debugging routine
#
# Practitioners run a few checks on a new network before they change anything about it (A. Karpathy's
# "A Recipe for Training Neural Networks" starts the same way). Each takes seconds, and each is a claim check
# here, on every seed's own split:
#
# 1. **The loss at the start.** An untrained network should be unsure: about 1/K for each of K classes, so the
#    cross-entropy starts near **ln K** (ln 10 ≈ 2.30 for digits). Far above means it starts *confidently wrong*
#    — badly scaled inputs, a wrong initialization or output layer — and its first epochs go to undoing that.
# 2. **Overfit a tiny batch.** On 20 examples, trained long enough, the network must reach 100 % training
#    accuracy. If it cannot, something is wired wrong (the loss, the outputs, the optimizer, the data feed):
#    a bug, not a hyperparameter.
# 3. **Shuffled labels.** Given time, the same kind of network learns even *random* labels by heart (Zhang et al.,
#    2017): capacity is rarely what is missing. What it cannot do is carry random labels over to new data.
# 4. **Look at the mistakes**: which classes are confused, and what the misclassified examples look like.
#
# ### Check 1: the loss at the start is about ln K — and what a wrong start looks like
#
# Five untrained copies of the network of the table above (one per seed, each with its own starting weights)
# score their own training digits; one start is noisy, so each seed's figure is the mean over four starts (its own
# and three replicas', `reinitialize(..., replica=k)`). Then the same untrained copies score the digits with
# pixels from 0 to 16, as scikit-learn ships them, instead of from 0 to 1 — the most common wrong start here.

# %%
LN_K = float(np.log(split.n_classes))
START_RUNS = 4  # one start is noisy: each seed's figure is the mean over its own start and three replicas' starts
digit_splits = {seed: load_digits_split(seed=seed) for seed in SEEDS}  # one split per seed
raw_pixels = {seed: (s.x_train * 16, s.y_train) for seed, s in digit_splits.items()}
untrained = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=1, width=64)
start, start_raw = [], []
for replica in range(START_RUNS):
    reinitialize(untrained, replica=replica)  # replica 0: each seed's own start; 1, 2, 3: other seeded starts
    start.append(evaluate_towers(untrained, digit_splits, "train"))
    start_raw.append(evaluate_towers(untrained, raw_pixels))


def measure_start(seed):
    return {"start loss": np.mean([run[seed]["loss"] for run in start]),
            "start loss, pixels 0–16": np.mean([run[seed]["loss"] for run in start_raw]), "ln 10": LN_K}


start_claim = check_claim("start-loss-is-ln-k", measure_start)
wrong_start_claim = check_claim("wrong-start-shows-in-the-loss", measure_start)

# %% [markdown]
# A start above ln K is worth fixing before anything else: scale the inputs (notebook 07), check the
# initialization (notebook 01) and the output layer (softmax with cross-entropy for classes). Some
# practitioners also set the output layer's bias to the classes' log-frequencies, so that an unbalanced data
# set starts at its own baseline loss.
#
# ### Check 2: overfit a tiny batch
#
# Each seed takes 2 digits of every class from its own training split — 20 digits — and trains the same
# network on them alone: 300 full-batch steps of Adam (learning rate 0.001, as everywhere here).

# %%
def tiny_batch(data, per_class=2):
    rows = np.concatenate([np.flatnonzero(data.y_train == label)[:per_class] for label in range(data.n_classes)])
    return data.x_train[rows], data.y_train[rows]


tiny_data = {seed: tiny_batch(s) for seed, s in digit_splits.items()}
reinitialize(untrained)  # back to the starting weights (they were only evaluated so far)
fit(untrained, tiny_data, epochs=15, passes_per_epoch=20, batch_size=20, label="20 digits")
tiny_scores = evaluate_towers(untrained, tiny_data)


def measure_tiny_batch(seed):
    return {"train acc, 20 digits": tiny_scores[seed]["accuracy"], "all right": 1.0,
            "loss, 20 digits": tiny_scores[seed]["loss"]}


tiny_claim = check_claim("overfits-a-tiny-batch", measure_tiny_batch)

# %% [markdown]
# Passing this check does not prove the data right — a network memorises 20 *mislabelled* digits just as
# well — but failing it proves something broken, cheaply, before any long run.
#
# ### Check 3: shuffled labels are learned too, given time
#
# A wider network (two hidden layers of 256) trains on 300 of each seed's training digits twice: with the same
# labels shuffled among the images (a seeded permutation) for 80 passes over them, and with their true labels for
# 20 passes (batches of 50; `fit(passes_per_epoch=4)` scores the towers after every 4 passes).
#
# **Exercise 00.3 — predict, then measure.** Before you run the experiment: trained on the shuffled labels,
# what accuracy will the network reach on the 360 *validation* digits, which keep their true labels? Write a
# fraction (0.25 for 25 %) below; after the experiment, your number is shown beside the measurement.

# %%
my_prediction = None  # your prediction, e.g. 0.5 for 50 %

# %%
N_SHUFFLED, PASSES = 300, 4
true_data = {seed: load_digits_split(seed=seed, n_train=N_SHUFFLED) for seed in SEEDS}
shuffled_data = {seed: (s.x_train, np.random.default_rng(seed).permutation(s.y_train)) for seed, s in true_data.items()}
wide256 = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=2, width=256, steps_per_execution=24)
label_runs = {}
true_pairs = {seed: s.train for seed, s in true_data.items()}
for name, data, epochs in (("true labels", true_pairs, 5), ("shuffled labels", shuffled_data, 20)):
    reinitialize(wide256)
    history_ = fit(wide256, data, epochs=epochs, batch_size=50, passes_per_epoch=PASSES, label=name)
    label_runs[name] = dict(history=history_, train=evaluate_towers(wide256, data),
                            val=evaluate_towers(wide256, {seed: s.val for seed, s in true_data.items()}))


def measure_shuffled(seed):
    row = {}
    for name, run in label_runs.items():
        row[f"train acc, {name}"] = run["train"][seed]["accuracy"]
        row[f"val acc, {name}"] = run["val"][seed]["accuracy"]
        reached = epochs_to_reach(run["history"].tower(seed)["accuracy"], 0.9)  # None: not within the run
        row[f"passes to 90 % train, {name}"] = np.nan if reached is None else PASSES * reached
    return row


shuffled_claim = check_claim("shuffled-labels-are-learned", measure_shuffled)
compare_prediction("00.3 predict: validation accuracy after shuffled labels", my_prediction,
                   [label_runs["shuffled labels"]["val"][seed]["accuracy"] for seed in SEEDS],
                   what="validation accuracy", close=0.05)

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
for name, run in label_runs.items():
    curve = run["history"].tower(SEEDS[0])["accuracy"]
    ax.plot(PASSES * np.arange(1, len(curve) + 1), curve, marker=".", label=name)
ax.axhline(0.1, color="grey", lw=0.8, ls=":", label="chance")
ax.set(xlabel="passes over the 300 digits", ylabel="training accuracy", ylim=(0, 1.02),
       title=f"2 × 256 units, 300 digits (seed {SEEDS[0]})")
ax.legend()
plt.show()

# %% [markdown]
# True labels are learned in a few passes, shuffled ones slowly, one image at a time — and then the network
# knows 300 random facts and nothing that carries over: its validation accuracy stays at chance. So when a
# network *underfits* real data, more capacity is seldom the answer by itself; look at the data, the
# inputs' scale and the optimizer first. When it fits training data perfectly, that alone says nothing about
# new data: only validation does.
#
# ### Check 4: look at the mistakes
#
# The plain-Keras network of the table, on its validation digits: which classes it confuses, and the images
# it gets wrong.

# %%
predicted = model.predict(split.x_val, verbose=0).argmax(axis=1)
fig, ax = plt.subplots(figsize=(4.6, 4.2))
ConfusionMatrixDisplay.from_predictions(split.y_val, predicted, ax=ax, colorbar=False)
ax.set_title("validation digits: true vs predicted")
plt.show()
wrong = np.flatnonzero(predicted != split.y_val)
confusions = Counter(zip(split.y_val[wrong].tolist(), predicted[wrong].tolist(), strict=True)).most_common(3)
print(f"{len(wrong)} of {len(split.y_val)} validation digits wrong; most frequent (true → predicted):",
      ", ".join(f"{t} → {p} ({n}×)" for (t, p), n in confusions))
plot_digits(split.x_val[wrong[:16]], titles=[f"{t}→{p}" for t, p in zip(split.y_val[wrong[:16]],
                                                                          predicted[wrong[:16]], strict=True)],
            title="misclassified validation digits (true→predicted)")
plt.show()

# %% [markdown]
# Looking is part of the routine: which of these would a person hesitate over, and which are plain mistakes? A
# mislabelled example or a systematic confusion shows here long before any score moves.
# The order of the whole routine, and what to try for each kind of problem, is in [RECIPE.md](RECIPE.md).

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
# - Before any technique, **debug**: the first loss near ln K, a tiny batch fitted to 100 %, the confusion
#   matrix and the misclassified examples looked at. A network that learns even shuffled labels has capacity
#   enough; what it lacks is elsewhere.
# - Read **learning curves**: both losses high → underfitting; training far below validation → overfitting.
# - A train–validation **gap is a symptom**, not a score: pick models by validation score.
# - Choosing among many models on the test set **overstates** the score (here by a few points).
# - Believe a difference only when its interval over seeds says so — and only within its scope.
#
# In this notebook we set up the habits every later notebook relies on.

# %% [markdown]
# ## Sources
#
# - [[B] Pykes (Comet)](REFERENCES.md#article-b): "Improving The Accuracy Of Your Neural Network"
# - [[C] adventuresinmachinelearning.com](REFERENCES.md#article-c): "Improve your neural networks – Part 1"
# - [Karpathy (2019)](REFERENCES.md#karpathy2019): "A Recipe for Training Neural Networks" — the debugging routine
# - [Zhang et al. (2017)](REFERENCES.md#zhang2017): networks learn shuffled labels
# - Data: scikit-learn's [digits](REFERENCES.md#data-digits)
#
# Every source of the workbook, with the notebooks that cite it: [REFERENCES.md](REFERENCES.md).

# %% [markdown]
# **Next:** [01 · Weight initialization](01_weight_initialization.ipynb) — why a network can fail before
# its first step.
