# %% [markdown]
# # 06 · Data augmentation and more data
#
# **Promise:** after this notebook you can read a learning curve to tell whether more data would help, make more
# training data out of the data you have with label-preserving transforms — and spot a transform that
# silently changes the label.
#
# You will:
# - measure validation accuracy and the train–validation gap against the number of training images;
# - augment a small training set with Keras's preprocessing layers (rotation, shift, zoom) and measure the gain,
#   for the MLP and for a small convolutional network;
# - set the network's learning curve beside logistic regression's;
# - find out what horizontal flips, a standard image augmentation, do to handwritten digits.
#
# **Time:** about 25 minutes. **Prerequisites:** [00 · Start here](00_start_here.ipynb) (the gap),
# [04 · Dropout](04_dropout.ipynb) (what else we tried against the gap).
# **Measured here:** a learning curve over four training-set sizes (the MLP's and logistic regression's), validation
# accuracy with and without augmentation for an MLP and a CNN, and the accuracy of a digit classifier on mirrored
# digits.

# %% [markdown]
# ## Setup

# %%
import labkit  # first: it quiets TensorFlow's logs, which works only before TensorFlow is imported
from labkit.augment import augment_copies, augmenter, digit_images
from labkit.checks import compare_prediction
from labkit.claims import check_claim
from labkit.data import load_digits_split, replica_seed, replica_splits
from labkit.exercises.ex06_augmentation import check_random_shifts, check_shift_image
from labkit.models import build_towers, reinitialize
from labkit.plots import plot_digits
from labkit.towers import evaluate_towers, predict_towers
from labkit.training import fit
from labkit.widgets import knobs

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression

labkit.setup()  # seeds Python, numpy and Keras; labkit's input errors print as one line
SEEDS = labkit.seeds()
print("claim checks use seeds", SEEDS)

# %% [markdown]
# ## Intuition: a gap closes from the data side
#
# Notebooks 03 and 04 attacked the train–validation gap from the model's side — smaller weights, dropped units — and
# bought little. The gap exists because the training set does not show the network enough of the variety it
# will meet. More examples show it more; when you cannot collect them, **augmentation** makes new ones from old:
# a digit rotated by 10° or moved by a pixel is still the same digit. A transform is only allowed if it keeps
# the label — which is for you to check, not for the library.
#
# We keep pixels in [0, 1] here (no standardising), because the transforms work on images.

# %%
# each seed: its own 1,077 training and 360 validation digits
fulls = {seed: load_digits_split(seed=seed) for seed in SEEDS}
full = fulls[SEEDS[0]]
print(full.summary())
towers = build_towers(full.n_features, full.n_classes, seeds=SEEDS, depth=2, width=128, activation="relu",
                      initializer="he_normal",
                      steps_per_execution=25)  # 25 steps per call: less Python between steps, the same training

# %% [markdown]
# ## Experiment 1: a learning curve
#
# The same network trained on 50, 100, 200 and all 1,077 training images (stratified subsets of each seed's
# training digits; each seed's 360 validation digits for every size). To give every size the same number of
# gradient steps, small sets are repeated (`augment_copies` with no transform makes exact copies) to about
# 24,000 rows, one pass over them: 375 steps of 64 rows for every size. The network: two ReLU layers of 128 units,
# Adam at 0.001 — it memorises any of these sets.
#
# **Exercise 06.3 — predict, then measure.** Before you run the learning curve: how many points of validation
# accuracy will all 1,077 training images give over 100 of them (the same 375 steps)? Write a fraction (0.05 for 5
# points) below; the more-data claim's check shows your number beside the measurement.

# %%
my_prediction = None  # your prediction, e.g. 0.05 for 5 points

# %%
SIZES = [50, 100, 200, 1077]
ROWS, EPOCHS = 24_000, 1


def train_and_score(rows, splits, label, replica=0, model=towers):
    """Fresh weights, train every tower on its seed's rows, score it on its seed's validation digits.

    The model is traced once for all calls."""
    reinitialize(model, replica=replica)
    fit(model, rows, validation={seed: splits[seed].val for seed in SEEDS}, epochs=EPOCHS, label=label,
        replica=replica)
    return evaluate_towers(model, splits, "val")


