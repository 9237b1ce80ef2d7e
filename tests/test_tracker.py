"""How the theme tracker reads on paper and on a copier, and how a play reads as a play.

The tracker's degree must survive a black-and-white copy: each cell carries pips, counted here
on a grayscale rendering. Units (`unit`, `locator`, `part`) are checked in every build of the
play sample, which must never say "chapter" or "p.".
"""
from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from conftest import GUIDES, SAMPLE, squash
from guidebuilder import fonts, markup
from guidebuilder.grid import Row, Shading, TrackerGrid, TrackerStrip
from guidebuilder.load import load_guide
from guidebuilder.model import Theme, chapter_synopsis
from guidebuilder.options import ChapterSpan, Edition, Options
from guidebuilder.render import build_pdf
from guidebuilder.styles import Styles

PLAY = GUIDES / "play"
SCALE = 4  # pixels per point when counting pips


def _pages(path) -> list[str]:
    return [squash(p.extract_text()) for p in PdfReader(path).pages]


def _section_pages(path, title: str) -> list[int]:
    """1-based pages of the top-level section `title`."""
    reader = PdfReader(path)
    tops = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline
            if not isinstance(item, list)]
    i = [t for t, _ in tops].index(title)
    end = tops[i + 1][1] - 1 if i + 1 < len(tops) else len(reader.pages)
    return list(range(tops[i][1], end + 1))


def _dark_runs(gray_row, threshold: int = 110, wider_than: float = 0) -> int:
    """How many separate dark marks a row of gray pixels crosses (only marks wider than
    `wider_than` points: a filled pip, not the outline of a hollow one)."""
    widths, run = [], 0
    for v in list(gray_row) + [255]:
        if v < threshold:
            run += 1
        elif run:
            widths.append(run)
            run = 0
    return sum(w > wider_than * SCALE for w in widths)


FILLED = 2.5  # points: wider than the outline of a hollow pip, narrower than a filled one


# -- degrees without color ---------------------------------------------------------------------

# a light yellow, a mid green and a dark blue: on a copier tint alone would print them as
# different grays, and the lightest nearly white
COLORS = ("#F0E442", "#2E7D32", "#1F5F99")


def _gray_image(grid, width: float):
    """`grid` drawn alone on a page `width` wide, rendered in gray at SCALE."""
    _, height = grid.wrap(width, 2000)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(width, height), invariant=1)
    grid.drawOn(canvas, 0, 0)
    canvas.save()
    return pypdfium2.PdfDocument(buf.getvalue())[0].render(scale=SCALE, grayscale=True).to_pil().convert("L")


@pytest.mark.parametrize("grayscale", [False, True], ids=["color", "grayscale"])
def test_every_degree_reads_on_a_black_and_white_copy(grayscale):
    """Draw a grid whose cells hold degrees 0-4, render it in gray, count the dark pips per cell."""
    styles = Styles(Options(grayscale=grayscale))
    themes = [Theme(f"t{i}", f"Theme {i}", color, "star") for i, color in enumerate(COLORS)]
    rows = [Row(str(d), f"Chapter {d}", None, [d] * len(themes), "What happens.") for d in range(5)]
    grid = TrackerGrid(themes, rows, styles, Shading(4), 0, fill=False)
    width = 480
    image = _gray_image(grid, width)
    label_w, bar_w, cell_w = grid._columns(width)
    found = {}
    for r, row in enumerate(rows):
        y_mid = (grid.head_h + (r + 0.5) * grid.row_h) * SCALE  # from the top of the image
        for j, theme in enumerate(themes):
            x0 = int((label_w + bar_w + j * cell_w + 3) * SCALE)
            x1 = int((label_w + bar_w + (j + 1) * cell_w - 3) * SCALE)
            pixels = [image.getpixel((x, int(y_mid))) for x in range(x0, x1)]
            found[(theme.color, int(row.short))] = _dark_runs(pixels, wider_than=FILLED)
    assert found == {(color, d): d for color in COLORS for d in range(5)}


