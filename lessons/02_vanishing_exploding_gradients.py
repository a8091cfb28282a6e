# %% [markdown]
# # 02 · Vanishing and exploding gradients
#
# **Promise:** after this notebook you can measure, layer by layer, where a network's gradients die or blow up,
# and say what the activation function and the initial weights have to do with it.
#
# You will:
# - see why the sigmoid's slope (at most 0.25) shrinks gradients layer after layer;
# - measure per-layer gradient norms for sigmoid, tanh and ReLU networks, and which layers actually learn;
# - count ReLU's dead units, and make gradients explode with large weights;
# - see what today's networks use: GELU and Leaky ReLU beside ReLU, and skip (residual) connections that let the
#   gradient through a deep stack.
#
# **Time:** about 25 minutes. **Prerequisites:** [01 · Weight initialization](01_weight_initialization.ipynb);
# the chain rule.
# **Measured here:** gradient norms per layer, relative weight change per layer, share of dead units, and what skip
# connections change in both.

# %% [markdown]
# ## Setup

# %%
import labkit  # first: it quiets TensorFlow's logs, which works only before TensorFlow is imported
from labkit.checks import compare_prediction
from labkit.claims import check_claim
from labkit.data import load_digits_split
from labkit.diagnostics import dead_unit_fraction, gradient_norms, layer_outputs
from labkit.exercises.ex02_gradients import check_dead_unit_fraction, check_sigmoid_derivative
from labkit.models import build_mlp, build_towers, reinitialize
from labkit.plots import plot_layer_values
from labkit.towers import evaluate_towers, tower_layer, tower_name
from labkit.training import fit
from labkit.widgets import knobs

import functools

import keras
import matplotlib.pyplot as plt
import numpy as np

labkit.setup()  # seeds Python, numpy and Keras; labkit's input errors print as one line
SEEDS = labkit.seeds()
splits = {seed: load_digits_split(seed=seed, standardize=True) for seed in SEEDS}  # each seed its own training digits
split = splits[SEEDS[0]]
print(split.summary())

# %% [markdown]
# ## Intuition: a product of slopes
#
# Backpropagation multiplies, for every layer between the loss and a weight, the layer's weights and the
# activation's slope. For layer 1 of a network with $L$ layers, roughly
#
# $$\Bigl\|\frac{\partial \text{loss}}{\partial W_1}\Bigr\| \;\propto\; \prod_{l=2}^{L} \|W_l\|\;\varphi'(z_l).$$
#
# The sigmoid's slope $\sigma'(z)=\sigma(z)(1-\sigma(z))$ is **at most 0.25**, so with well-scaled weights each
# sigmoid layer shrinks the gradient about fourfold: ten layers, a million-fold. Tanh's slope reaches 1, and
# ReLU's is exactly 1 wherever the unit is active — and exactly 0 where it is not.

# %%
z = np.linspace(-6, 6, 601)
sigmoid = 1 / (1 + np.exp(-z))
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(z, sigmoid * (1 - sigmoid), label="sigmoid′ (max 0.25)")
ax.plot(z, 1 - np.tanh(z) ** 2, label="tanh′ (max 1)")
ax.plot(z, (z > 0).astype(float), label="ReLU′ (0 or 1)")
ax.set(xlabel="z", ylabel="slope", title="Slopes of three activations")
ax.legend(frameon=False)
plt.show()

# %% [markdown]
# ## Experiment 1: gradient norms layer by layer
# Ten hidden layers of 64 units, before any training, each activation with its matched initializer
# (Glorot for sigmoid and tanh, He for ReLU and its modern relatives — notebook 01). Two of those relatives:
# **Leaky ReLU** lets a small slope (0.2 in Keras) through below zero, so no unit is ever exactly dead;
# **GELU**, $z\,\Phi(z)$ with $\Phi$ the normal distribution function, is a smooth ReLU — the default in
# transformers (BERT, GPT). `gradient_norms` takes one gradient of the loss
# on 512 digits with `tf.GradientTape` and returns the norm for every weight matrix, keyed by Keras 3's
# `w.path`.

