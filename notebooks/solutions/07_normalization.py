"""Reference solutions for notebook 07. Load into a cell with:  %load solutions/07_normalization.py

Generated from lessons/07_normalization.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def standardize_with_train_stats(x_train, x_other):
    mean, sd = x_train.mean(axis=0), x_train.std(axis=0)
    return (x_train - mean) / sd, (x_other - mean) / sd


def batch_norm_forward(z, gamma, beta, eps=1e-3):
    mean, var = z.mean(axis=0), z.var(axis=0)  # the batch's statistics, per feature
    return gamma * (z - mean) / np.sqrt(var + eps) + beta