def test_narrow_cells_set_their_pips_two_by_two():
    """Ten themes leave cells too narrow for a row of pips one can fill in: two rows of two."""
    styles = Styles(Options(grayscale=True))
    themes = [Theme(f"t{i}", f"Theme {i}", "#1F5F99", "star") for i in range(10)]
    rows = [Row("1", "Chapter 1", None, [i % 5 for i in range(10)], "What happens.")]
    grid = TrackerGrid(themes, rows, styles, Shading(4), 0, fill=False)
    width = 480
    image = _gray_image(grid, width)
    label_w, bar_w, cell_w = grid._columns(width)
    mid = grid.head_h + grid.row_h / 2
    counts = []
    for j in range(10):
        x0, x1 = int((label_w + j * cell_w + 3) * SCALE), int((label_w + (j + 1) * cell_w - 3) * SCALE)
        lines = [int((mid + dy) * SCALE) for dy in (-min(grid.row_h, cell_w) / 5, min(grid.row_h, cell_w) / 5)]
        counts.append([_dark_runs([image.getpixel((x, y)) for x in range(x0, x1)], wider_than=FILLED) for y in lines])
    assert counts == [[min(d, 2), max(d - 2, 0)] for d in (i % 5 for i in range(10))]


def test_the_strip_on_a_theme_page_uses_the_same_pips():
    styles = Styles(Options())
    theme = Theme("t", "Theme", "#F0E442", "star")
    strip = TrackerStrip(theme, ["1", "2", "3", "4", "5"], [0, 1, 2, 3, 4], styles, Shading(4))
    width = 300
    _, height = strip.wrap(width, 1000)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(width, height), invariant=1)
    strip.drawOn(canvas, 0, 0)
    canvas.save()
    image = pypdfium2.PdfDocument(buf.getvalue())[0].render(scale=SCALE, grayscale=True).to_pil().convert("L")
    _, cell_w, _ = strip._layout(width)
    y_mid = int((strip._row_h - strip.label_h - strip.cell_h / 2) * SCALE)  # from the top: the first row's cells
    counts = [_dark_runs([image.getpixel((x, y_mid))
                          for x in range(int((k * cell_w + 3) * SCALE), int(((k + 1) * cell_w - 3) * SCALE))],
                         wider_than=FILLED)
              for k in range(5)]
    assert counts == [0, 1, 2, 3, 4]


def test_the_blank_worksheet_asks_for_the_pips_the_key_shows():
    """Student: four hollow pips in every cell, nothing filled; teacher key: the filled pips."""
    styles = Styles(Options())
    themes = [Theme("t", "Theme", "#1F5F99", "star")]
    rows = [Row("1", "Chapter 1", None, [4], "")]
    pixels = {}
    for blank in (True, False):
        grid = TrackerGrid(themes, rows, styles, Shading(4), 0, blank=blank, fill=False)
        _, height = grid.wrap(300, 1000)
        buf = io.BytesIO()
        canvas = Canvas(buf, pagesize=(300, height), invariant=1)
        grid.drawOn(canvas, 0, 0)
        canvas.save()
        image = pypdfium2.PdfDocument(buf.getvalue())[0].render(scale=SCALE, grayscale=True).to_pil().convert("L")
        label_w, _, cell_w = grid._columns(300)
        y_mid = int((grid.head_h + grid.row_h / 2) * SCALE)
        row = [image.getpixel((x, y_mid)) for x in range(int((label_w + 3) * SCALE), int((label_w + cell_w - 3) * SCALE))]
        pixels[blank] = row
    assert _dark_runs(pixels[True], threshold=200) == 8  # four rings: each crossed twice
    assert min(pixels[True]) > 60  # outlines only: nothing filled in
    assert _dark_runs(pixels[False], wider_than=FILLED) == 4


# -- the tracker pages of the sample -----------------------------------------------------------

@pytest.fixture(scope="module")
def sample_tracker(build_once, sample_guide):
    pdf = build_once(SAMPLE, "the-great-gatsby")
    return pdf, _section_pages(pdf.path, "Theme Tracker")