# %%
MATCHED_INIT = {"sigmoid": "glorot_uniform", "tanh": "glorot_uniform", "relu": "he_normal",
                "leaky_relu": "he_normal", "gelu": "he_normal"}


@functools.cache  # the claim checks and the plots ask for the same networks: each is built and measured once
def layer_gradient_norms(activation, depth, seed=SEEDS[0], initializer=None, residual=False):
    """Gradient norm of each hidden layer's kernel at the start, on 512 of the seed's training digits."""
    model = build_mlp(split.n_features, split.n_classes, depth=depth, width=64, activation=activation,
                      initializer=initializer or MATCHED_INIT[activation], seed=seed, optimizer=None,
                      residual=residual)
    norms = gradient_norms(model, splits[seed].x_train[:512], splits[seed].y_train[:512])
    return np.array([norm for path, norm in norms.items() if path != "output/kernel"])


# the keys: w.path
print(list(gradient_norms(build_mlp(64, 10, depth=2, optimizer=None), split.x_train[:512], split.y_train[:512])))
by_activation = {activation: layer_gradient_norms(activation, depth=10) for activation in MATCHED_INIT}
plot_layer_values(by_activation, ylabel="gradient norm", title="Gradient norm per layer, 10 hidden layers")
plt.show()

# %% [markdown]
# The sigmoid network's first layer gets a gradient some 10⁵ times (five decades) smaller than its last; tanh, ReLU,
# Leaky ReLU and GELU stay within a small factor (tanh's verdict is a claim check below). Try depths and
# activations — the curves are precomputed, the widget only redraws:

# %%
DEPTHS = [2, 5, 10, 15, 20]
gradient_grid = {(depth, activation): layer_gradient_norms(activation, depth)
                 for depth in DEPTHS for activation in MATCHED_INIT}


def draw_gradients(depth, activation):
    plot_layer_values(
        {activation: gradient_grid[(depth, activation)]},
        ylabel="gradient norm",
        title=f"{depth} hidden layers",
        ylim=(1e-12, 1e2),  # the same scale for every choice, so the knobs compare honestly
    )


knobs(draw_gradients, defaults={"depth": 10}, depth=DEPTHS, activation=list(MATCHED_INIT))

# %% [markdown]
# ## Experiment 2: which layers learn?
# A small gradient means a layer that barely moves. We train 10-layer sigmoid and ReLU networks with plain
# SGD for 5 epochs (one tower per seed) and measure each layer's **relative weight change**
# $\|W_\text{after}-W_\text{before}\| / \|W_\text{before}\|$.

# %%
def kernels(towers, seed, depth=10):
    return [tower_layer(towers, seed, f"dense_{index}").kernel.numpy().copy() for index in range(1, depth + 1)]


val_splits = {seed: splits[seed].val for seed in SEEDS}
change, trained_val = {}, {}
for activation in ("sigmoid", "relu"):
    towers = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=10, width=64, activation=activation,
                          initializer=MATCHED_INIT[activation], optimizer="sgd", learning_rate=0.1,
                          steps_per_execution=4)
    before = {seed: kernels(towers, seed) for seed in SEEDS}
    fit(towers, splits, epochs=5, label=activation)
    trained_val[activation] = evaluate_towers(towers, val_splits)
    change[activation] = {
        seed: np.array([np.linalg.norm(after - start) / np.linalg.norm(start)
                        for after, start in zip(kernels(towers, seed), before[seed], strict=True)])
        for seed in SEEDS
    }

plot_layer_values({activation: change[activation][SEEDS[0]] for activation in change}, ylabel="relative weight change",
                  title=f"How much each layer moved in 5 epochs (seed {SEEDS[0]})")
plt.show()

# %% [markdown]
# With SGD, the sigmoid network's first layers hardly move: they stay close to their random start, and in five
# epochs the network learns next to nothing (its accuracy, printed above), while the ReLU network learns. (Adam divides
# each step by a running gradient size, which hides part of this — another reason it is a popular default; notebook 09
# compares optimizers.)

# %% [markdown]
# ## Experiment 3: dead ReLU units
# A ReLU unit whose input is negative for **every** example outputs 0 and gets zero gradient: it is *dead*,
# and no later step revives it. Large updates push units there. We train 4-layer ReLU networks with Adam at
# a moderate (0.001) and a large (0.05) learning rate and count the dead units in each layer on the
# training data.

