"""Importing ReportLab, made cheaper: what it sets up for features our guides rarely use is made
when first used, not at import.

- Patterns. `reportlab.platypus.paragraph` compiles `uri_pat` when it is imported: a
  case-insensitive pattern over every character from U+00A1 to U+FFFF, 28 ms of every build (a
  12-chapter guide took about 0.6 s in all); ReportLab uses it only to hyphenate URLs, which our
  paragraphs never ask for. The `reportlab.lib.textsplit` it imports compiles one over U+2E80 to
  U+FFFF (4 ms), used only by `cjkwrap`, which nothing calls. While that module executes,
  `re.compile` hands out a `_Deferred` for those patterns, which compiles one the first time
  anything is asked of it; every other call goes to `re.compile` unchanged, and the hook removes
  itself once the module is loaded.
- Pillow. ReportLab imports `PIL.Image` at start (11 ms: Pillow's C core, its EXIF and TIFF tag
  tables) for raster images, which a guide has only when it uses a PNG. `PIL.Image` is loaded
  lazily (the standard library's importlib.util.LazyLoader): the module is executed the first
  time one of its attributes is read, and then is the same module as ever.

install() is called when the guidebuilder package is imported, before anything imports ReportLab;
it imports nothing itself, so `--help` and `check` still do not load ReportLab.
"""
from __future__ import annotations

import importlib.machinery
import re
import sys

MODULE = "reportlab.platypus.paragraph"
DEFERRED_PREFIX = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # uri_pat: ReportLab's URL pattern
CJK_SPLIT = "([\u2e80-\uffff])"  # textsplit.rx, for cjkwrap
LAZY = "PIL.Image"


class _Deferred:
    """A compiled pattern, compiled when first used."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, *args):
        self._args, self._compiled = args, None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = _compile(*self._args)
        return getattr(self._compiled, name)


_compile = re.compile


def _deferring(pattern, flags=0):
    if isinstance(pattern, str) and (pattern.startswith(DEFERRED_PREFIX) or pattern == CJK_SPLIT):
        return _Deferred(pattern, flags)
    return _compile(pattern, flags)


class _Loader:
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        re.compile = _deferring
        try:
            self.loader.exec_module(module)
        finally:
            re.compile = _compile

    def __getattr__(self, name):  # get_code, get_source, is_package... as the real loader
        return getattr(self.loader, name)


class _Finder:
    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if fullname not in (MODULE, LAZY):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if fullname == MODULE:
            _served.add(MODULE)
            if spec is not None and spec.loader is not None:
                spec.loader = _Loader(spec.loader)
        else:
            _served.add(LAZY)
            if spec is not None and spec.loader is not None:
                from importlib.util import LazyLoader

                spec.loader = LazyLoader(spec.loader)
        if _served >= {MODULE, LAZY}:
            uninstall()
        return spec


_served: set = set()


def install() -> None:
    if MODULE not in sys.modules and _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)


def uninstall() -> None:
    if _Finder in sys.meta_path:
        sys.meta_path.remove(_Finder)
