"""Shared helpers for the broken/hostile/property/interrupt tests: write guides, build them, read PDFs.

Not a test module (pytest does not collect it); the test files load it by path, so it needs no
package or conftest. Everything here is deterministic: the same arguments give the same files.

minimal()            a small valid guide as a dict (override or extend it per test)
write_guide()        a dict -> guide.yaml (plus optional extra files) in a folder
write_png/jpeg       small real images, a truncated JPEG, a PNG decompression bomb (written by hand)
old_pdf()            a one-page PDF whose Producer is guidebuilder: "yesterday's build", safe to replace
run_cli()            guidebuilder.cli.main through click's CliRunner, in a given folder
error_lines()        stderr -> the located `FILE:LINE:COL: severity: message` lines, parsed
pdf_text()           all text of a PDF (pypdfium2), and normalize() for literal comparisons
chars_off_page()     characters drawn outside their page (unreadable layout)
link_actions()       every link annotation's action, to prove links are only ours
"""
from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|note): (?P<message>.+)$")


# --------------------------------------------------------------------------- guides

def minimal(**overrides) -> dict:
    """A small valid guide: two themes, two characters, a symbol, two chapters, quotes, questions."""
    guide = {
        "title": "Frankenstein",
        "author": "Mary Shelley",
        "published": "1818",
        "characters": [
            {"id": "walton", "name": "Robert Walton", "role": "major"},
            {"id": "victor", "name": "Victor Frankenstein"},
        ],
        "symbols": [{"id": "fire", "name": "Fire", "description": "Knowledge that burns."}],
        "themes": [
            {"id": "ambition", "name": "Ambition", "color": "#B03A2E", "icon": "flame",
             "summary": "The cost of wanting to know.", "analysis": "Victor's *hunger* to learn."},
            {"id": "isolation", "name": "Isolation", "summary": "Being alone."},
        ],
        "glossary": [{"term": "Frame narrative", "definition": "A story within a story.", "chapter": "ch1"}],
        "chapters": [
            {"title": "Letter 1", "short": "L1", "length": 5,
             "summary": [{"text": "Robert Walton writes to his sister.", "analysis": "Walton's ambition mirrors Victor's.",
                          "themes": ["ambition"]}],
             "quotes": [{"text": "I shall satiate my ardent curiosity.", "speaker": "walton",
                         "themes": ["ambition"], "page": "1", "explanation": "Curiosity as appetite."}],
             "questions": [{"prompt": "Why does Walton write?", "kind": "short-answer", "answer": "To confide."}]},
            {"title": "Letter 2", "short": "L2",
             "summary": "Walton feels the want of a friend.",
             "quotes": [{"text": "I have no friend.", "speaker": "walton", "themes": ["isolation"]}]},
        ],
        "questions": [{"prompt": "Is ambition punished?", "kind": "essay", "themes": ["ambition"]}],
    }
    guide.update(overrides)
    return guide


# Every text field of the format, as a path into a minimal() guide. KEY: the value is a mapping key
# (a key-facts label). Teacher-only fields (answers) are printed only with --edition teacher.
KEY = object()
FIELDS: dict[str, tuple] = {
    "title": ("title",),
    "subtitle": ("subtitle",),
    "author": ("author",),
    "published": ("published",),
    "credits": ("credits",),
    "plot_summary": ("plot_summary",),
    "author_bio": ("background", "author_bio"),
    "historical_context": ("background", "historical_context"),
    "related_works": ("background", "related_works"),
    "key_fact_label": ("background", "key_facts", KEY),
    "key_fact_value": ("background", "key_facts", "Label"),
    "theme_name": ("themes", 0, "name"),
    "theme_summary": ("themes", 0, "summary"),
    "theme_analysis": ("themes", 0, "analysis"),
    "character_name": ("characters", 0, "name"),
    "character_alias": ("characters", 0, "aliases", 0),
    "character_description": ("characters", 0, "description"),
    "symbol_name": ("symbols", 0, "name"),
    "symbol_description": ("symbols", 0, "description"),
    "term": ("glossary", 0, "term"),
    "definition": ("glossary", 0, "definition"),
    "example": ("glossary", 0, "example"),
    "chapter_title": ("chapters", 0, "title"),
    "passage_text": ("chapters", 0, "summary", 0, "text"),
    "passage_analysis": ("chapters", 0, "summary", 0, "analysis"),
    "summary_text": ("chapters", 1, "summary"),
    "quote_text": ("chapters", 0, "quotes", 0, "text"),
    "quote_page": ("chapters", 0, "quotes", 0, "page"),
    "quote_explanation": ("chapters", 0, "quotes", 0, "explanation"),
    "chapter_question": ("chapters", 0, "questions", 0, "prompt"),
    "chapter_answer": ("chapters", 0, "questions", 0, "answer"),
    "question_prompt": ("questions", 0, "prompt"),
    "question_answer": ("questions", 0, "answer"),
}
TEACHER_ONLY = {"chapter_answer", "question_answer"}


