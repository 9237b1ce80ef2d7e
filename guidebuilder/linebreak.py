"""Line breaking for our paragraphs: ReportLab's `Paragraph.breakLines`, result for result, faster.

`Para.breakLines` calls `break_lines()`. It returns exactly what ReportLab 5.1.0's breakLines returns
(the same `ParaLines`, the same `FragLine`s holding the same clones with the same texts, the same
extra space to the last bit of every float, the same frag-word list left in `frags` for a later
split, the same `_hyphenations`, `_splitLongWordCount` and `_width_max`), so a PDF is byte for byte
the PDF ReportLab's own breaking makes. What it handles is what our markup produces: text frags and
`<br/>` line breaks (bold, italic, fallback fonts and colours are only frag attributes), set with
or without hyphenation (a callable `hyphenationLang`, `uriWasteReduce`, `embeddedHyphenation` 0 or
1), space shrinkage and split long words. Anything else falls back to ReportLab's breakLines whole,
before anything is changed: right-to-left or CJK wrapping, shaping, end dots, inline images and
other zero-width callbacks (`cbDefn`), soft hyphens, a hyphenation language given by name, and
embeddedHyphenation above 1. `ENABLED` (the environment variable GUIDEBUILDER_LINEBREAK=reportlab
turns it off, as do ReportLab versions it was not checked against) chooses; the tests build guides
both ways and compare the bytes, and compare the line structures of tricky paragraphs.

Why it is faster (the rules it follows are ReportLab's; only the bookkeeping changed):

- Measured once. A word's width, a font's space and hyphen widths, its ascent and descent come
  from dictionaries keyed by (text, font, size), not from three layers of ReportLab calls each
  time; a word's hyphenation candidates (its prefix and suffix punctuation stripped, the URI test,
  each head's width) are worked out once per word, font and size and then only compared with the
  room left on the line.
- No quadratic patterns. Words are consumed from a reversed stack (`pop()`), and the pieces of a
  hyphenated or split word are pushed back on it, where ReportLab pops the front of a list and
  inserts at the front. Space shrinkage needs the spaces already on the line, which ReportLab
  counts again in every frag of the line for every word; here each frag's count is kept as its
  text grows, and the products are summed in ReportLab's order, so the float is the same.
- Fewer comparisons and copies. ReportLab asks `sameFrag` for every word (it fails over missing
  attributes, slowly); a word from the frag the line's last clone was made from is the same frag,
  and other pairs are asked once per paragraph. Clones copy the frag's attribute dict directly.

Words are tokenised as `_getFragWords` does (hanging spaces, empty words marking a space after a
style change, `<br/>` words); a paragraph already broken once holds frag words, and those are
rejoined by ReportLab's own `_getFragWords`. The rare heavy cases inside an eligible paragraph
(hyphenating a word made of several frags, cutting a word longer than the line) call ReportLab's
own helpers, so they cannot drift either.

ReportLab internals relied on (paragraph.py unless named): ParaLines, FragLine, the frag-word
classes (_HSFrag, _InjectedFrag, _SplitFrag, _SplitFragH, _SplitFragHY, _SplitFragHS, _SplitFragLL,
_SHYWord, _SplitWord, _SplitWordH, _SplitWordHY, _SplitWordEnd, _SplitWordLL, BidiList), the frag
kinds _FK_TEXT / _FK_BREAK, _getFragWords, _processed_frags, _handleBulletWidth, _hyphenateFragWord,
_splitFragWord, _splitWord, the hyphenation patterns (_hy_pfx_pat, _hy_sfx_pat, _hy_letters_pat,
_hy_shy_letters_pat, _hy_shy_pat, _uri_split_pairs), the white-space set _wsc and its splitter,
paraparser._PCT; frags are compared by rlcompat.same_frag, ReportLab's own rule. Checked against CHECKED_WITH; read breakLines again before
adding a version there.
"""
from __future__ import annotations

import os
from string import whitespace

import reportlab
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import paragraph as _rl
from reportlab.platypus.paragraph import (FragLine, ParaLines, _FK_BREAK, _FK_TEXT, _HSFrag, _InjectedFrag,
                                          _SplitFrag, _SplitFragH, _SplitFragHS, _SplitFragHY, _SplitFragLL,
                                          _SplitWord, _SplitWordEnd, _SplitWordH, _SplitWordHY, _SplitWordLL,
                                          _getFragWords, _handleBulletWidth, _hyphenateFragWord, _processed_frags,
                                          _splitFragWord, _splitWord)
