# %% [markdown]
# # 01 · Weight initialization
#
# **Promise:** after this notebook you can pick an initializer for a layer and explain, with a measurement,
# why the wrong one makes a network fail before its first step.
#
# You will:
# - watch all-zero weights keep every hidden unit identical;
# - push a signal through a deep stack and see it vanish or explode with the wrong scale;
# - compare Glorot and He initialization for tanh and ReLU, and an article's "Xavier" with Glorot's real rule;
# - measure what initialization does to training speed.
#
# **Time:** about 25 minutes. **Prerequisites:** [00 · Start here](00_start_here.ipynb); variance of a sum.
# **Measured here:** per-layer activation spread, unit symmetry, loss after ten epochs.

# %% [markdown]
# ## Setup

# %%
import labkit  # first: it quiets TensorFlow's logs, which works only before TensorFlow is imported
from labkit.checks import compare_prediction
from labkit.claims import check_claim
from labkit.data import load_digits_split
from labkit.exercises.ex01_initialization import check_glorot_uniform, check_he_normal
from labkit.models import build_towers, reinitialize
from labkit.plots import plot_layer_values
from labkit.towers import tower_layer
from labkit.training import fit
from labkit.widgets import knobs

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression

labkit.setup()  # seeds Python, numpy and Keras; labkit's input errors print as one line
SEEDS = labkit.seeds()
# standardised: mean 0, variance 1 per feature
splits = {seed: load_digits_split(seed=seed, standardize=True) for seed in SEEDS}
split = splits[SEEDS[0]]  # the first seed's split, for the pictures
print(split.summary())

# %% [markdown]
# ## Intuition: keep the variance steady
#
# A dense layer computes $z_j = \sum_{i=1}^{n_\text{in}} w_{ij}\, a_i$. With independent, zero-mean weights
# and inputs, the variance of a sum is the sum of the variances:
#
# $$\operatorname{Var}(z) = n_\text{in}\,\operatorname{Var}(w)\,\mathbb{E}[a^2].$$
#
# Every layer multiplies the signal's variance by $n_\text{in}\operatorname{Var}(w)$ (times what the
# activation keeps). Above 1, the signal **explodes** with depth; below 1, it **vanishes**. So pick
# $\operatorname{Var}(w)$ to make the factor 1:
#
# |rule|$\operatorname{Var}(w)$|reasoning|
# |---|---|---|
# |**Glorot/Xavier** (2010)|$2/(n_\text{in}+n_\text{out})$|keep variance forward *and* backward (tanh-like activations)|
# |**He** (2015)|$2/n_\text{in}$|ReLU zeroes half its inputs, so $\mathbb{E}[a^2]$ is halved: double the variance|
#
# And the zero vector is a bad start for a different reason: **symmetry** — every hidden unit computes the
# same thing and gets the same update, forever.

# %% [markdown]
# ## Experiment 1: all-zero weights
# One hidden layer of 64 tanh units, every weight starting at zero, trained 20 epochs with Adam.

# %%
zero_towers = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=1, width=64, activation="tanh",
                           initializer="zeros", steps_per_execution=4)
zero_history = fit(zero_towers, splits, epochs=20, label="zero init")  # every seed on its own split
hidden_kernel = tower_layer(zero_towers, SEEDS[0], "dense_1").kernel.numpy()  # shape (64 inputs, 64 units)
print("largest difference between two hidden units' weights:", np.ptp(hidden_kernel, axis=1).max())
print("largest weight of the hidden layer:", np.abs(hidden_kernel).max())
print(f"validation accuracy: {zero_history.tower(SEEDS[0]).final('val_accuracy'):.1%}")

# %% [markdown]
# Every hidden weight is still exactly zero. With zero weights, each hidden unit outputs $\tanh(0)=0$;
# the output layer's weights then get zero gradient, so the hidden layer gets zero gradient too. Only the
# output biases learn, and the network predicts the class frequencies: about 10 %.

