"""labkit.claims: the interval, the three outcomes of each kind of test, caveats, the registry."""
import json
import tomllib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from labkit._validate import LabkitInputError
from labkit.claims import (
    REGISTRY,
    Claim,
    ClaimMismatch,
    Criterion,
    check_claim,
    decide,
    interval,
    registry,
    verdict_table,
)

SEEDS = (0, 1, 2, 3, 4)


def make_claim(kind="effect", smallest=2.0, expected="holds", caveat=None, caveat_text=""):
    return Claim(
        id="test-claim", notebook="00", source="[T]", text="a beats b", comparison="a − b per seed", metric="accuracy",
        why="a test", scope="synthetic", expected=expected, test=Criterion(("a", "b"), kind, smallest, "points"),
        caveat=caveat, caveat_text=caveat_text,
    )


def paired(effect_points, noise_points, seed_offset=0):
    """A synthetic experiment: arm b ~ 0.80, arm a = b + effect + noise (points), per seed."""
    def measure(seed):
        rng = np.random.default_rng(1000 + seed + seed_offset)
        b = 0.80 + rng.normal(0, 0.02)
        return {"a": b + (effect_points + rng.normal(0, noise_points)) / 100, "b": b}
    return measure


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=12).filter(lambda v: np.std(v) > 1e-6))
def test_interval_is_scipys_t_interval(values):
    mean, low, high = interval(values)
    expected = stats.t.interval(0.95, len(values) - 1, loc=np.mean(values), scale=stats.sem(values))
    assert mean == pytest.approx(np.mean(values)) and (low, high) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_interval_of_constant_values_is_the_value_and_needs_two():
    assert interval([3.0, 3.0, 3.0]) == (3.0, 3.0, 3.0)
    for bad in ([1.0], [1.0, float("nan")]):
        with pytest.raises(LabkitInputError, match="'values' argument of interval"):
            interval(bad)


@pytest.mark.parametrize(
    "kind, mean, low, high, verdict",
    [
        ("effect", 3.0, 1.0, 5.0, "holds"),            # above zero, reaches 2
        ("effect", 1.5, 0.5, 2.5, "not shown here"),   # above zero, but the estimate is below 2
        ("effect", 0.5, -0.5, 1.5, "wrong"),           # the interval lies below 2: absent
        ("effect", -3.0, -4.0, -2.0, "wrong"),         # reversed
        ("effect", 2.5, -1.0, 6.0, "not shown here"),  # too noisy to decide
        ("no worse", -0.5, -2.5, 1.5, "not shown here"),
        ("no worse", 0.2, -1.0, 1.4, "holds"),
        ("no worse", -4.0, -5.0, -3.0, "wrong"),
        ("equivalent", 0.1, -1.0, 1.2, "holds"),
        ("equivalent", 3.0, 2.5, 3.5, "wrong"),
        ("equivalent", 1.0, -0.5, 2.5, "not shown here"),
    ],
)
def test_decide(kind, mean, low, high, verdict):
    assert decide(kind, mean, low, high, 2.0) == verdict


def test_a_known_effect_holds(capsys):
    result = check_claim(make_claim(), paired(effect_points=5.0, noise_points=1.0), seeds=SEEDS)
    assert result.verdict == "holds" and result.primary.low > 0 and result.primary.mean >= 2
    out = capsys.readouterr().out
    for text in ("Claim: [T]: a beats b", "Scope: synthetic", "95 % interval", "Verdict: holds", "✓"):
        assert text in out
    assert out.count("\n    ") >= len(SEEDS)  # one row per seed


def test_a_blown_up_side_measurement_is_stored_as_null_so_the_record_is_valid_json():
    def measure(seed):
        return {**paired(5.0, 1.0)(seed), "final loss, no clipping": float("nan")}
    record = check_claim(make_claim(), measure, seeds=SEEDS).as_dict()
    assert record["measurements"]["final loss, no clipping"] == [None] * len(SEEDS)
    json.dumps(record, allow_nan=False)  # Jupyter's messages refuse nan


def test_a_null_effect_is_wrong_when_measured_precisely_and_not_shown_when_noisy():
    precise = check_claim(make_claim(expected="wrong"), paired(0.0, 0.3), seeds=SEEDS)
    assert precise.verdict == "wrong" and precise.primary.high < 2
    noisy = check_claim(make_claim(expected="not shown here"), paired(0.0, 8.0), seeds=SEEDS)
    assert noisy.verdict == "not shown here"


def test_a_reversed_effect_is_wrong():
    result = check_claim(make_claim(expected="wrong"), paired(-5.0, 1.0), seeds=SEEDS)
    assert result.verdict == "wrong" and result.primary.high < 0


