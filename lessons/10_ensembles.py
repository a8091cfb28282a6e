# %% [markdown]
# # 10 · Ensembles
#
# **Promise:** after this notebook you can say when several models voting together beat one model, build the
# common ensembles with scikit-learn (a Keras network among the members), and measure what an ensemble gains.
#
# You will:
# - reproduce article [A]'s two trios of voters exactly, and measure how correlated their members are;
# - simulate thousands of trios to see the gain fall as the members' mistakes become correlated;
# - build a deep ensemble and a bagged ensemble of MLPs on digits; compare soft and hard voting;
# - measure calibration (a reliability diagram, the expected calibration error) of a network, an ensemble and a
#   network trained with label smoothing;
# - try boosting and stacking with scikit-learn's estimators.
#
# **Time:** about 25 minutes. **Prerequisites:** [00 · Start here](00_start_here.ipynb) (train, validation, test;
# log-loss is the cross-entropy loss Keras reports).
# **Measured here:** member and ensemble accuracy and log-loss, the correlation of members' errors, and the gain
# of an ensemble over its mean and its best member, and the calibration of members, ensembles and label smoothing.

# %% [markdown]
# ## Setup

# %%
import labkit  # first: it quiets TensorFlow's logs, which works only before TensorFlow is imported
from labkit.checks import compare_prediction
from labkit.claims import check_claim
from labkit.data import load_digits_split, replica_seed
from labkit.ensembles import (
    KerasMLPClassifier,
    majority_vote,
    mean_pairwise_correlation,
    member_scores,
    pairwise_correlation,
    simulate_members,
)
from labkit.exercises.ex10_ensembles import check_majority_vote, check_pairwise_correlation
from labkit.metrics import expected_calibration_error, log_loss, reliability_bins
from labkit.models import build_towers
from labkit.towers import predict_towers
from labkit.training import fit

import matplotlib.pyplot as plt
import numpy as np
from joblib import Parallel, delayed
from scipy import stats
from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier, RandomForestClassifier, StackingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.tree import DecisionTreeClassifier
from tqdm.auto import tqdm

labkit.setup()  # seeds Python, numpy and Keras; labkit's input errors print as one line
SEEDS = labkit.seeds()
print("claim checks use seeds", SEEDS)

# %% [markdown]
# ## Intuition: many voters are wiser only if they err differently
#
# Three members each answer a yes/no question correctly with probability $p$. If their mistakes are
# **independent**, the majority is right when at least two of them are:
#
# $$P(\text{majority right}) = p^3 + 3p^2(1-p)$$
#
# For $p = 0.7$ that is 0.784: the trio beats every member. If instead they always make the **same**
# mistakes, the vote is simply one member again: $p$. Real members sit in between, and the question is how much
# of the gain survives their correlation. The formula has a second edge: with $p < 0.5$ it gives *less* than
# $p$ — a vote of independent bad members is worse than one of them.

# %% [markdown]
# ## Experiment 1: article [A]'s two trios
#
# Ten questions whose true answer is always 1. [A] takes two trios of members and their majority votes.

# %%
def bits(text):
    return np.array([int(c) for c in text])


truth = bits("1111111111")
trios = {
    "correlated": np.stack([bits("1111111100"), bits("1111111100"), bits("1011111100")]),
    "decorrelated": np.stack([bits("1111111100"), bits("0111011101"), bits("1000101111")]),
}
for name, members in trios.items():
    vote = majority_vote(members)
    assert np.array_equal(vote, stats.mode(members, axis=0).mode)  # the library's answer agrees
    print(f"{name:>13s} trio: members {', '.join(f'{np.mean(m == truth):.0%}' for m in members)}"
          f" → vote {''.join(map(str, vote))} ({np.mean(vote == truth):.0%})")

# %% [markdown]
# Both results are [A]'s: the correlated trio votes 80 %, no better than its best member; the decorrelated trio
# votes **90 %** although its members (80, 70, 60 %) are individually *worse*. How correlated are they? The
# Pearson correlation between two members' outputs, for every pair (exercise 10.2 asks you to write it):

