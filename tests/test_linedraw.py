"""Our drawing of text (linedraw.py) writes exactly what ReportLab writes.

Guides build to the same bytes with it and without it (linedraw.ENABLED off); the subset encoding
gives ReportLab's runs and leaves the document's subsets as ReportLab's would be, whatever order
new characters, characters the face lacks, no-break spaces and other subsets come in; paragraphs
with what the fast line drawing leaves to ReportLab (links, underlines, backgrounds, images,
fallback faces, CJK) draw to the same bytes both ways.
"""
from __future__ import annotations

import io
import random

import pytest
from reportlab.lib.colors import black, red, yellow
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as rl_paragraph

from guidebuilder import fonts, linedraw
from guidebuilder.coverage import CJK_HAN, FACES, SANS, SERIF
from guidebuilder.flowables import Para
from guidebuilder.load import load_guide
from guidebuilder.options import Edition, Options, Paper
from guidebuilder.render import build_pdf

from conftest import GUIDES, SAMPLE
from test_linebreak import generated  # noqa: F401  (the fixture: a small generated guide)

BUILDS = [("tiny", Options()), ("tiny", Options(edition=Edition.TEACHER)), ("play", Options(large_print=True)),
          ("reference", Options(paper=Paper.A4)), ("reference", Options(grayscale=True)),
          ("generated", Options()), ("generated", Options(edition=Edition.TEACHER, grayscale=True)),
          ("sample", Options())]


@pytest.mark.parametrize("name,options", BUILDS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BUILDS)])
def test_guides_build_to_the_same_bytes_with_reportlabs_drawing(name, options, generated, tmp_path,  # noqa: F811
                                                                 monkeypatch):
    folder = {"generated": generated, "sample": SAMPLE}.get(name, GUIDES / name)
    guide = load_guide(folder)
    slow_lines = []
    rl_put = linedraw._rl_put_frag_line
    monkeypatch.setattr(linedraw, "_rl_put_frag_line", lambda *a: slow_lines.append(a) or rl_put(*a))
    monkeypatch.setattr(linedraw, "ENABLED", True)
    build_pdf(guide, tmp_path / "fast.pdf", options)
    fast_slow = len(slow_lines)
    monkeypatch.setattr(linedraw, "ENABLED", False)
    build_pdf(guide, tmp_path / "reportlab.pdf", options)
    assert len(slow_lines) > fast_slow, "with ENABLED off ReportLab draws the lines"
    assert (tmp_path / "fast.pdf").read_bytes() == (tmp_path / "reportlab.pdf").read_bytes()


def _state(font: TTFont, doc):
    state = font.state[doc]
    return dict(state.assignments), [list(s) for s in state.subsets], state.nextCode


def _encode_both(face: str, texts: list) -> None:
    """Encode `texts` in order for two documents, ours and ReportLab's: the same runs, the same subsets."""
    fonts.register()
    font = getFont(face)
    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    for text in texts:
        got = font.splitString(text, ours._doc)
        want = TTFont.splitString(font, text, theirs._doc)
        assert got == want, f"{text!r}"
    assert _state(font, ours._doc) == _state(font, theirs._doc)


def test_encoding_new_characters_mid_document_keeps_reportlabs_order():
    _encode_both(SERIF, ["Plain ASCII first", "then “quotes” — dashes…", "caf\u00e9 na\u00efve",
                         "Plain again", "\u00e9\u00e9 known now", "new \u0141\u00f3d\u017a at the end",
                         "", "\u00e9", "x"])


def test_encoding_no_break_spaces_and_missing_characters():
    # U+00A0 is encoded as the space; a character the face lacks is code 0 and never assigned
    _encode_both(SERIF, ["a\u00a0b", "\u00a0", "\u4e2d\u6587 in a Latin face", "\u4e2d again\u00a0", b"bytes \xc3\xa9"])


def test_encoding_across_subsets():
    # more characters than one subset holds: runs in several subsets, in any order
    fonts.register()
    cmap = sorted(getFont(SANS).face.charToGlyph)
    letters = [chr(c) for c in cmap if c > 0x100][:600]
    rng = random.Random(11)
    texts = []
    for _ in range(200):
        texts.append("".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) + " and ASCII")
    texts += ["".join(letters[:300]), "".join(letters[250:]), letters[0] + letters[-1], letters[-1] * 3]
    _encode_both(SANS, texts)