def test_sample_tracker_is_one_full_page_holding_every_synopsis(sample_guide, sample_tracker):
    pdf, pages = sample_tracker
    assert len(pages) == 1
    text = squash(pdf.texts[pages[0] - 1])
    for ch in sample_guide.chapters:
        synopsis = markup.plain(chapter_synopsis(ch))
        assert synopsis in text, ch.title  # whole: the rows grow to fill the page, and the synopsis with them
    page = pypdfium2.PdfDocument(str(pdf.path))[pages[0] - 1]
    last = markup.plain(sample_guide.chapters[-1].title)
    found = page.get_textpage().search(last)
    index, _ = found.get_next()
    _, bottom, _, _ = page.get_textpage().get_charbox(index)
    assert bottom < page.get_size()[1] * 0.2, "the last row stands high on the page: the tracker leaves it half empty"


def test_sample_tracker_heads_name_every_theme_and_key_the_pips(sample_guide, sample_tracker):
    pdf, pages = sample_tracker
    text = squash(pdf.texts[pages[0] - 1])
    for word in ("absent", "touched on", "present", "important", "central", "CHAPTER", "LENGTH"):
        assert word in text
    for theme in sample_guide.themes:  # the rotated heads: whole, a long name on two lines
        name = markup.plain(theme.name)
        assert name in text, name


def test_a_long_theme_name_takes_two_even_lines_in_the_head():
    from guidebuilder.grid import _balanced

    fonts.register()
    font = "GB-Sans-Bold"
    name = "Wealth, Class, and Old vs. New Money"
    room = fonts.width(name, font, 8) * 0.7
    assert _balanced(name, font, 8, room, 2) == ["Wealth, Class, and", "Old vs. New Money"]
    assert _balanced(name, font, 8, room * 2, 2) == [name]  # fits: one line
    assert _balanced(name, font, 8, room, 1)[0].endswith("\u2026")  # no room for two: cut


def test_length_column_only_when_lengths_are_given(make_guide, tmp_path):
    folder = make_guide({"guide.yaml": """\
        title: T
        author: A
        themes: [{id: a, name: Alpha}]
        chapters:
          - {title: One, summary: [{text: Something happens here at last., themes: [a]}]}
        """})
    out = tmp_path / "t.pdf"
    build_pdf(load_guide(folder), out)
    text = " ".join(_pages(out)[p - 1] for p in _section_pages(out, "Theme Tracker"))
    assert "LENGTH" not in text and "bar shows" not in text
    assert "One Something happens here at last." in text  # the default synopsis: the first sentence


# -- a play reads as a play --------------------------------------------------------------------

@pytest.fixture(scope="module")
def play():
    return load_guide(PLAY)


BUILDS = {
    "student": {}, "teacher": {"edition": Edition.TEACHER}, "large": {"large_print": True},
    "scenes": {"chapters": ChapterSpan(2, 3, 5)}, "theme": {"theme": "fate"},
}


@pytest.mark.parametrize("build", BUILDS)
def test_a_play_never_says_chapter_or_page(play, tmp_path, build):
    out = tmp_path / "play.pdf"
    build_pdf(play, out, Options(**BUILDS[build]))
    text = " ".join(_pages(out))
    assert not re.search(r"chapter", text, re.IGNORECASE)
    assert not re.search(r"\bpp?\. \d", text)


def test_a_play_labels_scenes_lines_and_acts(play, tmp_path):
    out = tmp_path / "play.pdf"
    build_pdf(play, out)
    pages = _pages(out)
    tracker = " ".join(pages[p - 1] for p in _section_pages(out, "Theme Tracker"))
    assert "Each row is a scene" in tracker and "SCENE" in tracker
    assert tracker.index("ACT 1") < tracker.index("Act 1, Scene 1") < tracker.index("ACT 2") < tracker.index("Act 2, Scene 1")
    quotes = " ".join(pages[p - 1] for p in _section_pages(out, "Key Quotes"))
    assert "\u2014 Macbeth \u00b7 l. 38" in quotes and "ll. 33\u201334" in quotes
    themes = " ".join(pages[p - 1] for p in _section_pages(out, "Themes"))
    assert "\u201cIs this a dagger which I see before me, / The handle toward my hand?\u201d \u2014 Macbeth, Act 2, Scene 1, ll. 33\u201334" in themes
    reader = PdfReader(out)
    outline = [item.title if not isinstance(item, list) else [i.title for i in item if not isinstance(i, list)]
               for item in reader.outline]
    summary = outline[outline.index("Summary & Analysis") + 1]
    assert summary == ["Act 1", "Act 2"]