# %%
fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
for ax, (name, members) in zip(axes, trios.items(), strict=True):
    errors = (members != truth).astype(float)
    corr = pairwise_correlation(errors)
    ax.imshow(corr, vmin=-1, vmax=1, cmap="coolwarm")
    for i in range(3):
        for j in range(3):
            ax.text(j, i, f"{corr[i, j]:.2f}", ha="center", va="center")
    ax.set(title=f"{name}: error correlation", xticks=range(3), yticks=range(3), xlabel="member", ylabel="member")
plt.tight_layout()
plt.show()
for name, members in trios.items():
    print(f"{name:>13s}: mean pairwise correlation of outputs {mean_pairwise_correlation(members):+.2f}, "
          f"of errors {mean_pairwise_correlation(members != truth):+.2f}")

# %% [markdown]
# Here the two are equal: with every true answer 1, a member's errors are just 1 − its output. In general they
# are not (two members can both say "7" on different images), and the one that matters is the correlation of the
# **errors**: the vote goes wrong where a majority errs *together*. The correlated trio's first two members are
# identical (correlation 1); the decorrelated trio's members are negatively correlated on average — when one
# errs, the others tend to be right.

# %% [markdown]
# ## Experiment 2: many trios, correlation under control
#
# Ten answers prove little. `labkit.ensembles.simulate_members` draws trios whose members are each right with
# probability $p$ and whose mistakes share a common cause of strength $\rho$ (0: independent, 1: identical), on
# 20,000 questions. We measure each trio's error correlation and its vote's gain over one member.

# %%
RHOS = np.linspace(0.0, 0.95, 12)
ACCURACIES = (0.8, 0.7, 0.6, 0.4)


def simulated_gain(accuracy, rho, seed):
    correct = simulate_members(20_000, accuracy=accuracy, correlation=rho, n_members=3, seed=seed)
    errors = mean_pairwise_correlation(~correct)
    vote_accuracy = np.mean(correct.sum(axis=0) >= 2)
    return errors, vote_accuracy - correct.mean()


curves = {p: np.array([simulated_gain(p, rho, SEEDS[0]) for rho in RHOS]) for p in ACCURACIES}
fig, ax = plt.subplots(figsize=(7, 3.8))
for p, curve in curves.items():
    ax.plot(curve[:, 0], 100 * curve[:, 1], marker="o", markersize=3, label=f"members right {p:.0%}")
for name, members in trios.items():
    errors = mean_pairwise_correlation(members != truth)
    gain = np.mean(majority_vote(members) == truth) - np.mean(members == truth)
    ax.scatter([errors], [100 * gain], marker="*", s=150, color="k", zorder=3)
    ax.annotate(f"[A] {name}", (errors, 100 * gain), textcoords="offset points", xytext=(6, 4), fontsize="small")
ax.axhline(0, color="0.6", linewidth=0.8)
ax.set(xlabel="mean pairwise correlation of the members' errors", ylabel="vote accuracy − member accuracy (points)",
       title="A trio's gain falls as its mistakes become correlated")
ax.legend(frameon=False, fontsize="small")
plt.show()

# %% [markdown]
# Every curve ends at zero gain where the errors are fully correlated. For members better than chance the gain
# is largest for independent (or anti-correlated, like [A]'s second trio) mistakes; for the 40 % members the
# vote *loses*, and loses most when they are independent. Diversity amplifies whatever the members are: it helps
# good members and hurts bad ones.

# %% [markdown]
# ## Experiment 3: real members on digits — a deep ensemble and a bagged one
#
# 500 training digits (standardised; each seed its own 500, scored on all 937 other non-test digits),
# scikit-learn's `MLPClassifier` (one hidden layer of 64 ReLU units, Adam) as the member, five members per
# ensemble:
# - **deep ensemble**: the same network trained on the same data from five random seeds (different initial
#   weights and batch orders);
# - **bagging** (`BaggingClassifier`): each member trained on its own bootstrap sample — 500 rows drawn with
#   replacement, so each member sees about 63 % of the distinct images.
#
# **Soft voting** averages the members' class probabilities; **hard voting** takes the majority of their
# labels. Log-loss is the cross-entropy of the predicted probabilities (lower is better); hard voting has none.
# One loop per seed in `SEEDS` (the claims below use them all).
#
# **Exercise 10.3 — predict, then measure.** Before you run the next cell: a member alone scores about 95 % on
# these digits. By how many points will the soft vote of a five-member deep ensemble beat its average member?
# Write a fraction (0.01 for 1 point) below; the second claim check shows your number beside the measurement.

