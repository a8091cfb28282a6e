# %% [markdown]
# # 03 · Weight penalties (L1, L2)
#
# **Promise:** after this notebook you can add an L1 or L2 penalty to a network — by hand in numpy and with
# one argument in Keras — and say from measurements what it changes: the weights, the train–validation gap,
# and (less than the articles promise) the accuracy.
#
# You will:
# - write the penalty into a from-scratch numpy network's update, check its gradient, and reproduce
#   the direction of article [C]'s "86 % → 95 %";
# - add `kernel_regularizer` L2 and L1 to a Keras network that overfits, and look at its weights;
# - find out which penalty the weight-decay update is, and which one makes weights exactly small;
# - compare an L2 penalty under Adam with *decoupled* weight decay (AdamW), the form today's networks train with.
#
# **Time:** about 30 minutes. **Prerequisites:** [00 · Start here](00_start_here.ipynb) (the gap),
# [01 · Weight initialization](01_weight_initialization.ipynb) (why the start matters).
# **Measured here:** test accuracy of [C]'s network with and without λ; train–validation gaps under L1, L2 and
# AdamW's weight decay; the share of near-zero weights under each penalty.

# %% [markdown]
# ## Setup

# %%
import labkit  # first: it quiets TensorFlow's logs, which works only before TensorFlow is imported
from labkit.checks import compare_prediction
from labkit.claims import check_claim
from labkit.data import load_digits_split
from labkit.exercises.ex03_penalties import check_decay_step, check_l1_step
from labkit.models import build_towers
from labkit.numpy_net import gradient_check, init_numpy_mlp, one_hot, train_numpy_mlp
from labkit.sweeps import sweep
from labkit.towers import tower_layer
from labkit.widgets import knobs

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

labkit.setup()  # seeds Python, numpy and Keras; labkit's input errors print as one line
SEEDS = labkit.seeds()
print("claim checks use seeds", SEEDS)

# %% [markdown]
# ## Intuition: a price on large weights
#
# A penalty adds a term to the cost that grows with the weights:
#
# $$J_\text{L2} = J + \frac{\lambda}{2}\sum w^2 \qquad\qquad J_\text{L1} = J + \lambda \sum |w|$$
#
# Their gradients tell you what each does to a weight at every step of gradient descent (rate $\alpha$):
#
# - **L2** adds $\lambda w$: the step
#   $w \leftarrow w - \alpha(\nabla J + \lambda w) = w\,(1-\alpha\lambda) - \alpha \nabla J$ shrinks every weight by the
#   same *factor*. That is why L2 is also called **weight decay**. A small weight shrinks by a small amount: it gets
#   close to zero but never lands on it.
# - **L1** adds $\lambda\,\mathrm{sign}(w)$: every weight is pulled towards zero by the same *amount*,
#   however small it already is. Weights the data does not need end up at (about) zero: the network becomes
#   **sparse**.
#
# The hope is that a network with smaller weights has a smoother function and so overfits less. We measure.

# %% [markdown]
# ## Experiment 1: article [C]'s network, from scratch
#
# Article [C] trains a small network written in numpy on scikit-learn's digits: 64 inputs, 30 sigmoid
# hidden units, 10 sigmoid outputs, squared-error cost, full-batch gradient descent with rate 0.25 for
# 3,000 iterations, 60 % of the images for training and 40 % for test, inputs standardised. It reports
# **86 %** test accuracy, and **95 %** after adding L2 with λ = 0.001 in the update
# $W \leftarrow W - \alpha\,(\Delta W/m + \lambda W)$. We add a run with L1 instead
# ($W \leftarrow W - \alpha\,(\Delta W/m + \lambda\,\mathrm{sign}\,W)$), for the sparsity claim below.
#
# `labkit.numpy_net` is that network (forward pass, backpropagation, update — read it with
# `labkit.numpy_net.cost_and_gradients??`). First, is its backpropagation right? A **gradient check**
# nudges every weight by ±10⁻⁶, measures the change of the cost, and compares with backpropagation:

