"""Hyphenation: which dictionaries exist and the rules of a break, without importing ReportLab.

known_language()   True when pyphen has patterns for a BCP 47 language code
pyphen_language()  the pyphen dictionary name for a code, or None (`en`, `en-US`: US patterns)
patterns(), read_patterns()  a dictionary read as pyphen reads it, faster
Hyphenator         the word -> (head, tail) breaks ReportLab asks for, by our rules; loaded on first use, kept per word
hyphenator()       the one Hyphenator of a language code
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LEFT, RIGHT = 2, 3  # letters at least before and after a break
_US = {"en", "en-us"}


@lru_cache(maxsize=None)
def pyphen_language(code: str) -> str | None:
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return None
    if code.lower() in _US:  # pyphen's plain "en" is British (en_GB): "theat-er", "trus-ted"
        return "en_US"
    return pyphen.language_fallback(code.replace("-", "_"))


def known_language(code: str) -> bool:
    return pyphen_language(code) is not None


class Hyphenator:
    """Breaks of a word for ReportLab's `hyphenationLang` (a callable: word -> (head, tail) pairs).

    No break in a capitalised word (proper names: characters, symbols, themes, places; a word
    opening a sentence loses little) nor in an all-capitals one; LEFT letters before, RIGHT after.
    The dictionary is loaded when the first word needs breaking (a fixed cost a build without long
    lines never pays), and each word's pairs are kept: line breaking asks again for the same word
    every time it ends a line, at every width a paragraph is wrapped at.
    """

    def __init__(self, name: str):
        self.name = name
        self._dic = None
        self._known: dict[str, tuple] = {}

    @property
    def dic(self):
        if self._dic is None:
            import pyphen

            _preload(pyphen, pyphen.LANGUAGES[self.name])
            self._dic = pyphen.Pyphen(lang=self.name, left=LEFT, right=RIGHT)
        return self._dic

    def __call__(self, word: str) -> tuple:
        pairs = self._known.get(word)
        if pairs is None:
            ok = word and not word[0].isupper() and word.isalpha()
            pairs = self._known[word] = tuple(self.dic.iterate(word)) if ok else ()
        return pairs

    def breaks(self, word: str) -> set[int]:
        """Positions where `word` may break (for tests and the layout lint)."""
        return set(self.dic.positions(word)) if word and word.isalpha() and not word[0].isupper() else set()

    def __deepcopy__(self, memo):  # styles are copied now and then; one dictionary serves them all
        return self


def patterns(text: str) -> dict | None:
    """The patterns of a hyphenation dictionary's text, as pyphen's HyphDict keeps them
    ({letters: (offset, values)}), or None for a dictionary using what this reader skips (hex
    escapes, alternative spellings: pyphen reads those). pyphen parses each pattern with a regular
    expression and zips tuples: 80 ms for the English patterns, paid by every build; this loop over
    the characters takes about a quarter of it. A test holds the two to the same dictionary.
    """
    from pyphen import ignored

    found: dict = {}
    for line in text.split("\n")[1:]:  # the first line names the encoding
        line = line.strip()
        if not line or line.startswith(ignored):
            continue
        if "^^" in line or "/" in line:
            return None
        letters, values, digit = [], [], None  # as pyphen's (\d?)(\D?): a digit, then a letter
        for ch in line:
            if ch.isdecimal():
                if digit is not None:  # two digits running: the first stands alone
                    values.append(digit)
                digit = int(ch)
            else:
                letters.append(ch)
                values.append(digit or 0)
                digit = None
        values.append(digit or 0)
        start, end = 0, len(values)
        while start < end and not values[start]:
            start += 1
        if start == end:  # only zeros: pyphen skips the pattern
            continue
        while not values[end - 1]:
            end -= 1
        found["".join(letters)] = start, tuple(values[start:end])
    return found


def read_patterns(path) -> dict | None:
    """`patterns` of the dictionary file at `path`, read in the encoding its first line names."""
    with path.open("rb") as f:
        encoding = f.readline().decode().strip()
    return patterns(path.read_text("cp1251" if encoding.lower() == "microsoft-cp1251" else encoding))


def _preload(pyphen, path) -> None:
    """Put the dictionary at `path` in pyphen's cache, read by `patterns` (pyphen reads it itself
    when `patterns` cannot)."""
    if path in pyphen.hdcache:
        return
    from . import cache  # the patterns parsed once per dictionary file and pyphen version

    found = cache.remember("hyphenation", Path(path), lambda: read_patterns(Path(path)), pyphen.__version__)
    if found:
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)  # what HyphDict.__init__ leaves, without its parse
        hd.patterns, hd.cache, hd.maxlen = found, {}, max(map(len, found))
        pyphen.hdcache[path] = hd


@lru_cache(maxsize=None)
def hyphenator(code: str) -> Hyphenator | None:
    name = pyphen_language(code)
    return Hyphenator(name) if name else None
