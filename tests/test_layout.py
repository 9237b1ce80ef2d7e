"""Page-level layout rules, one at a time: blocks that hold together, the grid, hyphenation,
typography that keeps words together, text contrast."""
from __future__ import annotations

import io

import pytest
from reportlab.platypus import Paragraph, Spacer

from guidebuilder import markup
from guidebuilder.flowables import (AnswerLines, Columns, Heading, KeepWithStart, Para, QuoteBox, bad_hyphenation,
                                    group_keeps)
from guidebuilder.hyphenate import hyphenator, pyphen_language
from guidebuilder.load import load_guide
from guidebuilder.options import Options, Paper
from guidebuilder.pages import GuideDoc, Metadata
from guidebuilder.palette import contrast, for_text
from guidebuilder.rlcompat import CHECKED_WITH, line_texts
from guidebuilder.styles import MEASURE, Styles


LONG = "Words of an explanation long enough to run over several lines of the quote box. " * 12


def _layout(story: list, options: Options = Options()) -> list[tuple[int, object]]:
    """Lay `story` out as body pages: (page, flowable) of each flowable drawn."""
    doc = GuideDoc(io.BytesIO(), Styles(options), Metadata("T", "A", "", "", "", "en", "T"), with_cover=False)
    drawn: list = []
    keep = GuideDoc.afterFlowable

    def record(flowable):
        drawn.append((doc.page, flowable))
        keep(doc, flowable)

    doc.afterFlowable = record
    doc.build(story)
    return drawn


def _quote(s: Styles, explanation: str = LONG) -> QuoteBox:
    head = [Para("A quotation that stays with its attribution.", s["quote-body"]),
            Para("\u2014 <b>Nick Carraway</b> \u00b7 Chapter 1", s["quote-meta"])]
    body = [Para(explanation, s["quote-explanation"])]
    return QuoteBox(head + body, len(head), lambda: Para("\u2014 Nick Carraway, continued", s["quote-meta"]),
                    s.geometry.frame[3] * 0.4, pad=7, background=s.color("tint"), space_after=9)


def _text(f) -> str:
    if isinstance(f, Paragraph):
        return f.getPlainText()
    return " ".join(_text(x) for cell in getattr(f, "cells", []) for x in cell)


def test_a_short_quote_block_moves_whole_to_the_next_page():
    s = Styles(Options())
    room = s.geometry.frame[3]
    box = _quote(s, "Three short lines of explanation. " * 6)
    drawn = _layout([Spacer(1, room - 60), box])
    pages = [page for page, f in drawn if isinstance(f, QuoteBox)]
    assert pages == [2]


def test_a_tall_quote_block_splits_only_inside_its_explanation_and_says_it_continues():
    s = Styles(Options())
    room = s.geometry.frame[3]
    box = _quote(s, LONG * 3)
    drawn = _layout([Spacer(1, room - 150), box])
    parts = [(page, f) for page, f in drawn if isinstance(f, QuoteBox)]
    assert [p for p, _ in parts] == [1, 2]
    first, rest = parts[0][1], parts[1][1]
    assert "A quotation" in _text(first) and "Nick Carraway" in _text(first)
    explanation_lines = [f for f in first.cells[0][2:] if isinstance(f, Paragraph)]
    assert explanation_lines and len(line_texts(explanation_lines[0])) >= QuoteBox.MIN_LINES
    assert _text(rest).startswith("\u2014 Nick Carraway, continued")
    assert "A quotation" not in _text(rest)
    carried = [f for f in rest.cells[0][1:] if isinstance(f, Paragraph)]
    assert sum(len(line_texts(f)) for f in carried) >= QuoteBox.MIN_LINES


def test_split_parts_of_a_box_keep_their_spacing():
    s = Styles(Options())
    cols = Columns([[Para(LONG * 4, s["body"])]], [1.0], pad=7, space_before=5, space_after=9)
    first, rest = cols.split(s.geometry.column[2], 200)
    assert (first.getSpaceBefore(), rest.getSpaceAfter()) == (5, 9)
    assert (rest.getSpaceBefore(), first.getSpaceAfter()) == (5, 9)