def test_encoding_takes_the_fast_path_for_known_text():
    fonts.register()
    font = TTFont("GB-linedraw-test", str(FACES[SERIF]))
    slow = []
    font.splitString = lambda text, doc, encoding="utf-8": slow.append(text) or TTFont.splitString(font, text, doc,
                                                                                                  encoding)
    linedraw.install(font)
    doc = Canvas(io.BytesIO())._doc
    assert font.splitString("known text", doc) == [(0, b"known text")]  # no state yet: ReportLab's
    assert font.splitString("text known", doc) == [(0, b"text known")]
    assert font.splitString("caf\u00e9", doc) == [(0, b"caf\x01")]  # new: ReportLab assigns it code 1
    assert font.splitString("\u00e9t\u00e9\u00a0", doc) == [(0, b"\x01t\x01 ")]
    assert slow == ["known text", "caf\u00e9"]


PARAGRAPHS = [
    "Plain text, then <b>bold</b> and <i>italic</i> words in one paragraph that runs to a few lines "
    "so that it is justified, with no\u00a0break spaces\u00a0here and there.",
    'A <a href="https://example.org/x">link in the text</a> and <u>underlined words</u> and '
    '<strike>struck ones</strike>, then plain words to fill the line and more.',
    'Words with a <span backColor="yellow">background colour</span> between plain ones, long '
    'enough to wrap over two or three lines at this width.',
    'Colours: <font color="red">red words</font> then black, <super>raised</super> and '
    '<sub>lowered</sub> text.',
    "Greek \u0391\u03b8\u03ae\u03bd\u03b1, Cyrillic \u041c\u043e\u0441\u043a\u0432\u0430, "
    "Hebrew \u05e9\u05dc\u05d5\u05dd and arrows \u2192 \u21d2 in fallback faces.",
    "Chinese \u4e2d\u6587\u7684\u6587\u5b57 and Korean \ud55c\uad6d\uc5b4 text between Latin words.",
    "New characters late: \u0142\u00f3d\u017a \u0159\u00ed\u010d \u0151\u0171 \u00f8\u00e5.",
]


def _draw(enabled: bool, monkeypatch) -> bytes:
    monkeypatch.setattr(linedraw, "ENABLED", enabled)
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(612, 792), invariant=1)
    y = 760
    for align in (0, 1, 2, 4):
        for face in (SERIF, SANS):
            style = ParagraphStyle(f"s{align}{face}", fontName=face, fontSize=10, leading=13, alignment=align,
                                   textColor=red if align == 2 else black)
            for text in PARAGRAPHS:
                p = Para(text, style)
                _, h = p.wrap(200 + 40 * align, 800)
                if y - h < 30:
                    canvas.showPage()
                    y = 760
                p.drawOn(canvas, 40, y - h)
                y -= h + 6
    end_dots = ParagraphStyle("dots", fontName=SERIF, fontSize=10, leading=13, endDots=".")
    auto = ParagraphStyle("auto", fontName=SANS, fontSize=10, leading=13, autoLeading="max", backColor=yellow)
    for style in (end_dots, auto):
        p = Para("Short line <b>with dots</b>", style)
        _, h = p.wrap(300, 800)
        p.drawOn(canvas, 40, 100)
    canvas.drawString(40, 60, "Drawn by the canvas: \u00e9\u00a0\u4e2d \u0416")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_paragraphs_reportlab_draws_its_own_way_come_out_the_same(monkeypatch):
    fast_lines, slow_lines = [], []
    put, rl_put = linedraw._put_frag_line, linedraw._rl_put_frag_line
    monkeypatch.setattr(rl_paragraph, "_putFragLine", lambda *a: fast_lines.append(a) or put(*a))
    monkeypatch.setattr(linedraw, "_rl_put_frag_line", lambda *a: slow_lines.append(a) or rl_put(*a))
    ours = _draw(True, monkeypatch)
    left_to_reportlab = len(slow_lines)
    theirs = _draw(False, monkeypatch)
    assert 0 < left_to_reportlab < len(fast_lines) / 2, "both kinds of line are drawn"
    assert ours == theirs


def test_cjk_text_is_left_to_reportlab(monkeypatch):
    # the CJK faces are CID fonts, not TrueType subsets: _formatText goes to ReportLab's
    fonts.register()
    assert not getFont(CJK_HAN)._dynamicFont
    seen = []
    rl_format = linedraw._rl_format_text
    monkeypatch.setattr(linedraw, "_rl_format_text", lambda tx, text: seen.append(text) or rl_format(tx, text))
    canvas = Canvas(io.BytesIO())
    canvas.setFont(CJK_HAN, 12)
    canvas.drawString(10, 10, "\u4e2d\u6587")
    assert seen == ["\u4e2d\u6587"]