from reportlab.platypus.paraparser import ParaFrag, _PCT
from reportlab.rl_config import hyphenationMinWordLength

from .fonts import MEMO_LONGEST
from .rlcompat import same_frag, uri_split_pairs as _uri_split_pairs

CHECKED_WITH = ("5.1.0",)
ENABLED = reportlab.Version in CHECKED_WITH and os.environ.get("GUIDEBUILDER_LINEBREAK", "") != "reportlab"

_SHY = "\xad"
_WSC = _rl._wsc
_wsc_split = _rl._wsc_re_split
_hy_pfx_match = _rl._hy_pfx_pat.match
_hy_sfx_search = _rl._hy_sfx_pat.search
_hy_letters_match = _rl._hy_letters_pat.match
_hy_shy_letters_match = _rl._hy_shy_letters_pat.match
_hy_shy_split = _rl._hy_shy_pat.split
_hy_shy_match = _rl._hy_shy_pat.match
_SHYWord = _rl._SHYWord
_SHYStr = _rl._SHYStr
_SHYIndexedStr = _rl._SHYIndexedStr
_BidiList = _rl.BidiList

_new = object.__new__
_CHECKED = "_gb_linebreak_frags"  # a paragraph's frag words that this module made (so need no check)

_MEMO_MOST = 50_000  # entries in a memo before it is emptied (a guide uses a few thousand; hostile text must not grow it)
_widths: dict = {}  # (text, font, size) -> stringWidth
_metrics: dict = {}  # (font, size) -> (ascent, descent, space width, hyphen width)
_hyphen_memo: dict = {}  # (word, ..., font, size, hyphenator, ...) -> its candidate breaks


def _width(text, font, size):
    key = (text, font, size)
    w = _widths.get(key)
    if w is None:
        w = stringWidth(text, font, size)
        if len(text) <= MEMO_LONGEST:  # words repeat, long strings of letters (URLs, junk) do not
            if len(_widths) > _MEMO_MOST:
                _widths.clear()
            _widths[key] = w
    return w


def _metric(font, size):
    m = _metrics.get((font, size))
    if m is None:
        ascent, descent = getAscentDescent(font, size)
        m = _metrics[(font, size)] = (ascent, descent, stringWidth(" ", font, size), stringWidth("-", font, size))
    return m


def _split(text):
    """paragraph.split(text): no-break spaces are not word breaks (str.split() would break there)."""
    return _wsc_split(text) if "\xa0" in text else text.split()


def break_lines(p, width):
    """`Paragraph.breakLines(p, width)`: the same result, made faster for the paragraphs we make."""
    route = _route(p)
    if route is None:
        return _rl.Paragraph.breakLines(p, width)
    how, hyphenator = route
    if how == "empty":
        _setup(p, width, p.style)
        style = p.style
        return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                         ascent=style.fontSize, descent=-0.2 * style.fontSize, lines=[])
    if how == "simple":
        return _break_simple(p, width, p.style, hyphenator)
    blPara = _break_frags(p, width, p.style, hyphenator)
    p.__dict__[_CHECKED] = p.frags
    return blPara


def handles(p) -> bool:
    """Will break_lines() break `p` itself (else it calls ReportLab's breakLines)?"""
    return _route(p) is not None


def _route(p):
    """("empty" | "simple" (one frag) | "frags", the hyphenation callable or None), or None for
    ReportLab's breakLines."""
    if not ENABLED:
        return None
    hyphenator = _hyphenator(p.style)
    if hyphenator is False:
        return None
    frags = p.frags
    n = len(frags)
    if n == 1 and not _processed_frags(frags):
        return ("simple", hyphenator) if _simple_ok(frags[0]) else None
    if n == 0:
        return "empty", hyphenator
    if p.__dict__.get(_CHECKED) is not frags and not _frags_ok(frags):
        return None
    return "frags", hyphenator


def _hyphenator(style):
    """The hyphenation callable (None: none), or False when the style needs ReportLab's breakLines."""
    if style.wordWrap or style.shaping or style.endDots or style.embeddedHyphenation > 1:
        return False
    h = getattr(style, "hyphenationLang", "")
    if not h:
        return None
    return h if callable(h) and not isinstance(h, str) else False