# %% [markdown]
# ## Experiment 2: a signal through a deep stack
# We push 1,077 standardised digits through 30 dense layers of 64 units with no training at all, drawing
# the weights with Keras' own initializers, and record the standard deviation of each layer's output.
# Plain numpy is enough for a forward pass: ten lines, fully visible.

# %%
ACTIVATIONS = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0), "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def layer_spread(initializer, activation, depth=30, width=64, seed=0, x=split.x_train):
    """Standard deviation of each layer's output, for a stack of `depth` dense layers (biases zero)."""
    a, spreads = x.astype(np.float64), []  # float64: the exploding case reaches 1e20 and beyond
    for layer in range(depth):
        init = initializer(seed * 1000 + layer)  # a fresh, seeded initializer per layer
        weights = keras.ops.convert_to_numpy(init((a.shape[1], width))).astype(np.float64)
        a = ACTIVATIONS[activation](a @ weights)
        spreads.append(float(a.std()))
    return np.array(spreads)


plain = {
    "N(0, 1), relu": layer_spread(lambda s: keras.initializers.RandomNormal(stddev=1.0, seed=s), "relu"),
    "N(0, 0.01²), relu": layer_spread(lambda s: keras.initializers.RandomNormal(stddev=0.01, seed=s), "relu"),
    "N(0, 1), tanh": layer_spread(lambda s: keras.initializers.RandomNormal(stddev=1.0, seed=s), "tanh"),
    "N(0, 0.01²), tanh": layer_spread(lambda s: keras.initializers.RandomNormal(stddev=0.01, seed=s), "tanh"),
}
plot_layer_values(plain, ylabel="std of layer output", title="Plain random initialization, 30 layers")
plt.show()

# %% [markdown]
# With standard-normal weights, each ReLU layer multiplies the spread by about $\sqrt{64/2}\approx 5.7$: after
# 30 layers it is astronomically large. With a standard deviation of 0.01, the spread shrinks about
# 18-fold per layer: by layer 30 it is some 36 decades smaller (the table). Tanh with large weights does not explode
# (it is bounded) but **saturates**: nearly every output is ±1, where its slope — and so the gradient — is
# almost zero. Notebook 02 follows the gradients.

# %% [markdown]
# ## Experiment 3: Glorot and He, tanh and ReLU
# Same stack, now with the two rules.

# %%
rules = {"glorot": keras.initializers.GlorotNormal, "he": keras.initializers.HeNormal}
matched = {
    f"{rule} + {activation}": layer_spread(lambda s, r=rules[rule]: r(seed=s), activation)
    for rule in rules
    for activation in ("tanh", "relu")
}
plot_layer_values(matched, ylabel="std of layer output", title="Glorot vs He, 30 layers")
plt.show()

# %% [markdown]
# For ReLU, Glorot loses half the variance in every layer (ReLU discards half): five decades of spread over
# 30 layers. He stays within about a decade — the remaining drift is random, from the finite width of 64
# units. For tanh both rules keep the signal alive; Glorot lets it fade slowly (about fourfold over 30
# layers). Try it yourself: the widget redraws precomputed curves, so it answers at once. `scale` multiplies
# the standard deviation
# $1/\sqrt{n_\text{in}}$; He for ReLU is $\sqrt2\approx1.41$.

# %%
SCALES = [0.25, 0.5, 1.0, 1.41, 2.0, 4.0]
spread_grid = {
    (scale, activation): layer_spread(
        lambda s, scale=scale: keras.initializers.VarianceScaling(scale=scale**2, mode="fan_in",
                                                                  distribution="untruncated_normal", seed=s),
        activation,
        depth=40,
    )
    for scale in SCALES
    for activation in ACTIVATIONS
}


def draw_spread(scale, activation, depth):
    plot_layer_values(
        {f"scale {scale}, {activation}": spread_grid[(scale, activation)][:depth]},
        ylabel="std of layer output",
        title=f"{depth} layers",
        ylim=(1e-12, 1e12),  # the same scale for every choice, so the knobs compare honestly
    )


