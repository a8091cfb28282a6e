"""labkit.augment: Keras's preprocessing layers on 8x8 digits, offline copies."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from labkit._validate import LabkitInputError
from labkit.augment import augment_copies, augmenter, digit_images
from labkit.data import load_digits_split
from labkit.plots import plot_digits


@pytest.fixture(scope="module")
def few():
    split = load_digits_split(seed=0, n_train=40)
    return split.x_train[:20], split.y_train[:20]


def test_digit_images_shape_and_bad_width():
    assert digit_images(np.zeros((3, 64))).shape == (3, 8, 8, 1)
    with pytest.raises(LabkitInputError, match="'x' argument of digit_images"):
        digit_images(np.zeros((3, 63)))


def test_no_transform_gives_exact_copies(few):
    x, y = few
    xa, ya = augment_copies(x, y, copies=3)
    assert xa.shape == (60, 64) and np.array_equal(xa, np.tile(x, (3, 1))) and np.array_equal(ya, np.tile(y, 3))


def test_transforms_change_images_keep_labels_and_are_seeded(few):
    x, y = few
    xa, ya = augment_copies(x, y, copies=4, rotation=12, shift=1, zoom=0.1, seed=5)
    again, _ = augment_copies(x, y, copies=4, rotation=12, shift=1, zoom=0.1, seed=5)
    assert np.array_equal(xa, again) and np.array_equal(ya, np.tile(y, 4))
    assert np.mean(np.any(xa != np.tile(x, (4, 1)), axis=1)) > 0.5  # most copies differ from their original
    assert not np.array_equal(xa[:20], xa[20:40])  # each copy gets its own draw
    # nearest interpolation only moves pixels: every value is an original pixel value of that image, or 0
    for copy in range(4):
        for row in range(20):
            assert set(np.unique(xa[copy * 20 + row])) <= set(np.unique(x[row])) | {0.0}


def test_bilinear_blurs(few):
    x, y = few
    blurred, _ = augment_copies(x, y, copies=1, rotation=12, interpolation="bilinear", seed=1)
    assert any(not set(np.unique(blurred[row])) <= set(np.unique(x[row])) | {0.0} for row in range(20))


def test_flip_mirrors_left_right(few):
    x, y = few
    flipped, _ = augment_copies(x, y, copies=8, flip=True, seed=0)
    images, originals = flipped.reshape(-1, 8, 8), np.tile(x, (8, 1)).reshape(-1, 8, 8)
    same = np.all(images == originals, axis=(1, 2))
    mirrored = np.all(images == originals[:, :, ::-1], axis=(1, 2))
    assert np.all(same | mirrored) and 0.3 < mirrored.mean() < 0.7


def test_augmenter_validates():
    assert augmenter().layers == []
    for kwargs, name in ((dict(rotation=-5), "rotation"), (dict(shift=9), "shift"),
                         (dict(interpolation="cubic"), "interpolation")):
        with pytest.raises(LabkitInputError, match=f"'{name}' argument of augmenter"):
            augmenter(**kwargs)


def test_plot_digits(few):
    fig = plot_digits(few[0][:10], titles=[str(v) for v in few[1][:10]], ncols=5, title="t")
    assert len([ax for ax in fig.axes if ax.images]) == 10
    plt.close(fig)
    with pytest.raises(LabkitInputError, match="'titles' argument of plot_digits"):
        plot_digits(few[0][:3], titles=["a"])
