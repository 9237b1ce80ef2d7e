"""The reading-assignment handout's opening: which chapters of how many, and the legend of
only the themes that occur in them."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import Para
from .. import markup

TITLE = "Reading Assignment"
KEY = "reading"


def themes_used(c: Composer) -> list[str]:
    used: set[str] = set()
    for ch in c.guide.chapters:
        for item in ch.passages + ch.quotes + ch.questions:
            used.update(item.themes)
        used.update(t for t, w in ch.theme_weights if w > 0)
    return [t.id for t in c.guide.themes if t.id in used]


def build(c: Composer) -> list:
    s, g, span = c.styles, c.guide, c.options.chapters
    chapters = g.chapters
    first, last = chapters[0], chapters[-1]
    label = first.title if first is last else f"{first.title} to {last.title}"
    out: list = [c.section_title(TITLE, KEY)]  # the book is named in the title block above it
    count = span.last - span.first + 1
    one, many = c.unit(1).lower(), c.unit(2).lower()
    covering = (f"{many} {span.first}\u2013{span.last} ({count} of {span.total} {many})" if count > 1 else
                f"{one} {span.first} (1 of {span.total} {c.unit(span.total).lower()})")
    plain_names = [f"{c.unit(1)} {n}" for n in range(span.first, span.last + 1)]
    named = "" if [markup.plain(ch.title) for ch in chapters] == plain_names else f": {c.inline(label)}"
    out.append(c.markup_para(f"Reading assignment covering {markup.escape(covering)}{named}", "legend-summary"))
    out.append(c.space(10))
    used = themes_used(c)
    if used:
        out.append(Para(f"Themes in {'this' if count == 1 else 'these'} {markup.escape(c.unit(count).lower())}",
                        s["legend-title"]))
        out.append(c.space(4))
        for tid in used:
            out.append(c.theme_label(c.theme(tid), "legend-name", size=s.size(14)))
            out.append(c.space(3))
    return out