# %%
rng = np.random.default_rng(0)
tiny_x, tiny_y = rng.normal(size=(20, 64)), one_hot(rng.integers(0, 10, size=20), 10)
tiny_net = init_numpy_mlp((64, 5, 10), init="glorot_uniform", seed=0)
for lam in (0.0, 0.001):
    print(f"λ = {lam}: largest relative difference, backprop vs finite differences = "
          f"{gradient_check(tiny_net, tiny_x, tiny_y, l2=lam):.1e}")

# %% [markdown]
# Differences of 10⁻⁵ or less mean the gradients agree (a bug shows up as 10⁻² or more; the unit tests also
# compare with TensorFlow's automatic differentiation). Now [C]'s experiment, for each seed (the seed draws
# the 60/40 split and the starting weights). [C] starts from weights drawn uniformly from [0, 1); we also
# run Glorot's start (notebook 01) without any penalty.

# %%
digits = load_digits()


def article_c_split(seed):
    """[C]'s split: 60 % train, 40 % test, standardised with the training rows' statistics."""
    x_train, x_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=0.4, random_state=seed, stratify=digits.target
    )
    scaler = StandardScaler().fit(x_train)
    return scaler.transform(x_train), scaler.transform(x_test), y_train, y_test


RUNS = {  # name: (start, L2 λ, L1 λ)
    "[C]'s start, λ = 0": ("uniform01", 0.0, 0.0),
    "[C]'s start, λ = 0.001": ("uniform01", 0.001, 0.0),
    "Glorot start, λ = 0": ("glorot_uniform", 0.0, 0.0),
    "[C]'s start, L1 0.001": ("uniform01", 0.0, 0.001),
}
numpy_results = {}
for seed in SEEDS:
    x_train, x_test, y_train, y_test = article_c_split(seed)
    for name, (init, lam, l1) in RUNS.items():
        net = train_numpy_mlp(x_train, y_train, hidden=(30,), learning_rate=0.25, iterations=3000, l2=lam, l1=l1,
                              init=init, seed=seed)
        numpy_results[seed, name] = {
            "train": net.accuracy(x_train, y_train),
            "test": net.accuracy(x_test, y_test),
            "cost": net.history["cost"],
            "weights": np.concatenate([w.ravel() for w in net.weights]),
        }

print(f"{'':24s}{'train accuracy':>18s}{'test accuracy':>18s}   (mean over seeds {SEEDS})")
for name in RUNS:
    train = np.mean([numpy_results[seed, name]["train"] for seed in SEEDS])
    test = [numpy_results[seed, name]["test"] for seed in SEEDS]
    print(f"{name:24s}{train:>17.1%}{np.mean(test):>17.1%}   test per seed: {', '.join(f'{t:.1%}' for t in test)}")
print("article [C] reports: 86 % (λ = 0) and 95 % (λ = 0.001) test accuracy")

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
for name in RUNS:
    ax.plot(np.arange(0, 3001, 100)[: len(numpy_results[SEEDS[0], name]["cost"])],
            numpy_results[SEEDS[0], name]["cost"], label=name)
ax.set(xlabel="iteration", ylabel="cost J (with the penalty term)", yscale="log",
       title=f"[C]'s network, seed {SEEDS[0]}")
ax.legend(frameon=False, fontsize="small")
plt.show()

# %% [markdown]
# The penalty's rise reproduces in direction: λ = 0.001 adds several points of test accuracy — about half of
# [C]'s nine (the claim below measures it).
# But look at the **training** accuracy: it rises too. A penalty that only fought overfitting would *lower*
# training accuracy and raise test accuracy. What happens is that [C]'s start — all weights positive, up to
# 1 — saturates the sigmoids (notebook 01), and the decay term pulls the weights back to where the sigmoids
# have a slope. Glorot's start, with no penalty at all, does better than [C]'s start with it.

