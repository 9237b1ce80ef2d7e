"""The command line: thin click commands that parse options, call the library, map errors to exits.

pdf     build guides (or handouts) to PDF        check   validate guides, write nothing
watch   build one guide, rebuild on every change icons   list the built-in icons (or draw a sheet)
new     start a guide folder                     schema  write JSON Schemas for editors
Exit status: 0 success, 1 content errors, 2 command-line errors, 3 an internal error (reported).
"""
from __future__ import annotations

import os
import shlex
import signal
import sys
import traceback
from pathlib import Path

import click

from .errors import ContentError, Problem, printable

EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3


def _guide_dirs(dirs: tuple[str, ...]) -> list[Path]:
    if dirs:
        return [_guide_dir(d) for d in dirs]
    found = sorted(p.parent for p in Path("content").glob("*/guide.yaml"))
    if not found:
        raise click.UsageError("no GUIDE_DIR given and no guide folders (with a guide.yaml) under ./content")
    return found


def _guide_dir(given: str) -> Path:
    """A guide folder, or the folder of a guide.yaml given instead of it."""
    path = Path(given)
    if path.is_dir():
        return path
    if path.name.lower() == "guide.yaml":
        return path.parent
    raise click.BadParameter(f"{given} is a file; give a guide folder (or its guide.yaml)", param_hint="GUIDE_DIR")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fail(message: str, status: int = 2) -> None:
    click.echo(printable(f"guidebuilder: error: {message}"), err=True)
    sys.exit(status)


def _report(problems: list[Problem]) -> None:
    for p in problems:
        click.echo(str(p), err=True)


def _internal_error(exc: BaseException) -> None:
    """One line for the user, the full traceback in a report file."""
    import tempfile

    fd, path = tempfile.mkstemp(prefix="guidebuilder-crash-", suffix=".txt")
    with os.fdopen(fd, "w") as fh:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=fh)
    click.echo(printable(f"guidebuilder: internal error: {type(exc).__name__}: {exc}; full report in {path}"), err=True)


class _Group(click.Group):
    """Turns anything unexpected into one clear line and a report file, never a raw traceback."""

    def invoke(self, ctx):
        from .batch import Terminated, stop_cleanly_on_sigterm

        previous = stop_cleanly_on_sigterm()
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("guidebuilder: interrupted; no PDF was changed", err=True)
            sys.exit(130)
        except Terminated:
            click.echo("guidebuilder: terminated; no PDF was changed", err=True)
            sys.exit(128 + signal.SIGTERM)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            _internal_error(exc)
            sys.exit(EXIT_INTERNAL)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="guidebuilder")
def main() -> None:
    """Printable literature study guides from structured YAML content."""


GUIDES = click.Path(exists=True)  # a guide folder, or its guide.yaml


@main.command(short_help="Validate guides without writing anything.")
@click.argument("guide_dirs", nargs=-1, type=GUIDES)
def check(guide_dirs: tuple[str, ...]) -> None:
    """Validate guides without writing anything (every guide under ./content when no GUIDE_DIR is
    given). A GUIDE_DIR may also be given as the path of its guide.yaml."""
    from .load import load_guide
    from .guide_warnings import notes_for, warnings_for
    from .model import unit_label

    failed = False
    for folder in _guide_dirs(guide_dirs):
        try:
            guide = load_guide(folder)
        except ContentError as exc:
            _report(exc.problems)
            failed = True
            continue
        _report(warnings_for(guide) + notes_for(guide))
        n = len(guide.chapters)
        click.echo(printable(f"{folder}: ok ({n} {unit_label(guide, n).lower()}, {_plural(len(guide.themes), 'theme')}, "
                   f"{_plural(sum(len(c.quotes) for c in guide.chapters), 'quote')})"))
    sys.exit(EXIT_CONTENT if failed else 0)


