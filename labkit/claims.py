"""Claim checks: a popular claim, measured over several seeds, judged from an interval, asserted.

Every claim lives in one registry, ``labkit/claims.toml``: its words, its source, its notebook, and —
declared before anything was measured — the comparison, the metric, the smallest effect that
matters and why, the scope (data set, model size, training budget) and the verdict the notebook
defends. The git history of that file is the record of why any of it ever changed.

A notebook supplies only the experiment: ``measure(seed) -> {"name": number, ...}`` for one seed.
:func:`check_claim` runs it for every seed of ``LABKIT_SEEDS``, takes the declared effect per
seed (``a - b`` for a paired comparison of two arms, or one measurement), and computes its mean and
a 95 % t-interval over the seeds (:func:`interval`, scipy's Student t). The verdict follows from the
interval (:func:`decide`):

- kind ``"effect"`` (the claim says *a* beats *b*, or a quantity is large):
  **holds** when the interval lies above zero and the mean reaches the smallest effect that
  matters; **wrong** when the whole interval lies below the smallest effect that matters (the
  effect is absent, too small to matter, or reversed); **not shown here** otherwise;
- kind ``"no worse"`` (the claim says *a* is at least as good as *b*): **holds** when the
  interval's lower end is above minus the smallest effect; **wrong** when its upper end is below it;
- kind ``"equivalent"`` (the claim says *a* behaves like *b*): **holds** when the interval lies
  within plus or minus the smallest effect; **wrong** when it lies wholly outside.

A claim may declare a second measurement, its *caveat*; when the claim holds and the caveat's own
test holds too, the verdict is **holds with a caveat**. The printed table shows every seed's values,
their mean and spread, and the effect's interval; :func:`check_claim` raises :class:`ClaimMismatch`
when the verdict is not the registry's, so CI fails the day a lesson stops being true.

Seeds are the unit of replication: a seed decides everything random in an experiment (the rows in
training and validation, the initial weights, the batch order, dropout masks, augmentation), so
the interval covers all of it — but not other data sets, sizes or budgets: that is the scope.
"""
from __future__ import annotations

import json
import math
import os
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from IPython import get_ipython
from IPython.display import display
from scipy import stats

from labkit._validate import (
    LabkitValueError,
    check_array,
    check_callable,
    check_choice,
    check_number,
    check_seeds,
    fail,
)
from labkit.runtime import seeds as default_seeds

__all__ = [
    "KINDS",
    "MIME_TYPE",
    "REGISTRY",
    "UNITS",
    "VERDICTS",
    "Claim",
    "ClaimMismatch",
    "ClaimResult",
    "Criterion",
    "check_claim",
    "decide",
    "interval",
    "registry",
    "verdict_table",
]

VERDICTS = ("holds", "holds with a caveat", "not shown here", "wrong")
KINDS = ("effect", "no worse", "equivalent")
UNITS: dict[str, float] = {"points": 100.0, "decades": 1.0, "nats": 1.0, "ratio": 1.0, "degrees": 1.0}
"""Display units and the factor from a measurement to the unit: accuracies and shares are measured
as fractions and shown (and thresholded) in percentage points."""
REGISTRY = Path(__file__).with_name("claims.toml")
MIME_TYPE = "application/vnd.labkit.claim+json"
"""The output type under which a notebook records a claim's result, for the benchmark to collect."""
CONFIDENCE = 0.95


class ClaimMismatch(AssertionError):
    """The measured verdict is not the one the registry (and the notebook's text) defends."""


@dataclass(frozen=True)
class Criterion:
    """How a claim's measurements are judged.

    Attributes
    ----------
    effect : tuple of str
        One measurement name, or two: the per-seed effect is then ``first - second``.
    kind : {"effect", "no worse", "equivalent"}
    smallest_effect : float
        The smallest effect that matters, in ``unit``.
    unit : str
        One of :data:`UNITS`.
    """

    effect: tuple[str, ...]
    kind: str
    smallest_effect: float
    unit: str

    @property
    def label(self) -> str:
        return " − ".join(self.effect)

    def values(self, rows: Mapping[str, np.ndarray]) -> np.ndarray:
        """The effect per seed, in the unit."""
        first = rows[self.effect[0]]
        raw = first - rows[self.effect[1]] if len(self.effect) == 2 else first
        return raw * UNITS[self.unit]


