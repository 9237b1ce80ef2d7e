"""Which sections make up each document: the full guide, the one-theme handout, the chapter handout.

Plan     a (filtered) model, the sections to lay out, and the document's front matter
plan()   the plan for a guide and the options of a build
A handout is not another code path: it is another selection of sections over a filtered model.
"""
from __future__ import annotations

from dataclasses import replace

from . import markup
from .model import Guide, units_label
from .options import Options
from .records import dataclass
from .sections import (answers, background, characters, glossary, handout_head, plot, questions, quotes, reading,
                       summaries, symbols, theme_handout, themes, tracker, worksheet)

FULL_GUIDE = (background, plot, characters, themes, tracker, summaries, quotes, symbols, glossary,
              questions, worksheet, answers)
THEME_HANDOUT = (handout_head, theme_handout, questions, answers)
CHAPTER_HANDOUT = (handout_head, reading, summaries, quotes, questions, worksheet, answers)


@dataclass(frozen=True)
class Plan:
    guide: Guide
    sections: tuple
    front_matter: bool  # cover and contents
    new_page_per_section: bool
    label: str  # what the document is, for the metadata (and the running header)
    header_label: str = ""  # for the running header when `label` would repeat the section beside it


def plan(guide: Guide, options: Options) -> Plan:
    if options.theme:
        theme = guide.theme(options.theme)
        tagged = lambda qs: tuple(q for q in qs if theme.id in q.themes)
        model = replace(guide, questions=tagged(guide.questions),
                        chapters=tuple(replace(ch, questions=tagged(ch.questions)) for ch in guide.chapters))
        return Plan(model, THEME_HANDOUT, False, False, f"Theme: {markup.plain(theme.name)}", "Theme Handout")
    if options.chapters:
        span = options.chapters
        model = replace(guide, chapters=guide.chapters[span.first - 1:span.last], questions=())
        label = units_label(guide, str(span.first), str(span.last))  # "Chapters 3–5", "Scene 2"
        return Plan(model, CHAPTER_HANDOUT, False, False, label)
    return Plan(guide, FULL_GUIDE, True, True, "Study Guide")
