"""Questions by chapter and for the whole book: answer lines (student edition), or a line pointing
to the answer in the Answer Key (teacher edition).

Each chapter's label hangs in the margin rail beside its first question (as in Key Quotes); the
question is set in the text column, its answer lines across the whole text block, rail included,
and by default fewer of them, so the room to write stays the same (default_lines()); a count the
guide gives is drawn as given."""
from __future__ import annotations

from reportlab.platypus import KeepTogether

from ..compose import Composer
from ..flowables import AnswerLines, KeepWithStart, Para, TocEntry, stack_height, widen
from ..model import Question
from ..styles import Geometry

TITLE = "Questions"
KEY = "questions"
DEFAULT_LINES = {"short-answer": 4, "discussion": 6, "essay": 14}  # lines of the text column's width
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
            out.append(c.tag(title, key=key, beside="question", above="subheading"))  # in the rail; in the outline
        number += 1
        out += question(c, q, number, last=i == len(every) - 1)
    return out


def answer_key(number: int) -> str:
    """The link target of question `number`'s answer in the Answer Key."""
    return f"answer-{number}"


def default_lines(kind: str, geometry: Geometry) -> int:
    """The answer lines a question of `kind` gets when it asks for none: DEFAULT_LINES are lines of
    the text column's width; across the rail too each line holds more words, so there are fewer
    (14 -> 9 on letter, 10 on A4) for the same room. Without a rail (large print, booklets) they
    are DEFAULT_LINES. A `lines:` the guide gives is the number drawn: a teacher counts them."""
    _, _, block, _ = geometry.frame
    _, _, column, _ = geometry.column
    return max(int(DEFAULT_LINES[kind] * column / block + 0.5), 1)


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
    lines = q.lines if q.lines is not None else default_lines(q.kind, s.geometry)
    if not lines:
        return [KeepTogether(head)]
    spacing = s.size(22)
    _, _, width, room = s.geometry.column
    group = s["subheading"]  # a chapter label above the first question (no rail) may be kept with it
    room -= stack_height(head, width) + 2 * head[-1].getSpaceAfter() + group.leading + group.spaceBefore + group.spaceAfter
    fits = int(room // spacing)  # lines that fit on one page with the prompt
    if q.lines is None:  # a default is at most what the prompt's page holds; a count asked for is kept
        lines = max(min(lines, fits), 1)
    one_page = lines <= fits
    continued = lambda: c.markup_para(f"<b>{number}</b>, continued", "question-meta")
    # the lines span the rail as well as the column: the question keeps its readable measure
    block = head + [widen(AnswerLines(lines, spacing, s.color("rule"), continued=continued), s.geometry.rail)]
    # a few lines stay with their prompt; an essay's many may run on to the next page, the prompt
    # keeping its first lines, rather than leave most of a page empty; but not the section's last
    # (its lines would be alone on the last page) nor in large print (a continuation and the next
    # question seldom share a page there). More lines than a page holds always run on, each page
    # of them labelled "12, continued": a teacher who asks for two pages of writing gets them.
    whole = one_page and (lines <= KEEP_WHOLE or last or c.options.large_print)
    return [KeepTogether(block) if whole else KeepWithStart(block)]