curve = {}
for size in SIZES:
    # the same validation digits as fulls
    subsets = {seed: load_digits_split(seed=seed, n_train=size) for seed in SEEDS}
    repeated = {seed: augment_copies(*subsets[seed].train, copies=max(1, round(ROWS / size))) for seed in SEEDS}
    val = train_and_score(repeated, fulls, f"{size} images")
    train = evaluate_towers(towers, subsets, "train")
    curve[size] = {seed: {"train": train[seed]["accuracy"], "val": val[seed]["accuracy"]} for seed in SEEDS}
    for seed in SEEDS:  # the classical model on the same images: logistic regression, scikit-learn's defaults
        classical = LogisticRegression(max_iter=5000).fit(*subsets[seed].train)
        curve[size][seed]["logistic"] = classical.score(*fulls[seed].val)
full_model_weights = towers.get_weights()  # the network trained on all 1,077 images, for experiment 3

# %%
fig, ax = plt.subplots(figsize=(6, 3.4))
for part, style in (("train", "--"), ("val", "-")):
    mean = np.array([np.mean([curve[size][seed][part] for seed in SEEDS]) for size in SIZES])
    spread = np.array([np.std([curve[size][seed][part] for seed in SEEDS]) for size in SIZES])
    ax.plot(SIZES, mean, style, marker="o", label={"train": "training", "val": "validation"}[part])
    ax.fill_between(SIZES, mean - spread, mean + spread, alpha=0.2)
ax.plot(SIZES, [np.mean([curve[size][seed]["logistic"] for seed in SEEDS]) for size in SIZES], ":", marker="s",
        color="0.4", label="validation, logistic regression")
ax.set(xscale="log", xlabel="training images", ylabel="accuracy", title="Learning curve (mean ± sd over seeds)")
ax.legend(frameon=False)
plt.show()
for size in SIZES:
    train, val = (np.mean([curve[size][seed][part] for seed in SEEDS]) for part in ("train", "val"))
    logistic = np.mean([curve[size][seed]["logistic"] for seed in SEEDS])
    print(f"{size:>5d} images: train {train:.1%}, validation {val:.1%}, gap {train - val:.1%}; "
          f"logistic regression, validation {logistic:.1%}")

# %% [markdown]
# Training accuracy stays at or near 100 %: this network memorises any of these sets. Validation accuracy climbs
# with every doubling and the gap shrinks — and the curve was still rising from 200 to 1,077 images, so more data
# would likely still help.
#
# Article [B] adds that deep networks need more data than classical models. Here logistic regression (the dotted
# curve, scikit-learn's defaults, trained on the same images) stays close to the network at every size (the leads
# printed below): an 8 × 8 digit is nearly linearly separable. We declared [B]'s claim as a check — the network's
# lead over logistic regression grows by at least 2 points from 50 images to 1,077 — and withdrew it after measuring:
# with seeds 1000–1019 (one run each, `tools/seed_robustness.py`, 2026-12-03) the lead grew by +1.4 points with a
# spread of 1.4 over the seeds, so five seeds fall on either side of the 2 points by chance; deciding it would take
# many runs per seed. [B]'s rule is about rich data — photographs, sound, text — where a classical model on the raw
# inputs stalls and a network keeps climbing: draw both learning curves on your own data before concluding either
# way.

# %%
lead = {size: np.array([100 * (curve[size][seed]["val"] - curve[size][seed]["logistic"]) for seed in SEEDS])
        for size in SIZES}
print("the network's lead over logistic regression, points:",
      ", ".join(f"{size} images {lead[size].mean():+.1f}" for size in SIZES), "(means over seeds)")

# %% [markdown]
# ## Experiment 2: augmentation from 200 images
#
# `labkit.augment.augmenter` stacks Keras's preprocessing layers — `RandomRotation`, `RandomTranslation`,
# `RandomZoom`, `RandomFlip` — with empty space filled with the background and `interpolation="nearest"`: each
# new pixel copies its nearest old one. (Keras's default, `"bilinear"`, averages neighbours — on 8×8 images that
# blurs every copy; we measure what that costs below.) Here are a few digits and copies of them under small
# rotations (up to 12°), shifts (up to 1 pixel) and zooms (up to 10 %). In plain Keras, the augmenter is:
#
# ```python
# augment = keras.Sequential([
#     keras.layers.RandomRotation(12 / 360, fill_mode="constant", interpolation="nearest"),  # a fraction of a turn
#     keras.layers.RandomTranslation(1 / 8, 1 / 8, fill_mode="constant", interpolation="nearest"),  # of the height
#     keras.layers.RandomZoom((-0.1, 0.1), fill_mode="constant", interpolation="nearest"),
# ])
# copies = augment(x_train.reshape(-1, 8, 8, 1), training=True)  # new random copies at every call
# ```
#
# (Inside a model — after `keras.layers.Reshape((8, 8, 1))`, before `Flatten` and the first `Dense` layer — the same
# layers transform every batch in training and do nothing at inference.)

