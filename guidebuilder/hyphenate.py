"""Hyphenation: which dictionaries exist and the rules of a break, without importing ReportLab.

known_language()   True when pyphen has patterns for a BCP 47 language code
pyphen_language()  the pyphen dictionary name for a code, or None (`en`, `en-US`: US patterns)
Hyphenator         the word -> (head, tail) breaks ReportLab asks for, by our rules
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
    """

    def __init__(self, name: str):
        import pyphen

        self.name = name
        self._dic = pyphen.Pyphen(lang=name, left=LEFT, right=RIGHT)

    def __call__(self, word: str):
        if not word or word[0].isupper() or not word.isalpha():
            return ()
        return self._dic.iterate(word)

    def breaks(self, word: str) -> set[int]:
        """Positions where `word` may break (for tests and the layout lint)."""
        return set(self._dic.positions(word)) if word and word.isalpha() and not word[0].isupper() else set()


@lru_cache(maxsize=None)
def hyphenator(code: str) -> Hyphenator | None:
    name = pyphen_language(code)
    return Hyphenator(name) if name else None