@dataclass(frozen=True)
class Claim:
    """One entry of the registry (``labkit/claims.toml``)."""

    id: str
    notebook: str
    source: str
    text: str
    comparison: str
    metric: str
    why: str
    scope: str
    expected: str
    test: Criterion
    caveat: Criterion | None = None
    caveat_text: str = ""

    @property
    def title(self) -> str:
        return f"{self.source}: {self.text}" if self.source else self.text


def _test(entry: Mapping, where: str) -> Criterion:
    effect = entry.get("effect")
    if isinstance(effect, str):
        effect = [effect]
    if not (isinstance(effect, list) and len(effect) in (1, 2) and all(isinstance(e, str) and e for e in effect)):
        raise LabkitValueError(
            f"{where}: 'effect' must be a measurement name or a list of two. Got {effect!r} instead."
        )
    kind, unit, smallest = entry.get("kind", "effect"), entry.get("unit"), entry.get("smallest_effect")
    if kind not in KINDS:
        raise LabkitValueError(f"{where}: 'kind' must be one of {KINDS}. Got {kind!r} instead.")
    if unit not in UNITS:
        raise LabkitValueError(f"{where}: 'unit' must be one of {tuple(UNITS)}. Got {unit!r} instead.")
    if isinstance(smallest, bool) or not isinstance(smallest, (int, float)) or not smallest > 0:
        raise LabkitValueError(f"{where}: 'smallest_effect' must be a positive number. Got {smallest!r} instead.")
    return Criterion(effect=tuple(effect), kind=kind, smallest_effect=float(smallest), unit=unit)


_TEXT_FIELDS = ("notebook", "source", "text", "comparison", "metric", "why", "scope", "expected")


def _claim(entry: Mapping) -> Claim:
    where = f"claim {entry.get('id', '?')!r} in {REGISTRY.name}"
    if not isinstance(entry.get("id"), str) or not entry["id"]:
        raise LabkitValueError(f"{where}: every claim needs an 'id'.")
    for name in _TEXT_FIELDS:
        if not isinstance(entry.get(name), str) or (name != "source" and not entry[name].strip()):
            raise LabkitValueError(f"{where}: '{name}' must be a non-empty string. Got {entry.get(name)!r} instead.")
    if entry["expected"] not in VERDICTS:
        raise LabkitValueError(f"{where}: 'expected' must be one of {VERDICTS}. Got {entry['expected']!r} instead.")
    caveat = entry.get("caveat")
    caveat_test = None if caveat is None else _test(caveat, where + " (caveat)")
    caveat_text = "" if caveat is None else str(caveat.get("text", ""))
    if caveat is not None and not caveat_text.strip():
        raise LabkitValueError(f"{where}: a caveat needs a 'text'.")
    if entry["expected"] == "holds with a caveat" and caveat is None:
        raise LabkitValueError(f"{where}: 'holds with a caveat' needs a declared [claim.caveat].")
    return Claim(
        id=entry["id"],
        **{name: entry[name].strip() for name in _TEXT_FIELDS},
        test=_test(entry, where),
        caveat=caveat_test,
        caveat_text=caveat_text.strip(),
    )


