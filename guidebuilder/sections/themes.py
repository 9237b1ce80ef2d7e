"""Themes: per theme its icon and name in its color, analysis, tracker strip and quotes by chapter."""
from __future__ import annotations

from reportlab.platypus import CondPageBreak

from ..compose import Composer
from ..flowables import Heading, IconLabel
from ..grid import Shading, TrackerStrip
from ..model import Theme, degree
from .. import markup

TITLE = "Themes"
KEY = "themes"


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    for theme in c.guide.themes:  # themes flow on: each starts a page only when little room is left
        out += theme_page(c, theme)
    return out


def theme_page(c: Composer, theme: Theme, level: int = 1) -> list:
    """One theme's page; also the body of the one-theme handout."""
    s = c.styles
    heading = Heading(c.inline(theme.name), s.variant("theme-title", theme.color), f"theme-{theme.id}",
                      markup.plain(theme.name), level, section=None if level else markup.plain(theme.name))
    icon, gap = s.size(30), 10
    label = IconLabel(theme.icon, c.icon_color(theme), heading, icon, gap=gap, gray=c.gray, space_before=s.size(22),
                      space_after=s.size(6), hang=s.geometry.rail >= icon + gap)  # the icon in the rail
    label.heading = heading
    label.keepWithNext = 1
    out: list = [CondPageBreak(s.size(200)), label]
    if theme.summary:
        out.append(c.para(theme.summary, "legend-summary"))
        out.append(c.space(8))
    out += c.rich(theme.analysis)
    out += tracker(c, theme, level + 1)
    out += quotes(c, theme, level + 1, full=level == 0)
    return out


def tracker(c: Composer, theme: Theme, level: int = 2) -> list:
    chapters = c.guide.chapters
    shading = Shading(c.max_degree())
    strip = TrackerStrip(theme, [markup.plain(ch.short) for ch in chapters], [degree(ch, theme.id) for ch in chapters], c.styles, shading)
    return c.heading("Where the theme appears", f"theme-{theme.id}-tracker", level=level, role="subheading", toc=False) + [strip]


def quotes(c: Composer, theme: Theme, level: int = 2, full: bool = False) -> list:
    """The theme's quotes by chapter: in full (a handout), or one line each pointing to Key Quotes."""
    out: list = []
    for ch in c.guide.chapters:
        tagged = [(i, q) for i, q in enumerate(ch.quotes) if theme.id in q.themes]
        if not tagged:
            continue
        if not out:
            out += c.heading("Key quotes", f"theme-{theme.id}-quotes", level=level, role="subheading", toc=False)
        if full:
            out.append(c.tag(ch.title))
            out += [c.quote_block(q, None, theme) for _, q in tagged]
        else:
            out += [c.quote_reference(q, ch, c.quote_key(ch, i)) for i, q in tagged]
    return out
