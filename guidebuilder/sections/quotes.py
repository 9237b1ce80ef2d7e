"""Key quotes by chapter: each a quote block with speaker, characters, symbols, page and explanation."""
from __future__ import annotations

from ..compose import Composer

TITLE = "Key Quotes"
KEY = "quotes"


def present(c: Composer) -> bool:
    return any(ch.quotes for ch in c.guide.chapters)


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    for ch in c.guide.chapters:
        if ch.quotes:
            out += c.heading(ch.title, f"quotes-{ch.id}", level=1, role="subheading", toc=False)
            out += [c.quote_block(q, None) for q in ch.quotes]
    return out
