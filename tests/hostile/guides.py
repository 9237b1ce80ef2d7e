"""Shared helpers for the broken/hostile/property/interrupt tests: write guides, build them, read PDFs.

Not a test module (pytest does not collect it); the test files load it by path, so it needs no
package or conftest. Everything here is deterministic: the same arguments give the same files.

minimal()            a small valid guide as a dict (override or extend it per test)
write_guide()        a dict -> guide.yaml (plus optional extra files) in a folder
write_png/jpeg       small real images, a truncated JPEG, a PNG decompression bomb (written by hand)
run_cli()            guidebuilder.cli.main through click's CliRunner, in a given folder
error_lines()        stderr -> the located `FILE:LINE:COL: severity: message` lines, parsed
pdf_text()           all text of a PDF (pypdfium2), and normalize() for literal comparisons
chars_off_page()     characters drawn outside their page (unreadable layout)
link_actions()       every link annotation's action, to prove links are only ours
"""
from __future__ import annotations

import contextlib
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
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$")


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
    for line in stderr.splitlines():
        m = LOCATED.match(line)
        if m and (severity is None or m["severity"] == severity):
            d = m.groupdict()
            d["line"], d["col"] = int(d["line"]), int(d["col"])
            out.append(d)
    return out


def unlocated_lines(stderr: str) -> list[str]:
    """stderr lines that are not `FILE:LINE:COL: error|warning: ...`."""
    return [line for line in stderr.splitlines() if line.strip() and not LOCATED.match(line)]


def subprocess_cmd() -> list[str]:
    """How to start guidebuilder's CLI in a child process from the source tree."""
    return [sys.executable, "-c", "from guidebuilder.cli import main; main()"]


def subprocess_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


# --------------------------------------------------------------------------- PDFs

_TYPOGRAPHY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for page in doc:
            tp = page.get_textpage()
            parts.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(parts)
    finally:
        doc.close()


def normalize(text: str) -> str:
    """Text for literal comparison: curly quotes straight, no whitespace, no line-end hyphens."""
    text = text.translate(_TYPOGRAPHY).replace("\ufffe", "").replace("\x02", "").replace("\u00ad", "")
    text = re.sub(r"-\s*[\r\n]+", "", text)  # a word hyphenated at a line end
    return re.sub(r"\s+", "", text)


def contains_literal(haystack_text: str, needle: str) -> bool:
    return normalize(needle) in normalize(haystack_text)


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
