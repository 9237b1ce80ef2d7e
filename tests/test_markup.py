"""How user rich text becomes safe ReportLab markup: escaping, emphasis, typography and blocks."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from guidebuilder import fonts, markup
from guidebuilder.markup import Block, blocks, inline, plain, typography

OUR_TAGS = re.compile(r"</?b>|</?i>|<br/>")
# pieces that make the escaping and emphasis rules work hard
TOKENS = list("ab <>&*\"'-.\n/=") + ["<b>", "</i>", "<br/>", "&amp;", "**", "é", "<font>"]


# -- escaping ------------------------------------------------------------------------------------

def test_tags_and_ampersands_are_escaped():
    assert inline("<b>x</b> & <font>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;font&gt;"


def test_an_image_tag_is_escaped():
    assert inline("<img src=evil.png/>") == "&lt;img src=evil.png/&gt;"


def test_an_existing_entity_is_escaped_again():
    assert inline("&amp; &lt;") == "&amp;amp; &amp;lt;"


def test_text_inside_emphasis_is_escaped():
    assert inline("**a <b> & c**") == "<b>a &lt;b&gt; &amp; c</b>"


def test_bullets_and_quotes_are_escaped_too():
    assert blocks("- <i>x</i>\n\n> a & b") == [Block("bullet", "&lt;i&gt;x&lt;/i&gt;"), Block("quote", "a &amp; b")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS) | st.characters(), max_size=40).map("".join), st.booleans())
def test_any_text_gives_markup_whose_only_tags_are_ours(text, keep_breaks):
    out = inline(text, keep_breaks=keep_breaks)
    rest = OUR_TAGS.sub("", out)
    assert "<" not in rest and ">" not in rest
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt);)*", rest, re.S)
    Paragraph(out, ParagraphStyle("t"))  # ReportLab's parser accepts it


# -- emphasis ------------------------------------------------------------------------------------

def test_single_stars_make_italic():
    assert inline("a *new* world") == "a <i>new</i> world"


def test_double_stars_make_bold():
    assert inline("a **brave** world") == "a <b>brave</b> world"


def test_italic_inside_bold():
    assert inline("**a *b* c**") == "<b>a <i>b</i> c</b>"


def test_stars_between_numbers_stay_stars():
    assert inline("2*3*4 and 5 * 6") == "2*3*4 and 5 * 6"


# -- typography ----------------------------------------------------------------------------------

def test_double_quotes_become_curly():
    assert inline('He said "hello" to her.') == "He said \u201chello\u201d to her."


def test_apostrophes_become_right_single_quotes():
    assert inline("it's Gatsby's car") == "it\u2019s Gatsby\u2019s car"


def test_single_quotes_become_curly():
    assert inline("a 'word' here") == "a \u2018word\u2019 here"


def test_quote_before_emphasis_opens():
    assert inline('"*Old sport*," he said') == "\u201c<i>Old sport</i>,\u201d he said"


@pytest.mark.parametrize("source, expected", [
    ("1920--1933", "1920\u20131933"),
    ("wait---what", "wait\u2014what"),
    ("and then...", "and then\u2026"),
    ("a -- b --- c ... d", "a \u2013 b \u2014 c \u2026 d"),
])
def test_dashes_and_ellipsis(source, expected):
    assert typography(source) == expected
    assert inline(source) == expected


def test_a_single_hyphen_stays():
    assert inline("well-known") == "well-known"


# -- line breaks and blocks ----------------------------------------------------------------------

def test_single_line_breaks_are_spaces_by_default():
    assert inline("one\ntwo\n  three") == "one two three"


def test_line_breaks_kept_when_asked():
    assert inline("one\ntwo\nthree\n", keep_breaks=True) == "one<br/>two<br/>three"


def test_kept_lines_each_get_curly_quotes():
    assert inline('"one"\n"two"', keep_breaks=True) == "\u201cone\u201d<br/>\u201ctwo\u201d"


def test_blank_lines_part_paragraphs():
    assert blocks("First line\nsame paragraph.\n\nSecond.") == [
        Block("para", "First line same paragraph."), Block("para", "Second.")]


def test_dash_lines_are_bullets():
    assert blocks("Intro:\n- one\n- two *x*") == [
        Block("para", "Intro:"), Block("bullet", "one"), Block("bullet", "two <i>x</i>")]


def test_a_bullet_continues_on_the_next_line():
    assert blocks("- one\n  more of one\n- two") == [Block("bullet", "one more of one"), Block("bullet", "two")]


def test_angle_lines_are_a_block_quote():
    assert blocks("Before.\n\n> So we beat on,\n> boats against the current.\n\nAfter.") == [
        Block("para", "Before."), Block("quote", "So we beat on, boats against the current."),
        Block("para", "After.")]


def test_empty_text_has_no_blocks():
    assert blocks("") == []
    assert blocks("\n\n  \n") == []


# -- plain text ----------------------------------------------------------------------------------

def test_plain_strips_emphasis():
    assert plain("**Bold** and *italic* words") == "Bold and italic words"


def test_plain_keeps_symbols_unescaped_and_sets_typography():
    assert plain('Tom & "Daisy" -- <again>') == "Tom & \u201cDaisy\u201d \u2013 <again>"


def test_plain_joins_lines():
    assert plain("one\n  two\n\nthree") == "one two three"


# -- long words ----------------------------------------------------------------------------------

def test_a_word_longer_than_any_dictionary_word_gets_places_to_break():
    word = "abcdefghij" * 4
    assert inline(f"see {word} here") == "see " + "\u200b".join(word[i:i + 8] for i in range(0, 40, 8)) + " here"


def test_ordinary_long_words_and_plain_text_are_left_alone():
    assert inline("incomprehensibilities") == "incomprehensibilities"
    assert plain("x" * 40) == "x" * 40


def test_breaks_never_split_an_escaped_entity():
    assert "&amp;" in inline("&" * 40) and "&\u200bamp;" not in inline("&" * 40)


# -- font fallback ---------------------------------------------------------------------------------

def _faces(markup_text: str, font: str) -> list[tuple[str, str]]:
    """(font name, text) of each run ReportLab sets, for `markup_text` in a paragraph set in `font`."""
    from guidebuilder.flowables import Para

    p = Para(markup_text, ParagraphStyle("t", fontName=font, fontSize=10))
    runs: list[tuple[str, str]] = []
    for f in p.frags:
        if runs and runs[-1][0] == f.fontName:
            runs[-1] = (f.fontName, runs[-1][1] + f.text)
        elif f.text:
            runs.append((f.fontName, f.text))
    return runs


@pytest.mark.parametrize("markup_text, font, expected", [
    ("Αθήνα and Rome", "GB-Serif", [("GB-Sans", "Αθήνα"), ("GB-Serif", " and Rome")]),
    ("<b>Αθήνα</b> and Rome", "GB-Serif", [("GB-Sans-Bold", "Αθήνα"), ("GB-Serif", " and Rome")]),
    ("<i>Москва <b>Κ</b></i>", "GB-Serif", [("GB-Sans-Italic", "Москва"), ("GB-Serif-Italic", " "),
                                                ("GB-Sans-BoldItalic", "Κ")]),
    ("Αθήνα", "GB-Serif-Italic", [("GB-Sans-Italic", "Αθήνα")]),
    ("Αθήνα", "GB-Sans-Bold", [("GB-Sans-Bold", "Αθήνα")]),  # the sans has Greek: nothing to do
    ("Café &amp; crème", "GB-Serif", [("GB-Serif", "Café & crème")]),
])
def test_fallback_keeps_the_weight_and_slant_the_text_is_set_in(markup_text, font, expected):
    assert _faces(markup_text, font) == expected


def test_fallback_sets_cjk_in_the_readers_asian_fonts():
    assert _faces("<b>紅樓夢</b> and 한국어", "GB-Serif") == [
        ("STSong-Light", "紅樓夢"), ("GB-Serif", " and "), ("HYSMyeongJo-Medium", "한국어")]


def test_only_a_line_starting_with_a_marker_and_a_space_is_a_block_quote():
    assert blocks(">50 ships were lost.") == [Block("para", "&gt;50 ships were lost.")]
    assert [b.kind for b in blocks("> A quote.\n>\n> More of it.")] == ["quote"]


def test_a_quote_opening_an_emphasis_curls_open():
    assert inline('*"Hello," she said.* **"Bold"**') == "<i>\u201cHello,\u201d she said.</i> <b>\u201cBold\u201d</b>"


# -- the hints that skip rewrites (speed only) ------------------------------------------------------

HINT_TOKENS = TOKENS + ["T. J. ", "Chapter 7", "pp. 3", "Ch. 12", "35-36", "2001-01-01", "1-2-3", "a-1", "x" * 31,
                        "\u200b", "\xad", "\xa0", "\u0663-\u0664", " \u0663", "A. B.", "--", "...", "**", "*"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HINT_TOKENS) | st.characters(), max_size=60).map("".join), st.booleans())
def test_the_rewrites_a_hint_skips_would_change_nothing(text, keep_breaks):
    fast = (typography(text), inline(text, keep_breaks), plain(text))
    with pytest.MonkeyPatch.context() as patch:
        for hint in ("_INITIALS_HINT", "_NUMBERED_HINT", "_may_have_range", "_may_have_long_word"):
            patch.setattr(markup, hint, lambda text: True)
        assert (typography(text), inline(text, keep_breaks), plain(text)) == fast


def test_the_hints_let_the_rewrites_through():
    assert typography("T. J. Eckleburg, Chapter 7, pp. 35-36") == (
        "T.\xa0J. Eckleburg, Chapter\xa07, pp.\xa035\u201336")
    assert "\u200b" in inline("y" * 40)


FALLBACK_TOKENS = ["a", " ", "\u00e9", "\u201c", "\u2014", "\u0391", "\u0436", "\u7d05", "\U0001F600", "*", "**",
                   "&", "<", "\n", "\u3000"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FALLBACK_TOKENS) | st.characters(), max_size=30).map("".join),
       st.sampled_from(["GB-Serif", "GB-Serif-Italic", "GB-Sans-Bold"]), st.booleans())
def test_fallback_skips_only_markup_every_face_prints(text, font, label):
    made = inline(text)
    if label:
        made = '<font name="GB-Sans-Bold">Label.</font> <b>' + made + "</b>"
    fast = fonts.fallback(made, font)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fonts, "_family_covers", lambda font: frozenset())
        assert fonts.fallback(made, font) == fast


def test_family_coverage_is_what_every_face_prints(monkeypatch):
    monkeypatch.setattr(fonts, "_covers", lambda face: frozenset("ab" if face.endswith("Italic") else "abc"))
    assert fonts._family_covers.__wrapped__("GB-Serif-Bold") == frozenset("ab")


PLAIN_EMPHASIS = re.compile(r"\*\*(?=\S)(?P<b>.+?)(?<=\S)\*\*|(?<![\w*])\*(?=[^\s*])(?P<i>.+?)(?<=[^\s*])\*(?![\w*])",
                            re.S)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["*", "**", "***", " ", "a", "\n", "\u00e9", "_", "1", ".", "\xa0"]) | st.characters(),
                max_size=40).map("".join))
def test_emphasis_pattern_finds_what_its_plain_form_finds(text):
    spans = lambda pattern: [(m.span(), m.group("b"), m.group("i")) for m in pattern.finditer(text)]  # noqa: E731
    assert spans(markup._BOLD_OR_ITALIC) == spans(PLAIN_EMPHASIS)