# %%
my_prediction = None  # your prediction, e.g. 0.01 for 1 point

# %%
splits = {seed: load_digits_split(seed=seed, standardize=True, n_train=500, val_size="rest") for seed in SEEDS}
split = splits[SEEDS[0]]
print(split.summary())
MEMBERS = 5


def member():
    return MLPClassifier(hidden_layer_sizes=(64,), max_iter=600)


def probabilities(models, x, features=None):
    features = features or [slice(None)] * len(models)
    return np.stack([m.predict_proba(x[:, f]) for m, f in zip(models, features, strict=True)])


def both_ensembles(seed):
    """Every member's class probabilities on the seed's validation digits, for both kinds of ensemble."""
    data = splits[seed]
    deep = [member().set_params(random_state=100 * seed + k).fit(data.x_train, data.y_train) for k in range(MEMBERS)]
    bag = BaggingClassifier(member().set_params(random_state=seed), n_estimators=MEMBERS, random_state=seed)
    bag.fit(data.x_train, data.y_train)
    return {"deep": probabilities(deep, data.x_val),
            "bagged": probabilities(bag.estimators_, data.x_val, bag.estimators_features_)}


def on_both_cores(function, items, desc):
    """`[function(item) for item in items]`, run on two processes at once (joblib: what scikit-learn's
    `n_jobs` uses)."""
    jobs = Parallel(n_jobs=2, return_as="generator")(delayed(function)(item) for item in items)
    return list(tqdm(jobs, total=len(items), desc=desc))


ensembles = dict(zip(SEEDS, on_both_cores(both_ensembles, SEEDS, "ensembles (one per seed)"), strict=True))

# %% [markdown]
# A deep ensemble's gain over its members is a fraction of a point here — about the size of the difference between
# two ensembles — so for the claim below each seed builds its deep ensemble three times more, each on a derived
# split with its own member seeds (`labkit.data.replica_seed`): four ensembles per seed, and the claim judges their
# mean.

# %%
DEEP_RUNS = 4


def deep_replica(seed_and_replica):
    """Run `replica` of a seed's deep ensemble: its own split, its own members' starts."""
    seed, replica = seed_and_replica
    run_seed = replica_seed(seed, replica)
    data = load_digits_split(seed=run_seed, standardize=True, n_train=500, val_size="rest")
    member_seeds = np.random.default_rng(run_seed).integers(2**31, size=MEMBERS)
    deep = [member().set_params(random_state=int(k)).fit(data.x_train, data.y_train) for k in member_seeds]
    return scores_and_calibration(probabilities(deep, data.x_val), data.y_val)


def scores_and_calibration(probs, y):
    """member_scores, and the expected calibration error of every member and of the soft vote."""
    return {**member_scores(probs, y), "member ECE": np.array([expected_calibration_error(p, y) for p in probs]),
            "soft ECE": expected_calibration_error(probs.mean(axis=0), y)}


deep_runs = {seed: [scores_and_calibration(ensembles[seed]["deep"], splits[seed].y_val)] for seed in SEEDS}
more = [(seed, replica) for seed in SEEDS for replica in range(1, DEEP_RUNS)]
for (seed, _), scores in zip(more, on_both_cores(deep_replica, more, "three more deep ensembles per seed"),
                             strict=True):
    deep_runs[seed].append(scores)

# %%
first = SEEDS[0]
print(f"seed {first}, validation digits ({len(split.y_val)} images):")
print(f"{'':>8s}{'members: accuracy':>40s}{'mean':>7s}{'soft vote':>11s}{'hard vote':>11s}"
      f"{'log-loss: mean member':>24s}{'soft vote':>11s}")
