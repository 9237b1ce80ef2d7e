"""Font registration (once per process) and glyph coverage.

register()    the text serif (Crimson Text) and label sans (Fira Sans) as ReportLab families
fallback()    wraps runs of characters the serif lacks in the sans, which covers Greek and Cyrillic
uncovered()   characters no registered font can print, for warnings
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import fontpkg_crimson_text
import fontpkg_fira_sans
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SERIF, SANS = "GB-Serif", "GB-Sans"
_FILES = {
    SERIF: (Path(fontpkg_crimson_text.ROOT) / "files", "CrimsonText-{}.ttf",
            {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}),
    SANS: (Path(fontpkg_fira_sans.ROOT) / "files", "FiraSans-{}.ttf",
           {"": "Regular", "-Bold": "SemiBold", "-Italic": "Italic", "-BoldItalic": "SemiBoldItalic"}),
}
_ALWAYS = set("\n\t\u00ad")


@lru_cache(maxsize=None)
def register() -> None:
    for family, (folder, pattern, faces) in _FILES.items():
        for suffix, face in faces.items():
            pdfmetrics.registerFont(TTFont(family + suffix, str(folder / pattern.format(face))))
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, family + "-Bold")
        addMapping(family, 0, 1, family + "-Italic")
        addMapping(family, 1, 1, family + "-BoldItalic")


@lru_cache(maxsize=None)
def _cmap(name: str) -> frozenset[int]:
    register()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _covered(font: str, ch: str) -> bool:
    return ord(ch) in _cmap(font) or ch in _ALWAYS


_WORDS = re.compile(r"[^\x00-\x7f]+")


def fallback(markup: str) -> str:
    """Escaped text -> the same with runs the serif cannot print set in the sans."""
    serif = _cmap(SERIF)
    sans = _cmap(SANS)

    def wrap(m: re.Match) -> str:
        run = m.group(0)
        if all(ord(c) in serif for c in run):
            return run
        out, current, buf = [], None, []
        for c in run:
            face = None if ord(c) in serif or ord(c) not in sans else SANS
            if face != current and buf:
                out.append(_face(current, "".join(buf)))
                buf = []
            current = face
            buf.append(c)
        out.append(_face(current, "".join(buf)))
        return "".join(out)

    return _WORDS.sub(wrap, markup)


def _face(face: str | None, text: str) -> str:
    return f'<font face="{face}">{text}</font>' if face else text


def uncovered(text: str) -> str:
    """The distinct characters of `text` that neither font can print, in order of first use."""
    if text.isascii():
        return ""
    serif, sans = _cmap(SERIF), _cmap(SANS)
    seen: dict[str, None] = {}
    for c in text:
        o = ord(c)
        if o > 127 and o not in serif and o not in sans and c not in _ALWAYS and not c.isspace():
            seen[c] = None
    return "".join(seen)
