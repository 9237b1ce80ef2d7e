"""Hyphenation: which dictionaries exist and the rules of a break, without importing ReportLab.

known_language()   True when pyphen has patterns for a BCP 47 language code
pyphen_language()  the pyphen dictionary name for a code, or None (`en`, `en-US`: US patterns)
Hyphenator         the word -> (head, tail) breaks ReportLab asks for, by our rules; loaded on first use, kept per word
hyphenator()       the one Hyphenator of a language code
"""
from __future__ import annotations

from functools import lru_cache

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


@lru_cache(maxsize=None)
def hyphenator(code: str) -> Hyphenator | None:
    name = pyphen_language(code)
    return Hyphenator(name) if name else None