for name, probs in ensembles[first].items():
    s = member_scores(probs, split.y_val)
    print(f"{name:>8s}{' '.join(f'{a:.1%}' for a in s['member accuracy']):>40s}{s['member accuracy'].mean():>7.1%}"
          f"{s['soft accuracy']:>11.1%}{s['hard accuracy']:>11.1%}"
          f"{s['member log-loss'].mean():>24.3f}{s['soft log-loss']:>11.3f}")

fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
for ax, (name, probs) in zip(axes, ensembles[first].items(), strict=True):
    s = member_scores(probs, split.y_val)
    ax.bar(range(MEMBERS), 100 * s["member accuracy"], color="0.7", label="members")
    ax.bar([MEMBERS + 0.5], [100 * s["soft accuracy"]], color="tab:blue", label="soft vote")
    ax.bar([MEMBERS + 1.5], [100 * s["hard accuracy"]], color="tab:orange", label="hard vote")
    ax.set(ylim=(85, 100), xticks=[], ylabel="validation accuracy (%)",
           title=f"{name}: error correlation {s['error correlation']:.2f}")
    ax.legend(frameon=False, fontsize="small", loc="lower left")
plt.show()

# %% [markdown]
# Bagged members are weaker — each saw fewer distinct images — but their errors are less correlated, so the vote
# gains more over them. Soft voting uses how *sure* each member is and is about as accurate as the hard vote
# (within a digit or two here); its log-loss is always at most the members' mean (averaging probabilities cannot raise
# the mean cross-entropy).

# %% [markdown]
# ## Experiment 3, continued: how sure, and how right? Calibration
#
# A network's probabilities are **calibrated** when, of the digits it is 90 % sure of, about 90 % are right. Its
# accuracy cannot tell: a network sure of every answer can be as accurate as one that hedges, and only the second
# says when to check its work. Three measurements, from the probabilities on the validation digits:
# - the **reliability diagram**: rows binned by confidence (the largest probability), each bin's accuracy
#   against its mean confidence; calibrated is the diagonal (`labkit.metrics.reliability_bins`, binned as
#   scikit-learn's `calibration_curve`);
# - the **expected calibration error** (ECE, Guo et al. 2017): the bins' |accuracy − confidence|, weighted by
#   their rows (`labkit.metrics.expected_calibration_error`, 15 bins);
# - the **log-loss** (negative log-likelihood) of the table above, which punishes confident mistakes most.

# %%
def draw_reliability(ax, probs, y, label, color):
    table = reliability_bins(probs, y)
    filled = table["count"] > 0
    ax.plot(table["confidence"][filled], table["accuracy"][filled], "o-", color=color,
            label=f"{label}: ECE {100 * expected_calibration_error(probs, y):.1f} points")


fig, ax = plt.subplots(figsize=(5, 4.4))
ax.plot([0, 1], [0, 1], color="0.6", linestyle=":", label="calibrated")
deep_probs = ensembles[first]["deep"]
draw_reliability(ax, deep_probs[0], split.y_val, "one member", "tab:orange")
draw_reliability(ax, deep_probs.mean(axis=0), split.y_val, "soft vote of 5", "tab:blue")
ax.set(xlabel="confidence (mean of the bin)", ylabel="accuracy of the bin", xlim=(0.3, 1.01), ylim=(0.3, 1.01),
       title=f"Reliability, deep ensemble, seed {first}")
ax.legend(frameon=False, fontsize="small", loc="upper left")
plt.show()
for seed in SEEDS:
    run = deep_runs[seed][0]
    print(f"seed {seed}: ECE, members {100 * run['member ECE'].mean():.1f} points (mean), soft vote "
          f"{100 * run['soft ECE']:.1f}; log-loss, members {run['member log-loss'].mean():.3f}, soft vote "
          f"{run['soft log-loss']:.3f}")

