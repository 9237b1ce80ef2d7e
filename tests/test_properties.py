"""Property-based tests: random guides, valid and broken, never crash guidebuilder.

Whatever the input, the CLI answers with a PDF (exit 0) or with located errors
(`FILE:LINE:COL: error: ...`, exit 1, no PDF), never a traceback or an internal error.

CI runs a few deterministic examples per property (derandomized, no example database).
For a longer, randomized run set GUIDEBUILDER_FUZZ_EXAMPLES, e.g.:

    GUIDEBUILDER_FUZZ_EXAMPLES=500 PYTHONPATH=. python -m pytest tests/test_properties.py
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import warnings

import pytest
from hypothesis import HealthCheck, Phase, assume, given, note, settings
from hypothesis import strategies as st

from hostile import guides as G  # pytest puts tests/ (no __init__.py) on sys.path



# Hypothesis imports libcst lazily when a test fails; libcst warns on import, and pytest runs with
# filterwarnings=error, which would turn a reported failure into an INTERNALERROR. Import it now.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    try:
        import hypothesis.extra._patching  # noqa: F401
    except Exception:  # noqa: BLE001 - optional machinery
        pass

FUZZ = int(os.environ.get("GUIDEBUILDER_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(ci_examples: int):
    """`ci_examples` derandomized examples in CI; GUIDEBUILDER_FUZZ_EXAMPLES random ones when set."""
    return settings(
        max_examples=FUZZ or ci_examples,
        derandomize=not FUZZ,
        database=None,
        deadline=None,
        print_blob=True,
        # CI: no shrinking (a failing example is reported as found, quickly); a fuzz run shrinks.
        phases=list(Phase) if FUZZ else [Phase.explicit, Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                               HealthCheck.large_base_example],
    )


@pytest.fixture(autouse=True)
def _crash_reports_in_tmp(tmp_path, monkeypatch):
    """Internal-error reports (tempfile.mkstemp) go to this test's folder, not /tmp."""
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))


# =========================================================================== strategies

ICONS = ("anchor", "bell", "bird", "book", "butterfly", "candle", "chain", "clock", "coin", "compass", "crown",
         "door", "eye", "feather", "flame", "flower", "hand", "heart", "hourglass", "house", "key", "leaf",
         "letter", "mask", "mirror", "moon", "scales", "ship", "skull", "star", "sun", "sword", "tear", "tree", "wave")

# Pieces that have broken text pipelines before: markup, entities, YAML look-alikes, scripts.
PIECES = ('<b>', '</i>', '<img src="/etc/passwd"/>', '<a href="javascript:alert(1)">', '<font face="x">', '<seq/>',
          '<br/>', '&', '&amp;', '&#65;', '&nbsp;', ']]>', '*', '**', '> ', '- ', '--', '---', '...', '"', "'",
          'no', 'yes', '1e3', '1:20', '2001-01-01', '~', 'null', '0x1F', '.inf', '#', ': ', '\n', '\n\n', '\t',
          'Οδύσσεια', 'Преступление', 'Ærø', '吾輩は猫', 'ألف', '📚', '\u202e', '\u200b', '\x01', '\x7f', ' ')

# Everything YAML can carry (no surrogates); control characters included, they must be removed.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"))


def texts(max_pieces: int = 6, max_size: int = 40):
    piece = st.one_of(st.text(ANY_CHAR, max_size=max_size), st.sampled_from(PIECES), st.text(PRINTABLE, max_size=max_size))
    return st.lists(piece, max_size=max_pieces).map("".join)


def required_texts():
    """Non-empty after control characters are removed: starts with a printable character."""
    return st.tuples(st.text(PRINTABLE, min_size=1, max_size=3).filter(lambda s: s.strip()), texts(4)).map("".join)


slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
numbers = st.one_of(st.integers(1, 10**6), st.floats(0.01, 1e6, allow_nan=False, allow_infinity=False))


