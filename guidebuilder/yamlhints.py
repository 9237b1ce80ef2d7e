"""Plain-words advice for YAML mistakes: what the parser's error means and what to change.

explain()          a parser error -> (line, column, message) with a hint first, the parser's words after
comment_cut()      where a plain value's line goes on with ' #...', which YAML drops as a comment
stray_key_lines()  lines of a block text ('|' or '>') that look like a 'key:' meant as a key

Everything here reads the source text itself: the parser's marks say where it gave up, which is
often a line or two after the mistake (an unclosed quote) or at a place that does not say why.
"""
from __future__ import annotations

import re

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*) *:(?: |$)")
_DASH_LINE = re.compile(r"^(?P<indent> *)- ")
_QUOTED_VALUE = re.compile(r"^ *(?:- +)?(?:[A-Za-z_][\w-]* *: +)?(?P<q>[\"'])")


def explain(text: str, problem: str, context: str | None, problem_mark, context_mark) -> tuple[int, int, str]:
    """(1-based line, 1-based column, message) for a parser error; the message starts with 'invalid YAML: '."""
    lines = text.split("\n")
    mark = problem_mark or context_mark
    line, col = (mark.line, mark.column) if mark else (0, 0)
    words = problem or "invalid YAML"
    if context:
        words = f"{words} ({context})"
    found = _unclosed_quote(lines, line)
    if found is not None:
        q_line, q_col, quote = found
        return q_line + 1, q_col + 1, (f"invalid YAML: the {quote} that opens this value is not closed on its line, so the "
                                       f"text runs on into the lines below; close it with {quote} at the end of the value "
                                       f"(the YAML parser says, at line {line + 1}: {words})")
    hint = _hint(lines, words, line, col, context_mark)
    if hint is None:
        return line + 1, col + 1, f"invalid YAML: {words}"
    line, col, advice = hint
    return line + 1, col + 1, f"invalid YAML: {advice} (the YAML parser says: {words})"


def _hint(lines: list[str], words: str, line: int, col: int, context_mark):
    here = lines[line] if line < len(lines) else ""
    if "tab" in words and ("'\\t'" in words or "tab character" in words):
        return line, col, "a tab character here; YAML indents with spaces only: replace it with spaces"
    if "cannot start any token" in words and col < len(here):
        return line, col, (f"unquoted text cannot start with '{here[col]}'; put the whole value in double quotes "
                           f"(\"{here[col:].strip()[:40]}\")")
    bracket = re.search(r"did not find expected ',' or '([\]}])'", words)
    if bracket and context_mark is not None:
        close = bracket.group(1)
        what = "list" if close == "]" else "mapping"
        return context_mark.line, context_mark.column, (
            f"the {what} opened here with '{'[' if close == ']' else '{'}' is not closed; end it with '{close}' "
            f"(and put any item holding a comma, colon or bracket in double quotes)")
    quote = _after_closing_quote(here, col)
    if quote is not None:
        if quote == "'" and col < len(here) and here[col].isalpha():  # 'The Narrator's Defense
            return line, col - 1, ("an apostrophe inside text in single quotes ends the text; write it twice ('') "
                                   "or put the whole value in double quotes instead")
        m = _QUOTED_VALUE.match(here)
        value = here[m.end() - 1:].strip()
        value = value if len(value) <= 50 else value[:47] + "..."
        example = "'" + value.replace("'", "''") + "'"
        return line, col, (f"this text starts with a quotation and goes on after its closing {quote}; quote the whole "
                           f"value ({example}, with each ' inside written twice) or write >- and put the text on the "
                           "next line, indented")
    if "mapping values are not allowed" in words:
        m = _KEY_LINE.match(here)
        if m and m.end() <= col:
            value_col = len(m.group(0))
            value = here[value_col:].strip()
            return line, col, ("a colon followed by a space inside unquoted text; put the whole value in double quotes: "
                               f"{m.group('key')}: \"{value[:60]}{'...' if len(value) > 60 else ''}\"")
        if m or here[:col].strip() == "":
            return _indent_hint(lines, line)
        return line, col, "a colon followed by a space inside unquoted text; put the whole value in double quotes"
    if ("did not find expected key" in words or "did not find expected '-' indicator" in words
            or "expected <block end>" in words):
        if here[:col].strip() == "":
            return _indent_hint(lines, line)
    return None


