import numpy as np
import pytest

from labkit._validate import LabkitInputError
from labkit.checks import CheckResult, expect, run_check
from labkit.claims import ClaimMismatch, check_claim


def _rule(m):
    return ("holds", "big") if np.all(m["effect"] > 1) else ("wrong", "small")


def test_claim_prints_table_and_returns_result(capsys, clean_seeds_env):
    result = check_claim("effects are big", lambda seed: {"effect": 2.0 + seed}, _rule, expected="holds")
    out = capsys.readouterr().out
    assert result.passed and result.measurements.seeds == (0, 1, 2)
    assert "Claim: effects are big" in out and "mean" in out and "sd" in out and "Verdict: holds" in out
    assert np.allclose(result.measurements["effect"], [2, 3, 4])


def test_claim_uses_labkit_seeds(clean_seeds_env):
    clean_seeds_env.setenv("LABKIT_SEEDS", "5,17,29")
    seen = []
    check_claim("c", lambda seed: seen.append(seed) or {"effect": 5.0}, _rule, expected="holds")
    assert seen == [5, 17, 29]


def test_claim_raises_when_verdict_differs(capsys, clean_seeds_env):
    with pytest.raises(ClaimMismatch, match="expected 'holds', measured 'wrong'"):
        check_claim("c", lambda seed: {"effect": 0.5}, _rule, expected="holds")
    assert "✗" in capsys.readouterr().out


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        (dict(claim=""), "claim"),
        (dict(measure=3), "measure"),
        (dict(rule="holds"), "rule"),
        (dict(expected="true"), "expected"),
        (dict(seeds=[]), "seeds"),
        (dict(seeds=[1, 1]), "seeds"),
        (dict(measure=lambda seed: 4.0), "measure"),
        (dict(measure=lambda seed: {"effect": "big"}), "measure"),
        (dict(rule=lambda m: "holds"), "rule"),
    ],
)
def test_claim_bad_arguments(kwargs, argument, clean_seeds_env):
    options = dict(claim="c", measure=lambda seed: {"effect": 2.0}, rule=_rule, expected="holds")
    options.update(kwargs)
    with pytest.raises(LabkitInputError) as error:
        check_claim(options.pop("claim"), options.pop("measure"), options.pop("rule"), **options)
    assert f"'{argument}'" in str(error.value)


def test_claim_names_must_match_across_seeds(clean_seeds_env):
    with pytest.raises(LabkitInputError, match="same names"):
        check_claim("c", lambda seed: {f"e{seed}": 2.0}, _rule, expected="holds")


def _square_test(answer):
    expect(answer(3) == 9, f"answer(3) is {answer(3)}; expected 9")


@pytest.mark.parametrize(
    "answer, status",
    [
        (lambda x: x * x, "pass"),
        (lambda x: None, "not yet"),
        (lambda x: ..., "not yet"),
        (lambda x: (_ for _ in ()).throw(NotImplementedError), "not yet"),
        (lambda x: 2 * x, "wrong"),
        (lambda x: 1 / 0, "wrong"),
        ("not a function", "wrong"),
    ],
)
def test_check_statuses_never_raise(answer, status):
    result = run_check("square", answer, _square_test, hint="multiply")
    assert isinstance(result, CheckResult) and result.status == status
    text = repr(result)
    assert "\n" not in text and text.split()[0] in {"✓", "✗", "…"}
    if status == "wrong":
        assert "Hint: multiply" in text


def test_wrong_answer_says_what_differs():
    result = run_check("square", lambda x: 2 * x, _square_test, hint="h")
    assert "answer(3) is 6; expected 9" in result.message
    crashed = run_check("square", lambda x: [][1], _square_test, hint="h")
    assert "IndexError" in crashed.message
