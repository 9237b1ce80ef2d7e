"""Classroom prints of the sample guide: theme and chapter handouts, editions, booklets, large print.

Expectations come from the loaded sample guide (which quotes carry which theme, which chapters a
span covers), so these tests follow the content rather than restating it.
"""
from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from pypdf import PdfReader

from conftest import SAMPLE, squash
from guidebuilder import markup
from guidebuilder.options import ChapterSpan, Edition, Options
from guidebuilder.render import build_pdf
from hostile import guides as G

THEME = "past-time"  # a sample theme with tagged quotes and questions in several chapters


def snippet(text: str, length: int = 60) -> str:
    """The start of a piece of content as it prints (markup removed), long enough to be unique."""
    return markup.plain(text)[:length]


def printed(text: str, needle: str) -> bool:
    return G.contains_literal(text, snippet(needle))


def span(guide, first: int, last: int) -> ChapterSpan:
    return ChapterSpan(first, last, len(guide.chapters))


@pytest.fixture(scope="module")
def theme_handout(build_once, sample_guide):
    pdf = build_once(SAMPLE, "theme-handout", theme=THEME)
    return pdf, G.pdf_text(pdf.path)


@pytest.fixture(scope="module")
def chapter_handout(build_once, sample_guide):
    pdf = build_once(SAMPLE, "chapters-3-4", chapters=span(sample_guide, 3, 4))
    return pdf, G.pdf_text(pdf.path)


# -- the one-theme handout ---------------------------------------------------------------------

def test_theme_handout_has_every_quote_tagged_with_the_theme_and_no_other(sample_guide, theme_handout):
    _, text = theme_handout
    quotes = [q for ch in sample_guide.chapters for q in ch.quotes]
    tagged = [q for q in quotes if THEME in q.themes]
    others = [q for q in quotes if THEME not in q.themes]
    assert tagged and others
    assert [q.text[:40] for q in tagged if not printed(text, q.text)] == []
    assert [q.text[:40] for q in tagged if not printed(text, q.explanation)] == []
    assert [q.text[:40] for q in others if printed(text, q.text)] == []


def test_theme_handout_groups_quotes_under_their_chapter_titles(sample_guide, theme_handout):
    _, text = theme_handout
    flat = G.normalize(text)
    last = -1
    for ch in sample_guide.chapters:
        tagged = [q for q in ch.quotes if THEME in q.themes]
        if not tagged:
            continue
        title = flat.find(G.normalize(markup.plain(ch.title)), last + 1)
        first_quote = flat.find(G.normalize(snippet(tagged[0].text)), last + 1)
        assert 0 <= title < first_quote, f"{ch.title} does not head its quotes"
        last = first_quote


def test_theme_handout_has_the_theme_analysis_and_tracker_but_not_other_themes(sample_guide, theme_handout):
    pdf, text = theme_handout
    theme = sample_guide.theme(THEME)
    assert printed(text, theme.analysis)
    assert "Where the theme appears" in pdf.all_text
    for other in sample_guide.themes:
        if other.id != THEME:
            assert not printed(text, other.analysis), other.id


def test_theme_handout_has_only_the_questions_tagged_with_the_theme(sample_guide, theme_handout):
    _, text = theme_handout
    questions = list(sample_guide.questions) + [q for ch in sample_guide.chapters for q in ch.questions]
    tagged = [q for q in questions if THEME in q.themes]
    assert tagged and len(tagged) < len(questions)
    assert [q.prompt[:40] for q in tagged if not printed(text, q.prompt)] == []
    assert [q.prompt[:40] for q in questions if THEME not in q.themes and printed(text, q.prompt)] == []


def test_theme_handout_has_no_cover_contents_or_chapter_summaries(sample_guide, theme_handout):
    pdf, text = theme_handout
    first = squash(pdf.texts[0])
    assert markup.plain(sample_guide.theme(THEME).name) in first
    assert "Contents" not in first and markup.plain(sample_guide.subtitle) not in first  # no cover, no contents
    passages = [p for ch in sample_guide.chapters for p in ch.passages]
    assert [p.text[:40] for p in passages if printed(text, p.text)] == []


def test_theme_handout_running_header_names_the_guide_and_author(sample_guide, theme_handout):
    pdf, _ = theme_handout
    header = f"{markup.plain(sample_guide.title)} by {markup.plain(sample_guide.author)}"
    assert all(header in squash(t) for t in pdf.texts)


