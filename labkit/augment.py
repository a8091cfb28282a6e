"""Data augmentation for the 8x8 digits, with Keras's preprocessing layers.

The workbook augments *offline*: each training image is copied several times, each copy transformed
at random, and the network trains on the enlarged set. That keeps one traced model for every
experiment (the data changes, not the graph) and lets a notebook show exactly what the network saw.
Inside your own models you would put the same layers first in the model, where they act only in
training.
"""
from __future__ import annotations

import keras
import numpy as np

from labkit._validate import (
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_labels,
    check_number,
    check_same_rows,
    fail,
)

__all__ = ["augment_copies", "augmenter", "digit_images"]

SIDE = 8  # digits are 8x8


def digit_images(x: np.ndarray) -> np.ndarray:
    """Rows of 64 pixels → images of shape (n, 8, 8, 1), the layout Keras's image layers expect."""
    x = check_array(x, "x", "digit_images", ndim=2)
    if x.shape[1] != SIDE * SIDE:
        fail("x", "digit_images", f"rows of {SIDE * SIDE} pixels (8x8 digits)", x)
    return x.reshape(-1, SIDE, SIDE, 1)


def augmenter(
    *,
    rotation: float = 0.0,
    shift: float = 0.0,
    zoom: float = 0.0,
    flip: bool = False,
    interpolation: str = "nearest",
    seed: int = 0,
) -> keras.Sequential:
    """A Keras pipeline of random transforms for 8x8 images; each image gets its own random draw.

    Parameters
    ----------
    rotation : float in [0, 180], default 0
        Largest rotation, in degrees, either way (``keras.layers.RandomRotation``).
    shift : float in [0, 4], default 0
        Largest shift, in pixels, in each direction (``keras.layers.RandomTranslation``).
    zoom : float in [0, 0.5], default 0
        Largest zoom in or out, as a fraction (``keras.layers.RandomZoom``).
    flip : bool, default False
        Mirror left-right at random (``keras.layers.RandomFlip("horizontal")``).
    interpolation : {"nearest", "bilinear"}, default "nearest"
        How new pixel values are computed. On 8x8 images "bilinear" blurs every transformed copy,
        so the network trains on blurry digits and is tested on sharp ones (notebook 06 measures it).
    seed : int, default 0

    Returns
    -------
    keras.Sequential
        Call it with ``training=True`` to transform; empty space is filled with 0 (background).
    """
    func = "augmenter"
    check_number(rotation, "rotation", func, low=0.0, high=180.0)
    check_number(shift, "shift", func, low=0.0, high=4.0)
    check_number(zoom, "zoom", func, low=0.0, high=0.5)
    check_bool(flip, "flip", func)
    check_choice(interpolation, "interpolation", func, ("nearest", "bilinear"))
    check_int(seed, "seed", func, low=0)
    layers: list[keras.layers.Layer] = []
    if flip:
        layers.append(keras.layers.RandomFlip("horizontal", seed=seed))
    if rotation:
        layers.append(keras.layers.RandomRotation(rotation / 360.0, fill_mode="constant", interpolation=interpolation,
                                                  seed=seed + 1))
    if shift:
        layers.append(keras.layers.RandomTranslation(shift / SIDE, shift / SIDE, fill_mode="constant",
                                                     interpolation=interpolation, seed=seed + 2))
    if zoom:
        layers.append(keras.layers.RandomZoom((-zoom, zoom), fill_mode="constant", interpolation=interpolation,
                                              seed=seed + 3))
    return keras.Sequential(layers, name="augment")


def augment_copies(
    x: np.ndarray,
    y: np.ndarray,
    *,
    copies: int,
    rotation: float = 0.0,
    shift: float = 0.0,
    zoom: float = 0.0,
    flip: bool = False,
    interpolation: str = "nearest",
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """``copies`` randomly transformed copies of every row of ``x`` (64 pixels), with their labels.

    With every strength at 0 (and ``flip=False``) the copies are exact: the same number of
    training rows, no augmentation — the fair baseline for an augmented set.

    Parameters
    ----------
    x : ndarray of shape (n, 64)
        Rows of 8x8 digit pixels (0 = background, the value that fills empty space).
    y : ndarray of shape (n,)
        Integer labels.
    copies : int in [1, 1000]
        Copies per row (keyword only, no default).
    rotation, shift, zoom, flip, interpolation, seed
        As for :func:`augmenter`.

    Returns
    -------
    (x_augmented, y_augmented) : ndarray of shape (copies·n, 64) and (copies·n,)
        float32 pixels and int32 labels, copy by copy: rows ``c·n .. c·n + n - 1`` are copy ``c``
        of ``x`` in its order.
    """
    func = "augment_copies"
    x = check_array(x, "x", func, ndim=2)
    y = check_labels(y, "y", func)
    check_same_rows(x, y, func)
    check_int(copies, "copies", func, low=1, high=1000)
    if copies * len(x) > 10**6:
        fail("copies", func, f"at most {10**6 // len(x)} for {len(x)} rows (a million augmented rows at most)", copies)
    pipeline = augmenter(rotation=rotation, shift=shift, zoom=zoom, flip=flip, interpolation=interpolation, seed=seed)
    images = np.tile(digit_images(x), (copies, 1, 1, 1))
    if pipeline.layers:
        images = keras.ops.convert_to_numpy(pipeline(images, training=True))
    return images.reshape(len(images), -1).astype(np.float32), np.tile(y, copies)
