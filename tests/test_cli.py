"""How the command line builds, checks and starts guides, and what it exits with."""
from __future__ import annotations

import os
import re
import shutil
import tempfile

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import BARE, GUIDES, TINY
from hostile.guides import REPO
from hostile import guides as G
from guidebuilder.cli import main
from guidebuilder.load import load_guide

LOCATED = re.compile(r"^\S+:\d+:\d+: error: \S")
OLD_PDF = G.old_pdf()  # a PDF an earlier build made: a build may replace it

# The built-in icon names every version provides (docs/content-format.md, "Theme").
BUILT_IN_ICONS = """anchor bell bird book butterfly candle chain clock coin compass crown door eye feather
flame flower hand heart hourglass house key leaf letter mask mirror moon scales ship skull star sun sword
tear tree wave""".split()

BROKEN_GUIDE = """\
title: Frankenstein
author: Mary Shelley
themes:
  - id: ambition
    name: Ambition
    color: red
chapters:
  - title: Letter 1
    titel: Letter One
"""


def run(*args: str):
    """Invoke the click group with stdout and stderr kept apart."""
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def is_pdf(path) -> bool:
    return path.is_file() and path.read_bytes()[:5] == b"%PDF-"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- pdf ---------------------------------------------------------------------------------------

def test_pdf_one_guide_to_a_named_file(in_tmp):
    result = run("pdf", str(TINY), "-o", "out.pdf")
    assert result.exit_code == 0, result.stderr
    assert is_pdf(in_tmp / "out.pdf")
    assert PdfReader(in_tmp / "out.pdf").metadata.title.startswith("The Lantern Keeper")


def test_pdf_without_dirs_builds_every_guide_under_content(in_tmp):
    shutil.copytree(BARE, in_tmp / "content" / "bare-bones")
    (in_tmp / "content" / "notes").mkdir()  # a folder without guide.yaml is not a guide
    result = run("pdf")
    assert result.exit_code == 0, result.stderr
    assert is_pdf(in_tmp / "output" / "bare-bones.pdf")
    assert sorted(p.name for p in (in_tmp / "output").iterdir()) == ["bare-bones.pdf"]


def test_pdf_without_dirs_and_without_content_is_a_usage_error(in_tmp):
    result = run("pdf")
    assert result.exit_code == 2
    assert not (in_tmp / "output").exists()


