"""Reference solutions for notebook 04. Load into a cell with:  %load solutions/04_dropout.py

Generated from lessons/04_dropout.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def inverted_dropout(a, rate, rng):
    keep = rng.random(a.shape) >= rate  # each entry kept with probability 1 - rate
    return np.where(keep, a / (1 - rate), 0.0)


def classic_dropout_inference(a, rate):
    return a * (1 - rate)
