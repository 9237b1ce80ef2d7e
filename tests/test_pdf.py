"""How a guide is laid out as a PDF: sections, outline, contents, paper, metadata, colors, fonts and text."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

from conftest import SECTION_TITLES, TINY, hex_rgb, squash
from guidebuilder import markup
from guidebuilder.load import load_guide
from guidebuilder.options import ChapterSpan, Edition, Options, Paper
from guidebuilder.flowables import Heading
from guidebuilder.pages import GuideDoc, Metadata
from guidebuilder.render import build_pdf
from guidebuilder.styles import Styles

SUBSET_NAME = re.compile(r"/?[A-Z]{6}\+.+")
ANSWERS = ("How to trim the wick so the flame burns clean.", "Because ships on the reef depend on it.")


def is_subsequence(part: list, whole: list) -> bool:
    """True when every item of `part` is in `whole`, in the same order (other items may come between)."""
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


def expected_sections(guide) -> list[str]:
    """The section titles a full guide has, by the contract: a section with no content is left out."""
    present = {
        "Background": not guide.background.is_empty(),
        "Plot Summary": bool(guide.plot_summary),
        "Characters": bool(guide.characters),
        "Themes": True,
        "Theme Tracker": True,
        "Summary & Analysis": any(c.passages for c in guide.chapters),
        "Key Quotes": any(c.quotes for c in guide.chapters),
        "Symbols": bool(guide.symbols),
        "Glossary": bool(guide.glossary),
        "Questions": bool(guide.questions) or any(c.questions for c in guide.chapters),
    }
    return [title for title in SECTION_TITLES if present[title]]


def first_page_starting_with(pdf, title: str) -> int | None:
    """The first page whose text begins with the line `title` (a section's first page)."""
    for page in range(1, len(pdf.texts) + 1):
        lines = pdf.lines(page)
        if lines and lines[0] == title:
            if len(lines) > 1 and (set(lines[1]) <= {".", " "} or lines[1].isdigit()):
                continue  # a contents page whose first entry is that title
            return page
    return None


def contents_entries(pdf) -> list[tuple[str, int]]:
    """(title, page number) as the contents pages print them, dot leaders and running header left out."""
    start = dict((t, p) for lvl, t, p in pdf.outline if lvl == 0)["Contents"]
    first_section = min(p for lvl, t, p in pdf.outline if lvl == 0 and t != "Contents")
    header = pdf.lines(start + 1)[-3]  # the running header of the first body page after the contents
    entries, pending = [], []
    for page in range(start, first_section):
        lines = pdf.lines(page)
        if page == start:
            lines = lines[1:]  # the "Contents" title
        for line in lines:
            if set(line) <= {".", " "}:
                continue
            if line.isdigit() and pending:
                entries.append((" ".join(pending), int(line)))
                pending = []
            else:
                pending.append(line)
        pending = []
    return [(title, n) for title, n in entries if not title.startswith(header)]


def color_pixels(pdf_path: Path, page: int, hex_color: str, scale: float = 1.5) -> int:
    """How many pixels of the rendered page are the color (within 3/255 per channel)."""
    doc = pypdfium2.PdfDocument(str(pdf_path))
    try:
        image = doc[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        doc.close()
    diff = ImageChops.difference(image, Image.new("RGB", image.size, tuple(round(v * 255) for v in hex_rgb(hex_color))))
    r, g, b = diff.split()
    worst = ImageChops.lighter(ImageChops.lighter(r, g), b)
    return sum(worst.histogram()[:4])


@pytest.fixture(params=["tiny", "sample", "sample-large-print"])
def guide_pdf(request):
    """The tiny fixture guide and the real sample guide (skipped when it does not load), the
    sample also in large print, whose contents and outline must follow its own pages."""
    return request.getfixturevalue({"tiny": "tiny_pdf", "sample": "sample_pdf",
                                    "sample-large-print": "sample_large_pdf"}[request.param])


# -- sections ------------------------------------------------------------------------------------

def test_tiny_guide_has_every_section(tiny_pdf):
    assert expected_sections(tiny_pdf.guide) == list(SECTION_TITLES)


@pytest.mark.parametrize("title", ("Contents",) + SECTION_TITLES)
def test_section_title_starts_a_page(tiny_pdf, title):
    assert first_page_starting_with(tiny_pdf, title) is not None, title


def test_sample_guide_sections_are_printed(sample_pdf):
    for title in ["Contents"] + expected_sections(sample_pdf.guide):
        assert first_page_starting_with(sample_pdf, title) is not None, title


def test_sections_without_content_are_left_out(bare_pdf):
    present = expected_sections(bare_pdf.guide)
    assert present == ["Themes", "Theme Tracker", "Summary & Analysis"]
    top = [title for level, title, _ in bare_pdf.outline if level == 0]
    assert is_subsequence(["Contents"] + present, top)
    assert not set(SECTION_TITLES) - set(present) & set(top)
    for title in set(SECTION_TITLES) - set(present):
        assert title not in bare_pdf.all_text, title


def test_page_count_is_what_build_pdf_returns(tiny_pdf):
    assert len(tiny_pdf.reader.pages) == tiny_pdf.page_count


# -- outline and contents ------------------------------------------------------------------------

def test_outline_has_every_section_in_order(guide_pdf):
    top = [title for level, title, _ in guide_pdf.outline if level == 0]
    assert top[0] == "Contents"
    assert is_subsequence(expected_sections(guide_pdf.guide), top), top


def test_outline_sections_point_at_their_first_page(guide_pdf):
    for level, title, page in guide_pdf.outline:
        if level == 0:
            assert page == first_page_starting_with(guide_pdf, title), title


def test_outline_has_every_theme(guide_pdf):
    names = [markup.plain(t.name) for t in guide_pdf.guide.themes]
    entries = guide_pdf.outline_children("Themes")
    assert [title for title, _ in entries] == names
    for title, page in entries:
        assert title in squash(guide_pdf.texts[page - 1]), title


def test_outline_has_every_chapter(guide_pdf):
    titles = [markup.plain(c.title) for c in guide_pdf.guide.chapters]
    entries = guide_pdf.outline_children("Summary & Analysis")
    assert [title for title, _ in entries] == titles
    for title, page in entries:
        assert title in guide_pdf.lines(page), title


def test_contents_lists_sections_themes_and_chapters_with_their_pages(guide_pdf):
    wanted = []
    for level, title, page in guide_pdf.outline:
        if level == 0 and title != "Contents":
            wanted.append((title, page))
            if title in ("Themes", "Summary & Analysis"):
                wanted += guide_pdf.outline_children(title)
    listed = contents_entries(guide_pdf)
    assert is_subsequence(wanted, listed), listed
    assert [t for t, _ in listed if t in SECTION_TITLES] == [t for t in expected_sections(guide_pdf.guide)]


def test_contents_dot_leaders_line_up(guide_pdf):
    """Every leader's dots sit on one grid, so they stand in columns and all end at the same place."""
    page = dict((t, p) for lvl, t, p in guide_pdf.outline if lvl == 0)["Contents"]
    doc = pypdfium2.PdfDocument(str(guide_pdf.path))
    tp = doc[page - 1].get_textpage()
    lines: dict[int, list[float]] = {}
    for i in range(tp.count_chars()):
        if tp.get_text_range(i, 1) == ".":
            left, bottom, _, _ = tp.get_charbox(i)
            lines.setdefault(round(bottom), []).append(left)
    leaders = [xs for xs in lines.values() if len(xs) > 5]
    assert len(leaders) >= 5
    ends = {round(max(xs), 1) for xs in leaders}
    assert len(ends) == 1, ends  # and with one spacing, every dot is in a column
    steps = {round(b - a, 2) for xs in leaders for a, b in zip(sorted(xs)[-8:], sorted(xs)[-7:])}
    assert len(steps) == 1, steps


def test_contents_page_numbers_find_the_section_titles(tiny_pdf):
    listed = dict(contents_entries(tiny_pdf))
    for title in SECTION_TITLES:
        page = listed[title]
        assert tiny_pdf.lines(page)[0] == title
        assert first_page_starting_with(tiny_pdf, title) == page, f"{title} begins before page {page}"


def test_printed_page_numbers_count_from_the_cover(tiny_pdf):
    for page in range(2, len(tiny_pdf.texts) + 1):
        assert tiny_pdf.lines(page)[-1] == str(page)


# -- paper -----------------------------------------------------------------------------------

def test_letter_paper_by_default(tiny_pdf):
    sizes = {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in tiny_pdf.reader.pages}
    assert sizes == {(612.0, 792.0)}


def test_a4_paper(tiny_a4_pdf):
    for page in tiny_a4_pdf.reader.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.05)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.05)


