"""Which hyphenation dictionaries exist, without importing ReportLab.

known_language()   True when pyphen has patterns for a BCP 47 language code
pyphen_language()  the pyphen dictionary name for a code, or None
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
