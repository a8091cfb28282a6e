"""Checks for notebook 06 (augmentation): an integer shift compared with scipy.ndimage.shift, and a random
batch of shifts checked by its properties."""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from labkit.checks import CheckResult, expect, expect_close, run_check

__all__ = ["check_random_shifts", "check_shift_image"]


def _digit(seed: int) -> np.ndarray:
    image = np.zeros((8, 8))
    image[1:7, 2:6] = np.random.default_rng(seed).uniform(0.2, 1.0, size=(6, 4))
    image[0, 0], image[7, 7] = 0.5, 0.9  # corners, to catch wrap-around
    return image


def _reference_shift(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    return ndimage.shift(image, (dy, dx), order=0, cval=0.0)


def check_shift_image(shift_image) -> CheckResult:
    """``shift_image(image, dx, dy)`` → the 8x8 image moved dx right and dy down, zeros filled in."""

    def test(answer):
        image = _digit(0)
        for dx, dy in ((1, 0), (0, 1), (-1, 0), (0, -2), (2, -1), (0, 0), (-3, 3)):
            before = image.copy()
            got = answer(image, dx, dy)
            expect(np.array_equal(image, before), "your function changed the image in place; return a new array")
            expect_close(got, _reference_shift(image, dx, dy), f"the image shifted by dx={dx}, dy={dy}")

    return run_check(
        "06.1 shift an image",
        shift_image,
        test,
        hint="start from np.zeros_like(image) and copy the overlapping block with slices; or np.roll, then zero the "
        "rows/columns that wrapped around (dx moves columns, dy moves rows)",
    )


def check_random_shifts(random_shifts) -> CheckResult:
    """``random_shifts(images, rng)`` → each image shifted by its own dx, dy in {-1, 0, 1}."""

    def test(answer):
        images = np.stack([_digit(seed) for seed in range(40)])
        before = images.copy()
        out = np.asarray(answer(images, np.random.default_rng(11)), dtype=float)
        expect(np.array_equal(images, before), "your function changed its input in place; return a new array")
        expect(out.shape == images.shape, f"the output has shape {out.shape}; expected {images.shape}")
        found = []
        for index, (image, shifted) in enumerate(zip(images, out, strict=True)):
            matches = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                       if np.allclose(shifted, _reference_shift(image, dx, dy))]
            expect(matches, f"image {index} is not a shift of its input by at most one pixel (zeros filled in)")
            found.append(matches[0])
        expect(len(set(found)) >= 4,
               f"only {len(set(found))} different shifts among 40 images: draw dx and dy for each image")
        expect(len({dx for dx, _ in found}) == 3 and len({dy for _, dy in found}) == 3,
               "dx and dy should each take the values -1, 0 and 1")
        again = np.asarray(answer(images, np.random.default_rng(11)), dtype=float)
        expect(np.array_equal(out, again),
               "the same rng seed gave different shifts: draw them with the rng you are given")

    return run_check(
        "06.2 random shifts for a batch",
        random_shifts,
        test,
        hint="loop over the images; for each draw dx = rng.integers(-1, 2) and dy = rng.integers(-1, 2) and shift it",
    )