# %% [markdown]
# Points below the diagonal are **overconfident** bins: surer than they are right. The claim check below asks
# whether the ensemble's probabilities are the better calibrated, over four ensembles per seed.
#
# ### Label smoothing: softer targets
#
# Cross-entropy against a one-hot target rewards pushing the label's probability ever closer to 1, long after the
# answer is right. **Label smoothing** (Szegedy et al., 2016) trains against a softer target: $1 − ε + ε/K$ on the
# label and $ε/K$ on every other class (ε = 0.1, K = 10: 0.91 and 0.01). It is a standard ingredient of today's
# image and language models, and it is said to improve calibration (Müller et al., 2019). In plain Keras it is an
# option of the loss, for one-hot labels:
#
# ```python
# model.compile("adam", loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1), metrics=["accuracy"])
# model.fit(x_train, keras.utils.to_categorical(y_train, 10), epochs=100)
# ```
#
# (`build_towers(..., label_smoothing=0.1)` does the same for integer labels: `labkit.losses.SmoothedCrossentropy`.)
# scikit-learn's networks have no such option, so here two Keras networks per seed — one hidden layer of 64 ReLU
# units, 100 passes over the seed's 500 training digits, the same start and batch order — with and without it.

# %%
SMOOTHING = 0.1
smoothing_probs = {}
for epsilon in (0.0, SMOOTHING):
    net = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=1, width=64, activation="relu",
                       initializer="he_normal", label_smoothing=epsilon, steps_per_execution=8)  # 8 steps: one pass
    fit(net, splits, epochs=10, passes_per_epoch=10, label=f"label smoothing {epsilon:g}")
    smoothing_probs[epsilon] = predict_towers(net, {seed: splits[seed].x_val for seed in SEEDS})


def smoothing_scores(seed, epsilon):
    probs, y = smoothing_probs[epsilon][seed], splits[seed].y_val
    return {"ECE": expected_calibration_error(probs, y), "log-loss": log_loss(probs, y),
            "accuracy": float(np.mean(probs.argmax(axis=1) == y)), "confidence": float(probs.max(axis=1).mean())}


fig, ax = plt.subplots(figsize=(5, 4.4))
ax.plot([0, 1], [0, 1], color="0.6", linestyle=":", label="calibrated")
draw_reliability(ax, smoothing_probs[0.0][first], split.y_val, "plain cross-entropy", "tab:orange")
draw_reliability(ax, smoothing_probs[SMOOTHING][first], split.y_val, f"label smoothing {SMOOTHING:g}", "tab:green")
ax.set(xlabel="confidence (mean of the bin)", ylabel="accuracy of the bin", xlim=(0.3, 1.01), ylim=(0.3, 1.01),
       title=f"Reliability, one Keras network, seed {first}")
ax.legend(frameon=False, fontsize="small", loc="upper left")
plt.show()
for epsilon in (0.0, SMOOTHING):
    scores = [smoothing_scores(seed, epsilon) for seed in SEEDS]
    print(f"label smoothing {epsilon:g}: " + ", ".join(f"{key} {np.mean([row[key] for row in scores]):.3g}"
                                                   for key in scores[0]) + " (means over seeds)")

# %% [markdown]
# ## Experiment 4: boosting and stacking
#
# **Boosting** (`AdaBoostClassifier`) trains members one after another, each on the data re-weighted towards the
# previous members' mistakes; here the member is a depth-3 decision tree, weak on its own. Every extra round is
# one more member:

# %%
stump = DecisionTreeClassifier(max_depth=3, random_state=first).fit(split.x_train, split.y_train)
boost = AdaBoostClassifier(DecisionTreeClassifier(max_depth=3), n_estimators=100, random_state=first)
boost.fit(split.x_train, split.y_train)
rounds = [np.mean(pred == split.y_val) for pred in boost.staged_predict(split.x_val)]
fig, ax = plt.subplots(figsize=(6.5, 3))
ax.plot(range(1, len(rounds) + 1), 100 * np.array(rounds), label="boosted ensemble")
ax.axhline(100 * stump.score(split.x_val, split.y_val), color="0.5", linestyle=":", label="one depth-3 tree")
ax.set(xlabel="members (boosting rounds)", ylabel="validation accuracy (%)", title="AdaBoost of depth-3 trees")
ax.legend(frameon=False, fontsize="small")
plt.show()
print(f"one tree {stump.score(split.x_val, split.y_val):.1%}; 100 boosted trees {rounds[-1]:.1%} (validation accuracy)")

