"""Reference solutions for notebook 05. Load into a cell with:  %load solutions/05_early_stopping.py

Generated from lessons/05_early_stopping.py by tools/build_notebooks.py: edit the lesson, not this file.
"""


def patience_stop(val_losses, patience):
    best, best_epoch, waited = val_losses[0], 1, 0
    for epoch in range(2, len(val_losses) + 1):
        waited += 1
        if val_losses[epoch - 1] < best:
            best, best_epoch, waited = val_losses[epoch - 1], epoch, 0
        elif waited >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch


def patience_stop_min_delta(val_losses, patience, min_delta):
    best, best_epoch, waited = val_losses[0], 1, 0
    for epoch in range(2, len(val_losses) + 1):
        waited += 1
        if val_losses[epoch - 1] < best - min_delta:
            best, best_epoch, waited = val_losses[epoch - 1], epoch, 0
        elif waited >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch
