"""Our line breaker (linebreak.py) gives exactly what ReportLab's Paragraph.breakLines gives.

Guides build to the same bytes with it and without it (linebreak.ENABLED off), and on tricky
paragraphs (hyphenation, words longer than the line, soft hyphens, mixed frags, <br/>, spaces at
the ends, no-break spaces, empty text) and on random ones its line structure is ReportLab's to the
last bit: lines, words, clones, extra space, the frag words a later split reads, the counters.
"""
from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from reportlab.lib.abag import ABag
from reportlab.platypus.paragraph import Paragraph

from guidebuilder import linebreak
from guidebuilder.flowables import Para
from guidebuilder.load import load_guide
from guidebuilder.options import Edition, Options, Paper
from guidebuilder.render import build_pdf
from guidebuilder.styles import Styles

from conftest import GUIDES, generated_guide

REPO = Path(__file__).resolve().parents[1]
STATE = ("frags", "_width_max", "_hyphenations", "_splitLongWordCount", "height")


def _same(a, b, path: str = "blPara") -> None:
    """a and b equal all the way down: types, floats to the bit, frag attributes."""
    if a is b:
        return
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__} ({a!r} / {b!r})"
    if isinstance(a, float):
        assert repr(a) == repr(b), f"{path}: {a!r} != {b!r}"
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), f"{path}: {len(a)} items != {len(b)} ({a!r} / {b!r})"
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]")
    elif isinstance(a, dict):
        assert set(a) == set(b), f"{path}: keys {sorted(a)} != {sorted(b)}"
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, ABag):
        _same(a.__dict__, b.__dict__, path)
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def _break_both(p: Paragraph, widths: list[float]):
    """Break `p` with ReportLab (on a copy) and with linebreak; assert the same; keep ours on `p`."""
    ref_p = copy.copy(p)
    ref_widths = list(widths)
    ref = Paragraph.breakLines(ref_p, ref_widths)
    ours = linebreak.break_lines(p, widths)
    _same(ref, ours)
    for name in STATE:
        _same(getattr(ref_p, name, None), getattr(p, name, None), name)
    _same(ref_widths, widths, "widths")
    return ours


