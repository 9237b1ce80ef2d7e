"""Saddle-stitch booklet imposition: fold-and-staple sheets from a PDF of half-sheet pages.

impose_booklet: put N equal pages 2-up on landscape sheets, ready to print duplex (short-edge flip);
                the bookmarks point at the sheet side each page is on; the title (shown as the window's
                title) and language are kept. A booklet is not tagged: post the unimposed PDF online.
booklet_order: which input pages (left, right) land on each printed sheet side; None is a blank.
"""

from __future__ import annotations

import hashlib
from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject
from pypdf.generic import FloatObject, IndirectObject, NameObject, TextStringObject

Matrix = tuple[float, float, float, float, float, float]
Placed = tuple[IndirectObject, Matrix]  # a page's form XObject and where it goes

_INFO_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer")
# Clockwise /Rotate angle -> linear part (a, b, c, d) of the matrix that shows the page upright.
_UPRIGHT = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}
_SIZE_TOLERANCE = 0.01  # points


def booklet_order(page_count: int) -> list[tuple[int | None, int | None]]:
    """0-based (left, right) pages of each sheet side, padded with blanks (None) to a multiple of 4."""
    padded = -(-page_count // 4) * 4
    sides: list[tuple[int | None, int | None]] = []
    for i in range(padded // 2):
        pair = (padded - 1 - i, i) if i % 2 == 0 else (i, padded - 1 - i)  # outer page left on fronts
        left, right = (p if p < page_count else None for p in pair)
        sides.append((left, right))
    return sides


def _rotation(page: PageObject) -> int:
    rotation = page.rotation % 360
    if rotation not in _UPRIGHT:
        raise ValueError(f"cannot impose a booklet: page /Rotate {page.rotation} is not a multiple of 90")
    return rotation


def _upright_size(page: PageObject) -> tuple[float, float]:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    return (height, width) if _rotation(page) in (90, 270) else (width, height)


def _common_size(pages: list[PageObject]) -> tuple[float, float]:
    if not pages:
        raise ValueError("cannot impose a booklet: the PDF has no pages")
    width, height = _upright_size(pages[0])
    for number, page in enumerate(pages, start=1):
        page_w, page_h = _upright_size(page)
        if abs(page_w - width) > _SIZE_TOLERANCE or abs(page_h - height) > _SIZE_TOLERANCE:
            raise ValueError(f"cannot impose a booklet: page {number} is {page_w:g} x {page_h:g} pt but "
                             f"page 1 is {width:g} x {height:g} pt; all pages must have the same size")
    return width, height


def _placement(page: PageObject, x0: float) -> Matrix:
    """The cm matrix that puts the page upright with its mediabox's lower left corner at (x0, 0)."""
    a, b, c, d = _UPRIGHT[_rotation(page)]
    box = page.mediabox
    corners = ((float(box.left), float(box.bottom)), (float(box.right), float(box.top)))
    xs, ys = [a * x + c * y for x, y in corners], [b * x + d * y for x, y in corners]
    return (a, b, c, d, x0 - min(xs), -min(ys))


def _form_xobject(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """Wrap the page's content and resources, unparsed, in a form XObject clipped to its mediabox."""
    form = DecodedStreamObject()
    contents = page.get_contents()
    form.set_data(contents.get_data() if contents is not None else b"")
    resources, box = page.get("/Resources"), page.mediabox
    resources = resources.get_object().clone(writer) if resources is not None else DictionaryObject()
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)),
        NameObject("/Resources"): resources,
    })
    return writer._add_object(form.flate_encode())  # pypdf has no public way to add an indirect stream


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _add_sheet(writer: PdfWriter, size: tuple[float, float], halves: list[Placed]) -> None:
    """Append one landscape sheet side showing each (form, cm matrix) pair."""
    sheet = writer.add_blank_page(2 * size[0], size[1])
    xobjects, operators = DictionaryObject(), []
    for slot, (form, matrix) in enumerate(halves):
        xobjects[NameObject(f"/Pg{slot}")] = form
        operators.append(f"q {' '.join(_number(v) for v in matrix)} cm /Pg{slot} Do Q")
    sheet[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    content = DecodedStreamObject()
    content.set_data("\n".join(operators).encode("ascii"))
    sheet.replace_contents(content.flate_encode())


def _copy_outline(reader: PdfReader, writer: PdfWriter, side_of: dict[int, int]) -> None:
    """The bookmarks again, each pointing at the sheet side its page is printed on."""
    def walk(items, parent) -> None:
        last = None
        for item in items:
            if isinstance(item, list):  # the children of the entry before
                if last is not None:
                    walk(item, last)
                continue
            page = reader.get_destination_page_number(item)
            if page in side_of:
                last = writer.add_outline_item(title=str(item.title), page_number=side_of[page], parent=parent,
                                               is_open=item.get("/Count", 0) >= 0)
    walk(reader.outline, None)


def impose_booklet(pdf: bytes) -> bytes:
    """Impose a PDF of N equal portrait pages 2-up in saddle-stitch order on landscape sheets."""
    reader = PdfReader(BytesIO(pdf))
    pages = list(reader.pages)
    size = _common_size(pages)
    writer = PdfWriter()
    if reader.pdf_header.startswith("%PDF-1."):
        writer.pdf_header = reader.pdf_header
    forms = [_form_xobject(writer, page) for page in pages]
    side_of: dict[int, int] = {}
    for side, (left, right) in enumerate(booklet_order(len(pages))):
        slots = ((left, 0.0), (right, size[0]))
        _add_sheet(writer, size, [(forms[i], _placement(pages[i], x0)) for i, x0 in slots if i is not None])
        side_of.update({i: side for i, _ in slots if i is not None})
    _copy_outline(reader, writer, side_of)
    writer.create_viewer_preferences().display_doctitle = True  # the title, not the file name
    if "/Lang" in reader.trailer["/Root"]:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(reader.trailer["/Root"]["/Lang"]))
    info = reader.metadata or {}
    writer.add_metadata({key: info[key] for key in _INFO_KEYS if info.get(key) is not None})
    # pypdf writes no /ID unless encrypting; derive one from the input so output stays reproducible.
    digest = ByteStringObject(hashlib.sha256(pdf).digest()[:16])
    writer._ID = ArrayObject([digest, digest])
    writer.write(out := BytesIO())
    return out.getvalue()