def test_a_heading_keeps_with_its_column_labels_and_the_first_lines_of_its_row():
    s = Styles(Options())
    room = s.geometry.frame[3]
    heading = Heading("Chapter 1", s["chapter-title"], "ch-1", "Chapter 1", 0)
    labels = Columns([[Para("SUMMARY", s["column-head"])], [Para("ANALYSIS", s["column-head"])]], [0.5, 0.5])
    labels.keepWithNext = 1
    row = Columns([[Para(LONG * 3, s["body"])], [Para(LONG * 3, s["body"])]], [0.5, 0.5])
    drawn = _layout([Spacer(1, room - 70), heading, labels, row])
    page_of = {id(f): page for page, f in drawn}
    assert page_of[id(heading)] == page_of[id(labels)] == 2


def test_group_keeps_joins_a_heading_to_a_kept_together_block_and_a_paragraph():
    s = Styles(Options())
    from reportlab.platypus import KeepTogether

    h1 = Heading("One", s["heading"], "a", "One", 1)
    h2 = Heading("Two", s["heading"], "b", "Two", 1)
    block = KeepTogether([Para("Q", s["question"])])
    p = Para("text", s["body"])
    story = group_keeps([h1, block, h2, Spacer(1, 4), p])
    assert [type(f) for f in story] == [KeepTogether, KeepWithStart]
    assert story[0]._content[0] is h1 and story[1]._content[:2] == [h2, story[1]._content[1]]


def test_answer_lines_split_with_four_lines_before_and_a_label_after():
    s = Styles(Options())
    label = lambda: Para("<b>12</b>, continued", s["question-meta"])
    lines = AnswerLines(14, 22, s.color("rule"), continued=label)
    assert lines.split(400, 22 * 3.5) == []  # three lines are not enough
    first, rest = lines.split(400, 22 * 5.2)
    assert (first.count, rest.count) == (5, 9)
    assert rest.label is not None and rest.label.getPlainText() == "12, continued"
    assert rest.wrap(400, 1e9)[1] > 9 * 22  # the label takes room above the lines


# -- the grid ----------------------------------------------------------------------------------

@pytest.mark.parametrize("paper", list(Paper))
def test_the_text_column_is_about_80_characters_and_the_rail_is_at_least_an_inch(paper):
    s = Styles(Options(paper=paper))
    x, _, width, _ = s.geometry.column
    assert width == MEASURE and s.geometry.rail >= 72
    assert 70 <= s.chars(width) <= 90
    assert x + width == pytest.approx(s.geometry.page[0] - s.geometry.margin)  # flush with the header's right end


def test_large_print_and_booklets_have_no_rail():
    assert Styles(Options(large_print=True)).geometry.rail == 0
    assert Styles(Options(booklet=True)).geometry.rail == 0


def test_narrow_columns_are_ragged_right_and_wide_ones_justified():
    s = Styles(Options(booklet=True))
    assert s.prose(0.46 * s.geometry.frame[2]) == "body-ragged"
    assert Styles(Options()).prose(0.46 * Styles(Options()).geometry.frame[2]) == "body"


# -- hyphenation -------------------------------------------------------------------------------

@pytest.mark.parametrize("code,name", [("en", "en_US"), ("en-US", "en_US"), ("en-GB", "en_GB"), ("de", "de")])
def test_english_hyphenates_by_its_variant(code, name):
    assert pyphen_language(code) == name


def test_us_patterns_break_theater_and_trusted_the_american_way():
    hy = hyphenator("en")
    assert 4 not in hy.breaks("theater") and 5 not in hy.breaks("trusted")  # not theat-er, trus-ted
    assert all(len(h) >= 2 and len(t) >= 3 for h, t in hy("extraordinary"))


def test_no_break_in_capitalised_words():
    assert list(hyphenator("en")("Elizabeth")) == [] and list(hyphenator("en")("Illusion")) == []


def test_a_ladder_of_hyphens_or_a_lone_fragment_is_bad():
    assert bad_hyphenation(["one two re-", "three four pa-", "five six ex-", "seven eight"])
    assert bad_hyphenation(["a line that ends with a frag-", "ment"])
    assert not bad_hyphenation(["one two re-", "three four pa-", "five six", "seven eight"])


