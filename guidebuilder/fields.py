"""The keys of the content format and the typed readers for their values.

Ctx                  collects problems, id references to check later, and every text value
text, rich, number, positive, slug, color, choice, listof, ref, unit  readers: each checks one node and
                     records problems; each carries `.schema`, the JSON Schema of what it accepts
record()             reads one mapping against a table of keys
Key, Items, MapOf, Either   how a key is declared (reader, required, description, nested shape)
THEME ... TOP, RECORDS      THE TABLES OF KEYS, at the end of this file: a new key is one line there.
                     load.py reads guides with them; schema.py writes editor schemas from them.
"""
from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Callable, NamedTuple

from .errors import Problem
from .model import Source
from .palette import ICON_NAMES
from .records import dataclass
from .yamlread import YMap, YScalar, YSeq

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}\Z")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")  # a BCP 47 code, roughly: en, en-US, zh-Hant
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")
_MISSING = object()

# JSON Schema pieces for what the readers accept, as editors read YAML (1.2: `no` is text, `1925` a
# number, `true` a boolean, `~` null). Patterns are the regexes above, anchored for JSON Schema.
TEXT_SCHEMA = {"type": ["string", "number", "boolean", "null"]}  # a text field takes any scalar as written
SLUG_SCHEMA = {"anyOf": [{"type": "string", "pattern": "^" + SLUG.pattern.replace("\\Z", "$"),
                          "patternErrorMessage": "an id: lowercase letters, digits and '-'"},
                         {"type": "integer", "minimum": 0}, {"type": "boolean"}]}  # id: 1925, id: true
# The loader reads a number with its underscores dropped (1_000); YAML 1.2 editors read that as text.
_UNDERSCORED = {"type": "string", "pattern": "^(?=[^_]*_)[-+]?[0-9_]*\\.?[0-9_]+([eE][-+]?[0-9_]+)?$",
                "patternErrorMessage": "a number, written without quotes"}


def number_schema(**limits) -> dict:
    return {"anyOf": [{"type": "number", **limits}, _UNDERSCORED]}


def closest(word: str, choices, cutoff: float = 0.6) -> str:
    """'; did you mean 'X'?' for a close match only (a poor guess misleads more than none)."""
    import difflib  # only a guide with a mistake needs it

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"; did you mean '{match[0]}'?" if match else ""


def known(kind: str, ids, limit: int = 10) -> str:
    """' (themes: a, b, c)' when there are few enough ids to list, else ''."""
    ids = list(dict.fromkeys(ids))
    return f" ({kind}s: {', '.join(ids)})" if 0 < len(ids) <= limit else ""


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
    unnamed: set[str] = field(default_factory=set)  # kinds (theme, ...) with an item whose id could not be read
    meant: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) an item with an invalid id was meant to have
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
        ctx.error(src, path, f"expected {expected}, found {kind_of(node)}{_colon_hint(node)}")
    return None


def _colon_hint(node) -> str:
    """Text with ': ' in it reads as a one-key mapping: say so, and how to keep it text."""
    if isinstance(node, YMap) and len(node.items) == 1:
        (key, (key_src, value)), = node.items.items()
        if isinstance(value, YScalar) and value.src.line == key_src.line:
            return (f" ('{key[:30]}: {value.text[:30]}' has a colon and a space, which make it a key and a value; "
                    "to keep it text, put the whole value in double quotes)")
    return ""


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
text.schema = TEXT_SCHEMA


def number(ctx: Ctx, node, path: str):
    s = _scalar(ctx, node, path, "a number")
    if s is None:
        return None
    try:
        value = float(s.text.replace("_", "")) if s.plain else float("nan")
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        quoted = not s.plain and _is_number(s.text)
        hint = "; numbers are written without quotes, so drop the quotes" if quoted else ""
        ctx.error(s.src, path, f"expected a number, found '{s.text[:40]}'{hint}")
        return None
    return int(value) if value.is_integer() else value


