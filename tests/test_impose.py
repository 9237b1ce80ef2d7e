"""How booklets are imposed."""

from __future__ import annotations

import hashlib
import io

import pypdfium2
import pytest
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, NumberObject, RectangleObject
from reportlab.pdfgen import canvas

from guidebuilder.impose import booklet_order, impose_booklet

HALF = (396, 612)  # 5.5 x 8.5 in, half a US Letter sheet


def make_pdf(count: int, sizes: list[tuple[float, float]] | None = None) -> bytes:
    """A PDF whose pages show a big label "P1", "P2", ... and a frame."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=HALF, invariant=1)
    c.setTitle("Of Mice and Men: a study guide")
    c.setAuthor("Ms Rivera")
    for number in range(1, count + 1):
        width, height = sizes[number - 1] if sizes else HALF
        c.setPageSize((width, height))
        c.rect(10, 10, width - 20, height - 20)
        c.setFont("Helvetica-Bold", 96)
        c.drawCentredString(width / 2, height / 2, f"P{number}")
        c.showPage()
    c.save()
    return buf.getvalue()


def rewrite_pages(pdf: bytes, ctm: tuple[float, ...], mediabox: list[float], rotate: int = 0) -> bytes:
    """Move every page's content by ctm into a new mediabox, optionally with a /Rotate."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        page.add_transformation(Transformation(ctm))
        page.mediabox = RectangleObject(mediabox)
        page[NameObject("/Rotate")] = NumberObject(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def halves(pdf: bytes) -> list[tuple[str, str]]:
    """The text on the left and right half of each output page."""
    doc = pypdfium2.PdfDocument(pdf)
    found = []
    for page in doc:
        width, height = page.get_size()
        text = page.get_textpage()
        found.append(tuple(text.get_text_bounded(x, 0, x + width / 2, height).strip()
                           for x in (0, width / 2)))
    return found


def render(pdf: bytes, index: int) -> bytes:
    return pypdfium2.PdfDocument(pdf)[index].render(scale=1).to_pil().convert("L").tobytes()


@pytest.mark.parametrize("count, sheets", [(1, 2), (4, 2), (5, 4), (8, 4), (10, 6)])
def test_pads_to_a_multiple_of_four_on_landscape_sheets(count: int, sheets: int) -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(make_pdf(count))))
    assert len(reader.pages) == sheets
    for page in reader.pages:
        box = page.mediabox
        assert (box.left, box.bottom, box.width, box.height) == (0, 0, 792, 612)


def test_eight_pages_print_in_saddle_stitch_order() -> None:
    assert halves(impose_booklet(make_pdf(8))) == [("P8", "P1"), ("P2", "P7"), ("P6", "P3"), ("P4", "P5")]


@pytest.mark.parametrize("count, expected", [
    (1, [("", "P1"), ("", "")]),
    (5, [("", "P1"), ("P2", ""), ("", "P3"), ("P4", "P5")]),
    (10, [("", "P1"), ("P2", ""), ("P10", "P3"), ("P4", "P9"), ("P8", "P5"), ("P6", "P7")]),
])
def test_blank_pages_go_at_the_back(count: int, expected: list[tuple[str, str]]) -> None:
    assert halves(impose_booklet(make_pdf(count))) == expected


@pytest.mark.parametrize("count", range(1, 41))
def test_every_sheet_backs_onto_the_next_page_when_flipped_on_the_short_edge(count: int) -> None:
    sides = booklet_order(count)
    padded = 2 * len(sides)
    assert padded % 4 == 0 and padded - 4 < count <= padded
    placed = [p for side in sides for p in side if p is not None]
    assert sorted(placed) == list(range(count))
    for front, back in zip(sides[0::2], sides[1::2]):
        right, left = front[1], back[0]   # the same leaf, seen from both sides
        assert right is not None and (left is None or left == right + 1)
        if front[0] is not None:          # the other leaf holds a later pair
            assert back[1] is None or back[1] + 1 == front[0]


def test_same_input_gives_identical_bytes_and_an_id_from_the_input() -> None:
    source = make_pdf(6)
    first, second = impose_booklet(source), impose_booklet(source)
    assert first == second
    file_id = PdfReader(io.BytesIO(first)).trailer["/ID"]
    expected = hashlib.sha256(source).digest()[:16]
    # pypdf may read a decodable hex string back as text; original_bytes undoes that
    assert [part.original_bytes for part in file_id] == [expected, expected]


def test_document_info_is_copied() -> None:
    info = PdfReader(io.BytesIO(impose_booklet(make_pdf(3)))).metadata
    assert info.title == "Of Mice and Men: a study guide"
    assert info.author == "Ms Rivera"
    assert info.producer.startswith("ReportLab")


def test_pages_stay_vector_text_not_images() -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(make_pdf(4))))
    assert [page.extract_text().split() for page in reader.pages] == [["P4", "P1"], ["P2", "P3"]]
    assert all(not page.images for page in reader.pages)


def test_mixed_page_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="page 3 is 420 x 595"):
        impose_booklet(make_pdf(3, sizes=[HALF, HALF, (420, 595)]))


def test_a_pdf_without_pages_is_refused() -> None:
    out = io.BytesIO()
    PdfWriter().write(out)
    with pytest.raises(ValueError, match="no pages"):
        impose_booklet(out.getvalue())


def test_a_mediabox_away_from_the_origin_lands_in_the_same_place() -> None:
    plain = make_pdf(4)
    shifted = rewrite_pages(plain, (1, 0, 0, 1, 100, 50), [100, 50, 496, 662])
    assert halves(impose_booklet(shifted)) == [("P4", "P1"), ("P2", "P3")]
    assert render(impose_booklet(shifted), 0) == render(impose_booklet(plain), 0)


def test_a_rotated_page_is_placed_upright() -> None:
    plain = make_pdf(4)
    # Store the pages landscape, turned a quarter counter-clockwise, and let /Rotate 90 turn them back.
    rotated = rewrite_pages(plain, (0, 1, -1, 0, 612, 0), [0, 0, 612, 396], rotate=90)
    imposed = impose_booklet(rotated)
    assert PdfReader(io.BytesIO(imposed)).pages[0].mediabox.width == 792
    assert halves(imposed) == [("P4", "P1"), ("P2", "P3")]
    assert render(imposed, 1) == render(impose_booklet(plain), 1)
