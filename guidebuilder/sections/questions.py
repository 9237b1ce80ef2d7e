"""Questions by chapter and for the whole book: answer lines (student edition), or a line pointing
to the answer in the Answer Key (teacher edition)."""
from __future__ import annotations

from reportlab.platypus import KeepTogether

from ..compose import Composer
from ..flowables import AnswerLines, KeepWithStart, Para, TocEntry, stack_height
from ..model import Question

TITLE = "Questions"
KEY = "questions"
DEFAULT_LINES = {"short-answer": 4, "discussion": 6, "essay": 14}
KEEP_WHOLE = 8  # answer lines kept on one page with their prompt; more may split


def present(c: Composer) -> bool:
    return bool(c.guide.questions) or any(ch.questions for ch in c.guide.chapters)


def groups(c: Composer) -> list[tuple[str, str, tuple[Question, ...]]]:
    out = [(ch.title, f"questions-{ch.id}", ch.questions) for ch in c.guide.chapters if ch.questions]
    if c.guide.questions:
        out.append(("The Whole Book", "questions_book", c.guide.questions))
    return out


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    number = 0
    every = [(title, key, q) for title, key, questions in groups(c) for q in questions]
    for i, (title, key, q) in enumerate(every):
        if not i or every[i - 1][1] != key:
            out += c.heading(title, key, level=1, role="subheading", toc=False)
        number += 1
        out += question(c, q, number, last=i == len(every) - 1)
    return out


def answer_key(number: int) -> str:
    """The link target of question `number`'s answer in the Answer Key."""
    return f"answer-{number}"


def question(c: Composer, q: Question, number: int, last: bool = False) -> list:
    """A question with its answer lines; `last`: the section's last, whose lines never run on alone."""
    s = c.styles
    prompt = c.markup_para(f"<b>{number}.</b> " + c.inline(q.prompt), "question")
    meta = q.kind.replace("-", " ").capitalize()
    if q.themes:
        meta += " \u00b7 " + c.theme_names(q.themes)
    head = [prompt, c.markup_para(meta, "question-meta")]
    if c.options.teacher:  # the answer prints once, in the Answer Key: here a line pointing to it
        if q.answer:
            line = TocEntry(Para("<b>Answer</b> in the Answer Key", s["answer"]), answer_key(number), s["toc-1"],
                            s.color("rule"), number_width=s.size(28))
            return [KeepTogether(head + [line]), c.space(6)]
        return [KeepTogether(head), c.space(6)]
    lines = q.lines if q.lines is not None else DEFAULT_LINES[q.kind]
    if not lines:
        return [KeepTogether(head)]
    spacing = s.size(22)
    _, _, width, room = s.geometry.column
    group = s["subheading"]  # a group heading may be kept with the first question
    room -= stack_height(head, width) + 2 * head[-1].getSpaceAfter() + group.leading + group.spaceBefore + group.spaceAfter
    lines = max(min(lines, int(room // spacing)), 1)  # prompt and lines fit on one page
    continued = lambda: c.markup_para(f"<b>{number}</b>, continued", "question-meta")
    block = head + [AnswerLines(lines, spacing, s.color("rule"), continued=continued)]
    # a few lines stay with their prompt; an essay's many may run on to the next page, the prompt
    # keeping its first lines, rather than leave most of a page empty; but not the section's last
    # (its lines would be alone on the last page) nor in large print (a continuation and the next
    # question seldom share a page there)
    whole = lines <= KEEP_WHOLE or last or c.options.large_print
    return [KeepTogether(block) if whole else KeepWithStart(block)]