# %% [markdown]
# ## Experiment 2: penalties in Keras, on a network that overfits
#
# In Keras a penalty is one argument per layer: `Dense(256, kernel_regularizer=keras.regularizers.L2(1e-3))`
# (L2 adds `λ·Σw²` to the loss; note: no ½) or `keras.regularizers.L1(1e-3)`. labkit's `build_towers(..., l1=,
# l2=)` does that for every layer, and `reinitialize(model, l1=, l2=)` changes the penalty of a model built with
# one, so a sweep costs training time only: `labkit.sweeps.sweep` trains the model once per setting and
# scores each run on the training and validation rows.
#
# The network: two ReLU layers of 256 units trained with Adam on **200** training digits — it reaches 100 %
# training accuracy and overfits. One tower per seed, each on its own 200 digits, validated on all 1,237
# other non-test digits (`val_size="rest"`: a large validation set makes a small difference visible).
#
# **Decoupled weight decay.** Under Adam an L2 term in the loss does not do what it does under SGD: its gradient
# $2\lambda w$ is added to the data gradient, and Adam then divides the sum by the weight's running gradient size —
# so weights with large gradients are hardly decayed at all. Loshchilov and Hutter (2019) take the decay out of the
# gradient: after Adam's step, every weight shrinks by the same share, $w \leftarrow w - \text{lr}\cdot\text{wd}
# \cdot w$. That is **AdamW**, today's default for large networks. In plain Keras it is the optimizer, not the
# layers, that carries it — biases and normalization parameters are customarily left out:
#
# ```python
# optimizer = keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=4.0)
# optimizer.exclude_from_weight_decay(var_names=["bias", "gamma", "beta"])
# model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
# ```
#
# labkit's `build_towers(..., optimizer="adamw", weight_decay=...)` builds exactly that (`reinitialize(model,
# weight_decay=)` changes it), and with `weight_decay=0` AdamW *is* Adam — so one traced model runs every row
# below. How large should `wd` be? Each step shrinks a weight by `lr·wd` of itself; this run takes 40 passes over
# the 200 digits in batches of 64 (20 Keras epochs of 400 rows, 7 batches each), 140 steps, so at lr = 0.001 the
# decay alone would shrink a weight by $e^{-0.14\,\text{wd}}$ over the run: wd = 1, 4 and 16 shrink it to 87 %, 57 %
# and 11 %. (Keras's default, 0.004, is made for runs of a hundred
# thousand steps: here it would do nothing.)
#
# **Exercise 03.3 — predict, then measure.** Before you run the sweep: without a penalty this network's gap is
# several points. With AdamW at wd = 4, by how many points will the gap narrow (no penalty's gap minus AdamW's)?
# Write a fraction (0.02 for 2 points) below; the AdamW claim check shows your number beside the measurement.

# %%
my_prediction = None  # your prediction, e.g. 0.02 for 2 points

# %%
smalls = {seed: load_digits_split(seed=seed, standardize=True, n_train=200, val_size="rest") for seed in SEEDS}
small = smalls[SEEDS[0]]
print(small.summary())
# l2 > 0 gives every layer an adjustable penalty, and AdamW an adjustable decay; the sweep sets both, 0 included
towers = build_towers(small.n_features, small.n_classes, seeds=SEEDS, depth=2, width=256, activation="relu",
                      initializer="he_normal", l2=0.01, optimizer="adamw", weight_decay=0.0)

NO_PENALTY = {"l1": 0.0, "l2": 0.0, "weight_decay": 0.0}  # Adam, nothing else
PENALTIES = {
    "none": NO_PENALTY,
    "L2 0.01": {**NO_PENALTY, "l2": 0.01},
    "L2 0.1": {**NO_PENALTY, "l2": 0.1},
    "L1 0.001": {**NO_PENALTY, "l1": 0.001},
    "AdamW 1": {**NO_PENALTY, "weight_decay": 1.0},
    "AdamW 4": {**NO_PENALTY, "weight_decay": 4.0},
    "AdamW 16": {**NO_PENALTY, "weight_decay": 16.0},
}


