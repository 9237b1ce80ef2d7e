"""Both cores for one guide (guidebuilder/parallel.py): a split build is the serial build's document.

A generated 40-chapter guide is built serially (GUIDEBUILDER_PARALLEL=0) and split
(GUIDEBUILDER_PARALLEL=1: split whatever its size, on any number of cores), and the two PDFs are
compared as a reader sees them: pages, the text of each (running heads and folios included),
the outline with its target pages, the link annotations with theirs, the structure tree in
reading order; and then byte for byte, since both start from the same font plan. Then what goes
wrong in the worker: the serial build takes over and reports it.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

import tagcheck
from conftest import generated_guide
from guidebuilder import parallel
from guidebuilder.documents import plan
from guidebuilder.errors import LayoutFailure
from guidebuilder.load import load_guide
from guidebuilder.options import Edition, Options
from guidebuilder.render import build_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "the-great-gatsby"  # 12 chapters: split only when asked (GUIDEBUILDER_PARALLEL=1)
CHAPTERS = 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return generated_guide(tmp_path_factory.mktemp("parallel") / "g40", chapters=CHAPTERS, themes=7, seed=3)


def _build(folder: Path, out: Path, setting: str, **options) -> Path:
    old = os.environ.get(parallel.ENV)
    os.environ[parallel.ENV] = setting
    try:
        build_pdf(load_guide(folder), out, Options(**options))
    finally:
        if old is None:
            del os.environ[parallel.ENV]
        else:
            os.environ[parallel.ENV] = old
    return out


@contextmanager
def _adoptions():
    """The number of pages each split build adopts (the worker's and the parent's recorded ones)."""
    adopted: list = []
    original = parallel.ParentDoc._adopt

    def adopt(self, half):
        story = original(self, half)
        adopted.append(sum(isinstance(f, parallel.RecordedPage) for f in story))
        return story

    parallel.ParentDoc._adopt = adopt
    try:
        yield adopted
    finally:
        parallel.ParentDoc._adopt = original


@pytest.fixture(scope="module")
def builds(generated, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("parallel-pdfs")
    with _adoptions() as adopted:
        pdfs = {"serial": _build(generated, out / "serial.pdf", "0"),
                "split": _build(generated, out / "split.pdf", "1"),
                "split-again": _build(generated, out / "split-again.pdf", "1")}
    assert len(adopted) == 2 and adopted[0] > 20  # both split builds adopted a worker's pages
    return pdfs


def _texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((item.title, level, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def _links(reader: PdfReader) -> list[tuple]:
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = []
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot["/Dest"]
            out.append((i, tuple(round(float(v), 2) for v in annot["/Rect"]), str(annot.get("/Contents")),
                        pages[dest[0].idnum], str(dest[1])))
    return out


def test_split_build_reads_as_the_serial_one(builds):
    serial, split = PdfReader(builds["serial"]), PdfReader(builds["split"])
    assert len(serial.pages) == len(split.pages) > 80
    texts = _texts(builds["split"])
    assert texts == _texts(builds["serial"])
    # the adopted pages have their running head and folio: the last page names its section, its number
    last = texts[-1].split()
    assert last[-1] == str(len(texts)), last[-8:]
    assert _outline(split) == _outline(serial)
    assert len(_outline(split)) > CHAPTERS
    links = _links(split)
    assert links == _links(serial) and len(links) > CHAPTERS  # the contents' links and cross-references
    assert split.page_labels == serial.page_labels


def test_split_build_is_well_tagged_in_reading_order(builds):
    split, serial = tagcheck.check(builds["split"]), tagcheck.check(builds["serial"])
    assert split.problems == []
    assert split.walk == serial.walk
    assert split.marked_content_order() == serial.marked_content_order()


def test_split_and_serial_builds_are_byte_identical(builds, generated):
    """Both start from the same font plan, and the parent adopts the worker's pages making the
    same objects in the same order as a serial build: which way a guide was laid out (how many
    cores the machine had) cannot be told from its PDF."""
    assert parallel.text_size(load_guide(generated)) >= parallel.PARALLEL_MIN_TEXT  # planned serially too
    assert builds["split"].read_bytes() == builds["serial"].read_bytes()
    assert builds["split"].read_bytes() == builds["split-again"].read_bytes()


def test_switch_off_gives_the_serial_build(generated, tmp_path, monkeypatch, builds):
    def forbidden(*args, **kwargs):
        raise AssertionError("forked with GUIDEBUILDER_PARALLEL=0")

    monkeypatch.setattr(parallel, "Worker", forbidden)
    again = _build(generated, tmp_path / "serial.pdf", "0")
    assert again.read_bytes() == builds["serial"].read_bytes()


def test_booklet_is_imposed_after_the_split(tmp_path):
    serial = _build(SAMPLE, tmp_path / "serial.pdf", "0", booklet=True)
    split = _build(SAMPLE, tmp_path / "split.pdf", "1", booklet=True)
    assert _texts(split) == _texts(serial)


def _no_children_left():
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_character_outside_the_font_plan_falls_back_to_serial(tmp_path, monkeypatch):
    """Without our labels' characters in the plan the worker meets curly quotes it would have to
    assign: the build is laid out again in one process, as GUIDEBUILDER_PARALLEL=0 lays it out."""
    monkeypatch.setattr(parallel, "LABEL_CHARS", "")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXT", 0)  # the sample planned even in one process
    fell_back = []
    original = parallel.ParentDoc._adopt

    def adopt(self, half):
        try:
            return original(self, half)
        except parallel.Fallback as exc:
            fell_back.append(str(exc))
            raise

    monkeypatch.setattr(parallel.ParentDoc, "_adopt", adopt)
    out = _build(SAMPLE, tmp_path / "fallback.pdf", "1")
    assert fell_back == ["characters outside the font plan"]
    assert out.read_bytes() == _build(SAMPLE, tmp_path / "serial.pdf", "0").read_bytes()
    _no_children_left()


def test_a_layout_error_in_the_worker_is_reported_as_serially(tmp_path, monkeypatch):
    """A flowable too tall for any page, in the Key Quotes (laid out by the worker or after it):
    the same message, page number included, as the serial build's; no PDF is written."""
    from reportlab.platypus import Flowable

    from guidebuilder.sections import quotes

    class Tall(Flowable):
        def wrap(self, w, h):
            return w, 5000

        def draw(self):
            pass

    build = quotes.build
    monkeypatch.setattr(quotes, "build", lambda c: build(c)[:5] + [Tall()] + build(c)[5:])
    messages = {}
    for setting in ("0", "1"):
        out = tmp_path / f"{setting}.pdf"
        with pytest.raises(LayoutFailure) as err:
            _build(SAMPLE, out, setting)
        messages[setting] = re.sub(r"0x[0-9a-f]+", "0x...", str(err.value))  # ReportLab names the object
        assert not out.exists()
    assert messages["0"] == messages["1"] and "Key Quotes" in messages["0"]
    _no_children_left()


