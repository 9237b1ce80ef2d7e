"""The answer key (teacher edition): every question's answer, numbered as in Questions, under the
same chapter labels in the margin rail."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import Anchor, KeepWithStart
from .questions import answer_key, groups

TITLE = "Answer Key"
KEY = "answer-key"


def present(c: Composer) -> bool:
    return c.options.teacher and any(q.answer for _, _, qs in groups(c) for q in qs)


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    number = 0
    for title, key, questions in groups(c):
        if any(q.answer for q in questions):  # (a label over nothing would stand on the next one's)
            # in the rail, as in Questions; an outline entry
            out.append(c.tag(title, key=f"key-{key}", beside="question-meta", above="subheading"))
        for q in questions:
            number += 1
            if not q.answer:
                continue
            blocks = c.rich(q.answer, "answer")
            head = c.markup_para(f"<b>{number}.</b> " + c.inline(q.prompt), "question-meta")
            out.append(KeepWithStart([Anchor(answer_key(number)), head] + blocks[:1]))
            out += blocks[1:]
            out.append(c.space(4))
    return out