def test_pdf_several_guides_into_a_folder(in_tmp):
    shutil.copytree(BARE, in_tmp / "bare")
    shutil.copytree(TINY, in_tmp / "tiny")
    result = run("pdf", "bare", "tiny", "-o", "out", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert is_pdf(in_tmp / "out" / "bare.pdf") and is_pdf(in_tmp / "out" / "tiny.pdf")
    assert PdfReader(in_tmp / "out" / "tiny.pdf").metadata.title.startswith("The Lantern Keeper")
    assert PdfReader(in_tmp / "out" / "bare.pdf").metadata.title.startswith("Bare Bones")
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and any("bare.pdf" in line for line in lines) and any("tiny.pdf" in line for line in lines)


def test_pdf_teacher_edition_option(in_tmp):
    result = run("pdf", str(TINY), "-o", "t.pdf", "--edition", "teacher", "--paper", "a4")
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(in_tmp / "t.pdf")
    assert "Teacher" in reader.metadata.title
    assert round(float(reader.pages[0].mediabox.width)) == 595


def test_pdf_of_a_broken_guide_exits_1_with_located_errors(in_tmp, make_guide):
    make_guide({"guide.yaml": BROKEN_GUIDE}, "bad")
    result = run("pdf", "bad", "-o", "bad.pdf")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines and all(LOCATED.match(line) for line in lines), lines
    assert not (in_tmp / "bad.pdf").exists()


def test_failed_build_keeps_the_existing_pdf_and_leaves_no_temp_files(in_tmp, make_guide):
    make_guide({"guide.yaml": BROKEN_GUIDE}, "bad")
    out_dir = in_tmp / "out"
    out_dir.mkdir()
    (out_dir / "guide.pdf").write_bytes(OLD_PDF)
    result = run("pdf", "bad", "-o", "out/guide.pdf")
    assert result.exit_code == 1
    assert (out_dir / "guide.pdf").read_bytes() == OLD_PDF
    assert os.listdir(out_dir) == ["guide.pdf"]


def test_build_that_fails_while_writing_keeps_the_existing_pdf(in_tmp, monkeypatch):
    out_dir = in_tmp / "out"
    out_dir.mkdir()
    (out_dir / "guide.pdf").write_bytes(OLD_PDF)
    reports = in_tmp / "reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run("pdf", str(TINY), "-o", "out/guide.pdf")
    assert result.exit_code == 2, result.stderr
    assert result.stderr == "guidebuilder: error: cannot write out/guide.pdf: No space left on device\n"
    assert list(reports.iterdir()) == []  # an output problem, not an internal error
    assert (out_dir / "guide.pdf").read_bytes() == OLD_PDF
    assert os.listdir(out_dir) == ["guide.pdf"]


def test_internal_error_is_one_line_naming_a_report(in_tmp, monkeypatch):
    reports = in_tmp / "reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))

    def boom(*args, **kwargs):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("guidebuilder.render.build_pdf", boom)
    result = run("pdf", str(TINY), "-o", "out.pdf")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    (report,) = list(reports.iterdir())
    assert str(report) in lines[0]
    assert "Traceback" in report.read_text() and "layout exploded" in report.read_text()


@pytest.mark.parametrize("selection", [["--chapters", "2-9"], ["--chapters", "ch7"], ["--theme", "dutty"],
                                       ["--chapters", "\u00b2"], ["--chapters", "1-\u2460"]])
def test_handout_of_something_the_guide_lacks_is_an_error(in_tmp, selection):
    result = run("pdf", str(TINY), "-o", "h.pdf", *selection)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and result.stderr.strip()
    assert not (in_tmp / "h.pdf").exists()


@pytest.mark.parametrize("args", [
    ["pdf", "--paper", "a5"],
    ["pdf", "--edition", "principal"],
    ["pdf", "--no-such-option"],
    ["pdf", "--jobs", "0"],
    ["pdf", "--theme", ""],
    ["pdf", "--chapters", " "],
    ["pdf", "does-not-exist"],
    ["check", "does-not-exist"],
    ["new", "somewhere"],
    ["frobnicate"],
])
def test_bad_command_line_exits_2(in_tmp, args):
    if args[0] == "pdf" and args[-1] != "does-not-exist":
        args = [args[0], str(TINY)] + args[1:]
    result = run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert not any(p.suffix == ".pdf" for p in in_tmp.rglob("*"))


# -- check -------------------------------------------------------------------------------------

def test_check_broken_guide_exits_1_with_file_line_col_lines(in_tmp, make_guide):
    make_guide({"guide.yaml": BROKEN_GUIDE}, "bad")
    result = run("check", "bad")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "bad/guide.yaml:6:12: error: themes[0].color: 'red' is not a color: expected #RRGGBB, "
        'e.g. "#B03A2E" (quote it in YAML)',
        "bad/guide.yaml:9:5: error: chapters[0].titel: unknown key 'titel'; did you mean 'title'?",
    ]
    assert "Traceback" not in result.stderr + result.stdout


def test_check_good_guide_exits_0(in_tmp):
    shutil.copytree(TINY, in_tmp / "tiny")
    result = run("check", "tiny")
    assert result.exit_code == 0, result.stderr
    assert not any(LOCATED.match(line) for line in result.stderr.splitlines())


def test_check_writes_nothing(in_tmp):
    shutil.copytree(TINY, in_tmp / "tiny")
    before = sorted(str(p) for p in in_tmp.rglob("*"))
    assert run("check", "tiny").exit_code == 0
    assert sorted(str(p) for p in in_tmp.rglob("*")) == before


