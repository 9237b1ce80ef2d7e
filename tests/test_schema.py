"""How the editor schemas (guidebuilder schema) agree with check, and how the scaffold uses them."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import yaml12
from conftest import GUIDES, SAMPLE, TESTS
from guidebuilder import fields as f
from guidebuilder.cli import main
from guidebuilder.errors import ContentError
from guidebuilder.load import load_guide
from guidebuilder.schema import DRAFT, schemas
from hostile import guides as G
from test_properties import broken_guides, valid_guides

SCHEMAS = schemas()
BROKEN = TESTS / "broken"
DOCS = TESTS.parent / "docs"


def schema_for(folder: Path, path: Path) -> str:
    """The schema file that describes `path`, a YAML file of the guide in `folder`."""
    rel = path.relative_to(folder)
    if rel.parts[0] == "chapters":
        return "chapter.schema.json"
    if rel.name == "guide.yaml":
        split = (folder / "chapters").is_dir() or any(p.name != "guide.yaml" for p in folder.glob("*.yaml"))
        return "guide-split.schema.json" if split else "guide.schema.json"
    return f"{rel.stem}.schema.json"


def schema_errors(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """file -> [(JSON path, validator)] for every YAML file of the guide that YAML 1.2 can read."""
    out = {}
    for path in sorted(folder.rglob("*.y*ml")):
        if path.parent.name == "_outside" or "_outside" in path.parts:
            continue
        try:
            value = yaml12.load(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, Exception) as exc:  # noqa: BLE001 - not YAML: the schema has no say
            if isinstance(exc, (UnicodeDecodeError,)) or exc.__class__.__module__.startswith("yaml"):
                continue
            raise
        validator = Draft202012Validator(SCHEMAS[schema_for(folder, path)])
        errors = {("/".join(map(str, leaf.absolute_path)), leaf.validator)
                  for e in validator.iter_errors(value) for leaf in leaves(e)}
        out[str(path.relative_to(folder))] = sorted(errors)
    return out


def leaves(error):
    """The errors that say what is wrong: inside anyOf, the deepest ones of the branch of the right type."""
    if error.validator != "anyOf" or not error.context:
        return [error]
    deepest = max(len(e.absolute_path) for e in error.context)
    inner = [e for e in error.context if len(e.absolute_path) == deepest]
    if any(e.validator != "type" for e in inner):
        inner = [e for e in inner if e.validator != "type"]
    elif deepest == len(error.absolute_path):
        return [error]  # no branch of this type at all: a wrong type, said once
    return [leaf for e in inner for leaf in leaves(e)]


# -- the schemas themselves ---------------------------------------------------------------------

def test_every_schema_is_valid_draft_2020_12():
    assert {"guide.schema.json", "guide-split.schema.json", "chapter.schema.json"} <= set(SCHEMAS)
    assert {f"{key}.schema.json" for key in f.TOP} <= set(SCHEMAS)
    for name, schema in SCHEMAS.items():
        assert schema["$schema"] == DRAFT, name
        Draft202012Validator.check_schema(schema)


def test_every_key_has_a_description_editors_show():
    for name, (table, doc) in f.RECORDS.items():
        assert doc, name
        for key, entry in table.items():
            assert isinstance(entry, f.Key) and entry.doc, f"{name}.{key}: declare it as Key(reader, required, 'description')"
    chapter = SCHEMAS["chapter.schema.json"]
    assert chapter["properties"]["title"]["description"].startswith("The chapter's heading")
    assert chapter["required"] == ["title"] and chapter["additionalProperties"] is False


def test_schema_tables_are_the_loaders_tables():
    """A key added to a table shows in the schema, and a key the loader refuses is refused by the schema."""
    guide = SCHEMAS["guide.schema.json"]
    assert list(guide["properties"]) == list(f.TOP)
    assert guide["required"] == [k for k, e in f.TOP.items() if e.required]
    for name, (table, _) in f.RECORDS.items():
        if name != "guide":
            assert list(guide["$defs"][name]["properties"]) == list(table), name
    assert guide["$defs"]["character"]["properties"]["role"]["enum"] == ["major", "minor"]


def test_schema_command_writes_every_schema_the_same_each_time(tmp_path):
    runner = CliRunner()
    for out in ("a", "b/c"):
        result = runner.invoke(main, ["schema", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
        assert f"wrote {len(SCHEMAS)} schemas" in result.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(SCHEMAS)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / "c" / name).read_bytes()
        assert json.loads((tmp_path / "a" / name).read_text(encoding="utf-8")) == SCHEMAS[name]


def test_schema_command_into_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x")
    assert CliRunner().invoke(main, ["schema", str(tmp_path / "f")]).exit_code == 2


# -- guides check accepts, the schemas accept ----------------------------------------------------

@pytest.mark.parametrize("folder", [SAMPLE, *sorted(p for p in GUIDES.iterdir() if (p / "guide.yaml").is_file())],
                         ids=lambda p: p.name)
def test_guides_that_check_accepts_pass_every_schema(folder):
    load_guide(folder)  # check accepts it
    found = schema_errors(folder)
    assert found and all(errors == [] for errors in found.values()), found


def test_the_sample_put_together_in_one_file_passes_the_guide_schema():
    whole = yaml12.load((SAMPLE / "guide.yaml").read_text(encoding="utf-8"))
    for path in sorted(SAMPLE.glob("*.yaml")):
        if path.name != "guide.yaml":
            whole[path.stem] = yaml12.load(path.read_text(encoding="utf-8"))
    whole["chapters"] = [yaml12.load(p.read_text(encoding="utf-8")) for p in sorted((SAMPLE / "chapters").glob("*.yaml"))]
    assert list(Draft202012Validator(SCHEMAS["guide.schema.json"]).iter_errors(whole)) == []


YAML12_TEXT = """\
title: no
subtitle: true
author: 1925
published: 2001-01-01
language: "no"
credits: null
themes:
  - id: 1925
    name: ~
    color: "#b03a2e"
    icon: ./icons/x.svg
