"""Checks for notebook 06 (augmentation): an integer shift, by hand, compared with scipy.ndimage.shift, and a
random batch of shifts checked by its properties (each a shift by at most one pixel, dx and dy uniform on
{-1, 0, 1} and independent, drawn from the generator given)."""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from labkit.checks import CheckResult, Wrong, expect, expect_close, expect_uses_rng, forbid, run_check

__all__ = ["check_random_shifts", "check_shift_image"]

_SCIPY_SHIFT = ndimage.shift


def _digit(seed: int) -> np.ndarray:
    image = np.zeros((8, 8))
    image[1:7, 2:6] = np.random.default_rng(seed).uniform(0.2, 1.0, size=(6, 4))
    image[0, 0], image[7, 7] = 0.5, 0.9  # corners, to catch wrap-around
    return image


def _reference_shift(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    return _SCIPY_SHIFT(image, (dy, dx), order=0, cval=0.0)


def _calls(function, target) -> bool:
    """True if ``function`` names a global that is ``target`` (e.g. ``from scipy.ndimage import shift``)."""
    code, names = getattr(function, "__code__", None), getattr(function, "__globals__", {})
    return code is not None and any(names.get(name) is target for name in code.co_names)


def check_shift_image(shift_image) -> CheckResult:
    """``shift_image(image, dx, dy)`` → the image moved dx right and dy down, zeros filled in (by hand)."""

    def test(answer):
        full = np.random.default_rng(6).uniform(0.1, 1.0, size=(5, 7))  # no zeros: a wrong fill shows
        cases = [(_digit(0), (dx, dy)) for dx, dy in
                 ((1, 0), (0, 1), (-1, 0), (0, -2), (2, -1), (0, 0), (-3, 3), (7, 0), (0, -7), (-1, -1))]
        cases += [(full, (dx, dy)) for dx, dy in ((1, 0), (0, -1), (2, 3), (-6, 0), (0, 4), (-2, -1))]
        with forbid(ndimage, "shift", "scipy.ndimage.shift"):
            for image, (dx, dy) in cases:
                want = _reference_shift(image.copy(), dx, dy)
                got = answer(image, dx, dy)
                if _calls(shift_image, _SCIPY_SHIFT):
                    raise Wrong("this exercise asks you to shift by hand, without calling scipy.ndimage.shift")
                expect(np.shape(got) == image.shape,
                       f"the {image.shape} image shifted by dx={dx}, dy={dy} has shape {np.shape(got)}")
                expect_close(got, want, f"the {image.shape} image shifted by dx={dx}, dy={dy}")

    return run_check(
        "06.1 shift an image",
        shift_image,
        test,
        hint=("start from an all-zero image of the same shape and copy into it the block of the input that stays "
              "inside the frame; dx moves columns (right when positive), dy moves rows (down when positive); "
              "careful with a shift of 0, and nothing may come back on the other side",
              "out[r + dy, c + dx] = image[r, c] wherever both are inside the image, 0 elsewhere"),
    )


def check_random_shifts(random_shifts) -> CheckResult:
    """``random_shifts(images, rng)`` → each image shifted by its own dx, dy in {-1, 0, 1}."""

    def test(answer):
        images = np.stack([_digit(seed) for seed in range(40)])
        reference = images.copy()
        out = np.asarray(answer(images, np.random.default_rng(11)), dtype=float)
        expect(out.shape == images.shape, f"the output has shape {out.shape}; expected {images.shape}")
        found = []
        for index, (image, shifted) in enumerate(zip(reference, out, strict=True)):
            matches = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                       if np.allclose(shifted, _reference_shift(image, dx, dy))]
            expect(matches, f"image {index} is not a shift of its input by at most one pixel (zeros filled in)")
            found.append(matches[0])
        expect(len(set(found)) >= 4,
               f"only {len(set(found))} different shifts among 40 images: draw dx and dy for each image")
        expect(len({dx for dx, _ in found}) == 3 and len({dy for _, dy in found}) == 3,
               "dx and dy should each take the values -1, 0 and 1")
        # Many images, each with one bright pixel in the middle: where it lands says the shift exactly.
        dots = np.zeros((900, 8, 8))
        dots[:, 4, 3] = 1.0
        moved = np.asarray(answer(dots, np.random.default_rng(12)), dtype=float)
        expect(moved.shape == dots.shape, f"the output has shape {moved.shape}; expected {dots.shape}")
        expect(np.all(moved.reshape(len(dots), -1).sum(axis=1) > 0.5),
               "some images lost their content: shift each image by at most one pixel")
        rows, cols = np.unravel_index(moved.reshape(len(dots), -1).argmax(axis=1), (8, 8))
        dx, dy = cols - 3, rows - 4
        for name, values in (("dx", dx), ("dy", dy)):
            shares = [float(np.mean(values == v)) for v in (-1, 0, 1)]
            expect(all(abs(share - 1 / 3) < 0.07 for share in shares),
                   f"over 900 images {name} was -1, 0, 1 in {shares[0]:.0%}, {shares[1]:.0%}, {shares[2]:.0%} "
                   "of them; each should be about a third")
        joint = [float(np.mean((dx == a) & (dy == b))) for a in (-1, 0, 1) for b in (-1, 0, 1)]
        expect(all(abs(share - 1 / 9) < 0.05 for share in joint),
               "dx and dy are not independent (some of the nine combinations are too rare or too common): "
               "draw them separately")
        expect_uses_rng(lambda rng: answer(images, rng), "shifted images")
        expect(np.asarray(answer(images[:1], np.random.default_rng(3))).shape == (1, 8, 8),
               "a batch of one image must give a batch of one image, shape (1, 8, 8)")

    return run_check(
        "06.2 random shifts for a batch",
        random_shifts,
        test,
        hint=("one image at a time: draw its own horizontal and its own vertical shift from the generator you are "
              "given, each one of -1, 0, 1 with equal chance, shift it, and collect the results in a new array",
              "for each image i: dx_i, dy_i independent, uniform on {−1, 0, 1}; out_i = image_i shifted by "
              "(dx_i, dy_i); note the upper end of an integer draw is excluded"),
    )
