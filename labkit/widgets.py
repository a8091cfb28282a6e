"""Widgets: knobs over precomputed results. The expensive part is computed before; a knob only re-plots."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import ipywidgets as widgets

from labkit._validate import check_callable, fail

__all__ = ["knobs"]


def knobs(draw: Callable[..., None], *, defaults: Mapping[str, object] | None = None,
          **options: Sequence) -> widgets.VBox:
    """Show one selector per keyword and redraw ``draw(**values)`` when a selector moves.

    Parameters
    ----------
    draw : callable
        Draws on the current matplotlib figure from the selected values, e.g.
        ``draw(depth=10, activation="tanh")``. It should only plot precomputed numbers.
    defaults : mapping, optional
        The value each knob starts at (default: its first value; for a slider, the smallest).
        The default view is drawn at once, so a static render or a non-interactive run shows it too.
    **options : sequence
        Allowed values per knob. All numbers give a slider (sorted); anything else gives toggle
        buttons (in the given order).

    Returns
    -------
    ipywidgets.VBox
        The selectors above the drawing; end a cell with it to show it.

    Examples
    --------
    >>> knobs(lambda depth, activation: plot(results[activation][:depth]), defaults={"depth": 10},
    ...       depth=[2, 5, 10, 20], activation=["sigmoid", "tanh", "relu"])  # doctest: +SKIP
    """
    if not options:
        fail("options", "knobs", "at least one keyword with a list of values", options)
    check_callable(draw, "draw", "knobs", "a function that plots, taking the keywords " + ", ".join(options),
                   **{name: None for name in options})
    if defaults is not None and not isinstance(defaults, Mapping):
        fail("defaults", "knobs", "a mapping of keyword to starting value, or None", defaults, kind=TypeError)
    defaults = dict(defaults or {})
    unknown = set(defaults) - set(options)
    if unknown:
        fail("defaults", "knobs", f"a mapping whose keys are among {sorted(options)}", sorted(unknown))
    controls = {}
    for name, values in options.items():
        if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
            fail(name, "knobs", "a non-empty list of values", values, kind=TypeError)
        values = list(values)
        if not values:
            fail(name, "knobs", "a non-empty list of values", options[name])
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        if numeric:
            values = sorted(values)
        start = defaults.get(name, values[0])
        if start not in values:
            fail("defaults", "knobs", f"for '{name}', one of {values}", start)
        if numeric:
            controls[name] = widgets.SelectionSlider(options=values, value=start, description=name,
                                                     continuous_update=True)
        else:
            controls[name] = widgets.ToggleButtons(options=values, value=start, description=name)
    # ipywidgets redraws (and shows inline matplotlib figures) on every change, and draws the default view now.
    output = widgets.interactive_output(draw, controls)
    return widgets.VBox([*controls.values(), output])
