"""No PDF is lost: a build interrupted by Ctrl-C (SIGINT) or kill (SIGTERM, SIGKILL) leaves the PDF
already at the output path exactly as it was, and no partial file beside it.

The build runs in a child process started from the source tree. A small wrapper around the CLI
marks when layout starts (and, for the write tests, makes os.fsync slow and marks when the write
begins), so the signal lands inside the step under test rather than at a guessed moment.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile import guides as G  # pytest puts tests/ (no __init__.py) on sys.path



OLD_PDF = G.old_pdf()  # the guide as it was printed yesterday, by guidebuilder (so a build may replace it)

# The CLI, with markers: GB_MARKS/layout when layout starts, GB_MARKS/writing when the PDF's bytes
# are being made durable (os.fsync, slowed down by GB_SLOW_FSYNC seconds).
WRAPPER = r"""
import os, sys, time
from pathlib import Path
marks = Path(os.environ["GB_MARKS"])
try:
    from reportlab.platypus import BaseDocTemplate
    _build = BaseDocTemplate.build
    def build(self, *args, **kwargs):
        (marks / "layout").touch()
        return _build(self, *args, **kwargs)
    BaseDocTemplate.build = build
except Exception:
    pass
if os.environ.get("GB_SLOW_FSYNC"):
    _fsync = os.fsync
    def fsync(fd):
        (marks / "writing").touch()
        time.sleep(float(os.environ["GB_SLOW_FSYNC"]))
        return _fsync(fd)
    os.fsync = fsync
from guidebuilder.cli import main
sys.argv[0] = "guidebuilder"
main()
"""


def big_guide(folder: Path, chapters: int = 250, seed: int = 3) -> None:
    """A valid guide whose layout takes about a second or more (hundreds of pages)."""
    rng = random.Random(seed)
    vocab = "the quick brown fox jumps over a lazy dog while victor writes long letters to elizabeth".split()
    words = lambda n: " ".join(rng.choice(vocab) for _ in range(n))
    guide = G.minimal()
    guide["chapters"] = [
        {"title": f"Chapter {i}", "summary": [{"text": words(250), "analysis": words(250), "themes": ["ambition"]}],
         "quotes": [{"text": words(30), "themes": ["isolation"]}]}
        for i in range(1, chapters + 1)]
    G.write_guide(folder, guide)


def start(args: list[str], cwd: Path, marks: Path, slow_fsync: float | None = None) -> subprocess.Popen:
    marks.mkdir(exist_ok=True)
    env = G.subprocess_env()
    env["GB_MARKS"] = str(marks)
    if slow_fsync:
        env["GB_SLOW_FSYNC"] = str(slow_fsync)
    return subprocess.Popen([sys.executable, "-c", WRAPPER, *map(str, args)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for(proc: subprocess.Popen, marker: Path, timeout: float = 30) -> bool:
    """True once `marker` exists; False if the process ended first (or the time ran out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists():
            return True
        if proc.poll() is not None:
            return marker.exists()
        time.sleep(0.02)
    return False


def finish(proc: subprocess.Popen, timeout: float = G.HANG_SECONDS) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"the build did not stop within {timeout} s of the signal\nstderr:\n{err[-2000:]}")
    return proc.returncode, out, err


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def setup_build(tmp_path: Path, chapters: int = 250) -> Path:
    big_guide(tmp_path / "g", chapters)
    out = tmp_path / "out" / "g.pdf"
    out.parent.mkdir()
    out.write_bytes(OLD_PDF)
    return out


SIGNALS = {"ctrl-c": signal.SIGINT, "kill": signal.SIGTERM, "kill-9": signal.SIGKILL}


