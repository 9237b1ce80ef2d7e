"""The one place layout touches ReportLab internals (private names and attributes); the PDF-object
internals that tagging needs are listed in tagging.py, those of Paragraph.breakLines that our line
breaker reproduces in linebreak.py (which checks its own CHECKED_WITH and leaves other versions to
ReportLab's breakLines), those of text drawing that linedraw.py reproduces (TTFont.splitString,
PDFTextObject._formatText, paragraph._putFragLine) and those of ParaParser that frags.py reproduces
(each likewise guarded by its own CHECKED_WITH).

Checked against ReportLab 5.1.0, the version constraints.txt pins; pyproject.toml requires it as the
floor. When ReportLab is upgraded, read the functions below against its source first:

kept(), kept_with()  a KeepTogether's `_content` and `_maxHeight`
may_keep()           doctemplate._ktAllow: may a flowable go inside a KeepTogether (not a page break
                     or another location changer)
clear_keep_with_next()  the instance override ReportLab itself uses once a keepWithNext run is grouped
wrap_once()          a height cached per width on the flowable (`_gb_wrapped`): Paragraph.wrap re-breaks
forget_wrap()        drop that cache (split() may discard the layout wrap() made)
line_texts()         the text of each line of a wrapped Paragraph (`blPara.lines`)
line_count()         the lines of a wrapped Paragraph (`blPara.lines`)
last_line_width()    the width of a wrapped Paragraph's last line (`blPara.lines[-1]`)
same_frag()          replaces `paragraph.sameFrag` (see there)
uri_split_pairs()    replaces `paragraph._uri_split_pairs` (see there)
repeat_text_operators()  the last operators written to a text object (`_code`), again
place_form()         a form drawn at a point, as the operators canvas.saveState, translate, doForm and
                     restoreState write (`_code`, `_formsinuse`, `pdfdoc.xObjectName`)
pdf_format(), pdf_name(), pdfdoc_enc()  replace `pdfdoc.format`, `PDFName` and `pdfdocEnc` (see there)
document_format()    replaces `PDFDocument.format` (`idToObject`, `numberToId`, `idToOffset`, `PDFFile`)
text_object()        a text object for Paragraph.drawPara that makes no reference cycle (`_do_line`)
"""
from __future__ import annotations

import re
from types import MethodType as _MethodType

from reportlab import rl_config as _rl_config
from reportlab.lib.rl_accel import fp_str as _fp_str
from reportlab.pdfbase import pdfdoc as _pdfdoc
from reportlab.pdfbase import pdfmetrics as _pdfmetrics
from reportlab.pdfbase import ttfonts as _ttfonts
from reportlab.pdfgen import textobject as _textobject
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus.doctemplate import _ktAllow

CHECKED_WITH = ("5.1.0",)


def same_frag(f, g, _keys=("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")):
    """Whether two fragments of a paragraph print alike: ReportLab's own pure-Python version.

    With rl_accel installed ReportLab takes the C `sameFrag`, which asks for each attribute and
    pays for an exception whenever one is missing, as most are: measured at 4.5 us a call against
    1.1 us for this one, and a build makes about 50,000 calls (line breaking joins words of one
    style). The two agree on every pair (a test checks); the other C functions (number
    formatting, escaping) are faster and stay.
    """
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return 0
    return [fd.get(k) for k in _keys] == [gd.get(k) for k in _keys]


_paragraph.sameFrag = same_frag


def repeat_text_operators(text, count: int, times: int) -> None:
    """Write the last `count` operators of the text object `text` `times` more times: what as many
    more calls of the methods that wrote them would write when those leave nothing else behind
    (a dot by textOut and a move by moveCursor, which merges only with a move before it)."""
    if times > 0:
        text._code.extend(text._code[-count:] * times)


def place_form(canvas, name: str, x: float, y: float) -> None:
    """canvas.saveState(); canvas.translate(x, y); canvas.doForm(name); canvas.restoreState(), by
    the operators those write: the four calls copy the canvas's state and put it back, which cost
    more than the pip a tracker places with them, thousands of times."""
    canvas._code += ("q", f"1 0 0 1 {_fp_str(x, y)} cm", f"/{_pdfdoc.xObjectName(name)} Do", "Q")
    canvas._formsinuse.append(name)

_rl_uri_split_pairs = _paragraph._uri_split_pairs


def uri_split_pairs(uri):
    """ReportLab's `_uri_split_pairs` (where a URL may break), which hyphenation asks of every word
    long enough to break: ReportLab's URL pattern (`uri_pat`) cannot match text without '://' (its
    first group), so such a word is answered at once, without compiling the pattern (28 ms, which
    rlstart.py defers) or trying it."""
    if type(uri) is str and "://" not in uri:
        return None
    return _rl_uri_split_pairs(uri)