# -- metadata --------------------------------------------------------------------------------

def test_metadata_title_and_author(tiny_pdf):
    meta = tiny_pdf.reader.metadata
    assert meta.title.startswith("The Lantern Keeper") and "Study Guide" in meta.title
    assert meta.author == "Inés Álvarez"


def test_metadata_subject_and_keywords(tiny_pdf):
    meta = tiny_pdf.reader.metadata
    assert "The Lantern Keeper" in meta.subject and "Inés Álvarez" in meta.subject
    for name in ("Duty and Sacrifice", "The Sea as Threat", "Memory"):
        assert name in meta["/Keywords"]


def test_metadata_creator_names_the_program_and_the_credits_are_on_the_cover(tiny_pdf):
    assert tiny_pdf.reader.metadata["/Creator"] == "guidebuilder"
    assert "Written for the guidebuilder tests. Released under CC BY 4.0." in squash(tiny_pdf.texts[0])


def test_catalog_language(tiny_pdf):
    assert tiny_pdf.reader.trailer["/Root"]["/Lang"] == "en"


def test_catalog_language_follows_the_guide(make_guide, tmp_path):
    folder = make_guide({"guide.yaml": (TINY.parent / "bare" / "guide.yaml").read_text() + "language: fr\n"})
    out = tmp_path / "fr.pdf"
    build_pdf(load_guide(folder), out)
    assert PdfReader(out).trailer["/Root"]["/Lang"] == "fr"


# -- colors ----------------------------------------------------------------------------------

def _theme_pages(pdf) -> dict[str, int]:
    pages = dict(pdf.outline_children("Themes"))
    return {t.id: pages[markup.plain(t.name)] for t in pdf.guide.themes}


