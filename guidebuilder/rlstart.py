"""Importing ReportLab and PyYAML, made cheaper: what they set up at import for features our builds
do not use is made when first used, not at import.

- Patterns. Some modules compile, when imported, regular expressions over most of Unicode, which
  take milliseconds each to compile: ReportLab's `uri_pat` in `reportlab.platypus.paragraph`
  (28 ms; used only to hyphenate URLs, which our paragraphs never ask for), the pattern over
  U+2E80 to U+FFFF of the `reportlab.lib.textsplit` it imports (4 ms, for `cjkwrap`, which nothing
  calls), `rl_safe_eval`'s list of unsafe names and PyFontify's Python keywords (3 ms; for
  evaluating expressions and colouring code), and PyYAML's `Reader.NON_PRINTABLE` (7 ms; the pure
  Python reader, which libyaml's loader replaces). While such a module executes, `re.compile`
  hands out a `_Deferred` for those patterns (DEFERRED), which compiles one the first time
  anything is asked of it; every other call goes to `re.compile` unchanged.
- Pillow. ReportLab imports `PIL.Image` at start (11 ms: Pillow's C core, its EXIF and TIFF tag
  tables) for raster images, which a guide has only when it uses a PNG. `PIL.Image` is loaded
  lazily (the standard library's importlib.util.LazyLoader): the module is executed the first
  time one of its attributes is read, and then is the same module as ever.

install() is called when the guidebuilder package is imported, before anything imports ReportLab
or PyYAML; it imports nothing itself, so `--help` and `check` still do not load ReportLab. The hook
removes itself once it has seen every module it waits for.
"""
from __future__ import annotations

import importlib.machinery
import re
import sys

MODULE = "reportlab.platypus.paragraph"
DEFERRED_PREFIX = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # uri_pat: ReportLab's URL pattern
CJK_SPLIT = "([\u2e80-\uffff])"  # textsplit.rx, for cjkwrap
DEFERRED = {  # a module: how the patterns it compiles on import that builds do not use begin
    MODULE: (DEFERRED_PREFIX, CJK_SPLIT),  # textsplit is imported while paragraph executes
    "reportlab.lib.rl_safe_eval": ("\\b(?:",),  # __rl_unsafe_re__
    "reportlab.lib.PyFontify": ("#[^\\n]*|",),  # matchRE
    "yaml.reader": ("[^\t\n\r -~\x85",),  # Reader.NON_PRINTABLE
}
LAZY = "PIL.Image"
_PREFIXES = tuple(p for prefixes in DEFERRED.values() for p in prefixes)


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
    if isinstance(pattern, str) and pattern.startswith(_PREFIXES):
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
        if fullname not in DEFERRED and fullname != LAZY:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        _served.add(fullname)
        if spec is not None and spec.loader is not None:
            if fullname == LAZY:
                from importlib.util import LazyLoader

                spec.loader = LazyLoader(spec.loader)
            else:
                spec.loader = _Loader(spec.loader)
        if _served >= set(DEFERRED) | {LAZY}:
            uninstall()
        return spec


_served: set = set()


def install() -> None:
    if MODULE not in sys.modules and _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)


def uninstall() -> None:
    if _Finder in sys.meta_path:
        sys.meta_path.remove(_Finder)