def first_layer_weights(model):
    return {seed: tower_layer(model, seed, "dense_1").kernel.numpy().ravel() for seed in SEEDS}


# For each penalty: reinitialize(towers, **penalty) — fresh weights, the same traced model — then fit and score.
# 40 passes over the 200 digits, as 20 epochs of 2 passes (an epoch's fixed cost is paid half as often).
keras_results = sweep(towers, smalls, PENALTIES, epochs=20, passes_per_epoch=2, keep=first_layer_weights)

# %%
print(f"{'penalty':10s}{'train acc':>11s}{'val acc':>9s}{'gap':>7s}{'train loss':>12s}{'val loss':>10s}"
      "   (means over seeds)")
for name, run in keras_results.items():
    train_acc, val_acc = run.per_seed("train", "accuracy").mean(), run.per_seed("val", "accuracy").mean()
    print(f"{name:10s}{train_acc:>11.1%}{val_acc:>9.1%}{train_acc - val_acc:>7.1%}"
          f"{run.per_seed('train', 'loss').mean():>12.3f}{run.per_seed('val', 'loss').mean():>10.3f}")

# %% [markdown]
# (Losses here are cross-entropy on the data, without the penalty term, so they compare across rows.)
# The widget shows, for each penalty, the first layer's weights and the learning curves (all precomputed):

# %%
def draw_penalty(penalty):
    run = keras_results[penalty]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4))
    weights = run.kept[SEEDS[0]]
    left.hist(weights, bins=np.linspace(-0.6, 0.6, 61), color="tab:blue")
    left.set(xlabel="weight", ylabel="count", title=f"first-layer weights, {penalty}", yscale="log", ylim=(0.8, 2e4))
    tower = run.history.tower(SEEDS[0])
    passes = 2 * np.arange(1, tower.epochs + 1)
    right.plot(passes, tower["accuracy"], label="train")
    right.plot(passes, tower["val_accuracy"], label="validation")
    right.set(xlabel="passes over the training digits", ylabel="accuracy", ylim=(0.5, 1.01),
              title=f"learning curves, seed {SEEDS[0]}")
    right.legend(frameon=False)
    plt.show()


knobs(draw_penalty, penalty=list(PENALTIES))

# %% [markdown]
# L2 narrows the weight distribution as a whole; L1 piles many weights up at (almost) zero and leaves a few
# large ones; AdamW's decay shrinks every weight the data does not keep pushing. Compare the rows' gaps and
# validation accuracies: the claim checks below judge two of them, chosen before the sweep ran.

# %% [markdown]
# ## Experiment 3: which penalty is "weight decay"?
#
# Article [D] writes the update `new_w = w·(1 − lr·α) − lr·grad`, calls it **L1** regularization, and says L1
# is the one mostly used in neural networks. We take one step of plain SGD from the same weights and the same
# data gradient four ways — [D]'s formula, Keras with an L2 penalty (α/2, because Keras's L2 has no ½),
# Keras's optimizer option `SGD(weight_decay=α)`, and Keras with an L1 penalty α — and compare:

# %%
def one_keras_step(w, grad, learning_rate, *, regularizer=None, weight_decay=None):
    """One SGD step on a variable whose data gradient is `grad` (loss = Σ w·grad + penalty)."""
    import tensorflow as tf

    variable = keras.Variable(w)
    optimizer = keras.optimizers.SGD(learning_rate=learning_rate, weight_decay=weight_decay)
    with tf.GradientTape() as tape:
        loss = keras.ops.sum(variable * grad) + (regularizer(variable) if regularizer else 0.0)
    optimizer.apply_gradients([(tape.gradient(loss, variable), variable)])
    return variable.numpy()