def test_theme_colors_come_from_the_content(tiny_pdf):
    colors = [t.color for t in tiny_pdf.guide.themes]
    assert colors[:2] == ["#B03A2E", "#2A6F97"]
    assert colors[2] not in colors[:2]


@pytest.mark.parametrize("theme_id", ["duty", "sea", "memory"])
def test_theme_color_is_set_on_its_theme_page(tiny_pdf, theme_id):
    theme = tiny_pdf.guide.theme(theme_id)
    page = _theme_pages(tiny_pdf)[theme_id]
    assert tiny_pdf.draws_color(page, theme.color), (theme.color, sorted(tiny_pdf.colors(page)))


def test_every_theme_color_is_set_on_the_tracker_page(tiny_pdf):
    page = dict((t, p) for lvl, t, p in tiny_pdf.outline if lvl == 0)["Theme Tracker"]
    for theme in tiny_pdf.guide.themes:
        assert tiny_pdf.draws_color(page, theme.color), theme.color


@pytest.mark.parametrize("theme_id", ["duty", "sea", "memory"])
def test_theme_color_is_visible_on_its_theme_page(tiny_pdf, theme_id):
    theme = tiny_pdf.guide.theme(theme_id)
    assert color_pixels(tiny_pdf.path, _theme_pages(tiny_pdf)[theme_id], theme.color) > 200


def test_no_theme_color_on_the_background_page(tiny_pdf):
    page = dict((t, p) for lvl, t, p in tiny_pdf.outline if lvl == 0)["Background"]
    for theme in tiny_pdf.guide.themes:
        assert not tiny_pdf.draws_color(page, theme.color)
        assert color_pixels(tiny_pdf.path, page, theme.color) == 0


def test_grayscale_sets_no_color_anywhere(build_once):
    gray = build_once(TINY, "tiny-gray", grayscale=True)
    assert gray.page_count == len(gray.reader.pages)
    for page in range(1, gray.page_count + 1):
        colored = {rgb for _, rgb in gray.colors(page) if max(rgb) - min(rgb) > 0.002}
        assert not colored, (page, colored)


def test_grayscale_turns_a_color_cover_and_icon_gray(tmp_path):
    """The teacher's own pictures too: a red cover photo and a green PNG icon print gray."""
    import shutil

    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    Image.new("RGB", (300, 200), (220, 20, 20)).save(folder / "cover.png")
    Image.new("RGB", (40, 40), (20, 160, 40)).save(folder / "seal.png")
    (folder / "guide.yaml").write_text((folder / "guide.yaml").read_text() + "cover: cover.png\n")
    (folder / "themes.yaml").write_text((folder / "themes.yaml").read_text().replace("icon: flame", "icon: seal.png"))
    out = tmp_path / "gray.pdf"
    build_pdf(load_guide(folder), out, Options(grayscale=True))
    assert _color_spread(out) <= 8, "a colored pixel on the cover of a grayscale guide"
    build_pdf(load_guide(folder), out)  # the same check sees the red cover and green icon in color
    assert _color_spread(out) > 100


@pytest.mark.parametrize("options", [{}, {"paper": Paper.A4}, {"booklet": True}, {"large_print": True}],
                         ids=["letter", "a4", "booklet", "large-print"])
def test_a_cover_image_shrinks_so_the_cover_keeps_its_legend_and_credits(tmp_path, monkeypatch, options):
    """A tall cover photo used to push the legend and credits on to a page of their own."""
    import shutil

    from guidebuilder import impose

    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    Image.new("RGB", (300, 450), (220, 20, 20)).save(folder / "cover.png")
    (folder / "guide.yaml").write_text((folder / "guide.yaml").read_text() + "cover: cover.png\n")
    unimposed: list[bytes] = []
    real = impose.impose_booklet
    monkeypatch.setattr(impose, "impose_booklet", lambda data: unimposed.append(data) or real(data))
    out = tmp_path / "g.pdf"
    build_pdf(load_guide(folder), out, Options(**options))
    if unimposed:
        out.write_bytes(unimposed[0])
    cover = PdfReader(out).pages[0]
    text = squash(cover.extract_text())
    assert "Written for the guidebuilder tests." in text
    if not options.get("large_print"):  # large print sets the legend on the next page, by design
        assert "Themes and colors Duty and Sacrifice" in text
    assert len(cover.images) == 1, "the cover image is not on the cover"


def _color_spread(pdf: Path) -> int:
    """The largest difference between two color channels of any pixel on page 1 (0 for gray)."""
    page = pypdfium2.PdfDocument(str(pdf))[0].render(scale=1).to_pil().convert("RGB")
    r, g, b = page.split()
    return max(ImageChops.difference(x, y).getextrema()[1] for x, y in ((r, g), (g, b), (r, b)))


def test_color_build_does_set_colors(tiny_pdf):
    # the other side of the grayscale test: the same check finds color in a color build
    assert any(max(rgb) - min(rgb) > 0.002 for page in range(1, tiny_pdf.page_count + 1)
               for _, rgb in tiny_pdf.colors(page))


# -- fonts -----------------------------------------------------------------------------------

def _embedded(font: dict) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_guide_fonts_are_embedded_subsets(tiny_pdf):
    ours = {name: font for name, font in tiny_pdf.fonts_showing_text.items()
            if "CrimsonText" in name or "FiraSans" in name}
    assert any("CrimsonText" in name for name in ours) and any("FiraSans" in name for name in ours)
    for name, font in ours.items():
        assert SUBSET_NAME.fullmatch(name), name
        assert _embedded(font), name


