"""Our frags (frags.py) are ReportLab's ParaParser frags, attribute by attribute.

For markup our markup module and sections make (escaped & < >, nested bold and italic, fallback
font spans, run-in labels, kept line breaks, empty text, odd white space, non-ASCII), from a table
and at random, frags.parse gives the cleaned text ReportLab's Paragraph keeps and the frags its
parser makes: the same attributes in the same order with the same values, the `link` and
`us_lines` lists shared as the parser shares them. Markup outside what we make goes to ReportLab's
parser, and guides build to the same bytes either way. A ReportLab upgrade that changes its
parser, or a markup change that makes a construct frags.py does not read, fails here.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from guidebuilder import fonts, frags
from guidebuilder.flowables import Para
from guidebuilder.load import load_guide
from guidebuilder.markup import Setting, blocks, escape, inline
from guidebuilder.options import Edition, Options
from guidebuilder.render import build_pdf
from guidebuilder.styles import SANS, Styles

from conftest import GUIDES, generated_guide

REPO = Path(__file__).resolve().parents[1]
ROLES = ("body", "body-ragged", "label", "heading", "quote-body", "quote-meta", "cell", "cell-head", "bullet",
         "quote-ref", "blockquote", "section-title", "question", "answer")


@pytest.fixture(scope="module")
def sheets() -> tuple[Styles, Styles]:
    return Styles(Options()), Styles(Options(large_print=True))


def reportlab_frags(markup: str, style) -> tuple[str, list]:
    """What Paragraph._setup keeps: the cleaned text and ReportLab's parse of it."""
    text = cleanBlockQuotedText(markup)
    parser = ParaParser()
    parser.caseSensitive = 1
    _, parsed, bullet = parser.parse(text, style)
    assert parsed is not None and not bullet
    return text, parsed


def assert_same_frags(markup: str, style) -> list:
    """frags.parse of `markup` (as Para hands it over, fallback fonts wrapped in) is ReportLab's."""
    markup = fonts.fallback(markup, style.fontName) if markup else markup
    made = frags.parse(markup, style)
    assert made is not None, f"not read by frags.parse: {markup!r}"
    text, ours = made
    ref_text, ref = reportlab_frags(markup, style)
    assert text == ref_text
    assert len(ours) == len(ref), f"{markup!r}: {[f.text for f in ours]} != {[f.text for f in ref]}"
    for i, (a, b) in enumerate(zip(ours, ref)):
        assert type(a) is ParaFrag
        assert list(a.__dict__) == list(b.__dict__), f"{markup!r} frag {i}: attribute order"
        for key, value in b.__dict__.items():
            mine = a.__dict__[key]
            assert type(mine) is type(value) and mine == value, f"{markup!r} frag {i}.{key}: {mine!r} != {value!r}"
    for key in ("link", "us_lines"):  # one list per paragraph, shared by every frag, as the parser has it
        assert len({id(f.__dict__[key]) for f in ours}) <= 1
        assert all(f.__dict__[key] == [] for f in ours)
    return ours


# markup as the sections make it (before fonts.fallback, which assert_same_frags applies as Para does)
TABLE = {
    "empty": "",
    "plain": "A plain line of text.",
    "escaped": inline("Tom & Daisy <b>not bold</b> x<y>z AT&T &amp; &lt;"),
    "only entities": "&amp;&lt;&gt;&amp;",
    "entity at the ends": "&amp; middle &gt;",
    "nested emphasis": inline("**bold *italic inside* bold** and *italic* then ***both***"),
    "large print emphasis": inline("an *emphasis* in **bold**", setting=Setting("b")),
    "line breaks": inline("first *line*\nsecond & line\n\n  third line", keep_breaks=True),
    "only a line break": "<br/>",
    "line breaks in a row": "a<br/><br/>b<br/>",
    "line break inside bold": "<b>one<br/>two</b>",
    "run-in label": f'<font name="{SANS}-Bold">{escape("Q&A")}.</font> ' + inline("the *text*"),
    "bold label": f"<b>{escape('Who <me>')}</b> " + inline("value & more"),
    "quote meta": "\u2014 <b>Nick</b>, Chapter\xa01 \u00b7 <b>Themes:</b> Wealth, Class",
    "question number": "<b>12.</b> " + inline('What does "the green light" mean -- really...?'),
    "greek and cyrillic": inline("Ὀδυσσεύς and *Пётр* **Κ** in Rome"),
    "cjk": inline("紅樓夢 and **한국어** & 東京"),
    "emoji and combining": inline("smile \U0001F600 cafe\u0301 *na\u00efve*"),
    "odd white space": "tab\there  two  spaces\u2009thin\u3000wide\u2028sep end ",
    "no-break and zero-width space": "Chapter\xa07 zw\u200bsp and T.\xa0J.",
    "white space at the ends": "   padded   ",
    "new lines in markup": "one\ntwo\n\n three ",
    "a long word": inline("x" * 80 + " and Supercalifragilisticexpialidociousandthensomemore"),
    "empty tags": "<b></b><i></i>a<b><i></i></b>",
    "spaces around tags": "<b> bold </b> <i> italic </i>",
    "fallback font span": '<font face="GB-Sans">\u0391\u03b8</font> and <font face="STSong-Light">\u7d05</font>',
}


