"""YAML files -> trees of nodes that remember where each value was written.

YScalar, YMap, YSeq   the three node kinds, each with its Source
read_yaml()           one file -> its root node (None when empty) and the problems found in it;
                      raises ContentError when the file cannot be read as YAML at all

Scalars keep their source text ("no", "1:20", "2001-01-01" stay as written); numbers
are parsed later, only where the format asks for one. Duplicate keys are errors, and
alias expansion is bounded so a "billion laughs" file fails fast.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from .errors import ContentError, Problem
from .model import Source
from .records import dataclass
from .yamlhints import comment_cut, explain, stray_key_lines

try:  # libyaml's composer keeps line numbers and is several times faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 400_000  # values in one file after alias expansion
MAX_DEPTH = 100  # lists and mappings inside each other; a guide needs about 6


@dataclass(frozen=True)
class YScalar:
    text: str
    src: Source
    plain: bool  # written without quotes (so it may be a number)
    null: bool = False  # YAML reads it as null (~, null): text where text is wanted, else nothing
    stray_keys: tuple = ()  # block text ('|', '>') lines that start like 'key:': (Source, key)


@dataclass(frozen=True)
class YSeq:
    items: tuple
    src: Source


@dataclass(frozen=True)
class YMap:
    items: dict  # key text -> (key Source, value node)
    src: Source


def display_path(path: Path) -> str:
    """The path as messages show it: relative to the current folder (as docs/cli.md says)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return str(path)


def read_yaml(path: Path, key_path: str = "") -> tuple[object, list[Problem]]:
    """The file's root node and its problems; `key_path` is where the file sits in the guide
    (e.g. 'symbols', 'chapters[2]'), for messages."""
    name = display_path(path)
    text = _decode(path.read_bytes(), name)
    _forbid_deep_flow(text, name)
    _forbid_deep_blocks(text, name)
    try:
        docs = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_yaml_problem(exc, name, text)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(Source(name, 1, 1), f"invalid YAML: {str(exc).splitlines()[0]}")]) from None
    docs = [d for d in docs if d is not None]
    if not docs:
        return None, []
    if len(docs) > 1:
        raise ContentError([Problem(_src(name, docs[1].start_mark), "expected one YAML document, found several (remove the '---' separator)")])
    converter = _Converter(name, text)
    root = converter.convert(docs[0], key_path)
    return root, converter.problems


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError([Problem(Source(name, line, col), f"file is not UTF-8 (byte 0x{data[exc.start]:02X}); save it as UTF-8")]) from None
    _forbid_controls(text, name)
    return text


# What YAML refuses to read raw: C0 controls but tab, LF and CR; DEL; C1 controls but NEL; U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


MAX_FLOW_DEPTH = 1000  # [ and { open at once; libyaml's C parser recurses and, far deeper, crashes


