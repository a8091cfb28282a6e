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


def _scale_all(items):
    return [2 * g for g in items]


def _scale_in_place(items):
    for g in items:
        g *= 2
    return items


def _scale_replacing_items(items):
    for k, g in enumerate(items):
        items[k] = 2 * g
    return items


def _pop_then_return(trials):
    trials[0].pop("score")
    return trials[0]


@pytest.mark.parametrize(("answer", "status"), [
    (_scale_all, "pass"), (_scale_in_place, "wrong"), (_scale_replacing_items, "wrong"),
])
def test_containers_of_arrays_are_watched_too(answer, status):
    import numpy as np

    def test(answer):
        got = answer([np.ones(2), np.ones((2, 2))])
        expect(all(np.array_equal(g, 2 * np.ones_like(g)) for g in got), "wrong values")

    result = run_check("scale", answer, test, hint="h")
    assert result.status == status, result
    if status == "wrong":
        assert "changed its input `items` in place" in result.message


def test_a_list_of_dicts_is_watched():
    result = run_check("pick", _pop_then_return, lambda answer: answer([{"score": 1, "n": 2}]), hint="h")
    assert result.status == "wrong" and "changed its input `trials` in place" in result.message


def test_none_ok_lets_none_be_an_answer_but_not_a_stub():
    def never(curve):
        for value in curve:
            if value > 5:
                return 1
        return None

    result = run_check("reach", never, lambda answer: expect(answer([1]) is None, "x"), hint="h", none_ok=True)
    assert result.status == "pass"
    assert run_check("reach", _stub, lambda answer: answer([1]), hint="h", none_ok=True).status == "not yet"


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


@pytest.mark.parametrize(("prediction", "status", "words"), [
    (None, "not yet", "write your prediction"), (..., "not yet", "write your prediction"),
    ("10%", "wrong", "as a number"), (True, "wrong", "as a number"), (float("nan"), "wrong", "as a number"),
    (10, "wrong", "as a fraction"), (0.12, "pass", "close"), (0.5, "wrong", "too high by 39.0 %"),
    (0.0, "wrong", "too low"),
])
def test_a_prediction_is_shown_beside_the_measurement(prediction, status, words):
    from labkit.checks import compare_prediction

    result = compare_prediction("p", prediction, [0.1, 0.12, 0.11], what="accuracy", close=0.05)
    assert result.status == status and words in result.message, result
    assert "measured 11.0 %" in result.message or status == "wrong" and "as a number" in result.message