def registry(path: str | Path = REGISTRY) -> dict[str, Claim]:
    """Every claim of the registry, keyed by id, in the file's order.

    Raises
    ------
    ValueError
        If an entry is malformed (the message names the claim and the field).
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        fail("path", "registry", "the path of a claims TOML file", path, kind=TypeError)
    if not Path(path).is_file():
        fail("path", "registry", "the path of an existing claims TOML file", path)
    try:
        with open(path, "rb") as handle:
            entries = tomllib.load(handle).get("claim", [])
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        fail("path", "registry", f"a TOML file ({' '.join(str(error).split())})", path)
    claims: dict[str, Claim] = {}
    for entry in entries:
        item = _claim(entry)
        if item.id in claims:
            raise LabkitValueError(f"claim {item.id!r} appears twice in {Path(path).name}.")
        claims[item.id] = item
    return claims


def interval(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Mean and two-sided t-interval of the mean: ``(mean, low, high)``.

    ``mean ± t(1 − (1 − confidence)/2, n − 1) · sd / √n`` with the sample standard deviation —
    the interval ``scipy.stats.t.interval`` gives (``tests/test_claims.py`` compares them).
    With a standard deviation of zero the interval is the mean itself.

    Parameters
    ----------
    values : sequence of float
        At least two finite numbers (one per seed).
    confidence : float in (0, 1), default 0.95

    Returns
    -------
    (mean, low, high) : tuple of float
    """
    data = check_array(values, "values", "interval", ndim=1, dtype=np.float64)
    if len(data) < 2:
        fail("values", "interval", "at least two numbers (one per seed)", values)
    check_number(confidence, "confidence", "interval", low=0.0, high=1.0, low_open=True, high_open=True)
    mean = float(data.mean())
    half = float(stats.t.ppf(0.5 + confidence / 2, len(data) - 1) * data.std(ddof=1) / math.sqrt(len(data)))
    return mean, mean - half, mean + half


def decide(kind: str, mean: float, low: float, high: float, smallest: float) -> str:
    """The verdict from an interval: "holds", "wrong" or "not shown here" (see the module's text).

    Parameters
    ----------
    kind : {"effect", "no worse", "equivalent"}
    mean, low, high : float
        The effect's mean and interval (:func:`interval`), in the claim's unit.
    smallest : float
        The smallest effect that matters, in the same unit (positive).

    Returns
    -------
    str
        Never "holds with a caveat": :func:`check_claim` adds the caveat.
    """
    check_choice(kind, "kind", "decide", KINDS)
    for name, value in (("mean", mean), ("low", low), ("high", high)):
        check_number(value, name, "decide")
    check_number(smallest, "smallest", "decide", low=0.0)
    if kind == "effect":
        if low > 0 and mean >= smallest:
            return "holds"
        return "wrong" if high < smallest else "not shown here"
    if kind == "no worse":
        if low > -smallest:
            return "holds"
        return "wrong" if high < -smallest else "not shown here"
    if kind == "equivalent":
        if -smallest < low and high < smallest:
            return "holds"
        return "wrong" if (low > smallest or high < -smallest) else "not shown here"
    fail("kind", "decide", f"one of {KINDS}", kind)
    raise AssertionError  # unreachable


def _amount(value: float, unit: str) -> str:
    """``2 points``, ``1 point``, ``0.5 decades``."""
    return f"{value:g} {unit[:-1] if value == 1 and unit.endswith('s') else unit}"


def _why(kind: str, verdict: str, smallest: float, unit: str) -> str:
    d = _amount(smallest, unit)
    return {
        ("effect", "holds"): f"the interval lies above zero and the mean reaches the smallest effect that matters "
                             f"({d})",
        ("effect", "wrong"): f"the whole interval lies below the smallest effect that matters ({d}): absent, "
                             "too small, or reversed here",
        ("effect", "not shown here"): f"the interval does not decide it against the smallest effect that matters ({d})",
        ("no worse", "holds"): f"the interval's lower end is above −{d}: at most {d} worse",
        ("no worse", "wrong"): f"the whole interval lies below −{d}: worse by more than {d}",
        ("no worse", "not shown here"): f"the interval reaches below −{d} but not wholly",
        ("equivalent", "holds"): f"the interval lies within ±{d}",
        ("equivalent", "wrong"): f"the whole interval lies outside ±{d}: they differ by more than {d}",
        ("equivalent", "not shown here"): f"the interval reaches outside ±{d} but not wholly",
    }[kind, verdict]


