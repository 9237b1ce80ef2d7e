"""What a build is asked for: paper, edition, print mode and the selection of content.

Paper, Edition   enums of the command-line choices
ChapterSpan      a 1-based inclusive span of chapter positions
Options          everything one build needs besides the guide
"""
from __future__ import annotations

from enum import Enum

from .records import dataclass


class Paper(Enum):
    LETTER = "letter"
    A4 = "a4"

    @property
    def size(self) -> tuple[float, float]:
        return (612.0, 792.0) if self is Paper.LETTER else (595.2756, 841.8898)


class Edition(Enum):
    STUDENT = "student"
    TEACHER = "teacher"


@dataclass(frozen=True)
class ChapterSpan:
    first: int  # 1-based positions, inclusive
    last: int
    total: int  # how many chapters the whole guide has


@dataclass(frozen=True)
class Options:
    paper: Paper = Paper.LETTER
    edition: Edition = Edition.STUDENT
    grayscale: bool = False
    theme: str | None = None
    chapters: ChapterSpan | None = None
    booklet: bool = False
    large_print: bool = False

    @property
    def teacher(self) -> bool:
        return self.edition is Edition.TEACHER
