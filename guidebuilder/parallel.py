"""Both cores for one guide: a run of sections composed and laid out in a forked worker, its
pages adopted.

A full guide starts every top-level section on a new page, and the page numbers that the contents
and cross-references print are forms filled in when their target is laid out. So the story can be
cut at section boundaries. The worker takes Summary & Analysis, the longest section of a long guide
(about half its layout on the generated novels), and, where that section is short beside those
after it (the sample's quotes and questions), as many of them as balance the two processes by an
estimate from the model (worker_run()): the parent forks before composing, and while the worker
composes its sections the parent composes the others (compose_apart()). The worker sends back
their headings, for the contents, and the faces its paragraphs use, and lays out at
once with the beginning of the font plan (below), which it can make alone; the parent makes the
whole plan and lays out the cover, the contents and the sections before the run on its own
document, then, once at the run, it records the sections after it (in-process) while the worker
finishes. (A guide without Summary & Analysis is composed whole and split() where its estimated
work halves, layout().)

A recorded part writes no PDF: each page is kept as its content stream operators, the forms it uses,
the bookmarks, outline entries, link annotations, forms and page-number targets it made (in order)
and the running header's state, beside its part of the structure tree; the worker sends its record
back pickled through a pipe, then the font subsets its fonts will embed (made and compressed while
the parent adopts; the font plan makes them the parent's). The parent then adopts the worker's pages
and its own recorded ones in the same document (never two PDFs merged: each font keeps one set of
subsets per document): a page is started, the operators put in, the events replayed with the page
number now known, the running header and footer drawn by the page template as on any page (only the
parent knows the absolute numbers), and the structure elements grafted under its /Document with
pages offset and link annotations renamed. Then the file is written as always.

Fonts. A page's content stream holds text already encoded for font subsets (TTFont.splitString
assigns each new character the next code of a subset, per document) and names fonts by internal
names given in order of first use. For the worker's operators to mean the same in the parent, both
canvases start from the same font state: a FontPlan (every non-ASCII character of the guide's text
and of our generated labels, for each face the story's paragraphs and the style sheet use that has
its glyph), which each canvas applies at creation, assigning those characters and naming those
fonts in one fixed order (ASCII is in every subset 0 already). The faces of the style sheet and of
Summary & Analysis come first: the worker knows them without the parent, so it applies that
beginning of the plan and starts at once; it names no other font. The worker then checks that it
assigned nothing new and named no new font; if it did (a character the plan missed), the build is
laid out again in one process: correct, only slower. (The other way, giving the worker's new
characters subsets of their own and renaming them in its operators, would mean rewriting text
operators; the plan makes it unnecessary.) A worker that draws a raster image also sends the build
back (images are document objects it cannot hand over; guides with PNG icons are not split in the
first place). Forms the worker defines (icons, pips) are recorded as operators and defined again in
the parent under the same names, at the same point of the page.

Same bytes. A long guide is laid out with the plan also when it is not split (one core, a batch,
GUIDEBUILDER_PARALLEL=0): the events of each adopted page are replayed in the order they were
made, so the parent creates the same PDF objects in the same order as one process would, and the
split PDF is byte-identical to the one-process PDF (a test holds them together). Whether a guide
is planned depends only on the guide (mode()); whether it is split depends on the machine.

When: only a full guide (cover, contents, a new page per section) whose text is long enough to
pay for the fork (PARALLEL_MIN_TEXT characters; GUIDEBUILDER_PARALLEL=1 plans and splits any full
guide, for tests); it is split with two usable cores, not inside a batch's worker process
(`--jobs N>1` already uses the cores), from a process of one thread (a fork copies no other
thread, and their locks could stay held), and never with GUIDEBUILDER_PARALLEL=0.

Errors: whatever stops the worker, or the parent's recording of the sections after it (a
LayoutError, an exception, a signal, a character outside the plan), makes the build start again
in one process, which then reports it exactly as a one-process build does (page numbers
included: the worker's are not yet the document's). A LayoutError in the parent's head is
reported at once (its pages are the one-process build's). The parent kills and reaps its worker
on any exception, Ctrl-C included; the worker takes signals' default actions, stops at its next
page when its parent has died (orphaned()) and leaves by os._exit, never returning into the
caller's code.
"""
from __future__ import annotations

