"""Key quotes by chapter: each quotation in full, once, with speaker, characters, symbols, page and
explanation; the place other sections of a full guide refer to."""
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
            # printed in full here, once; theme pages point here (Composer.quote_reference)
            out += [c.quote_block(q, None, anchor=c.quote_key(ch, i)) for i, q in enumerate(ch.quotes)]
    return out
