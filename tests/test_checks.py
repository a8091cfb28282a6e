import pytest

from labkit.checks import CheckResult, expect, run_check


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
