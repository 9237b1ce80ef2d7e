"""Where PDFs go, and the rule that a build never destroys work.

default_name()         <folder>[-theme-ID][-chapters-RANGE][-teacher][-a4][-gray][-booklet][-large].pdf
output_paths()         the PDF path of each guide of a run, from -o and the options
refuse_to_overwrite()  why a path must not be written (a file guidebuilder did not make, a bad folder)
made_by_guidebuilder() whether a file is a PDF whose Producer or Creator is guidebuilder

Everything here is checked before anything is built, so a refused run costs nothing and changes
nothing. OutputError carries a one-line message; the command line turns it into exit status 2.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .yamlread import display_path


class OutputError(Exception):
    """The output path cannot or must not be written; the message says why in one line."""


def default_name(folder: Path, options: dict, chapter_range: str | None) -> str:
    """The file name a guide gets: every option that changes the PDF is in it, so no two differ only inside."""
    name = Path(folder).resolve().name
    if options.get("theme"):
        name += f"-theme-{options['theme']}"
    if chapter_range:
        name += "-chapters-" + "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in chapter_range)
    if _value(options.get("edition")) == "teacher":
        name += "-teacher"
    if _value(options.get("paper")) == "a4":
        name += "-a4"
    if options.get("grayscale"):
        name += "-gray"
    if options.get("booklet"):
        name += "-booklet"
    if options.get("large_print"):
        name += "-large"
    return name + ".pdf"


def _value(option) -> str | None:
    return getattr(option, "value", option)


def means_folder(output: str) -> bool:
    """-o DIR/ (a trailing slash) or an existing folder names a folder."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def output_paths(folders: list[Path], output: str | None, options: dict, chapter_range: str | None) -> list[Path]:
    """Each guide's PDF path; OutputError when -o cannot hold them or two guides would share one file."""
    names = [default_name(f, options, chapter_range) for f in folders]
    if output and not means_folder(output):
        if len(folders) > 1:
            if Path(output).suffix.lower() == ".pdf":
                raise OutputError("with several guides, -o names a folder, not a .pdf file")
            if Path(output).exists():
                raise OutputError(f"with several guides, -o names a folder, and {output} is a file")
            paths = [Path(output) / n for n in names]
        else:
            paths = [Path(output)]
    else:
        paths = [Path(output or "output") / n for n in names]
    seen: dict[Path, Path] = {}
    for folder, path in zip(folders, paths):
        key = Path(os.path.abspath(path))
        if key in seen:
            raise OutputError(f"{display_path(seen[key])} and {display_path(folder)} would both be written to "
                              f"{path}; build them into different folders, or one at a time with -o")
        seen[key] = folder
    return paths


def pdf_name_warning(path: Path) -> str | None:
    if path.suffix.lower() != ".pdf":
        return f"{path} does not end in .pdf; PDF readers and file managers may not recognise it"
    return None


def refuse_to_overwrite(path: Path, guide_folders: list[Path] = ()) -> None:
    """Raise OutputError when writing `path` could destroy work or cannot succeed."""
    path = Path(path)
    for folder in guide_folders:
        try:
            inside = Path(os.path.abspath(path)).is_relative_to(Path(os.path.abspath(folder)))
        except ValueError:
            inside = False
        if inside and path.suffix.lower() in (".yaml", ".yml"):
            raise OutputError(f"{path} is inside the guide folder {display_path(folder)} and would replace its "
                              "content; choose another name with -o")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name, or end -o with / to build into the folder")
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise OutputError(f"{path} exists and is not a regular file; not writing over it")
        if not made_by_guidebuilder(path):
            raise OutputError(f"{path} exists and is not a PDF made by guidebuilder; not writing over it "
                              "(move it away, or choose another name with -o)")
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied")
    _check_folder(path.parent)


def _check_folder(folder: Path) -> None:
    """The folder exists and is writable, or can be made (missing folders are created)."""
    ancestor = Path(os.path.abspath(folder))
    while not ancestor.exists() and not ancestor.is_symlink():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(f"cannot write into {folder}: {display_path(ancestor)} is a file, not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {folder}: {display_path(ancestor)} is not writable")


def made_by_guidebuilder(path: Path) -> bool:
    """True for a PDF whose document information names guidebuilder as Producer or Creator."""
    try:
        with open(path, "rb") as fh:
            if not fh.read(1024).lstrip(b"\r\n\t \x00").startswith(b"%PDF-"):
                return False
            names = _info_names(fh)
    except OSError:
        return False
    if names is not None:
        return "guidebuilder" in names.lower()
    return _info_names_by_pypdf(path)


_TRAILER = re.compile(rb"/Info\s+(\d+)\s+0\s+R.*?startxref\s+(\d+)\s+%%EOF\s*$", re.S)
_XREF = re.compile(rb"xref\s+0\s+(\d+)\r?\n")
_NAME = re.compile(rb"/(?:Producer|Creator)\s*\(([^()\\]*)\)")


def _info_names(fh) -> str | None:
    """Producer and Creator read through the trailer and the one cross-reference table of a PDF
    as ReportLab writes it (what we replace is nearly always our own): a few kilobytes read, where
    pypdf parses the whole file (15 MiB and a second for a 600-page guide, on every rebuild).
    None when the file is laid out otherwise (updated in place, cross-reference streams)."""
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(max(size - 1024, 0))
    trailer = _TRAILER.search(fh.read())
    if trailer is None:
        return None
    number, xref = int(trailer.group(1)), int(trailer.group(2))
    fh.seek(xref)
    table = fh.read(64)
    head = _XREF.match(table)
    if head is None or number >= int(head.group(1)):
        return None
    fh.seek(xref + head.end() + 20 * number)  # one entry: 10-digit offset, generation, n, end of line
    entry = fh.read(20)
    if not entry[:10].isdigit() or entry[17:18] != b"n":
        return None
    fh.seek(int(entry[:10]))
    obj = fh.read(4096)
    if not obj.startswith(b"%d 0 obj" % number):
        return None
    return " ".join(m.group(1).decode("latin-1") for m in _NAME.finditer(obj.split(b"endobj", 1)[0]))


def _info_names_by_pypdf(path: Path) -> bool:
    import logging

    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged PDF is simply not ours
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            info = PdfReader(str(path), strict=False).metadata or {}
            names = " ".join(str(info.get(key) or "") for key in ("/Producer", "/Creator"))
    except Exception:  # noqa: BLE001 - anything pypdf cannot read is not a PDF we made
        return False
    finally:
        pypdf_log.setLevel(level)
    return "guidebuilder" in names.lower()
