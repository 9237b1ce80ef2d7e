"""Font registration (once per process) and glyph coverage.

register()    the text serif (Crimson Text) and label sans (Fira Sans) as ReportLab families, their
              parse kept in the per-user cache (cache.py)
runs()        plain text in a font -> pieces each printable in its own font: the font itself, else
              Fira Sans of the same weight and slant (Greek, Cyrillic), else the standard Asian CID
              fonts of PDF readers (Chinese, Japanese, Korean)
fallback()    the same for paragraph markup, keeping the weight and slant of bold and italic tags
width(), fit(), draw()   measure, shorten and draw plain text on a canvas with the same fallback
uncovered(), reader_supplied()   from coverage.py, which reads the fonts' cmaps without ReportLab
"""
from __future__ import annotations

import re
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.lib.fonts import addMapping, ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from . import cache, linedraw
from .coverage import ALWAYS as _ALWAYS, CJK_HAN, CJK_KOREAN, FACES, SANS, SERIF
from .coverage import cjk_font as _cjk_font, codes as _cmap, reader_supplied, uncovered  # noqa: F401

MEMO_LONGEST = 40  # characters: words and short labels repeat, whole lines rarely do


def _memoize_widths(font: TTFont) -> None:
    """Remember the widths this font has measured, per text and size.

    Line breaking measures every word of every paragraph at every width it tries (1.3 million
    calls at 300 chapters), mostly the same few thousand words; ReportLab's pure-Python
    measurement sums the glyph widths each time. Only short texts are kept: whole lines measured
    when drawing rarely repeat and would make the memo grow with the book.
    """
    measure, known = font.stringWidth, {}

    def stringWidth(text, size, encoding="utf8"):
        key = (text, size)
        width = known.get(key)
        if width is None:
            width = measure(text, size, encoding)
            if len(text) <= MEMO_LONGEST:
                known[key] = width
        return width

    font.stringWidth = stringWidth


def _face_values(face: TTFontFace) -> dict:
    """What ReportLab's parse of a font file leaves on its face, as plain values for the cache
    (the file's bytes are read again; the names, bytes with their text, are kept as text)."""
    values = {k: v for k, v in vars(face).items() if k not in ("_ttf_data", "_pdfScale")}
    names = {k: v.ustr for k, v in values.items() if isinstance(v, TTFNameBytes)}
    return {"values": {k: v for k, v in values.items() if k not in names}, "names": names}


def _face(path: Path) -> TTFontFace:
    """TTFontFace(path), its parse taken from the cache when the same file was parsed before
    (cache.py): the same values, without the 3-6 ms ReportLab takes to read each file's tables."""
    kept = cache.remember("font", path, lambda: _face_values(TTFontFace(str(path))), reportlab.Version)
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(kept["values"])
    for key, text in kept["names"].items():
        setattr(face, key, TTFNameBytes(text.encode("utf8")))
    face._ttf_data = path.read_bytes()  # subsets are cut from it when the PDF is written
    scale = 1000 / face.unitsPerEm  # as TTFontFile.extractInfo defines it
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    return face


def _ttfont(name: str, path: Path) -> TTFont:
    """TTFont(name, path) on a face from _face(); the attributes are TTFont.__init__'s (a test
    holds the two to the same attributes and values)."""
    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding = name, _face(path), TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


@lru_cache(maxsize=None)
def register() -> None:
    for name, path in FACES.items():
        font = _ttfont(name, path)
        _memoize_widths(font)
        linedraw.install(font)
        pdfmetrics.registerFont(font)
    for family in (SERIF, SANS):
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, family + "-Bold")
        addMapping(family, 0, 1, family + "-Italic")
        addMapping(family, 1, 1, family + "-BoldItalic")
    for name in (CJK_HAN, CJK_KOREAN):
        pdfmetrics.registerFont(UnicodeCIDFont(name))


@lru_cache(maxsize=None)
def _covers(name: str) -> frozenset[str]:
    """The characters `name` prints itself, as text: `_covers(font).issuperset(text)` checks a
    whole run at C speed. Curly quotes make nearly every paragraph non-ASCII, and nearly every
    one is then printable in its own font: checked once, not character by character."""
    return frozenset(map(chr, _cmap(name))) | _ALWAYS


def _face_for(ch: str, font: str) -> str:
    """The font to print one character in, for text set in `font`: `font` itself when it has the
    glyph, else the sans of the same weight and slant, else a CJK font; `font` when none has it
    (the guide's warnings name those characters)."""
    code = ord(ch)
    if code in _cmap(font) or ch in _ALWAYS:
        return font
    _, bold, italic = ps2tt(font)
    sans = tt2ps(SANS, bold, italic)
    if code in _cmap(sans):
        return sans
    return _cjk_font(code) or font


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """Plain `text` set in `font` -> (font, run) pieces, each run printable in its font."""
    if text.isascii() or _covers(font).issuperset(text):
        return [(font, text)] if text else []
    out: list[tuple[str, str]] = []
    for ch in text:
        face = _face_for(ch, font)
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


_TAG = re.compile(r"(<[^>]*>)")
_WEIGHT = {"b": (1, 0), "strong": (1, 0), "i": (0, 1), "em": (0, 1)}


@lru_cache(maxsize=None)
def _family_covers(font: str) -> frozenset[str]:
    """The characters every face of `font`'s family prints (empty when a face is not mapped)."""
    family = ps2tt(font)[0]
    try:
        faces = {tt2ps(family, bold, italic) for bold in (0, 1) for italic in (0, 1)}
    except ValueError:
        return frozenset()
    return frozenset.intersection(*map(_covers, faces))


def fallback(markup: str, font: str) -> str:
    """Paragraph markup set in `font` -> the same, with every run `font` cannot print wrapped in a
    face that can, of the weight and slant the run is set in (bold and italic tags included)."""
    if markup.isascii():
        return markup
    register()
    if _family_covers(font).issuperset(markup):  # whatever its tags, every run prints as it is
        return markup
    family, bold, italic = ps2tt(font)
    stack: list[tuple[int, int]] = []
    out = []
    for piece in _TAG.split(markup):
        if piece.startswith("<"):
            name = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
            if name in _WEIGHT and not piece.endswith("/>"):
                if piece.startswith("</"):
                    if stack:
                        stack.pop()
                else:
                    stack.append(_WEIGHT[name])
            out.append(piece)
        elif piece and not piece.isascii():
            here = tt2ps(family, bold or any(b for b, _ in stack), italic or any(i for _, i in stack))
            if _covers(here).issuperset(piece):
                out.append(piece)
                continue
            out.append("".join(run if face == here else f'<font face="{face}">{run}</font>'
                               for face, run in runs(piece, here)))
        else:
            out.append(piece)
    return "".join(out)


def width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, face, size) for face, run in runs(text, font))


def fit(text: str, font: str, size: float, room: float) -> str:
    """`text`, cut short with an ellipsis if it is wider than `room`."""
    if width(text, font, size) <= room:
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with its ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width(text[:mid].rstrip() + "\u2026", font, size) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "\u2026"


def draw(canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> None:
    """Draw plain `text` in `font`, with fallback fonts for the characters it lacks."""
    if align != "left":
        x -= width(text, font, size) / (2 if align == "center" else 1)
    for face, run in runs(text, font):
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, face, size)
