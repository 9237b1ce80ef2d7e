"""The validated guide, as frozen dataclasses the renderer reads and never mutates.

Source     where a value was written (file, line, column), for messages
Theme, Character, Symbol, Term, Passage, Quote, Question, Chapter, Background, Guide
degree()   the derived theme-tracker degree of a chapter for a theme
chapter_synopsis(), parts()   a chapter's one line; chapters grouped by part
unit_label(), units_label(), locate()   the guide's own words for chapters and quote locations
"""
from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path

from .records import dataclass


@dataclass(frozen=True)
class Source:
    file: str
    line: int  # 1-based
    col: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    color: str  # "#RRGGBB"
    icon: str  # a built-in icon name, or an absolute path to an SVG/PNG inside the guide
    summary: str = ""
    analysis: str = ""


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str = "major"
    description: str = ""


@dataclass(frozen=True)
class Symbol:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    kind: str = "device"
    chapter: str | None = None
    example: str = ""


@dataclass(frozen=True)
class Passage:
    text: str
    analysis: str = ""
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str | None = None
    characters: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    page: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class Question:
    prompt: str
    answer: str = ""
    kind: str = "discussion"
    themes: tuple[str, ...] = ()
    lines: int | None = None


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    short: str
    position: int  # 1-based reading order
    length: float | None = None
    synopsis: str = ""  # as written; chapter_synopsis() gives the default
    part: str = ""
    passages: tuple[Passage, ...] = ()
    quotes: tuple[Quote, ...] = ()
    questions: tuple[Question, ...] = ()
    theme_weights: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Background:
    author_bio: str = ""
    historical_context: str = ""
    related_works: str = ""
    key_facts: tuple[tuple[str, str], ...] = ()

    def is_empty(self) -> bool:
        return not (self.author_bio or self.historical_context or self.related_works or self.key_facts)


@dataclass(frozen=True)
class Guide:
    root: Path
    title: str
    author: str
    themes: tuple[Theme, ...]
    chapters: tuple[Chapter, ...]
    subtitle: str = ""
    published: str = ""
    language: str = "en"
    cover: Path | None = None
    cover_alt: str = ""  # what the cover image shows, for screen readers
    credits: str = ""
    background: Background = field(default_factory=Background)
    plot_summary: str = ""
    characters: tuple[Character, ...] = ()
    symbols: tuple[Symbol, ...] = ()
    glossary: tuple[Term, ...] = ()
    questions: tuple[Question, ...] = ()
    unit: tuple[str, str] = ("Chapter", "Chapters")  # what a chapter is called: one, many
    locator: str = "page"  # what a quote's `page` counts: "page" or "line"
    # Every text value with where it was written, for font-coverage warnings.
    texts: tuple[tuple[Source, str], ...] = ()
    # Things worth telling the author that do not stop the build.
    warnings: tuple[tuple[Source, str], ...] = ()
    # Choices made for the author (an icon picked by meaning), told by `check` as notes.
    notes: tuple[tuple[Source, str], ...] = ()

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def character(self, char_id: str) -> Character:
        return next(c for c in self.characters if c.id == char_id)

    def symbol(self, symbol_id: str) -> Symbol:
        return next(s for s in self.symbols if s.id == symbol_id)


_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"\u201d\u2019')]*\s+(?=[\"\u201c\u2018(]*[A-Z0-9])")


def chapter_synopsis(chapter: Chapter) -> str:
    """The chapter's `synopsis`, else the first sentence of its first summary passage."""
    if chapter.synopsis:
        return chapter.synopsis
    if not chapter.passages:
        return ""
    text = " ".join(chapter.passages[0].text.split("\n\n")[0].split())
    for m in _SENTENCE_END.finditer(text):
        if m.start() >= 12:  # not after "Mr." or "T. J."
            if re.search(r"\b(Mr|Mrs|Ms|Dr|St|[A-Z])\.$", text[:m.start()]):
                continue
            return text[:m.start()].rstrip()
    return text


def unit_label(guide: Guide, count: int = 1) -> str:
    """"Chapter" or "Chapters" (the guide's own unit words)."""
    return guide.unit[0] if count == 1 else guide.unit[1]


def units_label(guide: Guide, first: str, last: str | None = None) -> str:
    """"Chapter 3" or "Chapters 3\u20135" in the guide's unit words."""
    if last is None or last == first:
        return f"{guide.unit[0]} {first}"
    return f"{guide.unit[1]} {first}\u2013{last}"


def locate(guide: Guide, page: str) -> str:
    """A quote's `page` value with its label: "p. 35", "pp. 35-36", "l. 73", "ll. 73-74"."""
    many = "-" in page or "\u2013" in page or "," in page
    if guide.locator == "line":
        return ("ll. " if many else "l. ") + page
    return ("pp. " if many else "p. ") + page


def parts(chapters) -> list[tuple[str, list[Chapter]]]:
    """Consecutive chapters with the same `part`, as (part, chapters); part "" for none."""
    out: list[tuple[str, list[Chapter]]] = []
    for ch in chapters:
        if out and out[-1][0] == ch.part:
            out[-1][1].append(ch)
        else:
            out.append((ch.part, [ch]))
    return out


def degree(chapter: Chapter, theme_id: str) -> float:
    """The tracker degree: the explicit weight, else passages plus quotes tagged with the theme."""
    for tid, weight in chapter.theme_weights:
        if tid == theme_id:
            return weight
    return sum(theme_id in p.themes for p in chapter.passages) + sum(
        theme_id in q.themes for q in chapter.quotes
    )


def max_degree(guide: Guide) -> float:
    return max((degree(c, t.id) for c in guide.chapters for t in guide.themes), default=0)
