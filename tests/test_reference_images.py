"""Reference images: key pages of a fixed test guide (tests/guides/reference) rendered with pypdfium2
and compared with committed PNGs in tests/reference/, within a small tolerance.

When a change to the layout is meant, regenerate them and look at every image before committing:

    GB_UPDATE_REFERENCES=1 python -m pytest tests/test_reference_images.py

A failing comparison writes the rendering and a diff image (changed pixels in red over a faint
copy of the reference) and names both in the failure message. The images only hold with the
versions pinned in constraints.txt (pypdfium2 renders, ReportLab lays out, the fonts shape).
The last tests prove the comparison fails when an icon moves by 20 pt and when every second
filled rectangle is left unfilled.
"""
from __future__ import annotations

import os
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops

from guidebuilder import flowables, grid
from guidebuilder.load import load_guide
from guidebuilder.options import Options
from guidebuilder.render import build_pdf

from conftest import TESTS

GUIDE = TESTS / "guides" / "reference"
REFERENCES = TESTS / "reference"
DPI = 50
UPDATE = os.environ.get("GB_UPDATE_REFERENCES") == "1"
CHANNEL = 12  # a pixel differs when a channel differs by more than this (of 255): a light tint counts
PIXELS = 0.0002  # the share of a page's pixels that may differ (one pinned stack renders alike)

# print mode -> (options, pages by the outline entry that starts them; "cover" and "contents" are 1, 2)
BUILDS = {
    "color": ({}, ["cover", "contents", "Themes", "Theme Tracker", "Summary & Analysis", "Key Quotes",
                   "Questions", "Tracker Worksheet"]),
    "gray": ({"grayscale": True}, ["cover", "Themes", "Theme Tracker", "Tracker Worksheet"]),
    "large": ({"large_print": True}, ["cover", "Themes", "Theme Tracker", "Summary & Analysis", "Questions"]),
}


def _slug(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def _pages(pdf: Path, wanted: list[str]) -> dict[str, int]:
    """0-based page index of each wanted page: the cover, the contents, or a top-level outline entry."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list)}
    starts.update(cover=0, contents=starts.get("Contents", 1))
    missing = [w for w in wanted if w not in starts]
    assert not missing, f"pages not found in the outline: {missing}"
    return {w: starts[w] for w in wanted}


def render(pdf: Path, index: int, gray: bool) -> Image.Image:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        image = doc[index].render(scale=DPI / 72, grayscale=gray).to_pil()
    finally:
        doc.close()
    return image.convert("L" if gray else "RGB")


def difference(a: Image.Image, b: Image.Image) -> tuple[int, Image.Image]:
    """(how many pixels differ by more than CHANNEL, a mask of them)."""
    if a.size != b.size or a.mode != b.mode:
        return a.size[0] * a.size[1], Image.new("L", a.size, 255)
    diff = ImageChops.difference(a, b)
    if diff.mode == "RGB":
        r, g, bl = diff.split()
        diff = ImageChops.lighter(ImageChops.lighter(r, g), bl)
    mask = diff.point(lambda v: 255 if v > CHANNEL else 0)
    return sum(mask.histogram()[255:]), mask


def compare(image: Image.Image, name: str, out_dir: Path) -> str | None:
    """None when `image` matches the reference `name`; else what differs, with the diff image's path."""
    ref_path = REFERENCES / f"{name}.png"
    if not ref_path.is_file():
        return f"no reference image {ref_path.name} (GB_UPDATE_REFERENCES=1 makes it)"
    with Image.open(ref_path) as ref:
        ref = ref.convert(image.mode)
        changed, mask = difference(image, ref)
        if changed <= PIXELS * image.size[0] * image.size[1]:
            return None
        out_dir.mkdir(parents=True, exist_ok=True)
        image.save(out_dir / f"{name}-actual.png")
        faint = Image.blend(ref.convert("RGB"), Image.new("RGB", ref.size, "white"), 0.7)
        if mask.size == faint.size:
            faint.paste(Image.new("RGB", faint.size, (220, 0, 0)), mask=mask)
        faint.save(out_dir / f"{name}-diff.png")
    return f"{name}: {changed} pixels differ; see {out_dir / (name + '-diff.png')}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """print mode -> PDF of the reference guide, built once."""
    out = tmp_path_factory.mktemp("reference")
    guide = load_guide(GUIDE)
    pdfs = {}
    for mode, (options, _) in BUILDS.items():
        pdfs[mode] = out / f"{mode}.pdf"
        build_pdf(guide, pdfs[mode], Options(**options))
    return pdfs


CASES = [(mode, page) for mode, (_, pages) in BUILDS.items() for page in pages]


@pytest.mark.parametrize("mode,page", CASES, ids=[f"{m}-{_slug(p)}" for m, p in CASES])
def test_page_matches_its_reference_image(built, mode, page, tmp_path_factory):
    index = _pages(built[mode], [page])[page]
    image = render(built[mode], index, gray=mode == "gray")
    name = f"{mode}-{_slug(page)}"
    if UPDATE:
        REFERENCES.mkdir(exist_ok=True)
        image.save(REFERENCES / f"{name}.png", optimize=True)
        return
    problem = compare(image, name, tmp_path_factory.mktemp("reference-diff"))
    assert problem is None, problem


def test_reference_images_stay_small():
    """A few hundred KB in all: low resolution, few pages."""
    total = sum(p.stat().st_size for p in REFERENCES.glob("*.png"))
    assert len(list(REFERENCES.glob("*.png"))) == len(CASES)
    assert total < 600_000, total


# -- the comparison sees what it must see ------------------------------------------------------

def _mismatches(tmp_path, pages: list[str]) -> list[str]:
    pdf = tmp_path / "mutated.pdf"
    build_pdf(load_guide(GUIDE), pdf, Options())
    found = []
    for page, index in _pages(pdf, pages).items():
        problem = compare(render(pdf, index, gray=False), f"color-{_slug(page)}", tmp_path / "diff")
        if problem:
            found.append(problem)
    return found


@pytest.mark.skipif(UPDATE, reason="regenerating the references")
def test_an_icon_moved_by_20_points_fails_the_comparison(tmp_path, monkeypatch):
    from guidebuilder import icons

    draw = icons.draw_icon

    def moved(canv, icon, color, x, y, size, gray=False):
        draw(canv, icon, color, x + 20, y, size, gray)

    for module in (flowables, grid):
        monkeypatch.setattr(module, "draw_icon", moved)
    found = _mismatches(tmp_path, ["cover", "Themes", "Theme Tracker"])
    assert len(found) == 3, found


@pytest.mark.skipif(UPDATE, reason="regenerating the references")
def test_every_second_filled_rectangle_left_unfilled_fails_the_comparison(tmp_path, monkeypatch):
    from reportlab.pdfgen.canvas import Canvas

    rect, count = Canvas.rect, [0]

    def half_filled(self, x, y, width, height, stroke=1, fill=0):
        if fill:
            count[0] += 1
            if count[0] % 2 == 0:
                fill = 0
        return rect(self, x, y, width, height, stroke=stroke, fill=fill)

    monkeypatch.setattr(Canvas, "rect", half_filled)
    found = _mismatches(tmp_path, ["Theme Tracker", "Key Quotes", "Tracker Worksheet"])
    assert count[0] > 10 and len(found) >= 2, found