def test_check_reports_every_guide(in_tmp, make_guide):
    make_guide({"guide.yaml": BROKEN_GUIDE}, "bad")
    shutil.copytree(BARE, in_tmp / "good")
    result = run("check", "good", "bad")
    assert result.exit_code == 1
    assert len([line for line in result.stderr.splitlines() if ": error: " in line]) == 2
    assert "good" in result.stdout


def test_check_notes_the_icon_it_chose_by_meaning(in_tmp, make_guide):
    """A theme without an icon gets the built-in icon its words suggest; check says so, as a note."""
    make_guide({"guide.yaml": """\
        title: Macbeth
        author: William Shakespeare
        themes:
          - {id: ambition, name: Ambition and Power}
          - {id: fate, name: Prophecy and Fate}
          - {id: war, name: Blood and Violence}
          - {id: other, name: Zzz}
        chapters:
          - title: Act 1
        """}, "g")
    result = run("check", "g")
    assert result.exit_code == 0
    notes = result.stderr.splitlines()
    assert notes == [
        "g/guide.yaml:4:5: note: theme 'ambition' has no icon: using 'crown' (it matches 'ambition')",
        "g/guide.yaml:5:5: note: theme 'fate' has no icon: using 'star' (it matches 'prophecy')",
        "g/guide.yaml:6:5: note: theme 'war' has no icon: using 'sword' (it matches 'blood')",
        "g/guide.yaml:7:5: note: theme 'other' has no icon: using 'anchor' (the next unused icon; give 'icon' to choose another)",
    ]


def test_check_counts_in_the_guides_unit(in_tmp):
    shutil.copytree(GUIDES / "play", in_tmp / "play")
    result = run("check", "play")
    assert result.exit_code == 0
    assert result.stdout == "play: ok (5 scenes, 4 themes, 6 quotes)\n"


# -- icons -------------------------------------------------------------------------------------

def test_icons_lists_the_built_in_names():
    result = run("icons")
    assert result.exit_code == 0
    listed = result.stdout.split()
    assert len(BUILT_IN_ICONS) == 35
    assert set(BUILT_IN_ICONS) <= set(listed)
    assert len(listed) == len(set(listed))


# -- new ---------------------------------------------------------------------------------------

def test_new_creates_a_guide_that_passes_check(in_tmp):
    result = run("new", "content/frankenstein", "--title", "Frankenstein", "--author", "Mary Shelley")
    assert result.exit_code == 0, result.stderr
    assert (in_tmp / "content" / "frankenstein" / "guide.yaml").is_file()
    assert run("check", "content/frankenstein").exit_code == 0
    guide = load_guide(in_tmp / "content" / "frankenstein")
    assert (guide.title, guide.author) == ("Frankenstein", "Mary Shelley")


@pytest.mark.parametrize("title", [
    'Frankenstein: or, "The Modern Prometheus"',
    "no",
    "It's #1 -- a {test}: [really] & <b>'quoted'</b>",
])
def test_new_keeps_the_title_exactly(in_tmp, title):
    result = run("new", "g", "--title", title, "--author", "O'Brien: \"Flann\"")
    assert result.exit_code == 0, result.stderr
    guide = load_guide(in_tmp / "g")
    assert guide.title == title
    assert guide.author == "O'Brien: \"Flann\""


def test_new_guide_builds(in_tmp):
    assert run("new", "g", "--title", "Frankenstein", "--author", "Mary Shelley").exit_code == 0
    result = run("pdf", "g", "-o", "g.pdf")
    assert result.exit_code == 0, result.stderr
    assert is_pdf(in_tmp / "g.pdf")


def test_new_does_not_overwrite_a_guide(in_tmp):
    (in_tmp / "g").mkdir()
    (in_tmp / "g" / "guide.yaml").write_text("title: Mine\n")
    result = run("new", "g", "--title", "Other", "--author", "Someone")
    assert result.exit_code == 1
    assert (in_tmp / "g" / "guide.yaml").read_text() == "title: Mine\n"
    assert LOCATED.match(result.stderr.splitlines()[0])