@pytest.mark.parametrize("kind", ["theme", "chapters"])
def test_handout_first_page_has_a_name_line_and_names_the_book(sample_guide, theme_handout, chapter_handout, kind):
    pdf, _ = theme_handout if kind == "theme" else chapter_handout
    page = pdfium.PdfDocument(str(pdf.path))[0]
    w, h = page.get_size()
    body = " ".join(page.get_textpage().get_text_bounded(0, 45, w, h - 45).split())  # below the running header
    assert body.startswith(f"Name Class Date {markup.plain(sample_guide.title)} by {markup.plain(sample_guide.author)}")
    assert not any(squash(t).count("Name Class Date") for t in pdf.texts[1:])  # the first page only


@pytest.mark.parametrize("kind", ["theme", "chapters"])
def test_handout_running_header_does_not_repeat_itself(sample_guide, theme_handout, chapter_handout, kind):
    """The left half says which handout, the right half the section: the two never say the same."""
    pdf, _ = theme_handout if kind == "theme" else chapter_handout
    name = markup.plain(sample_guide.theme(THEME).name) if kind == "theme" else "Chapters 3\u20134"
    headers = _headers(pdf.path)
    assert all(h.count(name) == (1 if kind == "chapters" else h.count(name)) and h.count(name) <= 1 for h in headers)
    if kind == "theme":
        assert headers[0].endswith("Theme Handout " + name)