import dataclasses
import gc
import io
import os
import pickle
import signal
import sys
from functools import partial

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from . import fonts, rlcompat
from .flowables import heading_of
from .hyphenate import Hyphenator
from .model import Source
from .pages import GuideDoc
from .records import dataclass
from .sections import summaries
from .sections.summaries import KEY as SUMMARIES_KEY  # the key alone: a test sets `summaries` to None
from .styles import PARAGRAPHS
from .tagging import Tag, TaggedCanvas

ENV = "GUIDEBUILDER_PARALLEL"
# characters of guide text below which the fork, the font plan and the adoption cost about what the
# second core saves. Measured whole-process, split against one process, paired, 12 runs each: 65,000
# characters (2 generated chapters) 1.03x, 93,000 (5) 0.99x, 169,000 (12) 0.87x, the 12-chapter
# sample (213,000) 0.90x
PARALLEL_MIN_TEXT = 150_000
ADOPTION = 0.1  # the parent's cost of adopting a page, relative to laying it out

# characters our own code prints (labels, typography of the guide's text, running heads, ellipses)
LABEL_CHARS = ("\u00ad\u00b2\u00b7\u2012\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2022"
               "\u2026\u2030\u2039\u203a\u20ac\u2122\u2460\u00a0")


class Fallback(Exception):
    """The split build cannot be finished as planned: build serially instead."""


# -- when -------------------------------------------------------------------------------------------

def mode(document, guide) -> str | None:
    """How to lay out this document: None (one process, as always), "planned" (one process, fonts
    from a FontPlan) or "split" (two processes, fonts from the same plan: the same bytes).

    Whether a guide is planned depends on the guide alone, so that its PDF is the same on every
    machine; whether it is also split depends on the machine and the environment."""
    setting = os.environ.get(ENV, "")
    if not (document.front_matter and document.new_page_per_section):
        return None
    if any(not t.icon.lower().endswith(".svg") and ("/" in t.icon or "\\" in t.icon) for t in guide.themes):
        return None  # a PNG icon is an image, a document object a worker cannot hand over
    if setting != "1" and text_size(guide) < PARALLEL_MIN_TEXT:
        return None
    return "split" if _may_fork(setting) else "planned"


def _may_fork(setting: str) -> bool:
    import threading

    if setting == "0" or not hasattr(os, "fork") or threading.active_count() > 1:
        return False  # a fork copies no other thread, and their locks could stay held
    if setting == "1":
        return True
    multiprocessing = sys.modules.get("multiprocessing")  # not imported: not a pool's worker (nor importing it)
    if multiprocessing is not None and multiprocessing.parent_process() is not None:
        return False  # a batch's worker: the other cores are busy
    return _usable_cores() >= 2


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def guide_strings(guide) -> list[str]:
    """Every string of the guide's model (not where each was written)."""
    out: list[str] = []
    stack = [guide]
    while stack:
        obj = stack.pop()
        kind = type(obj)
        if kind is str:
            out.append(obj)
        elif kind is tuple or kind is list or kind is frozenset or kind is set:
            stack.extend(obj)
        elif kind is dict:
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif kind is not Source and dataclasses.is_dataclass(kind):
            stack.extend(vars(obj).values())
    return out


def text_size(guide) -> int:
    return sum(map(len, guide_strings(guide)))


def plan_chars(guide) -> str:
    """The characters a FontPlan assigns: every non-ASCII one of the guide's text and of our labels,
    in order."""
    found = set(LABEL_CHARS)
    for text in guide_strings(guide):
        if not text.isascii():
            found.update(text)
    return "".join(sorted(c for c in found if ord(c) > 127))


def _base_faces(styles) -> set:
    return {styles[role].fontName for role in PARAGRAPHS} - {None}  # what labels and running heads are set in