@st.composite
def valid_guides(draw) -> dict:
    """A guide that follows docs/content-format.md: every required key, every reference defined."""
    theme_ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    char_ids = draw(st.lists(slugs, max_size=3, unique=True))
    symbol_ids = draw(st.lists(slugs, max_size=2, unique=True))
    n_chapters = draw(st.integers(1, 4))
    named_chapters = draw(st.booleans())
    chapter_ids = (draw(st.lists(slugs, min_size=n_chapters, max_size=n_chapters, unique=True)) if named_chapters
                   else [f"ch{i}" for i in range(1, n_chapters + 1)])
    opt = lambda strategy: draw(st.one_of(st.none(), strategy))
    some = lambda ids, n=3: draw(st.lists(st.sampled_from(ids), max_size=n, unique=True)) if ids else []

    def question():
        q = {"prompt": draw(required_texts())}
        for key, strategy in (("answer", texts()), ("kind", st.sampled_from(["discussion", "short-answer", "essay"])),
                              ("lines", st.integers(0, 60))):
            value = opt(strategy)
            if value is not None:
                q[key] = value
        if draw(st.booleans()):
            q["themes"] = some(theme_ids)
        return q

    guide: dict = {"title": draw(required_texts()), "author": draw(required_texts())}
    for key, strategy in (("format", st.just(1)), ("subtitle", texts()), ("published", st.one_of(texts(), st.integers(1, 3000).map(str))),
                          ("language", st.sampled_from(["en", "en-US", "de", "fr", "es"])), ("credits", texts()),
                          ("plot_summary", texts(10))):
        value = opt(strategy)
        if value is not None:
            guide[key] = value
    if draw(st.booleans()):
        guide["background"] = {"author_bio": draw(texts()), "key_facts": draw(st.dictionaries(required_texts(), texts(), max_size=3))}
    guide["themes"] = []
    for tid in theme_ids:
        theme = {"id": tid, "name": draw(required_texts())}
        color = opt(st.integers(0, 0xFFFFFF).map(lambda c: f"#{c:06X}"))
        icon = opt(st.sampled_from(ICONS))
        if color:
            theme["color"] = color
        if icon:
            theme["icon"] = icon
        for key in ("summary", "analysis"):
            value = opt(texts())
            if value is not None:
                theme[key] = value
        guide["themes"].append(theme)
    if char_ids:
        guide["characters"] = [{"id": cid, "name": draw(required_texts()), "aliases": draw(st.lists(required_texts(), max_size=2)),
                                "role": draw(st.sampled_from(["major", "minor"])), "description": draw(texts())}
                               for cid in char_ids]
    if symbol_ids:
        guide["symbols"] = [{"id": sid, "name": draw(required_texts()), "description": draw(texts())} for sid in symbol_ids]
    if draw(st.booleans()):
        guide["glossary"] = [{"term": draw(required_texts()), "definition": draw(required_texts()),
                              "kind": draw(st.sampled_from(["device", "vocabulary"])),
                              **({"chapter": draw(st.sampled_from(chapter_ids))} if draw(st.booleans()) else {}),
                              "example": draw(texts())}
                             for _ in range(draw(st.integers(1, 2)))]
    chapters = []
    for i in range(n_chapters):
        ch: dict = {"title": draw(required_texts())}
        if named_chapters:
            ch["id"] = chapter_ids[i]
        for key, strategy in (("short", required_texts()), ("length", numbers)):
            value = opt(strategy)
            if value is not None:
                ch[key] = value
        if draw(st.booleans()):
            ch["summary"] = draw(texts(8))
        else:
            ch["summary"] = [{"text": draw(required_texts()), "analysis": draw(texts(8)), "themes": some(theme_ids)}
                             for _ in range(draw(st.integers(0, 3)))]
        ch["quotes"] = []
        for _ in range(draw(st.integers(0, 2))):
            quote = {"text": draw(required_texts()), "themes": some(theme_ids), "characters": some(char_ids),
                     "symbols": some(symbol_ids), "explanation": draw(texts())}
            if char_ids and draw(st.booleans()):
                quote["speaker"] = draw(st.sampled_from(char_ids))
            page = opt(st.one_of(st.integers(1, 999).map(str), texts(2, 8)))
            if page is not None:
                quote["page"] = page
            ch["quotes"].append(quote)
        ch["questions"] = [question() for _ in range(draw(st.integers(0, 1)))]
        if draw(st.booleans()):
            ch["theme_weights"] = {t: draw(st.integers(0, 5)) for t in some(theme_ids)}
        chapters.append(ch)
    guide["chapters"] = chapters
    if draw(st.booleans()):
        guide["questions"] = [question() for _ in range(draw(st.integers(1, 2)))]
    return guide


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts(3),
    st.just(""), st.just([]), st.just({}),
    st.lists(st.one_of(st.integers(), texts(2)), max_size=3),
    st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), texts(2)), max_size=3),
    st.recursive(st.one_of(st.integers(), st.text(max_size=5)),
                 lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                 max_leaves=12),
)