def decay_update_differences(seed, learning_rate=0.1, alpha=0.01):
    rng = np.random.default_rng(seed)
    w, grad = rng.normal(size=(64, 30)).astype("float32"), rng.normal(size=(64, 30)).astype("float32")
    article_d = w * (1 - learning_rate * alpha) - learning_rate * grad
    ways = {
        "L2 penalty": one_keras_step(w, grad, learning_rate, regularizer=keras.regularizers.L2(alpha / 2)),
        "SGD weight_decay": one_keras_step(w, grad, learning_rate, weight_decay=alpha),
        "L1 penalty": one_keras_step(w, grad, learning_rate, regularizer=keras.regularizers.L1(alpha)),
    }
    return {f"|[D] − {name}|": float(np.max(np.abs(article_d - new_w))) for name, new_w in ways.items()}


print(decay_update_differences(SEEDS[0]))

# %% [markdown]
# [D]'s update is L2 — exactly Keras's `weight_decay` — and differs from L1's step by up to a few times lr·α per weight.

# %% [markdown]
# ## Claim checks
#
# ### Claim [C]: "an L2 penalty (λ = 0.001) takes this network from 86 % to 95 % test accuracy"
# [C]'s claim is about its test score, so this check judges [C]'s test rows: λ = 0.001 against none, from the
# same start, per seed. The declared caveat: Glorot's start without any penalty, against [C]'s start with it.

# %%
def measure_article_c(seed):
    return {
        "test, λ = 0": numpy_results[seed, "[C]'s start, λ = 0"]["test"],
        "test, λ = 0.001": numpy_results[seed, "[C]'s start, λ = 0.001"]["test"],
        "train, λ = 0": numpy_results[seed, "[C]'s start, λ = 0"]["train"],
        "train, λ = 0.001": numpy_results[seed, "[C]'s start, λ = 0.001"]["train"],
        "test, Glorot start, λ = 0": numpy_results[seed, "Glorot start, λ = 0"]["test"],
    }


article_c_claim = check_claim("c-l2-86-to-95", measure_article_c)

# %% [markdown]
# The gain is real — and the training accuracy rises with it, which a cure for overfitting would not do. The
# penalty pulls [C]'s all-positive start back to where the sigmoids have a slope; a better start does that
# job without a penalty.

# %% [markdown]
# ### Claim [B, D, E]: "L2 reduces overfitting: it narrows the train–validation gap"
# On the Keras network of experiment 2, per seed: the accuracy gap (training − validation) without a penalty
# minus with L2 at λ = 0.01, the middle of the sweep (decided before the sweep ran, not picked from it).

# %%
def gap(run, seed):
    """Training minus validation accuracy of one sweep run, for one seed."""
    return run.train[seed]["accuracy"] - run.val[seed]["accuracy"]


def measure_gap(seed):
    none, l2 = keras_results["none"], keras_results["L2 0.01"]
    return {
        "gap, no penalty": gap(none, seed),
        "gap, L2 0.01": gap(l2, seed),
        "val acc, no penalty": none.val[seed]["accuracy"],
        "val acc, L2 0.01": l2.val[seed]["accuracy"],
        "loss gap, no penalty": none.val[seed]["loss"] - none.train[seed]["loss"],
        "loss gap, L2 0.01": l2.val[seed]["loss"] - l2.train[seed]["loss"],
    }


gap_claim = check_claim("l2-narrows-gap", measure_gap)

# %% [markdown]
# "Wrong" here means *too small to matter on this problem*, not *never*: the gap does narrow — by about half a
# point, with an interval that stays below the 2 points a remedy must remove. With 200 training images this
# network's error comes from the digits it has not seen, not from large weights (the table above: even
# λ = 0.1 leaves most of the gap and costs validation accuracy). But an L2 term in the loss is divided by Adam's
# running gradient size, which weakens it: is that why? The next check gives the decay its Adam form.


# %% [markdown]
# ### Claim: "decoupled weight decay (AdamW) reduces overfitting where L2 under Adam did not"
# The same network, data and sweep (experiment 2), per seed: the gap without a penalty minus the gap with AdamW at
# wd = 4, the middle of the three decays (decided before the sweep ran, from the shrink arithmetic above), with the
# same 2-point bound as the L2 check.

