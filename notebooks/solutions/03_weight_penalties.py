"""Reference solutions for notebook 03. Load into a cell with:  %load solutions/03_weight_penalties.py

Generated from lessons/03_weight_penalties.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def decay_step(w, grad, learning_rate, decay):
    return w * (1 - learning_rate * decay) - learning_rate * grad


def l1_step(w, grad, learning_rate, l1):
    return w - learning_rate * (grad + l1 * np.sign(w))
