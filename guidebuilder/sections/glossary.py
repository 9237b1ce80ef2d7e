"""Glossary: literary devices, then vocabulary, each term with its definition and example."""
from __future__ import annotations

from reportlab.platypus import KeepTogether

from ..compose import Composer
from ..flowables import Para
from ..tagging import Tag

TITLE = "Glossary"
KEY = "glossary"


def present(c: Composer) -> bool:
    return bool(c.guide.glossary)


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    chapters = {ch.id: ch for ch in c.guide.chapters}
    for kind, title in (("device", "Literary Devices"), ("vocabulary", "Vocabulary")):
        terms = sorted((t for t in c.guide.glossary if t.kind == kind), key=lambda t: t.term.casefold())
        if not terms:
            continue
        out += c.heading(title, f"glossary-{kind}", level=1, role="heading", toc=False)
        table = Tag("Table")  # tagged as a table: each term a row, the term its header, the rest its cell
        for term in terms:
            row = Tag("TR", table)
            head = Para(c.inline(term.term), c.styles["term"], tag=Tag("TH", row, Scope="Row"))
            cell = Tag("TD", row)
            body = c.rich(term.definition, "body-small", parent=cell)
            extra = []
            if term.example:
                extra.append(c.label("Example", "\u201c" + c.inline(term.example) + "\u201d", "question-meta"))
            if term.chapter:
                extra.append(c.label("See", c.inline(chapters[term.chapter].title), "question-meta"))
            for p in extra:
                p.tag = Tag("P", cell)
            out.append(KeepTogether([head] + body + extra))
    return out
