"""Background: the author's life, historical context, related works and key facts."""
from __future__ import annotations

from reportlab.platypus import TableStyle

from ..compose import Composer
from ..flowables import DataTable, Para
from ..tagging import Tag

TITLE = "Background"
KEY = "background"


def present(c: Composer) -> bool:
    return not c.guide.background.is_empty()


def build(c: Composer) -> list:
    b, s = c.guide.background, c.styles
    out: list = [c.section_title(TITLE, KEY)]
    for text, title, key in ((b.author_bio, "About the Author", "bg-author"),
                             (b.historical_context, "Historical Context", "bg-context"),
                             (b.related_works, "Related Works", "bg-related")):
        if text:
            out += c.heading(title, key, toc=False) + c.rich(text)
    if b.key_facts:
        out += c.heading("Key Facts", "bg-facts", toc=False)
        facts = Tag("Table")
        rows = []
        for label, value in b.key_facts:
            row = Tag("TR", facts)
            rows.append([Para(c.inline(label), s["cell-head"], tag=Tag("TH", row, Scope="Row")),
                         Para(c.inline(value), s["cell"], tag=Tag("TD", row))])
        table = DataTable(rows, colWidths=[s.size(120), None], repeatRows=0, splitInRow=1, hAlign="LEFT", tag=facts)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, s.color("grid-line")),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        out.append(table)
    return out