# %% [markdown]
# **Stacking** learns *how* to combine: a second-level model (here logistic regression) takes the members'
# probabilities as its inputs. Its members are different kinds of model — a Keras MLP
# (`labkit.ensembles.KerasMLPClassifier` wraps `build_mlp` as a scikit-learn estimator), a random forest and a
# logistic regression — trained on the training set. The combiner must learn from predictions on data the
# members did not train on, so it is fitted on the first half of the **validation** digits: `FrozenEstimator`
# keeps the trained members as they are, and `StackingClassifier` cross-validates the combiner on those rows.
# The second half, which took part in nothing, compares the stack with its members.
#
# `KerasMLPClassifier` is a convenience for scikit-learn's tools; a deep ensemble of Keras networks needs none.
# In plain Keras it is a loop and an average of probabilities (a soft vote):
#
# ```python
# members = []
# for k in range(5):
#     keras.utils.set_random_seed(k)                # each member its own start and batch order
#     model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
#                               keras.layers.Dense(10, activation="softmax")])
#     model.compile("adam", loss="sparse_categorical_crossentropy")
#     model.fit(x_train, y_train, epochs=30, verbose=0)
#     members.append(model)
# soft_vote = np.mean([m.predict(x_val, verbose=0) for m in members], axis=0).argmax(axis=1)
# ```

# %%
members = {
    "Keras MLP": KerasMLPClassifier(width=64, epochs=30, seed=first),
    "random forest": RandomForestClassifier(n_estimators=200, random_state=first),
    "logistic regression": LogisticRegression(max_iter=2000),
}
for model in tqdm(members.values(), desc="stacking members"):
    model.fit(split.x_train, split.y_train)
half = len(split.y_val) // 2
(x_combine, y_combine), (x_compare, y_compare) = ((split.x_val[:half], split.y_val[:half]),
                                                  (split.x_val[half:], split.y_val[half:]))
stack = StackingClassifier([(name, FrozenEstimator(model)) for name, model in members.items()],
                           final_estimator=LogisticRegression(max_iter=2000), cv=5)
stack.fit(x_combine, y_combine)
plain_vote = member_scores(probabilities(list(members.values()), x_compare), y_compare)
for name, model in members.items():
    print(f"{name:>22s}: {model.score(x_compare, y_compare):.1%}")
print(f"{'soft vote of the three':>22s}: {plain_vote['soft accuracy']:.1%}")
print(f"{'stacked':>22s}: {stack.score(x_compare, y_compare):.1%}   "
      f"(accuracy on {len(y_compare)} held-out digits, seed {first})")

# %% [markdown]
# ## Claim checks
#
# ### Claim [A]: "the lower the correlation between members, the more the ensemble gains"
# Correlation under control: per seed (new simulated questions and members), the gain of a trio of 70 % members
# whose mistakes are independent minus the gain of one whose mistakes share a strong common cause (ρ = 0.9).
# The declared caveat: independent members that are right only 40 % of the time. The table also shows the real
# ensembles of experiment 3: their error correlation and their gain over their mean member.

# %%
def measure_correlation(seed):
    scores = {name: member_scores(probs, splits[seed].y_val) for name, probs in ensembles[seed].items()}
    correct_40 = simulate_members(20_000, accuracy=0.4, correlation=0.0, n_members=3, seed=seed)
    m = {
        "gain, independent": simulated_gain(0.7, 0.0, seed)[1],
        "gain, shared cause 0.9": simulated_gain(0.7, 0.9, seed)[1],
        "member acc, 40 %": float(correct_40.mean()),
        "vote acc, 40 %, independent": float(np.mean(correct_40.sum(axis=0) >= 2)),
    }
    for name, s in scores.items():
        m[f"{name}: error corr"] = s["error correlation"]
        m[f"{name}: gain"] = s["soft accuracy"] - s["member accuracy"].mean()
    return m


correlation_claim = check_claim("ensemble-correlation", measure_correlation)

# %% [markdown]
# On digits the same direction shows, less cleanly: the bagged members' errors are less correlated and the vote
# gains more over them — but bagging bought its diversity with weaker members (each saw fewer distinct digits).

# %% [markdown]
# ### Claim [B, E]: "ensembles usually beat their members"
# Per seed (the mean of its four deep ensembles): the soft vote against its average member, on 937 validation
# digits. (Against the *best* member it would need a member picked on other data first: the table shows the best
# member's score with hindsight, for a feel, and the bagged ensemble of experiment 3.)

