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
            out.append(c.tag(ch.title, key=f"quotes-{ch.id}"))  # in the rail, an outline entry
            out += [c.quote_block(q, None) for q in ch.quotes]
    return out