def _faces(flowables: list, into: set) -> set:
    seen: set = set()
    for f in flowables:
        _weight(f, seen, into)
    into.discard(None)
    return into


def _run(story: list, keys: tuple) -> list:
    """The flowables of the sections `keys` (a run, worker_run()) in a composed story: from after the
    PageBreak before the first to the PageBreak after the last (nothing if none is there)."""
    breaks = _section_breaks(story)
    out: list = []
    for a, b in zip(breaks, breaks[1:] + [len(story)]):
        if _section_key(story[a + 1]) in keys:
            out += story[a + 1:b] if not out else story[a:b]  # the PageBreaks between them too
    return out


def _section_key(f) -> str | None:
    heading = heading_of(f)
    return heading.key if heading is not None and heading.section is not None else None


def _section_breaks(story: list) -> list[int]:
    """The PageBreaks that start top-level sections."""
    return [i - 1 for i in range(1, len(story)) if type(story[i - 1]) is PageBreak and _section_key(story[i]) is not None]


# -- which sections the worker takes ----------------------------------------------------------------
# Estimated cost of composing and laying out each section of a full guide, from the guide's model
# (the fork comes before composing, so nothing composed can be weighed): milliseconds per 1,000
# characters of the section's text, per chapter-and-theme cell of its grids, and fixed. Measured
# section by section in one process on the generated 12- and 61-chapter guides and the sample
# (the time between their first pages); prose costs 2-3 ms per 1,000 characters, Summary &
# Analysis less (long paragraphs, few headings), a tracker cell a tenth of a millisecond.
COST = {  # key: (per 1,000 characters, per cell, fixed)
    "background": (2.5, 0, 1), "plot": (2.5, 0, 1), "characters": (2.5, 0, 1),
    "themes": (2.5, 0.2, 2), "tracker": (0, 0.1, 2), "summaries": (1.5, 0, 2), "quotes": (2.5, 0, 2),
    "symbols": (2.5, 0, 1), "glossary": (2.5, 0, 1), "questions": (3, 0, 2), "worksheet": (0, 0.05, 2),
    "answer-key": (3, 0, 2),
}
OTHER = (2.5, 0, 2)  # a section not in COST
FRONT = (10, 0.3)  # the cover and the contents: fixed, per chapter
TEXT = {  # key: the part of the model a section prints
    "background": lambda g: g.background, "plot": lambda g: g.plot_summary,
    "characters": lambda g: g.characters, "themes": lambda g: g.themes,
    "summaries": lambda g: [c.passages for c in g.chapters], "quotes": lambda g: [c.quotes for c in g.chapters],
    "symbols": lambda g: g.symbols, "glossary": lambda g: g.glossary,
    "questions": lambda g: ([c.questions for c in g.chapters], g.questions),
    "answer-key": lambda g: ([c.questions for c in g.chapters], g.questions),
}


def section_cost(key: str, guide) -> float:
    per_char, per_cell, fixed = COST.get(key, OTHER)
    text = TEXT.get(key)
    chars = text_size(text(guide)) if text is not None and per_char else 0
    return per_char * chars / 1000 + per_cell * len(guide.chapters) * len(guide.themes) + fixed


def worker_run(keys: list, guide) -> tuple:
    """The sections the worker composes and lays out (their keys, a run of `keys`, the document's
    sections in order): Summary & Analysis and as many of the sections after it as balance the
    two processes best by section_cost(). The parent lays out the cover, the contents and the
    sections before the run, and records those after it meanwhile. () when there is no Summary &
    Analysis after the first section. Depends on the guide only, so that one process lays out
    with the same font plan (FontPlan.of: the run's faces first)."""
    if SUMMARIES_KEY not in keys or keys.index(SUMMARIES_KEY) == 0:
        return ()
    at = keys.index(SUMMARIES_KEY)
    costs = [section_cost(k, guide) for k in keys]
    front = FRONT[0] + FRONT[1] * len(guide.chapters)
    best, best_span = at + 1, None
    for end in range(at + 1, len(keys) + 1):
        worker = sum(costs[at:end])
        parent = front + sum(costs[:at]) + sum(costs[end:])
        span = max(worker * (1 + ADOPTION), parent)
        if best_span is None or span < best_span:
            best, best_span = end, span
    return tuple(keys[at:best])


