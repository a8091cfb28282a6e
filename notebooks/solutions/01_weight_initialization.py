"""Reference solutions for notebook 01. Load into a cell with:  %load solutions/01_weight_initialization.py

Generated from lessons/01_weight_initialization.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def he_normal(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def glorot_uniform(fan_in, fan_out, rng):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out))