# %%
# validation: the other 1,237
smalls = {seed: load_digits_split(seed=seed, n_train=200, val_size="rest") for seed in SEEDS}
small = smalls[SEEDS[0]]
examples = small.x_train[:4]
TRANSFORMS = {"rotation": 12.0, "shift": 1.0, "zoom": 0.1}
shown, _ = augment_copies(examples, small.y_train[:4], copies=7, seed=1, **TRANSFORMS)
grid = np.concatenate([examples, shown]).reshape(8, 4, 64).transpose(1, 0, 2).reshape(32, 64)  # one digit per row
plot_digits(grid, titles=[("original" if column == 0 else "") for _ in range(4) for column in range(8)],
            title="Each row: a digit, then 7 random label-preserving copies")
plt.show()

# %% [markdown]
# Try the strengths yourself — and the mirror image, which turns some digits into others:

# %%
def draw_augmented(rotation, shift, zoom, flip):
    pipeline = augmenter(rotation=rotation, shift=shift, zoom=zoom, flip=(flip == "mirror at random"), seed=2)
    images = np.repeat(digit_images(small.x_train[:4]), 8, axis=0)
    out = np.asarray(pipeline(images, training=True)).reshape(32, 64)
    plot_digits(out, title=f"rotation ≤ {rotation:g}°, shift ≤ {shift:g} px, zoom ≤ {zoom:.0%}, {flip}")
    plt.show()


knobs(draw_augmented, defaults={"rotation": 12.0, "shift": 1.0, "zoom": 0.1},
      rotation=[0.0, 6.0, 12.0, 25.0, 45.0, 90.0], shift=[0.0, 1.0, 2.0], zoom=[0.0, 0.1, 0.2, 0.3],
      flip=["no mirror", "mirror at random"])

# %% [markdown]
# Now train on the 200 images, each seen 120 times — as at the 200-image point of the learning curve — but in a
# new random transform every time it is seen: augmentation on the fly, which is what Keras's preprocessing layers
# do when they sit inside a model. (We make the 120 copies up front, so each seed's towers train on precomputed
# rows: the same thing, faster.) Three kinds: the label-preserving transforms above, the same transforms with
# bilinear interpolation, and random mirrors — against the baseline of 120 **exact copies**, the same steps.
# Every seed is scored on all 1,237 of its non-test digits outside its training set: small differences need
# many validation digits to show.
#
# A gain from augmentation, if any, is a fraction of a point here — less than the difference between two
# training runs — so the transforms and their baseline run **four times per seed**: replica 0 on the seed's own
# split, replicas 1–3 on their own 200 digits, starts, batch orders and transforms, from seeds derived from the
# seed (`labkit.data.replica_splits`; `reinitialize(..., replica=k)` keeps the same traced model). A seed's score
# for these two is the mean of its four runs.
#
# The same rows also train a second network: a small **convolutional** one. A fully connected layer has no idea
# which pixels are neighbours — it must learn every position apart — while a convolution slides one small filter
# (3 × 3 pixels here) over the whole image: the prior that an image's local patterns mean the same wherever they
# sit. `build_towers(..., conv_channels=(32, 32), image_shape=(8, 8))` puts two convolutions of 32 filters (the
# second with stride 2, which halves the image to 4 × 4) before one dense layer of 128. In plain Keras:
#
# ```python
# model = keras.Sequential([
#     keras.Input((64,)), keras.layers.Reshape((8, 8, 1)),  # the 64 pixels as an 8 × 8 image, one channel
#     keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
#     keras.layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
#     keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax"),
# ])
# ```
#
# (The CNN runs once per seed, on the rows of the MLP's first run: a convolution costs several times a dense layer's
# time per step on a CPU.)

# %%
AUGMENTATIONS = {
    "exact copies": {},
    "rotate, shift, zoom": TRANSFORMS,
    "the same, blurred": {**TRANSFORMS, "interpolation": "bilinear"},
    "mirror at random": {"flip": True},
}
REPLICAS = {"exact copies": 4, "rotate, shift, zoom": 4, "the same, blurred": 1, "mirror at random": 1}
CNN_RUNS = {"exact copies": 1, "rotate, shift, zoom": 1}  # the convolutional network trains on these rows too
cnn = build_towers(full.n_features, full.n_classes, seeds=SEEDS, depth=1, width=128, activation="relu",
                   initializer="he_normal", conv_channels=(32, 32), image_shape=(8, 8), steps_per_execution=25)