def test_a_paragraph_with_a_ladder_of_hyphens_is_set_without_them():
    s = Styles(Options())
    p = Para("the son of shiftless and unsuccessful farm people everywhere unsuccessful extraordinary", s["body"])
    p.wrap(120, 1e9)
    assert not bad_hyphenation(line_texts(p))


@pytest.mark.parametrize("role", ["heading", "label", "quote-body", "quote-meta", "question-meta", "cell", "cell-head"])
def test_headings_labels_metadata_and_cells_never_hyphenate(role):
    assert not Styles(Options())[role].hyphenationLang


def test_no_quotation_of_the_sample_is_hyphenated_where_it_prints():
    """A hyphen added inside a quotation reads as the author's ("sin-gle"): every quotation of the
    sample, wrapped at the width of its Key Quotes box, breaks only at spaces or its own hyphens."""
    from guidebuilder.compose import Composer
    from conftest import SAMPLE

    guide = load_guide(SAMPLE)
    styles = Styles(Options())
    c = Composer(guide, styles, Options())
    width = styles.geometry.column[2] - 24  # inside the box's rule and padding
    broken = 0
    for q in (q for ch in guide.chapters for q in ch.quotes):
        for p in c.paras(q.text, "quote-body", keep_breaks=True):
            p.wrap(width, 1e6)
            lines = line_texts(p)
            broken += len(lines) > 1
            for line in lines[:-1]:
                if line.endswith("-"):
                    assert line.split()[-1] in markup.plain(q.text), line
    assert broken > 20  # the quotations do wrap: the test looks at line ends


def test_large_print_never_hyphenates():
    s = Styles(Options(large_print=True))
    assert not s["body"].hyphenationLang and not s["body"].embeddedHyphenation


# -- typography ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("T. J. Eckleburg", "T.\u00a0J. Eckleburg"), ("in Chapter 7", "in Chapter\u00a07"), ("see p. 14", "see p.\u00a014"),
    ("pp. 35-36", "pp.\u00a035\u201336"), ("on 2001-01-01", "on 2001-01-01"),
])
def test_words_that_belong_together_stay_together_and_ranges_take_en_dashes(text, expected):
    assert markup.typography(text) == expected


# -- contrast ------------------------------------------------------------------------------------

def test_a_light_theme_color_is_darkened_for_text_and_kept_for_fills():
    s = Styles(Options())
    light = "#9FD3F0"
    assert contrast(light) < 4.5
    text = s.variant("legend-name", light).textColor.hexval()
    assert contrast("#" + text[2:]) >= 4.5
    assert s.tint(light, 1.0).hexval().lower() == "0x9fd3f0"  # fills keep the color itself
    big = s.variant("theme-title", light).textColor.hexval()
    assert 3.0 <= contrast("#" + big[2:]) < contrast("#" + text[2:])  # 18 pt needs only 3:1


def test_for_text_keeps_a_dark_enough_color():
    assert for_text("#1F5F99") == "#1F5F99"


def test_check_warns_about_a_theme_color_too_light_for_text(make_guide):
    folder = make_guide({"guide.yaml": """\
        title: T
        author: A
        themes:
          - id: sky
            name: Sky
            color: "#9FD3F0"
        chapters:
          - title: One
            summary: S.
        """})
    guide = load_guide(folder)
    assert any("too light to read as text" in message for _, message in guide.warnings)


def test_rlcompat_names_the_reportlab_it_was_checked_against():
    import reportlab

    assert reportlab.Version in CHECKED_WITH


def test_the_large_print_cover_is_one_page(sample_large_pdf):
    """Title, byline, the themes' names and the credits all on page 1; the contents start page 2."""
    from conftest import squash

    guide = sample_large_pdf.guide
    cover = squash(sample_large_pdf.texts[0])
    assert squash(markup.plain(guide.credits))[:60] in cover
    assert all(markup.plain(t.name) in cover for t in guide.themes)
    assert sample_large_pdf.lines(2)[0] == "Contents"
