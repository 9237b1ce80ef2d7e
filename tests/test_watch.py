"""`guidebuilder watch` and `--open`: rebuild on change, survive a broken state, stop cleanly.

The loop is driven two ways: in process, with the sleep between looks replaced by a script that
edits the guide after each build (deterministic: each step waits for the build before it), and
as a real child process that is edited on disk and stopped with Ctrl-C (SIGINT).
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import TINY
from guidebuilder.batch import Job
from guidebuilder.options import Options
from guidebuilder.watch import snapshot, watch
from hostile import guides as G

WAIT = 120  # seconds a step may take on a loaded machine before the test gives up


def _title(pdf: Path) -> str:
    return PdfReader(pdf).metadata.title


def test_watch_rebuilds_keeps_the_last_good_pdf_while_broken_and_recovers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(TINY, tmp_path / "g")
    guide = tmp_path / "g" / "guide.yaml"
    original = guide.read_text(encoding="utf-8")
    out = tmp_path / "g" / "g.pdf"  # inside the watched folder: its own writes must not trigger builds
    job = Job(Path("g"), Path("g/g.pdf"), {k: getattr(Options(), k) for k in ("paper", "edition", "grayscale", "theme",
                                                                  "booklet", "large_print")})
    lines: list[tuple[str, bool]] = []
    seen: dict[str, bytes] = {}

    def say(line, to_stderr):
        lines.append((line, to_stderr))

    def built_count():
        return sum(1 for line, err in lines if not err and line.startswith("g/g.pdf ("))

    # each step runs once, in the first pause after the build before it
    steps = [
        lambda: guide.write_text(original.replace("title: The Lantern Keeper", "title: The Lamp Keeper"), "utf-8"),
        lambda: (seen.__setitem__("good", out.read_bytes()), guide.write_text(original + "themes: [oops\n", "utf-8")),
        lambda: (seen.__setitem__("kept", out.read_bytes()), guide.write_text(original, "utf-8")),  # fixed
    ]
    pauses = []

    def sleep(seconds):
        pauses.append(seconds)
        done = sum(1 for line, err in lines if "watching g for changes" in line)
        if done and done - 1 < len(steps) and len(pauses) == done * 10:  # a few idle looks first
            steps[done - 1]()
        assert len(pauses) < 200, lines

    status = watch(job, say, sleep=sleep, max_builds=4)

    assert status == 0, lines
    errors = [line for line, err in lines if err and ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("g/guide.yaml:"), lines
    assert "invalid YAML" in errors[0]
    assert ("guidebuilder: the last good PDF is kept: g/g.pdf", True) in lines
    assert built_count() == 3, lines  # first build, the edit, the fix: the broken state wrote nothing
    assert [line for line, err in lines if line.startswith("change in")] == ["change in g/guide.yaml; rebuilding"] * 3
    assert seen["kept"] == seen["good"] and _title_of(seen["kept"]).startswith("The Lamp Keeper")  # kept while broken
    assert _title(out).startswith("The Lantern Keeper")  # rebuilt from the fixed guide


def _title_of(data: bytes) -> str:
    import io

    return PdfReader(io.BytesIO(data)).metadata.title


def test_snapshot_sees_yaml_icons_and_images_but_not_scratch_files(tmp_path):
    (tmp_path / "icons").mkdir()
    (tmp_path / "guide.yaml").write_text("a\n")
    (tmp_path / "icons" / "owl.svg").write_text("<svg/>")
    (tmp_path / ".guide.yaml.swp").write_text("x")
    (tmp_path / "guide.yaml~").write_text("x")
    (tmp_path / "out.pdf").write_text("x")
    if hasattr(os, "symlink"):
        (tmp_path / "icons" / "loop").symlink_to(tmp_path, target_is_directory=True)  # must not be walked forever
    assert sorted(snapshot(tmp_path, tmp_path / "out.pdf")) == ["guide.yaml", os.path.join("icons", "owl.svg")]


def _reader(stream, q):
    for line in iter(stream.readline, ""):
        q.put(line.rstrip("\n"))
    q.put(None)


def _wait_for(q, lines, predicate, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = q.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            break
        lines.append(line)
        if predicate(line):
            return
    pytest.fail(f"watch did not {what} within {WAIT} s; it printed:\n" + "\n".join(lines))


def _ctrl_c_stops() -> None:
    """In the child: Ctrl-C's default action, even when the tests run in the background of a shell
    without job control (which starts them with SIGINT ignored, and children inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGINT to a child process")
def test_watch_in_a_child_process_rebuilds_on_save_and_stops_on_ctrl_c(tmp_path):
    shutil.copytree(TINY, tmp_path / "g")
    proc = subprocess.Popen([*G.subprocess_cmd(), "watch", "g", "-o", "out/g.pdf", "--interval", "0.1"],
                            cwd=tmp_path, env=G.subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True, preexec_fn=_ctrl_c_stops)
    q: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, q), daemon=True).start()
    lines: list[str] = []
    try:
        _wait_for(q, lines, lambda l: "watching g for changes" in l, "build and start watching")
        first = (tmp_path / "out" / "g.pdf").read_bytes()
        guide = tmp_path / "g" / "guide.yaml"
        guide.write_text(guide.read_text(encoding="utf-8").replace("The Lantern Keeper", "The Lamp Keeper"), "utf-8")
        _wait_for(q, lines, lambda l: l.startswith("out/g.pdf ("), "rebuild after a change")
        assert (tmp_path / "out" / "g.pdf").read_bytes() != first
        assert _title(tmp_path / "out" / "g.pdf").startswith("The Lamp Keeper")
        _wait_for(q, lines, lambda l: "watching g for changes" in l, "go back to watching")
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=WAIT)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    while True:  # the reader thread ends at end of output, which follows the process's exit
        item = q.get(timeout=WAIT)
        if item is None:
            break
        lines.append(item)
    proc.stdout.close()
    text = "\n".join(lines)
    assert proc.returncode == 0, text
    assert "Traceback" not in text and "guidebuilder: stopped watching" in text, text