knobs(draw_spread, defaults={"scale": 1.41, "depth": 40}, scale=SCALES, activation=["relu", "tanh", "sigmoid"],
      depth=[5, 10, 20, 30, 40])

# %% [markdown]
# ## Experiment 4: does it change training?
# Ten hidden ReLU layers of 64 units, plain SGD (learning rate 0.01), ten epochs, once with Glorot and once
# with He initialization — one tower per seed. The initializer is an argument of each layer; in plain Keras, one
# of these networks is:
#
# ```python
# model = keras.Sequential(
#     [keras.Input((64,))]
#     + [keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal") for _ in range(10)]
#     + [keras.layers.Dense(10, activation="softmax", kernel_initializer="he_normal")]
# )
# model.compile(keras.optimizers.SGD(learning_rate=0.01), loss="sparse_categorical_crossentropy",
#               metrics=["accuracy"])
# model.fit(x_train, y_train, epochs=10, batch_size=64, validation_data=(x_val, y_val))
# ```
#
# (Keras's default, when you name none, is `"glorot_uniform"`.)
#
# **Exercise 01.3 — predict, then measure.** Before you run the next cell: after ten epochs, how many points of
# validation accuracy will He's start give this ReLU network over Glorot's? Write a fraction (0.05 for 5 points)
# below; the last claim check shows your number beside the measurement.

# %%
my_prediction = None  # your prediction, e.g. 0.05 for 5 points

# %%
deep_towers = build_towers(
    split.n_features, split.n_classes, seeds=SEEDS, depth=10, width=64,
    activation="relu", initializer="glorot_normal", optimizer="sgd", learning_rate=0.01, steps_per_execution=4,
)
deep = {}
for initializer in ("glorot_normal", "he_normal"):
    reinitialize(deep_towers, initializer=initializer)  # same model, weights redrawn: no second build
    deep[initializer] = fit(deep_towers, splits, epochs=10, label=initializer)

fig, ax = plt.subplots(figsize=(6, 3.4))
for index, (initializer, history) in enumerate(deep.items()):
    for seed in SEEDS:
        ax.plot(range(1, 11), history.tower(seed)["loss"], color=f"C{index}",
                label=initializer if seed == SEEDS[0] else None)
ax.set(xlabel="epoch", ylabel="training loss", title="10-layer ReLU network, SGD")
ax.legend(frameon=False)
plt.show()

# %% [markdown]
# ## Claim checks
#
# ### Claim [D]: "with all-zero weights the neurons stay identical, and the network behaves like a linear model"
# Per seed: the zero-initialised network's validation accuracy against a logistic regression — a linear
# model — trained on the same seed's digits. "Behaves like" means within 2 points of it.

# %%
def measure_zero_init(seed):
    kernel = tower_layer(zero_towers, seed, "dense_1").kernel.numpy()
    linear = LogisticRegression(max_iter=1000).fit(splits[seed].x_train, splits[seed].y_train)  # the linear model
    return {
        "largest unit difference": float(np.ptp(kernel, axis=1).max()),
        "val acc, zero init": zero_history.tower(seed).final("val_accuracy"),
        "val acc, linear model": linear.score(splits[seed].x_val, splits[seed].y_val),
    }


zero_claim = check_claim("zero-init-linear", measure_zero_init)

# %% [markdown]
# Half right: the units do stay identical (every hidden weight is still exactly zero — the first column), but
# the network is far *worse* than a linear model: it learns nothing but the class frequencies.

# %% [markdown]
# ### Claim [D]: "plain random initialization makes deep networks explode or vanish"
# Per seed (new weights and that seed's training digits): the change of the spread from layer 1 to layer 30,
# in decades (powers of ten), for $N(0,1)$ and for $N(0, 0.01^2)$ weights in a ReLU stack. The claim needs
# both to fail, so the check judges the smaller of the two changes.

