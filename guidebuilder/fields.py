"""Typed readers for the values of a guide: each checks one node and records problems.

Ctx                  collects problems, id references to check later, and every text value
text, rich, number, positive, slug, color, choice, listof, ref, unit, path_in_guide
record()             reads one mapping against a table of field readers
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import Problem
from .model import Source
from .yamlread import YMap, YScalar, YSeq

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")
_MISSING = object()


def closest(word: str, choices) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"; did you mean '{match[0]}'?" if match else ""


def kind_of(node) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    if node is None:
        return "nothing"
    return f"'{node.text[:40]}'"


@dataclass
class Ctx:
    root: Path
    problems: list[Problem] = field(default_factory=list)
    refs: list[tuple[str, str, Source, str]] = field(default_factory=list)  # kind, id, where, path
    texts: list[tuple[Source, str]] = field(default_factory=list)
    defs: list[tuple[str, str, Source, str]] = field(default_factory=list)  # kind, id, where defined, path
    lost: set[str] = field(default_factory=set)  # top-level keys (e.g. chapters) in a file that could not be read
    warnings: list[tuple[Source, str]] = field(default_factory=list)
    notes: list[tuple[Source, str]] = field(default_factory=list)  # what the loader chose for the author

    def define(self, kind: str, node, values: dict, path: str, key: str = "id") -> None:
        if key in values:
            self.defs.append((kind, values[key], node.items[key][1].src, f"{path}.{key}"))

    def error(self, src: Source, path: str, message: str) -> None:
        self.problems.append(Problem(src, f"{path}: {message}" if path else message))


Reader = Callable[[Ctx, object, str], object]


def _scalar(ctx: Ctx, node, path: str, expected: str):
    if isinstance(node, YScalar):
        return node
    src = node.src if node is not None else None
    if src is not None:
        ctx.error(src, path, f"expected {expected}, found {kind_of(node)}")
    return None


def text(ctx: Ctx, node, path: str):
    if node is None:
        return ""
    s = _scalar(ctx, node, path, "text")
    if s is None:
        return None
    value = CONTROL.sub("", s.text.replace("\r\n", "\n").replace("\t", " "))
    ctx.texts.append((s.src, value))
    return value


rich = text


def number(ctx: Ctx, node, path: str):
    s = _scalar(ctx, node, path, "a number")
    if s is None:
        return None
    try:
        value = float(s.text.replace("_", "")) if s.plain else float("nan")
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        ctx.error(s.src, path, f"expected a number, found '{s.text[:40]}'")
        return None
    return int(value) if value.is_integer() else value


def nonnegative(ctx: Ctx, node, path: str):
    value = number(ctx, node, path)
    if value is not None and value < 0:
        ctx.error(node.src, path, f"expected a number >= 0, found {value}")
        return None
    return value


def positive(ctx: Ctx, node, path: str):
    value = number(ctx, node, path)
    if value is not None and value <= 0:
        ctx.error(node.src, path, f"expected a positive number, found {value}")
        return None
    return value


def count(ctx: Ctx, node, path: str):
    value = number(ctx, node, path)
    if value is not None and (not isinstance(value, int) or not 0 <= value <= 60):
        ctx.error(node.src, path, f"expected a whole number from 0 to 60, found {value}")
        return None
    return value


def number_or_text(ctx: Ctx, node, path: str):
    return text(ctx, node, path)


def slug(ctx: Ctx, node, path: str):
    s = _scalar(ctx, node, path, "an id")
    if s is None:
        return None
    if not SLUG.match(s.text):
        ctx.error(s.src, path, f"'{s.text[:40]}' is not a valid id: use lowercase letters, digits and '-', starting with a letter or digit")
        return None
    return s.text


def color(ctx: Ctx, node, path: str):
    s = _scalar(ctx, node, path, "a color")
    if s is None:
        return None
    if not COLOR.match(s.text):
        ctx.error(s.src, path, f"'{s.text[:40]}' is not a color: expected #RRGGBB, e.g. \"#B03A2E\" (quote it in YAML)")
        return None
    return s.text.upper()


def choice(*options: str) -> Reader:
    def read(ctx: Ctx, node, path: str):
        s = _scalar(ctx, node, path, " or ".join(options))
        if s is None:
            return None
        if s.text not in options:
            ctx.error(s.src, path, f"expected one of {', '.join(options)}, found '{s.text[:40]}'{closest(s.text, options)}")
            return None
        return s.text
    return read


def ref(kind: str) -> Reader:
    def read(ctx: Ctx, node, path: str):
        s = _scalar(ctx, node, path, f"a {kind} id")
        if s is None:
            return None
        ctx.refs.append((kind, s.text, s.src, path))
        return s.text
    return read


def listof(item: Reader, one_is_list: bool = False) -> Reader:
    def read(ctx: Ctx, node, path: str):
        if node is None:
            return ()
        if isinstance(node, YScalar) and one_is_list:
            return (item(ctx, node, f"{path}[0]"),)
        if not isinstance(node, YSeq):
            ctx.error(node.src, path, f"expected a list, found {kind_of(node)}")
            return None
        values = tuple(item(ctx, n, f"{path}[{i}]") for i, n in enumerate(node.items))
        return None if any(v is None for v in values) else values
    read.empty_ok = True
    return read


def record(ctx: Ctx, node, path: str, fields: dict[str, tuple[Reader, bool]]):
    """Read a mapping whose keys are `fields` (name -> (reader, required)); None if it is not one."""
    if not isinstance(node, YMap):
        where = node.src if node is not None else None
        if where is not None:
            ctx.error(where, path, f"expected a mapping of keys ({', '.join(fields)}), found {kind_of(node)}")
        return None
    values: dict = {}
    for key, (key_src, value) in node.items.items():
        sub = f"{path}.{key}" if path else key
        if key not in fields:
            ctx.error(key_src, sub, f"unknown key '{key}'{closest(key, fields)}")
            continue
        reader, _ = fields[key]
        if isinstance(value, YScalar) and value.null and reader not in (text, number_or_text):
            value = None  # ~ or null: the word itself in a text field, nothing elsewhere
        if value is None and not getattr(reader, "empty_ok", False):
            hint = " (in YAML, # starts a comment: quote the color, \"#B03A2E\")" if reader is color else ""
            ctx.error(key_src, sub, f"'{key}' has no value{hint}")
            continue
        result = reader(ctx, value, sub)
        if result == "" and fields[key][1]:
            ctx.error(value.src if value is not None else key_src, sub, "must not be empty")
        elif result is not None:
            values[key] = result
    for key, (_, required) in fields.items():
        if required and key not in node.items:
            ctx.error(node.src, path, f"missing required key '{key}'")
    return values


def unit(ctx: Ctx, node, path: str):
    """A unit name: "Scene" (plural "Scenes") or a mapping {one: Story, many: Stories} -> (one, many)."""
    if isinstance(node, YMap):
        values = record(ctx, node, path, {"one": (text, True), "many": (text, True)})
        if values is None or "one" not in values or "many" not in values:
            return None
        return (values["one"].strip(), values["many"].strip())
    s = _scalar(ctx, node, path, "a word such as Scene, or a mapping of one and many")
    if s is None:
        return None
    word = text(ctx, s, path).strip()
    if not word:
        ctx.error(s.src, path, "must not be empty")
        return None
    return (word, word + "s")


def keep(ctx: Ctx, node, path: str):
    """Hand a nested node on untouched, to be read by its own function (empty: an empty list)."""
    return node if node is not None else ()


for _reader in (text, number_or_text, keep):
    _reader.empty_ok = True


def src_of(node) -> Source | None:
    return getattr(node, "src", None)