def _forbid_deep_flow(text: str, name: str) -> None:
    """Refuse [[[[... nested past MAX_FLOW_DEPTH before libyaml sees it (it would overflow the C stack).

    Brackets in quoted scalars and comments are skipped; the rare plain text with unbalanced
    brackets is far below the limit, and real nesting past MAX_DEPTH is refused later anyway."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth, quote, line, line_start, i = 0, "", 1, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"" and _starts_scalar(text, i, line_start):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise ContentError([Problem(Source(name, line, i - line_start + 1), f"lists and mappings nested more "
                                            f"than {MAX_FLOW_DEPTH} deep; a guide needs only a few levels")])
        elif ch in "]}" and depth:
            depth -= 1
        i += 1


_DEEP_BLOCKS = re.compile(r"^[ \t]*(?:[-?](?:[ \t]+|$)){%d}" % (MAX_FLOW_DEPTH + 1), re.M)


def _forbid_deep_blocks(text: str, name: str) -> None:
    """Refuse '- - - - ...' (block lists, or '?' keys, opened on one line) past MAX_FLOW_DEPTH:
    libyaml recurses on those too, and about 40,000 deep it overflows the C stack."""
    m = _DEEP_BLOCKS.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        last = max(text.rfind("-", m.start(), m.end()), text.rfind("?", m.start(), m.end()))
        col = last - m.start() + 1  # the list (or key) that goes one level too deep
        raise ContentError([Problem(Source(name, line, col), f"lists and mappings nested more than "
                                    f"{MAX_FLOW_DEPTH} deep; a guide needs only a few levels")])


def _starts_scalar(text: str, i: int, line_start: int) -> bool:
    """Whether a quote at `i` opens a quoted scalar (not an apostrophe inside plain text)."""
    j = i - 1
    while j >= line_start and text[j] in " \t":
        j -= 1
    return j < line_start or text[j] in ":-,[{?"


def _forbid_controls(text: str, name: str) -> None:
    """One located error per line holding a character YAML rejects (PyYAML would give only a stream offset)."""
    problems, line, scanned = [], 1, 0
    for m in _FORBIDDEN.finditer(text):
        if m.start() < scanned:
            continue  # later characters on a line already reported
        line += text.count("\n", scanned, m.start())
        line_start = text.rfind("\n", 0, m.start()) + 1
        problems.append(Problem(Source(name, line, m.start() - line_start + 1), f"an invisible control character "
                                f"(U+{ord(m.group()):04X}) that YAML does not allow; delete it (it often comes with "
                                "text pasted from elsewhere)"))
        end = text.find("\n", m.start())
        scanned = len(text) if end < 0 else end
        if len(problems) == 20:
            break
    if problems:
        raise ContentError(problems)


def _src(name: str, mark) -> Source:
    return Source(name, mark.line + 1, mark.column + 1)


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    line, col, message = explain(text, exc.problem, exc.context, exc.problem_mark, exc.context_mark)
    return Problem(Source(name, line, col), message)


class _Converter:
    def __init__(self, name: str, text: str = ""):
        self.name = name
        self.lines = text.split("\n")
        self.count = 0
        self.problems: list[Problem] = []

    def _comment_cut(self, node) -> None:
        """Warn when the line of a plain value goes on with ' #...': YAML drops it as a comment."""
        end = node.end_mark
        if end.line >= len(self.lines) or node.value == "":
            return
        col = comment_cut(self.lines[end.line], end.column)
        if col is not None:
            self.problems.append(Problem(Source(self.name, end.line + 1, col + 1), "the text from this '#' on is "
                                         "read as a comment and will not print; to keep it, put the whole value in "
                                         "double quotes", "warning"))

    def convert(self, node, path: str, depth: int = 0):
        self.count += 1
        if self.count > MAX_NODES:
            raise ContentError([Problem(_src(self.name, node.start_mark), f"more than {MAX_NODES} values after expanding aliases; is this an alias bomb?")])
        src = _src(self.name, node.start_mark)
        if depth > MAX_DEPTH:
            raise ContentError([Problem(src, f"lists and mappings nested more than {MAX_DEPTH} deep; a guide needs only a few levels")])
        if isinstance(node, yaml.ScalarNode):
            plain = not node.style
            null = plain and node.tag == "tag:yaml.org,2002:null"
            if null and node.value == "":
                return None
            if plain and not null:
                self._comment_cut(node)
            stray = ()
            if node.style in ("|", ">"):
                stray = tuple((Source(self.name, n + 1, c + 1), key) for n, c, key
                              in stray_key_lines(self.lines, node.start_mark.line + 1,
                                                  node.end_mark.line - (node.end_mark.column == 0)))
            return YScalar(node.value, src, plain, null, stray)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(tuple(self.convert(n, f"{path}[{i}]", depth + 1) for i, n in enumerate(node.value)), src)
        items: dict = {}
        for key_node, value_node in node.value:
            key_src = _src(self.name, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(key_src, "a key must be plain text"))
                continue
            key = key_node.value
            if key == "<<":
                self.problems.append(Problem(key_src, "merge keys ('<<') are not supported; write the keys out"))
                continue
            sub = f"{path}.{key}" if path else key
            if key in items:
                first = items[key][0]
                self.problems.append(Problem(key_src, f"{sub}: duplicate key '{key}' (first given at line {first.line})"))
                continue
            items[key] = (key_src, self.convert(value_node, sub, depth + 1))
        return YMap(items, src)
