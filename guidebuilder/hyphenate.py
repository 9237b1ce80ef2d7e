"""Which hyphenation dictionaries exist, without importing ReportLab.

known_language()   True when pyphen has patterns for a BCP 47 language code
pyphen_language()  the pyphen dictionary name for a code, or None
Hyphenator         the break points of a word, for ReportLab: dictionary loaded on first use, kept per word
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def pyphen_language(code: str) -> str | None:
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return None
    return pyphen.language_fallback(code.replace("-", "_")) or (
        "en_US" if code.lower() in ("en", "en-us") else None
    )


def known_language(code: str) -> bool:
    return pyphen_language(code) is not None


class Hyphenator:
    """word -> its (start, rest) break pairs: the callable ReportLab takes as `hyphenationLang`.

    The dictionary is loaded when the first word needs breaking (0.1 s, a fixed cost a build
    without long lines never pays), and each word's pairs are kept: line breaking asks again for
    the same word every time it ends a line, at every width a paragraph is wrapped at.
    """

    def __init__(self, dictionary: str):
        self.dictionary = dictionary
        self._iterate = None
        self._known: dict[str, tuple] = {}

    def __call__(self, word: str) -> tuple:
        pairs = self._known.get(word)
        if pairs is None:
            if self._iterate is None:
                import pyphen

                self._iterate = pyphen.Pyphen(lang=self.dictionary).iterate
            pairs = self._known[word] = tuple(self._iterate(word))
        return pairs

    def __deepcopy__(self, memo):  # styles are copied now and then; one dictionary serves them all
        return self