chapters:
  - title: 1:20
    id: true
    short: 0x1F
    length: 1_000
    summary: .inf
    quotes:
      - text: 3.5
        page: 35-36
        themes: [1925]
    questions:
      - prompt: "Where? #2"
        lines: 4.0
    theme_weights: {"1925": 2}
"""


def test_text_that_yaml_1_2_reads_as_numbers_booleans_and_null_is_accepted(make_guide):
    folder = make_guide({"guide.yaml": YAML12_TEXT, "icons/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>'})
    guide = load_guide(folder)
    assert (guide.title, guide.subtitle, guide.author, guide.chapters[0].short) == ("no", "true", "1925", "0x1F")
    assert schema_errors(folder) == {"guide.yaml": []}


# -- mistakes the schemas flag -------------------------------------------------------------------

# Broken cases an editor can flag from one file: (file, JSON path, JSON Schema keyword) each.
DETECTABLE = {
    "bad-color": [("guide.yaml", "themes/0/color", "pattern")],
    "bad-color-short-hex": [("guide.yaml", "themes/0/color", "pattern")],
    "bad-color-unquoted": [("guide.yaml", "themes/0/color", "type")],  # '#' starts a comment: nothing is left
    "bad-id": [("guide.yaml", "themes/0/id", "pattern")],
    "bad-id-chapter": [("guide.yaml", "chapters/0/id", "pattern")],
    "bad-language": [("guide.yaml", "language", "pattern")],
    "choice-wrong": [("guide.yaml", "characters/0/role", "enum")],
    "format-not-a-number": [("guide.yaml", "format", "const")],
    "format-unknown": [("guide.yaml", "format", "const")],
    "guide-is-a-list": [("guide.yaml", "", "type")],
    "invalid-theme-no-cascade": [("guide.yaml", "themes/0/icon", "enum"), ("guide.yaml", "themes/0/icon", "pattern")],
    "unknown-icon": [("guide.yaml", "themes/0/icon", "enum"), ("guide.yaml", "themes/0/icon", "pattern")],
    "missing-required-chapter-file": [("chapters/02-letter-2.yaml", "", "required")],
    "missing-required-theme-name": [("guide.yaml", "themes/0", "required")],
    "missing-required-top": [("guide.yaml", "", "required")],
    "unknown-key": [("guide.yaml", "", "additionalProperties"), ("guide.yaml", "", "required")],
    "wrong-type-list": [("guide.yaml", "themes", "type")],
    "wrong-type-mapping": [("guide.yaml", "chapters/0/quotes/0", "anyOf")],
    "wrong-type-number": [("guide.yaml", "chapters/0/length", "pattern")],
    "wrong-type-themes-ref": [("guide.yaml", "chapters/0/summary/0/themes", "type")],
}


@pytest.mark.parametrize("case", sorted(DETECTABLE))
def test_broken_guides_an_editor_can_see_are_flagged(case):
    found = schema_errors(BROKEN / case)
    flagged = sorted((file, path, keyword) for file, errors in found.items() for path, keyword in errors)
    for expected in DETECTABLE[case]:
        assert expected in flagged, (case, flagged)
    assert len(flagged) == len(DETECTABLE[case]), flagged


def test_many_errors_flags_each_file_with_a_detectable_mistake():
    found = schema_errors(BROKEN / "many-errors")
    assert ("", "additionalProperties") in found["guide.yaml"]  # publisher
    assert ("length", "exclusiveMinimum") in found["chapters/01-letter-1.yaml"]  # not positive
    assert [kw for _, kw in found["chapters/02-letter-2.yaml"]] == ["additionalProperties"]  # mood


def test_unknown_references_are_left_to_check():
    """An id that names nothing is valid in one file: only check, which sees the whole guide, reports it."""
    assert all(errors == [] for errors in schema_errors(BROKEN / "unknown-ref-many").values())


# -- random guides: whatever check accepts, the schemas accept ----------------------------------

def _split(guide: dict, keys: set) -> tuple[dict, dict]:
    top, files = dict(guide), {}
    for key in sorted(keys):
        if key == "chapters/" and isinstance(top.get("chapters"), list):
            for i, chapter in enumerate(top.pop("chapters"), 1):
                files[f"chapters/{i:02d}.yaml"] = G.dump(chapter)
        elif key in top:
            files[f"{key}.yaml"] = G.dump(top.pop(key))
    return top, files


FEW = settings(max_examples=30, derandomize=True, database=None, deadline=None,
               phases=[Phase.explicit, Phase.reuse, Phase.generate],
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
SPLITS = st.sets(st.sampled_from(["themes", "characters", "glossary", "background", "chapters/"]))


@st.composite
def visible_mistakes(draw) -> dict:
    """A valid guide with one key renamed or deleted, or a choice or color given any text."""
    guide = draw(valid_guides())
    mappings = [(node, key) for node in _mappings(guide) for key in node]
    node, key = draw(st.sampled_from(mappings))
    action = draw(st.sampled_from(["rename", "delete", "junk"]))
    if action == "rename":
        node[draw(st.text(min_size=1, max_size=8))] = node.pop(key)
    elif action == "delete":
        del node[key]
    else:
        for name in ("role", "kind", "color"):
            holder = next((n for n in _mappings(guide) if name in n), None)
            if holder is not None:
                holder[name] = draw(st.one_of(st.text(max_size=8), st.integers(), st.booleans()))
                break
    return guide


def _mappings(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value)


@FEW
@given(guide=visible_mistakes(), split=SPLITS)
def test_what_check_finds_in_one_file_the_schema_flags(guide, split):
    """A renamed or missing key, a bad choice or color: when check reports it, the schema flags that file."""
    agree(guide, split)


@FEW
@given(guide=broken_guides(), split=SPLITS)
def test_every_guide_check_accepts_passes_the_schemas(guide, split):
    """Mutated guides (junk values, misspelt keys): when check accepts one, so must every schema."""
    agree(guide, split)


def agree(guide: dict, split: set) -> None:
    """When check accepts the guide, every file passes its schema; when check finds an unknown key,
    a missing key, a bad choice or a bad color in a file, that file's schema flags it too."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "g"
        top, files = _split(guide, split)
        G.write_guide(folder, top, files)
        note(G.dump(guide))
        try:
            load_guide(folder)
        except ContentError as exc:
            problems = exc.problems
        else:
            problems = []
        found = schema_errors(folder)
        if not problems:
            assert all(errors == [] for errors in found.values()), found
        for problem in problems:  # and what check finds that a schema can see, the schema flags
            file = str(Path(problem.source.file).resolve().relative_to(folder.resolve()))
            seen = [kind for kind in SEEN if kind in problem.message]
            if seen and file in found and not (seen == ["missing required key"] and file == "guide.yaml" and files):
                assert found[file], f"{problem} is not flagged by {schema_for(folder, folder / file)}"


