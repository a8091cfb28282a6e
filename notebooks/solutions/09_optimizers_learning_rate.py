"""Reference solutions for notebook 09. Load into a cell with:  %load solutions/09_optimizers_learning_rate.py

Generated from lessons/09_optimizers_learning_rate.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def momentum_step(w, grad, velocity, learning_rate, momentum=0.9):
    velocity = momentum * velocity - learning_rate * grad
    return w + velocity, velocity


def adam_step(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat = m / (1 - beta_1**t)  # bias correction: m and v start at 0
    v_hat = v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v
