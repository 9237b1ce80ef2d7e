"""Drawing text: ReportLab's text drawing for the lines we make, operator for operator, faster.

About a fifth of a build was ReportLab drawing paragraphs. Three of its functions are replaced, each
writing exactly what ReportLab 5.1.0's writes (so a PDF is byte for byte the PDF ReportLab makes) and
handing anything outside its case to ReportLab's own, before changing anything:

- `TTFont.splitString` (`install(font)`, on each of our TrueType faces), which turns a text into
  runs of one-byte codes of the font's subsets, giving each character never seen before in the
  document the next free code, in a Python loop over the characters. A text all of whose
  characters already have codes in one subset (nearly every text once a guide's first pages are
  drawn) is encoded by one `str.translate` to the codes' low bytes and `encode("latin-1")`, in C.
  The tables are kept with the document's subset state and brought up to date from its
  assignments (a dict that only grows, in the order codes were given), so they agree with it
  whoever assigned the codes. ReportLab's loop gets a character not assigned yet (it assigns it,
  in its order), a character the face lacks (code 0, never assigned), text spanning subsets, bytes,
  a document without a state yet. A no-break space is encoded as the space, as ReportLab does.
- `PDFTextObject._formatText`, for unshaped text in a TrueType face: the same loop over the runs
  (a font operator when the subset changes, then the run shown) without the save and restore of
  the text object's code and position that only ReportLab's shaped-text branch needs. Shaped text,
  CID fonts (the CJK faces) and standard fonts go to ReportLab's.
- `paragraph._putFragLine`, for a line of plain text frags (no images or callbacks, links,
  underlines, strike-throughs, backgrounds, end dots or automatic leading): each frag's font, colour
  and rise set as they change and its text shown, which is all ReportLab writes for such a line;
  the position, spaces and widths ReportLab also sums per frag (a stringWidth each) are only read
  for links, lines, backgrounds and dots. Other lines go to ReportLab's.

The last two are replaced where ReportLab looks them up (the class, the module), so every text
object and paragraph in the process gets them; each falls back to ReportLab's outside its case.
Measured on a 61-chapter guide: splitString 0.18 s -> 0.04 s of tottime in a profile, the line
drawing (`_putFragLine` and below) 0.23 -> 0.11 s; the build about 10% faster.

ReportLab internals relied on. pdfbase/ttfonts.py: `TTFont.splitString` and its result (a list of
(subset index, bytes)), `TTFont.state` (a WeakKeyDictionary from the document to a `TTFont.State`),
`State.assignments` (character code -> code: subset = code >> 8, byte = code & 0xFF; entries only
ever added), the mapping of U+00A0 to U+0020 before lookup, `getSubsetInternalName`, `shapable`,
`_dynamicFont`, `ShapedStr`. pdfgen/textobject.py: `PDFTextObject._formatText`, `_textOut`,
`_setFont`, `setLeading`, `setFillColor`, `setRise`, and the attributes `_fontname`, `_fontsize`,
`_leading`, `_curSubset`, `_x0`, `_canvas` (its `_escape` and `_doc`). platypus/paragraph.py:
`_putFragLine` (called by the `_*DrawParaLineX` functions through the module), `setXPos`, the
text object's `XtraState` (`autoLeading`, `leading`, `backColor`, `textColor`, `rise`,
`style.endDots`) and the frag attributes it reads (`text`, `fontName`, `fontSize`, `textColor`,
`rise`, `us_lines`, `link`, `backColor`, `cbDefn`). Checked against CHECKED_WITH; read those
functions again before adding a version there. `ENABLED` (the environment variable
GUIDEBUILDER_LINEDRAW=reportlab turns it off, as do other ReportLab versions) is read on every
call, so tests build both ways in one process and compare the bytes.
"""
from __future__ import annotations

import os
import weakref

import reportlab
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as _paragraph

CHECKED_WITH = ("5.1.0",)
ENABLED = reportlab.Version in CHECKED_WITH and os.environ.get("GUIDEBUILDER_LINEDRAW", "") != "reportlab"

_NBSP, _SPACE = 0xA0, 0x20


