"""Paragraph frags made from our markup directly: ReportLab's ParaParser result, without running it.

`Para._setup` calls `parse()`. ReportLab's `Paragraph._setup` cleans a paragraph's text
(`cleanBlockQuotedText`) and hands it to `paraparser.ParaParser`, an `html.parser.HTMLParser` that
calls a start/end method per tag and copies a frag per run of text: about 100 us a paragraph, most
of composing a guide's sections. The markup we hand it is ours (markup.inline, compose, the
sections, fonts.fallback) and uses a handful of constructs only:

    <b> </b>  <i> </i>                      emphasis, labels (large print sets emphasis as <b>)
    <font face="F"> <font name="F"> </font>  a fallback font (fonts.fallback), a run-in label (compose.rich)
    <br/>                                   a kept line break (markup.inline(keep_breaks=True))
    &amp; &lt; &gt;                         escaped user text (markup.escape)

`parse()` reads exactly those and builds the frags the parser would, attribute for attribute and
in the same order (a frag per run of text between tags, a frag per entity as HTMLParser reports
each entity on its own, an empty frag with `lineBreak` per `<br/>`; each frag's `fontName` the
concrete face of its family, bold and italic; the one `link` and `us_lines` lists shared by all
frags of the paragraph; the `__tag__` of the innermost open tag). Anything else (another tag or
entity, an attribute, a stray `<` or `&`, tags that do not nest, a font name ReportLab cannot map,
a text transform) returns None, and ReportLab's parser reads the paragraph, errors and all.

ENABLED chooses: GUIDEBUILDER_FRAGS=reportlab turns it off (every paragraph parsed by ReportLab),
as does a ReportLab version this was not checked against. tests/test_frags.py compares the two
attribute by attribute over a table of markup our markup module can produce, and the PDFs.

ReportLab internals relied on: paragraph.cleanBlockQuotedText and its white-space set _wsc,
paraparser.ParaFrag, the parser's start_para/_initial_frag, start_b/i/font/br, end_br,
handle_data and handle_entityref (paraparser.py), lib.fonts.ps2tt/tt2ps. Read them again before
adding a version to CHECKED_WITH.
"""
from __future__ import annotations

import os
import re

import reportlab
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.platypus import paragraph as _rl
from reportlab.platypus.paraparser import ParaFrag

CHECKED_WITH = ("5.1.0",)
ENABLED = reportlab.Version in CHECKED_WITH and os.environ.get("GUIDEBUILDER_FRAGS", "") != "reportlab"

_new = object.__new__
_clean = _rl.cleanBlockQuotedText

# cleanBlockQuotedText leaves a text alone unless it has white space other than single spaces
# between words: a line break, a tab, a no-break space (its presence changes how it splits),
# other Unicode spaces (what str.isspace or ReportLab's _wsc holds: tests/test_frags.py checks the
# list), two spaces in a row, or a space at either end. A character class alone is a fast search.
OTHER_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000")
_other_space = re.compile("[%s]" % OTHER_SPACES).search


def _needs_cleaning(text: str) -> bool:
    return bool(text) and (text[0] == " " or text[-1] == " " or "  " in text or _other_space(text) is not None)


_TOKENS = re.compile(r"(<[^<>]*>|&(?:amp|lt|gt);|[<&])").split
_FONT = re.compile(r'<font (?:face|name)="([A-Za-z0-9_.+-]+)">\Z').match
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_OPEN = {"<b>": ("b", "bold"), "<i>": ("i", "italic")}
_CLOSE = {"</b>": "b", "</i>": "i", "</font>": "font"}


def parse(text: str, style):
    """(cleaned text, frags) as ReportLab's Paragraph._setup would make them from `text` in
    `style`, or None when `text` holds anything but our markup (ReportLab parses it then)."""
    if not ENABLED or not isinstance(text, str) or style.textTransform:
        return None
    if _needs_cleaning(text):
        text = _clean(text)
    try:
        family, bold, italic = ps2tt(style.fontName)
        # start_para's first frag: the attributes in _initial_frag's order
        top = {"rise": 0, "greek": 0, "link": [], "fontName": family, "bold": bold, "italic": italic,
               "fontSize": style.fontSize, "textColor": style.textColor, "us_lines": [], "__tag__": "para"}
        if "<" not in text and "&" not in text:
            return text, ([_frag(top, text)] if text else [])
        frags = _frags(text, top)
    except (ValueError, KeyError):  # a face or family ReportLab cannot map: its parser says so
        return None
    return None if frags is None else (text, frags)


def _frag(top: dict, data: str) -> ParaFrag:
    """handle_data: a copy of the innermost open tag's frag, its face made concrete, with `data`."""
    d = top.copy()
    d["fontName"] = tt2ps(top["fontName"], top["bold"], top["italic"])
    d["text"] = data
    f = _new(ParaFrag)
    f.__dict__ = d
    return f


def _frags(text: str, top: dict):
    stack = [top]
    out = []
    pieces = _TOKENS(text)
    for k in range(0, len(pieces) - 1, 2):  # data, token, data, token, ..., data
        if pieces[k]:
            out.append(_frag(top, pieces[k]))
        token = pieces[k + 1]
        data = _ENTITIES.get(token)
        if data is not None:
            out.append(_frag(top, data))
            continue
        opened = _OPEN.get(token)
        if opened is not None:
            top = top.copy()
            top["__tag__"], top[opened[1]] = opened[0], 1
            stack.append(top)
            continue
        closed = _CLOSE.get(token)
        if closed is not None:
            if top["__tag__"] != closed or len(stack) < 2:
                return None  # ReportLab's _pop raises
            stack.pop()
            top = stack[-1]
            continue
        if token == "<br/>":  # start_br's frag (_selfClosingTag deleted by end_br), then handle_data('')
            br = top.copy()
            br["__tag__"], br["lineBreak"], br["text"] = "br", True, ""
            out.append(_frag(br, ""))
            continue
        m = _FONT(token)
        if m is None:
            return None
        family, bold, italic = ps2tt(m.group(1))  # start_font
        top = top.copy()
        top["__tag__"], top["fontName"], top["bold"], top["italic"] = "font", family, bold, italic
        stack.append(top)
    if pieces[-1]:
        out.append(_frag(top, pieces[-1]))
    if len(stack) != 1:
        return None  # unclosed tags: ReportLab's parser reports them
    return out