@pytest.mark.parametrize("how", sorted(SIGNALS))
def test_interrupt_during_layout_keeps_old_pdf(tmp_path: Path, how: str) -> None:
    out = setup_build(tmp_path)
    proc = start(["pdf", "g", "-o", out], tmp_path, tmp_path / "marks")
    if not wait_for(proc, tmp_path / "marks" / "layout"):
        code, _, err = finish(proc)
        pytest.fail(f"the build ended (exit {code}) before layout began:\n{err[-2000:]}")
    time.sleep(0.3)
    if proc.poll() is not None:
        pytest.skip("the build finished before the signal could be sent; make big_guide() bigger")
    os.killpg(proc.pid, SIGNALS[how])
    code, _, err = finish(proc)
    assert code != 0, "an interrupted build reported success"
    assert out.read_bytes() == OLD_PDF, "the PDF at the output path was changed by an interrupted build"
    if how == "kill-9":
        assert all(name.startswith(".") for name in leftovers(out.parent, {"g.pdf"})), leftovers(out.parent, {"g.pdf"})
    else:
        assert leftovers(out.parent, {"g.pdf"}) == [], "an interrupted build left files behind"
        assert "Traceback" not in err, err[-2000:]


@pytest.mark.parametrize("how", sorted(SIGNALS))
def test_interrupt_while_writing_keeps_old_pdf(tmp_path: Path, how: str) -> None:
    """The signal arrives while the new PDF's bytes are being written (os.fsync made slow)."""
    out = setup_build(tmp_path, chapters=3)
    proc = start(["pdf", "g", "-o", out], tmp_path, tmp_path / "marks", slow_fsync=5)
    if not wait_for(proc, tmp_path / "marks" / "writing"):
        code, _, err = finish(proc)
        assert code == 0, err
        pytest.skip("the build does not call os.fsync, so the test cannot pause inside the write")
    os.killpg(proc.pid, SIGNALS[how])
    code, _, err = finish(proc)
    assert code != 0, "an interrupted build reported success"
    assert out.read_bytes() == OLD_PDF, "the PDF at the output path was changed by an interrupted build"
    if how == "kill-9":  # nothing can clean up after SIGKILL; the old PDF must still be whole
        assert all(name.startswith(".") for name in leftovers(out.parent, {"g.pdf"})), leftovers(out.parent, {"g.pdf"})
    else:
        assert leftovers(out.parent, {"g.pdf"}) == [], \
            f"an interrupted write left a partial file: {leftovers(out.parent, {'g.pdf'})}"
        assert "Traceback" not in err, err[-2000:]


def test_ctrl_c_stops_parallel_builds(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the process group) during a parallel build of two guides: stops promptly,
    both old PDFs intact, nothing left behind."""
    big_guide(tmp_path / "g1", 250, seed=1)
    big_guide(tmp_path / "g2", 250, seed=2)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for name in ("g1", "g2"):
        (out_dir / f"{name}.pdf").write_bytes(OLD_PDF)
    proc = start(["pdf", "g1", "g2", "-o", out_dir, "--jobs", "2"], tmp_path, tmp_path / "marks")
    if not wait_for(proc, tmp_path / "marks" / "layout"):
        code, _, err = finish(proc)
        pytest.fail(f"the build ended (exit {code}) before layout began:\n{err[-2000:]}")
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    code, _, err = finish(proc)
    assert code != 0
    assert (out_dir / "g1.pdf").read_bytes() == OLD_PDF and (out_dir / "g2.pdf").read_bytes() == OLD_PDF
    assert leftovers(out_dir, {"g1.pdf", "g2.pdf"}) == []
    assert "Traceback" not in err, err[-3000:]


def test_build_after_an_interrupt_replaces_the_pdf(tmp_path: Path) -> None:
    """After an interrupted build, the next one completes and replaces the old PDF."""
    out = setup_build(tmp_path, chapters=3)
    proc = start(["pdf", "g", "-o", out], tmp_path, tmp_path / "marks")
    if wait_for(proc, tmp_path / "marks" / "layout") and proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
    finish(proc)
    run = G.run_subprocess(["pdf", "g", "-o", out], tmp_path, timeout=G.HANG_SECONDS)
    assert run.exit_code == 0, run.stderr
    assert out.read_bytes() != OLD_PDF and out.read_bytes().startswith(b"%PDF-")
    assert leftovers(out.parent, {"g.pdf"}) == []
