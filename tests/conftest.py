"""Shared fixtures: guide folders written from YAML strings, and fixture PDFs built once per session."""
from __future__ import annotations

import os
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from guidebuilder.errors import ContentError
from guidebuilder.load import load_guide
from guidebuilder.model import Guide
from guidebuilder.options import ChapterSpan, Edition, Options, Paper
from guidebuilder.render import build_pdf

TESTS = Path(__file__).resolve().parent
GUIDES = TESTS / "guides"
TINY = GUIDES / "tiny"
BARE = GUIDES / "bare"
SAMPLE = TESTS.parent / "content" / "the-great-gatsby"


def generated_guide(folder: Path, chapters: int, themes: int, seed: int) -> Path:
    """A guide written by the benchmarks' generator (nonsense prose with italics, quotes, dashes, & < >)."""
    import subprocess
    import sys

    subprocess.run([sys.executable, str(TESTS.parent / "benchmarks" / "make_guide.py"), str(folder), "--chapters",
                    str(chapters), "--themes", str(themes), "--seed", str(seed)], check=True, capture_output=True)
    return folder

# The section titles of a full guide, in the order the contents lists them.
SECTION_TITLES = ("Background", "Plot Summary", "Characters", "Themes", "Theme Tracker",
                  "Summary & Analysis", "Key Quotes", "Symbols", "Glossary", "Questions")

_COLOR_OP = re.compile(rb"(?<![\w.])(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(rg|RG)\b")


def hex_rgb(hex_color: str) -> tuple[float, float, float]:
    """'#B03A2E' -> (0.690, 0.227, 0.180)."""
    h = hex_color.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def squash(text: str) -> str:
    """Text with every run of whitespace as one space, for matching across line breaks."""
    return " ".join(text.split())


