"""Font registration (once per process) and glyph coverage.

register()    the text serif (Crimson Text) and label sans (Fira Sans) as ReportLab families
fallback()    wraps runs of characters the serif lacks in a font that has them: Fira Sans for Greek
              and Cyrillic, the standard Asian CID fonts of PDF readers for Chinese, Japanese, Korean
uncovered()   characters no font we have can print, for warnings
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import fontpkg_crimson_text
import fontpkg_fira_sans
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

SERIF, SANS = "GB-Serif", "GB-Sans"
_FILES = {
    SERIF: (Path(fontpkg_crimson_text.ROOT) / "files", "CrimsonText-{}.ttf",
            {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}),
    SANS: (Path(fontpkg_fira_sans.ROOT) / "files", "FiraSans-{}.ttf",
           {"": "Regular", "-Bold": "SemiBold", "-Italic": "Italic", "-BoldItalic": "SemiBoldItalic"}),
}
_ALWAYS = set("\n\t\u00ad")
# Not embedded: PDF readers supply these (Adobe's Asian font packs, the system's CJK fonts).
CJK_HAN, CJK_KOREAN = "STSong-Light", "HYSMyeongJo-Medium"
_HAN = ((0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))


def _cjk_font(code: int) -> str | None:
    if any(a <= code <= b for a, b in _HANGUL):
        return CJK_KOREAN
    if any(a <= code <= b for a, b in _HAN):
        return CJK_HAN
    return None


@lru_cache(maxsize=None)
def register() -> None:
    for family, (folder, pattern, faces) in _FILES.items():
        for suffix, face in faces.items():
            pdfmetrics.registerFont(TTFont(family + suffix, str(folder / pattern.format(face))))
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, family + "-Bold")
        addMapping(family, 0, 1, family + "-Italic")
        addMapping(family, 1, 1, family + "-BoldItalic")
    for name in (CJK_HAN, CJK_KOREAN):
        pdfmetrics.registerFont(UnicodeCIDFont(name))


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
            o = ord(c)
            face = None if o in serif else SANS if o in sans else _cjk_font(o)
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
        if (o > 127 and o not in serif and o not in sans and c not in _ALWAYS and not c.isspace()
                and _cjk_font(o) is None):
            seen[c] = None
    return "".join(seen)


def reader_supplied(text: str) -> str:
    """The distinct characters of `text` printed with a CID font the PDF reader must supply."""
    if text.isascii():
        return ""
    return "".join(dict.fromkeys(c for c in text if _cjk_font(ord(c)) and ord(c) not in _cmap(SERIF)))
