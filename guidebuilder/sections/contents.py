"""The contents: every section, theme and chapter heading, with page numbers and links."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import Heading, Para, TocEntry
from ..tagging import Tag
from .. import markup

TITLE = "Contents"
KEY = "contents"
LONGEST = 160  # characters of a heading the contents show; the heading itself prints whole


def build(c: Composer, headings: list[Heading]) -> list:
    s = c.styles
    out: list = [c.section_title(TITLE, KEY)]
    toc = Tag("TOC")
    for h in headings:
        if not h.toc or h.key == KEY:
            continue
        role = ("toc-0", "toc-1", "toc-2")[min(h.level, 2)]  # level 2: chapters under a part
        title = h.outline if len(h.outline) <= LONGEST else h.outline[:LONGEST].rstrip() + "\u2026"
        p = Para(markup.escape(title), s[role])
        out.append(TocEntry(p, h.key, s["toc-1"], s.color("rule"), number_width=s.size(28), toc=toc,
                            description=h.outline))
    return out