# %%
def measure_adamw(seed):
    none, adamw = keras_results["none"], keras_results["AdamW 4"]
    return {
        "gap, no penalty": gap(none, seed),
        "gap, AdamW 4": gap(adamw, seed),
        "val acc, no penalty": none.val[seed]["accuracy"],
        "val acc, AdamW 4": adamw.val[seed]["accuracy"],
    }


adamw_claim = check_claim("adamw-narrows-gap", measure_adamw)
compare_prediction("03.3 predict: AdamW's narrowing of the gap", my_prediction,
                   adamw_claim.rows["gap, no penalty"] - adamw_claim.rows["gap, AdamW 4"],
                   what="narrowing of the gap", close=0.01)

# %% [markdown]
# Wrong here too, and now the excuse is gone: decoupled decay narrows the gap by more than L2 did and lifts the
# validation accuracy a little (the table), but by less than the 2 points a remedy must remove. So the form of the
# penalty was not why L2 under Adam barely helped: with 200 training images, this network's error is in the
# digits it has not seen, and no price on weights buys those. On large networks trained for many steps, where
# weights have time to grow, AdamW is the standard (Loshchilov and Hutter report it generalising better than
# L2 under Adam, and its best decay depending less on the learning rate); this check's scope is a small network
# and 140 steps.

# %% [markdown]
# ### Claim [B, D, E]: "L1 penalties reduce overfitting: they narrow the gap"
# The same sweep, per seed: the gap without a penalty minus the gap with L1 at λ = 0.001 (its row above), with the
# same 2-point bound.

# %%
def measure_l1_gap(seed):
    none, l1 = keras_results["none"], keras_results["L1 0.001"]
    return {"gap, no penalty": gap(none, seed), "gap, L1 0.001": gap(l1, seed),
            "val acc, no penalty": none.val[seed]["accuracy"], "val acc, L1 0.001": l1.val[seed]["accuracy"]}


l1_gap_claim = check_claim("l1-narrows-gap", measure_l1_gap)

# %% [markdown]
# Wrong, as for L2: at λ = 0.001 L1 narrows the gap too, by well under the 2 points a remedy must remove (one
# strength only, so this says nothing of stronger L1; the reason is presumably L2's, not measured here).
# [D] adds that L1 is "the one mostly used" in neural networks. That is not a claim an experiment can check, and
# it is not today's practice: the default is weight decay — L2's form, and under Adam its decoupled version, AdamW
# (above). L1 is chosen where sparse weights are the goal (a check below measures what it does to them).

# %% [markdown]
# ### Claim [D]: "the update `new_w = w·(1 − lr·α) − lr·grad` is L1 regularization"
# Per seed (new random weights and gradients): the largest difference between [D]'s update and one Keras SGD
# step with an L1 penalty, as a share of the penalty's own step lr·α; the table also shows the differences to
# an L2 penalty of α/2 and to `SGD(weight_decay=α)`.

# %%
def measure_decay(seed, learning_rate=0.1, alpha=0.01):
    differences = decay_update_differences(seed, learning_rate, alpha)
    return {**differences, "|[D] − L1 step| / (lr·α)": differences["|[D] − L1 penalty|"] / (learning_rate * alpha)}


decay_claim = check_claim("d-decay-is-l1", measure_decay)

# %% [markdown]
# ### Claim [D]: "L1 drives many weights to (near) zero; L2 does not"
# On [C]'s network from experiment 1 (plain gradient descent, where each penalty acts exactly as in the
# intuition above): the share of all weights with |w| < 0.01 with L1 minus with L2 (both λ = 0.001).

# %%
def measure_sparsity(seed):
    return {
        f"share near zero, {label}": float(np.mean(np.abs(numpy_results[seed, name]["weights"]) < 0.01))
        for label, name in (("no penalty", "[C]'s start, λ = 0"), ("L2", "[C]'s start, λ = 0.001"),
                            ("L1", "[C]'s start, L1 0.001"))
    }


sparsity_claim = check_claim("l1-sparse", measure_sparsity)