def test_a_scene_handout_is_titled_in_scenes(play, tmp_path):
    out = tmp_path / "play.pdf"
    build_pdf(play, out, Options(chapters=ChapterSpan(2, 3, 5)))
    first = _pages(out)[0]
    assert "Macbeth by William Shakespeare \u00b7 Scenes 2\u20133" in first
    assert "covering scenes 2\u20133 (2 of 5 scenes): Act 1, Scene 2 to Act 1, Scene 3" in first
    assert "Themes in these scenes" in first


def test_characters_without_descriptions_print_as_a_compact_list(play, tmp_path):
    out = tmp_path / "play.pdf"
    build_pdf(play, out)
    text = " ".join(_pages(out)[p - 1] for p in _section_pages(out, "Characters"))
    assert "Lady Macbeth His wife, who drives him to the deed. Banquo Minor Characters" in text
    assert "The Weird Sisters \u00b7 A Captain \u00b7 Duncan" in text


def test_unit_takes_an_irregular_plural(make_guide):
    folder = make_guide({"guide.yaml": """\
        title: Dubliners
        author: James Joyce
        unit: {one: Story, many: Stories}
        locator: line
        themes: [{id: a, name: Paralysis}]
        chapters:
          - {title: The Sisters, part: Childhood, synopsis: "  A boy   hears of a priest's death. "}
        """})
    guide = load_guide(folder)
    assert guide.unit == ("Story", "Stories") and guide.locator == "line"
    assert guide.chapters[0].part == "Childhood"
    assert guide.chapters[0].synopsis == "A boy hears of a priest's death."


# -- quote blocks ------------------------------------------------------------------------------

def _rules(path, page: int) -> list[tuple[float, float, float]]:
    """The fill colors of the 3-pt-wide bars (quote-block rules) drawn on 1-based `page`."""
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    p = reader.pages[page - 1]
    color, found = None, []
    for operands, op in ContentStream(p.get_contents(), reader).operations:
        if op == b"rg":
            color = tuple(round(float(v), 3) for v in operands)
        elif op == b"re" and abs(float(operands[2]) - 3) < 0.01:
            found.append(color)
    return found


def test_quote_block_rule_takes_the_color_of_the_theme_whose_section_holds_it(make_guide, tmp_path):
    folder = make_guide({"guide.yaml": """\
        title: T
        author: A
        themes:
          - {id: red, name: Red, color: "#B03A2E", icon: flame}
          - {id: blue, name: Blue, color: "#1F5F99", icon: wave}
        chapters:
          - title: One
            quotes:
              - {text: Both colors at once., themes: [blue, red], explanation: It stands in both sections.}
        """})
    guide = load_guide(folder)
    red, blue = (0.69, 0.227, 0.18), (0.122, 0.373, 0.6)
    for theme, want in (("red", red), ("blue", blue)):
        out = tmp_path / f"{theme}.pdf"
        build_pdf(guide, out, Options(theme=theme))
        rules = [r for page in range(1, len(PdfReader(out).pages) + 1) for r in _rules(out, page)]
        assert rules and all(max(abs(a - b) for a, b in zip(r, want)) < 0.01 for r in rules), (theme, rules)
    out = tmp_path / "full.pdf"
    build_pdf(guide, out)  # in Key Quotes, no theme's section: the quote's first theme
    page = _section_pages(out, "Key Quotes")[0]
    assert [max(abs(a - b) for a, b in zip(r, blue)) < 0.01 for r in _rules(out, page)] == [True]


