"""The one boundary from user rich text to ReportLab markup: escape, emphasis, typography.

Block          one paragraph, bullet item or block-quote paragraph of rich text
blocks()       rich text -> its blocks, each with safe ReportLab markup
inline()       one text -> safe markup (emphasis, curly quotes, dashes; optional kept line breaks)
plain()        one text -> typographic text with no markup at all (for metadata and outlines)
typography()   straight quotes, --, --- and ... -> curly quotes, en and em dash, ellipsis; en dashes in
               number ranges; no-break spaces in "T. J.", "Chapter 7", "p. 14"

Nothing else in guidebuilder builds markup from user text: escaping happens here, at the leaf.
"""
from __future__ import annotations

import re

from .records import dataclass

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")
# **bold** or *italic* (a star not after a letter or star, not before a space or star). Both start
# with the star, outside the alternation, so the engine jumps from star to star (a lookbehind
# first made it try every position, 10x slower); tests/test_markup.py holds it to the plain form
# r"\*\*(?=\S)(?P<b>.+?)(?<=\S)\*\*|(?<![\w*])\*(?=[^\s*])(?P<i>.+?)(?<=[^\s*])\*(?![\w*])".
_BOLD_OR_ITALIC = re.compile(
    r"\*(?:\*(?=\S)(?P<b>.+?)(?<=\S)\*\*"
    r"|(?<![\w*]\*)(?=[^\s*])(?P<i>.+?)(?<=[^\s*])\*(?![\w*]))",
    re.S,
)
_OPENING_CONTEXT = set(" \t\n([{\u2014\u2013/-\u201c\u2018*")  # * : *"Quoted in italics"*


@dataclass(frozen=True)
class Setting:
    """How a build sets text: the tag for *emphasis*."""

    italic: str = "i"  # large print has no italic: emphasis is set bold


PLAIN = Setting()


@dataclass(frozen=True)
class Block:
    kind: str  # "para", "bullet" or "quote"
    markup: str


_QUOTE = re.compile("[\"']")
NBSP = "\u00a0"
_INITIALS = re.compile(r"\b([A-Z]\.) (?=[A-Z]\.)")  # T. J. Eckleburg: the initials stay on one line
_NUMBERED = re.compile(r"\b(Chapters?|Ch\.|pp?\.|Parts?|Acts?|Scenes?|Books?|Letters?|Volumes?|Vol\.|No\.|ll?\.) (?=\d)")
_RANGE = re.compile(r"(?<![\d.:/-])(\d{1,4})-(\d{1,4})(?![\d.:/-])")  # 35-36 takes an en dash; 2001-01-01 stays


# What each rewrite needs in a text before it can apply, found with a string method or a regex the
# engine scans for fast: most texts need none of the rewrites, and each rewrite's own pattern, run
# over a text where it finds nothing, costs more (lookbehinds and alternations at every position)
# than the build's parsing of our markup did. The skips change no result: a text without the hint
# holds no match (tests/test_markup.py compares them with the bare rewrites). _may_have_long_word
# below is another.
_INITIALS_HINT = re.compile(r"[A-Z]\. [A-Z]\.").search
_NUMBERED_HINT = re.compile(r" \d").search


def _may_have_range(text: str) -> bool:
    """A digit, a hyphen, a digit: what every _RANGE match holds (\\d is str.isdecimal)."""
    i = text.find("-", 1)
    while i != -1:
        if text[i - 1].isdecimal() and text[i + 1:i + 2].isdecimal():
            return True
        i = text.find("-", i + 1)
    return False


def typography(text: str) -> str:
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    if _INITIALS_HINT(text):
        text = _INITIALS.sub(r"\1" + NBSP, text)
    if _NUMBERED_HINT(text):
        text = _NUMBERED.sub(r"\1" + NBSP, text)
    if _may_have_range(text):
        text = _RANGE.sub("\\1\u2013\\2", text)
    if '"' not in text and "'" not in text:
        return text

    def curl(m: re.Match) -> str:  # only the quotes cost a call: every guide's text passes here
        i, ch = m.start(), m.group()
        opening = (text[i - 1] if i else " ") in _OPENING_CONTEXT
        if ch == '"':
            return "\u201c" if opening else "\u201d"
        after = text[i + 1] if i + 1 < len(text) else " "
        return "\u2018" if opening and not after.isspace() else "\u2019"

    return _QUOTE.sub(curl, text)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> str:
    """Typographic text without emphasis marks or markup, e.g. for outlines and metadata."""
    text = " ".join(typography(CONTROL.sub("", text)).split())
    if "*" not in text:  # every emphasis mark is a *
        return text
    return _BOLD_OR_ITALIC.sub(lambda m: m.group("b") or m.group("i"), text)