def test_every_font_that_shows_text_is_an_embedded_subset(tiny_pdf):
    for name, font in tiny_pdf.fonts_showing_text.items():
        assert SUBSET_NAME.fullmatch(name) and _embedded(font), name


# -- text ------------------------------------------------------------------------------------

def _pdfium_text(path: Path) -> str:
    doc = pypdfium2.PdfDocument(str(path))
    try:
        return squash(" ".join(page.get_textpage().get_text_range() for page in doc))
    finally:
        doc.close()


def test_curly_quotes_extract(tiny_pdf):
    expected = "Marta says \u201cwe hold\u201d and it\u2019s all she says."
    assert expected in tiny_pdf.all_text
    assert expected in _pdfium_text(tiny_pdf.path)


def test_accented_letters_extract(tiny_pdf):
    for text in ("Inés Álvarez", "Tomás Vidal", "Zoë Quint"):
        assert text in tiny_pdf.all_text
        assert text in _pdfium_text(tiny_pdf.path)


def test_user_text_that_looks_like_markup_prints_literally(tiny_pdf):
    assert "The log reads <b>x</b> & <font> in a stranger\u2019s hand." in tiny_pdf.all_text


def test_user_emphasis_marks_do_not_print(tiny_pdf):
    assert "Marta\u2019s sense of duty grows" in tiny_pdf.all_text
    assert "*duty*" not in tiny_pdf.all_text and "**dangerous**" not in tiny_pdf.all_text


def _section_text(pdf, title: str) -> str:
    tops = [(t, p) for lvl, t, p in pdf.outline if lvl == 0]
    i = [t for t, _ in tops].index(title)
    first = tops[i][1]
    last = tops[i + 1][1] - 1 if i + 1 < len(tops) else len(pdf.texts)
    return squash(" ".join(pdf.texts[first - 1:last]))


def test_quote_shows_speaker_page_and_explanation(tiny_pdf):
    text = _section_text(tiny_pdf, "Key Quotes")
    assert "\u2014 Tomás Vidal" in text
    assert "p. 12" in text
    assert "Tomás hands his daughter a duty larger than herself." in text


def test_quote_shows_related_characters_and_symbols(tiny_pdf):
    text = _section_text(tiny_pdf, "Key Quotes")
    assert "Characters: Marta Vidal" in text
    assert "Symbols: The Lamp" in text and "Symbols: The Log Book" in text


def test_quote_page_range(tiny_pdf):
    assert "pp. 35\u201336" in _section_text(tiny_pdf, "Key Quotes")  # a range takes an en dash


def test_quote_keeps_its_line_breaks(tiny_pdf):
    page = dict((t, p) for lvl, t, p in tiny_pdf.outline if lvl == 0)["Key Quotes"]
    lines = tiny_pdf.lines(page)
    i = lines.index("The light is not ours.")
    assert lines[i + 1] == "It belongs to the ships."


def test_theme_page_lists_its_quotes(tiny_pdf):
    text = _section_text(tiny_pdf, "Themes")
    sea = text[text.index("The Sea as Threat"):text.index("Memory The log book")]
    assert "The sea came up the rocks like a crowd up the stairs." in sea
    assert "The light is not ours." not in sea


def test_theme_page_points_to_the_quotation_printed_in_full_once(tiny_pdf):
    """A full guide prints each quotation with its explanation once (Key Quotes); theme pages
    refer to it by its first words, speaker, chapter and the page number where it stands."""
    quotes_page = dict((t, p) for lvl, t, p in tiny_pdf.outline if lvl == 0)["Key Quotes"]
    themes = _section_text(tiny_pdf, "Themes")
    assert "\u201cThe sea came up the rocks like a crowd up the stairs.\u201d \u2014 Marta Vidal, Chapter 2, pp. 35\u201336" in themes
    assert re.search(r"pp\. 35\u201336[ .]*" + str(quotes_page), themes)
    explanation = tiny_pdf.guide.chapters[0].quotes[0].explanation.split()[0:6]
    assert tiny_pdf.all_text.count(" ".join(explanation)) == 1
    page = tiny_pdf.reader.pages[_theme_pages(tiny_pdf)["sea"] - 1]
    numbers = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(tiny_pdf.reader.pages)}
    targets = [numbers[a.get_object()["/Dest"][0].idnum] for a in page.get("/Annots", [])
               if "/Dest" in a.get_object()]
    target = next(p for p in targets if "The sea came up the rocks" in tiny_pdf.texts[p - 1]
                  and "Key Quotes" in tiny_pdf.texts[p - 1])
    assert target >= quotes_page


def test_background_key_facts_are_printed(tiny_pdf):
    text = _section_text(tiny_pdf, "Background")
    assert "Genre Novella" in text and "Setting A rocky island off the coast of Galicia" in text


def test_key_facts_keep_their_order(tiny_pdf):
    text = _section_text(tiny_pdf, "Background")
    assert text.index("Genre Novella") < text.index("Setting A rocky island")


