"""The theme tracker: one row per chapter (label, one-line synopsis), a column of pips per theme,
chapter lengths when the guide gives them, rows grouped under parts."""
from __future__ import annotations

from .. import markup
from ..compose import Composer
from ..flowables import Para
from ..grid import DegreeLegend, PartRow, Row, Shading, TrackerGrid
from ..model import parts

TITLE = "Theme Tracker"
KEY = "tracker"
THEMES_PER_GRID = 10


def rows(c: Composer, themes, lengths=None) -> list:
    """The grid's rows: each part's heading (when chapters name parts) before its chapters."""
    g = c.guide
    lengths = lengths or [None] * len(g.chapters)
    by_id = dict(zip((ch.id for ch in g.chapters), lengths))
    out: list = []
    for part, chapters in parts(g.chapters):
        if part:
            out.append(PartRow(part))
        out += [Row.of(ch, themes, by_id[ch.id]) for ch in chapters]
    return out


def build(c: Composer) -> list:
    s, g = c.styles, c.guide
    out: list = [c.section_title(TITLE, KEY)]
    given = [ch.length for ch in g.chapters if ch.length]
    one = markup.escape(c.unit(1).lower())
    how = (f"Each row is a {one}: what happens in it, then one column per theme. The filled pips show how "
           f"strongly the theme is present in the {one} (passages and quotes tagged with it), from none "
           "to four.")
    if given:
        how += f" The bar shows the {one}\u2019s length."
    shading = Shading(c.max_degree())
    grids = [TrackerGrid(themes, rows(c, themes, [ch.length for ch in g.chapters] if given else None), s,
                         shading, max(given, default=0), unit=c.unit(1), fill=len(g.themes) <= THEMES_PER_GRID)
             for themes in (g.themes[i:i + THEMES_PER_GRID] for i in range(0, len(g.themes), THEMES_PER_GRID))]
    out += [Para(how, s["body-small"]), DegreeLegend(s, grid=grids[0])]
    for grid in grids:
        out += [grid, c.space(12)]
    return out[:-1]
