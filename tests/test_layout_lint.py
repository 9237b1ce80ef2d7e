"""The layout lint (tests/layout_lint.py) on the sample and the test guides in every print mode,
and proof that it sees the faults it is for."""
from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from guidebuilder import flowables, styles as styles_module
from guidebuilder.load import load_guide
from guidebuilder.options import ChapterSpan, Edition, Options, Paper
from guidebuilder.render import build_pdf
from guidebuilder.styles import Styles

from conftest import BARE, SAMPLE, TINY
from layout_lint import MEASURE_RANGE, lint, measure, read_pages

REFERENCE = TINY.parent / "reference"

MODES = {
    "student": {}, "teacher": {"edition": Edition.TEACHER}, "large-print": {"large_print": True},
    "a4": {"paper": Paper.A4}, "grayscale": {"grayscale": True}, "booklet": {"booklet": True},
    "theme-handout": "theme", "chapter-handout": "chapters",
}
GUIDES = {"sample": SAMPLE, "tiny": TINY, "bare": BARE, "reference": REFERENCE}


def _options(guide, mode) -> dict:
    spec = MODES[mode]
    if spec == "theme":
        return {"theme": guide.themes[-1].id}
    if spec == "chapters":
        n = len(guide.chapters)
        return {"chapters": ChapterSpan(min(2, n), min(3, n), n)}
    return dict(spec)


@pytest.fixture(scope="session")
def linted(build_once):
    """(guide name, mode) -> (BuiltPdf, problems), each built and linted once per session."""
    cache: dict = {}

    def get(name: str, mode: str):
        if (name, mode) not in cache:
            folder = GUIDES[name]
            if not (folder / "guide.yaml").is_file():
                pytest.skip(f"no guide at {folder}")
            guide = load_guide(folder)
            options = _options(guide, mode)
            pdf = build_once(folder, f"lint-{name}-{mode}", **options)
            if options.get("booklet"):
                cache[(name, mode)] = (pdf, None)  # imposed sheets: the pages are linted unimposed
            else:
                cache[(name, mode)] = (pdf, lint(pdf.path, pdf.guide, pdf.options))
        return cache[(name, mode)]

    return get


@pytest.mark.parametrize("mode", [m for m in MODES if m != "booklet"])
@pytest.mark.parametrize("name", list(GUIDES))
def test_guides_pass_the_layout_lint(linted, name, mode):
    _, problems = linted(name, mode)
    assert problems == []


@pytest.mark.parametrize("mode", ["student", "a4", "large-print", "theme-handout"])
def test_full_lines_of_body_prose_average_60_to_90_characters(linted, mode):
    pdf, _ = linted("sample", mode)
    s = Styles(pdf.options, pdf.guide.language)
    x, _, w, _ = s.geometry.column
    average, count = measure(read_pages(pdf.path, s.geometry.margin), x, x + w, s["body"].fontSize)
    assert count >= 20
    assert MEASURE_RANGE[0] <= average <= MEASURE_RANGE[1], average


def test_booklet_pages_keep_a_readable_measure(tmp_path, sample_guide):
    """A booklet's half-letter page has no rail: its column is the whole text block."""
    options = Options(booklet=True)
    s = Styles(options, sample_guide.language)
    assert s.geometry.rail == 0
    x, _, w, _ = s.geometry.column
    assert MEASURE_RANGE[0] * 4.1 <= w <= MEASURE_RANGE[1] * 4.1  # Crimson at 10.5 pt: ~4.1 pt a character


# -- the lint sees what it is for ----------------------------------------------------------------

def _lint_with(tmp_path, folder, options: Options, name: str) -> list[str]:
    guide = load_guide(folder)
    out = tmp_path / f"{name}.pdf"
    build_pdf(guide, out, options)
    return lint(out, guide, options)


def test_lint_sees_quote_blocks_torn_from_their_explanation(tmp_path, monkeypatch, sample_guide):
    """Quote blocks that split anywhere (as before) leave explanations without their quotation."""
    monkeypatch.setattr(flowables.QuoteBox, "split", flowables.Columns.split)
    problems = _lint_with(tmp_path, SAMPLE, Options(large_print=True), "torn")
    assert any("quote-split" in p for p in problems), problems


def test_lint_sees_headings_left_at_the_foot_of_a_page(tmp_path, monkeypatch, sample_guide):
    monkeypatch.setattr(flowables, "group_keeps", lambda story: [_no_keep(f) for f in story])
    monkeypatch.setattr("guidebuilder.pages.group_keeps", lambda story: [_no_keep(f) for f in story])
    problems = _lint_with(tmp_path, SAMPLE, Options(large_print=True), "stranded")
    assert any("stranded" in p for p in problems), problems


@pytest.mark.parametrize("options", [Options(), Options(edition=Edition.TEACHER)], ids=["student", "teacher"])
def test_lint_sees_a_question_parted_from_its_answer_lines(tmp_path, monkeypatch, sample_guide, options):
    """Questions not kept with their answer lines (or their pointer to the Answer Key) end pages alone."""
    from reportlab.platypus import KeepTogether

    from guidebuilder.rlcompat import kept
    from guidebuilder.sections import questions

    grouped = questions.question
    loose = lambda *a, **k: [f for g in grouped(*a, **k) for f in (kept(g) if isinstance(g, KeepTogether) else [g])]
    monkeypatch.setattr(questions, "question", loose)  # prompt, kind and lines laid out one by one
    problems = _lint_with(tmp_path, SAMPLE, options, "loose")
    assert any("question-alone" in p for p in problems), problems


def _no_keep(f):
    f.__dict__["keepWithNext"] = 0
    return f


def test_lint_sees_british_breaks_in_american_english(tmp_path, monkeypatch, sample_guide):
    import pyphen

    monkeypatch.setattr(styles_module, "_hyphenator", lambda language: pyphen.Pyphen(lang="en_GB").iterate)
    problems = _lint_with(tmp_path, SAMPLE, Options(), "british")
    assert any("hyphen" in p for p in problems), problems


def test_lint_sees_a_theme_color_too_light_for_text(tmp_path, monkeypatch, make_guide):
    folder = make_guide({"guide.yaml": """\
        title: Light
        author: A. Writer
        themes:
          - id: sky
            name: A Pale Sky Over Everything
            color: "#9FD3F0"
            summary: A theme in a color too light to read as text.
        chapters:
          - title: One
            summary: Something happens.
            theme_weights: {sky: 3}
        """})
    assert _lint_with(tmp_path, folder, Options(), "light-ok") == []  # darkened for text
    monkeypatch.setattr(Styles, "variant", lambda self, role, color: ParagraphStyle(
        f"{role}@{color}", parent=self[role], textColor=self.color(color)))
    problems = _lint_with(tmp_path, folder, Options(), "light")
    assert any("contrast" in p for p in problems), problems


def test_lint_sees_a_wide_measure(tmp_path, monkeypatch, sample_guide):
    monkeypatch.setattr(styles_module, "MEASURE", 496.8)  # no rail: prose across the whole block
    problems = _lint_with(tmp_path, SAMPLE, Options(), "wide")
    assert any(p.startswith("measure:") for p in problems), problems