def build_options(f):
    """The options of `pdf` that change the PDF; `watch` takes the same."""
    for option in reversed([
        click.option("-o", "--output", type=click.Path(), help="PDF file (one guide) or folder (several "
                     "guides, an existing folder, or a path ending in /)."),
        click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False), default="letter",
                     show_default=True),
        click.option("--edition", type=click.Choice(["student", "teacher"], case_sensitive=False), default="student",
                     show_default=True),
        click.option("--grayscale", is_flag=True, help="Black-and-white-safe: no color anywhere."),
        click.option("--theme", "theme_id", metavar="ID", help="A one-theme handout."),
        click.option("--chapters", "chapter_range", metavar="RANGE",
                     help="A handout for a span of chapters: 3-5, ch3..ch5, 4."),
        click.option("--booklet", is_flag=True, help="Impose 2-up on landscape sheets for a folded booklet."),
        click.option("--large-print", is_flag=True, help="18 pt body text, single column."),
        click.option("--open", "open_pdf", is_flag=True, help="Open the PDF in the system's viewer when it is built."),
    ]):
        f = option(f)
    return f


def _plan(guide_dirs, output, paper, edition, grayscale, theme_id, chapter_range, booklet, large_print):
    """The jobs of a run, after every check that needs no build: exit 2 on a bad command line or output."""
    from .batch import Job
    from .options import Edition, Paper
    from .outputs import OutputError, output_paths, pdf_name_warning, refuse_to_overwrite

    if theme_id is not None and chapter_range is not None:
        raise click.UsageError("--theme and --chapters make different handouts; give one of them")
    for option, value in (("--theme", theme_id), ("--chapters", chapter_range)):
        if value is not None and not value.strip():
            raise click.UsageError(f"{option} needs a value; see guidebuilder pdf --help")
    folders = _guide_dirs(guide_dirs)
    options = dict(paper=Paper(paper.lower()), edition=Edition(edition.lower()), grayscale=grayscale, theme=theme_id,
                   booklet=booklet, large_print=large_print)
    try:
        paths = output_paths(folders, output, options, chapter_range)
        for path in paths:
            refuse_to_overwrite(path, folders)
    except OutputError as exc:
        _fail(str(exc))
    warning = pdf_name_warning(paths[0]) if len(paths) == 1 else None  # several: the names are ours
    if warning:
        click.echo(printable(f"guidebuilder: warning: {warning}"), err=True)
    return [Job(folder, path, options, chapter_range) for folder, path in zip(folders, paths)]


def _show(path: Path) -> None:
    from .viewer import open_pdf

    problem = open_pdf(path)
    if problem:
        click.echo(printable(f"guidebuilder: {problem}"), err=True)


@main.command(short_help="Build study-guide PDFs.")
@click.argument("guide_dirs", nargs=-1, type=GUIDES)
@build_options
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Guides built at once (default: all cores).")
def pdf(guide_dirs, output, paper, edition, grayscale, theme_id, chapter_range, booklet, large_print, open_pdf,
        jobs) -> None:
    """Build study-guide PDFs (every guide under ./content when no GUIDE_DIR is given).

    Never writes over a file that is not a PDF made by guidebuilder."""
    from .batch import run_jobs

    jobs_list = _plan(guide_dirs, output, paper, edition, grayscale, theme_id, chapter_range, booklet, large_print)
    built: list[Path] = []
    status = run_jobs(jobs_list, jobs or os.cpu_count() or 1, built)
    if open_pdf:
        for path in built:
            _show(path)
    sys.exit(status)


