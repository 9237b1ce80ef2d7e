"""The tracker worksheet: a blank chapter-by-theme grid to fill in while reading (student edition),
or the filled grid as its key (teacher edition)."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import Para
from ..grid import Row, Shading, TrackerGrid
from ..model import max_degree
from .tracker import THEMES_PER_GRID

TITLE = "Tracker Worksheet"
KEY = "worksheet"


def present(c: Composer) -> bool:
    return bool(c.guide.chapters and c.guide.themes)


def build(c: Composer) -> list:
    s, g = c.styles, c.guide
    teacher = c.options.teacher
    out: list = [c.section_title(TITLE + (" (Key)" if teacher else ""), KEY)]
    how = ("The filled grid: how strongly each theme appears in each chapter, for checking students' worksheets."
           if teacher else
           "As you read, shade or mark each cell to show how strongly the theme appears in the chapter: "
           "leave it empty if the theme is absent, one mark if it is touched on, up to four if the chapter "
           "turns on it. Note a page number or a word as evidence.")
    out += [Para(how, s["body-small"]), c.space(6)]
    out += [c.theme_label(t, "grid-cell", size=s.size(10)) for t in g.themes]
    out.append(c.space(8))
    shading = Shading(max_degree(g), marks=c.gray or not teacher)
    for start in range(0, len(g.themes), THEMES_PER_GRID):
        themes = g.themes[start:start + THEMES_PER_GRID]
        rows = [Row.of(ch, themes) for ch in g.chapters]
        out.append(TrackerGrid(themes, rows, s, shading, 0, blank=not teacher, row_height=s.size(24)))
        out.append(c.space(12))
    return out