augmented, augmented_cnn = {}, {}
for replica in range(max(REPLICAS.values())):
    replica_smalls = replica_splits(load_digits_split, SEEDS, replica, n_train=200,
                                    val_size="rest")  # replica 0: each seed's own
    for name, strengths in AUGMENTATIONS.items():
        if replica >= REPLICAS[name]:
            continue
        # each seed (and replica) transforms its own 200 digits with its own random draws
        rows = {seed: augment_copies(*replica_smalls[seed].train, copies=round(ROWS / 200),
                                     seed=replica_seed(seed, replica), **strengths)
                for seed in SEEDS}
        augmented.setdefault(name, []).append(
            train_and_score(rows, replica_smalls, f"{name}, replica {replica}", replica=replica))
        if replica < CNN_RUNS.get(name, 0):
            augmented_cnn.setdefault(name, []).append(
                train_and_score(rows, replica_smalls, f"CNN, {name}, replica {replica}", replica=replica, model=cnn))


def augmented_accuracy(name, seed, runs=augmented, count=None):
    """A seed's validation accuracy for one augmentation, the mean of its runs (of the first `count`)."""
    return float(np.mean([scores[seed]["accuracy"] for scores in runs[name][:count]]))


for network, runs in (("MLP", augmented), ("CNN", augmented_cnn)):
    for name in runs:
        accuracies = [augmented_accuracy(name, seed, runs) for seed in SEEDS]
        print(f"{network}, {name:20s} validation accuracy {np.mean(accuracies):.1%}  "
              f"(per seed: {', '.join(f'{a:.1%}' for a in accuracies)}; "
              f"{len(runs[name])} run{'s' if len(runs[name]) > 1 else ''} each)")

# %% [markdown]
# Look before you believe the textbook: here the label-preserving transforms do **not** help the MLP — they cost it
# about a point. These digits are size-normalised and centred (that is how the data set was made), so a shifted,
# rotated or zoomed copy is a digit the network will never meet, and a fully connected network has no built-in
# sense that a pixel's neighbours matter: it must learn every position apart. The blurred version is worse
# still — its network learns blurry digits and is scored on sharp ones. An augmentation must produce images
# like the ones the network will meet — or a network built to treat a moved digit as the same digit.
#
# And the convolutional network, on the same rows (its first run and the MLP's):

# %%
def cnn_lead(name):
    """Per seed, the CNN's validation accuracy minus the MLP's, on the same rows (their first runs), in points."""
    return np.array([100 * (augmented_cnn[name][0][seed]["accuracy"] - augmented[name][0][seed]["accuracy"])
                     for seed in SEEDS])


for name in CNN_RUNS:
    print(f"{name:20s} CNN minus MLP: {cnn_lead(name).mean():+.1f} points "
          f"(per seed {', '.join(f'{d:+.1f}' for d in cnn_lead(name))})")
gain = np.array([100 * (augmented_cnn["rotate, shift, zoom"][0][seed]["accuracy"]
                        - augmented_cnn["exact copies"][0][seed]["accuracy"]) for seed in SEEDS])
print(f"the transforms, for the CNN: {gain.mean():+.1f} points (per seed {', '.join(f'{d:+.1f}' for d in gain)})")

# %% [markdown]
# One run per seed moves by most of a point from run to run, so read these lines with the larger measurement we
# made before writing this (seeds 1000–1019, three runs each, `tools/seed_robustness.py`, 2 CPU cores, 2026-12-03):
# on exact copies the CNN led the MLP by +0.6 points (sd 0.4 over the seeds) — on 8 × 8 digits that are already
# centred and size-normalised, a sliding filter finds little that 128 dense units cannot learn from 200 images —
# while the transforms, which cost the MLP 0.8 points, gained the CNN +1.25 (sd 0.8): the prior that makes a shifted
# or rotated digit the same digit is what lets a network use the variety. Both are close to the workbook's one point
# that matters, so five seeds (the claim protocol) come out on either side of it by luck. We declared both as
# claims, measured them, and withdrew them (`labkit/claims.toml`'s history): a verdict that changes with the seeds
# is not one to assert. The CNN also ran with the MLP's settings (Adam 0.001, 375 steps), not its own tuned ones.
# Convolutions — and augmentation with them — are the standard for images where objects move, turn and change size
# (LeCun et al., 1998); on these digits the transforms gained a CNN about a point, where they cost an MLP one.
#
# ## Experiment 3: what a mirror does to a digit
# The network trained on all 1,077 images (experiment 1), scored on each seed's validation digits and on the
# same digits mirrored left–right:

