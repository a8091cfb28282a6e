"""Reference solutions for notebook 00. Load into a cell with:  %load solutions/00_start_here.py

Generated from lessons/00_start_here.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def split_three_ways(n_rows, seed):
    order = np.random.default_rng(seed).permutation(n_rows)  # shuffle the row numbers
    n_test = n_val = round(0.2 * n_rows)
    test = order[:n_test]
    val = order[n_test:n_test + n_val]
    train = order[n_test + n_val:]
    return train, val, test


def majority_baseline_accuracy(y_train, y_test):
    majority = np.bincount(y_train).argmax()  # decided on the training labels only
    return float(np.mean(y_test == majority))