# %%
relu_towers = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=4, width=64, activation="relu",
                           initializer="he_normal", steps_per_execution=4)
dead = {}
for learning_rate in (0.001, 0.05):
    reinitialize(relu_towers, learning_rate=learning_rate)  # fresh weights, new rate, same (already traced) model
    fit(relu_towers, splits, epochs=10, label=f"learning rate {learning_rate}")
    outputs = layer_outputs(relu_towers, {seed: splits[seed].x_train for seed in SEEDS})  # each tower on its own digits
    dead[learning_rate] = {
        seed: np.array([dead_unit_fraction(outputs[f"{tower_name(seed)}_relu_{index}"]) for index in range(1, 5)])
        for seed in SEEDS
    }
    print(f"learning rate {learning_rate}: dead share per layer (seed {SEEDS[0]}):",
          np.round(dead[learning_rate][SEEDS[0]], 2))

# %% [markdown]
# ## Experiment 4: exploding gradients
# The opposite failure: weights that are too large. Ten ReLU layers with standard-normal weights (instead of
# He's $\sqrt{2/64}\approx0.18$):

# %%
exploding = layer_gradient_norms("relu", depth=10, initializer=keras.initializers.RandomNormal(stddev=1.0, seed=0))
plot_layer_values({"relu, N(0, 1) weights": exploding, "relu, He": by_activation["relu"]}, ylabel="gradient norm",
                  title="Large weights: huge gradients in every layer")
plt.show()
print(f"gradient norms with N(0, 1) weights: {exploding.min():.1e} to {exploding.max():.1e}; with He: "
      f"{by_activation['relu'].min():.1e} to {by_activation['relu'].max():.1e}")

# %% [markdown]
# Every layer's gradient is about 10⁸ times larger than with He's weights. (They do not grow
# towards the input here: the forward signal explodes upwards while the backward one explodes downwards,
# and a weight's gradient is the product of both.) A step of SGD with such a gradient throws the weights
# far away; the loss becomes `inf` or `nan`.
# Notebook 08 tames this with gradient clipping; notebook 07 with normalization.

# %% [markdown]
# ## Experiment 5: skip connections
# How networks of a hundred layers train today (ResNets, transformers): each block **adds** its output to its
# input, $x_{l+1} = x_l + f(x_l)$, instead of replacing it. The gradient then reaches $x_l$ through the identity
# as well as through the block: $\partial x_{l+1}/\partial x_l = I + \partial f/\partial x_l$, a sum where a
# plain stack has a product of small factors. Here is such a block in plain Keras (the functional API) —
# what `build_mlp(..., residual=True)` builds for every hidden layer after the first:

# %%
inputs = keras.Input(shape=(split.n_features,))
x = keras.layers.Dense(64, activation="sigmoid")(inputs)  # the first block changes the width: no skip
for _ in range(9):
    block = keras.layers.Dense(64, activation="sigmoid")(x)
    x = keras.layers.Add()([x, block])  # the skip connection: x + f(x)
outputs = keras.layers.Dense(split.n_classes, activation="softmax")(x)
residual_model = keras.Model(inputs, outputs)
print(f"{len(residual_model.layers)} layers, {residual_model.count_params():,} weights — the same as without skips")

# %% [markdown]
# **Exercise 02.3 — predict, then measure.** Experiment 2's ten-layer *sigmoid* network learned next to nothing in
# five epochs of SGD. Give it skip connections and train it the same way, from the same starts: what validation
# accuracy will it reach? Write a fraction (0.25 for 25 %) below; after the experiment your number is shown beside
# the measurement.

# %%
my_prediction = None  # your prediction, e.g. 0.5 for 50 %

# %%
skip_norms = layer_gradient_norms("sigmoid", depth=10, residual=True)
plot_layer_values({"sigmoid, plain": by_activation["sigmoid"], "sigmoid, skips": skip_norms},
                  ylabel="gradient norm", title="10 sigmoid layers, with and without skip connections")
plt.show()

