"""What a handout covers: a theme id or a chapter range from the command line, checked against a guide.

SelectionError     a theme or range the guide does not have (exit 1, with the closest valid choice)
resolve_theme()    the Theme for an id
resolve_chapters() "3-5", "ch3-ch5", "ch3..ch5", "4" or "ch4" -> a ChapterSpan of positions
"""
from __future__ import annotations

import re

from .fields import closest
from .model import Guide, Theme, unit_label
from .options import ChapterSpan


_NUMBER = re.compile(r"[0-9]+")  # not str.isdigit(): '²' and '①' are digits to it, but not to int()


class SelectionError(Exception):
    pass


def resolve_theme(guide: Guide, theme_id: str) -> Theme:
    ids = [t.id for t in guide.themes]
    if theme_id not in ids:
        raise SelectionError(f"no theme '{theme_id}' in this guide{closest(theme_id, ids)} (themes: {', '.join(ids)})")
    return guide.theme(theme_id)


def resolve_chapters(guide: Guide, spec: str) -> ChapterSpan:
    spec = spec.strip()
    n = len(guide.chapters)
    ids = {c.id: c.position for c in guide.chapters}
    numbers = spec.split("-")
    if ".." in spec:
        first, _, last = spec.partition("..")
        span = (_one(guide, first, ids), _one(guide, last, ids))
    elif all(_NUMBER.fullmatch(x.strip()) for x in numbers) and len(numbers) <= 2:  # numbers are positions, always
        span = (_one(guide, numbers[0], ids), _one(guide, numbers[-1], ids))
    elif spec in ids:
        span = (ids[spec], ids[spec])
    elif "-" in spec:
        span = _dashed(guide, spec, ids)
    else:
        position = _one(guide, spec, ids)
        span = (position, position)
    if span[0] > span[1]:
        one = unit_label(guide).lower()
        raise SelectionError(f"{one} range '{spec}' runs backwards; give the earlier {one} first")
    return ChapterSpan(span[0], span[1], n)


def _dashed(guide: Guide, spec: str, ids: dict[str, int]) -> tuple[int, int]:
    for i, ch in enumerate(spec):
        if ch == "-" and spec[:i] in ids and spec[i + 1:] in ids:
            return (ids[spec[:i]], ids[spec[i + 1:]])
    raise SelectionError(f"cannot read {unit_label(guide).lower()} range '{spec}': {_valid(guide)}")


def _one(guide: Guide, token: str, ids: dict[str, int]) -> int:
    token = token.strip()
    if _NUMBER.fullmatch(token):
        position = int(token)
        if not 1 <= position <= len(guide.chapters):
            raise SelectionError(f"{unit_label(guide).lower()} {position} is outside this guide: {_valid(guide)}")
        return position
    if token in ids:
        return ids[token]
    raise SelectionError(f"no {unit_label(guide).lower()} '{token}' in this guide{closest(token, ids)}: {_valid(guide)}")


def _valid(guide: Guide) -> str:
    first, last = guide.chapters[0], guide.chapters[-1]
    return f"it has {unit_label(guide, 2).lower()} 1-{len(guide.chapters)} ({first.id}..{last.id})"