def test_check_does_not_load_reportlab_for_a_latin_guide(tmp_path):
    """The issue's cheap win: check stays fast because it never imports ReportLab for ordinary text."""
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from guidebuilder.cli import main; "
            "r = CliRunner().invoke(main, ['check', sys.argv[1]]); "
            "print(r.exit_code, 'reportlab' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(TINY)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"], done.stdout + done.stderr


def test_the_characters_check_takes_for_granted_are_in_both_fonts():
    """guide_warnings skips the font lookup for these; both fonts must really print every one."""
    from guidebuilder import fonts
    from guidebuilder.guide_warnings import _UNUSUAL

    fonts.register()
    assumed = [chr(c) for c in range(0x20, 0x2200) if not _UNUSUAL.match(chr(c)) and not chr(c).isspace()
               and chr(c) != "\xad" and not 0x7f <= c < 0xa0]
    assert len(assumed) > 300
    for name in (fonts.SERIF, fonts.SANS):
        missing = [f"U+{ord(c):04X}" for c in assumed if ord(c) not in fonts._cmap(name)]
        assert not missing, (name, missing)


# -- outputs that never destroy work (issue 12, item 5) ----------------------------------------

def test_pdf_never_writes_over_the_guides_own_yaml(in_tmp):
    shutil.copytree(TINY, in_tmp / "g")
    before = (in_tmp / "g" / "guide.yaml").read_bytes()
    result = run("pdf", "g", "-o", "g/guide.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("guidebuilder: error: g/guide.yaml is inside the guide folder g")
    assert (in_tmp / "g" / "guide.yaml").read_bytes() == before


@pytest.mark.parametrize("existing", [b"my notes\n", b"%PDF-1.7\n% someone else's PDF\n%%EOF\n", "other-pdf"])
def test_pdf_never_writes_over_a_file_guidebuilder_did_not_make(in_tmp, existing):
    if existing == "other-pdf":
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(100, 100)
        writer.add_metadata({"/Producer": "LibreOffice", "/Creator": "Writer"})
        writer.write(in_tmp / "mine.pdf")
        existing = (in_tmp / "mine.pdf").read_bytes()
    else:
        (in_tmp / "mine.pdf").write_bytes(existing)
    result = run("pdf", str(TINY), "-o", "mine.pdf")
    assert result.exit_code == 2
    assert result.stderr == ("guidebuilder: error: mine.pdf exists and is not a PDF made by guidebuilder; not writing "
                             "over it (move it away, or choose another name with -o)\n")
    assert (in_tmp / "mine.pdf").read_bytes() == existing


def test_pdf_replaces_a_pdf_it_made(in_tmp):
    assert run("pdf", str(TINY), "-o", "t.pdf").exit_code == 0
    first = (in_tmp / "t.pdf").read_bytes()
    (in_tmp / "t.pdf").write_bytes(G.old_pdf())
    assert run("pdf", str(TINY), "-o", "t.pdf").exit_code == 0
    assert (in_tmp / "t.pdf").read_bytes() == first
    assert run("pdf", str(TINY), "-o", "b.pdf", "--booklet").exit_code == 0
    assert run("pdf", str(TINY), "-o", "b.pdf", "--booklet").exit_code == 0  # an imposed PDF is ours too


def test_whose_pdf_it_is_is_read_from_its_trailer_as_pypdf_reads_it(in_tmp):
    """outputs reads Producer and Creator through the trailer and cross-reference table (a few KB,
    where pypdf parsed a 600-page guide whole on every rebuild: +15 MiB at the peak): it must say
    what pypdf says, and leave files laid out otherwise to pypdf (None)."""
    from pypdf import PdfReader, PdfWriter

    from guidebuilder.outputs import _info_names, made_by_guidebuilder

    def fast(path):
        with open(path, "rb") as fh:
            return _info_names(fh)

    def pypdf_names(path):
        info = PdfReader(path).metadata
        return " ".join(str(info.get(k) or "") for k in ("/Producer", "/Creator"))

    assert run("pdf", str(TINY), "-o", "t.pdf").exit_code == 0
    assert run("pdf", str(TINY), "-o", "b.pdf", "--booklet").exit_code == 0
    other = PdfWriter()
    other.add_blank_page(100, 100)
    other.add_metadata({"/Producer": "LibreOffice", "/Creator": "Writer"})
    other.write("other.pdf")
    for name in ("t.pdf", "b.pdf", "other.pdf"):
        names = fast(name)
        assert names is None or names == pypdf_names(name), name
    assert "guidebuilder" in fast("t.pdf")
    updated = PdfWriter("t.pdf", incremental=True)  # someone else's edit, appended to our PDF
    updated.add_metadata({"/Producer": "Acrobat", "/Creator": "Acrobat"})
    updated.write("edited.pdf")
    assert fast("edited.pdf") in (None, "Acrobat Acrobat")
    assert not made_by_guidebuilder(in_tmp / "edited.pdf")


@pytest.mark.parametrize("args, name", [
    ([], "tiny.pdf"), (["--paper", "a4"], "tiny-a4.pdf"), (["--paper", "A4"], "tiny-a4.pdf"),
    (["--paper", "a4", "--edition", "teacher", "--grayscale", "--large-print"], "tiny-teacher-a4-gray-large.pdf"),
])
def test_default_names_hold_every_option_that_changes_the_pdf(in_tmp, args, name):
    shutil.copytree(TINY, in_tmp / "tiny")
    result = run("pdf", "tiny", *args)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (in_tmp / "output").iterdir()) == [name]


