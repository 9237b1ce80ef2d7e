"""The top of a handout's first page: Name / Class / Date lines to write on, then the book's
title block (title, author, what the handout covers), since a handout has no cover."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import NameLine

TITLE = "Handout"


def build(c: Composer) -> list:
    s, g = c.styles, c.guide
    line = NameLine(("Name", "Class", "Date"), (0.5, 0.3, 0.2), s["label-strong"], s.color("ink"),
                    space_after=s.size(14))
    out: list = [line, c.para(g.title, "handout-title")]
    byline = "by " + g.author + (f", {g.published}" if g.published else "")
    out.append(c.para(byline, "handout-author"))
    if c.options.theme:
        out.append(c.markup_para("Theme handout", "handout-kind"))
    else:
        out.append(c.space(10))
    for f in out:
        f.front = True  # the running header names the section below it, not this block
    return out