def _exercise(p: Paragraph, widths: tuple[float, ...], rng: random.Random | None = None) -> list:
    """Break `p` at each width, then split it and break the parts again, comparing every time."""
    results = []
    for width in widths:
        bl = _break_both(p, [width, width])
        results.append(bl)
        p.blPara, p.width = bl, width
        p.height = len(bl.lines) * p.style.leading
        if len(bl.lines) > 2:
            lines = (rng.randint(1, len(bl.lines) - 1) if rng else len(bl.lines) // 2)
            parts = Paragraph.split(p, width, p.style.leading * lines + 1)
            if len(parts) == 2:
                for part in parts:
                    _break_both(part, [width * 0.8, width * 0.8])
                p = parts[1]
    return results


@pytest.fixture(scope="module")
def styles() -> Styles:
    return Styles(Options())


@pytest.fixture(scope="module")
def large() -> Styles:
    return Styles(Options(large_print=True))


WIDTHS = (400.0, 180.0, 90.0, 36.0)
WORD = "extraordinary responsibility incomprehensibilities"

TRICKY = {
    "hyphenated words": ("body", f"Plain text with {WORD} and {WORD} to hyphenate at the end of lines " * 3),
    "a word longer than the line": ("body", "A " + "x" * 120 + " in the middle, and " + "y" * 70),
    "a long word in two frags": ("body", "Then " + "<i>" + "k" * 60 + "</i>" + "m" * 40 + " ends."),
    "soft hyphens": ("body", "Soft hy\xadphen\xadated words: re\xadspon\xadsi\xadbil\xadi\xadty " * 6),
    "mixed bold and italic": ("body", "<b>Bold</b> and <i>italic</i>, <b><i>both</i></b>, half<i>way</i> "
                                      "words, <i>a run of several italic words</i> then <b>bold </b>"
                                      "spaces<i> inside</i> tags " * 3),
    "explicit line breaks": ("body-ragged", "First line<br/>second line is longer than the first one"
                                            "<br/><br/>after an empty line<br/>"),
    "spaces at the ends": ("body", "   leading and trailing spaces   around the words   "),
    "no-break spaces": ("body", "T.\xa0J. Eckleburg, Chapter\xa07, p.\xa014 and 10\xa0000 words " * 4),
    "a URL": ("body", "See https://example.org/a/very/long/path/that/will/not/fit/on/one/line/at/all "
                      "and www.example.com/another/path for more"),
    "fallback fonts": ("body", "Greek \u1f08\u03bd\u03c4\u03b9\u03b3\u03cc\u03bd\u03b7 and \u6f22\u5b57 "
                               "among \u201ccurly\u201d words \u2014 and <i>\u03bb\u03cc\u03b3\u03bf\u03c2</i> " * 3),
    "a label never hyphenated": ("label", f"{WORD} {WORD} {WORD}"),
    "a bullet": ("bullet", f"An item with {WORD} long enough to wrap onto a second line and a third"),
    "a hanging indent": ("quote-ref", f"Chapter 3, p. 44: {WORD} and more words to fill the line"),
    "sizes changing": ("body", 'Big <font size="16">LARGE words</font> small <font size="6">tiny</font> ' * 4),
    "empty": ("body", ""),
    "only spaces": ("body", "   "),
    "only a line break": ("body", "<br/>"),
}


@pytest.mark.parametrize("case", list(TRICKY))
def test_tricky_paragraphs_break_exactly_as_reportlab(case, styles, large):
    role, markup = TRICKY[case]
    for sheet in (styles, large):
        p = Para(markup, sheet[role], bulletText="\u2022" if role == "bullet" else None)
        assert linebreak.handles(p) == ("\xad" not in markup), "soft hyphens go to ReportLab, the rest is ours"
        _exercise(p, WIDTHS)


def test_the_tricky_cases_do_what_they_are_named_for(styles):
    def broken(name: str, width: float) -> Para:
        role, markup = TRICKY[name]
        p = Para(markup, styles[role])
        p.blPara = linebreak.break_lines(p, [width, width])
        return p

    assert broken("hyphenated words", 180)._hyphenations > 0
    assert broken("a word longer than the line", 90)._splitLongWordCount > 0
    assert broken("a long word in two frags", 90)._splitLongWordCount > 0
    lines = broken("explicit line breaks", 400).blPara.lines
    assert ["".join(w.text for w in line.words) for line in lines] == [
        "First line", "second line is longer than the first one", "", "after an empty line"]
    assert all(line.lineBreak for line in lines)
    assert broken("empty", 400).blPara.lines == []
    assert broken("only spaces", 400).blPara.lines == []
    texts = [" ".join(words) for _, words in broken("no-break spaces", 60).blPara.lines]
    assert texts[:5] == ["T.\xa0J.", "Eckleburg,", "Chapter\xa07,", "p.\xa014 and", "10\xa0000 words"]
    assert broken("a label never hyphenated", 90)._hyphenations == 0


_PIECES = ("the a of and responsibility extraordinary Gatsby well-known mother-in-law \u201cquoted\u201d "
           "(aside) don\u2019t T.\xa0J. caf\u00e9 \u2014 \u2026 &amp; incomprehensibilities "
           "https://example.org/a/b/c/d/e 12\u201336 Zs\u200bzz\u200bzz").split(" ")


# a word's markup, chosen when a random number falls below the first bound that exceeds it
_FORMS = [(0.1, "<i>{word}</i>"), (0.15, "<b>{word}</b>"), (0.18, "<i>{word}</i>{after}"), (0.2, "<br/>"),
          (0.22, '<font size="14">{word}</font>'), (0.24, "<b>{word} </b>"), (0.26, "<i> {word}</i>")]


def _random_markup(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(0, 50)):
        word = rng.choice(_PIECES) if rng.random() > 0.03 else "q" * rng.randint(30, 90)
        form, after = rng.random(), rng.choice(_PIECES)
        for below, shape in _FORMS:  # plain above the last
            if form < below:
                word = shape.format(word=word, after=after)
                break
        out.append(word + rng.choice([" ", " ", " ", "  ", "\xa0", ""]))
    return "".join(out)


def test_random_paragraphs_break_exactly_as_reportlab(styles, large):
    rng = random.Random(20240611)
    roles = ("body", "body-ragged", "label", "heading", "quote-body", "cell", "bullet", "quote-ref", "blockquote")
    for _ in range(250):
        sheet = large if rng.random() < 0.3 else styles
        role = rng.choice(roles)
        p = Para(_random_markup(rng), sheet[role], bulletText="\u2022" if role == "bullet" else None)
        assert linebreak.handles(p)
        _exercise(p, tuple(rng.choice((24, 60, 120, 200, 336, 500)) for _ in range(3)), rng)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A small guide from the benchmarks' generator (its prose has italics, quotes, dashes, & < >)."""
    return generated_guide(tmp_path_factory.mktemp("generated") / "g", chapters=4, themes=5, seed=3)


BUILDS = [("tiny", Options()), ("tiny", Options(edition=Edition.TEACHER)), ("play", Options(large_print=True)),
          ("reference", Options(paper=Paper.A4)), ("generated", Options()), ("generated", Options(large_print=True))]


@pytest.mark.parametrize("name,options", BUILDS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BUILDS)])
def test_guides_build_to_the_same_bytes_with_reportlabs_line_breaking(name, options, generated, tmp_path,
                                                                      monkeypatch):
    guide = load_guide(generated if name == "generated" else GUIDES / name)
    fell_back = []
    rl_break = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda p, w: fell_back.append(p) or rl_break(p, w))
    build_pdf(guide, tmp_path / "fast.pdf", options)
    assert not fell_back, "every paragraph of these guides is one linebreak handles"
    monkeypatch.setattr(linebreak, "ENABLED", False)
    build_pdf(guide, tmp_path / "reportlab.pdf", options)
    assert fell_back, "with ENABLED off ReportLab breaks the lines"
    assert (tmp_path / "fast.pdf").read_bytes() == (tmp_path / "reportlab.pdf").read_bytes()
