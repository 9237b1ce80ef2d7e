"""Warnings about a guide: the loader's, and characters our fonts cannot print.

warnings_for()   every warning of a guide as located Problems, in file order
notes_for()      choices made for the author (icons chosen by meaning), told by `check`
font_warnings()  (source, message) for characters no font prints or that the PDF reader supplies

Kept apart from render.py so that `guidebuilder check` warns like `pdf` without importing
ReportLab: only a guide with characters outside the set below loads the fonts to look closer.
"""
from __future__ import annotations

import re

from .errors import Problem
from .model import Guide

# Characters both Crimson Text and Fira Sans print (tests/test_pdf.py checks the claim against
# the fonts): ASCII, Latin-1, Latin Extended-A but for two letters, and common punctuation.
_UNUSUAL = re.compile("[^\x00-\x7f\xa0-\xff\u0100-\u0148\u014a-\u017e\u2012-\u2015\u2018-\u201a"
                      "\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def warnings_for(guide: Guide) -> list[Problem]:
    """Every warning about the guide, in file order: the loader's and the fonts'."""
    found = [Problem(src, message, "warning") for src, message in list(guide.warnings) + font_warnings(guide)]
    return sorted(found, key=lambda w: (w.source.file, w.source.line, w.source.col))


def notes_for(guide: Guide) -> list[Problem]:
    """What the loader chose for the author (an icon picked by meaning), as `FILE:LINE:COL: note:` lines."""
    return [Problem(src, message, "note") for src, message in guide.notes]


def font_warnings(guide: Guide) -> list:
    """(source, message) for text with characters that none of our fonts can print."""
    unusual = [(src, text) for src, text in guide.texts if _UNUSUAL.search(text)]
    if not unusual:
        return []  # the common case: no font table is read at all
    from .coverage import reader_supplied, uncovered  # reads cmaps itself: `check` never loads ReportLab

    out = []
    for src, text in unusual:
        missing = uncovered(text)
        if missing:
            out.append((src, f"no font here can print {_chars(missing)}; they will show as empty boxes"))
        asian = reader_supplied(text)
        if asian:
            out.append((src, f"{_chars(asian)} use the PDF reader's own Asian fonts (not embedded); "
                             "readers without them show nothing there"))
    return out


def _chars(chars: str) -> str:
    shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in chars[:8])
    return shown + (" ..." if len(chars) > 8 else "")