def _paths(node, prefix=()):
    """Every (path) into a guide dict: keys of mappings and indexes of lists."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


@st.composite
def broken_guides(draw) -> dict:
    """A valid guide with 1-3 random mutations: values replaced by junk, keys deleted or misspelt,
    ids duplicated, references pointed nowhere."""
    guide = draw(valid_guides())
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(guide) if p]
        path = draw(st.sampled_from(paths))
        parent = guide
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        action = draw(st.sampled_from(["junk", "delete", "rename", "duplicate", "dangling"]))
        if action == "junk":
            parent[last] = draw(JUNK)
        elif action == "delete":
            del parent[last]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = parent.pop(last)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[last])
        elif action == "dangling" and isinstance(parent, (dict, list)):
            parent[last] = draw(slugs)
    return guide


YAML_TOKENS = (": ", ":", "- ", "-", "&a ", "*a", "*b", "&b [*a, *a, *a]", "!!python/object/apply:os.system ['true']",
               "!!binary AAAA", "!custom", "{", "}", "[", "]", ",", '"', "'", "\t", "#", "---\n", "...\n", "%YAML 1.1\n",
               "<<: *a", "? ", "|", ">", "|-\n", "\n", "\n  ", "\n    ", "\r\n", "\ufeff", "\x00", "\x85", "\u2028",
               "title", "author", "themes", "chapters", "id", "name", "text", "quotes", "summary", "[x]", "{a: b}")


@st.composite
def mangled_yaml(draw) -> str:
    """The YAML text of a valid guide with random tokens spliced in at random places."""
    text = G.dump(draw(valid_guides()))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=6)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + piece + text[at + cut:]
    return text


# =========================================================================== checks

def check_located(run, folder: Path, name: str = "g") -> None:
    """Exit 0 or 1; no traceback; every stderr line located inside the guide, sorted, on a real line."""
    assert run.exception is None, f"raised {run.exception!r}"
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.exit_code in (0, 1), f"exit {run.exit_code}\n{run.stderr}"
    assert not G.unlocated_lines(run.stderr), f"unlocated stderr lines:\n{run.stderr}"
    errors = run.errors
    assert (run.exit_code == 1) == bool(errors), run.stderr
    keys = [(e["file"], e["line"]) for e in errors]
    assert keys == sorted(keys), f"errors not sorted by file and line:\n{run.stderr}"
    for e in errors + run.warnings:
        assert e["file"] == name or e["file"].startswith(name + "/"), f"error outside the guide: {e}"
        path = folder.parent / e["file"]
        assert e["line"] >= 1 and e["col"] >= 1, e
        if path.is_file():
            lines = path.read_bytes().count(b"\n") + 1
            assert e["line"] <= lines + 1, f"line {e['line']} beyond the end of {e['file']} ({lines} lines)"


# =========================================================================== properties

@fuzz_settings(10)
@given(guide=valid_guides())
def test_valid_guides_build(guide: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        G.write_guide(tmp / "g", guide)
        note(G.dump(guide))
        run = G.run_cli(["pdf", "g", "-o", "out/g.pdf", "--edition", "teacher"], tmp)
        check_located(run, tmp / "g")
        assert run.exit_code == 0, f"a valid guide was rejected:\n{run.stderr}"
        data = (tmp / "out" / "g.pdf").read_bytes()
        assert data.startswith(b"%PDF-") and G.page_count(tmp / "out" / "g.pdf") >= 2


def split_guide(guide: dict, keys: set) -> tuple[dict, dict]:
    """guide.yaml's mapping and the files for `keys` moved to KEY.yaml (chapters: one file each in chapters/)."""
    top, files = dict(guide), {}
    for key in sorted(keys):
        if key == "chapters-folder":
            if isinstance(top.get("chapters"), list):
                for i, ch in enumerate(top.pop("chapters"), 1):
                    files[f"chapters/{i:03d}.yaml"] = G.dump(ch)
        elif key in top:
            files[f"{key}.yaml"] = G.dump(top.pop(key))
    return top, files


