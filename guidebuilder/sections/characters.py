"""Characters: major ones first, then minor, each with aliases and a description; those without a
description as one compact list after them."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import KeepWithStart
from ..tagging import Tag

TITLE = "Characters"
KEY = "characters"


def present(c: Composer) -> bool:
    return bool(c.guide.characters)


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    for role, title in (("major", "Major Characters"), ("minor", "Minor Characters")):
        people = [p for p in c.guide.characters if p.role == role]
        if not people:
            continue
        out += c.heading(title, f"characters-{role}", toc=False)
        bare = [p for p in people if not p.description]
        people = [p for p in people if p.description]
        for person in people:
            name = c.para(person.name, "character-name")
            name.tag = Tag("H3")  # a heading to screen readers too: they can jump from person to person
            head = [name]
            if person.aliases:
                head.append(c.label("Also called", ", ".join(c.inline(a) for a in person.aliases), "question-meta"))
            body = c.rich(person.description, "body-small" if role == "minor" else "body")
            out.append(KeepWithStart(head + body[:1]))
            out += body[1:]
        if bare:  # names without descriptions: one compact paragraph, not a column of bold names
            out.append(c.space(4))
            out.append(c.markup_para(_compact(c, bare), "body"))
    return out


def _compact(c: Composer, people) -> str:
    """"Banquo · The Weird Sisters (the witches)": names in bold, aliases after them."""
    items = []
    for person in people:
        item = "<b>" + c.inline(person.name) + "</b>"
        if person.aliases:
            item += " (" + ", ".join(c.inline(a) for a in person.aliases) + ")"
        items.append(item)
    return " \u00b7 ".join(items)
