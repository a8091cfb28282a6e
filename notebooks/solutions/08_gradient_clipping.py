"""Reference solutions for notebook 08. Load into a cell with:  %load solutions/08_gradient_clipping.py

Generated from lessons/08_gradient_clipping.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
import numpy as np


def clip_by_norm(grads, c):
    clipped = []
    for g in grads:
        norm = np.linalg.norm(g)
        clipped.append(g * (c / norm) if norm > c else g.copy())
    return clipped


def clip_by_global_norm(grads, c):
    global_norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    factor = c / global_norm if global_norm > c else 1.0
    return [g * factor for g in grads]