# Mistakes one file shows, so its schema must flag them (a split guide.yaml requires nothing).
SEEN = ("unknown key", "missing required key", "expected one of", "is not a color")


# -- the scaffold ---------------------------------------------------------------------------------

OPTIONAL = re.compile(r"^(\s*)# (?=[a-z_]+:|- |\s)", re.M)  # "# key:" and the lines under it


def test_new_guide_points_editors_at_schemas_it_writes(tmp_path):
    assert CliRunner().invoke(main, ["new", str(tmp_path / "g"), "--title", "Othello", "--author", "Shakespeare"]).exit_code == 0
    text = (tmp_path / "g" / "guide.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=.schema/guide.schema.json"
    assert json.loads((tmp_path / "g" / ".schema" / "guide.schema.json").read_text(encoding="utf-8")) == SCHEMAS["guide.schema.json"]
    assert sorted(p.name for p in (tmp_path / "g" / ".schema").iterdir()) == sorted(SCHEMAS)
    assert "docs/content-format.md" in text
    assert schema_errors(tmp_path / "g") == {"guide.yaml": []}


def test_new_guide_shows_every_key_and_every_commented_key_works(tmp_path):
    CliRunner().invoke(main, ["new", str(tmp_path / "g"), "--title", "Othello", "--author", "Shakespeare"])
    text = (tmp_path / "g" / "guide.yaml").read_text(encoding="utf-8")
    for name, (table, _) in f.RECORDS.items():
        for key in table:
            assert re.search(rf"^[ #-]*{key}:", text, re.M), f"the scaffold does not show {name}.{key}"
    uncommented = OPTIONAL.sub(r"\1", text)
    assert not OPTIONAL.search(uncommented)
    (tmp_path / "g" / "guide.yaml").write_text(uncommented, encoding="utf-8")
    (tmp_path / "g" / "images").mkdir()
    (tmp_path / "g" / "images" / "cover.png").write_bytes(G.png_bytes(40, 60))
    guide = load_guide(tmp_path / "g")
    assert guide.subtitle and guide.symbols and guide.glossary and guide.questions and guide.background.key_facts
    assert guide.chapters[0].theme_weights == (("first-theme", 2),) and guide.chapters[0].length == 12
    assert schema_errors(tmp_path / "g") == {"guide.yaml": []}


# -- the docs ------------------------------------------------------------------------------------

def test_the_content_format_doc_describes_every_key():
    doc = (DOCS / "content-format.md").read_text(encoding="utf-8")
    for name, (table, _) in f.RECORDS.items():
        for key in table:
            assert f"`{key}`" in doc, f"docs/content-format.md does not describe {name}.{key}"


# the team's sibling folder beside the repository (as a relative path, or joined in code) and the
# workplace's root; written with classes so that this line does not match itself
OUTSIDE = re.compile(r"\.\./shar[e]d|/wor[k]/|[\\/] *[\"']shar[e]d[\"']")


def test_docs_readme_package_tests_and_benchmarks_point_only_inside_the_repository():
    repo = TESTS.parent
    files = [repo / "README.md", *sorted(DOCS.glob("*.md")), *sorted((repo / "guidebuilder").rglob("*.py")),
             *sorted((repo / "benchmarks").glob("*")), *sorted(TESTS.rglob("*.py")), *sorted((repo / ".ci").glob("*"))]
    for path in files:
        if path.is_file():
            assert not OUTSIDE.search(path.read_text(encoding="utf-8", errors="replace")), path
    for path in [repo / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)", text):
            if not target.startswith(("http://", "https://")):
                assert (path.parent / target).exists(), f"{path.name} links to {target}, which does not exist"


# -- in a real editor's language server (opt-in: needs Node and yaml-language-server) ------------

YLS = os.environ.get("GUIDEBUILDER_YLS")


@pytest.mark.skipif(not YLS, reason="set GUIDEBUILDER_YLS to a yaml-language-server executable (see tests/yls.py)")
def test_editor_reads_the_scaffold_line_and_flags_mistakes(tmp_path):
    import yls

    CliRunner().invoke(main, ["new", str(tmp_path / "g"), "--title", "Othello", "--author", "Shakespeare"])
    good = tmp_path / "g" / "guide.yaml"
    text = good.read_text(encoding="utf-8")
    bad = tmp_path / "g" / "bad.yaml"
    bad.write_text(text.replace('# color: "#1F5F99"', 'color: "#1F5F9"').replace("role: major", "role: main\n    titel: x"),
                   encoding="utf-8")
    look_alikes = tmp_path / "g" / "yaml12.yaml"
    look_alikes.write_text(text.splitlines()[0] + "\n" + YAML12_TEXT, encoding="utf-8")
    (tmp_path / "g" / "chapters").mkdir()
    chapter = tmp_path / "g" / "chapters" / "01.yaml"
    chapter.write_text("# yaml-language-server: $schema=../.schema/chapter.schema.json\ntitle: One\nmood: grim\n", encoding="utf-8")
    found = yls.diagnostics(YLS, [good, bad, look_alikes, chapter])
    assert found[good] == [] and found[look_alikes] == []
    messages = " | ".join(m for _, m in found[bad])
    assert len(found[bad]) == 3 and "#RRGGBB" in messages and "major" in messages and "titel" in messages, found[bad]
    assert [line for line, _ in found[chapter]] == [3] and "mood" in found[chapter][0][1]


def test_every_icon_name_the_schema_offers_has_its_drawing():
    """The names editors complete for `icon` are the loader's, and each has an SVG in assets/icons."""
    from guidebuilder.icons import builtin_names
    from guidebuilder.palette import ICON_NAMES

    offered = SCHEMAS["themes.schema.json"]["$defs"]["theme"]["properties"]["icon"]["anyOf"][0]["enum"]
    assert offered == list(ICON_NAMES)
    assert set(ICON_NAMES) <= set(builtin_names())