skip_towers = build_towers(split.n_features, split.n_classes, seeds=SEEDS, depth=10, width=64, activation="sigmoid",
                           initializer="glorot_uniform", optimizer="sgd", learning_rate=0.1, steps_per_execution=4,
                           residual=True)
fit(skip_towers, splits, epochs=5, label="sigmoid with skips")
trained_val["sigmoid, skips"] = evaluate_towers(skip_towers, val_splits)
compare_prediction("02.3 predict: the sigmoid network with skips", my_prediction,
                   [trained_val["sigmoid, skips"][seed]["accuracy"] for seed in SEEDS],
                   what="validation accuracy", close=0.1)

# %% [markdown]
# The skips do not change the sigmoid's slope: they give the gradient a path around it. The first layer's gradient
# is now about a tenth of the last's instead of a few hundred-thousandths, and the same network, trained the same
# way, learns (the claim checks below give the figures for every seed). (They do not
# cure every ill: a residual stack can still explode with bad weights, which is why ResNets pair skips with
# normalization, notebook 07.)

# %% [markdown]
# ## Claim checks
#
# ### Claim [A, D]: "the sigmoid's derivative is at most 0.25, so gradients shrink layer by layer"
# Per seed (new weights, the seed's digits): how many decades the gradient norm of the first hidden layer is
# below the last's in the 10-layer sigmoid network, before training. The table also shows the largest slope
# on a fine grid, and how far the first layer moved in experiment 2, against ReLU's.

# %%
def measure_sigmoid(seed):
    norms = layer_gradient_norms("sigmoid", depth=10, seed=seed)
    grid = np.linspace(-20, 20, 40001)
    s = 1 / (1 + np.exp(-grid))
    return {
        "max slope": float(np.max(s * (1 - s))),
        "decades, layer 10 vs layer 1": float(np.log10(norms[-1] / norms[0])),
        "first layer moved, sigmoid": float(change["sigmoid"][seed][0]),
        "first layer moved, ReLU": float(change["relu"][seed][0]),
    }


sigmoid_claim = check_claim("sigmoid-vanishes", measure_sigmoid)

# %% [markdown]
# ### Claim [A, D]: "ReLU solves vanishing gradients"
# Per seed: the decades lost from layer 10 to layer 1 by the sigmoid network minus by the ReLU network (He's
# start). The declared caveat is the failure ReLU brings with it: the share of dead units after training at a
# large learning rate, against a moderate one (experiment 3).

# %%
def measure_relu(seed):
    sigmoid, relu = (layer_gradient_norms(activation, depth=10, seed=seed) for activation in ("sigmoid", "relu"))
    return {
        "decades lost, sigmoid": float(np.log10(sigmoid[-1] / sigmoid[0])),
        "decades lost, ReLU": float(np.log10(relu[-1] / relu[0])),
        "dead share, rate 0.001": float(dead[0.001][seed].mean()),
        "dead share, rate 0.05": float(dead[0.05][seed].mean()),
    }


relu_claim = check_claim("relu-solves-vanishing", measure_relu)

# %% [markdown]
# With He's start ReLU's gradients stay within a small factor across the 10 layers — and with wrong weights
# (experiment 4) ReLU explodes instead: the start matters as much as the activation.
#
# ### Claim [A]: "tanh networks suffer from vanishing gradients too"
# [A] puts tanh with the sigmoid. Per seed: the decades the gradient norm loses from layer 10 to layer 1 in the
# 10-layer tanh network with Glorot's start, before training — the sigmoid claim's measurement and bound.

# %%
def measure_tanh(seed):
    tanh = layer_gradient_norms("tanh", depth=10, seed=seed)
    return {"decades, layer 10 vs layer 1": float(np.log10(tanh[-1] / tanh[0]))}


tanh_claim = check_claim("tanh-vanishes", measure_tanh)

# %% [markdown]
# Tanh's slope is 1 at zero and Glorot's start keeps its inputs near zero, so at this depth its gradient keeps its
# size. Tanh does saturate — with large weights, large inputs, or after training pushes units to ±1 — so read the
# verdict within its scope: a well-started tanh network is not where gradients vanish; a sigmoid one is.
#
# ### Claim: "skip connections keep the gradient, and the deep stack trains"
# Not from the articles, but the reason deep networks train today (He et al., 2016). The same 10-layer sigmoid
# network with and without skips (experiment 5), per seed: the decades lost from layer 10 to layer 1 at the start,
# and the validation accuracy after 5 epochs of SGD at 0.1 from the same start.

