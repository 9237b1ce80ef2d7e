"""The per-user cache of parsed fonts and hyphenation patterns (guidebuilder/cache.py): the same
values as a fresh parse, the same PDF bytes cold, warm, off and broken, and never in the way."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest
from reportlab.pdfbase.ttfonts import TTFont

from guidebuilder import cache, fonts, hyphenate
from guidebuilder.coverage import FACES

from conftest import TINY


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def _same_face(ours, reportlabs) -> None:
    a, b = vars(ours), vars(reportlabs)
    assert set(a) == set(b)
    for key in b:
        if key == "_pdfScale":  # a function made by the parse: compare what it gives
            assert [a[key](v) for v in (0, 1, 365.5, 2048)] == [b[key](v) for v in (0, 1, 365.5, 2048)]
            continue
        assert type(a[key]) is type(b[key]) and a[key] == b[key], key
        if hasattr(b[key], "ustr"):  # TTFNameBytes: the name's text beside its bytes
            assert a[key].ustr == b[key].ustr, key


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_font_from_the_cache_is_the_font_reportlab_parses(cache_dir, warm):
    if warm:
        for name, path in FACES.items():
            fonts._ttfont(name, path)
        assert len(list(cache_dir.glob("font-*.marshal"))) == len(FACES)
    for name, path in FACES.items():
        ours, reportlabs = fonts._ttfont(name, path), TTFont(name, str(path))
        assert set(vars(ours)) == set(vars(reportlabs))
        for key in ("fontName", "_asciiReadable", "_shapable", "_multiByte", "_dynamicFont"):
            assert getattr(ours, key) == getattr(reportlabs, key), key
        assert vars(ours.encoding) == vars(reportlabs.encoding)
        _same_face(ours.face, reportlabs.face)


def test_hyphenation_patterns_from_the_cache_are_those_read_from_the_dictionary(cache_dir, monkeypatch):
    path = Path(pyphen.LANGUAGES["en_US"])
    fresh = hyphenate.read_patterns(path)
    for _ in range(2):  # written, then read back
        monkeypatch.setattr(pyphen, "hdcache", {})
        hyphenate._preload(pyphen, path)
        assert pyphen.hdcache[path].patterns == fresh
    assert len(list(cache_dir.glob("hyphenation-*.marshal"))) == 1


def test_equal_values_are_written_once_and_read_back_as_one_object(cache_dir, tmp_path):
    # marshal writes an object held twice as a reference: the patterns' 11,000 tuples load as 1,562
    source = tmp_path / "source.txt"
    source.write_text("x")
    value = {"a": (1, (2, 3)), "b": (1, (2, 3)), "c": [(1, (2, 3)), "word", "word" + ""],
             "not the same": [(1,), (True,), (1.0,), 0.0, -0.0, (0.0,), (-0.0,), (None,), ([1],), ([1],)]}
    assert cache.remember("test", source, lambda: value) is value  # made, written
    back = cache.remember("test", source, lambda: pytest.fail("made again"))
    assert back == value and back is not value
    assert back["a"] is back["b"] is back["c"][0]
    odd = back["not the same"]
    assert [repr(v) for v in odd] == ["(1,)", "(True,)", "(1.0,)", "0.0", "-0.0", "(0.0,)", "(-0.0,)", "(None,)", "([1],)", "([1],)"]
    assert odd[-1] is not odd[-2] and odd[-1][0] is not odd[-2][0]  # lists stay lists of their own

    patterns = hyphenate.read_patterns(Path(pyphen.LANGUAGES["en_US"]))
    cache.remember("hyphenation", source, lambda: patterns)
    tuples = cache.remember("hyphenation", source, lambda: pytest.fail("made again")).values()
    assert len({id(v) for v in tuples}) == len(set(tuples)) < len(tuples) / 5


def _build(out: Path, cache_value: str | None) -> bytes:
    env = dict(os.environ)
    env.pop(cache.ENV, None)
    if cache_value is not None:
        env[cache.ENV] = cache_value
    subprocess.run([sys.executable, "-m", "guidebuilder", "pdf", str(TINY), "-o", str(out)],
                   check=True, capture_output=True, env=env)
    return out.read_bytes()


def test_builds_are_byte_identical_with_the_cache_cold_warm_broken_and_off(tmp_path):
    folder = tmp_path / "cache"
    off = _build(tmp_path / "off.pdf", "")
    assert not folder.exists()
    cold = _build(tmp_path / "cold.pdf", str(folder))
    entries = sorted(folder.glob("*.marshal"))
    assert len(entries) == len(FACES) + 1  # every face and the English patterns
    warm = _build(tmp_path / "warm.pdf", str(folder))
    for i, entry in enumerate(entries):  # truncated, emptied, foreign: parsed again, written again
        entry.write_bytes(entry.read_bytes()[: [0, 10, 1000][i % 3]] if i % 3 != 2 else b"\x00not marshal")
    broken = _build(tmp_path / "broken.pdf", str(folder))
    assert off == cold == warm == broken
    assert all(e.stat().st_size > 1000 for e in entries)  # mended


def test_an_entry_made_from_another_file_is_not_used(cache_dir, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("one")
    assert cache.remember("test", source, lambda: "one") == "one"
    assert cache.remember("test", source, lambda: "never made") == "one"
    source.write_text("three")  # another size (and modification time): another key
    assert cache.remember("test", source, lambda: "three") == "three"
    assert cache.remember("test", source, lambda: "never made", version="2") == "never made"


def test_a_cache_folder_that_cannot_be_written_only_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    made = []
    for _ in range(2):
        assert cache.remember("test", blocker, lambda: made.append(1) or {"k": (1, 2)}) == {"k": (1, 2)}
    assert len(made) == 2


def test_the_cache_folder_follows_the_platforms_convention(monkeypatch):
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    if sys.platform != "win32":
        assert cache.directory() == Path("/somewhere/guidebuilder")
    monkeypatch.setenv(cache.ENV, "")
    assert cache.directory() is None