def test_chapter_titles_in_the_tracker_get_typography(make_guide, tmp_path):
    folder = make_guide({"guide.yaml": """\
        title: Sons and Lovers
        author: D. H. Lawrence
        themes:
          - {id: family, name: Family}
        chapters:
          - title: '"Mother" -- The Early Married Life'
            short: "'1'"
            summary: [{text: The Morels marry., themes: [family]}]
        """})
    out = tmp_path / "tracker.pdf"
    build_pdf(load_guide(folder), out)
    reader = PdfReader(out)
    pages = {item.title: reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)}
    text = squash(reader.pages[pages["Theme Tracker"]].extract_text())
    assert "\u201cMother\u201d \u2013 The Early Married Life" in text
    assert '"Mother"' not in text and "--" not in text
    strip = squash(reader.pages[pages["Themes"]].extract_text())  # the theme page's strip names chapters by `short`
    assert "\u20181\u2019" in strip


def test_glossary_term_definition_and_example(tiny_pdf):
    text = _section_text(tiny_pdf, "Glossary")
    assert "Foreshadowing A hint of what is to come." in text
    assert "\u201cThe glass was falling all afternoon.\u201d" in text


# -- editions --------------------------------------------------------------------------------

def test_student_edition_has_no_answers(tiny_pdf):
    for answer in ANSWERS:
        assert answer not in tiny_pdf.all_text
    assert "teacher" not in tiny_pdf.texts[0].lower()


def test_teacher_edition_has_the_answers(tiny_teacher_pdf):
    for answer in ANSWERS:
        assert answer in tiny_teacher_pdf.all_text


def test_teacher_edition_says_so_on_the_cover(tiny_teacher_pdf):
    assert "TEACHER" in tiny_teacher_pdf.texts[0].upper()
    assert "Teacher" in tiny_teacher_pdf.reader.metadata.title


def test_teacher_edition_prints_each_answer_once(tiny_teacher_pdf):
    """Answers stand in the Answer Key; each question points there with the page number."""
    for answer in ANSWERS:
        assert tiny_teacher_pdf.all_text.count(answer) == 1
    key = dict((t, p) for lvl, t, p in tiny_teacher_pdf.outline if lvl == 0)["Answer Key"]
    questions = _section_text(tiny_teacher_pdf, "Questions")
    assert re.search(r"Answer in the Answer Key[ .]*" + str(key), questions)


def test_both_editions_print_the_questions(tiny_pdf, tiny_teacher_pdf):
    for pdf in (tiny_pdf, tiny_teacher_pdf):
        assert "What does Tomás teach Marta first?" in pdf.all_text


# -- determinism -----------------------------------------------------------------------------