number.schema = number_schema()


def _is_number(text: str) -> bool:
    try:
        float(text.strip().replace("_", ""))
    except ValueError:
        return False
    return True


def nonnegative(ctx: Ctx, node, path: str):
    value = number(ctx, node, path)
    if value is not None and value < 0:
        ctx.error(node.src, path, f"expected a number >= 0, found {value}")
        return None
    return value


nonnegative.schema = number_schema(minimum=0)


def positive(ctx: Ctx, node, path: str):
    value = number(ctx, node, path)
    if value is not None and value <= 0:
        ctx.error(node.src, path, f"expected a positive number, found {value}")
        return None
    return value


positive.schema = number_schema(exclusiveMinimum=0)


def count(ctx: Ctx, node, path: str):
    value = number(ctx, node, path)
    if value is not None and (not isinstance(value, int) or not 0 <= value <= 60):
        ctx.error(node.src, path, f"expected a whole number from 0 to 60, found {value}")
        return None
    return value


count.schema = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 60}, _UNDERSCORED]}


def number_or_text(ctx: Ctx, node, path: str):
    return text(ctx, node, path)


number_or_text.schema = TEXT_SCHEMA


def slug(ctx: Ctx, node, path: str):
    s = _scalar(ctx, node, path, "an id")
    if s is None:
        return None
    if not SLUG.match(s.text):
        ctx.error(s.src, path, f"'{s.text[:40]}' is not a valid id: use lowercase letters, digits and '-', starting with a letter or digit")
        return None
    return s.text


slug.schema = SLUG_SCHEMA


def color(ctx: Ctx, node, path: str):
    s = _scalar(ctx, node, path, "a color")
    if s is None:
        return None
    if not COLOR.match(s.text):
        ctx.error(s.src, path, f"'{s.text[:40]}' is not a color: expected #RRGGBB, e.g. \"#B03A2E\" (quote it in YAML)")
        return None
    return s.text.upper()


color.schema = {"type": "string", "pattern": "^" + COLOR.pattern.replace("\\Z", "$"),
                "patternErrorMessage": 'a color: #RRGGBB in quotes, e.g. "#B03A2E"'}


def choice(*options: str) -> Reader:
    def read(ctx: Ctx, node, path: str):
        s = _scalar(ctx, node, path, " or ".join(options))
        if s is None:
            return None
        if s.text not in options:
            ctx.error(s.src, path, f"expected one of {', '.join(options)}, found '{s.text[:40]}'")
            return None
        return s.text
    read.schema = {"enum": list(options)}
    return read


def ref(kind: str) -> Reader:
    def read(ctx: Ctx, node, path: str):
        s = _scalar(ctx, node, path, f"a {kind} id")
        if s is None:
            return None
        ctx.refs.append((kind, s.text, s.src, path))
        return s.text
    read.schema = SLUG_SCHEMA  # every defined id is a slug, so any other text names nothing
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
    one = item.schema
    # an empty item (a lone '-') is passed over, so editors must let it be
    items = one if "null" in one.get("type", ()) else {"anyOf": [one, {"type": "null"}]}
    read.schema = {"anyOf": [one, {"type": "array", "items": items}]} if one_is_list else {"type": "array", "items": items}
    return read


def record(ctx: Ctx, node, path: str, fields: dict[str, Key]):
    """Read a mapping whose keys are `fields` (name -> Key, or a (reader, required) pair); None if it is not one."""
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
        reader = fields[key][0]
        if isinstance(value, YScalar):
            _stray_keys(ctx, value, key, key_src, fields)
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
    for key, entry in fields.items():
        if entry[1] and key not in node.items:
            ctx.error(node.src, path, f"missing required key '{key}'")
    return values


