"""Building one or many guides: each a job, several in parallel, one line (or a progress bar) each.

Job          one guide folder to one PDF with options
build_one()  load, select, lay out, write; returns the lines to print and an exit status
run_jobs()   all jobs, in worker processes when there are several
"""
from __future__ import annotations

import gc
import signal
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from .errors import ContentError, LayoutFailure, printable
from .outputs import OutputError
from .records import dataclass


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C so a half-written PDF is removed on the way out."""


def _terminate(signum, frame):
    raise Terminated


def stop_cleanly_on_sigterm():
    """Install the handler; returns the one it replaced (None off the main thread, where none can be set)."""
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except ValueError:
        return None


# A build allocates millions of short-lived objects (frags, words, lines) and few that form cycles:
# with Python's default first threshold (700) the collector ran 256 times on 61 chapters and 714
# times on 300, 5-8% of the build. Every 10,000 allocations it costs half as much, for about a MiB more
# at peak; with no collection at all the 300-chapter peak grew from 110 to 133 MiB (cycles do occur).
GC_THRESHOLDS = (10_000, 10, 10)


@contextmanager
def fewer_collections():
    """Run the garbage collector less often while a guide is built (GC_THRESHOLDS)."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@dataclass(frozen=True)
class Job:
    folder: Path
    out: Path
    options: dict
    chapter_range: str | None = None


def build_one(job: Job) -> tuple[int, list[str], list[str]]:
    """(exit status, stdout lines, stderr lines) for one job; never raises for content errors."""
    from .load import load_guide
    from .options import Options
    from .render import build_pdf
    from .guide_warnings import warnings_for
    from .selection import SelectionError, resolve_chapters, resolve_theme

    try:
        with fewer_collections():  # reading the guide too: what it allocates is nearly all kept
            guide = load_guide(job.folder)
            options = Options(**job.options)
            if options.theme:
                resolve_theme(guide, options.theme)
            if job.chapter_range:
                options = replace(options, chapters=resolve_chapters(guide, job.chapter_range))
            warnings = [str(w) for w in warnings_for(guide)]
            pages = build_pdf(guide, job.out, options)
    except ContentError as exc:
        return 1, [], [str(p) for p in exc.problems]
    except (SelectionError, LayoutFailure) as exc:
        return 1, [], [printable(f"{job.folder}: error: {exc}")]
    except OutputError as exc:
        return 2, [], [printable(f"guidebuilder: error: {exc}")]
    return 0, [f"{job.out} ({pages} {'page' if pages == 1 else 'pages'})"], warnings


def run_jobs(jobs: list[Job], workers: int, built: list | None = None) -> int:
    """Run every job; the status is the worst of theirs. `built` receives the paths written."""
    status = 0
    built = [] if built is None else built
    if len(jobs) == 1 or workers == 1:
        results = map(build_one, jobs)
        return _collect(results, jobs, built)
    from concurrent.futures import ProcessPoolExecutor  # 14 ms of imports (multiprocessing) a one-guide build never needs

    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=stop_cleanly_on_sigterm) as pool:
        status = _collect(pool.map(build_one, jobs), jobs, built)
    return status


def _collect(results, jobs: list[Job], built: list) -> int:
    status = 0
    total = len(jobs)
    tty = sys.stderr.isatty() and total > 1
    for done, (job, (code, out, err)) in enumerate(zip(jobs, results), 1):
        if code == 0:
            built.append(job.out)
        if tty:
            click.echo("\r\033[K", nl=False, err=True)
        for line in err:
            click.echo(line, err=True)
        for line in out:
            click.echo(line)
        if tty:
            bar = "#" * (20 * done // total)
            click.echo(f"[{bar:<20}] {done}/{total} guides", nl=done == total, err=True)
        status = max(status, code)
    return status
