"""Summary & Analysis: per chapter, rows of summary beside analysis, theme icons in the margin."""
from __future__ import annotations

from ..compose import Composer
from ..flowables import Columns, Para
from ..model import Chapter, parts
from ..tagging import decoration

TITLE = "Summary & Analysis"
KEY = "summaries"
SUMMARY_SHARE = 0.46  # of the row: the summary column; analysis has the rest but the icon margin


def present(c: Composer) -> bool:
    return any(ch.passages for ch in c.guide.chapters)


def build(c: Composer) -> list:
    out: list = [c.section_title(TITLE, KEY)]
    grouped = parts(c.guide.chapters)
    nested = any(part for part, _ in grouped)
    for i, (part, chapters) in enumerate(grouped):
        if part:  # "Act 1" heads its scenes, in the contents and the outline too
            out += c.heading(part, f"part-{i + 1}", level=1, role="part-title")
        for ch in chapters:
            out += chapter(c, ch, level=2 if nested else 1)
    return out


def chapter(c: Composer, ch: Chapter, key_prefix: str = "ch", level: int = 1) -> list:
    s = c.styles
    out = c.heading(ch.title, f"{key_prefix}-{ch.id}", level=level, role="chapter-title")
    if not ch.passages:
        return out + [Para("No summary yet.", s["label"])]
    margin = s.icon + 2
    narrow = s.prose(SUMMARY_SHARE * s.geometry.frame[2])  # justified only where the columns are wide enough
    if not s.single_column:
        # column heads are for the eye: read in order, each summary comes before its analysis
        heads = [decoration(Para("SUMMARY", s["column-head"])), decoration(Para("ANALYSIS", s["column-head"]))]
        labels = Columns([heads[:1], [], heads[1:]],
                         [0.46, margin, 0.54], gutter=s.size(8), space_after=s.size(2))
        labels.keepWithNext = 1  # the heading and labels keep with the first lines of the first row
        out.append(labels)
    for p in ch.passages:
        if s.single_column:  # one column: each part opens with its label run in
            summary = c.rich(p.text, lead="Summary")
            analysis = c.rich(p.analysis, lead="Analysis") if p.analysis else []
        else:
            summary = c.rich(p.text, narrow)
            analysis = c.rich(p.analysis, narrow) if p.analysis else []
        icons = [c.theme_icons(p.themes, alone=True)] if p.themes else []
        if s.single_column:
            row = Columns([summary + analysis, icons], [1.0, margin], gutter=s.size(8), space_after=s.size(8))
        else:
            row = Columns([summary, icons, analysis], [0.46, margin, 0.54], gutter=s.size(8),
                          space_after=s.size(8))
        out.append(row)
    return out