def _stray_keys(ctx: Ctx, value: YScalar, key: str, key_src: Source, fields) -> None:
    """Warn about a line of block text that names a key of this mapping: it was meant as a key."""
    for src, word in value.stray_keys:
        if word in fields and word != key and src.col > key_src.col:
            ctx.warnings.append((src, f"'{word}:' is indented deeper than '{key}:' (column {key_src.col}), so it is "
                                      f"part of the text of '{key}' and prints as text; to make it a key, indent it "
                                      f"like '{key}:'"))


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


unit.schema = {"anyOf": [{"type": ["string", "number", "boolean"]},
                         {"type": "object", "properties": {"one": TEXT_SCHEMA, "many": TEXT_SCHEMA},
                          "required": ["one", "many"], "additionalProperties": False}]}


def keep(ctx: Ctx, node, path: str):
    """Hand a nested node on untouched, to be read by its own function (empty: an empty list)."""
    return node if node is not None else ()


for _reader in (text, number_or_text, keep):
    _reader.empty_ok = True


def src_of(node) -> Source | None:
    return getattr(node, "src", None)


# =================================================================================================
# THE KEYS OF THE CONTENT FORMAT. One table per kind of mapping; each line declares one key: its
# reader (type, choices), whether it is required, and the description editors show on hover.
# A new key is one line here (plus, if the model needs it, a line in load.py that passes it on):
# the loader, `guidebuilder schema`, the scaffold test and the docs test all read these tables.
# A value with structure of its own (a list of mappings, label: value pairs, text-or-mapping such as
# `cover: {image, alt}`) is read by a function in load.py: declare it Key(keep, ..., holds=SHAPE),
# SHAPE being Items("name"), MapOf(reader), Either((text, "name")) or a RECORDS name, and give a
# mapping's keys a table in RECORDS, so that the schema knows the shape.
# Keep the order: messages list the keys in it ("expected a mapping of keys (id, name, ...)").
# =================================================================================================

class Key(NamedTuple):
    read: Reader
    required: bool = False
    doc: str = ""
    holds: object = None  # for a value read by its own function in load.py: its shape (see below)
    default: object = None  # what a missing key means, shown by editors (documentation only)


@dataclass(frozen=True)
class Items:
    """A list of mappings of one kind (a name in RECORDS)."""
    of: str
    at_least_one: bool = False


@dataclass(frozen=True)
class MapOf:
    """A mapping of free labels (or ids, when `keys` reads them) to values read by `value`."""
    value: Reader
    keys: Reader | None = None


@dataclass(frozen=True)
class Either:
    """One of several shapes (readers, Items, a RECORDS name)."""
    options: tuple


ICON_SCHEMA = {"anyOf": [{"enum": list(ICON_NAMES)},
                         {"type": "string", "pattern": "[./]", "description": "a path to an .svg, .png or .jpg file"}],
               "description": "a built-in icon name (guidebuilder icons lists them) or the path of an .svg, .png or .jpg file"}
RICH = "rich text: a blank line starts a paragraph; *italic*, **bold**, '> ' quotes, '- ' lists"

