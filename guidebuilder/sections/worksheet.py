"""The tracker worksheet: the tracker's grid with hollow pips to fill in while reading (student
edition), or the filled grid as its key (teacher edition): the same marks either way."""
from __future__ import annotations

from .. import markup
from ..compose import Composer
from ..flowables import Para
from ..grid import DegreeLegend, Shading, TrackerGrid
from .tracker import THEMES_PER_GRID, rows

TITLE = "Tracker Worksheet"
KEY = "worksheet"


def present(c: Composer) -> bool:
    return bool(c.guide.chapters and c.guide.themes)


def build(c: Composer) -> list:
    s, g = c.styles, c.guide
    teacher = c.options.teacher
    one = markup.escape(c.unit(1).lower())
    out: list = [c.section_title(TITLE + (" (Key)" if teacher else ""), KEY)]
    how = (f"The filled grid: how strongly each theme appears in each {one}, for checking students\u2019 worksheets."
           if teacher else
           f"As you read, write one line on what happens in each {one}, then fill in pips to show how strongly "
           "each theme appears in it: none if the theme is absent, one if it is touched on, up to four if the "
           f"{one} turns on it. Note a {c.guide.locator} number or a word as evidence.")
    shading = Shading(c.max_degree())
    grids = [TrackerGrid(themes, rows(c, themes), s, shading, 0, blank=not teacher, row_height=s.size(30),
                         unit=c.unit(1), synopsis=True, fill=len(g.themes) <= THEMES_PER_GRID)
             for themes in (g.themes[i:i + THEMES_PER_GRID] for i in range(0, len(g.themes), THEMES_PER_GRID))]
    out += [Para(how, s["body-small"]), DegreeLegend(s, grid=grids[0])]
    for grid in grids:
        out += [grid, c.space(12)]
    return out[:-1]