_paragraph._uri_split_pairs = uri_split_pairs

# Writing the PDF is ReportLab formatting every value of every object through `pdfdoc.format`
# (400,000 calls for a 600-page guide, about a fifth of writing it): an isinstance chain, then
# each text encoded through a charmap codec (PDFDocEncoding), and every dictionary key through
# PDFName's character loop. The functions below give the same bytes by shorter paths: ASCII text
# is PDFDocEncoding except for U+0018-U+001F, which still go to the codec, as does anything else
# unusual; names repeat (a few dozen keys), so each is made once.
_rl_format, _rl_name, _pdfdoc_enc = _pdfdoc.format, _pdfdoc.PDFName, _pdfdoc.pdfdocEnc
_NOT_PDFDOC_ASCII = re.compile("[\x18-\x1f]")
_names: dict = {}


def pdfdoc_enc(text):
    """`pdfdoc.pdfdocEnc`: text in PDFDocEncoding, ASCII without the codec."""
    if type(text) is str and text.isascii() and _NOT_PDFDOC_ASCII.search(text) is None:
        return text.encode("ascii")
    return _pdfdoc_enc(text)


def pdf_format(element, document, toplevel=0):
    """`pdfdoc.format`, the common kinds first."""
    kind = type(element)
    if kind is str:
        return pdfdoc_enc(element)
    if kind is bytes:
        return element
    if kind is int or kind is float:
        return _fp_str(element).encode("ascii")
    return _rl_format(element, document, toplevel)


def pdf_name(data, lo=chr(0x21), hi=chr(0x7e)):
    """`pdfdoc.PDFName`, remembered per name."""
    if lo != "!" or hi != "~" or type(data) is not str:
        return _rl_name(data, lo, hi)
    name = _names.get(data)
    if name is None:
        name = _names[data] = _rl_name(data)
    return name


_pdfdoc.format, _pdfdoc.PDFName, _pdfdoc.pdfdocEnc = pdf_format, pdf_name, pdfdoc_enc

_rl_document_format = _pdfdoc.PDFDocument.format


def document_format(doc) -> bytes:
    """`PDFDocument.format`: every registered object as `N 0 obj ... endobj` in number order (objects
    registered meanwhile included), the cross-reference table, the trailer. ReportLab wraps each
    object in a PDFIndirectObject, formats it through `pdfdoc.format` and encodes every piece again
    on the way into its PDFFile: per-object costs that a 600-page guide, with tens of thousands of
    structure elements, pays in full. The same bytes, written directly, for a document as ours
    are (no encryption, no signatures, no comments); any other goes to ReportLab's."""
    if (type(doc.encrypt) is not _pdfdoc.NoEncryption or getattr(doc, "_digiSigs", None)
            or (not _rl_config.invariant and _rl_config.pdfComments)):
        return _rl_document_format(doc)
    cat, info = doc.Catalog, doc.info
    doc.Reference(cat)
    doc.Reference(info)
    numbers, objects, offsets = doc.numberToId, doc.idToObject, doc.idToOffset
    numbered = doc.idToObjectNumberAndVersion
    out = _pdfdoc.PDFFile(doc._pdfVersion)
    doc.__accum__ = out
    chunks, offset = out.strings, out.offset
    ids = []
    counter = 1
    while counter in numbers:
        oid = numbers[counter]
        obj = objects[oid]
        body = obj.format(doc) if isinstance(obj, _pdfdoc.PDFObject) else _rl_format(obj, doc, 1)
        n, v = numbered[oid]
        data = b"%d %d obj\n%s%sendobj\n" % (n, v, body, b"" if body.endswith(b"\n") else b"\n")
        offsets[oid] = offset
        chunks.append(data)
        offset += len(data)
        ids.append(oid)
        counter += 1
    del doc.__accum__
    entries = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(ids) + 1)]
    entries += [b"%010d %05d n \n" % (offsets[oid], numbered[oid][1]) for oid in ids]
    out.offset = offset
    xref_offset = out.add(b"".join(entries))
    trailer = _pdfdoc.PDFTrailer(startxref=xref_offset, Size=len(ids) + 1, Root=doc.Reference(cat),
                                 Info=doc.Reference(info), ID=doc.ID())
    out.add(trailer.format(doc))
    return out.format(doc)


_pdfdoc.PDFDocument.format = document_format