# %%
def measure_plain(seed):
    x = splits[seed].x_train
    big = layer_spread(lambda s: keras.initializers.RandomNormal(stddev=1.0, seed=s), "relu", seed=seed, x=x)
    small = layer_spread(lambda s: keras.initializers.RandomNormal(stddev=0.01, seed=s), "relu", seed=seed, x=x)
    grows, shrinks = float(np.log10(big[-1] / big[0])), float(np.log10(small[-1] / small[0]))
    return {"decades, N(0, 1)": grows, "decades, N(0, 0.01²)": shrinks,
            "decades, the smaller change": min(abs(grows), abs(shrinks))}


plain_claim = check_claim("plain-init-explodes", measure_plain)

# %% [markdown]
# ### Claim [D]: "Xavier initialization is $U[-1/\sqrt{n}, 1/\sqrt{n}]$"
# One article gives this as "Xavier". A uniform distribution on $[-L, L]$ has variance $L^2/3$, so this rule
# has $\operatorname{Var}(w) = 1/(3n)$; Glorot's rule is $2/(n_\text{in}+n_\text{out})$ — for a square layer
# $1/n$, three times as much. (This $1/\sqrt{n}$ heuristic is in fact the one Glorot and Bengio's 2010 paper
# showed to shrink signals, before proposing their own.) If the two were the same rule, a signal would pass
# 30 tanh layers equally well under both: we measure the ratio of the spreads at layer 30, in decades, and
# also the ratio of the two variances from samples.

# %%
def article_xavier(seed):
    def init(shape, dtype=None):
        limit = 1 / np.sqrt(shape[0])
        return np.random.default_rng(seed).uniform(-limit, limit, size=shape).astype("float32")
    return init


def measure_xavier(seed):
    x = splits[seed].x_train
    article = article_xavier(seed)((64, 64))
    glorot = keras.ops.convert_to_numpy(keras.initializers.GlorotUniform(seed=seed)((64, 64)))
    spread_article = layer_spread(lambda s: article_xavier(seed * 1000 + s), "tanh", seed=seed, x=x)
    spread_glorot = layer_spread(lambda s: keras.initializers.GlorotUniform(seed=s), "tanh", seed=seed, x=x)
    return {
        "variance ratio, article/Glorot": float(article.var() / glorot.var()),
        "decades, article's rule vs Glorot's": float(np.log10(spread_article[-1] / spread_glorot[-1])),
    }


xavier_claim = check_claim("xavier-rule", measure_xavier)

# %% [markdown]
# ### Claim [D]: "Glorot suits tanh; He suits ReLU"
# Experiment 3 showed the signals: He keeps a ReLU stack's spread, Glorot lets it fade, and for tanh both keep
# it alive. What the ReLU half is worth in training, per seed: the 10-layer ReLU network of experiment 4
# started with He's rule against Glorot's, same data, same SGD.

# %%
def measure_matched(seed):
    return {
        "val acc, He": deep["he_normal"].tower(seed).final("val_accuracy"),
        "val acc, Glorot": deep["glorot_normal"].tower(seed).final("val_accuracy"),
        "train loss, He": deep["he_normal"].tower(seed).final("loss"),
        "train loss, Glorot": deep["glorot_normal"].tower(seed).final("loss"),
    }


matched_claim = check_claim("he-for-relu", measure_matched)
compare_prediction("01.3 predict: what He's start is worth", my_prediction,
                   matched_claim.rows["val acc, He"] - matched_claim.rows["val acc, Glorot"],
                   what="validation accuracy gained with He's start", close=0.05)

# %% [markdown]
# **Article [C]'s from-scratch network** starts its weights uniform on $[0, 1)$: all positive, mean 0.5.
# For a sigmoid layer over 64 pixels, every pre-activation is then a large positive sum, so nearly every
# unit is saturated at its start — its slope $\sigma'(z)$ is close to zero:

# %%
uniform01 = np.random.default_rng(0).uniform(0, 1, size=(64, 30))
pixels = load_digits_split(seed=SEEDS[0]).x_train  # [C] feeds raw pixels scaled to [0, 1]
slopes = (lambda s: s * (1 - s))(1 / (1 + np.exp(-(pixels @ uniform01))))
glorot_slopes = (lambda s: s * (1 - s))(
    1 / (1 + np.exp(-(pixels @ keras.ops.convert_to_numpy(keras.initializers.GlorotUniform(seed=0)((64, 30))))))
)
print(f"share of hidden units with slope < 0.01 at the start: U[0,1): {np.mean(slopes < 0.01):.0%}, "
      f"Glorot: {np.mean(glorot_slopes < 0.01):.0%}")

# %% [markdown]
# Notebook 03 trains [C]'s network exactly as published and measures what this costs in accuracy.

# %% [markdown]
# ## Exercises
#
# ### Exercise 01.1 — He initialization
# Write `he_normal(fan_in, fan_out, rng)` returning weights of shape `(fan_in, fan_out)` drawn from a normal
# distribution (a plain normal, not a truncated one) with mean 0 and variance $2/\text{fan\_in}$. Draw only from
# the numpy generator `rng` you are given: the check calls your function with different generators and expects
# different weights from each, the same ones from the same seed. It samples several shapes and accepts a
# standard deviation within 4 % of the rule.

# %%
def he_normal(fan_in, fan_out, rng):
    ### BEGIN SOLUTION
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
    ### END SOLUTION


check_he_normal(he_normal)

# %% [markdown]
# ### Exercise 01.2 — Glorot (Xavier) uniform
# Write `glorot_uniform(fan_in, fan_out, rng)`: uniform on $[-L, L]$ with variance $2/(\text{fan\_in}+\text{fan\_out})$.
# (Hint: a uniform on $[-L, L]$ has variance $L^2/3$.) Draw only from the generator `rng` you are given. The check
# samples your function on several shapes (fan_in ≠ fan_out, both ways round) and compares the statistics with
# Glorot's rule: no weight beyond $L$, both ends reached, the standard deviation within 4 %.

# %%
def glorot_uniform(fan_in, fan_out, rng):
    ### BEGIN SOLUTION
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))
    ### END SOLUTION


check_glorot_uniform(glorot_uniform)

# %% [markdown]
# ## Takeaways
#
# - Never start from all-zero (or all-equal) weights: the units stay identical; here, nothing was learned.
# - Scale matters exponentially with depth: pick $\operatorname{Var}(w)$ so each layer keeps the variance.
# - **He** ($2/n_\text{in}$) for ReLU, **Glorot** ($2/(n_\text{in}+n_\text{out})$) for tanh and sigmoid. Keras'
#   default is `glorot_uniform`: switch to `he_normal` for deep ReLU networks.
# - $U[-1/\sqrt n, 1/\sqrt n]$ is *not* Glorot's rule; it has a third of the variance.
#
# In this notebook we measured signals through depth before any training, and saw how that decides
# whether training can start.

# %% [markdown]
# ## Sources
#
# - [[C] adventuresinmachinelearning.com](REFERENCES.md#article-c): "Improve your neural networks – Part 1"
# - [[D] Agrawal (2021)](REFERENCES.md#article-d): "A Comprehensive Guide on Neural Networks Performance Optimization"
# - [Glorot and Bengio (2010)](REFERENCES.md#glorot2010): the Glorot (Xavier) initialization
# - [He et al. (2015)](REFERENCES.md#he2015): the He initialization
# - Data: scikit-learn's [digits](REFERENCES.md#data-digits)
#
# Every source of the workbook, with the notebooks that cite it: [REFERENCES.md](REFERENCES.md).

# %% [markdown]
# **Next:** [02 · Vanishing and exploding gradients](02_vanishing_exploding_gradients.ipynb) — the same story
# told by the gradients.
