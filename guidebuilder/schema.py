"""JSON Schemas (draft 2020-12) for editors, generated from the key tables in fields.py.

schemas()        file name -> schema: guide, guide-split, chapter, and one per top-level key
write_schemas()  write them into a folder (`guidebuilder schema DIR`, and `guidebuilder new`)
MODELINE         the first line of a YAML file that points yaml-language-server at its schema

The schemas describe YAML as editors read it (YAML 1.2: `no` is text, `1925` a number), so they
accept everything `check` accepts and flag what they can see in one file: unknown keys, missing
required keys, wrong types, bad colors and ids, values outside a fixed set. Ids that name nothing,
files that do not exist and images that are not images only `check` can find.
They use only keywords that mean the same in draft-07, which some editors still implement.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import fields as f

DRAFT = "https://json-schema.org/draft/2020-12/schema"
MODELINE = "# yaml-language-server: $schema={}"
_NULL = {"type": "null"}


def _allows_null(schema: dict) -> bool:
    kind = schema.get("type", ())
    return kind == "null" or "null" in kind or any(_allows_null(s) for s in schema.get("anyOf", ()))


def _or_null(schema: dict) -> dict:
    if _allows_null(schema):
        return schema
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, _NULL]}


def _shape(shape) -> dict:
    """The schema of a reader, a RECORDS name, or an Items / MapOf / Either shape."""
    if isinstance(shape, dict):
        return dict(shape)
    if isinstance(shape, str):
        return {"$ref": f"#/$defs/{shape}"}
    if isinstance(shape, f.Items):
        items = {"type": "array", "items": _or_null(_shape(shape.of))}  # a lone '-' is passed over
        return {**items, "minItems": 1} if shape.at_least_one else _or_null(items)
    if isinstance(shape, f.MapOf):
        out = {"type": "object", "additionalProperties": _shape(shape.value)}
        if shape.keys is not None:
            out["propertyNames"] = next(s for s in _shape(shape.keys)["anyOf"] if s.get("type") == "string")
        return _or_null(out)
    if isinstance(shape, f.Either):
        return {"anyOf": [_shape(option) for option in shape.options]}
    schema = getattr(shape, "schema", None)
    if schema is None:
        raise ValueError(f"{getattr(shape, '__name__', shape)!r} has no schema: give the key holds=... in fields.py")
    return dict(schema)


def _key(name: str, entry) -> dict:
    key = entry if isinstance(entry, f.Key) else f.Key(*entry)  # a bare (reader, required) pair works too
    schema = _shape(key.holds if key.holds is not None else key.read)
    if key.holds is None and getattr(key.read, "empty_ok", False):
        schema = _or_null(schema)  # an empty list or mapping may be left empty
    if key.doc:
        schema["description"] = key.doc
    if key.default is not None:
        schema["default"] = key.default
    return schema


def _record(name: str, required: bool = True) -> dict:
    table, doc = f.RECORDS[name]
    out = {"type": "object", "description": doc,
           "properties": {key: _key(key, entry) for key, entry in table.items()}}
    needed = [key for key, entry in table.items() if entry[1]]
    if needed and required:
        out["required"] = needed
    out["additionalProperties"] = False
    return out


def _document(title: str, body: dict) -> dict:
    defs = {name: _record(name) for name in f.RECORDS if name != "guide"}
    return {"$schema": DRAFT, "title": title, **body, "$defs": defs}


def schemas() -> dict[str, dict]:
    """Every schema by file name, in a fixed order."""
    out = {
        "guide.schema.json": _document("guide.yaml", _record("guide")),
        "guide-split.schema.json": _document("guide.yaml of a guide split into files", {
            **_record("guide", required=False),
            "description": f.RECORDS["guide"][1] + " Some keys live in their own files (K.yaml, chapters/), "
                           "so no key is required here."}),
        "chapter.schema.json": _document("a file in chapters/", _record("chapter")),
    }
    for key, entry in f.TOP.items():
        out[f"{key}.schema.json"] = _document(f"{key}.yaml", _key(key, entry))
    return out


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` (made if missing); the paths written, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