def made_subsets(canvas) -> dict:
    """{(font file, subset): (the subset's bytes, as compressed)} for every subset of the TrueType
    fonts `canvas`'s document names: what TTFont.addObjects embeds for them (makeSubset, then the
    stream's FlateDecode). A split build's worker makes them after sending its pages, while the
    parent adopts those; with the font plan the parent's subsets are the same (add_subset_objects
    uses an entry only for a subset equal to its key)."""
    doc, made = canvas._doc, {}
    for name in doc.fontMapping:
        font = _pdfmetrics.getFont(name)
        state = font.state.get(doc) if isinstance(font, _ttfonts.TTFont) and font._dynamicFont else None
        for subset in state.subsets if state is not None else ():
            raw = font.face.makeSubset(subset)
            made[(font.face.filename, tuple(subset))] = (raw, _pdfdoc.PDFZCompress.encode(raw))
    return made


class _Deflated:
    """The FlateDecode filter of a stream whose compressed bytes were made beforehand."""
    pdfname = _pdfdoc.PDFZCompress.pdfname

    def __init__(self, raw: bytes, data: bytes):
        self.raw, self.data = raw, data

    def encode(self, text):
        return self.data if text == self.raw else _pdfdoc.PDFZCompress.encode(text)


_rl_add_subset_objects = _ttfonts.TTFontFace.addSubsetObjects


def add_subset_objects(face, doc, fontname, subset):
    """`TTFontFace.addSubsetObjects`, with the subset's bytes and their compression taken from
    `doc.made_subsets` when they are there (made_subsets(): a dict, or a callable that gives one
    when first needed). The same objects and bytes."""
    made = getattr(doc, "made_subsets", None)
    if callable(made):
        made = doc.made_subsets = made()
    found = made.get((face.filename, tuple(subset))) if made else None
    if found is None:
        return _rl_add_subset_objects(face, doc, fontname, subset)
    raw, data = found
    face.makeSubset = lambda subset: raw  # called once, by the method below; the class's comes back
    try:
        reference = _rl_add_subset_objects(face, doc, fontname, subset)
    finally:
        del face.makeSubset
    stream = doc.idToObject[f"fontFile:{face.filename}({fontname})"]
    if stream.filters:
        stream.filters = [_Deflated(raw, data)]
    return reference


_ttfonts.TTFontFace.addSubsetObjects = add_subset_objects

_CACHE = "_gb_wrapped"


class TextObject(_textobject.PDFTextObject):
    """A canvas's text object that holds ReportLab's line-drawing method without a reference to
    itself. Paragraph.drawPara sets `tx._do_line = MethodType(_do_line, tx)` on the text object of
    every paragraph of mixed fonts: a cycle (object, method, object) that only the garbage collector
    can free, holding the paragraph's lines and fragments until it does, and nearly all the cyclic
    garbage a build made. Here the function is kept and bound when read."""

    @property
    def _do_line(self):
        return _MethodType(self.__dict__["_gb_do_line"], self)

    @_do_line.setter
    def _do_line(self, method):
        self.__dict__["_gb_do_line"] = method.__func__


def text_object(canvas, x: float, y: float) -> TextObject:
    """canvas.beginText(x, y), as a TextObject."""
    return TextObject(canvas, x, y)


def kept(group) -> list:
    """The flowables a KeepTogether holds (`_content`)."""
    return group._content


def kept_with(group, lead: list):
    """A KeepTogether of the same kind and maximum height (`_maxHeight`) with `lead` before its content."""
    return type(group)(lead + group._content, group._maxHeight)


def may_keep(flowable) -> bool:
    return bool(_ktAllow(flowable))


def clear_keep_with_next(flowable) -> None:
    flowable.__dict__["keepWithNext"] = 0


def wrap_once(f, width: float) -> float:
    """The height of `f` at `width`, laying it out only once per width (Paragraph.wrap re-breaks lines)."""
    cached = f.__dict__.get(_CACHE)
    if cached is not None and cached[0] == width:
        return cached[1]
    _, h = f.wrap(width, 1e9)
    f.__dict__[_CACHE] = (width, h)
    return h


def forget_wrap(f) -> None:
    f.__dict__.pop(_CACHE, None)


def _lines(p) -> list:
    bl = getattr(p, "blPara", None)
    return getattr(bl, "lines", None) or []


def line_texts(p) -> list[str]:
    """The text of each line of a wrapped Paragraph."""
    out = []
    for line in _lines(p):
        if isinstance(line, tuple):  # one font: (extra space, words)
            out.append(" ".join(line[1]))
        else:  # mixed fonts: a FragLine of fragments
            out.append("".join(getattr(w, "text", "") for w in getattr(line, "words", [])))
    return out


def line_count(p) -> int:
    """Lines of a Paragraph after its wrap()."""
    return len(_lines(p))


def last_line_width(p) -> float:
    lines = _lines(p)
    if not lines:
        return 0
    last = lines[-1]
    extra = last[0] if isinstance(last, tuple) else getattr(last, "extraSpace", 0)
    return max(p.width - extra, 0)
