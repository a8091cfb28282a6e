# %% [markdown]
# # 06 · Data augmentation and more data
#
# **Promise:** after this notebook you can read a learning curve to tell whether more data would help, make more
# training data out of the data you have with label-preserving transforms — and spot a transform that
# silently changes the label.
#
# You will:
# - measure test accuracy and the train–test gap against the number of training images;
# - augment a small training set with Keras's preprocessing layers (rotation, shift, zoom) and measure the gain;
# - find out what horizontal flips, a standard image augmentation, do to handwritten digits.
#
# **Time:** about 25 minutes. **Prerequisites:** [00 · Start here](00_start_here.ipynb) (the gap),
# [04 · Dropout](04_dropout.ipynb) (what else we tried against the gap).
# **Measured here:** a learning curve over five training-set sizes, test accuracy with and without
# augmentation, and the accuracy of a digit classifier on mirrored digits.

# %% [markdown]
# ## Setup

# %%
import labkit

import matplotlib.pyplot as plt
import numpy as np

from labkit.augment import augment_copies, augmenter, digit_images
from labkit.claims import check_claim
from labkit.data import load_digits_split
from labkit.exercises.ex06_augmentation import check_random_shifts, check_shift_image
from labkit.models import build_towers, reinitialize
from labkit.plots import plot_digits
from labkit.training import evaluate_towers, fit
from labkit.widgets import knobs

SEEDS = labkit.seeds()
print("claim checks use seeds", SEEDS)

# %% [markdown]
# ## Intuition: a gap closes from the data side
#
# Notebooks 03 and 04 attacked the train–test gap from the model's side — smaller weights, dropped units — and
# bought little. The gap exists because the training set does not show the network enough of the variety it
# will meet. More examples show it more; when you cannot collect them, **augmentation** makes new ones from old:
# a digit rotated by 10° or moved by a pixel is still the same digit. A transform is only allowed if it keeps
# the label — which is for you to check, not for the library.
#
# We keep pixels in [0, 1] here (no standardising), because the transforms work on images.

# %%
full = load_digits_split(seed=0)
print(full.summary())
towers = build_towers(full.n_features, full.n_classes, seeds=SEEDS, depth=2, width=256, activation="relu", initializer="he_normal")

# %% [markdown]
# ## Experiment 1: a learning curve
#
# The same network trained on 50, 100, 200, 500 and all 1,077 training images (stratified subsets; the same
# validation and test images for all). To give every size the same number of gradient steps, small sets are
# repeated (`augment_copies` with no transform makes exact copies) to about 2,000 rows per epoch, for 12 epochs.

# %%
SIZES = [50, 100, 200, 500, 1077]
ROWS_PER_EPOCH, EPOCHS = 2000, 12


def train_and_score(x, y, label):
    """Fresh weights, train on (x, y), score every tower; the model is traced once for all calls."""
    reinitialize(towers)
    fit(towers, (x, y), epochs=EPOCHS, label=label)
    return evaluate_towers(towers, full.x_test, full.y_test)


curve = {}
for size in SIZES:
    subset = load_digits_split(seed=0, n_train=size)
    x_rep, y_rep = augment_copies(subset.x_train, subset.y_train, copies=max(1, round(ROWS_PER_EPOCH / size)))
    test = train_and_score(x_rep, y_rep, f"{size} images")
    train = evaluate_towers(towers, subset.x_train, subset.y_train)
    curve[size] = {seed: {"train": train[seed]["accuracy"], "test": test[seed]["accuracy"]} for seed in SEEDS}
full_model_weights = towers.get_weights()  # the network trained on all 1,077 images, for experiment 3