def test_rebuild_is_byte_identical(tiny_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    build_pdf(load_guide(TINY), again, tiny_pdf.options)
    assert again.read_bytes() == tiny_pdf.data


def test_same_guide_in_another_folder_is_byte_identical(tmp_path):
    """A guide with its own icon and cover, copied elsewhere (another teacher's machine): same bytes."""
    import shutil

    pdfs = []
    for place in ("a", "b/deeper"):
        folder = tmp_path / place / "tiny"
        shutil.copytree(TINY, folder)
        Image.new("RGB", (40, 40), (30, 120, 60)).save(folder / "seal.png")
        Image.new("RGB", (300, 200), (200, 180, 120)).save(folder / "cover.jpg")
        themes = (folder / "themes.yaml").read_text().replace("icon: wave", "icon: seal.png")
        (folder / "themes.yaml").write_text(themes)
        (folder / "guide.yaml").write_text((folder / "guide.yaml").read_text() + "cover: cover.jpg\n")
        build_pdf(load_guide(folder), folder / "out.pdf")
        pdfs.append((folder / "out.pdf").read_bytes())
    assert b"seal" not in pdfs[0] and pdfs[0] == pdfs[1]


def test_rebuild_in_another_process_is_byte_identical(tiny_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    code = ("import sys; from guidebuilder.load import load_guide; from guidebuilder.render import build_pdf; "
            "build_pdf(load_guide(sys.argv[1]), sys.argv[2])")
    source_tree = os.pathsep.join(filter(None, [str(TINY.parents[2]), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=source_tree)
    subprocess.run([sys.executable, "-W", "error", "-c", code, str(TINY), str(again)], check=True, env=env, cwd=tmp_path)
    assert again.read_bytes() == tiny_pdf.data



@pytest.mark.parametrize("options", [{}, {"edition": Edition.TEACHER}, {"paper": Paper.A4}, {"large_print": True}],
                         ids=["student", "teacher", "a4", "large-print"])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(sample_guide, tmp_path, monkeypatch, options):
    """Headings keep with what follows, even when that is a block kept together (questions, glossary entries)."""
    drawn: list[tuple[int, object]] = []
    keep_after = GuideDoc.afterFlowable

    def record(doc, flowable):
        if not isinstance(flowable, (Spacer, ActionFlowable)):
            drawn.append((doc.page, flowable))  # the last one on each page wins below
        keep_after(doc, flowable)

    monkeypatch.setattr(GuideDoc, "afterFlowable", record)
    build_pdf(sample_guide, tmp_path / "g.pdf", Options(**options))
    last_on_page = {page: f for page, f in drawn}
    stranded = [(page, f.getPlainText() if isinstance(f, Paragraph) else f.heading.outline) for page, f in last_on_page.items()
                if page < drawn[-1][0] and (isinstance(f, Paragraph) and getattr(f.style, "keepWithNext", 0) or hasattr(f, "heading"))]
    assert stranded == []


def _pages_of(story: list) -> list[tuple[int, str]]:
    """Lay `story` out as body pages of a guide: (page, "heading" or "text") of each piece drawn."""
    doc = GuideDoc(io.BytesIO(), Styles(Options()), Metadata("T", "A", "", "", "", "en", "T"), with_cover=False)
    drawn: list[tuple[int, str]] = []
    keep_after = GuideDoc.afterFlowable

    def record(flowable):
        if isinstance(flowable, Paragraph):
            drawn.append((doc.page, "heading" if isinstance(flowable, Heading) else "text"))
        keep_after(doc, flowable)

    doc.afterFlowable = record
    doc.build(story)
    return drawn


def test_a_heading_keeps_with_the_first_lines_of_a_long_paragraph_not_the_whole():
    """No half-empty page: the paragraph after a heading starts under it and runs on to the next page."""
    s = Styles(Options())
    text = "Words of a long paragraph that will not fit in the space left on the page. " * 60
    drawn = _pages_of([Spacer(1, s.geometry.frame[3] - 160), Heading("Near the foot", s["heading"], "h", "Near the foot", 0),
                       Paragraph(text, s["body"])])
    assert drawn == [(1, "heading"), (1, "text"), (2, "text")]


def test_a_heading_with_no_room_for_two_lines_moves_with_its_paragraph():
    s = Styles(Options())
    drawn = _pages_of([Spacer(1, s.geometry.frame[3] - 45), Heading("Too low", s["heading"], "h", "Too low", 0),
                       Paragraph("Some words of text. " * 60, s["body"])])
    assert drawn == [(2, "heading"), (2, "text")]


def _headers(path) -> list[str]:
    """Each page's running header line (the text within 45 pt of the top edge)."""
    doc = pypdfium2.PdfDocument(str(path))
    out = []
    for page in doc:
        w, h = page.get_size()
        out.append(" ".join(page.get_textpage().get_text_bounded(0, h - 45, w, h).split()))
    return out


@pytest.mark.parametrize("kind", ["guide", "theme", "chapters"])
def test_running_header_names_the_section_at_the_top_of_the_page(sample_guide, tmp_path, kind):
    """A page that begins inside Questions and ends in the Answer Key is headed Questions; one that
    begins inside a chapter (or theme, or any heading one level below its section) names it after
    the section: "Questions · Chapter 3"."""
    out = tmp_path / "g.pdf"
    span = ChapterSpan(5, 6, len(sample_guide.chapters))
    selection = {"guide": {}, "theme": {"theme": sample_guide.themes[2].id}, "chapters": {"chapters": span}}[kind]
    build_pdf(sample_guide, out, Options(edition=Edition.TEACHER, **selection))
    reader = PdfReader(out)
    starts: dict[int, list[tuple[str, int]]] = {}  # page: (title, level) of the outline entries on it

    def walk(items, level):
        for k, item in enumerate(items):
            if isinstance(item, list):
                if level == 0:
                    walk(item, 1)
                continue
            starts.setdefault(reader.get_destination_page_number(item) + 1, []).append((item.title, level))

    walk(reader.outline, 0)
    doc = pypdfium2.PdfDocument(str(out))
    expected, section, part = [], "", ""
    name = lambda section, part: f"{section} \u00b7 {part}" if part else section
    for number, page in enumerate(doc, 1):
        w, h = page.get_size()
        body = " ".join(page.get_textpage().get_text_bounded(0, 45, w, h - 45).split())
        here = starts.get(number, [])
        if here and body.startswith(here[0][0]):  # the page opens with a heading: it names the page
            title, level = here[0]
            expected.append(name(title, "") if level == 0 else name(section, title))
        else:
            expected.append(name(section, part))
        for title, level in here:
            section, part = (title, "") if level == 0 else (section, title)
    first = 2 if kind == "guide" else 1  # the cover has no running header
    wrong = [(n, got, want) for n, (got, want) in enumerate(zip(_headers(out), expected), 1)
             if n >= first and not got.endswith(want)]
    assert wrong == []


def test_a_long_title_is_cut_in_the_header_but_the_teacher_mark_and_section_are_not(tmp_path):
    from dataclasses import replace

    guide = load_guide(TINY)
    guide = replace(guide, title="A Very Long Title That Goes On " * 6)
    out = tmp_path / "long.pdf"
    build_pdf(guide, out, Options(edition=Edition.TEACHER, theme="duty"))
    doc = pypdfium2.PdfDocument(str(out))
    for number, page in enumerate(doc, 1):
        tp = page.get_textpage()
        w, h = page.get_size()
        header = " ".join(tp.get_text_bounded(0, h - 45, w, h).split())
        assert "\u2026 \u00b7 TEACHER EDITION" in header, number
        if number > 1:
            continue  # page 1 is headed with the theme's name; check the halves keep apart there
        mark = tp.search("EDITION", match_case=True).get_next()
        mark_right = tp.get_charbox(mark[0] + mark[1] - 1)[2]
        search = tp.search("Duty and Sacrifice", match_case=True)
        boxes = [tp.get_charbox(hit[0]) for hit in iter(search.get_next, None)]
        section_left = next(left for left, bottom, _, _ in boxes if bottom > h - 45)
        assert mark_right + 12 <= section_left, number  # the two halves of the header keep apart


QUESTIONS_GUIDE = {"guide.yaml": """\
    title: Lines
    author: A. Writer
    themes:
      - id: sea
        name: The Sea
        summary: The sea.
    chapters:
      - title: The Arrival
        summary: Someone arrives.
        theme_weights: {sea: 2}
        questions:
          - {prompt: Who arrives?, kind: short-answer, answer: Marta.}
          - {prompt: Why now?, kind: discussion}
          - {prompt: Write about the sea., kind: essay}
          - {prompt: Twelve lines asked for., kind: essay, lines: 12}
          - {prompt: One line asked for., lines: 1}
          - {prompt: No lines asked for., lines: 0}
    questions:
      - {prompt: What does the whole book say?, kind: short-answer, answer: Much.}
    """}
# the lines each question gets, as drawn: by default (short answer, discussion, essay) across the
# rail, DEFAULT_LINES x column / block, rounded; a count given (12, 1, 0) as given
DRAWN_LINES = {Paper.LETTER: [3, 4, 9, 12, 1, 0, 3], Paper.A4: [3, 4, 10, 12, 1, 0, 3], "large-print": [4, 6, 14, 12, 1, 0, 4]}


def _answer_rules(path: Path, pages: list[int], frame) -> list[tuple[float, float, float]]:
    """(left, right, y) of the horizontal rules drawn in the text block of `pages` (1-based)."""
    x, y, w, h = frame
    doc = pypdfium2.PdfDocument(str(path))
    out = []
    for number in pages:
        for obj in doc[number - 1].get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_PATH]):
            left, bottom, right, top = obj.get_bounds()
            if top - bottom < 2 and right - left > 50 and y <= bottom <= y + h:
                out.append((left, right, bottom))
    return out


@pytest.mark.parametrize("mode", [Paper.LETTER, Paper.A4, "large-print"], ids=["letter", "a4", "large-print"])
def test_answer_lines_span_the_text_block_fewer_for_the_same_room(make_guide, tmp_path, mode):
    """Questions are set in the text column; their answer lines run across the margin rail too, and
    so hold more words each: by default a question gets DEFAULT_LINES x column / block of them (one
    at least), the same room; a question giving `lines` gets that many. Without a rail (large
    print) the defaults are DEFAULT_LINES."""
    from guidebuilder.sections.questions import default_lines

    options = Options(large_print=True) if mode == "large-print" else Options(paper=mode)
    folder = make_guide(QUESTIONS_GUIDE)
    out = tmp_path / "q.pdf"
    guide = load_guide(folder)
    build_pdf(guide, out, options)
    g = Styles(options).geometry
    if mode != "large-print":
        assert g.rail > 100 and g.frame[2] / g.column[2] > 1.4
    questions = [q for ch in guide.chapters for q in ch.questions] + list(guide.questions)
    assert [q.lines if q.lines is not None else default_lines(q.kind, g) for q in questions] == DRAWN_LINES[mode]
    reader = PdfReader(out)
    starts = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline
              if not isinstance(item, list)}
    rules = _answer_rules(out, list(range(starts["Questions"], starts["Tracker Worksheet"])), g.frame)
    assert len(rules) == sum(DRAWN_LINES[mode])
    for left, right, _ in rules:  # from the rail's left edge to the column's right edge
        assert left == pytest.approx(g.frame[0], abs=1) and right == pytest.approx(g.frame[0] + g.frame[2], abs=1)


@pytest.mark.parametrize("edition", list(Edition))
def test_question_chapter_labels_hang_in_the_rail_on_the_prompts_baseline(make_guide, tmp_path, edition):
    """As in Key Quotes, a chapter's label stands in the margin rail beside its first question, on
    the first line's baseline; the question keeps the text column's measure. So in the Answer Key."""
    folder = make_guide(QUESTIONS_GUIDE)
    out = tmp_path / "q.pdf"
    options = Options(edition=edition)
    build_pdf(load_guide(folder), out, options)
    g = Styles(options).geometry
    doc = pypdfium2.PdfDocument(str(out))
    reader = PdfReader(out)
    starts = {item.title: reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)}
    sections = ["Questions"] + (["Answer Key"] if edition is Edition.TEACHER else [])
    for section in sections:
        for label, text in (("The Arrival", "1. Who arrives?"), ("The Whole Book", "7. What does the whole")):
            found = None
            for page in range(starts[section], len(doc)):  # the page where the question is
                tp = doc[page].get_textpage()
                found = [tp.search(needle, match_case=True).get_next() for needle in (label, text)]
                if found[1] is not None:
                    break
            assert found[0] is not None, (section, label)  # the label is on the question's page
            (li, ln), (ti, _) = found
            assert tp.get_charbox(li)[0] == pytest.approx(g.frame[0], abs=2), (section, label)  # the rail's left edge
            assert tp.get_charbox(li + ln - 1)[2] < g.column[0] - 5, (section, label)  # inside the rail
            assert tp.get_charbox(ti)[0] == pytest.approx(g.column[0], abs=2), (section, text)  # in the column
            if section == "Questions":  # "h" and the number's ".": letters that sit on the baseline
                assert tp.get_charbox(li + 1)[1] == pytest.approx(tp.get_charbox(ti + 1)[1], abs=0.6), label