def test_a_caveat_is_added_only_when_its_own_test_holds():
    caveat = Criterion(("b",), "effect", 50.0, "points")  # b is about 80 points: the caveat applies
    claim = make_claim(caveat=caveat, caveat_text="b is large", expected="holds with a caveat")
    assert check_claim(claim, paired(5.0, 1.0), seeds=SEEDS).verdict == "holds with a caveat"
    small = make_claim(caveat=Criterion(("b",), "effect", 95.0, "points"), caveat_text="b is huge", expected="holds")
    assert check_claim(small, paired(5.0, 1.0), seeds=SEEDS).verdict == "holds"
    # a caveat never rescues a claim that does not hold
    wrong = make_claim(caveat=caveat, caveat_text="b", expected="wrong")
    assert check_claim(wrong, paired(-5.0, 1.0), seeds=SEEDS).verdict == "wrong"


def test_mismatch_raises_and_names_the_claim(capsys):
    with pytest.raises(ClaimMismatch, match="'test-claim': the registry says 'holds', measured 'wrong'"):
        check_claim(make_claim(), paired(-5.0, 1.0), seeds=SEEDS)
    assert "✗" in capsys.readouterr().out


def test_claims_use_labkit_seeds_and_default_to_five(clean_seeds_env):
    seen = []
    check_claim(make_claim(), lambda seed: seen.append(seed) or paired(5.0, 1.0)(seed))
    assert seen == [0, 1, 2, 3, 4]
    clean_seeds_env.setenv("LABKIT_SEEDS", "5,17,29")
    seen.clear()
    check_claim(make_claim(), lambda seed: seen.append(seed) or paired(5.0, 1.0)(seed))
    assert seen == [5, 17, 29]


@pytest.mark.parametrize(
    "options, argument",
    [
        (dict(claim_id="no-such-claim"), "claim_id"),
        (dict(measure=3), "measure"),
        (dict(seeds=[]), "seeds"),
        (dict(seeds=[4]), "seeds"),
        (dict(seeds=[1, 1]), "seeds"),
        (dict(measure=lambda seed: 4.0), "measure"),
        (dict(measure=lambda seed: {"a": "big", "b": 1.0}), "measure"),
        (dict(measure=lambda seed: {"a": 1.0}), "measure"),  # the effect's second arm is missing
        (dict(measure=lambda seed: {"a": float("inf"), "b": 1.0}), "measure"),
        (dict(measure=lambda seed: {f"a{seed}": 1.0, "b": 1.0}), "measure"),
    ],
)
def test_check_claim_bad_arguments_are_one_line(options, argument):
    arguments = dict(claim_id=make_claim(), measure=paired(5.0, 1.0), seeds=SEEDS)
    arguments.update(options)
    with pytest.raises(LabkitInputError) as error:
        check_claim(arguments.pop("claim_id"), arguments.pop("measure"), **arguments)
    assert f"'{argument}' argument of check_claim" in str(error.value) and "\n" not in str(error.value)


def test_registry_loads_and_every_entry_is_complete():
    claims = registry()
    assert claims, "the registry has claims"
    raw = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))["claim"]
    assert [entry["id"] for entry in raw] == list(claims)
    for claim in claims.values():
        assert claim.notebook.isdigit() and len(claim.notebook) == 2
        assert claim.test.smallest_effect > 0 and claim.scope and claim.why
        if claim.expected == "holds with a caveat":
            assert claim.caveat is not None


def test_registry_refuses_a_malformed_entry(tmp_path):
    good = {"id": "x", "notebook": "00", "source": "", "text": "t", "comparison": "c", "metric": "m", "why": "w",
            "scope": "s", "expected": "holds", "effect": ["a", "b"], "kind": "effect", "unit": "points",
            "smallest_effect": 1}
    for change, field in ((dict(kind="bigger"), "kind"), (dict(smallest_effect=0), "smallest_effect"),
                          (dict(unit="%"), "unit"), (dict(expected="true"), "expected"), (dict(scope=""), "scope"),
                          (dict(effect=["a", "b", "c"]), "effect"), (dict(expected="holds with a caveat"), "caveat")):
        path = tmp_path / "claims.toml"
        entry = {**good, **change}
        lines = ["[[claim]]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items()]
        path.write_text("\n".join(lines), encoding="utf-8")
        with pytest.raises(ValueError, match=field):
            registry(path)


def test_verdict_table_shows_every_claim_and_its_interval():
    claims = {"test-claim": make_claim()}
    record = {"primary": {"mean": 4.2, "low": 2.0, "high": 6.4, "unit": "points", "verdict": "holds"}, "caveat": None,
              "verdict": "holds"}
    table = verdict_table({"test-claim": record}, claims)
    assert "a beats b" in table and "+4.2 (+2 to +6.4) points" in table and "**holds**" in table
    assert "not measured yet" in verdict_table({}, claims)