class _Tables:
    """What a document's subset state of one face has assigned, as translation tables per subset."""

    __slots__ = ("assignments", "count", "subset_of", "members", "tables")

    def __init__(self, assignments: dict):
        self.assignments = assignments
        self.count = 0
        self.subset_of: dict[str, int] = {}  # character -> its subset
        self.members: list[set] = []  # per subset: its characters
        self.tables: list[dict] = []  # per subset: code point -> byte

    def update(self) -> None:
        items = list(self.assignments.items())[self.count:]
        self.count += len(items)
        for code, n in items:
            if code == _NBSP:  # never assigned by splitString (it looks up U+0020 instead)
                continue
            self._add(code, n)
            if code == _SPACE:
                self._add(_NBSP, n)

    def _add(self, code: int, n: int) -> None:
        subset = n >> 8
        while len(self.tables) <= subset:
            self.members.append(set())
            self.tables.append({})
        ch = chr(code)
        self.subset_of[ch] = subset
        self.members[subset].add(ch)
        self.tables[subset][code] = n & 0xFF


def install(font) -> None:
    """Give a TrueType `font` the fast `splitString` (instance attribute; ReportLab's stays on the class)."""
    original = font.splitString
    states = font.state
    last = [None, None]  # weak reference to the last document, its tables

    def splitString(text, doc, encoding="utf-8"):
        if not ENABLED or type(text) is not str:
            return original(text, doc, encoding)
        ref, tables = last
        if ref is None or ref() is not doc:
            state = states.get(doc)
            if state is None:
                return original(text, doc, encoding)
            tables = state.__dict__.get("_gb_tables")
            if tables is None or tables.assignments is not state.assignments:
                tables = state._gb_tables = _Tables(state.assignments)
            last[0], last[1] = weakref.ref(doc), tables
        if len(tables.assignments) != tables.count:
            tables.update()
        if not text:
            return []
        subset = tables.subset_of.get(text[0])
        if subset is None or not tables.members[subset].issuperset(text):
            return original(text, doc, encoding)
        return [(subset, text.translate(tables.tables[subset]).encode("latin-1"))]

    font.splitString = splitString


_rl_format_text = PDFTextObject._formatText


def _format_text(self, text):
    """`PDFTextObject._formatText` for unshaped text in a TrueType face: the same operators.

    ReportLab's saves and restores the text object's code and position around a branch for
    shaped text, which this case does not touch; what is left is the same loop over
    splitString's runs (a font change when the subset changes, then the run shown)."""
    font = getFont(self._fontname)
    if not ENABLED or not font._dynamicFont or (isinstance(text, ShapedStr) and font.shapable):
        return _rl_format_text(self, text)
    canv = self._canvas
    doc = canv._doc
    escape = canv._escape
    runs = font.splitString(text, doc)
    if len(runs) == 1 and runs[0][0] == self._curSubset:
        return f"({escape(runs[0][1])}) Tj"
    out = []
    tmpl = None
    for subset, t in runs:
        if subset != self._curSubset:
            if not tmpl:
                tmpl = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
            out.append(f"{font.getSubsetInternalName(subset, doc)} {tmpl}")
            self._curSubset = subset
        out.append(f"({escape(t)}) Tj")
    return " ".join(out)


PDFTextObject._formatText = _format_text


_rl_put_frag_line = _paragraph._putFragLine


def _put_frag_line(cur_x, tx, line, last, pKind):
    """`paragraph._putFragLine` for a line of plain text frags: the same operators.

    A line whose frags are all text (no images or callbacks, `cbDefn`), with no links, underlines
    or strike-throughs (`link`, `us_lines`), no background colour, no end dots, and fixed leading
    is drawn by setting each frag's font, colour and rise as they change and showing its text,
    which is all ReportLab does for it: the position, spaces and widths it also sums for each
    frag (a stringWidth per frag) are only read for links, lines, backgrounds and dots. Any other
    line goes to ReportLab's."""
    xs = tx.XtraState
    words = line.words
    if (not ENABLED or not words or xs.autoLeading in ("min", "max") or xs.backColor
            or (last and xs.style.endDots)):
        return _rl_put_frag_line(cur_x, tx, line, last, pKind)
    for f in words:
        if hasattr(f, "cbDefn") or f.us_lines or f.link or getattr(f, "backColor", None):
            return _rl_put_frag_line(cur_x, tx, line, last, pKind)
    x0 = tx._x0
    leading = xs.leading
    if tx._leading != leading:
        tx.setLeading(leading)
    final = words[-1]
    for f in words:
        font_name, size = f.fontName, f.fontSize
        if tx._fontname != font_name or tx._fontsize != size:
            tx._setFont(font_name, size)
        colour = f.textColor
        if xs.textColor != colour:
            xs.textColor = colour
            tx.setFillColor(colour)
        rise = f.rise
        if xs.rise != rise:
            xs.rise = rise
            tx.setRise(rise)
        tx._textOut(f.text, f is final)
    if tx._x0 != x0:
        _paragraph.setXPos(tx, x0 - tx._x0)


_paragraph._putFragLine = _put_frag_line