SPLITTABLE = ["themes", "characters", "symbols", "glossary", "questions", "background", "chapters-folder"]


@fuzz_settings(30)
@given(guide=broken_guides(), split=st.sets(st.sampled_from(SPLITTABLE)))
def test_broken_guides_report_located_errors(guide: dict, split: set) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        top, files = split_guide(guide, split)
        G.write_guide(tmp / "g", top, files)
        note(G.dump(guide))
        note(f"split into: {sorted(files)}")
        run = G.run_cli(["check", "g"], tmp)
        check_located(run, tmp / "g")
        if run.exit_code == 0:  # the mutation left a valid guide: it must build too
            built = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp)
            check_located(built, tmp / "g")
            assert built.exit_code == 0, f"check passed but pdf failed:\n{built.stderr}"
        else:
            built = G.run_cli(["pdf", "g", "-o", "out/g.pdf"], tmp)
            assert built.exit_code == 1 and built.errors == run.errors, (run.stderr, built.stderr)
            assert not (tmp / "out").exists() or not any((tmp / "out").iterdir())


# Characters YAML does not allow raw in a file (it rejects the whole file): C0 controls but tab, LF
# and CR; DEL; C1 controls but NEL; U+FFFE and U+FFFF.
YAML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
YAML_FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x84\x86-\x9f]|\xef\xbf[\xbe\xbf]")
def _mangled_check(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "g").mkdir()
        (tmp / "g" / "guide.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        note(repr(text))
        run = G.run_cli(["check", "g"], tmp)
        check_located(run, tmp / "g")


@fuzz_settings(50)
@given(text=mangled_yaml().map(lambda t: YAML_FORBIDDEN.sub("", t)))
def test_mangled_yaml_never_crashes(text: str) -> None:
    _mangled_check(text)


@fuzz_settings(30)
@given(text=mangled_yaml().filter(lambda t: YAML_FORBIDDEN.search(t) is not None))
def test_mangled_yaml_with_raw_control_characters_never_crashes(text: str) -> None:
    _mangled_check(text)


RANDOM_BYTES = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda g, at, junk: (lambda b: b[:at] + junk + b[at:])(G.dump(g).encode()),
              valid_guides(), st.integers(0, 400), st.binary(min_size=1, max_size=4)))


def _bytes_check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "g").mkdir()
        (tmp / "g" / "guide.yaml").write_bytes(data)
        note(repr(data))
        run = G.run_cli(["check", "g"], tmp)
        check_located(run, tmp / "g")


@fuzz_settings(30)
@given(data=RANDOM_BYTES.map(lambda b: YAML_FORBIDDEN_BYTES.sub(b"", b)))
def test_random_bytes_never_crash(data: bytes) -> None:
    _bytes_check(data)