def test_an_exception_in_the_worker_surfaces_as_serially(tmp_path, monkeypatch):
    from guidebuilder import pages

    def broken(self, canvas, doc):
        if self.page_section == "Summary & Analysis":
            raise RuntimeError("no running head today")

    monkeypatch.setattr(pages.GuideDoc, "_body_page", broken)
    monkeypatch.setattr(parallel.WorkerDoc, "_body_page", lambda self, canvas, doc: broken(self, canvas, doc))
    out = tmp_path / "broken.pdf"
    with pytest.raises(RuntimeError, match="no running head today"):
        _build(SAMPLE, out, "1")
    assert not out.exists()
    _no_children_left()


def test_only_big_full_guides_are_planned_and_split_on_two_cores(generated, sample_guide, monkeypatch):
    big = load_guide(generated)
    full = plan(big, Options())
    monkeypatch.delenv(parallel.ENV, raising=False)
    monkeypatch.setattr(parallel, "_usable_cores", lambda: 2)
    assert parallel.mode(plan(sample_guide, Options()), sample_guide) == "split"  # 213,000 characters
    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXT", parallel.text_size(sample_guide) + 1)
    assert parallel.mode(plan(sample_guide, Options()), sample_guide) is None  # a shorter guide: as always
    monkeypatch.setattr(parallel, "PARALLEL_MIN_TEXT", parallel.text_size(big))
    assert parallel.mode(full, big) == "split"
    assert parallel.mode(plan(big, Options(theme=big.themes[0].id)), big) is None  # a handout
    monkeypatch.setattr(parallel, "_usable_cores", lambda: 1)
    assert parallel.mode(full, big) == "planned"  # the same PDF, laid out in one process
    monkeypatch.setattr(parallel, "_usable_cores", lambda: 2)
    monkeypatch.setenv(parallel.ENV, "0")
    assert parallel.mode(full, big) == "planned"
    monkeypatch.setenv(parallel.ENV, "1")
    assert parallel.mode(plan(sample_guide, Options()), sample_guide) == "split"


def _mode_in_a_pool_worker(folder: str) -> str | None:
    from guidebuilder.documents import plan as plan_of

    guide = load_guide(Path(folder))
    parallel.PARALLEL_MIN_TEXT = 0
    parallel._usable_cores = lambda: 2
    return parallel.mode(plan_of(guide, Options()), guide)