@dataclass(frozen=True)
class Judged:
    """One test applied to the measurements: the effect per seed, its interval, its verdict."""

    test: Criterion
    values: np.ndarray
    mean: float
    low: float
    high: float
    verdict: str

    def summary(self) -> str:
        unit = self.test.unit
        return f"{self.mean:+.3g} {unit}, 95 % interval {self.low:+.3g} to {self.high:+.3g} {unit}"

    def as_dict(self) -> dict:
        return {"effect": list(self.test.effect), "values": [float(v) for v in self.values], "mean": self.mean,
                "low": self.low, "high": self.high, "unit": self.test.unit, "verdict": self.verdict}


def _judge(test: Criterion, rows: Mapping[str, np.ndarray], claim_id: str) -> Judged:
    missing = [name for name in test.effect if name not in rows]
    if missing:
        fail("measure", "check_claim",
             f"a function whose results include {missing} (the registry's effect for {claim_id!r})",
             f"names {tuple(rows)}")
    values = test.values(rows)
    if not np.all(np.isfinite(values)):
        bad = [i for i, v in enumerate(values) if not np.isfinite(v)]
        fail("measure", "check_claim", f"a function whose effect {test.label!r} is a finite number for every seed",
             f"non-finite values at seeds number {bad}")
    mean, low, high = interval(values)
    return Judged(test, values, mean, low, high, decide(test.kind, mean, low, high, test.smallest_effect))


@dataclass(frozen=True)
class ClaimResult:
    """What :func:`check_claim` measured and decided."""

    claim: Claim
    seeds: tuple[int, ...]
    rows: dict[str, np.ndarray]
    primary: Judged
    caveat: Judged | None
    verdict: str
    seconds: float = field(default=0.0)

    @property
    def passed(self) -> bool:
        return self.verdict == self.claim.expected

    def table(self) -> str:
        """One row per seed (every measurement and the effect), then mean and standard deviation.

        Measurements the effect (or the caveat) is made of are shown in its unit (accuracies in
        points, that is ×100), so a row's arms and its effect read on one scale; the other columns are
        shown as measured (an accuracy there is a fraction) and say so under their names.
        """
        scale = {}
        for test in filter(None, (self.claim.test, self.claim.caveat)):
            for name in test.effect:
                scale.setdefault(name, (UNITS[test.unit], test.unit))
        columns = {name: (values * scale.get(name, (1.0, ""))[0], scale.get(name, (1.0, "as measured"))[1])
                   for name, values in self.rows.items()}
        columns["effect"] = (self.primary.values, self.claim.test.unit)
        if self.caveat is not None:
            columns["caveat"] = (self.caveat.values, self.claim.caveat.unit)
        widths = [max(8, len(name), len(unit)) + 2 for name, (_, unit) in columns.items()]
        lines = ["seed".rjust(6) + "".join(name.rjust(w) for name, w in zip(columns, widths, strict=True)),
                 "".rjust(6) + "".join(unit.rjust(w) for (_, unit), w in zip(columns.values(), widths, strict=True))]
        for index, seed in enumerate(self.seeds):
            lines.append(str(seed).rjust(6) + "".join(_fmt(values[index]).rjust(w)
                                                      for (values, _), w in zip(columns.values(), widths, strict=True)))
        with np.errstate(invalid="ignore", over="ignore"):
            lines.append("mean".rjust(6) + "".join(_fmt(float(np.mean(v))).rjust(w)
                                                   for (v, _), w in zip(columns.values(), widths, strict=True)))
            lines.append("sd".rjust(6) + "".join(_fmt(float(np.std(v, ddof=1))).rjust(w)
                                                 for (v, _), w in zip(columns.values(), widths, strict=True)))
        return "\n".join(lines)

    def report(self) -> str:
        claim = self.claim
        test = claim.test
        lines = [
            f"Claim: {claim.title}",
            f"Comparison: {claim.comparison}",
            f"Metric: {claim.metric}. Smallest effect that matters: "
            f"{_amount(test.smallest_effect, test.unit)} — {claim.why}",
            f"Scope: {claim.scope}",
            self.table(),
            f"Effect ({test.label}): {self.primary.summary()} over {len(self.seeds)} seeds → {self.primary.verdict}: "
            + _why(test.kind, self.primary.verdict, test.smallest_effect, test.unit),
        ]
        if self.caveat is not None:
            lines.append(f"Caveat ({claim.caveat.label}): {self.caveat.summary()} → "
                         f"{'applies' if self.caveat.verdict == 'holds' else 'not shown'}: {claim.caveat_text}")
        lines.append(f"Verdict: {self.verdict}")
        if self.passed:
            lines.append(f"✓ as the notebook says ({len(self.seeds)} seeds: {', '.join(map(str, self.seeds))}; "
                         f"{self.seconds:.1f} s)")
        else:
            lines.append(f"✗ the notebook says '{claim.expected}'")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """A JSON-ready record: what the benchmark stores and the README's table shows.

        A measurement that is not finite (a run that blew up: ``nan``) is stored as ``None`` (JSON's
        ``null``): JSON has no ``nan``, and Jupyter refuses to send one to the notebook."""
        return {"id": self.claim.id, "seeds": list(self.seeds), "verdict": self.verdict,
                "expected": self.claim.expected,
                "primary": self.primary.as_dict(), "caveat": None if self.caveat is None else self.caveat.as_dict(),
                "measurements": {name: [float(v) if np.isfinite(v) else None for v in values]
                                 for name, values in self.rows.items()}}

    def __repr__(self) -> str:
        return f"ClaimResult({self.claim.id!r}: {self.verdict})"


