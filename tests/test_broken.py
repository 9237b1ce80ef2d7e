"""Broken guides: every mistake gives `FILE:LINE:COL: error: MESSAGE`, exit 1, and no PDF.

Each folder under tests/broken/ is one mistake; its expect.txt lists the errors (see
tests/broken/README.md for the format). The folder is copied into a temporary folder, its
symlinks and generated files are made there, and `guidebuilder pdf` and `guidebuilder check`
run on the copy. Cases that need big generated input (billion laughs) are written here.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile import guides as G  # pytest puts tests/ (no __init__.py) on sys.path

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"


GUIDE = "g"  # the guide folder's name inside the temporary folder


# Known gaps: the case name -> what guidebuilder does today (the test is xfail(strict) until fixed).
XFAIL: dict[str, str] = {}


# --------------------------------------------------------------------------- expect.txt

@dataclass(frozen=True)
class Expected:
    file: str
    line: int | None  # None: any
    col: int | None
    fragment: str

    def matches(self, err: dict) -> bool:
        return (err["file"] == self.file and (self.line is None or err["line"] == self.line)
                and (self.col is None or err["col"] == self.col)
                and self.fragment.lower() in err["message"].lower())

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '*'}:{self.col or '*'}: {self.fragment}"


@dataclass
class Case:
    name: str
    expected: list[Expected]
    symlinks: list[tuple[str, str]]
    makes: list[tuple[str, str]]


_EXPECT = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+|\*):(?P<col>\d+|\*): (?P<fragment>.+)$")


def parse_expect(text: str, name: str = "?") -> Case:
    case = Case(name, [], [], [])
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@symlink "):
            link, target = line.split()[1:3]
            case.symlinks.append((link, target))
        elif line.startswith("@make "):
            path, kind = line.split()[1:3]
            case.makes.append((path, kind))
        else:
            m = _EXPECT.match(line)
            assert m, f"{name}/expect.txt: cannot read line {raw!r}"
            to_int = lambda v: None if v == "*" else int(v)
            case.expected.append(Expected(m["file"], to_int(m["line"]), to_int(m["col"]), m["fragment"].strip()))
    assert case.expected, f"{name}/expect.txt lists no expected error"
    return case


def make_file(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "truncated-jpeg":
        data = G.truncated_jpeg()
    elif kind == "bomb-png":
        data = G.bomb_png(30000)
    elif kind.startswith(("png:", "jpeg:")):
        fmt, size = kind.split(":")
        w, h = (int(v) for v in size.split("x"))
        data = G.png_bytes(w, h) if fmt == "png" else G.jpeg_bytes(w, h)
    else:
        raise AssertionError(f"unknown @make kind {kind!r}")
    path.write_bytes(data)


def materialize(case_dir: Path, case: Case, tmp: Path) -> Path:
    """Copy the case into tmp/g (and its _outside/ to tmp/outside), make symlinks and files."""
    guide = tmp / GUIDE
    outside = tmp / "outside"
    shutil.copytree(case_dir, guide, ignore=shutil.ignore_patterns("_outside", "expect.txt"))
    if (case_dir / "_outside").is_dir():
        shutil.copytree(case_dir / "_outside", outside)
    outside.mkdir(exist_ok=True)
    fill = lambda p: p.replace("{outside}", str(outside))
    for path, kind in case.makes:
        target = Path(fill(path))
        make_file(target if target.is_absolute() else guide / target, kind)
    for link, target in case.symlinks:
        where = guide / link
        where.parent.mkdir(parents=True, exist_ok=True)
        if where.exists() or where.is_symlink():
            where.unlink()
        where.symlink_to(fill(target), target_is_directory=Path(fill(target)).is_dir())
    return guide


def cases() -> list:
    params = []
    for d in sorted(p for p in BROKEN.iterdir() if p.is_dir()):
        marks = [pytest.mark.xfail(reason=XFAIL[d.name], strict=True)] if d.name in XFAIL else []
        params.append(pytest.param(d, id=d.name, marks=marks))
    return params


# --------------------------------------------------------------------------- assertions

def assert_errors(run, expected: list[Expected], prefix: str = GUIDE + "/") -> None:
    """Exit 1, every stderr line located, exactly the expected errors, sorted by file and line."""
    assert run.exception is None, f"raised {run.exception!r}\n{run.stderr}"
    assert "Traceback" not in run.stderr, run.stderr
    assert run.exit_code == 1, f"exit {run.exit_code}, expected 1\nstderr:\n{run.stderr}"
    assert not G.unlocated_lines(run.stderr), f"stderr lines that are not FILE:LINE:COL: ...:\n{run.stderr}"
    errors = run.errors
    for e in errors:
        assert e["file"].startswith(prefix), f"error file {e['file']!r} is not inside the guide folder\n{run.stderr}"
        e["file"] = e["file"][len(prefix):]
    keys = [(e["file"], e["line"]) for e in errors]
    assert keys == sorted(keys), f"errors are not sorted by file and line:\n{run.stderr}"
    unused = list(errors)
    missing = []
    for exp in expected:
        hit = next((e for e in unused if exp.matches(e)), None)
        if hit is None:
            missing.append(str(exp))
        else:
            unused.remove(hit)
    shown = "\n".join(f"{e['file']}:{e['line']}:{e['col']}: {e['message']}" for e in errors)
    assert not missing, f"expected errors not reported: {missing}\nreported:\n{shown}"
    assert not unused, f"unexpected extra errors: {unused}\nreported:\n{shown}"


def assert_no_output(out_dir: Path) -> None:
    left = sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*")) if out_dir.exists() else []
    assert left == [], f"a failed build left files behind: {left}"


@pytest.fixture(autouse=True)
def _crash_reports_in_tmp(tmp_path, monkeypatch):
    """Internal-error reports (tempfile.mkstemp) go to this test's folder, not /tmp."""
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))


