"""The theme tracker: one chapter-by-theme grid, shaded by degree, with chapter lengths."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import Para
from ..grid import Row, Shading, TrackerGrid
from ..model import max_degree

TITLE = "Theme Tracker"
KEY = "tracker"
THEMES_PER_GRID = 12


def build(c: Composer) -> list:
    s, g = c.styles, c.guide
    out: list = [c.section_title(TITLE, KEY)]
    how = ("Each row is a chapter; each column a theme. The darker a cell, the more the theme is present "
           "in that chapter (passages and quotes tagged with it). The bar shows the chapter\u2019s length.")
    if c.gray:
        how += " Dots count the same degree: more dots, more presence."
    out.append(Para(how, s["body-small"]))
    out.append(c.space(6))
    legend = [c.theme_label(t, "grid-cell", size=s.size(10)) for t in g.themes]
    out += legend
    out.append(c.space(8))
    given = [ch.length for ch in g.chapters if ch.length]
    lengths = [ch.length if given else 1 for ch in g.chapters]  # none given: all equal; else a missing one has no bar
    shading = Shading(max_degree(g), marks=c.gray)
    for start in range(0, len(g.themes), THEMES_PER_GRID):
        themes = g.themes[start:start + THEMES_PER_GRID]
        rows = [Row.of(ch, themes, length) for ch, length in zip(g.chapters, lengths)]
        out.append(TrackerGrid(themes, rows, s, shading, max(given, default=1)))
        out.append(c.space(12))
    return out