# %% [markdown]
# With Adam (experiment 2) the picture is blurrier: Adam divides every step by the gradient's typical size,
# so even L2 pulls weights that the data ignores (the always-blank border pixels) steadily to zero. The
# AdamW optimizer (`keras.optimizers.AdamW`) applies weight decay outside that division for this reason.

# %% [markdown]
# ## Exercises
#
# ### Exercise 03.1 — the weight-decay step
# Write `decay_step(w, grad, learning_rate, decay)`: one gradient-descent step with weight decay,
# `w·(1 − learning_rate·decay) − learning_rate·grad`, for numpy arrays `w` and `grad` of any shape (1-D, 2-D).
# Return the new weights as a new array; do not change `w` or `grad` in place. The check tries several learning
# rates and decays (including 0), a zero gradient, and compares every weight (within 0.001 %).

# %%
def decay_step(w, grad, learning_rate, decay):
    ### BEGIN SOLUTION
    return w * (1 - learning_rate * decay) - learning_rate * grad
    ### END SOLUTION


check_decay_step(decay_step)

# %% [markdown]
# ### Exercise 03.2 — the L1 step
# Write `l1_step(w, grad, learning_rate, l1)`: one gradient-descent step on `J + l1·Σ|w|`. The gradient of
# `|w|` is `sign(w)` (and 0 at w = 0), taken at the weights before the step; a small weight may cross 0 (no
# clipping at 0). Return a new array, leave `w` and `grad` unchanged. The check tries several shapes and settings.

# %%
def l1_step(w, grad, learning_rate, l1):
    ### BEGIN SOLUTION
    return w - learning_rate * (grad + l1 * np.sign(w))
    ### END SOLUTION


check_l1_step(l1_step)

# %% [markdown]
# ## Takeaways
#
# - **L2** (weight decay) shrinks every weight by the same factor per step; **L1** pulls every weight towards
#   zero by the same amount and makes many of them (almost) exactly zero.
# - [D]'s decay update `w(1 − lr·α) − lr·grad` is **L2**, the same as Keras's `SGD(weight_decay=α)`.
# - [C]'s "86 % → 95 %" reproduces in direction, at about half the size, and the penalty mostly repairs a bad start:
#   check the *training* accuracy before crediting a fix with less overfitting.
# - On a network that overfits 200 digits, L2 (λ = 0.01, under Adam) narrowed the accuracy gap by about half
#   a point: measured, real, and too small to matter. More data (notebook 06) does far more.
# - Under Adam, use **decoupled weight decay** (`keras.optimizers.AdamW`, biases and normalization excluded) rather
#   than an L2 term in the loss, and size it for your run: the decay per step is `lr·wd`. On 200 digits it narrowed
#   the gap by about a point: more than L2, still too little to matter — the data was the limit, not the penalty.
#
# In this notebook we measured what L1 and L2 penalties do to weights, gaps and accuracy.

# %% [markdown]
# ## Sources
#
# - [[B] Pykes (Comet)](REFERENCES.md#article-b): "Improving The Accuracy Of Your Neural Network"
# - [[C] adventuresinmachinelearning.com](REFERENCES.md#article-c): "Improve your neural networks – Part 1"
# - [[D] Agrawal (2021)](REFERENCES.md#article-d): "A Comprehensive Guide on Neural Networks Performance Optimization"
# - [[E] Section (2022)](REFERENCES.md#article-e): "Factors To Consider For Improving Deep Learning Models Performance"
# - [Glorot and Bengio (2010)](REFERENCES.md#glorot2010): the Glorot (Xavier) initialization
# - [Loshchilov and Hutter (2019)](REFERENCES.md#loshchilov2019): decoupled weight decay (AdamW)
# - Data: scikit-learn's [digits](REFERENCES.md#data-digits)
#
# Every source of the workbook, with the notebooks that cite it: [REFERENCES.md](REFERENCES.md).

# %% [markdown]
# **Next:** [04 · Dropout](04_dropout.ipynb) — another way to keep a network from memorising.