def _headers(path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    out = []
    for page in doc:
        w, h = page.get_size()
        out.append(" ".join(page.get_textpage().get_text_bounded(0, h - 45, w, h).split()))
    return out


# -- the chapter handout -----------------------------------------------------------------------

def test_chapter_handout_has_those_chapters_and_no_others(sample_guide, chapter_handout):
    _, text = chapter_handout
    inside, outside = sample_guide.chapters[2:4], sample_guide.chapters[:2] + sample_guide.chapters[4:]
    for ch in inside:
        assert all(printed(text, p.text) for p in ch.passages), ch.title
        assert all(printed(text, q.text) for q in ch.quotes), ch.title
        assert all(printed(text, q.prompt) for q in ch.questions), ch.title
    for ch in outside:
        assert not any(printed(text, p.text) for p in ch.passages), ch.title
        assert not any(printed(text, q.text) for q in ch.quotes), ch.title
        assert not any(printed(text, q.prompt) for q in ch.questions), ch.title
    assert not any(printed(text, q.prompt) for q in sample_guide.questions)  # whole-book questions


def test_chapter_handout_says_which_chapters_of_how_many(sample_guide, chapter_handout):
    pdf, _ = chapter_handout
    assert f"covering chapters 3\u20134 (2 of {len(sample_guide.chapters)} chapters)" in pdf.all_text


def test_chapter_handout_legend_lists_only_the_themes_in_those_chapters(tmp_path):
    from conftest import TINY
    from guidebuilder.load import load_guide

    guide = load_guide(TINY)
    out = tmp_path / "ch2.pdf"
    build_pdf(guide, out, Options(chapters=span(guide, 2, 2)))
    first_page = squash(G.pdf_text(out).split("Summary & Analysis")[0])
    names = {t.id: markup.plain(t.name) for t in guide.themes}
    assert names["sea"] in first_page and names["duty"] in first_page
    assert names["memory"] not in first_page  # chapter 2 never tags it


# -- editions ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_editions(build_once, sample_guide):
    student = build_once(SAMPLE, "the-great-gatsby")
    teacher = build_once(SAMPLE, "the-great-gatsby-teacher", edition=Edition.TEACHER)
    return student, teacher


def test_answers_are_in_the_teacher_edition_only(sample_guide, sample_editions):
    student, teacher = sample_editions
    answers = [q.answer for q in sample_guide.questions] + [q.answer for ch in sample_guide.chapters for q in ch.questions]
    answers = [a for a in answers if a]
    assert answers
    student_text, teacher_text = G.pdf_text(student.path), G.pdf_text(teacher.path)
    assert [a[:40] for a in answers if printed(student_text, a)] == []
    assert [a[:40] for a in answers if not printed(teacher_text, a)] == []


def test_teacher_edition_is_marked_on_every_page_and_has_an_answer_key(sample_editions):
    student, teacher = sample_editions
    assert "TEACHER EDITION" in teacher.texts[0]
    assert all("TEACHER EDITION" in t for t in teacher.texts[1:])
    assert not any("TEACHER EDITION" in t for t in student.texts)
    assert [title for level, title, _ in teacher.outline if level == 0][-1] == "Answer Key"
    assert "Answer Key" not in [title for _, title, _ in student.outline]


def _worksheet_page(pdf) -> int:
    return next(page for level, title, page in pdf.outline if level == 0 and title.startswith("Tracker Worksheet"))


def test_student_worksheet_is_blank_and_the_teacher_one_is_filled(sample_guide, sample_editions):
    student, teacher = sample_editions
    blank, filled = _worksheet_page(student), _worksheet_page(teacher)
    assert "Tracker Worksheet (Key)" in teacher.texts[filled - 1]
    colors = [t.color for t in sample_guide.themes]
    # the icons heading the columns are in the theme colors in both; the filled one also shades cells
    assert len(teacher.colors(filled)) > len(student.colors(blank)) + len(colors)


# -- booklets ----------------------------------------------------------------------------------

def _page_texts(path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    return [squash(page.get_textpage().get_text_range()) for page in doc]


def _half_texts(path) -> list[tuple[str, str]]:
    doc = pdfium.PdfDocument(str(path))
    out = []
    for page in doc:
        w, h = page.get_size()
        tp = page.get_textpage()
        out.append((squash(tp.get_text_bounded(0, 0, w / 2, h)), squash(tp.get_text_bounded(w / 2, 0, w, h))))
    return out


def test_booklet_is_landscape_sheets_in_saddle_stitch_order(sample_guide, tmp_path, monkeypatch):
    from guidebuilder import impose

    pages_before: list[bytes] = []
    real = impose.impose_booklet
    monkeypatch.setattr(impose, "impose_booklet", lambda data: pages_before.append(data) or real(data))
    out = tmp_path / "booklet.pdf"
    build_pdf(sample_guide, out, Options(chapters=span(sample_guide, 3, 6), booklet=True))
    (before,) = pages_before
    flat = tmp_path / "flat.pdf"
    flat.write_bytes(before)
    n = len(PdfReader(flat).pages)
    padded = -(-n // 4) * 4
    sheets = PdfReader(out).pages
    assert len(sheets) == padded // 2
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == (792, 612) for p in sheets)
    pages = _page_texts(flat)
    pages += [""] * (padded - n)
    for side, (left, right) in enumerate(_half_texts(out)):
        # sheet k, front: page last-2k | page 2k+1; back: page 2k+2 | page last-2k-1 (1-based, padded)
        k = side // 2
        want = (padded - 1 - 2 * k, 2 * k) if side % 2 == 0 else (2 * k + 1, padded - 2 - 2 * k)
        for got, index in zip((left, right), want):
            assert G.normalize(got) == G.normalize(pages[index]), f"side {side + 1}: expected page {index + 1}"
    # the bookmarks survive, each on the sheet side that prints its page; so does the language
    from guidebuilder.impose import booklet_order

    flat_marks, sheet_marks = _bookmarks(PdfReader(flat)), _bookmarks(PdfReader(out))
    assert flat_marks and [t for t, _ in sheet_marks] == [t for t, _ in flat_marks]
    order = booklet_order(n)
    assert all(page in order[side] for (_, page), (_, side) in zip(flat_marks, sheet_marks))
    assert PdfReader(out).trailer["/Root"]["/Lang"] == sample_guide.language


def _bookmarks(reader) -> list[tuple[str, int]]:
    """(level-prefixed title, 0-based page) of every outline entry, in order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append(("  " * depth + item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 0)
    return out


# -- large print -------------------------------------------------------------------------------

def _find(path, needle: str):
    """(font size, left x, bottom y, page) of the first character of `needle` in the PDF."""
    doc = pdfium.PdfDocument(str(path))
    for number, page in enumerate(doc, 1):
        tp = page.get_textpage()
        hit = tp.search(needle, match_case=True).get_next()
        if hit:
            left, bottom, _, _ = tp.get_charbox(hit[0])
            return pdfium_raw.FPDFText_GetFontSize(tp.raw, hit[0]), left, bottom, number
    raise AssertionError(f"{needle!r} not found")


def test_large_print_body_text_is_at_least_18_point(sample_guide, sample_large_pdf):
    ch = sample_guide.chapters[0]
    for text in (ch.passages[0].text, ch.passages[0].analysis, sample_guide.plot_summary, ch.quotes[0].explanation):
        size, *_ = _find(sample_large_pdf.path, snippet(text, 18))
        assert size >= 18, snippet(text, 18)


def test_large_print_sets_summary_and_analysis_in_one_column(sample_guide, sample_large_pdf):
    passage = sample_guide.chapters[0].passages[0]
    _, sx, sy, spage = _find(sample_large_pdf.path, "Summary. " + snippet(passage.text, 9))
    _, ax, ay, apage = _find(sample_large_pdf.path, "Analysis. " + snippet(passage.analysis, 9))
    assert abs(sx - ax) < 2  # same left edge, each labelled
    assert (apage, -ay) > (spage, -sy)  # the analysis comes after, below or on a later page


def test_large_print_has_no_italic_text(sample_large_pdf):
    assert [name for name in sample_large_pdf.fonts_showing_text if "Italic" in name] == []

