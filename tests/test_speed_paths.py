"""The fast paths stay correct: baked icons match their SVGs, and light commands stay light.

Speed itself is measured in benchmarks/, never here; these check what the fast paths must keep:
the committed icons_baked.py is what `python -m guidebuilder.iconbake` makes from assets/icons, a
baked icon draws byte for byte as svglib's drawing of its SVG, and `--help`, `icons` and `check`
run without importing ReportLab or svglib.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidebuilder import icons, iconbake

from conftest import SAMPLE

REPO = Path(__file__).resolve().parents[1]


def test_committed_baked_icons_match_the_svgs():
    committed = (REPO / "guidebuilder" / "icons_baked.py").read_text(encoding="utf-8")
    assert committed == iconbake.source(), "run: python -m guidebuilder.iconbake"


def test_every_built_in_icon_is_baked():
    from guidebuilder.icons_baked import ICONS

    assert sorted(ICONS) == icons.builtin_names()


def _sheet(path: Path, monkeypatch, baked: bool) -> bytes:
    from guidebuilder.sheet import icon_sheet

    caches = (icons._baked, icons._drawing, icons._colored)
    for cache in caches:
        cache.cache_clear()
    if not baked:
        monkeypatch.setattr(icons, "_baked", lambda p: None)
    icon_sheet(path, icons.builtin_names())
    for cache in caches:
        cache.cache_clear()
    return path.read_bytes()


def test_baked_icons_draw_exactly_as_their_svgs(tmp_path, monkeypatch):
    baked = _sheet(tmp_path / "baked.pdf", monkeypatch, baked=True)
    parsed = _sheet(tmp_path / "parsed.pdf", monkeypatch, baked=False)
    assert baked == parsed


def test_a_changed_svg_is_not_drawn_from_stale_baked_data(tmp_path, monkeypatch):
    from reportlab.pdfgen.canvas import Canvas

    folder = tmp_path / "icons"
    folder.mkdir()
    (folder / "anchor.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">'
        '<rect x="0" y="0" width="10" height="10" fill="#000000"/></svg>', encoding="utf-8")
    monkeypatch.setattr(icons, "icon_dir", lambda: folder)
    caches = (icons._source, icons._baked, icons._drawing, icons._colored)
    for cache in caches:
        cache.cache_clear()
    try:
        assert icons._baked(str(folder / "anchor.svg")) is None
        canvas = Canvas(str(tmp_path / "one.pdf"))
        icons.draw_icon(canvas, "anchor", "#1f77b4", 0, 0, 15)
        assert "2 0 0 2 0 0 cm" in canvas._code  # 10 px drawn at 15 pt, not the 48 pt anchor
    finally:
        for cache in caches:
            cache.cache_clear()


def test_baked_forms_are_what_renderpdf_writes_in_any_color():
    """The pieces joined by a color are renderPDF's operators for the icon in that color, checked
    here for colors the bake did not check (it checks four when it bakes)."""
    from svglib.svglib import svg2rlg

    from guidebuilder.icons_baked import ICONS

    for name in ("anchor", icons.builtin_names()[-1]):
        drawing = svg2rlg(str(icons.icon_dir() / f"{name}.svg"))
        pieces = ICONS[name][3]
        assert len(pieces) > 1
        for color in ("#b22222", "#2e8b57", "#ffffff", "#0000ff"):
            assert icons.color_operands(color).join(pieces) == iconbake._operators(drawing, color)


HEAVY = ("reportlab", "svglib", "lxml")


def _modules_after(args: list[str]) -> list[str]:
    code = (
        "import json, sys\n"
        f"sys.argv = ['guidebuilder'] + {args!r}\n"
        "from guidebuilder.cli import main\n"  # run() would leave by os._exit before the print
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    return json.loads(run.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["icons"], ["check", str(SAMPLE)], ["pdf", "--help"]])
def test_light_commands_do_not_import_reportlab(args):
    assert _modules_after(args) == []


def test_font_coverage_read_without_reportlab_matches_reportlab():
    from reportlab.pdfbase import pdfmetrics

    from guidebuilder import coverage, fonts

    fonts.register()
    for face in coverage.FACES:
        assert coverage.codes(face) == frozenset(pdfmetrics.getFont(face).face.charToGlyph), face


FALLBACK_SAMPLES = [
    "\u201cPlain\u201d words \u2014 with curly quotes\u2026",
    "<b>Bold \u201cquote\u201d</b> and <i>\u1f00\u03bb\u03b7\u03b8\u03b5\u03b9\u03b1 in Greek</i>",
    "Mixed: \u6f22\u5b57 and \ud55c\uae00 and \u0416\u0443\u043a &amp; <br/> more",
    "<i>caf\u00e9 <b>na\u00efve \u2192 arrow</b></i> \u2605",
]


def test_fallback_fast_path_gives_the_markup_of_the_character_by_character_path(monkeypatch):
    from guidebuilder import fonts

    fast = [fonts.fallback(m, face) for m in FALLBACK_SAMPLES for face in (fonts.SERIF, fonts.SANS + "-Bold")]
    fast_runs = [fonts.runs(m, fonts.SERIF) for m in FALLBACK_SAMPLES]
    monkeypatch.setattr(fonts, "_covers", lambda name: frozenset())
    slow = [fonts.fallback(m, face) for m in FALLBACK_SAMPLES for face in (fonts.SERIF, fonts.SANS + "-Bold")]
    slow_runs = [fonts.runs(m, fonts.SERIF) for m in FALLBACK_SAMPLES]
    assert fast == slow and fast_runs == slow_runs
    assert any("<font face=" in m for m in fast)  # the samples do need fallback fonts


def test_check_of_a_guide_needing_fallback_fonts_does_not_import_reportlab(tmp_path):
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "guide.yaml").write_text(
        "title: \u1f08\u03bd\u03c4\u03b9\u03b3\u03cc\u03bd\u03b7 \u6f22\u5b57 \u2603\u2654\n"
        "author: Sophocles\nthemes:\n  - id: a\n    name: A\n"
        "chapters:\n  - title: One\n    summary:\n      - text: Some text.\n        themes: [a]\n",
        encoding="utf-8")
    assert _modules_after(["check", str(tmp_path / "g")]) == []


def test_hyphenator_gives_pyphens_break_points_and_loads_the_dictionary_on_first_use():
    import pyphen

    from guidebuilder.hyphenate import Hyphenator

    h = Hyphenator("en_US")
    assert h._dic is None
    reference = pyphen.Pyphen(lang="en_US", left=2, right=3)  # our rules: 2 letters before a break, 3 after
    for word in ("responsibility", "extraordinary", "a", "hyphenation", "responsibility"):
        assert list(h(word)) == list(reference.iterate(word))
    import copy

    assert copy.deepcopy(h) is h


def test_memoized_widths_equal_measured_widths():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from guidebuilder import coverage, fonts

    fonts.register()
    fresh = TTFont("fresh-serif", str(coverage.FACES[fonts.SERIF]))
    texts = ["word", "\u201cquoted\u201d", "x" * (fonts.MEMO_LONGEST + 5), "word"]
    for text in texts:
        for size in (9.5, 10.5, 10.5):
            assert pdfmetrics.stringWidth(text, fonts.SERIF, size) == fresh.stringWidth(text, size)


def _typography_reference(text: str) -> str:
    """typography() as it was written first, character by character: the faster one must agree."""
    from guidebuilder.markup import _OPENING_CONTEXT

    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    out = []
    for i, ch in enumerate(text):
        if ch in "\"'":
            opening = (text[i - 1] if i else " ") in _OPENING_CONTEXT
            if ch == '"':
                out.append("\u201c" if opening else "\u201d")
            else:
                after = text[i + 1] if i + 1 < len(text) else " "
                out.append("\u2018" if opening and not after.isspace() else "\u2019")
        else:
            out.append(ch)
    return "".join(out)


def test_typography_agrees_with_the_character_by_character_reference():
    import random

    from guidebuilder.markup import typography

    rng = random.Random(11)
    alphabet = "ab '\"-.([*\u2014/\n\t"
    samples = ["", "'", '"', "''", "rock 'n' roll", "\"'Tis\" -- he said...", "'90s", "a --- b"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for text in samples:
        assert typography(text) == _typography_reference(text), repr(text)


def test_our_same_frag_agrees_with_reportlabs_on_every_pair_of_fragments():
    """rlcompat.same_frag stands in for ReportLab's C sameFrag (slower where attributes are missing):
    it must judge every pair of fragments as the C one does, else lines would join styles wrongly."""
    _rl_accel = pytest.importorskip("_rl_accel")
    from reportlab.lib.colors import red
    from reportlab.platypus.paragraph import Paragraph

    from reportlab.lib.styles import ParagraphStyle

    from guidebuilder.rlcompat import same_frag

    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10)
    markup = ('plain <b>bold</b> <i>italic</i> <font color="red">red</font> <font size="12">big</font> '
              'x<super>2</super> <u>under</u> <a href="https://example.org">link</a> <nobr>kept</nobr> '
              'a<br/>b <font backColor="yellow">marked</font> <strike>gone</strike>')
    frags = Paragraph(markup, style).frags
    assert len(frags) > 12
    frags.append(frags[0].clone(textColor=red))
    for f in frags:
        for g in frags:
            assert bool(same_frag(f, g)) == bool(_rl_accel.sameFrag(f, g)), (f.__dict__, g.__dict__)


@pytest.mark.parametrize("lang", ["en_US", "en_GB", "af", "de_DE", "id", "fr", "ru_RU"])
def test_our_reading_of_a_hyphenation_dictionary_equals_pyphens(lang):
    """hyphenate.patterns reads pyphen's dictionaries faster than pyphen: it must read the same
    patterns (af, de and id hold patterns with two digits running, which pyphen reads its own way)."""
    import pyphen

    from guidebuilder.hyphenate import read_patterns

    path = pyphen.LANGUAGES[lang]
    mine = read_patterns(path)
    assert mine is not None and mine == pyphen.HyphDict(path).patterns


def _printed_by_fresh_python(code: str, *args) -> list[str]:
    """The words `code` prints, run in a new interpreter (this one has imported ReportLab already)."""
    run = subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=REPO, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


def test_reportlabs_url_pattern_is_compiled_on_first_use_and_matches_as_compiled():
    # rlstart.py defers one expensive pattern while reportlab.platypus.paragraph imports; a fresh
    # process, since this one has imported ReportLab already
    code = (
        "import re, sys\n"
        "import guidebuilder\nfrom guidebuilder import rlstart\n"
        "from reportlab.platypus import paragraph as p\nimport yaml\n"
        "deferred = type(p.uri_pat).__name__\n"
        "assert re.compile is rlstart._compile, 're.compile not restored'\n"
        "assert rlstart._Finder not in sys.meta_path, 'import hook left installed'\n"
        "real = rlstart._compile(*p.uri_pat._args)\n"
        "urls = ['https://example.org/a?b=c', 'HTTP://WWW.EXAMPLE.COM', 'ftp://1.2.3.4:21/x', 'example',\n"
        "        'mailto:someone', 'https://b\\u00fccher.de/\\u00e9t\\u00e9', '']\n"
        "same = all(bool(p.uri_pat.match(u)) == bool(real.match(u)) and\n"
        "           (p.uri_pat.match(u) and p.uri_pat.match(u).span()) == (real.match(u) and real.match(u).span())\n"
        "           for u in urls)\n"
        "print(deferred, same, p.uri_pat.flags == real.flags, p.uri_pat.pattern.startswith(rlstart.DEFERRED_PREFIX))\n"
    )
    assert _printed_by_fresh_python(code) == ["_Deferred", "True", "True", "True"]


def test_patterns_deferred_at_import_compile_on_first_use_and_match_as_compiled(tmp_path):
    # every pattern rlstart.DEFERRED names is a _Deferred after the imports, none is compiled by a
    # build of the sample, and each finds what the compiled pattern finds
    code = (
        "import sys\nfrom pathlib import Path\nimport guidebuilder\nfrom guidebuilder import load, render, rlstart\n"
        "import yaml.reader, reportlab.lib.rl_safe_eval as s, reportlab.lib.PyFontify as f\n"
        "from reportlab.lib import textsplit as t\n"
        "found = {'textsplit.rx': t.rx, 'NON_PRINTABLE': yaml.reader.Reader.NON_PRINTABLE,\n"
        "         'unsafe': s.__rl_unsafe_re__, 'matchRE': f.matchRE}\n"
        "print(all(type(p).__name__ == '_Deferred' for p in found.values()), rlstart._Finder not in sys.meta_path)\n"
        f"render.build_pdf(load.load_guide(Path({str(SAMPLE)!r})), Path(sys.argv[1]))\n"
        "print(all(p._compiled is None for p in found.values()))\n"
        "texts = ['\u6f22\u5b57 and \u304b\u306a', 'a\\x07b\\x1b', 'x.__globals__ + eval(1)', '# c\\nif x: print(\"s\")',\n"
        "         'plain', '']\n"
        "same = True\n"
        "for p in found.values():\n"
        "    real = rlstart._compile(*p._args)\n"
        "    for text in texts:\n"
        "        same &= [m.span() for m in p.finditer(text)] == [m.span() for m in real.finditer(text)]\n"
        "    same &= p.pattern == real.pattern and p.flags == real.flags\n"
        "print(same)\n"
    )
    assert _printed_by_fresh_python(code, tmp_path / "g.pdf") == ["True", "True", "True", "True"]


def test_pillow_is_loaded_only_for_a_guide_with_raster_images(tmp_path):
    """ReportLab imports PIL.Image at start; rlstart.py makes it lazy: a sample build never executes
    it, a guide with a PNG icon does, and ReportLab then finds the real module."""
    code = (
        "import sys, types\nfrom pathlib import Path\nfrom guidebuilder import load, render\n"
        "def loaded():\n"
        "    return type(sys.modules['PIL.Image']) is types.ModuleType\n"
        "print(loaded())\n"
        f"render.build_pdf(load.load_guide(Path({str(SAMPLE)!r})), Path({str(tmp_path / 'g.pdf')!r}))\n"
        "print(loaded())\n"
        "from PIL import Image\n"
        "Image.new('RGB', (4, 4), (200, 30, 40)).save(sys.argv[1])\n"
        "print(loaded(), Image.Image.__name__)\n"
    )
    assert _printed_by_fresh_python(code, tmp_path / "dot.png") == ["False", "False", "True", "Image"]


def test_a_guide_without_urls_never_compiles_reportlabs_url_pattern(tmp_path):
    # linebreak tries the pattern only on words with '://' (the pattern's mandatory first group)
    code = (
        "import sys\nfrom pathlib import Path\nfrom guidebuilder import load, render\n"
        "from reportlab.platypus import paragraph as p\n"
        f"render.build_pdf(load.load_guide(Path({str(SAMPLE)!r})), Path({str(tmp_path / 'g.pdf')!r}))\n"
        "print(p.uri_pat._compiled is None)\n"
    )
    assert _printed_by_fresh_python(code) == ["True"]


@pytest.mark.parametrize("word", ["https://example.org/a/b/", "ftp://1.2.3.4:21/x", "HTTP://WWW.EXAMPLE.COM/p",
                                  "example.org/a/b", "mailto:someone@example.org", "extraordinary", "a:/b",
                                  "://", "x://y", "\\\\server\\share", "b\u00fccher://x.de/y", b"https://e.org/x"])
def test_url_split_points_are_reportlabs(word):
    from reportlab.platypus import paragraph

    from guidebuilder import rlcompat

    assert paragraph._uri_split_pairs is rlcompat.uri_split_pairs  # what ReportLab's hyphenation calls
    assert rlcompat.uri_split_pairs(word) == rlcompat._rl_uri_split_pairs(word)


def test_building_a_pdf_imports_no_network_modules():
    # xmp.py escapes with markup.escape: xml.sax.saxutils would import urllib, http.client and ssl
    code = (
        "import sys\nfrom guidebuilder import render, xmp, tagging\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'ssl', 'xml.sax') if m in sys.modules))\n"
    )
    assert _printed_by_fresh_python(code) == ["[]"]


def test_a_build_collects_less_often_and_restores_the_collectors_thresholds(tmp_path, monkeypatch):
    import gc

    from guidebuilder import batch, load, render

    seen = []
    for module, name in ((render, "build_pdf"), (load, "load_guide")):  # reading the guide allocates as much
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, **k: (seen.append(gc.get_threshold()), _real(*a, **k))[1])
    before = gc.get_threshold()
    status, out, err = batch.build_one(batch.Job(SAMPLE, tmp_path / "g.pdf", {}))
    assert status == 0, err
    assert seen == [batch.GC_THRESHOLDS] * 2 and gc.get_threshold() == before
    with pytest.raises(KeyError):
        with batch.fewer_collections():
            raise KeyError("a failed build")
    assert gc.get_threshold() == before


@pytest.mark.parametrize("value", [
    "Type", "Helvetica-Bold", "a b\nc", "caf\u00e9", "\u0018\u001f", "\u2019quoted\u201d", "", "(x)",
    b"<</Raw>>", 0, 1, -7, 3.25, 1e-7, 612.0, 2 ** 40, True, None, ("a", 1), [1.5, "b"],
])
def test_our_pdf_value_formatting_gives_reportlabs_bytes(value):
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFString

    from guidebuilder import rlcompat

    doc = PDFDocument(invariant=1)
    for v in (value, PDFString(value) if isinstance(value, str) else value):
        try:
            expected = rlcompat._rl_format(v, doc)
        except UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                rlcompat.pdf_format(v, doc)
            continue
        assert rlcompat.pdf_format(v, doc) == expected
    if isinstance(value, str):
        assert rlcompat.pdf_name(value) == rlcompat._rl_name(value) == rlcompat.pdf_name(value)
        try:
            expected = rlcompat._pdfdoc_enc(value)
        except UnicodeEncodeError:
            expected = UnicodeEncodeError
        if expected is UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                rlcompat.pdfdoc_enc(value)
        else:
            assert rlcompat.pdfdoc_enc(value) == expected


@pytest.mark.parametrize("args, status, stream, text", [
    (["pdf", str(SAMPLE), "-o", "{tmp}/guide.pdf"], 0, "stdout", "pages)"),
    (["check", "{tmp}/missing"], 2, "stderr", "does not exist"),
    (["pdf", "{tmp}/broken"], 1, "stderr", "guide.yaml"),
])
def test_the_command_leaves_without_teardown_and_loses_no_output(tmp_path, args, status, stream, text):
    # cli.run ends the process with os._exit: the status must be main()'s and buffered output
    # (a pipe, without PYTHONUNBUFFERED) must still arrive
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "guide.yaml").write_text("title: [\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-m", "guidebuilder", *(a.format(tmp=tmp_path) for a in args)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == status, done.stderr
    assert text in getattr(done, stream)
    assert "Traceback" not in done.stderr


def test_the_installed_command_is_the_one_that_skips_teardown():
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["guidebuilder"] == "guidebuilder.cli:run"


def test_icon_keywords_found_by_prefix_are_those_a_full_comparison_finds():
    from guidebuilder import load
    from guidebuilder.palette import ICON_KEYWORDS, ICON_NAMES

    keywords = sorted({k for icon in ICON_NAMES for k in ICON_KEYWORDS.get(icon, ())})
    words = set(keywords)
    for k in keywords:  # the words around each keyword that the stem rule accepts or just refuses
        words |= {k[:n] for n in range(1, len(k))} | {k + s for s in ("s", "es", "ing", "ness", "fulness")}
        words |= {k[:-1] + "x", "x" + k, k[:4], k[:5]}
    words |= {"a", "the", "wealth", "violence", "dreams", "zzzzzz"}
    for w in sorted(words):
        full = {icon for icon in ICON_NAMES if any(load._same_word(w, k) for k in ICON_KEYWORDS.get(icon, ()))}
        assert load._icons_matching(w) == full, w


@pytest.mark.parametrize("x, y", [(0, 0), (12.5, 700.25), (-3.14159, 1e-5), (100, 2.0000001)])
def test_a_placed_form_writes_what_the_four_canvas_calls_write(x, y):
    import io

    from reportlab.pdfgen.canvas import Canvas

    from guidebuilder.rlcompat import place_form

    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    for c in (ours, theirs):
        c.translate(5, 5)  # a state of its own, which the pip must leave as it was
        c.setFillColorRGB(0.2, 0.4, 0.6)
    place_form(ours, "pip", x, y)
    theirs.saveState()
    theirs.translate(x, y)
    theirs.doForm("pip")
    theirs.restoreState()
    assert ours._code == theirs._code and ours._formsinuse == theirs._formsinuse
    assert ours._currentMatrix == theirs._currentMatrix and ours._fillColorObj == theirs._fillColorObj


@pytest.mark.parametrize("count", [1, 2, 3, 40])
def test_repeated_leader_dots_write_what_a_call_per_dot_writes(count):
    import io

    from reportlab.pdfgen.canvas import Canvas

    from guidebuilder import fonts
    from guidebuilder.rlcompat import repeat_text_operators

    fonts.register()
    codes = []
    for fast in (False, True):
        c = Canvas(io.BytesIO())
        c.setFont("GB-Sans", 10)
        dots = c.beginText(64, 3.75)
        for _ in range(min(count, 2) if fast else count):
            dots.textOut(".")
            dots.moveCursor(5, 0)
        if fast:
            repeat_text_operators(dots, 2, count - 2)
        codes.append(dots.getCode())
    assert codes[0] == codes[1]


@pytest.mark.parametrize("split", [False, True], ids=["one process", "split"])
def test_our_document_writer_gives_reportlabs_bytes(tmp_path, monkeypatch, split):
    """rlcompat.document_format (objects written directly) against ReportLab's PDFDocument.format, on
    the sample: thousands of structure elements, links, outlines, forms, fonts, streams."""
    from reportlab.pdfbase.pdfdoc import PDFDocument

    from guidebuilder import rlcompat
    from guidebuilder.load import load_guide
    from guidebuilder.render import build_pdf

    guide = load_guide(SAMPLE)
    monkeypatch.setenv("GUIDEBUILDER_PARALLEL", "1" if split else "0")
    assert PDFDocument.format is rlcompat.document_format
    build_pdf(guide, tmp_path / "ours.pdf")
    monkeypatch.setattr(PDFDocument, "format", rlcompat._rl_document_format)
    build_pdf(guide, tmp_path / "reportlabs.pdf")
    assert (tmp_path / "ours.pdf").read_bytes() == (tmp_path / "reportlabs.pdf").read_bytes()


def test_a_document_we_do_not_write_goes_to_reportlab(monkeypatch):
    """An encrypted document (not one guidebuilder makes) is formatted by ReportLab's own code."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    from guidebuilder import rlcompat

    calls = []
    monkeypatch.setattr(rlcompat, "_rl_document_format", lambda doc: calls.append(doc) or b"%PDF-")
    canvas = Canvas(None, encrypt=StandardEncryption("pw"))
    canvas.drawString(10, 10, "x")
    canvas.showPage()
    assert canvas.getpdfdata() == b"%PDF-" and len(calls) == 1