def _simple_ok(f) -> bool:
    """One frag of text (or of words, after a split) that ReportLab breaks as a simple paragraph."""
    d = f.__dict__
    if "cbDefn" in d or "backColor" in d:
        return False
    if "text" in d:
        t = d["text"]
        return isinstance(t, str) and _SHY not in t
    words = getattr(f, "words", None)
    if words is None or isinstance(words, _BidiList):
        return False
    return all(isinstance(w, str) and not isinstance(w, _SHYStr) and _SHY not in w for w in words)


def _frags_ok(frags) -> bool:
    """Text frags and line breaks only (or frag words made of them), no soft hyphens."""
    if _processed_frags(frags):
        for w in frags:
            if isinstance(w, _SHYWord) or isinstance(w[0], _PCT):
                return False
            for f, t in w[1:]:
                if type(f) is not ParaFrag:
                    return False
                d = f.__dict__
                kind = d.get("_fkind")
                if (kind != _FK_TEXT and kind != _FK_BREAK) or "cbDefn" in d or (kind == _FK_TEXT and "lineBreak" in d):
                    return False
                if not isinstance(t, str) or isinstance(t, _SHYIndexedStr) or _SHY in t:
                    return False
        return True
    for f in frags:
        if type(f) is not ParaFrag:
            return False
        d = f.__dict__
        if "cbDefn" in d or "text" not in d:
            return False
        t = d["text"]
        if t != "":
            if not isinstance(t, str) or _SHY in t or "lineBreak" in d:
                return False
    return True


def _setup(p, width, style):
    """What breakLines sets before breaking: the counters, the widths less a bullet's overrun."""
    p._width_max = 0
    maxWidths = width if isinstance(width, (tuple, list)) else [width]
    p.height = 0
    p._splitLongWordCount = p._hyphenations = 0
    _handleBulletWidth(p.bulletText, style, maxWidths)
    return maxWidths


# -- hyphenation: _hyGenPair's candidates worked out once per word, font and size ---------------------

def _hy_candidates(hyphenator, s, ll, font, size, embedded, hymwl):
    """What _hyGenPair would try for word `s`, without the widths of the line: None (too short),
    ("uri", pairs) or ("hy", hyphen pairs, embedded-hyphen pairs); each pair with its head's width."""
    if ll:
        s = _SplitWordLL(s)
    m = _hy_pfx_match(s)
    if m:
        pfx = m.group(0)
        s = s[len(pfx):]  # a plain str from here: ReportLab's _SplitWordLL test below then fails too
    else:
        pfx = ""
    if isinstance(s, _SplitWordLL) and s[-1] == "-":
        sfx = "-"
        s = s[:-1]
    else:
        m = _hy_sfx_search(s)
        if m:
            sfx = m.group(0)
            s = s[:-len(sfx)]
        else:
            sfx = ""
    if len(s) < hymwl:
        return None
    uri = _uri_split_pairs(s)
    if uri is not None:
        return ("uri", [(pfx + h, t + sfx, _width(pfx + h, font, size)) for h, t in uri])
    H = _hy_shy_split(s)
    hy = []
    if hyphenator and (_hy_letters_match(s) or (_hy_shy_letters_match(s) and "" not in H)):
        hylen = _metric(font, size)[3]
        for h, t in hyphenator(s):
            h = pfx + h
            if not _hy_shy_match(h[-1]):
                jc, jclen = "-", hylen
            else:
                jc, jclen = "", 0
            hy.append((jc, jclen, _width(h, font, size), h, t + sfx))
    emb = []
    n = len(H)
    if n >= 3 and embedded and "" not in H and _hy_shy_letters_match(s):
        for i in reversed(range(2, n, 2)):
            h = pfx + "".join(H[:i])
            emb.append((_width(h, font, size), h, "".join(H[i:]) + sfx))
    return ("hy", hy, emb)