# --------------------------------------------------------------------------- the folder cases

@pytest.mark.parametrize("case_dir", cases())
def test_broken_guide(case_dir: Path, tmp_path: Path) -> None:
    case = parse_expect((case_dir / "expect.txt").read_text(encoding="utf-8"), case_dir.name)
    materialize(case_dir, case, tmp_path)
    before = {p: p.read_bytes() for p in (tmp_path / GUIDE).rglob("*") if p.is_file() and not p.is_symlink()}

    started = time.monotonic()
    run = G.run_cli(["pdf", GUIDE, "-o", "out/g.pdf"], tmp_path)
    assert time.monotonic() - started < G.HANG_SECONDS, "a broken guide hung"
    assert_errors(run, case.expected)
    assert_no_output(tmp_path / "out")

    check = G.run_cli(["check", GUIDE], tmp_path)
    assert_errors(check, case.expected)
    after = {p: p.read_bytes() for p in (tmp_path / GUIDE).rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before, "guidebuilder changed files in the guide folder"


def test_broken_failure_keeps_existing_pdf(tmp_path: Path) -> None:
    """A failing build leaves a PDF already at the output path exactly as it was."""
    case_dir = BROKEN / "many-errors"
    case = parse_expect((case_dir / "expect.txt").read_text(encoding="utf-8"), case_dir.name)
    materialize(case_dir, case, tmp_path)
    out = tmp_path / "out" / "g.pdf"
    out.parent.mkdir()
    yesterday = G.old_pdf()
    out.write_bytes(yesterday)
    run = G.run_cli(["pdf", GUIDE, "-o", "out/g.pdf"], tmp_path)
    assert_errors(run, case.expected)
    assert out.read_bytes() == yesterday
    assert sorted(p.name for p in out.parent.iterdir()) == ["g.pdf"]


def test_broken_several_guides_all_reported(tmp_path: Path) -> None:
    """Two broken guides in one run: both guides' errors, exit 1, neither PDF written."""
    for name in ("bad-color", "unknown-ref-theme"):
        case = parse_expect((BROKEN / name / "expect.txt").read_text(encoding="utf-8"), name)
        sub = tmp_path / name
        sub.mkdir()
        materialize(BROKEN / name, case, sub).rename(sub / name)  # two folders named g would share out/g.pdf
    run = G.run_cli(["pdf", "bad-color/bad-color", "unknown-ref-theme/unknown-ref-theme", "-o", "out", "--jobs", "1"],
                    tmp_path)
    assert run.exit_code == 1, run.stderr
    files = {e["file"] for e in run.errors}
    assert files == {"bad-color/bad-color/guide.yaml", "unknown-ref-theme/unknown-ref-theme/guide.yaml"}, run.stderr
    assert_no_output(tmp_path / "out")


# --------------------------------------------------------------------------- generated cases

def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_in_a_value_fails_fast(tmp_path: Path) -> None:
    """10^9 'lol's by aliases under a known key: a clear, located error within seconds, in bounded memory."""
    bomb = billion_laughs()
    text = (
        "title: Frankenstein\nauthor: Mary Shelley\n"
        "background:\n  key_facts:\n" + "".join(f"    {line}\n" for line in bomb.splitlines())
        + "themes:\n  - id: ambition\n    name: Ambition\nchapters:\n  - title: Letter 1\n"
    )
    G.write_guide(tmp_path / GUIDE, text)
    run, peak_mb = G.run_measured(["pdf", GUIDE, "-o", "out/g.pdf"], tmp_path, timeout=G.HANG_SECONDS)
    assert not run.timed_out, "the alias bomb was expanded (the run hung)"
    assert peak_mb < 400, f"alias bomb used {peak_mb:.0f} MB"
    assert run.exit_code == 1, run.stderr
    assert not G.unlocated_lines(run.stderr), run.stderr
    errors = G.error_lines(run.stderr, "error")
    assert errors and all(e["file"] == "g/guide.yaml" for e in errors), run.stderr
    assert any("alias" in e["message"].lower() for e in errors), run.stderr
    assert all(1 <= e["line"] <= text.count("\n") for e in errors), run.stderr
    assert_no_output(tmp_path / "out")


def test_billion_laughs_at_top_level_fails_fast(tmp_path: Path) -> None:
    """The bomb under unknown top-level keys: still fails fast, with located errors only."""
    text = billion_laughs(levels=10) + "title: x\nauthor: y\nthemes: [{id: a, name: A}]\nchapters: [{title: c}]\n"
    G.write_guide(tmp_path / GUIDE, text)
    started = time.monotonic()
    run = G.run_cli(["check", GUIDE], tmp_path)
    assert time.monotonic() - started < G.HANG_SECONDS
    assert run.exit_code == 1, run.stderr
    assert run.errors and not G.unlocated_lines(run.stderr), run.stderr


def test_many_errors_are_all_reported(tmp_path: Path) -> None:
    """200 chapters each with a mistake: 200 located errors in one run, sorted by file and line."""
    files = {f"chapters/{i:03d}.yaml": f"title: Chapter {i}\nlength: {-i}\n" for i in range(1, 201)}
    G.write_guide(tmp_path / GUIDE, "title: t\nauthor: a\nthemes: [{id: a, name: A}]\n", files)
    run = G.run_cli(["check", GUIDE], tmp_path)
    assert run.exit_code == 1
    errs = run.errors
    assert len(errs) == 200, run.stderr[-2000:]
    assert [(e["file"], e["line"]) for e in errs] == [(f"g/chapters/{i:03d}.yaml", 2) for i in range(1, 201)]


def test_messages_do_not_echo_control_characters(tmp_path: Path) -> None:
    """User text quoted in a message shows control characters escaped, so each error stays one
    plain line and no terminal escape sequence from a guide reaches the user's terminal."""
    text = ('title: Frankenstein\nauthor: Mary Shelley\n"ti\\etle\\v": x\nthemes:\n  - id: a\n    name: A\n'
            '    color: "re\\ad\\e]0;pwned\\a"\nchapters:\n  - title: Letter 1\n')
    G.write_guide(tmp_path / GUIDE, text)
    run = G.run_cli(["check", GUIDE], tmp_path)
    assert run.exit_code == 1
    assert [(e["file"], e["line"]) for e in run.errors] == [("g/guide.yaml", 3), ("g/guide.yaml", 7)], run.stderr
    raw = sorted({hex(ord(c)) for c in run.stderr if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F
                  or c in "\u2028\u2029"})
    assert not raw, f"control characters in the messages: {raw}\n{run.stderr!r}"
    assert run.stderr.count("\n") == 2


def test_expect_format_parses() -> None:
    """The expect.txt reader itself (so a typo in a case file fails loudly, not vacuously)."""
    case = parse_expect("# c\n@symlink a {outside}/b\n@make x.png png:2x3\nguide.yaml:3:*: Not a Color\n")
    assert case.symlinks == [("a", "{outside}/b")] and case.makes == [("x.png", "png:2x3")]
    exp = case.expected[0]
    assert exp.matches({"file": "guide.yaml", "line": 3, "col": 12, "message": "themes[0].color: 'red' is not a color"})
    assert not exp.matches({"file": "guide.yaml", "line": 4, "col": 12, "message": "not a color"})
    for d in BROKEN.iterdir():
        if d.is_dir():
            assert (d / "expect.txt").is_file(), f"{d.name} has no expect.txt"


@pytest.mark.parametrize("chapters, where", [
    ("[" * 900 + "]" * 900, (4, 111)),          # past Python's recursion limit in our converter
    ("[" * 200_000 + "]" * 200_000, (4, 1011)),  # past libyaml's C stack (SIGSEGV, no message)
    ("\n" + "- " * 40_000 + "x", (5, 2001)),     # the same by block lists opened on one line
    ("\n" + "? " * 40_000 + "x", (5, 2001)),
], ids=["flow-900", "flow-200000", "block-lists-40000", "block-keys-40000"])
def test_deep_nesting_is_a_located_error_not_a_crash(tmp_path: Path, chapters: str, where: tuple[int, int]) -> None:
    text = ("title: Frankenstein\nauthor: Mary Shelley\nthemes: [{id: ambition, name: Ambition}]\n"
            "chapters: " + chapters + "\n")
    G.write_guide(tmp_path / GUIDE, text)
    run = G.run_subprocess(["check", GUIDE], tmp_path, timeout=G.HANG_SECONDS)
    assert run.exit_code == 1, (run.exit_code, run.stderr[-500:])
    errors = G.error_lines(run.stderr, "error")
    assert [(e["file"], e["line"], e["col"]) for e in errors] == [("g/guide.yaml", *where)], run.stderr
    assert "nested more than" in errors[0]["message"]
