"""build_pdf(): a validated guide -> a PDF file, as a pipeline of named steps.

select_sections()  which sections a build holds (the full guide, or a handout's selection)
build_pdf()        styles -> sections -> contents -> layout -> (imposition) -> atomic write
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from reportlab.platypus import CondPageBreak, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from . import markup, parallel
from .compose import Composer
from .flowables import Heading, heading_of, widen
from .model import Guide
from .options import Options
from .pages import GuideDoc, Metadata
from .documents import Plan, plan
from .outputs import OutputError
from .sections import contents, cover, summaries, tracker, worksheet
from .styles import Styles


def build_pdf(guide: Guide, out: Path, options: Options = Options()) -> int:
    """Lay out `guide` and write it to `out` atomically; returns the number of pages."""
    document = plan(guide, options)
    layout = parallel.mode(document, guide)  # one process or two (a long guide, two cores)
    try:
        data, pages = _render(guide, document, options, layout)
    except parallel.Fallback:  # the worker met what the split cannot carry: lay out in one process
        data, pages = _render(guide, document, options, "planned")
    if options.booklet:
        from .impose import impose_booklet

        data = impose_booklet(data)
        pages = -(-pages // 4) * 2  # sheet sides
    write_atomically(out, data)
    return pages


def _render(guide: Guide, document: Plan, options: Options, layout: str | None) -> tuple[bytes, int]:
    """Compose the document's story and lay it out: as always, or (a long full guide) with the
    fonts planned, in one process or split in two (parallel.py: the same bytes either way)."""
    styles = Styles(options, guide.language)
    composer = Composer(document.guide, styles, options)
    meta = _metadata(guide, options, document)
    modules = [m for m in document.sections if getattr(m, "present", None) is None or m.present(composer)]
    # the sections a worker takes (Summary & Analysis and maybe some after it), from the model alone
    run = parallel.worker_run([getattr(m, "KEY", None) for m in modules], guide) if layout is not None else ()
    if layout == "split":  # those sections composed and laid out by a worker, the others here meanwhile
        done = parallel.compose_apart(modules, run, lambda some: _sections(composer, document, some),
                                      lambda headings: _front(composer, headings), styles, meta, guide)
        if done is not None:
            return done
    story = _sections(composer, document, modules)
    if document.front_matter:
        story = _front(composer, [h for h in map(heading_of, story) if h is not None]) + story
    # ReportLab consumes `story` as it lays it out (each flowable is deleted from the list once it
    # is drawn), so nothing else may hold the flowables: a second reference (the body, the list of
    # headings) kept every drawn paragraph's line-breaking state alive, 140 MiB at 300 chapters,
    # and the garbage collector's time grew with it.
    if layout is not None:
        return parallel.layout(story, styles, meta, guide, document.front_matter, fork=layout == "split", run=run)
    return _layout(story, styles, meta, document.front_matter)


def _sections(c: Composer, document: Plan, modules: list) -> list:
    """The flowables of the sections `modules` (those present in the document), each after its break."""
    story: list = []
    for module in modules:
        if (story and not getattr(story[-1], "front", False)) or document.front_matter:
            story.append(PageBreak() if document.new_page_per_section else CondPageBreak(c.styles.size(150)))
        story += _on_grid(module, module.build(c), c.styles.geometry.rail)
    return story


def _front(c: Composer, headings: list) -> list:
    """The cover and the contents, which list `headings` (Headings, or anything with their toc,
    key, level and outline)."""
    toc = _on_grid(contents, contents.build(c, headings), c.styles.geometry.rail)
    return cover.build(c) + [PageBreak()] + toc


WIDE = (summaries, tracker, worksheet)  # sections set across the margin rail: side-by-side columns, grids


def _on_grid(module, flowables: list, rail: float) -> list:
    """A section's flowables on the page grid: wide sections span the rail, section titles hang in it."""
    if module in WIDE:
        return [widen(f, rail) for f in flowables]
    return [widen(f, rail) if isinstance(f, Heading) and f.level == 0 and f.section is not None else f
            for f in flowables]


def _metadata(guide: Guide, options: Options, document: Plan) -> Metadata:
    title = markup.plain(guide.title)
    author = markup.plain(guide.author)
    edition = " (Teacher Edition)" if options.teacher else ""
    if document.front_matter:
        header = f"{title} \u00b7 Study Guide"
    else:
        header = f"{title} by {author} \u00b7 {document.header_label or document.label}"
    return Metadata(
        title=f"{title}: {document.label}{edition}", author=author,
        subject=f"A study guide to {title} by {markup.plain(guide.author)}",
        keywords=", ".join(["study guide", title] + [markup.plain(t.name) for t in guide.themes]),
        creator="guidebuilder", language=guide.language,  # Creator names the program (PDF 32000 14.3.3)
        header=header, mark="TEACHER EDITION" if options.teacher else "", credits=markup.plain(guide.credits),
    )


def _layout(story: list, styles: Styles, meta: Metadata, with_cover: bool) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = GuideDoc(buffer, styles, meta, with_cover)
    try:
        doc.build(story)
    except LayoutError as exc:
        raise doc.failure(exc) from exc
    return buffer.getvalue(), doc.page


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(out: Path, data: bytes) -> None:
    """Write to a temporary file beside `out`, then rename it into place: never a partial PDF."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600; a PDF is shared like any file
        os.replace(tmp, out)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):  # a full disk, a folder made read-only meanwhile: one line, not a crash
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
        raise