def _hy_pair(hyphenator, s, ll, ww, newWidth, maxWidth, font, size, uriWasteReduce, embedded, hymwl):
    """_hyGenPair(...): (joiner, joiner width, head width, tail width, head, tail) or None."""
    key = (s, ll, font, size, hyphenator, bool(embedded), hymwl)
    c = _hyphen_memo.get(key, key)
    if c is key:
        if len(_hyphen_memo) > _MEMO_MOST:
            _hyphen_memo.clear()
        c = _hyphen_memo[key] = _hy_candidates(hyphenator, s, ll, font, size, embedded, hymwl)
    if c is None:
        return None
    w0 = newWidth - ww
    if c[0] == "uri":
        if ww > maxWidth or (uriWasteReduce and w0 <= (1 - uriWasteReduce) * maxWidth):
            for h, t, hw in c[1]:
                tw = w0 + hw
                if tw <= maxWidth:
                    return "", 0, hw, ww - hw, h, t
        return None
    for jc, jclen, hw, h, t in c[1]:
        tw = hw + w0 + jclen
        if tw <= maxWidth:
            return jc, jclen, hw, ww - hw, h, t
    for hw, h, t in c[2]:
        tw = hw + w0
        if tw <= maxWidth:
            return "", 0, hw, ww - hw, h, t
    return None


def _hyphenate_frag_word(hyphenator, FW, newWidth, maxWidth, uriWasteReduce, embedded, hymwl):
    """_hyphenateFragWord: a one-frag word from the memo, a word of several frags by ReportLab."""
    ww = FW[0]
    if ww == 0:
        return []
    if len(FW) != 2:
        return _hyphenateFragWord(hyphenator, FW, newWidth, maxWidth, uriWasteReduce, embedded, hymwl)
    f, s = FW[1]
    if type(s) is not str:
        return _hyphenateFragWord(hyphenator, FW, newWidth, maxWidth, uriWasteReduce, embedded, hymwl)
    R = _hy_pair(hyphenator, s, isinstance(FW, _SplitFragLL), ww, newWidth, maxWidth, f.fontName, f.fontSize,
                 uriWasteReduce, embedded, hymwl)
    if R:
        jc, hylen, hw, tw, h, t = R
        return [(_SplitFragHY if jc else _SplitFragH)([hw + hylen, (f, h + jc)]),
                (_SplitFragHS if isinstance(FW, _HSFrag) else _SplitFrag)([tw, (f, t)])]
    return None


# -- one frag: kind 0 lines of (extra space, words) ------------------------------------------------

def _break_simple(p, width, style, hyphenator):
    maxWidths = _setup(p, width, style)
    maxWidth = maxWidths[0]
    maxlineno = len(maxWidths) - 1
    f = p.frags[0]
    fontSize = f.fontSize
    fontName = f.fontName
    ascent, descent, spaceWidth, _ = _metric(fontName, fontSize)
    if hasattr(f, "text"):
        text = f.text.strip(_WSC)
        if not text:
            return f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=fontSize)
        words = _split(text)
    else:
        words = f.words[:]
        for w in words:
            if w.strip(_WSC):
                break
        else:
            return f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=fontSize)
    uriWasteReduce = style.uriWasteReduce
    embedded = style.embeddedHyphenation
    splitLongWords = style.splitLongWords
    attempt = hyphenator or uriWasteReduce or embedded
    hymwl = getattr(style, "hyphenationMinWordLength", hyphenationMinWordLength)
    hyOk = not getattr(f, "nobr", False)
    hy_h, hy_u, hy_e = (hyphenator if hyOk else None), (uriWasteReduce if hyOk else False), (embedded and hyOk)
    dSpaceShrink = style.spaceShrinkage * spaceWidth
    widths = _widths
    lines = []
    width_max = 0
    lineno = 0
    hyphenations = split_long = 0
    cLine = []
    currentWidth = -spaceWidth
    forcedSplit = 0
    words.reverse()
    pop = words.pop
    while words:
        word = pop()
        if not word and isinstance(word, _SplitWord):
            forcedSplit = 1
        key = (word, fontName, fontSize)
        wordWidth = widths.get(key)
        if wordWidth is None:
            wordWidth = _width(word, fontName, fontSize)
        newWidth = currentWidth + spaceWidth + wordWidth
        limWidth = maxWidth + dSpaceShrink * len(cLine)
        if newWidth > limWidth and not (forcedSplit or isinstance(word, _SplitWordH)):
            if attempt and wordWidth != 0:
                R = _hy_pair(hy_h, word, isinstance(word, _SplitWordLL), wordWidth, newWidth, limWidth, fontName,
                             fontSize, hy_u, hy_e, hymwl)
                if R:
                    jc, _, _, _, h, t = R
                    words.append(_SplitWordEnd(t))
                    words.append((_SplitWordHY if jc else _SplitWordH)(h + jc))
                    hyphenations += 1
                    forcedSplit = 1
                    continue
            if splitLongWords and not isinstance(word, _SplitWord):
                nmw = min(lineno, maxlineno)
                if wordWidth > maxWidths[nmw]:
                    pieces = _splitWord(word, currentWidth + spaceWidth, maxWidths, lineno, fontName, fontSize,
                                        p.encoding)
                    words.extend(reversed(pieces))
                    split_long += 1
                    forcedSplit = 1
                    continue
        if newWidth <= limWidth or not cLine or forcedSplit:
            if word:
                cLine.append(word)
            if forcedSplit:
                forcedSplit = 0
                if newWidth > width_max:
                    width_max = newWidth
                lines.append((maxWidth - newWidth, cLine))
                cLine = []
                currentWidth = -spaceWidth
                lineno += 1
                maxWidth = maxWidths[min(maxlineno, lineno)]
            else:
                currentWidth = newWidth
        else:
            if currentWidth > width_max:
                width_max = currentWidth
            lines.append((maxWidth - currentWidth, cLine))
            cLine = [word]
            currentWidth = wordWidth
            lineno += 1
            maxWidth = maxWidths[min(maxlineno, lineno)]
    if cLine != []:
        if currentWidth > width_max:
            width_max = currentWidth
        lines.append((maxWidth - currentWidth, cLine))
    p._width_max, p._hyphenations, p._splitLongWordCount = width_max, hyphenations, split_long
    return f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=fontSize)


