"""Errors that reach the user as located lines.

Problem        one located message: FILE:LINE:COL: error: MESSAGE
ContentError   raised with every problem of a run, sorted by file and line
"""
from __future__ import annotations

import re

from .model import Source
from .records import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    source: Source
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return printable(f"{self.source}: {self.severity}: {self.message}")


# Characters that must not reach a terminal from a guide: controls (escape sequences, line
# breaks that would split one message into two), bidi overrides and invisible separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """`text` on one line, with every unprintable character shown as an escape such as \\x1b."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class ContentError(Exception):
    """The guide's content has errors; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _order(p: Problem):
    return (p.source.file, p.source.line, p.source.col, p.message)


class LayoutFailure(Exception):
    """ReportLab could not place something; the message names the section and heading near it."""