THEME = {
    "id": Key(slug, True, "Unique id of the theme, e.g. american-dream; passages, quotes and questions name it."),
    "name": Key(text, True, "The theme's name as printed, e.g. 'Wealth and Class'."),
    "color": Key(color, False, 'Color of the theme: "#RRGGBB" in quotes. Default: the next unused palette color.'),
    "icon": Key(text, False, "Built-in icon name or path of an .svg/.png/.jpg in the guide folder. Default: the next unused built-in icon.",
                holds=ICON_SCHEMA),
    "summary": Key(text, False, "One line on the theme, printed in the legend."),
    "analysis": Key(rich, False, "How the work develops the theme; " + RICH),
}
CHARACTER = {
    "id": Key(slug, True, "Unique id of the character; quotes name it in speaker and characters."),
    "name": Key(text, True, "The character's name as printed."),
    "aliases": Key(listof(text), False, "Other names the character goes by, a list of text."),
    "role": Key(choice("major", "minor"), False, "major or minor: minor characters are listed compactly.", default="major"),
    "description": Key(rich, False, "Who the character is; " + RICH),
}
SYMBOL = {
    "id": Key(slug, True, "Unique id of the symbol; quotes name it in symbols."),
    "name": Key(text, True, "The symbol's name as printed, e.g. 'The green light'."),
    "description": Key(rich, False, "What the symbol stands for; " + RICH),
}
TERM = {
    "term": Key(text, True, "The word or device, as printed."),
    "definition": Key(rich, True, "What it means; " + RICH),
    "kind": Key(choice("device", "vocabulary"), False, "device (a literary device) or vocabulary.", default="device"),
    "chapter": Key(ref("chapter"), False, "Id of the chapter where the term is used."),
    "example": Key(text, False, "An example from the work."),
}
PASSAGE = {
    "text": Key(rich, True, "What happens (the left column of Summary & Analysis); " + RICH),
    "analysis": Key(rich, False, "Why it matters (the right column); " + RICH),
    "themes": Key(listof(ref("theme")), False, "Ids of the themes this passage shows; they count in the theme tracker."),
}
QUOTE = {
    "text": Key(text, True, "The quotation, line breaks kept. Quote it in YAML if it starts with a quotation mark."),
    "speaker": Key(ref("character"), False, "Id of the character who says it."),
    "characters": Key(listof(ref("character")), False, "Ids of related characters."),
    "symbols": Key(listof(ref("symbol")), False, "Ids of related symbols."),
    "themes": Key(listof(ref("theme")), False, "Ids of the themes the quote shows; they count in the theme tracker."),
    "page": Key(number_or_text, False, "Where it is in the work: 35, or a range such as 35-36."),
    "explanation": Key(rich, False, "What the quotation shows; " + RICH),
}
QUESTION = {
    "prompt": Key(rich, True, "The question; " + RICH),
    "answer": Key(rich, False, "A model answer, printed only in the teacher edition; " + RICH),
    "kind": Key(choice("discussion", "short-answer", "essay"), False, "discussion, short-answer or essay.", default="discussion"),
    "themes": Key(listof(ref("theme")), False, "Ids of the themes the question is about."),
    "lines": Key(count, False, "Answer lines drawn in the student edition, 0 to 60. Default by kind: "
                 "short-answer 4, discussion 6, essay 14 lines of the text column's width (drawn as fewer, "
                 "longer lines where they span the margin rail)."),
}
BACKGROUND = {
    "author_bio": Key(rich, False, "About the author; " + RICH),
    "historical_context": Key(rich, False, "The time and place the work comes from; " + RICH),
    "related_works": Key(rich, False, "Other works worth reading beside it; " + RICH),
    "key_facts": Key(keep, False, "Short facts as label: text pairs, printed in the order written.", holds=MapOf(text)),
}
CHAPTER = {
    "id": Key(slug, False, "Unique id of the chapter. Default: ch1, ch2, ... by position."),
    "title": Key(text, True, "The chapter's heading, e.g. 'Chapter 1' or 'Act 1, Scene 3'."),
    "short": Key(text, False, "A short label for tight places such as the tracker grid, e.g. '1' or 'L2'. Default: the position."),
    "length": Key(positive, False, "Length in the original (pages or words), drawn as a bar in the tracker."),
    "synopsis": Key(text, False, "One line on what happens, shown in the theme tracker. Default: the first sentence "
                    "of the first summary passage."),
    "part": Key(text, False, "The larger division the chapter belongs to, e.g. 'Volume 1' or 'Act 2'; consecutive "
                "chapters with the same part are grouped under it."),
    "summary": Key(keep, False, "What happens: one rich text, or a list of passages (text, analysis, themes).",
                   holds=Either((rich, Items("passage")))),
    "quotes": Key(keep, False, "The chapter's key quotations.", holds=Items("quote")),
    "questions": Key(keep, False, "Questions about the chapter.", holds=Items("question")),
    "theme_weights": Key(keep, False, "theme id: number >= 0, overriding the tracker degree the passages and quotes give.",
                         holds=MapOf(nonnegative, keys=ref("theme"))),
}
COVER = {
    "image": Key(keep, True, "Path of a PNG or JPEG image in the guide folder, printed on the cover.", holds=text),
    "alt": Key(text, False, "What the picture shows, for screen readers; without it the PDF describes it by the title."),
}
TOP = {
    "format": Key(number, False, "Version of the content format: 1.", holds={"const": 1}, default=1),
    "title": Key(text, True, "Title of the work."),
    "subtitle": Key(text, False, "Printed under the title on the cover."),
    "author": Key(text, True, "Author of the work."),
    "published": Key(number_or_text, False, "Year or date of first publication, e.g. 1925."),
    "language": Key(text, False, "Language of the guide as a code such as en, en-US or fr: sets hyphenation and the PDF's language.",
                    holds={"anyOf": [{"type": "string", "pattern": "^" + LANGUAGE.pattern.replace("\\Z", "$"),
                                      "patternErrorMessage": "a language code such as en, en-US or fr"}, {"type": "null"}]},
                    default="en"),
    "cover": Key(keep, False, "The cover image: the path of a PNG or JPEG in the guide folder, or a mapping of image "
                 "and alt (what it shows, for screen readers).", holds=Either((text, "cover"))),
    "credits": Key(text, False, "Who wrote the guide and its license, printed on the cover."),
    "background": Key(keep, False, "Background: author_bio, historical_context, related_works, key_facts.", holds="background"),
    "plot_summary": Key(rich, False, "The whole plot; " + RICH),
    "themes": Key(keep, True, "The themes, at least one; each has an id and a name.", holds=Items("theme", at_least_one=True)),
    "characters": Key(keep, False, "The characters; each has an id and a name.", holds=Items("character")),
    "symbols": Key(keep, False, "The symbols; each has an id and a name.", holds=Items("symbol")),
    "glossary": Key(keep, False, "Literary devices and vocabulary; each has a term and a definition.", holds=Items("term")),
    "chapters": Key(keep, True, "The chapters in reading order, at least one; each has a title. "
                    "May instead be a folder chapters/ with one file per chapter.", holds=Items("chapter", at_least_one=True)),
    "questions": Key(keep, False, "Discussion and essay questions about the whole work.", holds=Items("question")),
    "unit": Key(unit, False, "What a chapter is called in every label: a word such as Scene, Act, Letter or Poem "
                "(plural with 's'), or a mapping with 'one' and 'many' (one: Story, many: Stories).", default="Chapter"),
    "locator": Key(choice("page", "line"), False, "What a quote's page value counts: page (p. 35) or line (l. 73).",
                   default="page"),
}

# Every kind of mapping, by name: its table and what it is (the schema's $defs and hover text).
RECORDS = {
    "theme": (THEME, "A theme: id, name; optional color, icon, summary, analysis."),
    "character": (CHARACTER, "A character: id, name; optional aliases, role, description."),
    "symbol": (SYMBOL, "A symbol: id, name; optional description."),
    "term": (TERM, "A glossary term: term, definition; optional kind, chapter, example."),
    "passage": (PASSAGE, "One row of Summary & Analysis: text; optional analysis, themes."),
    "quote": (QUOTE, "A key quotation: text; optional speaker, characters, symbols, themes, page, explanation."),
    "question": (QUESTION, "A question: prompt; optional answer, kind, themes, lines."),
    "background": (BACKGROUND, "Background on the work: author_bio, historical_context, related_works, key_facts."),
    "chapter": (CHAPTER, "A chapter: title; optional id, short, length, summary, quotes, questions, theme_weights."),
    "cover": (COVER, "The cover image and its alternate text."),
    "guide": (TOP, "A study guide for guidebuilder (content format 1)."),
}