def inline(text: str, keep_breaks: bool = False, setting: Setting = PLAIN) -> str:
    text = typography(CONTROL.sub("", text).replace("\r\n", "\n"))
    if keep_breaks:
        lines = [" ".join(line.split()) for line in text.strip("\n").split("\n")]
        return "<br/>".join(_emphasis(line, setting) for line in lines)
    return _emphasis(" ".join(text.split()), setting)


def _emphasis(text: str, setting: Setting) -> str:
    if "*" not in text:  # every emphasis mark is a *
        return _leaf(text)
    out, pos = [], 0
    for m in _BOLD_OR_ITALIC.finditer(text):
        out.append(_leaf(text[pos:m.start()]))
        if m.group("b") is not None:
            out.append("<b>" + _emphasis(m.group("b"), setting) + "</b>")
        else:
            tag = setting.italic
            out.append(f"<{tag}>" + _leaf(m.group("i")) + f"</{tag}>")
        pos = m.end()
    out.append(_leaf(text[pos:]))
    return "".join(out)


LONG_WORD = 30  # characters; no dictionary word is longer, so a longer one is a URL, a name list or junk
_LONG_WORD = re.compile(r"[^\s\xad\u200b]{%d,}" % (LONG_WORD + 1))
_PIECE = 8
BREAK = "\u200b"  # zero-width space: a place to break a line that prints nothing


def _breakable(word: re.Match) -> str:
    """Zero-width spaces every few letters, so the word can break at any column width.

    ReportLab's own splitLongWords handles one paragraph, but once a paragraph with a split word is
    itself split across pages its first part is re-broken from joined pieces and runs off the page.
    Soft hyphens avoided that but cost time quadratic in the word's length at every line break
    (a 6,000-letter title took 24 s to lay out); zero-width spaces are ordinary word breaks.
    """
    w = word.group()
    return BREAK.join(w[i:i + _PIECE] for i in range(0, len(w), _PIECE))


def _may_have_long_word(text: str) -> bool:
    """A long word is a run of non-spaces (\\s is str.isspace): it lies within one of split()'s words."""
    return len(text) > LONG_WORD and max(map(len, text.split()), default=0) > LONG_WORD


def _leaf(text: str) -> str:
    if _may_have_long_word(text):
        text = _LONG_WORD.sub(_breakable, text)
    return escape(text)


CHUNK = 2000  # characters; ReportLab lays out one paragraph in time quadratic in its length
_SENTENCE_END = re.compile(r"[.!?\u2026][\"')\]\u201d\u2019]*\s+")


def chunks(text: str, limit: int = CHUNK) -> list[str]:
    """`text` cut at sentence ends (else at spaces, else anywhere) into pieces of at most `limit`."""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
        if cut < limit // 2:
            space = window.rfind(" ")
            cut = space + 1 if space > limit // 2 else limit
        pieces.append(text[:cut].strip())
        text = text[cut:]
    pieces.append(text.strip())
    return [p for p in pieces if p]


def blocks(text: str, setting: Setting = PLAIN) -> list[Block]:
    """Rich text -> blocks: blank lines part paragraphs, '- ' lines are bullets, '> ' lines quotes."""
    result: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", CONTROL.sub("", text.replace("\r\n", "\n")).strip()):
        kind, lines = None, []
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            starts_item = line.startswith("- ") or line == "-"
            if starts_item:
                new_kind, line = "bullet", line[2:]
            elif line == ">" or line.startswith("> "):
                new_kind, line = "quote", line[1:].lstrip()
            else:
                new_kind = kind if kind == "bullet" and lines else "para"
            if starts_item or new_kind != kind:
                result += _blocks(kind, lines, setting)
                kind, lines = new_kind, []
            lines.append(line)
        result += _blocks(kind, lines, setting)
    return result


def _blocks(kind: str | None, lines: list[str], setting: Setting) -> list[Block]:
    if not lines:
        return []
    return [Block(kind, inline(piece, setting=setting)) for piece in chunks(" ".join(lines))]
