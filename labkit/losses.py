"""Losses: what the workbook's models minimise, where Keras's own do not take labkit's integer labels."""
from __future__ import annotations

import keras
from keras import ops

from labkit._validate import check_int, check_number

__all__ = ["SmoothedCrossentropy"]


@keras.saving.register_keras_serializable(package="labkit")
class SmoothedCrossentropy(keras.losses.Loss):
    """Cross-entropy against smoothed targets, for integer labels: ``1 − ε + ε/K`` on the label, ``ε/K`` elsewhere.

    What ``keras.losses.CategoricalCrossentropy(label_smoothing=ε)`` computes on one-hot labels (Keras's
    sparse loss has no smoothing); labkit's models take integer labels, so this one-hot encodes them first.
    Label smoothing (Szegedy et al., 2016) keeps the network from driving its outputs towards 0 and 1.

    Parameters
    ----------
    n_classes : int >= 2
        K, the number of classes (the width of the softmax output).
    label_smoothing : float in [0, 1)
        ε; 0 is the plain cross-entropy.
    """

    def __init__(self, n_classes: int, label_smoothing: float, name: str = "smoothed_crossentropy", **kwargs) -> None:
        check_int(n_classes, "n_classes", "SmoothedCrossentropy", low=2, high=10**5)
        check_number(label_smoothing, "label_smoothing", "SmoothedCrossentropy", low=0.0, high=1.0, high_open=True)
        super().__init__(name=name, **kwargs)
        self.n_classes, self.label_smoothing = int(n_classes), float(label_smoothing)

    def call(self, y_true, y_pred):  # noqa: ANN001, ANN201
        labels = ops.cast(ops.reshape(y_true, (-1,)), "int32")
        return keras.losses.categorical_crossentropy(ops.one_hot(labels, self.n_classes), y_pred,
                                                     label_smoothing=self.label_smoothing)

    def get_config(self) -> dict:
        return {**super().get_config(), "n_classes": self.n_classes, "label_smoothing": self.label_smoothing}
