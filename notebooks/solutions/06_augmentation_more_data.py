"""Reference solutions for notebook 06. Load into a cell with:  %load solutions/06_augmentation_more_data.py

Generated from lessons/06_augmentation_more_data.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def shift_image(image, dx, dy):
    height, width = image.shape
    out = np.zeros_like(image)
    # the block of the input that stays inside the frame, and where it lands
    src_rows = slice(max(0, -dy), min(height, height - dy))
    src_cols = slice(max(0, -dx), min(width, width - dx))
    dst_rows = slice(max(0, dy), min(height, height + dy))
    dst_cols = slice(max(0, dx), min(width, width + dx))
    out[dst_rows, dst_cols] = image[src_rows, src_cols]
    return out


def random_shifts(images, rng):
    out = np.empty_like(images)
    for index, image in enumerate(images):
        dx, dy = rng.integers(-1, 2), rng.integers(-1, 2)
        out[index] = shift_image(image, dx, dy)
    return out
