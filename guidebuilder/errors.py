"""Errors that reach the user as located lines.

Problem        one located message: FILE:LINE:COL: error: MESSAGE
ContentError   raised with every problem of a run, sorted by file and line
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Source


@dataclass(frozen=True, order=True)
class Problem:
    source: Source
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.severity}: {self.message}"


class ContentError(Exception):
    """The guide's content has errors; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _order(p: Problem):
    return (p.source.file, p.source.line, p.source.col, p.message)


class LayoutFailure(Exception):
    """ReportLab could not place something; the message names the section and heading near it."""