def _indent_hint(lines: list[str], line: int):
    """'Indent this line like the lines above it', with the column of its sibling above."""
    here = lines[line]
    indent = len(here) - len(here.lstrip(" "))
    dash = _DASH_LINE.match(here)
    for above in range(line - 1, -1, -1):
        prev = lines[above]
        if not prev.strip() or prev.lstrip().startswith("#"):
            continue
        if dash:
            d = _DASH_LINE.match(prev)
            if d is None:
                continue
            if len(d.group("indent")) == indent:
                return None  # in line with the item above; the mistake is elsewhere
            return line, indent, (f"indent this line like the lines above it: its '-' belongs at column "
                                  f"{len(d.group('indent')) + 1}, like the one on line {above + 1}")
        k = _KEY_LINE.match(prev)
        if k and not _KEY_LINE.match(here):
            return _text_indent_hint(lines, line, above, k)
        if k:
            key_col = len(k.group("indent")) + len(k.group("dash") or "")
            if key_col == indent:
                return None  # it is where a key belongs; the mistake is elsewhere
            return line, indent, (f"indent this line like the lines above it: its key belongs at column {key_col + 1}, "
                                  f"like '{k.group('key')}' on line {above + 1}")
    return None


def _text_indent_hint(lines: list[str], line: int, key_line: int, k):
    """A line of text (no key) indented unlike the text above it, which began after `key:` on key_line."""
    here = lines[line]
    indent = len(here) - len(here.lstrip(" "))
    body = next((n for n in range(key_line + 1, line) if lines[n].strip()), None)
    if body is None:
        return None
    want = len(lines[body]) - len(lines[body].lstrip(" "))
    if want == indent:
        return None
    return line, indent, (f"this line is part of the text of '{k.group('key')}' (line {key_line + 1}); indent it like "
                          f"the lines above it, at column {want + 1}")


def _after_closing_quote(here: str, col: int) -> str | None:
    """The quote character when the error is at text going on after a quoted value that opened on this line."""
    m = _QUOTED_VALUE.match(here)
    if not m:
        return None
    quote = m.group("q")
    close = _closing(here, m.end() - 1, quote)
    if close is None or close >= col:
        return None
    rest = here[close + 1:]
    if rest.strip() and not rest.lstrip().startswith("#"):
        return quote
    return None


def _unclosed_quote(lines: list[str], error_line: int):
    """(line, column, quote) of a value quote, at or above the error, that does not close on its line
    although the next line looks like a new key or list item: the usual forgotten closing quote."""
    for n in range(min(error_line, len(lines) - 1), -1, -1):
        here = lines[n]
        m = _QUOTED_VALUE.match(here)
        if not m:
            continue
        quote, start = m.group("q"), m.end() - 1
        if _closing(here, start, quote) is not None:
            continue
        following = next((lines[k] for k in range(n + 1, len(lines)) if lines[k].strip()), "")
        between = "".join(lines[n + 1:error_line])  # the value would have run on to the error unclosed
        if (_KEY_LINE.match(following) or _DASH_LINE.match(following)) and quote not in between:
            return n, start, quote
        return None
    return None


def _closing(here: str, start: int, quote: str) -> int | None:
    """The column of the quote that closes the one at `start` on this line (\\" and '' skipped), or None."""
    i = start + 1
    while i < len(here):
        ch = here[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and here[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def comment_cut(line_text: str, end_col: int) -> int | None:
    """The column of '#' when a plain value ending at `end_col` is followed on its line by a comment
    that reads like part of the text: '#' after one space ('chair? #2'), or '#' touching what follows."""
    rest = line_text[end_col:]
    m = re.match(r"( +)#(.?)", rest)
    if not m:
        return None
    if len(m.group(1)) == 1 or (m.group(2) and not m.group(2).isspace()):
        return end_col + len(m.group(1))
    return None


def stray_key_lines(lines: list[str], first: int, last: int) -> list[tuple[int, int, str]]:
    """(line, column, key) for lines first..last (0-based, inclusive) of a block text that start with 'key:'."""
    found = []
    for n in range(first, min(last, len(lines) - 1) + 1):
        m = re.match(r"^( *)([a-z_][a-z0-9_]*):(?: |$)", lines[n])
        if m:
            found.append((n, len(m.group(1)), m.group(2)))
    return found
