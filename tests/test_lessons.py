"""Every exercise is written once, in its lesson: the notebook's stub and the solutions file are built from it.

The lesson holds the reference solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
``tools/build_notebooks.py`` turns the block into ``...  # your code here`` in the notebook and copies the
solution into ``notebooks/solutions/NN_name.py``. (That the generated files are not stale is
``tests/test_repository.py``'s ``test_notebooks_and_solutions_match_their_sources``.)
"""
import ast
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_notebooks  # noqa: E402
from build_notebooks import BEGIN, END, STUB  # noqa: E402

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.py"))
EXERCISE_MODULES = sorted((ROOT / "labkit" / "exercises").glob("ex[0-9][0-9]_*.py"))


@pytest.fixture(scope="module")
def built():
    return build_notebooks.build()


def exercise_cells(lesson: Path) -> list[str]:
    """The lesson's code cells that hold a marked solution, as written in the lesson."""
    cells = build_notebooks.parse_cells(lesson.read_text(encoding="utf-8"))
    return [source for kind, source in cells if kind == "code" and build_notebooks.marker_lines(source, BEGIN)]


def signatures(functions) -> dict[str, str]:
    """name -> the function's arguments, defaults and annotations, as ast sees them."""
    return {node.name: ast.dump(node.args) for node in functions}


def checks_called(cell: str) -> dict[str, str]:
    """The cell's top-level ``check_xxx(name)`` calls: name -> check."""
    return {
        node.value.args[0].id: node.value.func.id
        for node in ast.parse(cell).body
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
        and node.value.func.id.startswith("check_") and node.value.args and isinstance(node.value.args[0], ast.Name)
    }


def exported_checks(module: Path) -> list[str]:
    """The ``check_*`` names in a labkit.exercises module's ``__all__``."""
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "__all__" for target in node.targets):
            return [name for name in ast.literal_eval(node.value) if name.startswith("check_")]
    return []


def test_every_lesson_has_exercises_and_a_solutions_file(built):
    assert len(LESSONS) == 13
    for lesson in LESSONS:
        assert len(exercise_cells(lesson)) >= 2, f"lessons/{lesson.name} has fewer than two marked exercises"
        assert ROOT / "notebooks" / "solutions" / lesson.name in built


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_each_stub_has_its_solutions_signature(lesson, built):
    notebook = json.loads(built[ROOT / "notebooks" / f"{lesson.stem}.ipynb"])
    stubs = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        assert BEGIN not in source and END not in source, "a marker reached the notebook"
        if cell["cell_type"] == "code" and STUB in source:
            lines = source.splitlines()
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef) and STUB in "\n".join(lines[node.lineno - 1 : node.end_lineno]):
                    assert [ast.unparse(line) for line in node.body] == ["..."], f"{node.name}'s stub is not `...`"
                    stubs.append(node)
    solutions = ast.parse(built[ROOT / "notebooks" / "solutions" / lesson.name]).body
    references = [node for node in solutions if isinstance(node, ast.FunctionDef)]
    assert stubs, f"notebooks/{lesson.stem}.ipynb has no stubs"
    assert signatures(stubs) == signatures(references)
    assert [node.name for node in stubs] == [node.name for node in references], "the same exercises, in the same order"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_each_marked_solution_is_checked_in_its_cell_by_its_notebooks_checks(lesson):
    module = next(path for path in EXERCISE_MODULES if path.name.startswith(f"ex{lesson.name[:2]}_"))
    own_checks = set(exported_checks(module))
    for cell in exercise_cells(lesson):
        defined = [
            node.name
            for statement in build_notebooks.marked_statements(cell)
            for node in ast.parse(statement).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))
        ]
        called = checks_called(build_notebooks.render(cell, solution=False))
        assert defined, f"a marked block in lessons/{lesson.name} defines no function or class: {cell[:80]!r}"
        for name in defined:
            assert name in called, f"lessons/{lesson.name}: {name} is not passed to a check_... call in its cell"
            assert called[name] in own_checks, f"{called[name]} is not exported by labkit/exercises/{module.name}"


def test_every_exported_check_is_used_by_an_exercise():
    exported = {name for module in EXERCISE_MODULES for name in exported_checks(module)}
    used = {check for lesson in LESSONS for cell in exercise_cells(lesson) for check in checks_called(cell).values()}
    assert len(exported) >= 26
    assert not exported - used, f"checks that no exercise uses: {sorted(exported - used)}"
    assert not used - exported, f"exercises call checks labkit.exercises does not export: {sorted(used - exported)}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_each_lesson_shows_plain_keras_and_asks_for_a_prediction_first(lesson):
    """Skills that carry over: once per notebook a plain-Keras code block (what a labkit call stands for), and a
    predict-then-measure exercise whose prediction cell comes before the cell that shows the measurement."""
    cells = build_notebooks.parse_cells(lesson.read_text(encoding="utf-8"))
    markdown = "\n".join(source for kind, source in cells if kind == "markdown")
    blocks = [block for block in markdown.split("```python")[1:] if "keras." in block.split("```")[0]]
    code = [source for kind, source in cells if kind == "code"]
    built_in_keras = [source for source in code if "keras.Sequential(" in source or "keras.Model(" in source]
    assert blocks or built_in_keras, (f"lessons/{lesson.name} shows no plain Keras: a ```python block with keras. in "
                                      "a markdown cell, or a code cell that builds a keras.Sequential or keras.Model")
    asks = [i for i, source in enumerate(code) if source.strip().startswith("my_prediction = None")]
    compares = [i for i, source in enumerate(code) if "compare_prediction(" in source and "my_prediction" in source]
    assert asks and compares, f"lessons/{lesson.name} has no predict-then-measure exercise"
    assert min(asks) < min(compares), f"lessons/{lesson.name}: the prediction must be asked before it is compared"