# %%
towers.set_weights(full_model_weights)


def mirrored(x):
    return np.flip(digit_images(x), axis=2).reshape(len(x), -1)


on_normal = evaluate_towers(towers, fulls, "val")
on_mirrored = evaluate_towers(towers, {seed: (mirrored(fulls[seed].x_val), fulls[seed].y_val) for seed in SEEDS})
print(f"validation accuracy on normal digits {np.mean([on_normal[s]['accuracy'] for s in SEEDS]):.1%}, "
      f"on mirrored digits {np.mean([on_mirrored[s]['accuracy'] for s in SEEDS]):.1%}")
predicted = predict_towers(towers, mirrored(full.x_val))[SEEDS[0]].argmax(axis=1)
per_class = [np.mean(predicted[full.y_val == digit] == digit) for digit in range(10)]
print("still recognised when mirrored, per digit:",
      ", ".join(f"{digit}: {share:.0%}" for digit, share in enumerate(per_class)))
plot_digits(np.concatenate([full.x_val[:8], mirrored(full.x_val[:8])]), titles=[str(v) for v in full.y_val[:8]] * 2,
            title="Validation digits and their mirror images")
plt.show()

# %% [markdown]
# Some digits are still mostly recognised when mirrored, others almost never (the per-digit line above): a mirror
# does not keep a digit's label. For photos of cats a mirror keeps the label; for digits and letters it does not.

# %% [markdown]
# ## Claim checks
#
# ### Claim [B, D]: "with more data the network stops learning noise; collect more when you can"
# Per seed: validation accuracy with all 1,077 training images against with 100 (the same steps), and the gaps.

# %%
def measure_more_data(seed):
    return {
        "val acc, 1,077 images": curve[1077][seed]["val"],
        "val acc, 100 images": curve[100][seed]["val"],
        "gap, 1,077 images": curve[1077][seed]["train"] - curve[1077][seed]["val"],
        "gap, 100 images": curve[100][seed]["train"] - curve[100][seed]["val"],
    }


more_data_claim = check_claim("more-data-helps", measure_more_data)
compare_prediction("06.3 predict: what more data buys", my_prediction,
                   more_data_claim.rows["val acc, 1,077 images"] - more_data_claim.rows["val acc, 100 images"],
                   what="validation accuracy gained from 100 to 1,077 images", close=0.02)

# %% [markdown]
# ### Claim [E]: "working with smaller datasets decreases overfitting"
# Per seed: the gap with all 1,077 training images minus the gap with 50. If smaller sets overfit less, this is
# positive.

# %%
def measure_smaller(seed):
    return {f"gap, {size:,} images": curve[size][seed]["train"] - curve[size][seed]["val"] for size in SIZES}


smaller_claim = check_claim("smaller-data-overfits-less", measure_smaller)

# %% [markdown]
# ### Claim: "label-preserving transforms help when training data is scarce"
# Per seed: 200 images in 120 randomly transformed copies against the same 200 in 120 exact copies — the same
# steps, so a gain is the transforms', not more training. The table also shows the blurred version.

# %%
def measure_augmentation(seed):
    return {
        "val acc, transformed copies": augmented_accuracy("rotate, shift, zoom", seed),
        "val acc, exact copies": augmented_accuracy("exact copies", seed),
        "val acc, blurred copies": augmented_accuracy("the same, blurred", seed),
    }


augmentation_claim = check_claim("augmentation-helps", measure_augmentation)

# %% [markdown]
# ### Claim [A]: "images can be augmented by flipping" — for digits?
# If a mirror kept a digit's label it would be a transform like the others; we compare mirrored copies with exact
# copies (and the transforms above also lost to exact copies, so the accuracy on mirrored digits, in experiment 3,
# is the clearer evidence). Per seed: mirrored copies against exact copies; the table also shows how the full network
# does on mirrored validation digits.

# %%
def measure_flips(seed):
    return {
        "val acc, mirrored copies": augmented_accuracy("mirror at random", seed),
        # the same split and steps as the mirrors
        "val acc, exact copies": augmented["exact copies"][0][seed]["accuracy"],
        "full network, normal digits": on_normal[seed]["accuracy"],
        "full network, mirrored digits": on_mirrored[seed]["accuracy"],
    }


