"""Sources a learner can check: every lesson ends with its sources, and they resolve in notebooks/REFERENCES.md.

Each lesson has a ``## Sources`` markdown cell after its takeaways, just before its last cell (the **Next:** line);
it links every article tag ([A]–[E]) the lesson uses, and every ``REFERENCES.md#key`` link in a lesson names an
anchor of ``notebooks/REFERENCES.md``. Each entry there is cited by a lesson (or the README or RECIPE.md) and
says which notebooks cite it ("Cited in 01, 02"), which must match the lessons' links.
Fast: the lessons are parsed as text (jupytext, as the builder does), nothing is run or imported from labkit.
"""
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from build_notebooks import parse_cells  # noqa: E402

REFERENCES = ROOT / "notebooks" / "REFERENCES.md"
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.py"))
PENDING: set[str] = set()  # lessons whose Sources cell is still to be written (none now)
TAGS = re.compile(r"\[([A-E](?:\s*,\s*[A-E])*)\]")  # [C], [A, D], [B, D, E]
LINK = re.compile(r"\]\(REFERENCES\.md#([^)\s]+)\)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def number(lesson: Path) -> str:
    return lesson.name[:2]


def lesson_param(lesson: Path):
    marks = [pytest.mark.xfail(reason=f"lesson {number(lesson)}'s Sources cell is pending",
                               strict=True)] if number(lesson) in PENDING else []
    return pytest.param(lesson, id=lesson.name, marks=marks)


LESSON_PARAMS = [lesson_param(lesson) for lesson in LESSONS]


def cells(lesson: Path) -> list[tuple[str, str]]:
    return parse_cells(lesson.read_text(encoding="utf-8"))


def sources_cells(lesson: Path) -> list[str]:
    return [source for kind, source in cells(lesson)
            if kind == "markdown" and source.lstrip().startswith("## Sources")]


def tags(text: str) -> set[str]:
    return {tag.strip() for group in TAGS.findall(text) for tag in group.split(",")}


def entries() -> dict[str, str]:
    """anchor -> the entry's text (up to the next anchor or heading)."""
    text = REFERENCES.read_text(encoding="utf-8")
    found = {}
    for match in ANCHOR.finditer(text):
        rest = text[match.end():]
        end = min((m.start() for m in (ANCHOR.search(rest), re.search(r"^#", rest, re.M)) if m), default=len(rest))
        found[match.group(1)] = rest[:end]
    return found


def cited_in(entry: str) -> set[str]:
    """The notebook numbers of the entry's "Cited in 01, 02" line."""
    line = re.search(r"^Cited in ([^\n(]*)", entry, re.M)
    assert line, f"entry lacks a 'Cited in NN, NN' line: {entry[:80]!r}"
    return set(re.findall(r"\b\d\d\b", line.group(1)))


def links_by_lesson() -> dict[str, set[str]]:
    return {number(lesson): set(LINK.findall(lesson.read_text(encoding="utf-8"))) for lesson in LESSONS}


def links_outside_lessons() -> set[str]:
    """Keys linked from the README (``notebooks/REFERENCES.md#key``) or RECIPE.md (``REFERENCES.md#key``)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    recipe = (ROOT / "notebooks" / "RECIPE.md").read_text(encoding="utf-8")
    return set(re.findall(r"\]\(notebooks/REFERENCES\.md#([^)\s]+)\)", readme)) | set(LINK.findall(recipe))


def test_the_references_page_has_the_five_articles_and_unique_anchors():
    text = REFERENCES.read_text(encoding="utf-8")
    anchors = ANCHOR.findall(text)
    assert len(anchors) == len(set(anchors)), "an anchor is used twice"
    assert {f"article-{tag.lower()}" for tag in "ABCDE"} <= set(anchors)
    assert "## The five articles" in text and "## Papers and books" in text


@pytest.mark.parametrize("lesson", LESSON_PARAMS)
def test_lesson_has_one_sources_cell_just_before_its_last_cell(lesson):
    found = sources_cells(lesson)
    assert len(found) == 1, f"{lesson.name} needs one markdown cell starting with '## Sources'"
    sources = [source for _, source in cells(lesson)]
    assert "**Next:**" in sources[-1], f"{lesson.name}'s last cell should hold the **Next:** line"
    assert sources[-2] == found[0], f"{lesson.name}: the Sources cell goes just before the last (**Next:**) cell"


@pytest.mark.parametrize("lesson", LESSON_PARAMS)
def test_every_article_the_lesson_tags_is_in_its_sources(lesson):
    found = sources_cells(lesson)
    assert found, f"{lesson.name} has no Sources cell"
    used = tags(lesson.read_text(encoding="utf-8"))
    linked = {key.removeprefix("article-").upper() for key in LINK.findall(found[0]) if key.startswith("article-")}
    assert used <= linked, f"{lesson.name} tags {sorted(used - linked)} but its Sources cell does not link them"
    assert linked <= used, f"{lesson.name}'s Sources cell links articles {sorted(linked - used)} it never tags"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_every_references_link_resolves(lesson):
    missing = sorted(set(LINK.findall(lesson.read_text(encoding="utf-8"))) - set(entries()))
    assert not missing, f"{lesson.name} links REFERENCES.md#{missing}, which has no such anchor"


@pytest.mark.parametrize("key", sorted(entries()))
def test_every_entry_is_cited_and_says_where(key):
    claimed = cited_in(entries()[key])
    linking = {lesson for lesson, keys in links_by_lesson().items() if key in keys}
    if not linking and key not in links_outside_lessons():
        if claimed and claimed <= PENDING:
            pytest.xfail(f"{key} is cited only by pending lesson(s) {sorted(claimed)}")
        pytest.fail(f"REFERENCES.md#{key} is cited by no lesson, nor by the README or RECIPE.md")
    # "Cited in" must match the lessons' links (the pending lessons are not checked yet).
    assert claimed - PENDING == linking - PENDING, (
        f"REFERENCES.md#{key} says 'Cited in {sorted(claimed)}', but the lessons linking it are {sorted(linking)}"
    )
