"""Reference solutions for notebook 11. Load into a cell with:  %load solutions/11_hyperparameter_tuning.py

Generated from lessons/11_hyperparameter_tuning.py by tools/build_notebooks.py: edit the lesson, not this file.
"""
from labkit.models import build_mlp


def build_model(hp):
    return build_mlp(
        64, 10,
        width=hp.Int("units", 32, 256, step=32),
        depth=hp.Int("layers", 1, 4),
        activation=hp.Choice("activation", ["relu", "elu", "tanh"]),
        dropout=hp.Float("dropout", 0.0, 0.5, step=0.1),
        learning_rate=hp.Float("learning_rate", 1e-4, 1e-2, sampling="log"),
        optimizer="adam",
    )


def pick_and_report(trials):
    best = max(trials, key=lambda t: t["val_accuracy"])  # max keeps the first among ties
    setting = {k: v for k, v in best.items() if k not in ("val_accuracy", "test_accuracy")}
    return setting, best["test_accuracy"]