# -- --open -----------------------------------------------------------------------------------

def _fake_viewer(folder: Path, log: Path) -> str:
    """A PATH holding only a fake xdg-open/open that records what it was asked to open."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    for name in ("xdg-open", "open"):
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\necho \"$1\" >> '{log}'\n")
        script.chmod(0o755)
    return str(bin_dir)


@pytest.mark.skipif(sys.platform.startswith("win"), reason="os.startfile is Windows' viewer")
def test_pdf_open_starts_the_system_viewer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "opened.txt"
    monkeypatch.setenv("PATH", _fake_viewer(tmp_path, log))
    run = G.run_cli(["pdf", str(TINY), "-o", "t.pdf", "--open"], tmp_path)
    assert run.exit_code == 0, run.stderr
    deadline = time.monotonic() + WAIT
    while not (log.exists() and log.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert log.read_text().splitlines() == ["t.pdf"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="other systems always have a viewer")
def test_pdf_open_without_a_viewer_says_so_and_still_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    run = G.run_cli(["pdf", str(TINY), "-o", "t.pdf", "--open"], tmp_path)
    assert run.exit_code == 0, run.stderr
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF-")
    assert run.stderr == "guidebuilder: no PDF viewer to open it with (xdg-open is not installed); the PDF is at t.pdf\n"


def test_watch_of_a_broken_guide_prints_located_errors_and_writes_nothing(tmp_path):
    G.write_guide(tmp_path / "g", "title: T\nauthor: A\nthemes: [{id: a, name: A}]\nchapters:\n  - title: Part 1: One\n")
    run = G.run_subprocess(["watch", "g", "-o", "out/g.pdf", "--max-builds", "1"], tmp_path, timeout=WAIT)
    assert run.exit_code == 1, run.stderr
    errors = G.error_lines(run.stderr, "error")
    assert [(e["file"], e["line"]) for e in errors] == [("g/guide.yaml", 5)], run.stderr
    assert "put the whole value in double quotes" in errors[0]["message"]
    assert "watching g for changes" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