# -- several frags: kind 1 lines of FragLines ------------------------------------------------------

def _frag_words(frags):
    """_getFragWords(frags) for text frags and line breaks, widths from the memo."""
    R = []
    aR = R.append
    W = []
    n = 0
    hangingStrip = True
    widths = _widths
    for f in frags:
        text = f.text
        if text != "":
            f._fkind = _FK_TEXT
            if hangingStrip:
                text = text.lstrip(_WSC)
                if not text:
                    continue
                hangingStrip = False
            S = _wsc_split(text) if "\xa0" in text else text.split()
            fn, fs = f.fontName, f.fontSize
            if text[0] in whitespace or not S:
                if W:
                    W.insert(0, n)
                    aR(W)
                    W = []
                    n = 0
                    whs = False
                else:
                    whs = R and isinstance(R[-1], _HSFrag)
                if not whs:
                    S.insert(0, "")
                elif not S:
                    continue
            last = S.pop()
            for w in S:
                ww = widths.get((w, fn, fs))
                if ww is None:
                    ww = _width(w, fn, fs)
                if W:
                    W.append((f, w))
                    W.insert(0, n + ww)
                    aR(_HSFrag(W))
                    W = []
                else:
                    aR(_HSFrag((n + ww, (f, w))))
                n = 0
            ww = widths.get((last, fn, fs))
            if ww is None:
                ww = _width(last, fn, fs)
            W.append((f, last))
            n += ww
            if text[-1] in whitespace:
                W.insert(0, n)
                aR(_HSFrag(W))
                W = []
                n = 0
        elif hasattr(f, "lineBreak"):
            if W:
                W.insert(0, n)
                aR(W)
                W = []
                n = 0
            f._fkind = _FK_BREAK
            aR([0, (f, "")])
            hangingStrip = True
    if W:
        W.insert(0, n)
        aR(W)
    if not R and frags:
        f = frags[0]
        f._fkind = _FK_TEXT
        R = [[0, (f, "")]]
    return R


def _clone(f, text):
    """f.clone() with `text`: the same attribute dict, made without ABag.__init__ (frags are ParaFrags)."""
    g = _new(ParaFrag)
    d = f.__dict__.copy()
    d["text"] = text
    g.__dict__ = d
    return g


