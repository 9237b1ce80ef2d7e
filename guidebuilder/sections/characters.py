"""Characters: major ones first, then minor, each with aliases and a description."""
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
        for person in people:
            name = c.para(person.name, "character-name")
            name.tag = Tag("H3")  # a heading to screen readers too: they can jump from person to person
            head = [name]
            if person.aliases:
                head.append(c.label("Also called", ", ".join(c.inline(a) for a in person.aliases), "question-meta"))
            body = c.rich(person.description, "body-small" if role == "minor" else "body")
            out.append(KeepWithStart(head + body[:1]))
            out += body[1:]
    return out
