"""Which characters our fonts have, read from the font files themselves, without ReportLab.

FACES          every face we embed: ReportLab font name -> its TrueType file
codes()        the character codes a face maps (its cmap table), as ReportLab reads them
cjk_font()     the reader-supplied Asian font for a character, or None
uncovered()    characters no font we have can print, for warnings
reader_supplied()  characters printed with an Asian font the PDF reader must supply

`guidebuilder check` warns about characters no font can print; reading the cmap table here keeps
that from importing ReportLab and parsing every font (tests/test_speed_paths.py checks that the
codes match what ReportLab reads from the same files).
"""
from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

import fontpkg_crimson_text
import fontpkg_fira_sans

SERIF, SANS = "GB-Serif", "GB-Sans"
_FAMILIES = {
    SERIF: (Path(fontpkg_crimson_text.ROOT) / "files", "CrimsonText-{}.ttf",
            {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}),
    SANS: (Path(fontpkg_fira_sans.ROOT) / "files", "FiraSans-{}.ttf",
           {"": "Regular", "-Bold": "SemiBold", "-Italic": "Italic", "-BoldItalic": "SemiBoldItalic"}),
}
FACES = {family + suffix: folder / pattern.format(face)
         for family, (folder, pattern, faces) in _FAMILIES.items() for suffix, face in faces.items()}
ALWAYS = set("\n\t\u00ad")  # never looked up in a font
# Not embedded: PDF readers supply these (Adobe's Asian font packs, the system's CJK fonts).
CJK_HAN, CJK_KOREAN = "STSong-Light", "HYSMyeongJo-Medium"
_HAN = ((0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))


def cjk_font(code: int) -> str | None:
    if any(a <= code <= b for a, b in _HANGUL):
        return CJK_KOREAN
    if any(a <= code <= b for a, b in _HAN):
        return CJK_HAN
    return None


@lru_cache(maxsize=None)
def codes(face: str) -> frozenset[int]:
    """The codes `face`'s cmap maps, from the subtable ReportLab uses (the last Unicode one)."""
    data = FACES[face].read_bytes()
    count = struct.unpack_from(">H", data, 4)[0]
    cmap = next(struct.unpack_from(">4xII", data, 12 + 16 * i)[1]
                for i in range(count) if data[12 + 16 * i:16 + 16 * i] == b"cmap")
    chosen, kind = None, 0
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    at = cmap + chosen
    fmt = struct.unpack_from(">H", data, at)[0]
    found: set[int] = set()
    if fmt == 4:
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        for start, end in zip(starts, ends):
            found.update(range(start, end + 1))
    elif fmt == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        for g in range(groups):
            start, end, _ = struct.unpack_from(">III", data, at + 16 + 12 * g)
            found.update(range(start, end + 1))
    else:  # not in the fonts we ship; ReportLab reads every format
        raise ValueError(f"{FACES[face]}: cmap format {fmt} is not read here")
    return frozenset(found)


def uncovered(text: str) -> str:
    """The distinct characters of `text` that neither font can print, in order of first use."""
    if text.isascii():
        return ""
    serif, sans = codes(SERIF), codes(SANS)
    seen: dict[str, None] = {}
    for c in text:
        o = ord(c)
        if (o > 127 and o not in serif and o not in sans and c not in ALWAYS and not c.isspace()
                and cjk_font(o) is None):
            seen[c] = None
    return "".join(seen)


def reader_supplied(text: str) -> str:
    """The distinct characters of `text` printed with a CID font the PDF reader must supply."""
    if text.isascii():
        return ""
    return "".join(dict.fromkeys(c for c in text if cjk_font(ord(c)) and ord(c) not in codes(SERIF)))