def test_two_guides_that_would_write_one_file_is_exit_2_before_building(in_tmp):
    shutil.copytree(TINY, in_tmp / "a" / "guide")
    shutil.copytree(TINY, in_tmp / "b" / "guide")
    result = run("pdf", "a/guide", "b/guide", "-o", "out")
    assert result.exit_code == 2
    assert result.stderr == ("guidebuilder: error: a/guide and b/guide would both be written to out/guide.pdf; "
                             "build them into different folders, or one at a time with -o\n")
    assert not (in_tmp / "out").exists()


@pytest.mark.parametrize("make_folder", [False, True], ids=["trailing-slash", "existing-folder"])
def test_o_naming_a_folder_builds_into_it(in_tmp, make_folder):
    shutil.copytree(TINY, in_tmp / "tiny")
    if make_folder:
        (in_tmp / "handouts").mkdir()
    result = run("pdf", "tiny", "--theme", "sea", "-o", "handouts" if make_folder else "handouts/")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (in_tmp / "handouts").iterdir()) == ["tiny-theme-sea.pdf"]


def test_a_pdf_name_without_pdf_is_warned_about(in_tmp):
    result = run("pdf", str(TINY), "-o", "handout")
    assert result.exit_code == 0, result.stderr
    assert "guidebuilder: warning: handout does not end in .pdf" in result.stderr
    assert is_pdf(in_tmp / "handout")


def test_an_output_folder_whose_parent_is_a_file_is_one_line_exit_2(in_tmp):
    (in_tmp / "notes.txt").write_text("mine\n")
    result = run("pdf", str(TINY), "-o", "notes.txt/t.pdf")
    assert result.exit_code == 2
    assert result.stderr == "guidebuilder: error: cannot write into notes.txt: notes.txt is a file, not a folder\n"
    assert (in_tmp / "notes.txt").read_text() == "mine\n"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root may write anywhere")
def test_an_unwritable_output_folder_is_one_line_exit_2(in_tmp):
    (in_tmp / "ro").mkdir()
    (in_tmp / "ro").chmod(0o555)
    try:
        result = run("pdf", str(TINY), "-o", "ro/t.pdf")
    finally:
        (in_tmp / "ro").chmod(0o755)
    assert result.exit_code == 2 and result.stderr == "guidebuilder: error: cannot write into ro: ro is not writable\n"


def test_a_folder_the_user_may_not_write_is_one_line_exit_2(in_tmp, monkeypatch):
    """The same refusal as above, where the tests run as root (who may write anywhere): the
    permission is what os.access says, so it is made to say no for that one folder."""
    (in_tmp / "ro").mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if os.path.abspath(path) == os.path.abspath(in_tmp / "ro")
                        else real_access(path, mode, **kw))
    result = run("pdf", str(TINY), "-o", "ro/sub/t.pdf")
    assert result.exit_code == 2
    assert result.stderr == "guidebuilder: error: cannot write into ro/sub: ro is not writable\n"
    assert list((in_tmp / "ro").iterdir()) == []


