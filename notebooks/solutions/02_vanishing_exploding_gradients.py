"""Reference solutions for notebook 02. Load into a cell with:  %load solutions/02_vanishing_exploding_gradients.py

Generated from lessons/02_vanishing_exploding_gradients.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def sigmoid_derivative(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


def dead_fraction(activations):
    dead = np.all(activations == 0, axis=0)  # one flag per unit (column)
    return float(np.mean(dead))