def test_an_essays_many_answer_lines_run_on_and_a_short_answers_few_stay_whole():
    """Found by fuzzing: 60 answer lines kept whole with their prompt left most of a page empty."""
    from guidebuilder.compose import Composer
    from guidebuilder.flowables import AnswerLines
    from guidebuilder.model import Question
    from guidebuilder.sections.questions import question

    guide = load_guide(TINY)
    styles = Styles(Options())
    c = Composer(guide, styles, Options())
    room = styles.geometry.frame[3]

    def pages_of(lines: int) -> list[tuple[int, str]]:
        doc = GuideDoc(io.BytesIO(), styles, Metadata("T", "A", "", "", "", "en", "T"), with_cover=False)
        drawn: list[tuple[int, str]] = []
        inner = lambda f: getattr(f, "inner", f)  # answer lines are set across the rail (Wide)
        doc.afterFlowable = lambda f: drawn.append((doc.page, type(inner(f)).__name__)) if isinstance(inner(f), (Paragraph, AnswerLines)) else None
        doc.build([Spacer(1, room - 200)] + question(c, Question("Write an essay.", kind="essay", lines=lines), 1))
        return drawn

    essay = pages_of(30)
    assert [p for p, kind in essay if kind == "Para"] == [1, 1]  # prompt and its kind on page 1
    assert [p for p, kind in essay if kind == "AnswerLines"] == [1, 2]  # lines begin under it, run on
    short = pages_of(8)
    assert {p for p, _ in short} == {1} or {p for p, _ in short} == {2}  # never split