@main.command(short_help="Build a guide, then rebuild it whenever its files change.")
@click.argument("guide_dir", type=GUIDES)
@build_options
@click.option("--max-builds", type=click.IntRange(min=1), default=None, hidden=True)  # for tests
@click.option("--interval", type=click.FloatRange(min=0.01), default=None, hidden=True)  # for tests
def watch(guide_dir, output, paper, edition, grayscale, theme_id, chapter_range, booklet, large_print, open_pdf,
          max_builds, interval) -> None:
    """Build a guide, then build it again within about a second of any change to a file in its folder
    (YAML, icons, images). A change that breaks the guide prints its errors and keeps the last good
    PDF. Ctrl-C stops watching."""
    from .watch import INTERVAL, watch as watch_loop

    (job,) = _plan((guide_dir,), output, paper, edition, grayscale, theme_id, chapter_range, booklet, large_print)
    opened: list[Path] = []

    def built(path: Path) -> None:
        if open_pdf and not opened:  # once: the viewer reloads the file itself
            opened.append(path)
            _show(path)

    def say(line: str, to_stderr: bool) -> None:
        click.echo(line, err=to_stderr)

    try:
        status = watch_loop(job, say, interval=interval or INTERVAL, max_builds=max_builds, on_built=built)
    except KeyboardInterrupt:
        click.echo("guidebuilder: stopped watching", err=True)
        sys.exit(0)
    sys.exit(status)


@main.command()
@click.option("--sheet", type=click.Path(dir_okay=False), help="Also draw every icon onto a PDF sheet.")
def icons(sheet: str | None) -> None:
    """List the built-in theme icons."""
    from .icons import builtin_names

    names = builtin_names()
    for name in names:
        click.echo(name)
    if sheet:
        from .outputs import OutputError, refuse_to_overwrite
        from .sheet import icon_sheet

        try:
            refuse_to_overwrite(Path(sheet))
            icon_sheet(Path(sheet), names)
        except OutputError as exc:
            _fail(str(exc))
        click.echo(f"wrote {sheet}", err=True)


@main.command()
@click.argument("guide_dir", type=click.Path(file_okay=False))
@click.option("--title", required=True, help="Title of the work.")
@click.option("--author", required=True, help="Author of the work.")
def new(guide_dir: str, title: str, author: str) -> None:
    """Start a guide folder to fill in.

    Writes GUIDE_DIR/guide.yaml, every optional key shown commented out, and the editor schemas
    into GUIDE_DIR/.schema/."""
    from .scaffold import scaffold

    folder = Path(guide_dir)
    if (folder / "guide.yaml").exists():
        click.echo(f"{folder / 'guide.yaml'}:1:1: error: a guide already exists here; not overwriting it", err=True)
        sys.exit(EXIT_CONTENT)
    scaffold(folder, title, author)
    click.echo(f"created {folder / 'guide.yaml'}; check it with: guidebuilder check {shlex.quote(str(folder))}")


@main.command()
@click.argument("out_dir", metavar="DIR", type=click.Path(file_okay=False))
def schema(out_dir: str) -> None:
    """Write JSON Schemas for editors into DIR.

    guide.schema.json, guide-split.schema.json, chapter.schema.json and KEY.schema.json for each
    top-level key; docs/content-format.md says how to point an editor at them."""
    from .schema import write_schemas

    try:
        written = write_schemas(Path(out_dir))
    except OSError as exc:
        click.echo(printable(f"guidebuilder: cannot write schemas to {out_dir}: {exc.strerror or exc}"), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(printable(f"wrote {len(written)} schemas to {out_dir}"))


def run() -> None:
    """The `guidebuilder` command: main(), then leave without tearing the interpreter down.

    When a command is done, Python would free every object it made and unload every module one by
    one: 0.08 s after a 12-chapter guide and 0.12 s after 61 chapters, a tenth of the build, for
    memory the operating system takes back at once. Everything a command writes is closed and
    flushed before it returns (PDFs are written and renamed by outputs.write_atomically; batch
    pools are shut down in their `with`), so only the standard streams are left to flush. A code
    that is not a number, or a stream that cannot be flushed (a closed pipe), leaves the usual
    way, which reports it as Python does."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    if not isinstance(code, int):
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - Python reports it, as after any program
        raise SystemExit(code)
    os._exit(code)


if __name__ == "__main__":  # python -m guidebuilder.cli
    run()
