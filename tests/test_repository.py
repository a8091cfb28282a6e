"""The repository keeps its promises: clean notebooks, generated files not stale, docs that match."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from labkit.data import DATASETS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def committed_text(path: Path) -> str:
    """The file as committed (HEAD), so a learner's own edits and outputs never fail these tests;
    the working tree when there is no git (a downloaded zip)."""
    done = subprocess.run(["git", "show", f"HEAD:{path.relative_to(ROOT).as_posix()}"], cwd=ROOT, capture_output=True,
                          text=True)
    return done.stdout if done.returncode == 0 else path.read_text(encoding="utf-8")


def test_there_are_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS][:3] == ["00", "01", "02"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path):
    notebook = json.loads(committed_text(path))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name} has outputs: clear them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_anatomy(path):
    notebook = json.loads(committed_text(path))
    text = "\n".join("".join(c["source"]) for c in notebook["cells"])
    code = [("".join(c["source"])) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code[0].startswith("import labkit"), "the set-up cell starts with `import labkit`"
    for heading in ("## Setup", "## Claim checks", "## Exercises", "## Takeaways", "**Promise:**"):
        assert heading in text, f"{path.name} lacks {heading}"
    assert text.count("check_claim(") >= 2 and len(re.findall(r"\ncheck_\w+\(\w+\)", text)) >= 2
    assert (ROOT / "notebooks" / "solutions" / f"{path.stem}.py").exists()
    assert not re.search(r"load_data\(|fetch_openml|urlretrieve|requests\.get|get_file\(", text), (
        "notebooks are offline"
    )


def test_notebooks_and_solutions_match_their_sources():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_notebooks

    # Fresh if the working copy (a maintainer who just rebuilt) or the committed one (a learner who
    # has since filled in exercises) equals what the sources build: notebooks/*.ipynb and solutions/*.py.
    built = build_notebooks.build()
    stale = [
        path.relative_to(ROOT).as_posix()
        for path, text in built.items()
        if text not in (committed_text(path), path.read_text(encoding="utf-8") if path.exists() else None)
    ]
    assert not stale, f"{stale} differ from lessons: edit the source, run python tools/build_notebooks.py"
    orphans = sorted(p.name for p in (ROOT / "notebooks" / "solutions").glob("*.py") if p not in built)
    assert not orphans, f"notebooks/solutions/{orphans} are built from no lesson: delete them"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    first_block = re.search(r"```(?:bash|sh)?\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip()
                for line in first_block.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[:2] == ["python3 tasks.py lab", "python3 tasks.py test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 tasks.py test" in ci.splitlines()[-1]


def test_benchmark_table_in_readme_is_current():
    sys.path.insert(0, str(ROOT / "tools"))
    import benchmark

    results = json.loads((ROOT / "tools" / "benchmark-results.json").read_text())
    assert {p.name for p in NOTEBOOKS} <= set(results["notebooks"]), "run `python tasks.py bench` for new notebooks"
    block = README.split(benchmark.START, 1)[1].split(benchmark.END, 1)[0].strip()
    assert block == benchmark.table(results).strip(), "README table is stale: run `python tasks.py bench`"


def test_data_catalogue_lists_every_loader():
    catalogue = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for name in DATASETS:
        assert f"`{name}`" in catalogue


def test_environment_yml_mirrors_the_lock():
    env = (ROOT / "environment.yml").read_text()
    assert "requirements.lock" in env and "python=3.11" in env


def test_recipe_links_to_notebooks_that_exist():
    recipe = (ROOT / "notebooks" / "RECIPE.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", recipe)
    assert len(links) >= 12
    for link in links:
        assert (ROOT / "notebooks" / link).exists(), link


SOURCES = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.py"))


def test_every_registered_claim_is_checked_once_by_its_own_notebook():
    from labkit.claims import registry

    claims = registry()
    called: dict[str, list[str]] = {}
    for source in SOURCES:
        for claim_id in re.findall(r'check_claim\(\s*"([^"]+)"', source.read_text(encoding="utf-8")):
            called.setdefault(claim_id, []).append(source.name[:2])
    unknown = sorted(set(called) - set(claims))
    assert not unknown, f"notebooks check claims that are not in labkit/claims.toml: {unknown}"
    for claim_id, claim in claims.items():
        assert called.get(claim_id) == [claim.notebook], (
            f"{claim_id!r} must be checked once, by notebook {claim.notebook}: {called.get(claim_id)}"
        )


def test_readme_verdict_table_is_the_registry_with_its_last_measured_figures():
    sys.path.insert(0, str(ROOT / "tools"))
    import benchmark

    from labkit.claims import registry

    results = json.loads((ROOT / "tools" / "claims-results.json").read_text(encoding="utf-8"))
    missing = sorted(set(registry()) - set(results["claims"]))
    assert not missing, f"claims never measured: {missing} — run `python tasks.py bench`"
    stale = {k: (v["verdict"], registry()[k].expected)
             for k, v in results["claims"].items() if k in registry() and v["verdict"] != registry()[k].expected}
    assert not stale, f"the last measured verdicts differ from the registry's: {stale} — run `python tasks.py bench`"
    block = README.split(benchmark.CLAIMS_START, 1)[1].split(benchmark.CLAIMS_END, 1)[0].strip()
    assert block == benchmark.claims_block(results).strip(), (
        "README's verdict table is stale: run `python tasks.py bench`"
    )


def test_the_package_declares_everything_labkit_imports():
    import ast
    import tomllib

    declared = set()
    for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]:
        declared.add(re.split(r"[<>=;\[ ]", requirement, maxsplit=1)[0].lower())
    # import name -> distribution name, where they differ; absl comes with TensorFlow
    distribution = {"sklearn": "scikit-learn", "keras_tuner": "keras-tuner", "IPython": "ipython",
                    "tensorflow": "tensorflow-cpu", "absl": "tensorflow-cpu"}
    imported = set()
    for path in (ROOT / "labkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported
                   if name not in sys.stdlib_module_names and name not in {"labkit", "__future__"}}
    missing = {name for name in third_party if distribution.get(name, name).lower() not in declared}
    assert not missing, f"labkit imports {sorted(missing)}, which pyproject.toml's dependencies do not declare"