@pytest.mark.parametrize("large_print, smaller", [(False, False), (True, False)], ids=["regular", "large-print"])
def test_a_long_title_is_set_smaller_so_the_cover_stays_one_page(tmp_path, large_print, smaller):
    """Found by the layout fuzz: an 80-letter title in large print pushed the byline on to page 2.
    In regular print the same title fits in its four lines at full size; in large print too, now
    that display type is enlarged less (styles.DISPLAY_SCALE) and set with tight leading."""
    from dataclasses import replace

    def title_size(guide) -> float:
        out = tmp_path / "cover.pdf"
        build_pdf(guide, out, Options(large_print=large_print))
        assert "Inés Álvarez" in squash(PdfReader(out).pages[0].extract_text()), "the byline left the cover"
        doc = pypdfium2.PdfDocument(str(out))
        page = doc[0]
        text = page.get_textpage()
        return pypdfium2.raw.FPDFText_GetFontSize(text.raw, 0)  # the title's first letter

    guide = load_guide(TINY)
    long = replace(guide, title="The Lantern Keeper of the Western Isles and Other Tales of the Galician Coast")
    assert (title_size(long) < title_size(guide)) == smaller


def test_paragraphs_already_drawn_are_freed_while_layout_goes_on():
    """Nothing holds a drawn paragraph (and its line-breaking state) while the rest is laid out:
    memory stays flat however long the guide (a caller's list once kept 140 MiB at 300 chapters)."""
    import gc
    import weakref

    styles = Styles(Options())
    doc = GuideDoc(io.BytesIO(), styles, Metadata("T", "A", "", "", "", "en", "T"), with_cover=False)
    story = [Paragraph(f"Paragraph {i} " + "word " * 200, styles["body"]) for i in range(60)]
    first = weakref.ref(story[0])
    alive_at_end = []

    def last_drawn(flowable):
        if isinstance(flowable, Paragraph) and flowable.text.startswith("Paragraph 59"):
            gc.collect()
            alive_at_end.append(first() is not None)

    doc.afterFlowable = last_drawn
    doc.build(story)
    assert alive_at_end == [False]


LONG_ANSWER_GUIDE = {"guide.yaml": """\
    title: Lines
    author: A. Writer
    themes:
      - {id: sea, name: The Sea, summary: The sea.}
    chapters:
      - title: The Arrival
        summary: Someone arrives.
        theme_weights: {sea: 2}
        questions:
          - {prompt: Write two pages., kind: essay, lines: 60}
          - {prompt: And a last one as long., kind: essay, lines: 60}
    """}


@pytest.mark.parametrize("mode", ["letter", "large-print"])
def test_more_answer_lines_than_a_page_holds_run_on_all_of_them(make_guide, tmp_path, mode):
    """A question asking for more lines than a page holds gets every one of them (they were cut to
    a page's worth without a word), running on under "1, continued"; the section's last question
    and large print too, where a question's lines otherwise stay whole."""
    options = Options(large_print=True) if mode == "large-print" else Options()
    out = tmp_path / "q.pdf"
    build_pdf(load_guide(make_guide(LONG_ANSWER_GUIDE)), out, options)
    g = Styles(options).geometry
    reader = PdfReader(out)
    starts = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline
              if not isinstance(item, list)}
    pages = list(range(starts["Questions"], starts["Tracker Worksheet"]))
    assert len(_answer_rules(out, pages, g.frame)) == 2 * 60 > 2 * (g.frame[3] // 22)
    texts = [squash(reader.pages[p - 1].extract_text()) for p in pages]
    assert sum("1, continued" in t for t in texts) >= 1 and sum("2, continued" in t for t in texts) >= 1
