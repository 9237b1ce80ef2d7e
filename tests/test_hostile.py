"""Hostile but valid guides: they must build, without hanging, into a readable PDF that shows the literal input.

Each test writes its guide into tmp_path (big inputs are generated, never committed) and runs the
CLI, in-process through CliRunner or, where a build could hang, in a child process with a
timeout. Tests marked `slow` run only with GUIDEBUILDER_SLOW=1.
"""
from __future__ import annotations

import os
import random
import stat
import sys
import tempfile
import time
from pathlib import Path

import pytest

from hostile import guides as G  # pytest puts tests/ (no __init__.py) on sys.path



slow = pytest.mark.skipif(os.environ.get("GUIDEBUILDER_SLOW") != "1", reason="slow: set GUIDEBUILDER_SLOW=1")


@pytest.fixture(autouse=True)
def _crash_reports_in_tmp(tmp_path, monkeypatch):
    """Internal-error reports (tempfile.mkstemp) go to this test's folder, not /tmp."""
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))


def build(tmp_path: Path, guide: dict | str, files: dict | None = None, *args: str, name: str = "g"):
    """Write the guide, build it with the CLI in-process; return (run, pdf path)."""
    G.write_guide(tmp_path / name, guide, files)
    out = tmp_path / "out" / f"{name}.pdf"
    run = G.run_cli(["pdf", name, "-o", out, *args], tmp_path)
    return run, out


def assert_built(run, out: Path) -> None:
    assert run.exception is None, f"raised {run.exception!r}"
    assert "Traceback" not in run.stderr, run.stderr
    assert run.exit_code == 0, f"exit {run.exit_code}\nstderr:\n{run.stderr}"
    assert out.is_file() and out.read_bytes().startswith(b"%PDF-"), "no PDF written"
    assert not G.unlocated_lines(run.stderr), f"unlocated stderr lines:\n{run.stderr}"
    assert not run.errors, run.stderr


def assert_readable(out: Path) -> None:
    off = G.chars_off_page(out)
    assert not off, f"text drawn outside the page (page, char, box): {off[:5]}"