# %%
def measure_beats_members(seed):
    runs = deep_runs[seed]
    bag = member_scores(ensembles[seed]["bagged"], splits[seed].y_val)
    return {
        "val acc, soft vote": float(np.mean([s["soft accuracy"] for s in runs])),
        "val acc, mean member": float(np.mean([s["member accuracy"].mean() for s in runs])),
        "val acc, best member (hindsight)": float(np.mean([s["member accuracy"].max() for s in runs])),
        "bagged: soft vote": bag["soft accuracy"],
        "bagged: mean member": float(bag["member accuracy"].mean()),
    }


beats_claim = check_claim("ensembles-beat-members", measure_beats_members)
compare_prediction("10.3 predict: what the soft vote gains", my_prediction,
                   beats_claim.rows["val acc, soft vote"] - beats_claim.rows["val acc, mean member"],
                   what="gain of the soft vote over its average member", close=0.01)

# %% [markdown]
# Read "wrong" with its threshold: the soft vote beat its average member on every seed, by less than the point
# that would make a deep ensemble worth five times the training here. Bagging's vote gains more over its weaker
# members (the last two columns), on one split per seed, so those two columns are not the claim's comparison.


# %% [markdown]
# ### Claim: "a deep ensemble is better calibrated than its members" (Lakshminarayanan et al., 2017)
# Per seed (the mean of its four deep ensembles): the expected calibration error of the average member minus the
# soft vote's, on the 937 validation digits; the table also shows both log-losses.

# %%
def measure_calibration(seed):
    runs = deep_runs[seed]
    return {"ECE, mean member": float(np.mean([run["member ECE"].mean() for run in runs])),
            "ECE, soft vote": float(np.mean([run["soft ECE"] for run in runs])),
            "log-loss, mean member": float(np.mean([run["member log-loss"].mean() for run in runs])),
            "log-loss, soft vote": float(np.mean([run["soft log-loss"] for run in runs]))}


calibration_claim = check_claim("ensemble-calibration", measure_calibration)

# %% [markdown]
# Wrong here, and the reliability diagram says why: these members are already close to calibrated (an ECE of a
# point or two), so the vote has little to fix, and averaging five sets of probabilities made it slightly *less*
# sure than it is right (most of its points sit above the diagonal). Its log-loss still fell: it is right more often,
# and sure of fewer of its mistakes. Guo et al. found large modern networks overconfident, and that is where
# ensembles are reported to help calibration; these small members are not overconfident. Measure calibration
# before you trust a network's probabilities, and after anything that changes them.

# %% [markdown]
# ### Claim: "label smoothing makes a network better calibrated"
# Per seed: the expected calibration error of the network trained with plain cross-entropy minus that of the same
# network trained with label smoothing 0.1, on the 937 validation digits; the table also shows log-losses, accuracies
# and mean confidences.

# %%
def measure_smoothing(seed):
    plain, smooth = smoothing_scores(seed, 0.0), smoothing_scores(seed, SMOOTHING)
    return {"ECE, plain": plain["ECE"], f"ECE, label smoothing {SMOOTHING:g}": smooth["ECE"],
            "log-loss, plain": plain["log-loss"], "log-loss, smoothed": smooth["log-loss"],
            "accuracy, plain": plain["accuracy"], "accuracy, smoothed": smooth["accuracy"],
            "confidence, plain": plain["confidence"], "confidence, smoothed": smooth["confidence"]}


smoothing_claim = check_claim("label-smoothing-calibration", measure_smoothing)

# %% [markdown]
# Wrong here, and by far: smoothing made the network much *less* calibrated. The plain network was already close to
# calibrated (an ECE of a point or two), and the smoothed one learned what it was taught — to stay near 0.9 on
# answers it gets right more often than that — so its confidence sits well below its accuracy (the columns above),
# its points above the diagonal, and its log-loss is worse. Label smoothing is reported to correct *over*confidence,
# which large networks trained long show (Guo et al.; Müller et al.); on a network that is not overconfident it
# added underconfidence. Its
# accuracy is a separate question (the table's accuracy columns). Measure calibration before reaching for a cure.