@pytest.mark.parametrize("case", list(TABLE))
def test_table_markup_makes_reportlabs_frags(case, sheets):
    for sheet in sheets:
        for role in ("body", "label", "heading", "quote-meta", "section-title"):
            assert_same_frags(TABLE[case], sheet[role])


def test_the_table_makes_what_it_is_named_for(sheets):
    body = sheets[0]["body"]
    texts = lambda case: [f.text for f in assert_same_frags(TABLE[case], body)]  # noqa: E731
    assert texts("only entities") == ["&", "<", ">", "&"]  # HTMLParser reports each entity apart
    assert texts("empty") == []
    breaks = assert_same_frags(TABLE["line breaks in a row"], body)
    assert [(f.text, getattr(f, "lineBreak", False)) for f in breaks] == [
        ("a", False), ("", True), ("", True), ("b", False), ("", True)]
    faces = {f.fontName for f in assert_same_frags(TABLE["cjk"], body)}
    assert {"STSong-Light", "HYSMyeongJo-Medium"} <= faces
    assert {f.fontName for f in assert_same_frags(TABLE["run-in label"], body)} >= {f"{SANS}-Bold"}
    spaced = "".join(texts("odd white space"))  # the ideographic space is set in an Asian font: its own frag
    assert spaced == "tab here two spaces thin wide sep end"


# random rich text through the markup module, the way sections make paragraphs of it
_WORDS = ("the a of and Gatsby well-known mother-in-law don't T. J. Chapter 7 pp. 35-36 2001-01-01 "
          "caf\u00e9 na\u00efve \u0391\u03b8\u03ae\u03bd\u03b1 \u041c\u043e\u0441\u043a\u0432\u0430 \u7d05\u6a13\u5922 "
          "\ud55c\uad6d\uc5b4 \U0001F600 & && < > <b> </i> <br/> &amp; &lt; &#169; &nbsp; <font> -- --- ... "
          "\"quoted\" 'single' *it* **bo** *** * ** x*y incomprehensibilities").split(" ")