def test_drawing_paragraphs_leaves_no_cycles_and_underlines_and_links_still_draw():
    """ReportLab's drawPara binds a method to each text object on the object itself, a cycle only
    the garbage collector frees (with the paragraph's lines); our Para draws on an rlcompat.TextObject,
    which makes none, and underlines and links (the lines that method draws) come out the same."""
    import gc

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject
    from reportlab.platypus import Paragraph

    from guidebuilder import fonts
    from guidebuilder.flowables import Para
    from guidebuilder.tagging import TaggedCanvas
    from guidebuilder.xmp import DocumentInfo

    fonts.register()
    style = ParagraphStyle("t", fontName="GB-Serif", fontSize=10, leading=12)
    text = 'Plain, <i>italic</i>, <u>underlined words</u> and <a href="https://example.org">a link</a> ' * 3

    def draw(kind, canvas):
        p = kind(text, style)
        p.wrap(200, 500)
        p.drawOn(canvas, 10, 10)
        return canvas

    def text_objects_left(kind, canvas) -> tuple[int, list]:
        gc.collect()
        del gc.garbage[:]
        code = draw(kind, canvas)._code[:]
        del canvas
        gc.collect()
        return sum(isinstance(o, PDFTextObject) for o in gc.garbage), code

    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        ours, kept_ours = text_objects_left(Para, TaggedCanvas(None, info=DocumentInfo("T", ("A",), "D", "en")))
        reportlabs, theirs = text_objects_left(Paragraph, Canvas(None))
    finally:
        gc.set_debug(0)
        del gc.garbage[:]
        gc.enable()
    assert ours == 0 and reportlabs > 0  # (the check finds ReportLab's own cycle)
    strip = lambda code: [op for op in code if "BDC" not in op and op != "EMC" and "/Artifact" not in op]
    assert strip(kept_ours) == strip(theirs)
    assert any(" l S" in op or " re f" in op or "l\nS" in op for op in kept_ours)  # the underline was drawn