def test_quote_icons_stand_on_the_attribution_line(tmp_path, play):
    import pypdfium2.raw as raw

    out = tmp_path / "play.pdf"
    build_pdf(play, out)
    page_no = _section_pages(out, "Key Quotes")[0]
    page = pypdfium2.PdfDocument(str(out))[page_no - 1]
    text = page.get_textpage()
    dashes = [text.get_charbox(i) for i in range(text.count_chars()) if text.get_text_range(i, 1) == "\u2014"]
    icons = [o.get_bounds() for o in page.get_objects(max_depth=1) if o.type == raw.FPDF_PAGEOBJ_FORM]
    assert icons and dashes
    for _, bottom, _, top in icons:  # each icon shares its line with an attribution's dash
        assert any(bottom - 2 <= (d[1] + d[3]) / 2 <= top + 2 for d in dashes), (bottom, top)


def test_quote_attribution_does_not_repeat_the_chapter_heading_above_it(tmp_path, play):
    out = tmp_path / "fate.pdf"
    build_pdf(play, out, Options(theme="fate"))
    text = " ".join(_pages(out))
    assert "Act 1, Scene 3 So foul and fair a day I have not seen. \u2014 Macbeth \u00b7 l. 38" in text


def test_sample_guide_prints_each_quotation_and_explanation_once_in_at_most_56_pages(sample_guide, sample_tracker):
    from hostile import guides as G

    pdf, _ = sample_tracker
    flat = G.normalize(G.pdf_text(pdf.path))
    quotes = [q for ch in sample_guide.chapters for q in ch.quotes]
    twice = [q.explanation[:40] for q in quotes if q.explanation
             and flat.count(G.normalize(markup.plain(q.explanation)[:60])) != 1]
    assert twice == []
    # 50 pages with the full-width column; the 336-pt text column beside the margin rail (a 60-90
    # character measure) cost 10 of them back (60). Questions then put their chapter labels in the
    # rail and their answer lines across it, fewer and longer for the same room to write: 55.
    # Was 68 before quotations were printed once.
    assert len(pdf.texts) <= 56


# -- the cover ---------------------------------------------------------------------------------

def _char_box(page, needle: str):
    text = page.get_textpage()
    index, _ = text.search(needle).get_next()
    return text.get_charbox(index)  # left, bottom, right, top


@pytest.mark.parametrize("grayscale", [False, True], ids=["color", "grayscale"])
def test_cover_sets_the_theme_legend_as_tiles_at_the_foot_on_one_axis(build_once, grayscale):
    from conftest import TINY

    pdf = build_once(TINY, "tiny-teacher-cover" + ("-gray" if grayscale else ""), edition=Edition.TEACHER,
                     grayscale=grayscale)
    page = pypdfium2.PdfDocument(str(pdf.path))[0]
    _, height = page.get_size()
    title, author = _char_box(page, "The Lantern Keeper"), _char_box(page, "Inés Álvarez")
    themes = [_char_box(page, markup.plain(t.name)) for t in pdf.guide.themes]
    legend = _char_box(page, "Themes" if grayscale else "Themes and colors")
    credits = _char_box(page, "Written for the guidebuilder tests.")
    badge = _char_box(page, "TEACHER EDITION")
    # one left axis for the title block, the badge, the legend's title and the credits
    lefts = [title[0], author[0], badge[0] - 10, legend[0], credits[0]]
    assert max(lefts) - min(lefts) < 12, lefts
    # tiles: the first two themes side by side, the third below the first
    assert abs(themes[0][1] - themes[1][1]) < 2 and themes[1][0] > themes[0][0] + 100
    assert themes[2][1] < themes[0][1] - 20 and abs(themes[2][0] - themes[0][0]) < 2
    assert credits[1] < height * 0.2, "the legend and credits do not stand at the foot: the lower half is empty"
    text = squash(pdf.texts[0])
    assert ("Themes and colors" in text) != grayscale


def test_a_scene_range_outside_the_play_is_named_in_scenes(play):
    from guidebuilder.selection import SelectionError, resolve_chapters

    with pytest.raises(SelectionError) as err:
        resolve_chapters(play, "7")
    assert str(err.value) == "scene 7 is outside this guide: it has scenes 1-5 (ch1..ch5)"