def test_a_batch_worker_does_not_split_and_a_lone_build_does_not_import_multiprocessing(generated, monkeypatch):
    # `--jobs` already gives each core a guide: its workers lay out in one process
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.delenv(parallel.ENV, raising=False)
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(_mode_in_a_pool_worker, str(generated)).result() == "planned"
    code = ("import sys; from guidebuilder.cli import main\n"
            f"sys.argv = ['guidebuilder', 'check', {str(generated)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "from guidebuilder import parallel, documents, load, options\n"
            f"g = load.load_guide(__import__('pathlib').Path({str(generated)!r}))\n"
            "parallel.PARALLEL_MIN_TEXT = 0; parallel._usable_cores = lambda: 2\n"
            "print(parallel.mode(documents.plan(g, options.Options()), g), "
            "sorted(m for m in sys.modules if m.startswith(('multiprocessing', 'concurrent'))))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, parallel.ENV: ""})
    assert done.stdout.split()[-2:] == ["split", "[]"], done.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_split_build_leaves_no_worker_and_no_pdf(tmp_path, sig):
    """Ctrl-C (SIGINT to the process group) or kill (SIGTERM to the parent alone) while the worker
    lays out: the build stops as a one-process build stops, and its worker is gone with it. kill -9
    of the parent alone, which no handler sees: the worker leaves at its next page (orphaned()),
    or, if it has finished and is writing its pages, the write fails and it leaves."""
    from test_interrupt import WRAPPER, big_guide, finish, wait_for

    from hostile import guides as G

    big_guide(tmp_path / "g", 250)
    marks = tmp_path / "marks"
    marks.mkdir()
    env = dict(G.subprocess_env(), GB_MARKS=str(marks), GUIDEBUILDER_PARALLEL="1")
    out = tmp_path / "g.pdf"
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, "pdf", "g", "-o", str(out)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert wait_for(proc, marks / "layout"), finish(proc)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    if proc.poll() is not None or not children:
        pytest.skip("the build was over before it could be interrupted")
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    code, _, err = finish(proc)
    assert code == (-sig if sig == signal.SIGKILL else 128 + sig) and "Traceback" not in err, err[-2000:]
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["g", "marks"]
    time.sleep(0.2)
    assert [c for c in children if _running(c)] == []


def _running(pid: str) -> bool:
    """Whether the process exists and has not ended: one whose parent was killed is reparented,
    and a container's first process may leave it a zombie (ended, not yet reaped)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_without_summaries_the_composed_story_is_split_by_weight(generated, tmp_path, monkeypatch, builds):
    """A guide with no Summary & Analysis (here: the worker is not told which section it is) is
    composed whole, then split where the estimated work halves: the same bytes again."""
    monkeypatch.setattr(parallel, "summaries", None)
    cuts = []
    original = parallel.split

    def split(story, faces):
        cut = original(story, faces)
        cuts.append(cut)
        return cut

    monkeypatch.setattr(parallel, "split", split)
    out = _build(generated, tmp_path / "weighed.pdf", "1")
    assert len(cuts) == 1 and cuts[0] is not None
    assert out.read_bytes() == builds["serial"].read_bytes()
    _no_children_left()


def test_the_workers_font_plan_is_the_beginning_of_the_parents(sample_guide):
    # the worker lays out with the plan of the faces it knows (the style sheet's and its section's)
    # without waiting for the parent's: the two must name those faces in the same order and assign
    # them the same characters, whatever faces the parent's sections add
    from guidebuilder.styles import Styles

    styles = Styles(Options(), sample_guide.language)
    chars = parallel.plan_chars(sample_guide)
    assert "\u201c" in chars and all(ord(c) > 127 for c in chars)
    base = parallel._base_faces(styles)
    mine = base | {"GB-Serif-BoldItalic"}
    assert "GB-Sans-Italic" not in mine and "GB-Sans-BoldItalic" not in mine
    theirs = parallel.FontPlan.of(chars, mine, base | {"GB-Sans-Italic", "GB-Sans-BoldItalic", "GB-Serif-BoldItalic"})
    own = parallel.FontPlan.of(chars, mine)
    assert theirs.fonts[:len(own.fonts)] == own.fonts
    assert [name for name, _ in theirs.fonts][len(own.fonts):] == ["GB-Sans-BoldItalic", "GB-Sans-Italic"]


def _run_of(guide, **options) -> tuple:
    from guidebuilder.compose import Composer
    from guidebuilder.styles import Styles

    opts = Options(**options)
    document = plan(guide, opts)
    composer = Composer(document.guide, Styles(opts, guide.language), opts)
    modules = [m for m in document.sections if getattr(m, "present", None) is None or m.present(composer)]
    return parallel.worker_run([getattr(m, "KEY", None) for m in modules], guide)


def test_the_worker_takes_summaries_and_as_many_sections_after_it_as_balance_the_build(generated, sample_guide):
    # a long Summary & Analysis is the worker's alone; the sample's is short beside its quotes and
    # questions, so the worker takes those after it too (the estimate reads the model, not the story)
    assert _run_of(load_guide(generated)) == ("summaries",)
    run = _run_of(sample_guide)
    assert run[0] == "summaries" and "quotes" in run and len(run) >= 3
    assert "questions" not in run  # the parent keeps some: it would wait otherwise
    costs = {k: parallel.section_cost(k, sample_guide) for k in ("summaries", "quotes", "themes", "tracker")}
    assert costs["quotes"] > costs["summaries"] / 2 and costs["themes"] > costs["tracker"] > 0
    teacher = _run_of(sample_guide, edition=Edition.TEACHER)
    assert teacher[0] == "summaries"
    assert parallel.worker_run(["background", "themes", "quotes"], sample_guide) == ()  # no Summary & Analysis
    assert parallel.worker_run(["summaries", "quotes"], sample_guide) == ()  # first: nothing to do meanwhile


def test_a_worker_taking_several_sections_gives_the_serial_bytes(tmp_path):
    with _adoptions() as adopted:
        split = _build(SAMPLE, tmp_path / "split.pdf", "1")
    assert len(adopted) == 1 and adopted[0] > 10
    serial = _build(SAMPLE, tmp_path / "serial.pdf", "0")
    assert split.read_bytes() == serial.read_bytes()
    assert len(_run_of(load_guide(SAMPLE))) > 1
    _no_children_left()


def test_recorded_pages_are_not_kept_once_adopted(generated, tmp_path, monkeypatch):
    """The parent records the sections after the worker's on a RecordingCanvas and adopts its
    pages. The canvas and its document hold each other, a cycle the collector may leave until
    the end: it must not hold the pages (every operator of them) when the file is written."""
    import gc

    from guidebuilder import rlcompat

    held = []
    original = rlcompat._pdfdoc.PDFDocument.format

    def format(doc):
        held.extend(len(c.pages) for c in gc.get_objects() if isinstance(c, parallel.RecordingCanvas))
        return original(doc)

    monkeypatch.setattr(rlcompat._pdfdoc.PDFDocument, "format", format)
    gc.disable()  # as if no collection had run since the adoption
    try:
        _build(generated, tmp_path / "g.pdf", "1")
    finally:
        gc.enable()
    assert held and held == [0] * len(held)


def _embedded(monkeypatch) -> list:
    """Per font subset the parent embeds: whether its bytes came made (by the worker)."""
    from guidebuilder import rlcompat

    made = []
    original = rlcompat._rl_add_subset_objects

    def add(face, doc, fontname, subset):
        made.append("makeSubset" in vars(face))  # add_subset_objects puts the made bytes there
        return original(face, doc, fontname, subset)

    monkeypatch.setattr(rlcompat, "_rl_add_subset_objects", add)
    return made


def test_the_worker_makes_the_font_subsets_while_the_parent_adopts(generated, tmp_path, monkeypatch, builds):
    """Making and compressing the font subsets was 8-9 ms of every build's serial end; the worker
    makes them once its pages are sent, and the parent embeds them: the same bytes."""
    made = _embedded(monkeypatch)
    out = _build(generated, tmp_path / "split.pdf", "1")
    assert made.count(True) >= 3 and out.read_bytes() == builds["serial"].read_bytes()


def test_without_the_workers_subsets_the_parent_makes_them(generated, tmp_path, monkeypatch, builds):
    from guidebuilder import rlcompat

    def broken(canvas):
        raise RuntimeError("cannot make subsets")

    monkeypatch.setattr(rlcompat, "made_subsets", broken)  # the worker, forked, has it too
    made = _embedded(monkeypatch)
    out = _build(generated, tmp_path / "split.pdf", "1")
    assert made and not any(made) and out.read_bytes() == builds["serial"].read_bytes()
    _no_children_left()


def test_a_made_subset_is_used_only_for_the_same_subset():
    from reportlab.pdfbase import pdfdoc, pdfmetrics

    from guidebuilder import fonts, rlcompat

    fonts.register()
    face = pdfmetrics.getFont(fonts.SERIF).face
    subset = list(range(32, 127))

    def embedded(made):
        doc = pdfdoc.PDFDocument()
        doc.made_subsets = made
        rlcompat.add_subset_objects(face, doc, "AAAAAA+Serif", subset)
        stream = doc.idToObject[f"fontFile:{face.filename}(AAAAAA+Serif)"]
        return stream.content, stream.filters[0].encode(stream.content)

    raw = face.makeSubset(subset)
    plain = embedded({})
    assert plain == embedded({(face.filename, tuple(subset[:-1])): (b"other", b"other")})  # not this subset
    assert plain == embedded(lambda: {(face.filename, tuple(subset)): (raw, pdfdoc.PDFZCompress.encode(raw))})
    assert plain == (raw, pdfdoc.PDFZCompress.encode(raw)) and "makeSubset" not in vars(face)