# %%
fig, ax = plt.subplots(figsize=(6, 3.4))
for part, style in (("train", "--"), ("test", "-")):
    mean = np.array([np.mean([curve[size][seed][part] for seed in SEEDS]) for size in SIZES])
    spread = np.array([np.std([curve[size][seed][part] for seed in SEEDS]) for size in SIZES])
    ax.plot(SIZES, mean, style, marker="o", label=part)
    ax.fill_between(SIZES, mean - spread, mean + spread, alpha=0.2)
ax.set(xscale="log", xlabel="training images", ylabel="accuracy", title="Learning curve (mean ± sd over seeds)")
ax.legend(frameon=False)
plt.show()
for size in SIZES:
    train, test = (np.mean([curve[size][seed][part] for seed in SEEDS]) for part in ("train", "test"))
    print(f"{size:>5d} images: train {train:.1%}, test {test:.1%}, gap {train - test:.1%}")

# %% [markdown]
# Training accuracy stays at 100 %: this network memorises any of these sets. Test accuracy climbs with every
# doubling and the gap shrinks — and the curve has not flattened at 1,077 images, so more data would still help.

# %% [markdown]
# ## Experiment 2: augmentation from 200 images
#
# `labkit.augment.augmenter` stacks Keras's preprocessing layers — `RandomRotation`, `RandomTranslation`,
# `RandomZoom`, `RandomFlip` — with empty space filled with the background and `interpolation="nearest"`: each
# new pixel copies its nearest old one. (Keras's default, `"bilinear"`, averages neighbours — on 8×8 images that
# blurs every copy; we measure what that costs below.) Here are a few digits and copies of them under small
# rotations (up to 12°), shifts (up to 1 pixel) and zooms (up to 10 %):

# %%
small = load_digits_split(seed=0, n_train=200)
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
      rotation=[0.0, 6.0, 12.0, 25.0, 45.0, 90.0], shift=[0.0, 1.0, 2.0], zoom=[0.0, 0.1, 0.2, 0.3], flip=["no mirror", "mirror at random"])

# %% [markdown]
# Now train on the 200 images with 10 copies of each (2,000 rows per epoch, 12 epochs — exactly as the 200-image
# point of the learning curve, which is the baseline of **exact copies**): label-preserving copies (the
# transforms above), the same transforms with bilinear interpolation, and randomly mirrored copies.

# %%
AUGMENTATIONS = {
    "rotate, shift, zoom": TRANSFORMS,
    "the same, blurred": {**TRANSFORMS, "interpolation": "bilinear"},
    "mirror at random": {"flip": True},
}
augmented = {"exact copies": {seed: {"accuracy": curve[200][seed]["test"]} for seed in SEEDS}}  # from experiment 1
for name, strengths in AUGMENTATIONS.items():
    x_aug, y_aug = augment_copies(small.x_train, small.y_train, copies=round(ROWS_PER_EPOCH / 200), seed=3, **strengths)
    augmented[name] = train_and_score(x_aug, y_aug, name)
for name, scores in augmented.items():
    accuracies = [scores[seed]["accuracy"] for seed in SEEDS]
    print(f"{name:20s} test accuracy {np.mean(accuracies):.1%}  (per seed: {', '.join(f'{a:.1%}' for a in accuracies)})")

# %% [markdown]
# The transforms help; the blurred version of the same transforms does not — its network learns blurry digits
# and is tested on sharp ones. An augmentation must produce images like the ones the network will meet.
#
# ## Experiment 3: what a mirror does to a digit
# The network trained on all 1,077 images (experiment 1), tested on the test digits and on the same digits
# mirrored left–right:

# %%
towers.set_weights(full_model_weights)
mirrored_test = np.flip(digit_images(full.x_test), axis=2).reshape(len(full.x_test), -1)
on_normal = evaluate_towers(towers, full.x_test, full.y_test)
on_mirrored = evaluate_towers(towers, mirrored_test, full.y_test)
print(f"test accuracy on normal digits {np.mean([on_normal[s]['accuracy'] for s in SEEDS]):.1%}, "
      f"on mirrored digits {np.mean([on_mirrored[s]['accuracy'] for s in SEEDS]):.1%}")