def _fmt(value: float) -> str:
    if not np.isfinite(value):
        return str(value)
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4g}"
    return f"{value:.2e}"


def _show(result: ClaimResult) -> None:
    """Print the report; in a notebook, also record the result (as an output type the benchmark collects)."""
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        print(result.report())
        return
    display({"text/plain": result.report(), MIME_TYPE: json.loads(json.dumps(result.as_dict()))}, raw=True)


def check_claim(claim_id: str | Claim, measure: Callable[[int], Mapping[str, float]], *,
                seeds: Sequence[int] | None = None) -> ClaimResult:
    """Measure a registered claim for every seed, print the table and the verdict, and assert it.

    Parameters
    ----------
    claim_id : str or Claim
        The claim's id in the registry (``labkit/claims.toml``), which holds its text, the effect
        to judge, the smallest effect that matters, the scope and the expected verdict (or a
        :class:`Claim` itself, as the tests build them).
    measure : callable
        ``measure(seed)`` returns a mapping of measurement names to numbers, the same names for
        every seed, including those the registry's effect names. (When all seeds were trained
        at once, compute a dict first and pass ``results.__getitem__``.)
    seeds : sequence of int, optional
        Default: :func:`labkit.runtime.seeds` (the ``LABKIT_SEEDS`` setting). At least two.

    Returns
    -------
    ClaimResult

    Raises
    ------
    ClaimMismatch
        If the verdict is not the registry's ``expected``.
    TypeError, ValueError
        On a bad argument, or when ``measure`` returns something malformed.

    Examples
    --------
    >>> check_claim("dropout-gap", lambda seed: {"gap, none": ..., "gap, dropout": ...})  # doctest: +SKIP
    """
    func = "check_claim"
    if isinstance(claim_id, Claim):
        claim = claim_id
    else:
        claims = registry()
        if not isinstance(claim_id, str) or claim_id not in claims:
            fail("claim_id", func, f"the id of a claim in {REGISTRY.name}", claim_id)
        claim = claims[claim_id]
    check_callable(measure, "measure", func, "a function of a seed returning {name: number}", 0)
    chosen = default_seeds() if seeds is None else check_seeds(seeds, "seeds", func)
    if len(chosen) < 2:
        fail("seeds", func, "at least two seeds (an interval needs a spread; the default is five)", chosen)
    start = time.perf_counter()
    table: dict[int, dict[str, float]] = {}
    names = None
    for seed in chosen:
        row = measure(seed)
        if not isinstance(row, Mapping) or not row:
            fail("measure", func, "a function returning a non-empty mapping of names to numbers", row, kind=TypeError)
        try:
            row = {str(k): float(v) for k, v in row.items()}
        except (TypeError, ValueError):
            fail("measure", func, "a function returning numbers", row, kind=TypeError)
        if names is None:
            names = tuple(row)
        elif tuple(row) != names:
            fail("measure", func, f"a function returning the same names for every seed {names}", tuple(row))
        table[seed] = row
    rows = {name: np.array([table[seed][name] for seed in chosen]) for name in names}
    primary = _judge(claim.test, rows, claim.id)
    caveat = None if claim.caveat is None else _judge(claim.caveat, rows, claim.id)
    verdict = primary.verdict
    if verdict == "holds" and caveat is not None and caveat.verdict == "holds":
        verdict = "holds with a caveat"
    result = ClaimResult(claim=claim, seeds=tuple(chosen), rows=rows, primary=primary, caveat=caveat, verdict=verdict,
                         seconds=time.perf_counter() - start)
    _show(result)
    if not result.passed:
        raise ClaimMismatch(
            f"Claim {claim.id!r}: the registry says '{claim.expected}', measured '{verdict}' "
            f"({primary.summary()}). Seeds: {', '.join(map(str, chosen))}."
        )
    return result


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def verdict_table(results: Mapping[str, Mapping], claims: Mapping[str, Claim] | None = None) -> str:
    """The README's table of every registered claim with its last measured figures (Markdown).

    Parameters
    ----------
    results : mapping of str to dict
        Claim ids to :meth:`ClaimResult.as_dict` records (the ``"claims"`` entry of
        ``tools/claims-results.json``). A
        claim without a record is listed as "not measured yet" with its expected verdict.
    claims : mapping of str to Claim, optional
        Default: :func:`registry`. The table has one row per claim, in this order.

    Returns
    -------
    str
        A Markdown table.
    """
    if not isinstance(results, Mapping):
        fail("results", "verdict_table", "a mapping of claim id to result record", results,
             kind=TypeError)
    if claims is not None and (not isinstance(claims, Mapping)
                               or not all(isinstance(c, Claim) for c in claims.values())):
        fail("claims", "verdict_table", "a mapping of claim id to Claim (labkit.claims.registry()), or None", claims,
             kind=TypeError)
    claims = registry() if claims is None else claims
    rows = ["| claim | notebook | scope | measured (95 % interval over seeds) | smallest effect | verdict |",
            "|---|---|---|---|---|---|"]
    for claim in claims.values():
        record = results.get(claim.id)
        if record is None:
            measured, verdict = "not measured yet", claim.expected
        else:
            p = record["primary"]
            measured = f"{claim.test.label}: {p['mean']:+.3g} ({p['low']:+.3g} to {p['high']:+.3g}) {p['unit']}"
            if (record.get("caveat") and record["caveat"]["verdict"] == "holds"
                    and record["verdict"] == "holds with a caveat"):
                measured += f"; caveat: {claim.caveat_text}"
            verdict = record["verdict"]
        sign = {"effect": "≥ ", "no worse": "no worse than −", "equivalent": "within ±"}[claim.test.kind]
        smallest = sign + _amount(claim.test.smallest_effect, claim.test.unit)
        rows.append(f"| {_cell(claim.title)} | {claim.notebook} | {_cell(claim.scope)} | {_cell(measured)} | "
                    f"{smallest} | **{verdict}** |")
    return "\n".join(rows)