def _break_frags(p, width, style, hyphenator):
    maxWidths = _setup(p, width, style)
    maxWidth = maxWidths[0]
    maxlineno = len(maxWidths) - 1
    frags = p.frags
    spaceShrinkage = style.spaceShrinkage
    uriWasteReduce = style.uriWasteReduce
    embedded = style.embeddedHyphenation
    splitLongWords = style.splitLongWords
    attempt = hyphenator or uriWasteReduce or embedded
    hymwl = getattr(style, "hyphenationMinWordLength", hyphenationMinWordLength)
    njlbv = not style.justifyBreaks
    stack = _getFragWords(frags, maxWidth) if _processed_frags(frags) else _frag_words(frags)
    stack.reverse()
    pop, push = stack.pop, stack.append
    metrics = _metrics
    same_memo = {}
    FW = []
    aFW = FW.append
    lines = []
    words = []
    sFW = 0
    lineno = 0
    width_max = 0
    hyphenations = split_long = 0
    # the current line's space shrinkage: the products (spaces x space width) of its closed text
    # frags, and the count and space width of its last one (g, which takes the words that follow)
    closed = []
    g_spaces = 0
    g_sw = 0
    g = g_src = None  # the line's last clone and the frag it was made from (set with its first word)
    n = spaceWidth = currentWidth = 0
    while stack:
        w = pop()
        aFW(w)
        if words and len(w) == 2:
            f, nText = w[1]
            if f is g_src and nText:
                # The common word: one piece of text in the frag the line's last clone was made from,
                # so the same font (its metrics are in the line's already) and no line break. When
                # it fits, this is the general path below with its no-ops left out.
                wordWidth = w[0]
                newWidth = currentWidth + spaceWidth + wordWidth if wordWidth > 0 else currentWidth
                if spaceShrinkage:
                    limWidth = maxWidth + _spaces_on_line(spaceWidth, closed, g_spaces, g_sw) * spaceShrinkage
                else:
                    limWidth = maxWidth
                if newWidth <= limWidth:
                    n += 1
                    if spaceWidth:
                        if g.text.endswith(" "):
                            g.text += nText
                        else:
                            g.text += " " + nText
                            g_spaces += 1
                    else:
                        g.text += nText
                    spaceWidth = g_sw if isinstance(w, _HSFrag) else 0
                    currentWidth = newWidth
                    continue
        fl = w[-1][0]
        fontName = fl.fontName
        fontSize = fl.fontSize
        if not words:
            n = spaceWidth = currentWidth = 0
            maxSize = fontSize
            m = metrics.get((fontName, fontSize)) or _metric(fontName, fontSize)
            maxAscent, minDescent = m[0], m[1]
            closed, g_spaces = [], 0
        wordWidth = w[0]
        f = w[1][0]
        if wordWidth > 0:
            newWidth = currentWidth + spaceWidth + wordWidth
        else:
            newWidth = currentWidth
        lineBreak = f._fkind == _FK_BREAK
        limWidth = maxWidth
        if spaceShrinkage:
            limWidth += _spaces_on_line(spaceWidth, closed, g_spaces, g_sw) * spaceShrinkage
        if not lineBreak and newWidth > limWidth and not isinstance(w, _SplitFragH):
            if attempt:
                hyOk = not getattr(f, "nobr", False)
                hsw = _hyphenate_frag_word(hyphenator if hyOk else None, w, newWidth, limWidth,
                                           uriWasteReduce if hyOk else False, embedded and hyOk, hymwl)
                if hsw:
                    push(hsw[1])
                    push(_InjectedFrag([0, (f.clone(_fkind=_FK_BREAK, text=""), "")]))
                    push(hsw[0])
                    FW.pop(-1)
                    hyphenations += 1
                    continue
            if splitLongWords and not isinstance(w, _SplitFrag):
                nmw = min(lineno, maxlineno)
                if wordWidth > maxWidths[nmw]:
                    pieces = _splitFragWord(w, maxWidth - spaceWidth - currentWidth, maxWidths, lineno)
                    for piece in reversed(pieces[1:]):
                        push(piece)
                    push(_InjectedFrag([0, (f.clone(_fkind=_FK_BREAK, text=""), "")]))
                    push(pieces[0])
                    FW.pop(-1)
                    split_long += 1
                    continue
        if not ((newWidth > limWidth and n > 0) or lineBreak):
            nText = w[1][1]
            if nText:
                n += 1
            fontSize = f.fontSize
            m = metrics.get((f.fontName, fontSize)) or _metric(f.fontName, fontSize)
            maxSize, maxAscent, minDescent = _taller(m, fontSize, maxSize, maxAscent, minDescent)
            if not words:
                g = _clone(f, nText)
                words = [g]
                g_src, g_spaces, g_sw, closed = f, 0, metrics[(f.fontName, fontSize)][2], []
            elif not (g_src is f or _same(g_src, f, same_memo)):
                if spaceWidth:
                    if not g.text.endswith(" "):
                        g.text += " "
                        g_spaces += 1
                if g_spaces:
                    closed.append(g_spaces * g_sw)
                g = _clone(f, nText)
                words.append(g)
                g_src, g_spaces, g_sw = f, 0, metrics[(f.fontName, fontSize)][2]
            elif spaceWidth:
                if not g.text.endswith(" "):
                    g.text += " " + nText
                    g_spaces += 1
                else:
                    g.text += nText
            else:
                g.text += nText
            if isinstance(w, _HSFrag):
                spaceWidth = (metrics.get((fontName, fontSize)) or _metric(fontName, fontSize))[2]
            else:
                spaceWidth = 0
            ni = 0
            if len(w) > 2:
                g, g_src, g_spaces, g_sw, fontSize, maxSize, maxAscent, minDescent, ni = _more_frags(
                    w, words, closed, metrics, g_spaces, g_sw, maxSize, maxAscent, minDescent)
            if not nText and ni:
                n += 1
            currentWidth = newWidth
        else:
            if lineBreak:
                words.append(f.clone())
                llb = njlbv and not isinstance(w, _InjectedFrag)
            else:
                llb = False
            if currentWidth > width_max:
                width_max = currentWidth
            lines.append(FragLine(extraSpace=maxWidth - currentWidth, wordCount=n, lineBreak=llb, words=words,
                                  fontSize=maxSize, ascent=maxAscent, descent=minDescent, maxWidth=maxWidth,
                                  sFW=sFW))
            sFW = len(FW) - 1
            lineno += 1
            maxWidth = maxWidths[min(maxlineno, lineno)]
            if lineBreak:
                words = []
                continue
            spaceWidth = (metrics.get((fontName, fontSize)) or _metric(fontName, fontSize))[2] if isinstance(w, _HSFrag) else 0
            currentWidth = wordWidth
            n = 1
            g = _clone(f, w[1][1])
            maxSize = f.fontSize
            m = metrics.get((f.fontName, maxSize)) or _metric(f.fontName, maxSize)
            maxAscent, minDescent = m[0], m[1]
            words = [g]
            g_src, g_spaces, g_sw, closed = f, 0, m[2], []
            if len(w) > 2:
                g, g_src, g_spaces, g_sw, fontSize, maxSize, maxAscent, minDescent, _ = _more_frags(
                    w, words, closed, metrics, g_spaces, g_sw, maxSize, maxAscent, minDescent)
    if words:
        if currentWidth > width_max:
            width_max = currentWidth
        lines.append(FragLine(extraSpace=(maxWidth - currentWidth), wordCount=n, lineBreak=False, words=words,
                              fontSize=maxSize, ascent=maxAscent, descent=minDescent, maxWidth=maxWidth, sFW=sFW))
    p.frags = FW
    p._width_max, p._hyphenations, p._splitLongWordCount = width_max, hyphenations, split_long
    return ParaLines(kind=1, lines=lines)