def set_field(guide: dict, name: str, value: str) -> dict:
    """Put `value` in the field `name` of `guide` (made with minimal()), creating mappings on the way."""
    *where, last = FIELDS[name]
    obj = guide
    for i, key in enumerate(where):
        if isinstance(obj, dict) and key not in obj:
            obj[key] = [] if isinstance(([*where, last])[i + 1], int) else {}
        if isinstance(obj, list) and key >= len(obj):
            obj.append({})
        obj = obj[key]
    if last is KEY:
        obj[value] = "value"
    elif isinstance(obj, list):
        obj[last:last + 1] = [value]
    else:
        obj[last] = value
    return guide


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 30, default_flow_style=False)


def write_guide(folder: Path, data: dict | str, files: dict[str, str | bytes] | None = None) -> Path:
    """Write guide.yaml (a dict is dumped as YAML, a str written as is) and any extra files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else dump(data)
    (folder / "guide.yaml").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- images

def old_pdf(note: str = "yesterday") -> bytes:
    """A small PDF that guidebuilder made earlier (its Producer says so), so a build may replace it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_metadata({"/Producer": "guidebuilder", "/Title": f"the PDF from {note}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes(width: int, height: int, color=(200, 40, 40)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(width: int, height: int, color=(40, 40, 200)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def truncated_jpeg() -> bytes:
    """A real JPEG header with half its scan data gone."""
    from PIL import Image

    im = Image.effect_noise((400, 300), 60).convert("RGB")  # noise compresses badly: lots of scan data
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=95)
    data = buf.getvalue()
    return data[: len(data) // 2]


def bomb_png(side: int = 30000) -> bytes:
    """A 1-bit `side` x `side` PNG of zeros: ~100 KB on disk, ~900 Mpixel when opened.

    Written with zlib row by row (not Pillow), so making it costs no memory.
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed bits
    z = zlib.compressobj(9)
    parts = [z.compress(row) for _ in range(side)]
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit grayscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


# --------------------------------------------------------------------------- running

@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def errors(self) -> list[dict]:
        return error_lines(self.stderr, "error")

    @property
    def warnings(self) -> list[dict]:
        return error_lines(self.stderr, "warning")


def run_cli(args: list[str], cwd: Path) -> Run:
    """guidebuilder's click main, in-process, with the current folder set to `cwd`."""
    from click.testing import CliRunner

    from guidebuilder.cli import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    finally:
        os.chdir(old)
    exc = result.exception if not isinstance(result.exception, SystemExit) else None
    return Run(result.exit_code, result.stdout, result.stderr, exc)


def error_lines(stderr: str, severity: str | None = None) -> list[dict]:
    out = []
    for line in stderr_lines(stderr):
        m = LOCATED.match(line)
        if m and (severity is None or m["severity"] == severity):
            d = m.groupdict()
            d["line"], d["col"] = int(d["line"]), int(d["col"])
            out.append(d)
    return out


def unlocated_lines(stderr: str) -> list[str]:
    """stderr lines that are not `FILE:LINE:COL: error|warning: ...`."""
    return [line for line in stderr_lines(stderr) if line.strip() and not LOCATED.match(line)]


def stderr_lines(stderr: str) -> list[str]:
    """Lines as a terminal or a shell `read` sees them: split at newlines only (str.splitlines would
    also split at \\v, \\f, \\x1c-\\x1e, \\x85, U+2028 and U+2029)."""
    return [line.rstrip("\r") for line in stderr.split("\n") if line != ""]


@functools.lru_cache(maxsize=None)
def subprocess_cmd() -> tuple[str, ...]:
    """How to start guidebuilder's CLI in a child process from the source tree:
    `python -m guidebuilder.cli` when that runs the CLI, else `python -c "...main()"`."""
    import subprocess

    module = (sys.executable, "-m", "guidebuilder.cli")
    try:
        probe = subprocess.run([*module, "--help"], env=subprocess_env(), capture_output=True, text=True, timeout=60)
        if probe.returncode == 0 and "Usage" in probe.stdout:
            return module
    except (OSError, subprocess.SubprocessError):
        pass
    return (sys.executable, "-c", "from guidebuilder.cli import main; main()")


def subprocess_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


@dataclass
class ProcRun:
    exit_code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float

    @property
    def timed_out(self) -> bool:
        return self.exit_code is None


# After this many seconds a run counts as hung (an endless loop, a quadratic blow-up, an alias
# bomb expanded). It is a guard, not a speed target: these machines are shared and noisy, and
# speed is measured by benchmarks/bench.py, which prints figures and compares ratios.
HANG_SECONDS = 120


def run_subprocess(args: list[str], cwd: Path, timeout: float, env: dict | None = None) -> ProcRun:
    """The CLI in a child process, killed (with its children) after `timeout` seconds."""
    import signal
    import subprocess
    import time

    started = time.monotonic()
    proc = subprocess.Popen([*subprocess_cmd(), *map(str, args)], cwd=cwd, env=env or subprocess_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    return ProcRun(code, out, err, time.monotonic() - started)


def run_measured(args: list[str], cwd: Path, timeout: float) -> tuple[ProcRun, float]:
    """The CLI in a child process, and the child's peak resident memory in MB (from wait4)."""
    import signal
    import subprocess
    import tempfile as _tempfile
    import time

    with _tempfile.TemporaryFile("w+") as out, _tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen([*subprocess_cmd(), *map(str, args)], cwd=cwd, env=subprocess_env(),
                                stdout=out, stderr=err, text=True, start_new_session=True)
        code = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = code if code is not None else -9  # reaped here; keep Popen from waiting again
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return ProcRun(code, out.read(), err.read(), seconds), usage.ru_maxrss / 1024


# --------------------------------------------------------------------------- PDFs

_TYPOGRAPHY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def pdf_text(path: Path, body_only: bool = True) -> str:
    """All text of the PDF, page after page. body_only: without the running header and the page
    number (anything within 45 pt of the top or bottom edge), so that a paragraph that continues
    on the next page reads on without them in between."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for page in doc:
            w, h = page.get_size()
            tp = page.get_textpage()
            parts.append(tp.get_text_bounded(0, 45, w, h - 45) if body_only else tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(parts)
    finally:
        doc.close()


def normalize(text: str) -> str:
    """Text for literal comparison: curly quotes straight, and no whitespace, hyphens or zero-width
    spaces at all (a line may break inside a word with or without a hyphen, or at a hyphen the text
    had; a very long word gets zero-width spaces to break at)."""
    text = text.translate(_TYPOGRAPHY)
    return re.sub(r"[\s\-\ufffe\x02\u00ad\u2010\u200b]+", "", text)


def contains_literal(haystack_text: str, needle: str) -> bool:
    return normalize(needle) in normalize(haystack_text)


def contains_in_pieces(haystack_text: str, needle: str, pieces: int = 4) -> bool:
    """Like contains_literal, but the needle may be cut into up to `pieces` runs, in order, with
    other text between them: a word that flows on to the next page in one column while the
    column beside it is read in between. Each run but the last is at least 20 characters."""
    hay, rest, pos = normalize(haystack_text), normalize(needle), 0
    for _ in range(pieces):
        lo, hi = 0, len(rest)
        while lo < hi:  # the longest prefix of `rest` found at or after `pos`
            mid = (lo + hi + 1) // 2
            if hay.find(rest[:mid], pos) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo == len(rest):
            return True
        if lo < 20:
            return False
        pos = hay.find(rest[:lo], pos) + lo
        rest = rest[lo:]
    return False


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def chars_off_page(path: Path, limit: int = 20) -> list[tuple[int, str, tuple]]:
    """Up to `limit` (page, char, box) for characters drawn outside their page's box."""
    import pypdfium2 as pdfium

    bad = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(doc, 1):
            w, h = page.get_size()
            tp = page.get_textpage()
            text = tp.get_text_range()
            for i in range(tp.count_chars()):
                ch = text[i] if i < len(text) else "?"
                if ch.isspace():
                    continue
                left, bottom, right, top = tp.get_charbox(i)
                if left < -1 or bottom < -1 or right > w + 1 or top > h + 1:
                    bad.append((number, ch, (round(left), round(bottom), round(right), round(top))))
                    if len(bad) >= limit:
                        return bad
            tp.close()
            page.close()
    finally:
        doc.close()
    return bad


def link_actions(path: Path) -> list[str]:
    """'dest' for internal links, else the action type and target of each link annotation."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(str(path)).pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is None:
                out.append("dest")
                continue
            action = action.get_object()
            kind = str(action.get("/S"))
            target = action.get("/URI") or action.get("/JS") or action.get("/F") or action.get("/D") or ""
            out.append(f"{kind} {target}")
    return out


def image_count(path: Path) -> int:
    """Raster images placed on the PDF's pages."""
    from pypdf import PdfReader

    total = 0
    for page in PdfReader(str(path)).pages:
        total += len(page.images)
    return total


ACTION_KEYS = ("/JavaScript", "/JS", "/URI", "/Launch", "/OpenAction", "/AA", "/SubmitForm")


def action_names(path: Path) -> list[str]:
    """Every action key or action type anywhere in the PDF's objects (dictionary keys and /S values).

    Walks the parsed objects rather than grepping bytes: compressed (ASCII85, Flate) streams can spell
    "/JS" by chance, which made a byte search fail for some temporary-folder names.
    """
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(str(path))
    found: list[str] = []
    seen: set = set()
    todo = [reader.trailer]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for name, value in obj.items():
                if name in ACTION_KEYS:
                    found.append(str(name))
                if name == "/S" and str(value) in ACTION_KEYS:
                    found.append(str(value))
                todo.append(value)
        elif isinstance(obj, ArrayObject):
            todo.extend(obj)
    return found


def raw_streams(path: Path) -> bytes:
    """The PDF's bytes with every stream decompressed, to search for leaked file contents."""
    from pypdf import PdfReader
    from pypdf.generic import StreamObject

    reader = PdfReader(str(path))
    chunks = [Path(path).read_bytes()]
    numbers = set(reader.xref_objStm)
    for table in reader.xref.values():
        numbers |= set(table)
    for num in sorted(numbers):
        with contextlib.suppress(Exception):
            obj = reader.get_object(num)
            if isinstance(obj, StreamObject):
                chunks.append(obj.get_data())
    return b"\n".join(chunks)


def printed_chars(path: Path) -> list[tuple[str, str]]:
    """(character, font name) for every character pdfium finds on the pages."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = []
    doc = pdfium.PdfDocument(str(path))
    try:
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for page in doc:
            tp = page.get_textpage()
            for i in range(tp.count_chars()):
                code = raw.FPDFText_GetUnicode(tp, i)
                if not code:
                    continue
                raw.FPDFText_GetFontInfo(tp, i, buf, 256, ctypes.byref(flags))
                out.append((chr(code), buf.value.decode("latin-1").split("+")[-1]))
            tp.close()
            page.close()
    finally:
        doc.close()
    return out


def glyphs_without_text(path: Path) -> list[int]:
    """1-based pages with characters that map to no text: glyphs a font lacks print as empty boxes."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(doc, 1):
            tp = page.get_textpage()
            if any(raw.FPDFText_GetUnicode(tp, i) == 0 for i in range(tp.count_chars())):
                pages.append(number)
            tp.close()
            page.close()
    finally:
        doc.close()
    return pages


def embedded_fonts(path: Path) -> set[str]:
    """Names (subset prefix removed) of the fonts whose programs the PDF embeds."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(path)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        stack = [f.get_object() for f in fonts.values()]
        for form in ((page.get("/Resources") or {}).get("/XObject") or {}).values():
            form = form.get_object()
            stack += [f.get_object() for f in (((form.get("/Resources") or {}).get("/Font")) or {}).values()]
        while stack:
            font = stack.pop()
            for d in font.get("/DescendantFonts") or []:
                stack.append(d.get_object())
            desc = font.get("/FontDescriptor")
            if desc is not None:
                desc = desc.get_object()
                if any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1])
    return names


@functools.lru_cache(maxsize=None)
def font_cmap(name: str) -> frozenset[int] | None:
    """The code points a font program named `name` maps, from the font file itself, if we can find it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFile

    for registered in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(registered)
        face = getattr(font, "face", None)
        if getattr(face, "name", None) in (name, name.encode()) and hasattr(face, "charToGlyph"):
            return frozenset(face.charToGlyph)
    roots = []
    for module in ("fontpkg_crimson_text", "fontpkg_fira_sans"):
        with contextlib.suppress(ImportError):
            roots.append(Path(__import__(module).ROOT))
    roots += [REPO / "assets", Path("/usr/share/fonts")]
    for root in roots:
        for candidate in root.rglob(f"{name}.[ot]tf") if root.is_dir() else ():
            with contextlib.suppress(Exception):
                return frozenset(TTFontFile(str(candidate)).charToGlyph)
    return None


# --------------------------------------------------------------------------- file opens

_OPENED: list[str] | None = None
_HOOKED = False


def _audit(event: str, args) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.path.abspath(os.fsdecode(args[0])))


@contextlib.contextmanager
def recording_opens():
    """Every file path Python opens in this process while inside the block (an audit hook,
    added once per process and inert outside these blocks)."""
    global _OPENED, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED = True
    _OPENED = opened = []
    try:
        yield opened
    finally:
        _OPENED = None
