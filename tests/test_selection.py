"""Reading --theme and --chapters against a guide: what a handout covers, or a clear error."""
from __future__ import annotations

import pytest

from guidebuilder.load import load_guide
from guidebuilder.selection import SelectionError, resolve_chapters, resolve_theme

IDS = ["prologue", "2", "storm-night", "storm", "night", "dawn"]  # "2" is an id at position 2 only by chance


@pytest.fixture
def guide(make_guide):
    chapters = "".join(f"  - id: '{i}'\n    title: Part {n}\n" for n, i in enumerate(IDS[::-1], 1))
    return load_guide(make_guide({"guide.yaml": "title: T\nauthor: A\nthemes:\n  - id: sea\n    name: Sea\n"
                                                "chapters:\n" + chapters}))


def span(guide, spec):
    s = resolve_chapters(guide, spec)
    return s.first, s.last, s.total


@pytest.mark.parametrize("spec, expected", [
    ("2-4", (2, 4, 6)),            # numbers are positions
    ("4", (4, 4, 6)),
    ("2", (2, 2, 6)),              # a position, although a chapter's id is '2' (it is at position 5)
    ("2..2", (2, 2, 6)),
    ("dawn", (1, 1, 6)),           # an id
    ("night-storm", (2, 3, 6)),    # ids joined by '-'
    ("storm-night", (4, 4, 6)),    # one id containing '-' wins over two ids
    ("dawn..storm-night", (1, 4, 6)),
    (" 3 - 5 ", (3, 5, 6)),       # spaces around numbers are forgiven
])
def test_chapter_ranges(guide, spec, expected):
    assert span(guide, spec) == expected


@pytest.mark.parametrize("spec, message", [
    ("7", "chapter 7 is outside this guide: it has chapters 1-6 (dawn..prologue)"),
    ("4-2", "chapter range '4-2' runs backwards"),
    ("dawm", "no chapter 'dawm' in this guide; did you mean 'dawn'?"),
])
def test_chapter_range_errors_say_what_the_guide_has(guide, spec, message):
    with pytest.raises(SelectionError, match=message.replace("?", r"\?").replace("(", r"\(").replace(")", r"\)")):
        resolve_chapters(guide, spec)


def test_unknown_theme_names_the_closest_and_all(guide):
    with pytest.raises(SelectionError, match=r"no theme 'seas' in this guide; did you mean 'sea'\? \(themes: sea\)"):
        resolve_theme(guide, "seas")