@fuzz_settings(20)
@given(data=RANDOM_BYTES.filter(lambda b: YAML_FORBIDDEN_BYTES.search(b) is not None))
def test_random_bytes_with_raw_control_characters_never_crash(data: bytes) -> None:
    _bytes_check(data)


@fuzz_settings(10)
@given(guide=valid_guides(), split=st.sets(st.sampled_from(SPLITTABLE)))
def test_split_files_load_like_one_file(guide: dict, split: set) -> None:
    """Moving keys to their own files (and chapters to chapters/) changes nothing but locations."""
    from guidebuilder.load import load_guide

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        G.write_guide(tmp / "one", guide)
        top, files = split_guide(guide, split)
        G.write_guide(tmp / "split", top, files)
        one, parts = load_guide(tmp / "one"), load_guide(tmp / "split")
        strip = lambda g: {k: v for k, v in vars(g).items() if k not in ("root", "texts", "warnings", "notes")}
        assert strip(one) == strip(parts)


# Where each field of G.FIELDS lands in the loaded model (guidebuilder.model.Guide).
MODEL = {
    "title": lambda g: g.title, "subtitle": lambda g: g.subtitle, "author": lambda g: g.author,
    "published": lambda g: g.published, "credits": lambda g: g.credits, "plot_summary": lambda g: g.plot_summary,
    "author_bio": lambda g: g.background.author_bio, "historical_context": lambda g: g.background.historical_context,
    "related_works": lambda g: g.background.related_works, "key_fact_label": lambda g: g.background.key_facts[0][0],
    "key_fact_value": lambda g: g.background.key_facts[0][1], "theme_name": lambda g: g.themes[0].name,
    "theme_summary": lambda g: g.themes[0].summary, "theme_analysis": lambda g: g.themes[0].analysis,
    "character_name": lambda g: g.characters[0].name, "character_alias": lambda g: g.characters[0].aliases[0],
    "character_description": lambda g: g.characters[0].description, "symbol_name": lambda g: g.symbols[0].name,
    "symbol_description": lambda g: g.symbols[0].description, "term": lambda g: g.glossary[0].term,
    "definition": lambda g: g.glossary[0].definition, "example": lambda g: g.glossary[0].example,
    "chapter_title": lambda g: g.chapters[0].title, "passage_text": lambda g: g.chapters[0].passages[0].text,
    "passage_analysis": lambda g: g.chapters[0].passages[0].analysis,
    "summary_text": lambda g: g.chapters[1].passages[0].text, "quote_text": lambda g: g.chapters[0].quotes[0].text,
    "quote_page": lambda g: g.chapters[0].quotes[0].page,
    "quote_explanation": lambda g: g.chapters[0].quotes[0].explanation,
    "chapter_question": lambda g: g.chapters[0].questions[0].prompt,
    "chapter_answer": lambda g: g.chapters[0].questions[0].answer,
    "question_prompt": lambda g: g.questions[0].prompt, "question_answer": lambda g: g.questions[0].answer,
}


def visible(text: str) -> str:
    """The characters that must survive loading: no whitespace, control or format characters."""
    import unicodedata

    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf"))


def test_model_table_covers_every_field() -> None:
    assert set(MODEL) == set(G.FIELDS)


@fuzz_settings(25)
@given(field=st.sampled_from(sorted(G.FIELDS)), value=texts(8, 60))
def test_any_text_in_any_field_loads_as_written(field: str, value: str) -> None:
    """A text field keeps what was written (less control characters), whatever YAML could make of it:
    no, 1e3, 1:20, 2001-01-01, ~, markup, any script."""
    from guidebuilder.load import load_guide

    assume(visible(value))
    guide = G.set_field(G.minimal(), field, value)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        G.write_guide(tmp / "g", guide)
        note(G.dump(guide))
        run = G.run_cli(["check", "g"], tmp)
        check_located(run, tmp / "g")
        assert run.exit_code == 0, run.stderr
        loaded = MODEL[field](load_guide(tmp / "g"))
        assert visible(loaded) == visible(value), (loaded, value)