_GAPS = (" ", " ", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2009", "\u3000", "\u200b", "")


def _rich(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(0, 40)):
        word = rng.choice(_WORDS) if rng.random() > 0.03 else "q" * rng.randint(25, 70)
        shape = rng.random()
        if shape < 0.1:
            word = f"*{word}*"
        elif shape < 0.15:
            word = f"**{word}**"
        elif shape < 0.17:
            word = f"- {word}"
        elif shape < 0.19:
            word = f"> {word}"
        out.append(word + rng.choice(_GAPS))
    return "".join(out)


def test_random_markup_makes_reportlabs_frags(sheets):
    rng = random.Random(20261203)
    for n in range(400):
        sheet = sheets[n % 2]
        style = sheet[rng.choice(ROLES)]
        setting = Setting("b" if n % 2 else "i")
        text = _rich(rng)
        made = [inline(text, keep_breaks=rng.random() < 0.3, setting=setting)]
        made += [block.markup for block in blocks(text, setting)]
        if rng.random() < 0.2:
            made = [f'<font name="{SANS}-Bold">{escape(text[:12])}.</font> ' + m for m in made]
        elif rng.random() < 0.2:
            made = [f"<b>{escape(text[:12])}</b> " + m for m in made]
        for markup in made:
            assert_same_frags(markup, style)


@pytest.mark.parametrize("markup", [
    '<font size="14">big</font>', '<a href="https://example.org">link</a>', '<a name="here"/>', "&#169; 2026",
    "&nbsp;", "AT&T", "a < b", "<b>unclosed", "<i>crossed</b></i>", "</b>", "<br>", "<para>x</para>",
    "<B>upper</B>", '<font face="NoSuchFont">x</font>', "<strong>x</strong>", "<super>2</super>",
    '<font face="GB-Sans" color="red">x</font>',
])
def test_other_markup_goes_to_reportlabs_parser(markup, sheets, monkeypatch):
    style = sheets[0]["body"]
    assert frags.parse(markup, style) is None
    try:
        ref = Paragraph(markup, style)
    except ValueError as exc:  # ReportLab's own error, from its parser, for Para too
        with pytest.raises(ValueError) as ours:
            Para(markup, style)
        assert str(ours.value) == str(exc)
        return
    p = Para(markup, style)
    assert [repr(f.__dict__) for f in p.frags] == [repr(f.__dict__) for f in ref.frags]  # ABag has no ==


def test_switched_off_it_makes_nothing(sheets, monkeypatch):
    monkeypatch.setattr(frags, "ENABLED", False)
    assert frags.parse("plain", sheets[0]["body"]) is None
    p = Para("<b>x</b> &amp;", sheets[0]["body"])
    assert [f.text for f in p.frags] == ["x", " ", "&"]


def test_para_keeps_the_cleaned_text_and_frags(sheets, monkeypatch):
    style = sheets[0]["body"]
    markup = inline("  *Some*  text \u201cquoted\u201d & more\n")
    ours = Para(markup, style)
    monkeypatch.setattr(frags, "ENABLED", False)
    ref = Para(markup, style)
    assert ours.text == ref.text
    assert [list(f.__dict__.items()) for f in ours.frags] == [list(f.__dict__.items()) for f in ref.frags]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A small guide from the benchmarks' generator (its prose has italics, quotes, dashes, & < >)."""
    return generated_guide(tmp_path_factory.mktemp("generated") / "g", chapters=3, themes=4, seed=5)


BUILDS = [("tiny", Options()), ("play", Options(large_print=True, edition=Edition.TEACHER)),
          ("generated", Options(grayscale=True))]


@pytest.mark.parametrize("name,options", BUILDS, ids=[n for n, _ in BUILDS])
def test_guides_build_to_the_same_bytes_with_reportlabs_parser(name, options, generated, tmp_path, monkeypatch):
    guide = load_guide(generated if name == "generated" else GUIDES / name)
    parsed = []
    rl_setup = Paragraph._setup
    monkeypatch.setattr(Paragraph, "_setup", lambda p, text, style, b, fr, c: (
        parsed.append(text) if fr is None else None, rl_setup(p, text, style, b, fr, c))[1])
    build_pdf(guide, tmp_path / "ours.pdf", options)
    assert not parsed, f"ReportLab parsed some of our paragraphs: {parsed[:3]}"
    monkeypatch.setattr(frags, "ENABLED", False)
    build_pdf(guide, tmp_path / "reportlab.pdf", options)
    assert parsed, "with ENABLED off ReportLab parses the markup"
    assert (tmp_path / "ours.pdf").read_bytes() == (tmp_path / "reportlab.pdf").read_bytes()


def test_the_spaces_that_make_a_text_need_cleaning_are_all_listed():
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} | set(rl_paragraph._wsc)
    assert set(frags.OTHER_SPACES) == spaces - {" "}
    for text in ["", "a", "a b", " a", "a ", "a  b", "a\xa0b", "a\u200bb", "a\nb", "a\u3000b"]:
        assert frags._needs_cleaning(text) == (cleanBlockQuotedText(text) != text or text != text.strip(" ")
                                              or any(c in text for c in frags.OTHER_SPACES))
