"""Symbols: each with its description and the chapters whose quotes it marks."""
from __future__ import annotations

from ..compose import Composer

TITLE = "Symbols"
KEY = "symbols"


def present(c: Composer) -> bool:
    return bool(c.guide.symbols)


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    for sym in c.guide.symbols:
        out += c.heading(sym.name, f"symbol-{sym.id}", level=1, role="subheading", toc=False)
        out += c.rich(sym.description)
        where = [ch.short for ch in c.guide.chapters if any(sym.id in q.symbols for q in ch.quotes)]
        if where:
            out.append(c.label(f"Key quotes in {c.unit(len(where)).lower()}", c.inline(", ".join(where)), "question-meta"))
    return out
