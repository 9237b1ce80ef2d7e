"""The command line: thin click commands that parse options, call the library, map errors to exits.

pdf     build guides (or handouts) to PDF        check   validate guides, write nothing
icons   list the built-in icons (or draw a sheet) new     start a guide folder
Exit status: 0 success, 1 content errors, 2 command-line errors, 3 an internal error (reported).
"""
from __future__ import annotations

import os
import signal
import sys
import traceback
from pathlib import Path

import click

from .errors import ContentError, Problem, printable

EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3


def _guide_dirs(dirs: tuple[str, ...]) -> list[Path]:
    if dirs:
        return [Path(d) for d in dirs]
    found = sorted(p.parent for p in Path("content").glob("*/guide.yaml"))
    if not found:
        raise click.UsageError("no GUIDE_DIR given and no guide folders (with a guide.yaml) under ./content")
    return found


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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="guidebuilder")
def main() -> None:
    """Printable literature study guides from structured YAML content."""


@main.command()
@click.argument("guide_dirs", nargs=-1, type=click.Path(exists=True, file_okay=False))
def check(guide_dirs: tuple[str, ...]) -> None:
    """Validate guides without writing anything."""
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
        click.echo(printable(f"{folder}: ok ({n} {unit_label(guide, n).lower()}, {len(guide.themes)} themes, "
                   f"{sum(len(c.quotes) for c in guide.chapters)} quotes)"))
    sys.exit(EXIT_CONTENT if failed else 0)


@main.command()
@click.argument("guide_dirs", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=True), help="PDF file (one guide) or folder (several).")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter", show_default=True)
@click.option("--edition", type=click.Choice(["student", "teacher"]), default="student", show_default=True)
@click.option("--grayscale", is_flag=True, help="Black-and-white-safe: no color anywhere.")
@click.option("--theme", "theme_id", metavar="ID", help="A one-theme handout.")
@click.option("--chapters", "chapter_range", metavar="RANGE", help="A handout for a span of chapters: 3-5, ch3..ch5, 4.")
@click.option("--booklet", is_flag=True, help="Impose 2-up on landscape sheets for a folded booklet.")
@click.option("--large-print", is_flag=True, help="18 pt body text, single column.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Guides built at once (default: all cores).")
def pdf(guide_dirs, output, paper, edition, grayscale, theme_id, chapter_range, booklet, large_print, jobs) -> None:
    """Build study-guide PDFs (every guide under ./content when no GUIDE_DIR is given)."""
    from .batch import Job, run_jobs
    from .options import Edition, Paper

    if theme_id is not None and chapter_range is not None:
        raise click.UsageError("--theme and --chapters make different handouts; give one of them")
    for option, value in (("--theme", theme_id), ("--chapters", chapter_range)):
        if value is not None and not value.strip():
            raise click.UsageError(f"{option} needs a value; see guidebuilder pdf --help")
    folders = _guide_dirs(guide_dirs)
    if output and len(folders) > 1 and Path(output).suffix.lower() == ".pdf":
        raise click.UsageError("with several guides, -o names a folder, not a .pdf file")
    options = dict(paper=Paper(paper), edition=Edition(edition), grayscale=grayscale, theme=theme_id,
                   booklet=booklet, large_print=large_print)
    jobs_list = [Job(folder, _out_path(folder, output, len(folders), options, chapter_range), options, chapter_range)
                 for folder in folders]
    sys.exit(run_jobs(jobs_list, jobs or os.cpu_count() or 1))


def _out_path(folder: Path, output: str | None, count: int, options: dict, chapter_range: str | None) -> Path:
    name = Path(folder).resolve().name
    suffix = ""
    if options["theme"]:
        suffix += f"-theme-{options['theme']}"
    if chapter_range:
        suffix += "-chapters-" + "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in chapter_range)
    if options["edition"].value == "teacher":
        suffix += "-teacher"
    if options["grayscale"]:
        suffix += "-gray"
    if options["booklet"]:
        suffix += "-booklet"
    if options["large_print"]:
        suffix += "-large"
    if output and count == 1 and not Path(output).is_dir():
        return Path(output)
    return Path(output or "output") / f"{name}{suffix}.pdf"


@main.command()
@click.option("--sheet", type=click.Path(dir_okay=False), help="Also draw every icon onto a PDF sheet.")
def icons(sheet: str | None) -> None:
    """List the built-in theme icons."""
    from .icons import builtin_names

    names = builtin_names()
    for name in names:
        click.echo(name)
    if sheet:
        from .sheet import icon_sheet

        icon_sheet(Path(sheet), names)
        click.echo(f"wrote {sheet}", err=True)


@main.command()
@click.argument("guide_dir", type=click.Path(file_okay=False))
@click.option("--title", required=True, help="Title of the work.")
@click.option("--author", required=True, help="Author of the work.")
def new(guide_dir: str, title: str, author: str) -> None:
    """Start a new guide folder with a guide.yaml to fill in."""
    from .scaffold import scaffold

    folder = Path(guide_dir)
    if (folder / "guide.yaml").exists():
        click.echo(f"{folder / 'guide.yaml'}:1:1: error: a guide already exists here; not overwriting it", err=True)
        sys.exit(EXIT_CONTENT)
    scaffold(folder, title, author)
    click.echo(f"created {folder / 'guide.yaml'}; check it with: guidebuilder check {folder}")
if __name__ == "__main__":  # python -m guidebuilder.cli
    main()