def test_missing_output_folders_are_made(in_tmp):
    result = run("pdf", str(TINY), "-o", "new/deeper/t.pdf")
    assert result.exit_code == 0, result.stderr
    assert is_pdf(in_tmp / "new" / "deeper" / "t.pdf")


def test_icon_sheet_never_writes_over_a_file_it_did_not_make(in_tmp):
    (in_tmp / "mine.pdf").write_bytes(b"not a sheet\n")
    result = run("icons", "--sheet", "mine.pdf")
    assert result.exit_code == 2 and "not a PDF made by guidebuilder" in result.stderr
    assert (in_tmp / "mine.pdf").read_bytes() == b"not a sheet\n"
    assert run("icons", "--sheet", "s.pdf").exit_code == 0
    assert run("icons", "--sheet", "s.pdf").exit_code == 0  # its own sheet it may replace


# -- small things (issue 12, item 7) -----------------------------------------------------------

def test_check_and_pdf_take_the_path_of_guide_yaml(in_tmp):
    shutil.copytree(TINY, in_tmp / "tiny")
    result = run("check", "tiny/guide.yaml")
    assert result.exit_code == 0 and result.stdout.startswith("tiny: ok ("), result.stderr
    assert run("pdf", "tiny/guide.yaml").exit_code == 0
    assert is_pdf(in_tmp / "output" / "tiny.pdf")


def test_another_file_is_a_usage_error(in_tmp):
    (in_tmp / "notes.yaml").write_text("title: x\n")
    result = run("check", "notes.yaml")
    assert result.exit_code == 2 and "notes.yaml is a file; give a guide folder (or its guide.yaml)" in result.stderr


def test_check_one_folder_too_high_names_the_guides_below(in_tmp):
    shutil.copytree(TINY, in_tmp / "content" / "tiny")
    result = run("check", ".")
    assert result.exit_code == 1
    assert result.stderr == ("guide.yaml:1:1: error: no guide.yaml in this folder; guide folders below it: "
                             "content/tiny (give one of those)\n")


def test_check_counts_in_the_singular_for_one(in_tmp, make_guide):
    make_guide({"guide.yaml": "title: T\nauthor: A\nthemes: [{id: a, name: A}]\nchapters:\n  - title: One\n"
                "    quotes: [{text: Hello.}]\n"}, "one")
    result = run("check", "one")
    assert result.stdout == "one: ok (1 chapter, 1 theme, 1 quote)\n", result.stderr


def test_new_quotes_a_path_with_spaces_in_the_command_it_prints(in_tmp):
    import shlex
    import subprocess
    import sys

    result = run("new", "my guides/the raven's tale", "--title", "T", "--author", "A")
    assert result.exit_code == 0, result.stderr
    command = result.stdout.strip().split("check it with: ")[1]
    assert command == "guidebuilder check 'my guides/the raven'\"'\"'s tale'"
    args = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "guidebuilder", *args], cwd=in_tmp, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert done.returncode == 0, done.stderr


def test_help_is_not_cut_off():
    result = run("--help")
    for name in ("pdf", "check", "watch", "icons", "new"):
        line = next(l for l in result.stdout.splitlines() if l.strip().startswith(name + " "))
        assert not line.rstrip().endswith("..."), line
    assert "Build study-guide PDFs." in result.stdout


def test_a_one_page_build_says_1_page(in_tmp, make_guide):
    make_guide({"guide.yaml": "title: T\nauthor: A\nthemes: [{id: a, name: A}]\nchapters:\n  - title: One\n"}, "one")
    result = run("pdf", "one", "--chapters", "1", "-o", "h.pdf")
    assert result.exit_code == 0, result.stderr
    assert len(PdfReader(in_tmp / "h.pdf").pages) == 1
    assert result.stdout == "h.pdf (1 page)\n"