# -- fonts ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FontPlan:
    """Fonts in the order both canvases name them, each with the characters assigned to it first."""
    fonts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, chars: str, first, then=()) -> "FontPlan":
        """`chars` (plan_chars()) assigned to every face that has their glyphs, the faces named in
        this order: those of `first` sorted, then the others of `then`, sorted. `first` is the style
        sheet's faces and those of Summary & Analysis, all that a worker composing that section
        knows on its own: it makes the beginning of the plan without waiting for the parent, and
        uses no other face. `then` is the faces of the rest of the story (a face named in no plan
        would be embedded for nothing)."""
        fonts.register()
        planned = []
        for name in sorted(first) + sorted(set(then) - set(first)):
            font = pdfmetrics.getFont(name)
            if font._dynamicFont:
                glyphs = font.face.charToGlyph
                planned.append((name, "".join(c for c in chars if ord(c) in glyphs and c != "\u00a0")))
            else:  # a CJK font the PDF reader supplies; nothing to assign
                planned.append((name, ""))
        return cls(tuple(planned))

    def apply(self, canvas) -> None:
        doc = canvas._doc
        for name, chars in self.fonts:
            font = pdfmetrics.getFont(name)
            if font._dynamicFont:
                font.splitString(chars, doc)
                font.getSubsetInternalName(0, doc)
            else:
                doc.getInternalFontName(name)

    def state(self, canvas) -> tuple:
        """What would differ if a canvas assigned a character or named a font the plan did not."""
        doc = canvas._doc
        return (len(doc.fontMapping),) + tuple(
            pdfmetrics.getFont(name).state[doc].nextCode for name, _ in self.fonts
            if pdfmetrics.getFont(name)._dynamicFont)