def _taller(m, fontSize, maxSize, maxAscent, minDescent):
    """A line's largest size, ascent and lowest descent with a frag of `fontSize` and metrics `m` on it."""
    return max(maxSize, fontSize), max(maxAscent, m[0]), min(minDescent, m[1])


def _spaces_on_line(spaceWidth, closed, g_spaces, g_sw) -> float:
    """The width of the spaces on the line so far, summed in ReportLab's order (the same float):
    the one pending, then each closed frag's, then the open frag's."""
    total = spaceWidth
    for a in closed:
        total += a
    if g_spaces:
        total += g_spaces * g_sw
    return total


def _more_frags(w, words, closed, metrics, g_spaces, g_sw, maxSize, maxAscent, minDescent):
    """The second and later frags of a word made of several (a style change inside it), each
    starting a clone on the line as ReportLab does; returns the line's state after them and
    whether any had text."""
    ni = 0
    for pf, pt in w[2:]:
        if g_spaces:
            closed.append(g_spaces * g_sw)
        g = _clone(pf, pt)
        if pt:
            ni = 1
        words.append(g)
        fontSize = pf.fontSize
        m = metrics.get((pf.fontName, fontSize)) or _metric(pf.fontName, fontSize)
        g_src, g_spaces, g_sw = pf, 0, m[2]
        maxSize, maxAscent, minDescent = _taller(m, fontSize, maxSize, maxAscent, minDescent)
    return g, g_src, g_spaces, g_sw, fontSize, maxSize, maxAscent, minDescent, ni


def _same(a, b, memo) -> bool:
    key = (id(a), id(b))
    r = memo.get(key)
    if r is None:
        r = memo[key] = bool(same_frag(a, b))
    return r