# %% [markdown]
# ## Exercises
#
# ### Exercise 10.1 — majority vote
# Write `my_majority_vote(predictions)`: `predictions` is an integer array of shape (n_members, n_samples); return
# the most common label for each sample, ties going to the smallest label (what `scipy.stats.mode` does). Count the
# votes with numpy (comparisons, sums, `np.bincount`, `argmax` are fine); calling `scipy.stats.mode` counts as a
# wrong answer. The check compares with `scipy.stats.mode` on [A]'s trio, on multi-class votes, on ties (two- and
# three-way), one member and one sample.

# %%
def my_majority_vote(predictions):
    ### BEGIN SOLUTION
    predictions = np.asarray(predictions)
    counts = np.stack([np.sum(predictions == label, axis=0) for label in range(predictions.max() + 1)])
    return counts.argmax(axis=0)  # the first maximum: the smallest label among ties
    ### END SOLUTION


check_majority_vote(my_majority_vote)

# %% [markdown]
# ### Exercise 10.2 — pairwise correlation
# Write `my_pairwise_correlation(outputs)`: `outputs` has one row per member (shape (n_members, n_samples));
# return the matrix of Pearson correlations between every two members, shape (n_members, n_members) — what
# `np.corrcoef(outputs)` gives. Use only means, sums, products and square roots: calling `np.corrcoef`, `np.cov` or
# `scipy.stats.pearsonr` counts as a wrong answer. No member's outputs are constant (the correlation would be
# undefined). Leave `outputs` unchanged.

# %%
def my_pairwise_correlation(outputs):
    ### BEGIN SOLUTION
    outputs = np.asarray(outputs, dtype=float)
    centred = outputs - outputs.mean(axis=1, keepdims=True)
    norms = np.sqrt((centred**2).sum(axis=1))
    return (centred @ centred.T) / np.outer(norms, norms)
    ### END SOLUTION


check_pairwise_correlation(my_pairwise_correlation)

# %% [markdown]
# Stuck? The reference solutions are in `notebooks/solutions/10_ensembles.py` (`%load solutions/10_ensembles.py`
# in a new cell).

# %% [markdown]
# ## Takeaways
#
# - A vote gains only where members err *differently*: measure the correlation of their errors before adding
#   members; identical members add nothing.
# - Diversity helps good members and hurts bad ones; buying it with weaker members (bagging) can gain more over
#   the members yet end lower than a deep ensemble of strong ones.
# - Average probabilities (soft voting) when members give them: about as accurate as the majority, with a lower
#   log-loss. Better calibrated it was not, here: its members already were (measure it: ECE, a reliability diagram).
# - Label smoothing is reported to cure overconfidence (Müller et al.); on a network that was not overconfident it
#   made the probabilities far too timid. Measure calibration first, then choose the cure.
# - Combine on data the members did not train on: a stacker learns on validation digits, is compared on others,
#   and the test set is still only for the final score.

# %% [markdown]
# ## Sources
#
# - [[A] Gandhi](REFERENCES.md#article-a): "Improving the Performance of a Neural Network"
# - [[B] Pykes (Comet)](REFERENCES.md#article-b): "Improving The Accuracy Of Your Neural Network"
# - [[E] Section (2022)](REFERENCES.md#article-e): "Factors To Consider For Improving Deep Learning Models Performance"
# - [Guo et al. (2017)](REFERENCES.md#guo2017): calibration, the expected calibration error
# - [Lakshminarayanan et al. (2017)](REFERENCES.md#lakshminarayanan2017): deep ensembles
# - [Müller et al. (2019)](REFERENCES.md#muller2019): when label smoothing helps
# - [Szegedy et al. (2016)](REFERENCES.md#szegedy2016): label smoothing
# - Data: scikit-learn's [digits](REFERENCES.md#data-digits)
#
# Every source of the workbook, with the notebooks that cite it: [REFERENCES.md](REFERENCES.md).

# %% [markdown]
# **Next:** [11 · Hyperparameter tuning](11_hyperparameter_tuning.ipynb) — choosing settings by measurement, and
# spreading a search over workers.