flips_claim = check_claim("flips-augment-digits", measure_flips)

# %% [markdown]
# ## Exercises
#
# ### Exercise 06.1 — shift an image by hand
# Write `shift_image(image, dx, dy)`: move an image (8×8 here, but any height and width; the check also uses 5×7)
# `dx` pixels right (left if negative) and `dy` pixels down (up if negative), for shifts smaller than the image,
# filling the uncovered pixels with 0. Pixels pushed over the edge disappear. Return a new array and leave `image`
# unchanged. By hand: numpy slicing or `np.roll` are fine, `scipy.ndimage.shift` is not (calling it counts as a
# wrong answer). The check compares with `scipy.ndimage.shift(image, (dy, dx), order=0, cval=0)`.

# %%
def shift_image(image, dx, dy):
    ### BEGIN SOLUTION
    height, width = image.shape
    out = np.zeros_like(image)
    # the block of the input that stays inside the frame, and where it lands
    src_rows = slice(max(0, -dy), min(height, height - dy))
    src_cols = slice(max(0, -dx), min(width, width - dx))
    dst_rows = slice(max(0, dy), min(height, height + dy))
    dst_cols = slice(max(0, dx), min(width, width + dx))
    out[dst_rows, dst_cols] = image[src_rows, src_cols]
    return out
    ### END SOLUTION


check_shift_image(shift_image)

# %% [markdown]
# ### Exercise 06.2 — random shifts for a batch
# Write `random_shifts(images, rng)`: for an array of 8×8 images (shape `(n, 8, 8)`), shift each one by its own
# random `dx` and `dy`, each drawn from {-1, 0, 1} with `rng.integers(-1, 2)`. Return a new array. (You may use
# `scipy.ndimage.shift` or your `shift_image`.) Draw only from the `rng` you are given, dx and dy separately, and
# leave `images` unchanged. The check tests properties: each output is a shift of its input by at most one pixel;
# over 900 images each of -1, 0, 1 comes up for dx and for dy a third of the time (within 7 points) and the nine
# (dx, dy) pairs a ninth each (within 5 points); the same `rng` seed gives the same result, another seed another.

# %%
def random_shifts(images, rng):
    ### BEGIN SOLUTION
    out = np.empty_like(images)
    for index, image in enumerate(images):
        dx, dy = rng.integers(-1, 2), rng.integers(-1, 2)
        out[index] = shift_image(image, dx, dy)
    return out
    ### END SOLUTION


check_random_shifts(random_shifts)

# %% [markdown]
# ## Takeaways
#
# - Read the **learning curve** first: if validation accuracy still climbs at your full size, more data is the surest
#   fix; here it did more than any model-side trick of notebooks 03–05 did on their (different) setups.
# - Smaller datasets **increase** overfitting ([E] has it backwards).
# - Augment with transforms that keep the label *and* produce images like the real ones — and check each by eye
#   and by measurement: on centred digits, small rotations, shifts and zooms cost an MLP a point here, and
#   mirroring, standard for photos, turns digits into other digits.
# - Compare with a classical model at your data size: on these digits logistic regression stayed close to the
#   network at every size.
# - For images, use a convolutional network: over 20 seeds the same transforms that cost the MLP gained the CNN
#   about a point here (too close to the workbook's bound for a verdict).
# - Give the baseline the same number of steps (exact copies) so that a difference is the transforms', not
#   more training.
# - Augmented images must look like real ones: bilinear resampling blurred tiny digits and cost several points.
#
# In this notebook we measured what more data and augmented data do to accuracy and the gap.

# %% [markdown]
# ## Sources
#
# - [[A] Gandhi](REFERENCES.md#article-a): "Improving the Performance of a Neural Network"
# - [[B] Pykes (Comet)](REFERENCES.md#article-b): "Improving The Accuracy Of Your Neural Network"
# - [[D] Agrawal (2021)](REFERENCES.md#article-d): "A Comprehensive Guide on Neural Networks Performance Optimization"
# - [[E] Section (2022)](REFERENCES.md#article-e): "Factors To Consider For Improving Deep Learning Models Performance"
# - [LeCun et al. (1998)](REFERENCES.md#lecun1998): convolutional networks for handwritten digits
# - Data: scikit-learn's [digits](REFERENCES.md#data-digits)
#
# Every source of the workbook, with the notebooks that cite it: [REFERENCES.md](REFERENCES.md).

# %% [markdown]
# **Next:** [07 · Normalization](07_normalization.ipynb) — inputs on one scale, and batch normalization.