predicted = np.asarray(towers.predict(mirrored_test, verbose=0)[f"seed_{SEEDS[0]}"]).argmax(axis=1)
per_class = [np.mean(predicted[full.y_test == digit] == digit) for digit in range(10)]
print("still recognised when mirrored, per digit:", ", ".join(f"{digit}: {share:.0%}" for digit, share in enumerate(per_class)))
plot_digits(np.concatenate([full.x_test[:8], mirrored_test[:8]]), titles=[str(v) for v in full.y_test[:8]] * 2,
            title="Test digits and their mirror images")
plt.show()

# %% [markdown]
# Symmetric digits (0, 1, 8) survive the mirror; a mirrored 2, 3, 4, 5, 7 or 9 is not that digit any more. For
# photos of cats a mirror keeps the label; for digits and letters it does not.

# %% [markdown]
# ## Claim checks
#
# ### Claim [B, D]: "with more data the network overfits less; collect more when you can"

# %%
def measure_more_data(seed):
    return {
        "test acc, 100": curve[100][seed]["test"],
        "test acc, 1077": curve[1077][seed]["test"],
        "gap, 100": curve[100][seed]["train"] - curve[100][seed]["test"],
        "gap, 1077": curve[1077][seed]["train"] - curve[1077][seed]["test"],
    }


def more_data_rule(m):
    if np.all(m["test acc, 1077"] >= m["test acc, 100"] + 0.05) and np.all(m["gap, 1077"] < 0.5 * m["gap, 100"]):
        return "holds", (
            f"from 100 to 1,077 training images test accuracy rises {np.mean(m['test acc, 100']):.1%} → {np.mean(m['test acc, 1077']):.1%} "
            f"and the gap shrinks {np.mean(m['gap, 100']):.1%} → {np.mean(m['gap, 1077']):.1%}"
        )
    return "wrong", "more data did not clearly raise test accuracy and shrink the gap"


more_data_claim = check_claim(
    "[B, D]: with more data the network overfits less (the gap narrows) and scores better",
    measure_more_data,
    more_data_rule,
    expected="holds",
)

# %% [markdown]
# ### Claim [E]: "working with smaller datasets decreases overfitting"

# %%
def measure_smaller(seed):
    return {f"gap, {size}": curve[size][seed]["train"] - curve[size][seed]["test"] for size in SIZES}


def smaller_rule(m):
    gaps = np.array([np.mean(m[f"gap, {size}"]) for size in SIZES])
    if np.all(np.diff(gaps) < 0) and np.all(m["gap, 50"] > m["gap, 1077"] + 0.05):
        return "wrong", f"the opposite: the gap grows as the set shrinks, {gaps[-1]:.1%} with 1,077 images to {gaps[0]:.1%} with 50"
    if np.all(m["gap, 50"] < m["gap, 1077"]):
        return "holds", "smaller sets gave smaller gaps"
    return "holds with a caveat", "no clear trend of the gap with the set's size"


smaller_claim = check_claim(
    "[E]: working with smaller datasets decreases overfitting",
    measure_smaller,
    smaller_rule,
    expected="wrong",
)

# %% [markdown]
# ### Claim: "label-preserving transforms help when training data is scarce"

# %%
def measure_augmentation(seed):
    return {
        "test acc, copies": augmented["exact copies"][seed]["accuracy"],
        "test acc, transforms": augmented["rotate, shift, zoom"][seed]["accuracy"],
        "test acc, 500 real": curve[500][seed]["test"],
    }