def words(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    vocab = ("the quick brown fox jumps over a lazy dog while victor writes long letters to elizabeth "
             "about ambition knowledge isolation nature and the sublime").split()
    return " ".join(rng.choice(vocab) for _ in range(n))


def long_word(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


# =========================================================================== YAML's surprises

SURPRISES = """\
title: no
subtitle: yes
author: off
published: 2001-01-01
credits: 0x1F and 0o17 and .inf and 1_000
characters:
  - id: c1
    name: 1e3
    aliases: [on, 1:20:30, 12e-1]
themes:
  - id: t1
    name: 1e3
    summary: 12:30
chapters:
  - title: 010
    short: 1:20
    length: 12
    quotes:
      - text: 3.14159265358979323846
        page: 035
        speaker: c1
        themes: [t1]
"""


def test_yaml_surprises_keep_their_text(tmp_path: Path) -> None:
    """`title: no`, `short: 1:20`, `published: 2001-01-01`, `name: 1e3` are text as written."""
    from guidebuilder.load import load_guide

    G.write_guide(tmp_path / "g", SURPRISES)
    guide = load_guide(tmp_path / "g")
    assert guide.title == "no" and guide.subtitle == "yes" and guide.author == "off"
    assert guide.published == "2001-01-01"
    assert guide.credits == "0x1F and 0o17 and .inf and 1_000"
    assert guide.characters[0].name == "1e3" and guide.themes[0].name == "1e3"
    assert list(guide.characters[0].aliases) == ["on", "1:20:30", "12e-1"]
    assert guide.themes[0].summary == "12:30"
    ch = guide.chapters[0]
    assert (ch.title, ch.short) == ("010", "1:20")
    assert ch.quotes[0].text == "3.14159265358979323846" and ch.quotes[0].page == "035"


def test_yaml_surprises_print_as_written(tmp_path: Path) -> None:
    from pypdf import PdfReader

    run, out = build(tmp_path, SURPRISES)
    assert_built(run, out)
    text = G.pdf_text(out)
    for literal in ("2001-01-01", "1e3", "1:20", "12:30", "010", "035", "3.14159265358979323846", "1:20:30",
                    "0x1F and 0o17 and .inf and 1_000"):
        assert G.contains_literal(text, literal), f"{literal!r} not printed as written"
    for wrong in ("1000.0", "80", "False", "True", "2001-01-01 00:00", "3.141592653589793 "):
        assert wrong not in text, f"{wrong!r} printed: a YAML type conversion leaked"
    meta = PdfReader(str(out)).metadata
    assert meta.title.startswith("no"), meta.title
    assert meta.author == "off", meta.author


# =========================================================================== user text is never markup

HOSTILE = [
    '<img src="/etc/passwd"/>',
    '<img src="{secret_png}" width="37" height="23"/>',
    '<a href="javascript:alert(1)">click me</a>',
    '<a href="file://{secret_txt}">open</a>',
    '<link destination="x">here</link>',
    '<font face="Courier" color="red" size="40">BIG</font>',
    '<font name="{secret_ttf}">F</font>',
    '<seq id="n"/><seq id="n"/><seqreset id="n"/>',
    '<onDraw name="x" label="y"/>',
    '<unknowntag attr=1>',
    '</para><para>',
    '<br/><b>not bold</b><i>not italic</i>',
    '&amp; &lt; &gt; &#65; &nbsp; & lone',
    ']]><![CDATA[x]]>',
    '<img src="images/inside.png"/>',
]


def hostile_text(tmp_path: Path) -> list[str]:
    secret = tmp_path / "secret"
    return [h.format(secret_png=secret / "secret.png", secret_txt=secret / "secret.txt",
                     secret_ttf=secret / "secret.ttf") for h in HOSTILE]


def _secret_files(tmp_path: Path) -> Path:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.png").write_bytes(G.png_bytes(37, 23, (1, 2, 3)))
    (secret / "secret.txt").write_text("TOPSECRET-7f3a9\n")
    (secret / "secret.ttf").write_bytes(b"TOPSECRET-FONT")
    return secret


def _passwd_line() -> str | None:
    try:
        return Path("/etc/passwd").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_markup_in_every_field_prints_literally(tmp_path: Path, edition: str) -> None:
    """Every text field holds every hostile string, tagged with the field's marker; each prints as typed."""
    secret = _secret_files(tmp_path)
    hostile = " ".join(hostile_text(tmp_path))
    guide = G.minimal()
    fields = [f for f in G.FIELDS if edition == "teacher" or f not in G.TEACHER_ONLY]
    for i, field in enumerate(fields):
        G.set_field(guide, field, f"F{i:02d}X {hostile}")
    files = {"images/inside.png": G.png_bytes(20, 20)}
    guide_dir = G.write_guide(tmp_path / "g", guide, files)
    out = tmp_path / "out" / "g.pdf"
    with G.recording_opens() as opened:
        run = G.run_cli(["pdf", "g", "-o", out, "--edition", edition], tmp_path)
    assert_built(run, out)
    text = G.pdf_text(out)
    # a field may run on to the next page (the running header and a "continued" line are read in
    # between; the temporary folder's name in the text moves the breaks) and a key fact's label and
    # value stand side by side (extraction may read a line of one between lines of the other): the
    # text must then print in order, in long runs
    missing = [field for i, field in enumerate(fields) if not G.contains_literal(text, f"F{i:02d}X {hostile}")
               and not G.contains_in_pieces(text, f"F{i:02d}X {hostile}", pieces=12)]
    assert not missing, f"fields whose hostile text did not print literally: {missing}"
    assert any(p == str(guide_dir / "guide.yaml") for p in opened), "the open() audit hook saw nothing"

    # Nothing was read from outside the guide, and nothing became an image or a link.
    touched = [p for p in opened if p.startswith(str(secret)) or p == "/etc/passwd"]
    assert not touched, f"files outside the guide were opened: {touched}"
    allowed = [str(guide_dir), str(out.parent), str(G.REPO), sys.prefix, sys.base_prefix, sys.exec_prefix,
               tempfile.gettempdir(), "/dev/", *(p for p in sys.path if p and os.path.isdir(p))]
    elsewhere = sorted({p for p in opened if not any(p == a or p.startswith(a.rstrip("/") + "/") for a in allowed)})
    assert not elsewhere, f"files opened outside the guide, the output folder and the installation: {elsewhere}"
    assert not any(p.startswith(str(guide_dir / "images")) for p in opened), \
        "an image named only in text (not as cover or icon) was opened"
    assert G.image_count(out) == 0, "an <img> in text became an image"
    raw = G.raw_streams(out)
    assert b"TOPSECRET" not in raw
    passwd = _passwd_line()
    if passwd:
        assert passwd.encode() not in raw and passwd not in text
    links = G.link_actions(out)
    assert all(a == "dest" or a.startswith("/GoTo ") for a in links), f"links that are not ours: {links}"
    # actions, not text: the hostile text itself prints "javascript:alert(1)", broken where lines break
    assert G.action_names(out) == [], "actions in the PDF"


def test_markup_in_rich_text_structures(tmp_path: Path) -> None:
    """Markup inside emphasis, bullets and block quotes is still literal."""
    rich = ("*<b>inside italic</b>* and **<font color=red>inside bold</font>**\n\n"
            "- <seq/> bullet one\n- <img src=\"/etc/passwd\"/> bullet two\n\n"
            "> <a href=\"javascript:x\">quoted</a>\n\nlast & para <br/>")
    guide = G.minimal(plot_summary=rich)
    G.set_field(guide, "quote_text", "line one <br/>\n<b>line two</b>\n&amp; three")
    run, out = build(tmp_path, guide)
    assert_built(run, out)
    text = G.pdf_text(out)
    for literal in ("<b>inside italic</b>", "<font color=red>inside bold</font>", "<seq/> bullet one",
                    '<img src="/etc/passwd"/> bullet two', '<a href="javascript:x">quoted</a>',
                    "last & para <br/>", "line one <br/>", "<b>line two</b>", "&amp; three"):
        assert G.contains_literal(text, literal), f"{literal!r} not printed literally"
    assert G.image_count(out) == 0
    assert all(a == "dest" or a.startswith("/GoTo ") for a in G.link_actions(out))


def test_metadata_is_plain_text(tmp_path: Path) -> None:
    from pypdf import PdfReader

    guide = G.minimal(title="<b>Bold</b> & <i>it</i>", author="A <img src='/etc/passwd'/>",
                      credits="<a href='javascript:x'>c</a>")
    run, out = build(tmp_path, guide)
    assert_built(run, out)
    meta = PdfReader(str(out)).metadata
    assert "<b>Bold</b> & <i>it</i>" in meta.title
    assert meta.author.translate({0x2018: 39, 0x2019: 39}) == "A <img src='/etc/passwd'/>"


def test_control_characters_are_removed(tmp_path: Path) -> None:
    """Control, zero-width and bidi-override characters (written as YAML escapes) print nowhere,
    in no field, and not in the metadata; the text around them prints joined up."""
    from pypdf import PdfReader

    nasty = "Con\x00tr\x01ol\x07led\x1b[31m\x7fTe\u0085xt\u200b\u202eEnd\u2066!"
    guide = G.minimal()
    fields = sorted(G.FIELDS)
    for i, field in enumerate(fields):
        G.set_field(guide, field, f"C{i:02d}C " + nasty)
    run, out = build(tmp_path, guide, None, "--edition", "teacher")
    assert_built(run, out)
    text = G.pdf_text(out)
    missing = [f for i, f in enumerate(fields) if not G.contains_literal(text, f"C{i:02d}C Controlled[31mTextEnd!")]
    assert not missing, f"fields where control characters were not removed (or the text is missing): {missing}"
    bad = sorted({hex(ord(c)) for c in G.pdf_text(out, body_only=False)
                  if (ord(c) < 32 and c not in "\r\n\t") or 0x7F <= ord(c) <= 0x9F
                  or c in "\u200b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"})
    assert not bad, f"control characters in the PDF text: {bad}"
    meta = PdfReader(str(out)).metadata
    for value in (meta.title, meta.author, meta.subject, meta.get("/Keywords", ""), meta.get("/Creator", "")):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066" for c in value), repr(value)


def test_raw_control_character_in_file_is_removed_or_located(tmp_path: Path) -> None:
    """A stray control byte pasted into the YAML: a PDF without it, or an error at its line."""
    text = G.dump(G.minimal()).replace("author: Mary Shelley", "author: Mary\x0b Shel\x1bley")
    G.write_guide(tmp_path / "g", text)
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert run.exception is None and "Traceback" not in run.stderr, run.stderr
    if run.exit_code == 0:
        assert "\x0b" not in G.pdf_text(tmp_path / "out" / "g.pdf")
    else:
        assert run.exit_code == 1 and not G.unlocated_lines(run.stderr), run.stderr
        line = 1 + text[: text.index("\x0b")].count("\n")
        assert [(e["file"], e["line"]) for e in run.errors] == [("g/guide.yaml", line)], run.stderr
        assert not (tmp_path / "out" / "g.pdf").exists()


# =========================================================================== files stay inside

def test_paths_inside_the_guide_are_fine(tmp_path: Path) -> None:
    """'..' that stays inside, and a symlink to a file inside, are allowed; the images are used."""
    guide = G.minimal(cover="images/../images/cover.png")
    guide["themes"][0]["icon"] = "icons/alias.png"
    files = {"images/cover.png": G.png_bytes(300, 200), "images/icon.png": G.png_bytes(64, 64, (0, 90, 0))}
    G.write_guide(tmp_path / "g", guide, files)
    (tmp_path / "g" / "icons").mkdir()
    (tmp_path / "g" / "icons" / "alias.png").symlink_to(tmp_path / "g" / "images" / "icon.png")
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    out = tmp_path / "out" / "g.pdf"
    assert_built(run, out)
    assert G.image_count(out) >= 2


def test_a_build_writes_only_its_pdf(tmp_path: Path) -> None:
    """Nothing else happens: the guide folder is untouched and the output folder holds one PDF."""
    G.write_guide(tmp_path / "g", G.minimal(cover="cover.png"), {"cover.png": G.png_bytes(30, 30)})
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert_built(run, tmp_path / "out" / "g.pdf")
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert set(after) - set(before) == {Path("out/g.pdf")}
    assert all(after[p] == before[p] for p in before), "a file was changed"


def test_output_pdf_has_ordinary_permissions(tmp_path: Path) -> None:
    """The atomic write must not leave the PDF readable only by its owner (mkstemp's 0600)."""
    G.write_guide(tmp_path / "g", G.minimal())
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    out = tmp_path / "out" / "g.pdf"
    assert_built(run, out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask, oct(out.stat().st_mode)


# =========================================================================== layout never fails

LONG_WORD = 2_000  # longer than a column of text is tall in the narrowest places


@pytest.mark.parametrize("field", sorted(G.FIELDS))
def test_long_word_in_field(tmp_path: Path, field: str) -> None:
    """A 2,000-letter word in each text field: builds, every letter on the page, the word complete."""
    word = long_word(LONG_WORD)
    guide = G.set_field(G.minimal(), field, word)
    started = time.monotonic()
    run, out = build(tmp_path, guide, None, "--edition", "teacher")
    assert time.monotonic() - started < G.HANG_SECONDS
    assert_built(run, out)
    assert_readable(out)
    if field != "published":  # the cover's byline may be shortened; the word still shows elsewhere
        # in order, though a column that runs on to the next page is read around its neighbour
        assert G.contains_in_pieces(G.pdf_text(out), word), "the long word is not printed in full"


def test_20000_character_word(tmp_path: Path) -> None:
    """The issue's 20,000-character word, in a summary passage and a quote: builds without hanging."""
    word = long_word(20_000)
    guide = G.minimal()
    G.set_field(guide, "passage_text", word)
    G.set_field(guide, "quote_text", word[::-1])
    G.write_guide(tmp_path / "g", guide)
    run = G.run_subprocess(["pdf", "g", "-o", "out/g.pdf"], tmp_path, timeout=G.HANG_SECONDS)
    assert not run.timed_out, "building a guide with a 20,000-character word hung"
    assert run.exit_code == 0, run.stderr
    out = tmp_path / "out" / "g.pdf"
    assert_readable(out)
    text = G.pdf_text(out)
    assert G.contains_in_pieces(text, word) and G.contains_in_pieces(text, word[::-1])


@pytest.mark.parametrize("field", ["chapter_title", "theme_name"])
def test_a_title_longer_than_a_page_builds_and_the_contents_shortens_it(tmp_path: Path, field: str) -> None:
    """Found by fuzzing: a 5,000-letter chapter title made a contents entry taller than the page."""
    word = long_word(6_000)
    guide = G.set_field(G.minimal(), field, word)
    run, out = build(tmp_path, guide)
    assert_built(run, out)
    assert_readable(out)
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    reader = PdfReader(out)
    page = next(reader.get_destination_page_number(o) for o in reader.outline if o.title == "Contents")
    contents = G.normalize(pdfium.PdfDocument(str(out))[page].get_textpage().get_text_range())
    assert contents.startswith("Contents")
    assert G.normalize(word[:150]) in contents and G.normalize(word[200:400]) not in contents


@pytest.mark.parametrize("flag", [None, "--grayscale", "--large-print"])
def test_the_largest_numbers_a_guide_may_hold_build(tmp_path: Path, flag) -> None:
    """Found by fuzzing: length 1e307 overflowed the tracker's bar arithmetic (exit 3)."""
    guide = G.minimal()
    guide["chapters"][0]["length"] = 1e308
    guide["chapters"][1]["length"] = 5e-324
    guide["chapters"][1]["theme_weights"] = {"ambition": 1.7e308, "isolation": 1e308}
    run, out = build(tmp_path, guide, None, *([flag] if flag else []))
    assert_built(run, out)
    assert_readable(out)


def test_quote_longer_than_a_page(tmp_path: Path) -> None:
    lines = [f"line{i:03d} " + words(9, seed=i) for i in range(400)]
    guide = G.minimal()
    G.set_field(guide, "quote_text", "\n".join(lines))
    G.set_field(guide, "quote_explanation", words(800))
    run, out = build(tmp_path, guide)
    assert_built(run, out)
    assert_readable(out)
    text = G.pdf_text(out)
    assert all(G.contains_literal(text, line) for line in (lines[0], lines[199], lines[-1]))


def test_passage_row_taller_than_a_page(tmp_path: Path) -> None:
    """A Summary | Analysis row several pages tall splits across pages inside the row."""
    summary, analysis = "S-START " + words(1500, 2) + " S-END", "A-START " + words(1800, 3) + " A-END"
    guide = G.minimal()
    G.set_field(guide, "passage_text", summary)
    G.set_field(guide, "passage_analysis", analysis)
    G.set_field(guide, "key_fact_value", "K-START " + words(1500, 4) + " K-END")
    G.set_field(guide, "definition", "D-START " + words(1200, 5) + " D-END")
    run, out = build(tmp_path, guide)
    assert_built(run, out)
    assert_readable(out)
    text = G.pdf_text(out)
    for literal in ("S-START", "S-END", "A-START", "A-END", "K-START", "K-END", "D-START", "D-END"):
        assert G.contains_literal(text, literal), f"{literal!r} missing"
    # the row's end may straddle a page, the analysis column read in between
    assert G.contains_in_pieces(text, summary[-200:]), "the summary's end is missing"


def test_300_character_theme_name(tmp_path: Path) -> None:
    name = (words(80, 7))[:300]
    guide = G.minimal()
    G.set_field(guide, "theme_name", name)
    G.set_field(guide, "character_name", name[::-1])
    G.set_field(guide, "chapter_title", name.upper())
    run, out = build(tmp_path, guide, None, "--grayscale")
    assert_built(run, out)
    assert_readable(out)
    text = G.pdf_text(out)
    assert G.contains_literal(text, name) and G.contains_literal(text, name.upper())


@pytest.mark.parametrize("count", [9, 40])
def test_many_themes(tmp_path: Path, count: int) -> None:
    guide = G.minimal()
    guide["themes"] = [{"id": f"t{i}", "name": f"Theme{i:02d} " + words(3, i), "summary": words(8, i)}
                       for i in range(count)]
    for ch in guide["chapters"]:
        for q in ch.get("quotes", []):
            q["themes"] = ["t0", f"t{count - 1}"]
    guide["chapters"][0]["summary"][0]["themes"] = [f"t{i}" for i in range(count)]
    guide["chapters"][0]["theme_weights"] = {f"t{i}": i for i in range(count)}
    guide["questions"][0]["themes"] = [f"t{i}" for i in range(count)]
    run, out = build(tmp_path, guide)
    assert_built(run, out)
    assert_readable(out)
    text = G.pdf_text(out)
    missing = [i for i in range(count) if f"Theme{i:02d}" not in text]
    assert not missing, f"themes not printed: {missing}"


def test_300_chapters(tmp_path: Path) -> None:
    guide = G.minimal()
    guide["chapters"] = [
        {"title": f"Chapter {i}", "short": str(i), "length": 1 + i % 17,
         "summary": [{"text": words(14, i), "analysis": words(10, -i), "themes": ["ambition"] if i % 2 else ["isolation"]}],
         "quotes": [{"text": f"Quote {i}: " + words(8, i), "themes": ["isolation"]}] if i % 3 == 0 else []}
        for i in range(1, 301)]
    guide["glossary"][0]["chapter"] = "ch300"
    started = time.monotonic()
    run, out = build(tmp_path, guide)
    assert time.monotonic() - started < G.HANG_SECONDS
    assert_built(run, out)
    assert_readable(out)
    text = G.pdf_text(out)
    assert all(f"Chapter {i}" in text for i in (1, 150, 299, 300))


def test_1000_chapters(tmp_path: Path) -> None:
    """No limit on chapters in the format: a thousand (titles only) still lay out, trackers included."""
    guide = G.minimal()
    guide["chapters"] = [{"title": f"Chapter {i}", "short": str(i)} for i in range(1, 1001)]
    guide["chapters"][999]["theme_weights"] = {"ambition": 3}
    started = time.monotonic()
    run, out = build(tmp_path, guide)
    assert time.monotonic() - started < G.HANG_SECONDS
    assert_built(run, out)
    assert_readable(out)
    assert "Chapter 1000" in G.pdf_text(out)


def _image_boxes(path: Path) -> list[tuple[int, tuple, tuple]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    boxes = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(doc, 1):
            w, h = page.get_size()
            for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=5):
                bounds = obj.get_bounds() if hasattr(obj, "get_bounds") else obj.get_pos()
                boxes.append((number, (w, h), tuple(bounds)))
    finally:
        doc.close()
    return boxes


def test_images_larger_than_the_page(tmp_path: Path) -> None:
    """A very wide cover and a very tall PNG icon: built, and every image inside its page."""
    guide = G.minimal(cover="images/wide.png")
    guide["themes"][0]["icon"] = "images/tall.png"
    guide["themes"][1]["icon"] = "images/big.png"
    files = {"images/wide.png": G.png_bytes(6000, 300), "images/tall.png": G.png_bytes(200, 5000),
             "images/big.png": G.png_bytes(4000, 4000)}
    run, out = build(tmp_path, guide, files)
    assert_built(run, out)
    boxes = _image_boxes(out)
    assert boxes, "no images drawn"
    outside = [(n, pos) for n, (w, h), pos in boxes
               if pos[0] < -1 or pos[1] < -1 or pos[2] > w + 1 or pos[3] > h + 1]
    assert not outside, f"images drawn outside the page: {outside[:5]}"


def test_tall_jpeg_cover(tmp_path: Path) -> None:
    run, out = build(tmp_path, G.minimal(cover="tall.jpg"), {"tall.jpg": G.jpeg_bytes(300, 6000)})
    assert_built(run, out)
    assert G.image_count(out) == 1


def test_jpeg_icon_builds_or_is_a_located_error(tmp_path: Path) -> None:
    """Icons are SVG or PNG; a JPEG icon is either drawn or a located error, never a crash."""
    guide = G.minimal()
    guide["themes"][0]["icon"] = "icon.jpg"
    text = G.dump(guide)
    G.write_guide(tmp_path / "g", text, {"icon.jpg": G.jpeg_bytes(64, 64)})
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert run.exception is None and "Traceback" not in run.stderr, run.stderr
    if run.exit_code != 0:
        line = 1 + text[: text.index("icon.jpg")].count("\n")
        assert run.exit_code == 1, f"exit {run.exit_code}: {run.stderr}"
        assert [(e["file"], e["line"]) for e in run.errors] == [("g/guide.yaml", line)], run.stderr


# =========================================================================== every script prints

SCRIPTS = {
    "greek": "Οδύσσεια μῆνιν ἄειδε θεὰ",
    "cyrillic": "Преступление и наказание ёЁ",
    "latin": "Ça, Åsa, Ørsted, naïve, Łódź, Ærø, ß, ŷ",
    "cjk": "吾輩は猫である 紅樓夢 한국어",
    "arabic": "ألف ليلة وليلة",
    "hebrew": "בראשית ברא",
    "devanagari": "महाभारत",
    "emoji": "📚 ✨ 🙂 🇫🇷",
}
SCRIPT_FIELDS = ("title", "theme_name", "chapter_title", "passage_text", "quote_text", "character_name")


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_every_script_prints_or_is_warned_about(tmp_path: Path, script: str) -> None:
    """Each character prints in an embedded font that has it, or a warning names FILE:LINE and it."""
    sample = SCRIPTS[script]
    guide = G.minimal()
    for i, field in enumerate(SCRIPT_FIELDS):
        G.set_field(guide, field, f"M{i}M {sample}")
    text = G.dump(guide)
    line_of = {i: 1 + text[: text.index(f"M{i}M ")].count("\n") for i in range(len(SCRIPT_FIELDS))}
    run, out = build(tmp_path, text)
    assert_built(run, out)

    embedded = G.embedded_fonts(out)
    printed_ok = set()
    for ch, font in G.printed_chars(out):
        cmap = G.font_cmap(font) if font in embedded else None
        if cmap is not None and ord(ch) in cmap:
            printed_ok.add(ch)
    needed = [c for c in dict.fromkeys(sample) if not c.isspace() and c not in ",." and ord(c) > 127]
    not_printed = [c for c in needed if c not in printed_ok]
    problems = []
    for i, field in enumerate(SCRIPT_FIELDS):
        if not not_printed:
            break
        here = [w for w in run.warnings if w["file"] == "g/guide.yaml" and w["line"] == line_of[i]]
        named = "".join(w["message"] for w in here)
        unnamed = [c for c in not_printed if c not in named]
        if not here or (unnamed and "..." not in named) or not_printed[0] not in named:
            problems.append(f"{field} (line {line_of[i]}): {''.join(not_printed)} neither printed nor named "
                            f"in a warning; warnings there: {[w['message'][:80] for w in here]}")
    assert not problems, "\n".join(problems)
    if script in ("greek", "cyrillic", "latin", "cjk"):
        # every occurrence, not just one: the contents, running header and grid print names too
        assert G.glyphs_without_text(out) == [], "pages with empty boxes where a font lacks a character"
    if script in ("greek", "cyrillic", "latin"):
        assert not not_printed, f"{''.join(not_printed)} must print with the guide's fonts"
        assert G.contains_literal(G.pdf_text(out), sample)


def test_font_warning_from_check_too(tmp_path: Path) -> None:
    """`check` validates the same guide as `pdf`: it warns about characters no font can print."""
    guide = G.minimal()
    G.set_field(guide, "passage_text", "Emoji " + SCRIPTS["emoji"])
    G.write_guide(tmp_path / "g", guide)
    run = G.run_cli(["check", "g"], tmp_path)
    assert run.exit_code == 0, run.stderr
    assert any("📚" in w["message"] for w in run.warnings), run.stderr


# =========================================================================== hyphenation languages

@pytest.mark.parametrize("language", ["xx", "tlh", "zh-Hant"])
def test_unknown_hyphenation_language_warns_at_load(tmp_path: Path, language: str) -> None:
    text = G.dump(G.minimal(language=language))
    line = 1 + text[: text.index("language:")].count("\n")
    G.write_guide(tmp_path / "g", text)
    check = G.run_cli(["check", "g"], tmp_path)
    assert check.exit_code == 0, check.stderr
    assert [(w["file"], w["line"]) for w in check.warnings] == [("g/guide.yaml", line)], check.stderr
    assert language in check.warnings[0]["message"]
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert_built(run, tmp_path / "out" / "g.pdf")
    assert any(w["line"] == line for w in run.warnings), run.stderr


@pytest.mark.parametrize("language", ["de", "fr-CA", "pt-BR", "ru"])
def test_known_hyphenation_languages_build(tmp_path: Path, language: str) -> None:
    guide = G.minimal(language=language)
    G.set_field(guide, "passage_text", words(300))
    run, out = build(tmp_path, guide)
    assert_built(run, out)
    assert not run.warnings, run.stderr


# =========================================================================== no PDF is lost

def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Same guide, two processes with different hash seeds: the same bytes."""
    guide = G.minimal(cover="cover.png")
    G.write_guide(tmp_path / "g", guide, {"cover.png": G.png_bytes(50, 40)})
    outs = []
    for seed in ("1", "2"):
        env = G.subprocess_env()
        env["PYTHONHASHSEED"] = seed
        run = G.run_subprocess(["pdf", "g", "-o", f"out/{seed}.pdf"], tmp_path, timeout=G.HANG_SECONDS, env=env)
        assert run.exit_code == 0, run.stderr
        outs.append((tmp_path / "out" / f"{seed}.pdf").read_bytes())
    assert outs[0] == outs[1], "two builds of the same guide differ"


def test_failed_layout_keeps_existing_pdf_and_leaves_no_temp(tmp_path: Path, monkeypatch) -> None:
    """A build that fails half-way through layout: old PDF unchanged, no partial or temp file."""
    from guidebuilder import pages

    G.write_guide(tmp_path / "g", G.minimal())
    out = tmp_path / "out" / "g.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF-1.4 yesterday's guide\n")
    calls = {"n": 0}
    original = pages.GuideDoc.afterFlowable

    def failing(self, flowable):
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("disk on fire")
        return original(self, flowable)

    monkeypatch.setattr(pages.GuideDoc, "afterFlowable", failing)
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert run.exit_code not in (0, None), run.stderr
    assert out.read_bytes() == b"%PDF-1.4 yesterday's guide\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["g.pdf"]


def test_failed_write_keeps_existing_pdf(tmp_path: Path, monkeypatch) -> None:
    """The disk fills up while the PDF is written: old PDF unchanged, no temp file left."""
    G.write_guide(tmp_path / "g", G.minimal())
    out = tmp_path / "out" / "g.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF-1.4 yesterday's guide\n")

    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert run.exit_code not in (0, None)
    assert "Traceback" not in run.stderr
    assert out.read_bytes() == b"%PDF-1.4 yesterday's guide\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["g.pdf"]


# =========================================================================== internal errors

def test_internal_error_is_one_clear_line(tmp_path: Path, monkeypatch) -> None:
    """A bug: one line saying what failed and where the full report is; non-zero exit; no traceback."""
    from guidebuilder import render

    def broken(*args, **kwargs):
        raise ZeroDivisionError("simulated bug in the renderer")

    monkeypatch.setattr(render, "build_pdf", broken)
    G.write_guide(tmp_path / "g", G.minimal())
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert run.exception is None, repr(run.exception)
    assert run.exit_code not in (0, 1, 2), f"exit {run.exit_code}: an internal error is not a content error"
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr and "ZeroDivisionError" in lines[0]
    report = next((Path(w) for w in lines[0].replace(";", " ").split() if w.startswith("/") and Path(w).is_file()), None)
    assert report is not None, f"no report file named in {lines[0]!r}"
    assert "simulated bug in the renderer" in report.read_text() and "Traceback" in report.read_text()
    assert not (tmp_path / "out" / "g.pdf").exists()


def test_escaped_layout_error_names_its_chapter(tmp_path: Path, monkeypatch) -> None:
    """If ReportLab's LayoutError ever escapes, the error names the chapter or section it came from."""
    from reportlab.platypus import Flowable

    from guidebuilder.sections import summaries

    class Monolith(Flowable):
        def wrap(self, w, h):
            return w, 5000

        def split(self, w, h):
            return []

        def draw(self):
            pass

    original = summaries.chapter

    def chapter(c, ch, *args, **kwargs):
        out = original(c, ch, *args, **kwargs)
        return out + [Monolith()] if ch.title == "Letter 2" else out

    monkeypatch.setattr(summaries, "chapter", chapter)
    G.write_guide(tmp_path / "g", G.minimal())
    run = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp_path)
    assert run.exception is None and "Traceback" not in run.stderr, run.stderr
    assert run.exit_code not in (0, None)
    assert "error" in run.stderr
    assert any(name in run.stderr for name in ("Letter 2", "ch2")), \
        f"the error does not name the chapter (Letter 2 / ch2):\n{run.stderr}"
    assert not (tmp_path / "out" / "g.pdf").exists()


# =========================================================================== time stays bounded

def test_one_long_paragraph_builds(tmp_path: Path) -> None:
    """A 300 KB single paragraph (ReportLab alone is quadratic in it) builds, all of it, without hanging."""
    guide = G.minimal()
    G.set_field(guide, "passage_text", "STARTMARK " + words(50_000, 11) + " ENDMARK")
    G.write_guide(tmp_path / "g", guide)
    run = G.run_subprocess(["pdf", "g", "-o", "out/g.pdf"], tmp_path, timeout=G.HANG_SECONDS)
    assert not run.timed_out, "a 300 KB paragraph hung"
    assert run.exit_code == 0, run.stderr
    text = G.pdf_text(tmp_path / "out" / "g.pdf")
    assert "STARTMARK" in text and "ENDMARK" in text, "part of the paragraph is missing"


@slow
def test_two_megabyte_paragraph_builds(tmp_path: Path) -> None:
    """Under 2 MB of YAML, all in one paragraph of one passage: built, all of it."""
    guide = G.minimal()
    G.set_field(guide, "passage_text", "STARTMARK " + words(300_000, 12) + " ENDMARK")
    G.write_guide(tmp_path / "g", guide)
    assert (tmp_path / "g" / "guide.yaml").stat().st_size < 2_000_000
    run = G.run_subprocess(["pdf", "g", "-o", "out/g.pdf"], tmp_path, timeout=G.HANG_SECONDS)
    assert not run.timed_out and run.exit_code == 0, run.stderr[-2000:]
    text = G.pdf_text(tmp_path / "out" / "g.pdf")
    assert "STARTMARK" in text and "ENDMARK" in text, "part of the paragraph is missing"


@slow
def test_bench_large_guide_builds(tmp_path: Path) -> None:
    """The benchmark's 'large' guide (300 chapters, about 1.8 MB of YAML) without hanging."""
    import subprocess

    make = Path(__file__).resolve().parents[1] / "benchmarks" / "make_guide.py"
    subprocess.run([sys.executable, str(make), str(tmp_path / "g"), "--chapters", "300", "--themes", "8",
                    "--seed", "1"], check=True, capture_output=True)
    run = G.run_subprocess(["pdf", "g", "-o", "out/g.pdf"], tmp_path, timeout=G.HANG_SECONDS)
    assert not run.timed_out and run.exit_code == 0, run.stderr[-2000:]


@pytest.mark.parametrize("flag", [None, "--large-print", "--chapters=1-2"])
def test_hostile_unit_part_and_synopsis_print_as_text(tmp_path: Path, flag) -> None:
    """Found by putting them among the hostile fields: a unit went unescaped into the tracker's
    explanation (an <img> in it crashed the build) and a long one ran off the page."""
    hostile = " ".join(hostile_text(tmp_path)) + " " + long_word(300)
    _secret_files(tmp_path)
    guide = G.minimal()
    guide["unit"] = "U " + hostile
    guide["chapters"][0]["part"] = "P " + hostile
    guide["chapters"][0]["synopsis"] = "S " + hostile
    guide["chapters"][1]["part"] = "Q " + hostile
    run, out = build(tmp_path, guide, None, *([flag] if flag else []))
    assert_built(run, out)
    assert_readable(out)
    assert G.image_count(out) == 0, "an <img> in text became an image"
    if flag is None:  # a part heads its chapters in Summary & Analysis, whole and literal
        assert G.contains_literal(G.pdf_text(out), "P " + hostile)