class PlannedCanvas(TaggedCanvas):
    """A TaggedCanvas whose fonts start from a FontPlan."""

    def __init__(self, *args, plan: FontPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        plan.apply(self)
        self.planned = plan.state(self)


# -- the worker's side ------------------------------------------------------------------------------

class RecordingCanvas(PlannedCanvas):
    """Records each finished page instead of adding it to a document (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages: list[tuple] = []  # (operators, forms in use, events, running header)
        self.events: list[tuple] = []  # what the page made besides its operators, in order
        self.header = ("", "")
        self.unsupported = ""

    def showPage(self):
        orphaned()
        if self._annotationrefs or self._colorsUsed or self._shadingUsed:
            self.unsupported = "page resources"
        self.pages.append((self._code, self._formsinuse, self.events, self.header))
        self.events = []
        self._startPage()

    def bookmarkPage(self, key, **kwargs):
        self.events.append(("bookmark", key, kwargs))

    def addOutlineEntry(self, title, key, level=0, closed=None):
        self.events.append(("outline", title, key, level, closed))

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1, **kwargs):
        self.events.append(("link", contents, destinationname, tuple(self._absRect(Rect, relative)), name, kwargs))

    def endForm(self, **extra):
        name, *bbox = self._formData
        form = ("form", name, tuple(bbox), list(self._code), list(self._formsinuse))
        super().endForm(**extra)
        self.events.append(form)  # defined again by the parent, at the same point, if it has none

    def drawImage(self, *args, **kwargs):
        self.unsupported = "images"
        return super().drawImage(*args, **kwargs)

    def save(self):
        if len(self._code):
            self.showPage()


class WorkerDoc(GuideDoc):
    """Lays out a part of the story on a RecordingCanvas: page-number targets recorded, the running
    header's state kept for the parent, which draws header and footer."""

    def _define_page_number(self, key: str, number: int) -> None:
        self.numbered.add(key)
        self.canv.events.append(("pageno", key))

    def anchor(self, key: str) -> None:
        if key not in self.numbered:  # the parent's GuideDoc.anchor checks its own targets again
            self.numbered.add(key)
            self.canv.events.append(("anchor", key))

    def _body_page(self, canvas, doc):
        canvas.header = (self.page_section, self.page_part)


def _work(story: list, styles, meta, plan: FontPlan, send=None) -> tuple | None:
    """Lay out `story` on a RecordingCanvas: ("pages", ...) to adopt, or ("failed", why). Given
    `send` (in the worker), sends the pages, then the font subsets it can make for the parent
    (rlcompat.made_subsets(): the font plan makes them the parent's), and returns None."""
    doc = WorkerDoc(io.BytesIO(), styles, meta, with_cover=False)
    doc._doSave = 0
    try:
        doc.build(story, canvasmaker=partial(RecordingCanvas, info=meta.document_info(), plan=plan))
    except LayoutError as exc:  # the serial build reports it, with the page numbers it has
        return ("failed", f"layout: {exc}")
    c = doc.canv
    c.save()
    if c.unsupported:
        return ("failed", c.unsupported)
    if plan.state(c) != c.planned:
        return ("failed", "characters outside the font plan")
    t = c.tagger
    # the pages are the caller's alone: the document and its canvas hold each other, a cycle the
    # collector may not reach before the file is written, and with it every recorded operator
    # (9 MiB of the parent's peak at 300 chapters, depending on when collections happened to run)
    pages, c.pages = c.pages, []
    result = ("pages", pages, t.root.kids, t.mcids, t.annotations)
    if send is None:
        return result
    send(result)
    del result, pages
    try:  # while the parent adopts the pages: 8-9 ms of its end at every size
        send(("subsets", rlcompat.made_subsets(c)))
    except Exception:  # noqa: BLE001 - the parent makes them itself
        pass
    return None


def _child(parent: int, task, outbox) -> None:
    """The worker process: run `task` (which may send messages before its result), send its result,
    leave without running the parent's cleanup."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        global _parent
        _parent = parent
        orphaned()
        try:
            result = task(partial(_send, outbox))
        except Exception as exc:  # the one-process build raises it again, as it would have
            result = ("failed", f"{type(exc).__name__}: {exc}")
        if result is not None:  # None: the task has sent all it had
            _send(outbox, result)
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _send(pipe, obj) -> None:
    """Pickle `obj` into the pipe as it is made: the parent unpickles while the worker pickles, and
    neither holds the whole pickle (3.4 MB of pages at 300 chapters) besides the objects."""
    pickle.dump(obj, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.flush()


def _receive(pipe):
    """The next object sent, or None if the worker ended before sending it whole."""
    try:
        return pickle.load(pipe)
    except Exception:  # noqa: BLE001 - cut short (EOFError, UnpicklingError...): the serial build takes over
        return None


_parent = 0  # in a worker: the pid of the process that forked it


def orphaned() -> None:
    """In a worker, before it composes and at each page it finishes: leave at once if the parent
    has died (kill -9, which no handler sees; the worker then has another parent). A worker that
    has finished finds out when it writes its pages. (Linux's PR_SET_PDEATHSIG would end it at once,
    but Python reaches prctl only through ctypes: 5 ms of import on the worker's path, 1% of a
    12-chapter build, for a signal a page later.)"""
    if _parent and os.getppid() != _parent:
        os._exit(1)


class Worker:
    """A forked worker running task(send) (send(message) reaches receive() here); result() waits
    for what the task returns. The lists in `drop` (the parent's parts of the story) are
    emptied in the worker: its copies would only keep memory and give the garbage collector more
    to walk."""

    def __init__(self, task, drop: tuple = ()):
        up_read, up_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(up_read)
            for other in drop:
                other.clear()
            gc.freeze()  # what the worker inherits stays as it is: collections need not walk it
            _child(parent, task, os.fdopen(up_write, "wb"))
        os.close(up_write)
        gc.freeze()  # what the parent has composed is kept to the end: its collections need not walk it
        self.pid = pid
        self.inbox = os.fdopen(up_read, "rb")

    def receive(self):
        message = _receive(self.inbox) if self.inbox is not None else None
        if message is None:
            raise Fallback("the worker ended without a result")
        return message

    def result(self) -> tuple:
        try:
            return self.receive()
        except Fallback:
            self.reap()
            raise

    def subsets(self) -> dict:
        """What the worker sends after its pages: the font subsets it made (_work), or none."""
        try:
            message = _receive(self.inbox) if self.inbox is not None else None
        finally:
            self.reap()
        return message[1] if message is not None and message[0] == "subsets" else {}

    def reap(self, kill: bool = False) -> None:
        if self.inbox is not None:
            try:
                self.inbox.close()
            except OSError:
                pass
        self.inbox = None
        if self.pid:
            if kill:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            os.waitpid(self.pid, 0)
            self.pid = 0


# -- the parent's side ------------------------------------------------------------------------------

class WorkerHalf(Flowable):
    """Where the worker's pages go in the parent's story, followed by the sections after them
    (`rest`, laid out here while the worker works): ParentDoc replaces it with their pages."""

    def __init__(self, worker: Worker, rest: list, styles, meta, plan: FontPlan):
        super().__init__()
        self.worker, self.rest, self.styles, self.meta, self.plan = worker, rest, styles, meta, plan

    def wrap(self, availWidth, availHeight):
        return 0, 0


class RecordedPage(Flowable):
    """One page the worker laid out, drawn as it was recorded."""

    def __init__(self, page: tuple, links: dict):
        super().__init__()
        self.page, self.links = page, links

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        code, forms, events, header = self.page
        doc = canvas._doctemplate
        doc.page_section, doc.page_part = header
        canvas._code.extend(code)
        canvas._formsinuse.extend(forms)
        for event in events:
            kind = event[0]
            if kind == "bookmark":
                canvas.bookmarkPage(event[1], **event[2])
            elif kind == "outline":
                _, title, key, level, closed = event
                canvas.addOutlineEntry(title, key, level=level, closed=closed)
                doc.last_heading = title
            elif kind == "pageno":  # as GuideDoc.afterFlowable: the first page a key is on
                if event[1] not in doc.numbered:
                    doc._define_page_number(event[1], canvas.getPageNumber())
            elif kind == "anchor":
                doc.anchor(event[1])
            elif kind == "form":
                _, name, bbox, code, used = event
                if not canvas.hasForm(name):
                    canvas.beginForm(name, *bbox)
                    canvas._code.extend(code)
                    canvas._formsinuse.extend(used)
                    canvas.endForm()
            elif kind == "link":
                _, contents, destination, rect, name, kwargs = event
                canvas.linkAbsolute(contents, destination, rect, name=self.links.get(name, name), **kwargs)


class ParentDoc(GuideDoc):
    """Lays out the head of the story on a PlannedCanvas, then adopts the worker's pages."""

    def handle_flowable(self, flowables):
        if flowables and isinstance(flowables[0], WorkerHalf):
            flowables[0:1] = self._adopt(flowables.pop(0))
            return
        super().handle_flowable(flowables)

    def _adopt(self, half: WorkerHalf) -> list:
        """The pages of the worker, then of the sections after it (recorded here in the meantime)."""
        rest, half.rest = half.rest, None
        try:
            local = _work(rest, half.styles, half.meta, half.plan) if rest else ("pages", [], [], {}, [])
        except Exception as exc:
            local = ("failed", f"{type(exc).__name__}: {exc}")
        del rest
        offset = self.canv.getPageNumber() - 1  # the worker's part starts on a new page
        story: list = []
        theirs = half.worker.result()
        if theirs[0] == "pages":  # read when the first font is embedded, made meanwhile
            self.canv._doc.made_subsets = half.worker.subsets
        for result in (theirs, local):
            if result[0] != "pages":
                raise Fallback(result[1])
            _, pages, kids, mcids, annotations = result
            links = _graft(self.canv.tagger, kids, mcids, annotations, offset)
            for page in pages:
                if story:
                    story.append(PageBreak())
                story.append(RecordedPage(page, links))
            offset += len(pages)
        return story


def _graft(tagger, kids: list, mcids: dict, annotations: list, offset: int) -> dict:
    """The worker's structure elements under the parent's /Document, their pages offset and their
    link annotations renamed after the parent's; returns the renaming."""
    base = len(tagger.annotations)
    links = {name: f"link{base + i}" for i, (name, _, _) in enumerate(annotations, start=1)}
    stack = list(kids)
    while stack:
        tag = stack.pop()
        moved = []
        for kid in tag.kids:
            if type(kid) is Tag:
                stack.append(kid)
                moved.append(kid)
            elif kid[0] == "annot":
                moved.append(("annot", links[kid[1]], kid[2] + offset))
            else:
                moved.append((kid[0] + offset, kid[1]))
        tag.kids = moved
    for tag in kids:
        tag.parent = tagger.root
    tagger.root.kids.extend(kids)
    for page, tags in mcids.items():
        tagger.mcids[page + offset] = tags
    tagger.annotations.extend((links[name], tag, page + offset) for name, tag, page in annotations)
    return links


# -- the split --------------------------------------------------------------------------------------

def _weight(obj, seen: set, faces: set) -> int:
    """Roughly how much layout a flowable costs: the characters of the text it holds (and the
    faces its paragraphs are set in, into `faces`)."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    frags = getattr(obj, "frags", None)
    if frags is not None:  # a Paragraph: its markup's length, the faces of its fragments
        faces.update([getattr(f, "fontName", None) for f in frags])
        return len(getattr(obj, "text", "") or "") + 40
    rows = getattr(obj, "rows", None)
    if isinstance(rows, list):  # a grid (the theme tracker, the worksheet): drawn cell by cell
        return 600 * len(rows)
    if isinstance(obj, (list, tuple)):  # numbers and text in a list (widths, labels) weigh nothing
        return sum(_weight(x, seen, faces) for x in obj if isinstance(x, _HOLDERS))
    if isinstance(obj, Flowable):
        return 20 + sum(_weight(v, seen, faces) for v in vars(obj).values() if isinstance(v, _HOLDERS))
    return 0


_HOLDERS = (list, tuple, Flowable)  # what _weight looks into


def split(story: list, faces: set) -> tuple[int, int] | None:
    """Which sections the worker lays out: (a, b) such that story[a + 1:b] is a run of whole
    top-level sections, story[a] the PageBreak before it and story[b] the one after it (or b is the
    end), chosen so that the worker's estimated work is closest to half the layout's (the parent
    lays out the rest; writing the file comes after both). Adds the faces the story's paragraphs
    are set in to `faces`."""
    breaks = _section_breaks(story)
    if len(breaks) < 2:
        return None
    seen: set = set()
    weights = [_weight(f, seen, faces) for f in story]
    before = [0]
    for w in weights:
        before.append(before[-1] + w)
    total = before[-1]
    ends = breaks + [len(story)]
    best, best_cost = None, None
    for i, a in enumerate(breaks):
        for b in ends[i + 1:]:
            work = before[b] - before[a]
            cost = max(work * (1 + ADOPTION), total - work)
            if best_cost is None or cost < best_cost:
                best, best_cost = (a, b), cost
    return best


def layout(story: list, styles, meta, guide, with_cover: bool, fork: bool, run: tuple = ()) -> tuple[bytes, int]:
    """Lay out `story` with its fonts from a FontPlan (the faces of the sections `run`, worker_run(),
    first): in two processes when `fork` and the story has a place to split, else in this one.
    Raises Fallback when the worker's pages cannot be adopted (the caller lays out again, in one
    process)."""
    base = _base_faces(styles)
    faces = set(base)
    if fork:
        cut = split(story, faces)  # which gathers the story's faces on the way
    else:
        cut = None
        _faces(story, faces)
    faces.discard(None)
    plan = FontPlan.of(plan_chars(guide), _faces(_run(story, run), set(base)), faces)
    canvasmaker = partial(PlannedCanvas, info=meta.document_info(), plan=plan)
    if not fork or cut is None:
        return _serial(GuideDoc, story, styles, meta, with_cover, canvasmaker)
    a, b = cut
    part, rest = story[a + 1:b], story[b + 1:]
    del story[a + 1:]
    # nothing else may hold `part` when the worker lays it out: a second reference to the story
    # keeps every drawn flowable alive, line-breaking state and all (see render.py)
    worker = Worker(lambda send: _work(part, styles, meta, plan, send), (story, rest))
    del part  # the worker has its copy
    story.append(WorkerHalf(worker, rest, styles, meta, plan))  # after the PageBreak at a: a page of its own
    del rest
    try:
        return _serial(ParentDoc, story, styles, meta, with_cover, canvasmaker)
    finally:
        worker.reap(kill=True)
        gc.unfreeze()  # a build after a fallback, or the next build of `watch`, collects as usual


def compose_apart(modules: list, run: tuple, compose, front, styles, meta, guide) -> tuple[bytes, int] | None:
    """Like composing the whole story and layout(fork=True), with the sections `run` (worker_run())
    composed by the worker: the fork comes before composing, and the parent composes the other
    sections while the worker composes its own. The worker sends its headings (for the contents)
    and the faces its paragraphs use, and lays out at once with the beginning of the font plan,
    which it can make alone (FontPlan.of); the parent makes the whole plan, as layout() would from
    the whole story, lays out the sections before the run and records those after it. None when
    there is no run (then the caller composes it all)."""
    keys = [getattr(m, "KEY", None) for m in modules]
    if not run or summaries not in modules or run[0] not in keys:
        return None
    at = keys.index(run[0])
    end = at + len(run)
    chars, base = plan_chars(guide), _base_faces(styles)

    def task(send) -> tuple:
        part = compose(modules[at:end])[1:]  # its PageBreak stays in the parent's story
        faces = _faces(part, set())
        send(("composed", [(h.toc, h.key, h.level, h.outline) for h in _headings(part)], faces))
        return _work(part, styles, meta, FontPlan.of(chars, faces | base), send)

    if isinstance(styles.hyphenation, Hyphenator):  # read its dictionary before the fork: both processes
        styles.hyphenation.dic                      # use it, and share its pages
    worker = Worker(task)
    try:
        head = compose(modules[:at])
        rest = compose(modules[end:])[1:]  # after the worker's pages, which end on a page of their own
        message = worker.receive()
        if message[0] != "composed":
            raise Fallback(message[1])
        _, theirs, faces = message
        headings = _headings(head) + [_Heading(*h) for h in theirs] + _headings(rest)
        story = front(headings) + head + [PageBreak()]
        del head, headings
        plan = FontPlan.of(chars, faces | base, _faces(story + rest, set(base)))
        story.append(WorkerHalf(worker, rest, styles, meta, plan))
        del rest
        canvasmaker = partial(PlannedCanvas, info=meta.document_info(), plan=plan)
        return _serial(ParentDoc, story, styles, meta, True, canvasmaker)
    finally:
        worker.reap(kill=True)
        gc.unfreeze()


@dataclass(frozen=True)
class _Heading:
    """What the contents read of a heading the worker composed."""
    toc: bool
    key: str
    level: int
    outline: str


def _headings(story: list) -> list:
    out = []
    for f in story:
        heading = heading_of(f)
        if heading is not None:
            out.append(heading)
    return out


def _serial(kind, story: list, styles, meta, with_cover: bool, canvasmaker) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = kind(buffer, styles, meta, with_cover)
    try:
        doc.build(story, canvasmaker=canvasmaker)
    except LayoutError as exc:  # in the parent: on the pages a serial build has, with their numbers
        raise doc.failure(exc) from exc
    return buffer.getvalue(), doc.page
