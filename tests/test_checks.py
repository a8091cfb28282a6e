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


def _stub(x):
    ...  # your code here


def _pass_stub(x):
    """Square x."""
    pass


def _forgot_return(x):
    x * x


def _returns_on_one_path(x):
    if x > 5:
        return x * x


@pytest.mark.parametrize("answer, status, words", [
    (_stub, "not yet", "not attempted"),
    (_pass_stub, "not yet", "not attempted"),
    (_forgot_return, "wrong", "forget `return`"),
    (_returns_on_one_path, "wrong", "forget `return`"),
    (lambda x: 0, "wrong", "expected 9"),  # a constant is an answer, not a stub
])
def test_an_untouched_stub_is_not_yet_but_a_function_that_returns_nothing_is_told_so(answer, status, words):
    result = run_check("square", answer, _square_test, hint="h")
    assert result.status == status and words in result.message


def test_an_answer_that_changes_its_input_in_place_is_told_so():
    import numpy as np

    def double_in_place(a):
        a *= 2
        return a

    def test(answer):
        a = np.ones(3)
        expect(np.array_equal(answer(a), 2 * np.ones(3)), "wrong values")

    result = run_check("double", double_in_place, test, hint="h")
    assert result.status == "wrong" and "changed its input `a` in place" in result.message
    assert run_check("double", double_in_place, test, hint="h", allow_mutation=True).status == "pass"


def test_rng_use_is_checked_three_ways():
    import numpy as np

    from labkit.checks import expect_uses_rng

    def outcome(draw):
        return run_check("mask", draw, lambda answer: expect_uses_rng(lambda rng: answer(rng), "the mask"), hint="h")

    assert outcome(lambda rng: rng.random(5)).status == "pass"
    assert "did not draw from the rng" in outcome(lambda rng: np.random.default_rng(0).random(5)).message
    assert "did not draw from the rng" in outcome(lambda rng: np.arange(5.0)).message  # a fixed cycle
    calls = iter(range(1000))
    ignores_state = outcome(lambda rng: (rng.random(), next(calls))[1] * np.ones(5))  # draws, then uses a counter
    assert "same rng seed gave a different" in ignores_state.message


def test_forbid_makes_calling_the_library_a_wrong_answer():
    import numpy as np

    from labkit.checks import forbid

    def test(answer):
        with forbid(np, "corrcoef"):
            expect(abs(answer() - 1.0) < 1e-9, "not 1")

    result = run_check("corr", lambda: np.corrcoef([1, 2, 3], [2, 4, 6])[0, 1], test, hint="h")
    assert result.status == "wrong" and "without calling numpy.corrcoef" in result.message
    assert np.corrcoef([1, 2], [2, 1])[0, 1] == pytest.approx(-1.0)  # restored afterwards


def test_hints_are_graded_the_idea_first_then_the_formula():
    from labkit import checks

    checks._MISSES.pop("graded", None)
    first = run_check("graded", lambda x: 2 * x, _square_test, hint=("the idea", "the formula"))
    second = run_check("graded", lambda x: 2 * x, _square_test, hint=("the idea", "the formula"))
    assert first.message.endswith("Hint: the idea") and "the formula" not in first.message
    assert second.message.endswith("Hint: the idea — the formula")
