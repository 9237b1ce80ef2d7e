"""Background: the author's life, historical context, related works and key facts."""
from __future__ import annotations

from reportlab.platypus import Table, TableStyle

from ..compose import Composer

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
        rows = [[c.para(label, "cell-head"), c.para(value, "cell")] for label, value in b.key_facts]
        table = Table(rows, colWidths=[s.size(120), None], repeatRows=0, splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, s.color("grid-line")),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        out.append(table)
    return out