def augmentation_rule(m):
    gain = m["test acc, transforms"] - m["test acc, copies"]
    if np.mean(gain) >= 0.005 and np.all(gain >= -0.01):
        return "holds", (
            f"from 200 images, rotations, shifts and zooms add {np.mean(gain):+.1%} test accuracy on average "
            f"({np.mean(m['test acc, copies']):.1%} → {np.mean(m['test acc, transforms']):.1%}, worst seed {np.min(gain):+.1%}); "
            f"500 real images give {np.mean(m['test acc, 500 real']):.1%}: real data is worth more"
        )
    return "wrong", "augmentation did not raise test accuracy on average, or lost more than a point for some seed"


augmentation_claim = check_claim(
    "Label-preserving transforms (small rotations, shifts, zooms) help when training data is scarce",
    measure_augmentation,
    augmentation_rule,
    expected="holds",
)

# %% [markdown]
# ### Claim [A]: "images can be augmented by flipping" — for digits?

# %%
def measure_flips(seed):
    return {
        "acc on normal digits": on_normal[seed]["accuracy"],
        "acc on mirrored digits": on_mirrored[seed]["accuracy"],
        "test acc, copies": augmented["exact copies"][seed]["accuracy"],
        "test acc, mirrored copies": augmented["mirror at random"][seed]["accuracy"],
    }


def flips_rule(m):
    label_changes = np.all(m["acc on mirrored digits"] < m["acc on normal digits"] - 0.3)
    no_gain = np.all(m["test acc, mirrored copies"] < m["test acc, copies"] + 0.01)
    if label_changes and no_gain:
        return "wrong", (
            f"a mirrored digit is often another digit: a network that scores {np.mean(m['acc on normal digits']):.1%} recognises only "
            f"{np.mean(m['acc on mirrored digits']):.1%} of mirrored test digits, and training on mirrored copies changed test "
            f"accuracy by {np.mean(m['test acc, mirrored copies'] - m['test acc, copies']):+.1%}"
        )
    return "holds", "mirrored digits kept their label"


flips_claim = check_claim(
    "[A]: images can be augmented by flipping — horizontal flips keep a digit's label",
    measure_flips,
    flips_rule,
    expected="wrong",
)

# %% [markdown]
# ## Exercises
#
# ### Exercise 06.1 — shift an image by hand
# Write `shift_image(image, dx, dy)`: move an 8×8 image `dx` pixels right (left if negative) and `dy` pixels down
# (up if negative), filling the uncovered pixels with 0. Pixels pushed over the edge disappear. The check
# compares with `scipy.ndimage.shift(image, (dy, dx), order=0, cval=0)`.

# %%
def shift_image(image, dx, dy):
    ...  # your code here


check_shift_image(shift_image)

# %% [markdown]
# ### Exercise 06.2 — random shifts for a batch
# Write `random_shifts(images, rng)`: for an array of 8×8 images (shape `(n, 8, 8)`), shift each one by its own
# random `dx` and `dy`, each drawn from {-1, 0, 1} with `rng.integers(-1, 2)`. Return a new array. (You may use
# `scipy.ndimage.shift` or your `shift_image`.) The check tests properties: each output is a shift of its input
# by at most one pixel, the shifts differ between images, and the same `rng` seed gives the same result.

# %%
def random_shifts(images, rng):
    ...  # your code here


check_random_shifts(random_shifts)

# %% [markdown]
# ## Takeaways
#
# - Read the **learning curve** first: if test accuracy still climbs at your full size, more data is the surest
#   fix; here it beat every model-side trick of notebooks 03–05.
# - Smaller datasets **increase** overfitting ([E] has it backwards).
# - Augment with transforms that keep the label — small rotations, shifts, zooms for digits — and check each one
#   by eye and by measurement: mirroring, standard for photos, turns digits into other digits.
# - Give the baseline the same number of steps (exact copies) so that a gain is the transforms', not more training.
# - Augmented images must look like real ones: bilinear resampling blurred tiny digits and cancelled the gain.
#
# In this notebook we measured what more data and augmented data do to accuracy and the gap.
#
# **Next:** [07 · Normalization](07_normalization.ipynb) — inputs on one scale, and batch normalization.