@dataclass
class BuiltPdf:
    """One built PDF and ways to look into it."""

    path: Path
    guide: Guide
    options: Options
    page_count: int  # what build_pdf returned
    reader: PdfReader = field(init=False)

    def __post_init__(self):
        self.reader = PdfReader(self.path)

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def texts(self) -> list[str]:
        """pypdf's text of each page (index 0 is page 1)."""
        return [p.extract_text() for p in self.reader.pages]

    def lines(self, page: int) -> list[str]:
        """The stripped, non-empty text lines of 1-based `page`."""
        return [line.strip() for line in self.texts[page - 1].splitlines() if line.strip()]

    @cached_property
    def all_text(self) -> str:
        return squash(" ".join(self.texts))

    @cached_property
    def outline(self) -> list[tuple[int, str, int]]:
        """The outline flattened: (level, title, 1-based page), in document order."""
        out: list[tuple[int, str, int]] = []

        def walk(items, level):
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    out.append((level, item.title, self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 0)
        return out

    def outline_children(self, parent: str) -> list[tuple[str, int]]:
        """(title, page) of the level-1 entries under the top-level entry `parent`."""
        out, inside = [], False
        for level, title, page in self.outline:
            if level == 0:
                inside = title == parent
            elif inside and level == 1:
                out.append((title, page))
        return out

    def colors(self, page: int) -> set[tuple[str, tuple[float, float, float]]]:
        """('rg' fill or 'RG' stroke, (r, g, b)) set on 1-based `page`, including its form XObjects."""
        found = set()
        for data in self._streams(self.reader.pages[page - 1]):
            for m in _COLOR_OP.finditer(data):
                found.add((m.group(4).decode(), tuple(float(m.group(i)) for i in (1, 2, 3))))
        return found

    def draws_color(self, page: int, hex_color: str, tolerance: float = 0.003) -> bool:
        want = hex_rgb(hex_color)
        return any(all(abs(a - b) <= tolerance for a, b in zip(rgb, want)) for _, rgb in self.colors(page))

    def _streams(self, page) -> list[bytes]:
        out = [page.get_contents().get_data()] if page.get_contents() is not None else []
        seen: set = set()

        def forms(resources):
            xobjects = (resources or {}).get("/XObject") or {}
            for ref in xobjects.values():
                key = getattr(ref, "idnum", id(ref))
                xobj = ref.get_object()
                if key in seen or xobj.get("/Subtype") != "/Form":
                    continue
                seen.add(key)
                out.append(xobj.get_data())
                forms(xobj.get("/Resources"))

        forms(page.get("/Resources"))
        return out

    @cached_property
    def fonts_showing_text(self) -> dict[str, dict]:
        """BaseFont name -> font dictionary, for every font that actually shows a glyph somewhere."""
        used: dict[str, dict] = {}

        def run(stream_owner, resources, seen):
            fonts = (resources or {}).get("/Font") or {}
            current = None
            for operands, op in ContentStream(stream_owner, self.reader).operations:
                if op == b"Tf":
                    current = fonts[operands[0]].get_object()
                elif op in (b"Tj", b"TJ", b"'", b'"') and current is not None:
                    shown = operands[-1]
                    if (len(shown) if not isinstance(shown, list) else any(not isinstance(x, (int, float)) and len(x) for x in shown)):
                        used[str(current["/BaseFont"])] = current
                elif op == b"Do":
                    xobj = (resources or {})["/XObject"][operands[0]].get_object()
                    if xobj.get("/Subtype") == "/Form" and id(xobj) not in seen:
                        seen.add(id(xobj))
                        run(xobj, xobj.get("/Resources"), seen)

        for page in self.reader.pages:
            run(page.get_contents(), page.get("/Resources"), set())
        return used


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """Parsed fonts and patterns (guidebuilder/cache.py) kept in the session's temporary folder, for
    this process and the commands it starts: the suite never writes into the user's cache."""
    saved = os.environ.get("GUIDEBUILDER_CACHE_DIR")
    os.environ["GUIDEBUILDER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("GUIDEBUILDER_CACHE_DIR", None)
    else:
        os.environ["GUIDEBUILDER_CACHE_DIR"] = saved


@pytest.fixture(scope="session")
def build_once(tmp_path_factory):
    """build(folder, name, **options) -> BuiltPdf, each (folder, options) built once per session."""
    cache: dict = {}
    out_dir = tmp_path_factory.mktemp("pdfs")

    def build(folder: Path, name: str, **options) -> BuiltPdf:
        key = (str(folder), name, tuple(sorted(options.items(), key=lambda kv: kv[0])))
        if key not in cache:
            guide = load_guide(folder)
            split = options.pop("split", False)  # laid out in two processes (guidebuilder/parallel.py)
            opts = Options(**options)
            path = out_dir / f"{name}.pdf"
            saved = os.environ.get("GUIDEBUILDER_PARALLEL")
            if split:
                os.environ["GUIDEBUILDER_PARALLEL"] = "1"
            try:
                pages = build_pdf(guide, path, opts)
            finally:
                if saved is None:
                    os.environ.pop("GUIDEBUILDER_PARALLEL", None)
                else:
                    os.environ["GUIDEBUILDER_PARALLEL"] = saved
            cache[key] = BuiltPdf(path, guide, opts, pages)
        return cache[key]

    return build


@pytest.fixture(scope="session")
def tiny_pdf(build_once) -> BuiltPdf:
    """The tiny fixture guide, student edition, letter paper."""
    return build_once(TINY, "tiny")


@pytest.fixture(scope="session")
def tiny_teacher_pdf(build_once) -> BuiltPdf:
    return build_once(TINY, "tiny-teacher", edition=Edition.TEACHER)


@pytest.fixture(scope="session")
def tiny_a4_pdf(build_once) -> BuiltPdf:
    return build_once(TINY, "tiny-a4", paper=Paper.A4)


@pytest.fixture(scope="session")
def bare_pdf(build_once) -> BuiltPdf:
    """A guide with only the required content: one theme, one chapter, one passage."""
    return build_once(BARE, "bare")


@pytest.fixture(scope="session")
def sample_guide() -> Guide:
    """The real sample guide, or a skip naming why it cannot be loaded."""
    if not (SAMPLE / "guide.yaml").is_file():
        pytest.skip(f"no sample guide at {SAMPLE}")
    try:
        return load_guide(SAMPLE)
    except ContentError as exc:
        first = exc.problems[0] if exc.problems else "no details"
        pytest.skip(f"content/the-great-gatsby does not pass load_guide ({len(exc.problems)} problems; first: {first})")


@pytest.fixture(scope="session")
def sample_pdf(build_once, sample_guide) -> BuiltPdf:
    return build_once(SAMPLE, "the-great-gatsby")


@pytest.fixture(scope="session")
def sample_large_pdf(build_once, sample_guide) -> BuiltPdf:
    return build_once(SAMPLE, "the-great-gatsby-large", large_print=True)


@pytest.fixture
def make_guide(tmp_path, monkeypatch):
    """make_guide({"guide.yaml": "...", "chapters/01.yaml": "..."}) -> the folder 'g' in tmp_path.

    The current folder becomes tmp_path, so messages name files as 'g/guide.yaml'.
    YAML strings are dedented; bytes are written as they are.
    """
    monkeypatch.chdir(tmp_path)

    def make(files: dict, name: str = "g") -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        for rel, content in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return Path(name)

    return make


@pytest.fixture
def copy_guide(tmp_path):
    """copy_guide(src_folder, dest_relative_to_tmp_path) -> the copied folder."""

    def copy(src: Path, dest: str) -> Path:
        target = tmp_path / dest
        shutil.copytree(src, target)
        return target

    return copy


# A valid guide.yaml body that tests extend or break one key at a time.
MINIMAL = """\
title: Frankenstein
author: Mary Shelley
themes:
  - id: ambition
    name: Ambition
chapters:
  - title: Letter 1
    summary: Walton writes to his sister.
"""


@pytest.fixture
def minimal_yaml() -> str:
    return MINIMAL


# Every print mode the tagged-PDF checks cover (tests/test_tagging.py, tests/test_pdfua.py):
# name -> (folder, options). A booklet is imposed for printing and is not tagged (see README).
TAGGED = ("tiny", "tiny-teacher", "tiny-a4", "tiny-gray", "tiny-large", "tiny-cover", "bare", "play",
          "play-teacher-large", "reference",
          "the-great-gatsby", "the-great-gatsby-teacher", "the-great-gatsby-gray", "the-great-gatsby-large",
          "the-great-gatsby-a4", "theme-handout", "chapters-3-4", "chapters-3-4-teacher", "the-great-gatsby-split")


def print_modes(sample_guide: Guide, covered: Path) -> dict[str, tuple[Path, dict]]:
    span = ChapterSpan(3, 4, len(sample_guide.chapters))
    modes = {
        "tiny": (TINY, {}), "tiny-teacher": (TINY, {"edition": Edition.TEACHER}),
        "tiny-a4": (TINY, {"paper": Paper.A4}), "tiny-gray": (TINY, {"grayscale": True}),
        "tiny-large": (TINY, {"large_print": True}), "tiny-cover": (covered, {}), "bare": (BARE, {}),
        "play": (GUIDES / "play", {}),
        "play-teacher-large": (GUIDES / "play", {"edition": Edition.TEACHER, "large_print": True}),
        "reference": (GUIDES / "reference", {}),
        "the-great-gatsby": (SAMPLE, {}),
        "the-great-gatsby-teacher": (SAMPLE, {"edition": Edition.TEACHER}),
        "the-great-gatsby-gray": (SAMPLE, {"grayscale": True}),
        "the-great-gatsby-large": (SAMPLE, {"large_print": True}),
        "the-great-gatsby-a4": (SAMPLE, {"paper": Paper.A4}),
        "theme-handout": (SAMPLE, {"theme": "past-time"}),
        "chapters-3-4": (SAMPLE, {"chapters": span}),
        "chapters-3-4-teacher": (SAMPLE, {"chapters": span, "edition": Edition.TEACHER}),
        "the-great-gatsby-split": (SAMPLE, {"split": True}),  # the sample laid out in two processes
    }
    assert tuple(modes) == TAGGED
    return modes


@pytest.fixture(scope="session")
def covered_guide(tmp_path_factory) -> Path:
    """The tiny guide with a cover image and its alt text."""
    from hostile import guides as G

    folder = tmp_path_factory.mktemp("covered") / "tiny-cover"
    shutil.copytree(TINY, folder)
    (folder / "cover.png").write_bytes(G.png_bytes(300, 200))
    text = (folder / "guide.yaml").read_text(encoding="utf-8")
    (folder / "guide.yaml").write_text(text.replace(
        "language: en\n", "language: en\ncover:\n  image: cover.png\n  alt: A lighthouse on a rock at dusk\n", 1),
        encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tagged_pdfs(build_once, sample_guide, covered_guide) -> dict[str, BuiltPdf]:
    """Every print mode of the sample and of the test guides, built once."""
    return {name: build_once(folder, name, **options)
            for name, (folder, options) in print_modes(sample_guide, covered_guide).items()}
