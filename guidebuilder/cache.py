"""A per-user cache of what every build would otherwise parse again: font metrics, hyphenation
patterns.

remember(kind, source, make, version)  make()'s value for the file `source`, from the cache when
                                        it holds one made from the same file by the same versions

Every build reads the same eight TrueType files (their cmaps, widths and glyph tables, which
ReportLab parses in pure Python) and the same hyphenation dictionary: about 50 ms before the first
page, a tenth of a short guide's build, and paid before the second core can start. They change
only when a package is upgraded, so the parsed values are kept in the user's cache folder
(GUIDEBUILDER_CACHE_DIR, else $XDG_CACHE_HOME/guidebuilder or ~/.cache/guidebuilder; %LOCALAPPDATA%
on Windows) and read back in a few milliseconds.

Safe to lose and to share:
- An entry is used only when the key stored in it matches: the source file's path, size and
  modification time, our format version, and the versions of Python and of the library that
  parses it. Anything else (a missing, truncated or foreign file) is parsed again, silently.
- Entries are marshal data (plain values), never pickle: a tampered file can fail to load, but
  cannot run code.
- Written to a temporary file in the same folder and renamed into place, so a reader never sees
  half an entry and two builds writing at once both leave a whole one. A folder that cannot be
  written (read-only home, full disk) only means no cache.
- GUIDEBUILDER_CACHE_DIR set to an empty value turns the cache off.
The values are those the parse gives, so builds are byte-identical with, without and across the
cache (tests/test_cache.py holds this).
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

ENV = "GUIDEBUILDER_CACHE_DIR"
FORMAT = 2  # raise when what an entry holds, or how it is written, changes (2: _shared values)


def directory() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    given = os.environ.get(ENV)
    if given is not None:
        return Path(given) if given else None
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "guidebuilder" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "guidebuilder"


def remember(kind: str, source: Path, make, version: str = ""):
    """make() (a value marshal can write), or the value it gave before for this `source` file,
    made by the same `version` of the code that parses it."""
    folder = directory()
    try:
        stat = os.stat(source)
    except OSError:
        folder = None
    if folder is None:
        return make()
    key = (FORMAT, kind, version, sys.version, str(source), stat.st_size, stat.st_mtime_ns)
    path = folder / f"{kind}-{hashlib.sha1(repr(key).encode()).hexdigest()[:16]}.marshal"
    try:
        with open(path, "rb") as fh:
            stored_key, value = marshal.loads(fh.read())  # marshal.load reads the file item by item: slow
        if stored_key == key:
            return value
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or not one of ours
        pass
    value = make()
    _write(path, (key, value))
    return value


_ATOMS = (str, int, float, bytes, bool, type(None))


def _shared(value, seen: dict):
    """`value` with equal strings, numbers and tuples of them made one object. marshal writes an
    object held more than once as a reference to its first copy, and loads it as one object: the
    English hyphenation patterns hold 11,000 (offset, values) tuples of which 1,562 differ, a font's
    metrics thousands of equal widths. Their entries load in 1.2 ms instead of 3-5 and are 40%
    smaller. Keyed by repr: (1,) == (True,) == (1.0,) and 0.0 == -0.0, but they are not the same."""
    if isinstance(value, dict):
        return {_shared(k, seen): _shared(v, seen) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared(v, seen) for v in value]
    if isinstance(value, tuple):
        value = tuple(_shared(v, seen) for v in value)
    if _plain(value) and type(value) not in (bool, type(None)):
        return seen.setdefault((type(value), repr(value)), value)
    return value


def _plain(value) -> bool:
    return type(value) in _ATOMS or (type(value) is tuple and all(_plain(v) for v in value))


def _write(path: Path, entry) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(_shared(entry, {})))
        os.replace(tmp, path)
    except (OSError, ValueError):  # a full disk; a value marshal cannot write is a bug the tests catch
        try:
            os.unlink(tmp)
        except OSError:
            pass