# %%
def measure_skips(seed):
    plain, skips = (layer_gradient_norms("sigmoid", depth=10, seed=seed, residual=residual)
                    for residual in (False, True))
    return {
        "decades lost, plain": float(np.log10(plain[-1] / plain[0])),
        "decades lost, skips": float(np.log10(skips[-1] / skips[0])),
        "val acc, skips": trained_val["sigmoid, skips"][seed]["accuracy"],
        "val acc, plain": trained_val["sigmoid"][seed]["accuracy"],
    }


skips_claim = check_claim("skips-keep-gradients", measure_skips)
training_claim = check_claim("skips-let-deep-stacks-train", measure_skips)

# %% [markdown]
# ## Exercises
#
# ### Exercise 02.1 — the sigmoid's derivative
# Write `sigmoid_derivative(z)` for a numpy array `z` (elementwise): any shape (1-D, 2-D, a single value), floats
# or integers, and large |z| such as ±40; return an array of the same shape and do not change `z`. The check
# compares it with a numerical derivative (within 0.01 %) and checks its maximum.

# %%
def sigmoid_derivative(z):
    ### BEGIN SOLUTION
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)
    ### END SOLUTION


check_sigmoid_derivative(sigmoid_derivative)

# %% [markdown]
# ### Exercise 02.2 — counting dead units
# Write `dead_fraction(activations)`: `activations` has one row per example and one column per unit (the
# output of a ReLU layer). Return the share (between 0 and 1) of units that output exactly 0 for **every**
# example; a unit that is positive on a single example, however little, is alive. Do not change `activations`.
# By hand with numpy: calling labkit's `dead_unit_fraction` (imported above, and what the check compares with)
# counts as a wrong answer.

# %%
def dead_fraction(activations):
    ### BEGIN SOLUTION
    dead = np.all(activations == 0, axis=0)  # one flag per unit (column)
    return float(np.mean(dead))
    ### END SOLUTION


check_dead_unit_fraction(dead_fraction)

# %% [markdown]
# ## Takeaways
#
# - Gradients are products of per-layer factors: below 1 they **vanish**, above 1 they **explode**, exponentially in
#   depth.
# - Sigmoid hidden layers shrink gradients (slope ≤ 0.25): prefer tanh or ReLU inside deep networks.
# - ReLU keeps gradients level **with He initialization** — and can **die** at large learning rates: watch the
#   dead share (`labkit.diagnostics.dead_unit_fraction`).
# - **Skip connections** ($x + f(x)$) give the gradient a path around every block: the deep sigmoid stack that could
#   not learn, learns. With ReLU-like activations (GELU in transformers) and normalization, they are how deep
#   networks are built today.
# - Measure before guessing: `gradient_norms` per layer tells you where training stalls.
#
# In this notebook we measured gradients layer by layer and saw which layers learn.

# %% [markdown]
# ## Sources
#
# - [[A] Gandhi](REFERENCES.md#article-a): "Improving the Performance of a Neural Network"
# - [[D] Agrawal (2021)](REFERENCES.md#article-d): "A Comprehensive Guide on Neural Networks Performance Optimization"
# - [Glorot and Bengio (2010)](REFERENCES.md#glorot2010): the Glorot (Xavier) initialization
# - [He et al. (2015)](REFERENCES.md#he2015): the He initialization
# - [He et al. (2016)](REFERENCES.md#he2016): residual (skip) connections
# - [Hendrycks and Gimpel (2016)](REFERENCES.md#hendrycks2016): GELU
# - Data: scikit-learn's [digits](REFERENCES.md#data-digits)
#
# Every source of the workbook, with the notebooks that cite it: [REFERENCES.md](REFERENCES.md).

# %% [markdown]
# **Next:** [03 · Weight penalties (L1, L2)](03_weight_penalties.ipynb) — keeping weights small, measured.
