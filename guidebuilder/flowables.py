"""Our flowables, the only place sections get drawing from.

Para           a paragraph that prints every character: runs its font lacks set in fallback fonts
Heading        a paragraph that is also an outline entry, a link target and a running-header name
KeepWithStart  flowables kept with the first lines of the one after them (a heading and its text)
FitImage       an image that shrinks to the room left on its page above what must follow it
Columns        side-by-side (or single, boxed) columns of flowables that split across pages together
QuoteBox       a quote block: held together, split only inside a tall block's explanation, continued
Wide, widen()  a flowable set across the margin rail and the text column
RailTag        a chapter tag in the margin rail beside the block it keeps with
IconLabel      a theme icon beside a paragraph (theme headers, legend rows)
IconStack      theme icons stacked in a narrow margin, or in a row
Tiles          flowables in boxes on a grid of equal columns (the cover's theme legend)
AtFoot         flowables set at the foot of the room left on the page, so a cover has no empty lower half
Rule           a short bar under a title block
Badge          a short label reversed out of a filled, rounded box (the teacher edition's mark)
NameLine       "Name ____ Class ____ Date ____" across the width, for a handout's first page
AnswerLines    ruled lines to write an answer on, splitting between lines
Anchor         an invisible mark a reference links to, whose page number references print
TocEntry       a contents line: title, dot leader, page number (filled in when known), link
DataTable      a ReportLab Table whose rules and fills are artifacts (cells tag themselves)
group_keeps()  the pre-pass that keeps headings and labels with what follows them
split_list()   fit a list of flowables into a height, splitting the one that straddles it

Each declares its structure role for the tagged PDF (tagging.Tagged): a paragraph is P unless given
another Tag, a heading H1-H6 by its level, decoration an artifact; containers group what they draw.
"""
from __future__ import annotations

from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import ActionFlowable

from . import frags as _frags, linebreak, tagging
from .fonts import fallback
from .icons import draw_icon
from .tagging import ARTIFACT, Tag, Tagged
from reportlab.lib.styles import ParagraphStyle

from .rlcompat import (clear_keep_with_next, forget_wrap, kept, kept_with, last_line_width, line_texts,
                       may_keep, repeat_text_operators, text_object, wrap_once)


TALLEST_UNSPLIT = 200  # points: a heading or label taller than this (absurdly long text) may split
LEADER_STEP = 5  # points between the dots of a contents leader


MAX_HYPHENS_IN_A_ROW = 2
LONE_FRAGMENT = 6  # characters: a last line this short after a hyphen is a lone fragment


class Para(Tagged, Paragraph):
    """A Paragraph whose characters its font lacks are set in fonts that have them.

    Hyphenation rules ReportLab has no option for: when a paragraph's lines end in a hyphen more
    than MAX_HYPHENS_IN_A_ROW times in a row, or its last line is a lone word fragment, it is set
    again without hyphenation (a second wrap of that paragraph only).

    Tagged P unless given another Tag; a list item's paragraph (`label` set) tags its bullet as
    the item's Lbl and its text as the LBody."""

    tag_role = "P"
    label: Tag | None = None

    def __init__(self, text, style, *args, tag: Tag | None = None, **kwargs):
        super().__init__(fallback(text, style.fontName) if text else text, style, *args, **kwargs)
        if tag is not None:
            self.tag = tag

    def _setup(self, text, style, bulletText, frags, cleaner):
        """Paragraph._setup, with the frags of our markup made by frags.parse, not ReportLab's parser."""
        if frags is None:
            made = _frags.parse(text, style)
            if made is not None:
                text, frags = made
        super()._setup(text, style, bulletText, frags, cleaner)

    def split(self, availWidth, availHeight):
        return self.carry(super().split(availWidth, availHeight))

    def breakLines(self, width):
        """ReportLab's line breaking, done faster for the paragraphs we make (linebreak.py)."""
        return linebreak.break_lines(self, width)

    def beginText(self, x, y):
        return text_object(self.canv, x, y)  # no reference cycle for the collector to find (rlcompat)

    def drawOn(self, canvas, x, y, _sW=0):
        if self.label is None or not self.bulletText:
            return super().drawOn(canvas, x, y, _sW)
        tagging.label_and_body(canvas, self.label, self.structure(),
                               lambda: Paragraph.drawOn(self, canvas, x, y, _sW))

    def wrap(self, availWidth, availHeight):
        """Paragraph.wrap breaks the lines anew on every call, and ReportLab calls it again at the
        same width (a frame adding what it has just measured, a label drawing what it wrapped):
        the lines of the last wrap stand while the paragraph still holds them. A paragraph whose
        hyphenation breaks our rules (a ladder, a lone last fragment) is set again without it."""
        last = self.__dict__.get("_gb_last_wrap")
        if last is not None and last[0] == availWidth and last[1] is self.__dict__.get("blPara"):
            return last[2]
        size = super().wrap(availWidth, availHeight)
        if getattr(self.style, "hyphenationLang", "") and bad_hyphenation(line_texts(self)):
            self.style = _unhyphenated(self.style)
            size = super().wrap(availWidth, availHeight)
        if self.__dict__.get("blPara") is not None:
            self._gb_last_wrap = (availWidth, self.blPara, size)
        return size


def bad_hyphenation(lines: list[str]) -> bool:
    """More than MAX_HYPHENS_IN_A_ROW lines in a row end in a hyphen, or the last line is a fragment."""
    run = 0
    for line in lines[:-1]:
        run = run + 1 if line.rstrip().endswith("-") else 0
        if run > MAX_HYPHENS_IN_A_ROW:
            return True
    if len(lines) >= 2 and lines[-2].rstrip().endswith("-"):
        last = lines[-1].strip()
        return " " not in last and len(last) <= LONE_FRAGMENT
    return False


def _unhyphenated(style):
    """`style` without hyphenation, made once per style (kept on it: it lives as long as the build)."""
    plain = style.__dict__.get("_gb_unhyphenated")
    if plain is None or plain.parent is not style:  # a style made from this one copied its attributes
        plain = style.__dict__["_gb_unhyphenated"] = ParagraphStyle(style.name + "-nohy", parent=style,
                                                                    hyphenationLang="")
    return plain


class Heading(Para):
    """A paragraph that the page template turns into a bookmark, outline entry and header name."""

    def __init__(self, markup: str | None, style, key: str = "", outline: str = "", level: int = 0,
                 section: str | None = None, toc: bool = True, **paragraph_kw):
        super().__init__(markup, style, **paragraph_kw)
        self.key, self.outline, self.level, self.section, self.toc = key, outline, level, section, toc

    @property
    def tag_role(self):
        return tagging.heading_role(self.level)

    def split(self, availWidth, availHeight):
        """Never, unless the heading could not fit on any page; keepWithNext moves it with its text."""
        if wrap_once(self, availWidth) <= TALLEST_UNSPLIT:
            return []
        parts = super().split(availWidth, availHeight)
        forget_wrap(self)
        if len(parts) < 2:
            return []
        parts[0].key, parts[0].outline, parts[0].level, parts[0].section, parts[0].toc = (
            self.key, self.outline, self.level, self.section, self.toc)
        rest = Para(None, parts[1].style, frags=parts[1].frags)  # the rest marks nothing
        rest.tag = parts[1].tag
        parts[1] = rest
        return parts


class KeepWithStart(KeepTogether):
    """Leading flowables kept with the start of the last one, which may split.

    KeepTogether moves a heading and the whole paragraph after it to the next page when the
    paragraph does not fit, leaving a wide gap; this keeps the heading with the paragraph's first
    lines (the paragraph's own orphan control decides how many) and lets the rest run on.
    """

    def split(self, aW, aH):
        *lead, last = kept(self)
        if lead:
            used = lead[0].getSpaceBefore() + stack_height(lead, aW) + lead[-1].getSpaceAfter() + last.getSpaceBefore()
            parts = last.split(aW, aH - used) if used < aH else []
            forget_wrap(last)
            if len(parts) >= 2:
                return lead + parts
        return super().split(aW, aH)


class FitImage(Tagged, Image):
    """An image at most `width` x `height`, shrunk to the height left on its page less `reserve`
    (what must follow it there, such as the cover's legend), but not below `smallest`.
    A Figure with alternate text `alt`."""

    tag_role = "Figure"

    def __init__(self, data, width: float, height: float, reserve: float = 0.0, smallest: float = 72.0,
                 alt: str = ""):
        super().__init__(data, width=width, height=height)
        self.tag = Tag("Figure", alt=alt)
        self.full, self.reserve, self.smallest = (width, height), reserve, smallest

    def wrap(self, availWidth, availHeight):
        w, h = self.full
        scale = min(1.0, availWidth / w, max(availHeight - self.reserve, self.smallest) / h)
        self.drawWidth, self.drawHeight = w * scale, h * scale
        return self.drawWidth, self.drawHeight


def split_list(flowables: list, width: float, height: float) -> tuple[list, list]:
    """The flowables that fit in `height`, and the rest (the straddling one split when it can be)."""
    fit, used = [], 0.0
    for i, f in enumerate(flowables):
        space = f.getSpaceBefore() if fit else 0.0
        h = wrap_once(f, width)
        if used + space + h <= height + 1e-6:
            fit.append(f)
            used += space + h + f.getSpaceAfter()
            continue
        parts = f.split(width, max(height - used - space, 0)) if height - used - space > 0 else []
        forget_wrap(f)  # split() may discard the layout wrap() made
        if len(parts) >= 2:
            # A paragraph's height does not depend on the height offered: wrap_once, so the
            # Columns that lays this part out does not break its lines again at the same width.
            h0 = wrap_once(parts[0], width) if isinstance(parts[0], Paragraph) else parts[0].wrap(width, height - used - space)[1]
            if used + space + h0 <= height + 1e-6:
                return fit + [parts[0]], list(parts[1:]) + list(flowables[i + 1:])
        return fit, list(flowables[i:])
    return fit, []


def stack_height(flowables: list, width: float) -> float:
    total = 0.0
    for i, f in enumerate(flowables):
        h = wrap_once(f, width)
        total += h + (f.getSpaceBefore() if i else 0) + (f.getSpaceAfter() if i < len(flowables) - 1 else 0)
    return total


class Columns(Tagged, Flowable):
    """Columns of flowables drawn side by side; splits all columns at the same height.

    widths are fractions of the available width (None: the column gets a fixed `fixed` width).
    A box (background tint, left rule) is drawn around all of it when asked: an artifact.
    What the columns hold tags itself, in column order, under `tag` when given (a BlockQuote).
    """

    tag_group = True

    def __init__(self, cells: list[list], widths: list[float], gutter: float = 12, pad: float = 0,
                 background=None, rule=None, rule_width: float = 3, repeat_first: bool = False,
                 space_before: float = 0, space_after: float = 0, tag: Tag | None = None):
        super().__init__()
        self.tag = tag
        self.cells, self.widths, self.gutter, self.pad = cells, widths, gutter, pad
        self.background, self.rule, self.rule_width = background, rule, rule_width
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def _column_widths(self, avail: float) -> list[float]:
        inner = avail - 2 * self.pad - (self.rule_width if self.rule else 0) - self.gutter * (len(self.widths) - 1)
        fixed = sum(w for w in self.widths if w > 1)
        share = max(inner - fixed, 1)
        return [w if w > 1 else share * w for w in self.widths]

    def wrap(self, availWidth, availHeight):
        self._cw = self._column_widths(availWidth)
        self._heights = [stack_height(cell, w) for cell, w in zip(self.cells, self._cw)]
        self.width, self.height = availWidth, max(self._heights, default=0) + 2 * self.pad
        return self.width, self.height

    def split(self, availWidth, availHeight):
        cw = self._column_widths(availWidth)
        room = availHeight - 2 * self.pad
        if room <= 0:
            return []
        parts = [split_list(cell, w, room) for cell, w in zip(self.cells, cw)]
        if not any(fit for fit, _ in parts) or not any(rest for _, rest in parts):
            return []
        if any(not fit and rest for fit, rest in parts[:1]):
            return []  # the main column cannot start here
        first = self._copy([fit for fit, _ in parts])
        rest = self._copy([rest for _, rest in parts])
        return [first, rest]

    def _copy(self, cells):
        """A part of this block after a split: same columns, box and spacing (a carried-over part
        must not fuse with the next block)."""
        return Columns(cells, self.widths, self.gutter, self.pad, self.background, self.rule, self.rule_width,
                       space_before=self.spaceBefore, space_after=self.spaceAfter, tag=self.tag)

    def draw(self):
        c = self.canv
        if self.background is not None or self.rule is not None:
            with tagging.artifact(c):
                if self.background is not None:
                    c.setFillColor(self.background)
                    c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
                if self.rule is not None:
                    c.setFillColor(self.rule)
                    c.rect(0, 0, self.rule_width, self.height, stroke=0, fill=1)
        x = self.pad + (self.rule_width if self.rule is not None else 0)
        for cell, w in zip(self.cells, self._cw):
            y = self.height - self.pad
            for i, f in enumerate(cell):
                if i:
                    y -= f.getSpaceBefore()
                y -= wrap_once(f, w)
                f.drawOn(c, x, y)
                y -= f.getSpaceAfter()
            x += w + self.gutter


QUOTE_WHOLE_SHARE = 0.4  # of the frame height: a quote block up to this tall never splits


class QuoteBox(Columns):
    """A quote block: its head (quotation, attribution, icons) and its explanation in one tinted box.

    A block up to `whole_below` high never splits (it moves to the next page whole). A taller one
    splits only inside its explanation, with at least MIN_LINES lines of it on either side; the
    part carried over opens with `continued` (e.g. "— Nick Carraway, continued").
    """

    MIN_LINES = 3

    def __init__(self, content: list, head: int, continued, whole_below: float, **box):
        super().__init__([content], [1.0], **box)
        self.head, self.continued, self.whole_below = head, continued, whole_below
        self._box = box

    def split(self, availWidth, availHeight):
        _, height = self.wrap(availWidth, availHeight)
        content = self.cells[0]
        head, body = content[:self.head], content[self.head:]
        if height <= self.whole_below or not head or not body:
            return []
        width = self._cw[0]
        first = body[0]
        head_h = stack_height(head, width) + head[-1].getSpaceAfter() + first.getSpaceBefore()
        leading = getattr(getattr(first, "style", None), "leading", None) or wrap_once(first, width)
        if head_h + self.MIN_LINES * leading + 2 * self.pad > self.whole_below / QUOTE_WHOLE_SHARE:
            return Columns.split(self, availWidth, availHeight)  # a head taller than a page: split anywhere
        room = availHeight - 2 * self.pad - head_h
        if room < self.MIN_LINES * leading:
            return []
        fit, rest = split_list(body, width, room)
        short = self.MIN_LINES * leading - stack_height(rest, width) if rest else 0
        if short > 0:  # too little carried over: a continued line over a line or two; carry more
            room -= short + 1
            if room < self.MIN_LINES * leading:
                return []
            fit, rest = split_list(body, width, room)
        if not fit or not rest:
            return []
        carried = self.continued() if callable(self.continued) else self.continued
        label = [carried] if carried is not None else []
        box = dict(self._box)
        return [QuoteBox(head + fit, len(head), None, self.whole_below, **box),
                QuoteBox(label + rest, len(label), self.continued, self.whole_below, **box)]


class Wide(Flowable):
    """A flowable set across the margin rail as well as the text column (`extra` points to the left):
    section titles, summary rows, the tracker."""

    def __init__(self, inner, extra: float):
        super().__init__()
        self.inner, self.extra = inner, extra
        heading = inner if isinstance(inner, Heading) else getattr(inner, "heading", None)
        if heading is not None:
            self.heading = heading

    def wrap(self, availWidth, availHeight):
        w, h = self.inner.wrapOn(self.canv, availWidth + self.extra, availHeight) if hasattr(self, "canv") \
            else self.inner.wrap(availWidth + self.extra, availHeight)
        self.width, self.height = max(w - self.extra, 0), h
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return [Wide(p, self.extra) for p in self.inner.split(availWidth + self.extra, availHeight)]

    def drawOn(self, canvas, x, y, _sW=0):
        self.inner.drawOn(canvas, x - self.extra, y, _sW)

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def getKeepWithNext(self):
        if "keepWithNext" in self.__dict__:
            return self.__dict__["keepWithNext"]
        return self.inner.getKeepWithNext()


def widen(flowable, extra: float):
    """`flowable` across the rail; page breaks and spacers stay as they are."""
    if not extra or isinstance(flowable, (Spacer, ActionFlowable)):
        return flowable
    return Wide(flowable, extra)


class RailTag(Flowable):
    """A short label (a chapter tag) set in the margin rail beside the top of what follows it.

    It takes no height of its own: it draws below its own position, into the rail, and keeps with
    the next flowable (keepWithNext), so tag and block never part."""

    GAP, MAX_LINES = 10, 3  # points between rail and column; a longer tag is set above its block

    def __init__(self, paragraph: Paragraph, rail: float, gap: float = GAP, drop: float = 0):
        super().__init__()
        self.paragraph, self.rail, self.gap = paragraph, rail, gap
        self.drop = drop  # points lower than the block's top: its first baseline on the block's
        self.keepWithNext = 1
        self.spaceBefore = paragraph.style.spaceBefore

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, 0
        return self.width, 0

    def draw(self):
        h = wrap_once(self.paragraph, self.rail - self.gap)
        self.paragraph.drawOn(self.canv, -self.rail, -h - self.drop)


class IconLabel(Tagged, Flowable):
    """An icon (theme icon in its color) to the left of a paragraph, centred on its first line.
    The icon is decoration (the paragraph names what it stands for); the paragraph tags itself.

    `hang`: the icon hangs in the margin rail, left of the text column; the text starts at the column."""

    tag_group = True

    def __init__(self, icon: str | None, color: str, paragraph: Paragraph, size: float, gap: float = 6,
                 gray: bool = False, space_before: float = 0, space_after: float = 0, hang: bool = False):
        super().__init__()
        self.icon, self.color, self.paragraph, self.size, self.gap, self.gray = icon, color, paragraph, size, gap, gray
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.hang = hang

    @property
    def _indent(self) -> float:
        return 0 if self.hang else self.size + self.gap

    def wrap(self, availWidth, availHeight):
        _, h = self.paragraph.wrap(availWidth - self._indent, availHeight)
        self.width, self.height = availWidth, max(h, self.size)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """Only a label too tall for any page splits: the icon stays with its first lines."""
        text_width = availWidth - self._indent
        if wrap_once(self.paragraph, text_width) <= TALLEST_UNSPLIT:
            return []
        parts = self.paragraph.split(text_width, availHeight)
        forget_wrap(self.paragraph)
        if len(parts) < 2:
            return []
        first = IconLabel(self.icon, self.color, parts[0], self.size, self.gap, self.gray, self.spaceBefore, 0, self.hang)
        rest = IconLabel(None, self.color, parts[1], self.size, self.gap, self.gray, 0, self.spaceAfter, self.hang)
        if hasattr(self, "heading"):
            first.heading = self.heading
        return [first, rest]

    def draw(self):
        style = self.paragraph.style
        first_line_mid = self.height - style.leading / 2 - (style.fontSize - style.leading) / 4
        y_icon = min(max(first_line_mid - self.size / 2, 0), self.height - self.size)
        if self.icon is not None:
            with tagging.artifact(self.canv):
                draw_icon(self.canv, self.icon, self.color, self._indent - self.size - self.gap, y_icon, self.size,
                          self.gray)
        _, h = self.paragraph.wrap(self.width - self._indent, 1e9)
        self.paragraph.drawOn(self.canv, self._indent, self.height - h)


class IconStack(Tagged, Flowable):
    """Theme icons (icon, color) in a column (a margin beside analysis) or in a row.
    Icons that carry meaning alone are a Figure with `alt` ("Themes: Wealth, Love"); without
    `alt` they repeat what is printed beside them and are decoration."""

    tag_role = ARTIFACT

    def __init__(self, icons: list[tuple[str, str]], size: float, gap: float = 3, vertical: bool = True,
                 gray: bool = False, alt: str | None = None):
        super().__init__()
        self.icons, self.size, self.gap, self.vertical, self.gray = icons, size, gap, vertical, gray
        if alt:
            self.tag = Tag("Figure", alt=alt)

    def wrap(self, availWidth, availHeight):
        n = len(self.icons)
        span = n * self.size + max(n - 1, 0) * self.gap
        self.width, self.height = (self.size, span) if self.vertical else (span, self.size if n else 0)
        return self.width, self.height

    def draw(self):
        for i, (icon, color) in enumerate(self.icons):
            step = i * (self.size + self.gap)
            x, y = (0, self.height - self.size - step) if self.vertical else (step, 0)
            draw_icon(self.canv, icon, color, x, y, self.size, self.gray)


class Tiles(Tagged, Flowable):
    """Each cell (a list of flowables) in a tinted box; `columns` to a row, rows as tall as their tallest.
    The boxes are decoration; the cells' flowables tag themselves, tile by tile."""

    tag_group = True

    def __init__(self, cells: list[list], columns: int, gutter: float, pad: float, background):
        super().__init__()
        self.cells, self.columns, self.gutter, self.pad, self.background = cells, columns, gutter, pad, background

    def _rows(self, width: float):
        self._w = (width - self.gutter * (self.columns - 1)) / self.columns
        inner = self._w - 2 * self.pad
        rows = [self.cells[i:i + self.columns] for i in range(0, len(self.cells), self.columns)]
        return [(row, max(stack_height(cell, inner) for cell in row) + 2 * self.pad) for row in rows]

    def wrap(self, availWidth, availHeight):
        self._layout = self._rows(availWidth)
        self.width = availWidth
        self.height = sum(h for _, h in self._layout) + self.gutter * max(len(self._layout) - 1, 0)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """Between rows of tiles."""
        used, n = 0.0, 0
        for _, h in self._rows(availWidth):
            if used + h > availHeight:
                break
            used += h + self.gutter
            n += 1
        if n == 0 or n * self.columns >= len(self.cells):
            return []
        cut = n * self.columns
        return [Tiles(self.cells[:cut], self.columns, self.gutter, self.pad, self.background),
                Tiles(self.cells[cut:], self.columns, self.gutter, self.pad, self.background)]

    def draw(self):
        c, y = self.canv, self.height
        inner = self._w - 2 * self.pad
        for row, h in self._layout:
            y -= h
            for k, cell in enumerate(row):
                x = k * (self._w + self.gutter)
                with tagging.artifact(c):
                    c.setFillColor(self.background)
                    c.roundRect(x, y, self._w, h, 3, stroke=0, fill=1)
                top = y + h - self.pad
                for i, f in enumerate(cell):
                    if i:
                        top -= f.getSpaceBefore()
                    top -= wrap_once(f, inner)
                    f.drawOn(c, x + self.pad, top)
                    top -= f.getSpaceAfter()
            y -= self.gutter


class AtFoot(Flowable):
    """`content` drawn at the foot of the room it is given (all of that room is taken), or as a
    plain stack when it is taller than the room."""

    def __init__(self, content: list):
        super().__init__()
        self.content = content

    def wrap(self, availWidth, availHeight):
        self._need = stack_height(self.content, availWidth)
        self.width, self.height = availWidth, max(self._need, min(availHeight, 1e6))
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """Too tall for the room: its pieces flow on (a piece alone moves on whole)."""
        return list(self.content) if len(self.content) > 1 else []

    def draw(self):
        y = self._need
        for i, f in enumerate(self.content):
            if i:
                y -= f.getSpaceBefore()
            y -= wrap_once(f, self.width)
            f.drawOn(self.canv, 0, y)
            y -= f.getSpaceAfter()


class Rule(Tagged, Flowable):
    """A short bar `width` long and `weight` thick, from the left edge (an artifact)."""

    tag_role = ARTIFACT

    def __init__(self, width: float, weight: float, color, space_before: float = 0):
        super().__init__()
        self.bar, self.weight, self.color = width, weight, color
        self.spaceBefore = space_before

    def wrap(self, availWidth, availHeight):
        self.width, self.height = min(self.bar, availWidth), self.weight
        return self.width, self.height

    def draw(self):
        self.canv.setFillColor(self.color)
        self.canv.rect(0, 0, self.width, self.weight, stroke=0, fill=1)


class Badge(Tagged, Flowable):
    """`text` in `style` (its color is the fill), set white in a rounded box sized to it.
    The text is a P; the box an artifact."""

    tag_role, tag_group = "P", True

    def __init__(self, text: str, style, fill, ink, space_before: float = 0):
        super().__init__()
        self.text, self.style, self.fill, self.ink = text, style, fill, ink
        self.spaceBefore = space_before

    def wrap(self, availWidth, availHeight):
        from .fonts import width

        self._tw = width(self.text, self.style.fontName, self.style.fontSize)
        self.width, self.height = self._tw + self.style.fontSize * 1.6, self.style.fontSize * 2
        return self.width, self.height

    def draw(self):
        from .fonts import draw

        c, st = self.canv, self.style
        with tagging.artifact(c):
            c.setFillColor(self.fill)
            c.roundRect(0, 0, self.width, self.height, self.height / 4, stroke=0, fill=1)
        with tagging.content(c, Tag("P", self.structure())):
            c.setFillColor(self.ink)
            draw(c, st.fontSize * 0.8, st.fontSize * 0.65, self.text, st.fontName, st.fontSize)


class NameLine(Tagged, Flowable):
    """Labels each followed by a rule to write on, sharing the width by `shares` (for the pen: an
    artifact)."""

    tag_role = ARTIFACT

    def __init__(self, labels, shares, style, color, space_after: float = 0):
        super().__init__()
        self.labels, self.shares, self.style, self.color = labels, shares, style, color
        self.spaceAfter = space_after

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.style.fontSize * 2.2
        return self.width, self.height

    def draw(self):
        from .fonts import draw, width

        c, st = self.canv, self.style
        x, gap = 0.0, st.fontSize * 1.5
        for label, share in zip(self.labels, self.shares):
            room = self.width * share
            c.setFillColor(st.textColor)
            draw(c, x, 2, label, st.fontName, st.fontSize)
            start = x + width(label, st.fontName, st.fontSize) + 4
            c.setStrokeColor(self.color)
            c.setLineWidth(0.6)
            c.line(start, 0, x + room - (gap if share is not self.shares[-1] else 0), 0)
            x += room
        return None


class AnswerLines(Tagged, Flowable):
    """`count` ruled lines `spacing` apart for a written answer (an artifact, its label included).

    It splits only with at least FIRST lines before the break and REST after; the lines carried
    over open with `continued()` (a paragraph such as "12, continued"), so no page shows bare lines.
    """

    FIRST, REST = 4, 2
    tag_role = ARTIFACT

    def __init__(self, count: int, spacing: float, color, space_after: float = 6, continued=None, label=None):
        super().__init__()
        self.count, self.spacing, self.color = count, spacing, color
        self.spaceAfter = space_after
        self.continued, self.label = continued, label

    def _label_height(self, width: float) -> float:
        return wrap_once(self.label, width) + 2 if self.label is not None else 0

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self._label_height(availWidth) + self.count * self.spacing
        return self.width, self.height

    def split(self, availWidth, availHeight):
        n = int((availHeight - self._label_height(availWidth)) // self.spacing)
        if n >= self.count:  # they all fit: nothing to split
            return []
        n = min(n, self.count - self.REST)  # fewer here when the rest would be too few: REST go on together
        if n < self.FIRST:
            return []
        label = self.continued() if self.continued is not None else None
        return [AnswerLines(n, self.spacing, self.color, 0, None, self.label),
                AnswerLines(self.count - n, self.spacing, self.color, self.spaceAfter, self.continued, label)]

    def draw(self):
        top = self.height
        if self.label is not None:
            h = wrap_once(self.label, self.width)
            self.label.drawOn(self.canv, 0, top - h)
            top -= h + 2
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.5)
        for i in range(self.count):
            y = top - (i + 1) * self.spacing + 1
            self.canv.line(0, y, self.width, y)


class Anchor(Flowable):
    """Zero-size: where it is drawn becomes the target `key` (a bookmark and a page number form)."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        doc = getattr(self.canv, "_doctemplate", None)
        if doc is not None and hasattr(doc, "anchor"):
            doc.anchor(self.key)


class TocEntry(Tagged, Flowable):
    """A contents line linked to `key`; its page number is a form the page template fills in.
    Tagged as a TOCI under `toc` (the contents' TOC), else as a P, holding a Link: the title, the
    page number and the link annotation (described by `description`); the dot leader is an artifact."""

    tag_group = True

    def __init__(self, paragraph: Paragraph, key: str, number_style, leader_color, number_width: float = 28,
                 toc: Tag | None = None, description: str = ""):
        super().__init__()
        self.paragraph, self.key, self.number_style = paragraph, key, number_style
        self.tag = Tag("TOCI", toc) if toc is not None else Tag("P")
        self.link = Tag("Link", self.tag)
        self.description = description
        self.leader_color, self.number_width = leader_color, number_width
        self.spaceBefore = paragraph.style.spaceBefore

    def wrap(self, availWidth, availHeight):
        _, h = self.paragraph.wrap(availWidth - self.number_width - 10, availHeight)
        self.width, self.height = availWidth, h
        return self.width, self.height

    def draw(self):
        c, style = self.canv, self.paragraph.style
        _, h = self.paragraph.wrap(self.width - self.number_width - 10, 1e9)
        with tagging.content(c, self.link):
            self.paragraph.drawOn(c, 0, 0)
        last_line_y = (style.leading - style.fontSize) / 2 + 1.5
        text_end = last_line_width(self.paragraph)
        stop = self.width - self.number_width - 4
        x = stop - LEADER_STEP * ((stop - text_end - 6) // LEADER_STEP)  # on a grid from the right: dots line up
        if x <= stop:  # one text object, each dot a move of LEADER_STEP (a string per dot was 5% of a build)
            start, count = x, 0
            while x <= stop:
                count += 1
                x += LEADER_STEP
            with tagging.artifact(c):
                c.saveState()
                c.setFillColor(self.leader_color)
                c.setFont(self.number_style.fontName, self.number_style.fontSize)
                dots = c.beginText(start, last_line_y)
                for _ in range(min(count, 2)):  # the first dot also sets the font: the second is the pattern
                    dots.textOut(".")
                    dots.moveCursor(LEADER_STEP, 0)
                repeat_text_operators(dots, 2, count - 2)  # the same dot and move: 9,000 calls in a long contents
                c.drawText(dots)
                c.restoreState()
        with tagging.content(c, self.link):
            c.saveState()
            c.translate(self.width - self.number_width, last_line_y)
            c.doForm(page_number_form(self.key))
            c.restoreState()
        tagging.link_rect(c, self.link, self.description or self.paragraph.getPlainText(), self.key,
                          (0, 0, self.width, self.height))


def heading_of(flowable) -> "Heading | None":
    """The Heading a story item is or carries (a heading kept with what follows it, on the rail...)."""
    return flowable if isinstance(flowable, Heading) else getattr(flowable, "heading", None)


def page_number_form(key: str) -> str:
    return "pageno-" + key




def group_keeps(story: list) -> list:
    """The story with each run of keepWithNext flowables grouped with what follows it.

    A pre-pass instead of ReportLab's handle_keepWithNext, which keeps a run with the next flowable
    only when that is not a container (so a heading before a kept-together question could be left
    at the foot of a page) and keeps it with the whole of a long paragraph (a half-empty page). Here
    the run joins a kept-together follower, and otherwise keeps with the follower's first lines
    (KeepWithStart). Spacers after a heading belong to its run.
    """
    out: list = []
    i, n = 0, len(story)
    while i < n:
        f = story[i]
        if not (f.getKeepWithNext() and may_keep(f)):
            out.append(f)
            i += 1
            continue
        j = i
        while j < n and may_keep(story[j]) and (story[j].getKeepWithNext() or isinstance(story[j], Spacer)):
            j += 1
        lead, follower = story[i:j], story[j] if j < n else None
        for x in lead:
            clear_keep_with_next(x)
        if isinstance(follower, KeepTogether):  # (a container: may_keep() says no, but it joins)
            out.append(kept_with(follower, lead))
            j += 1
        elif follower is None or not may_keep(follower):
            out += lead
        else:
            out.append(KeepWithStart(lead + [follower]))
            j += 1
        i = j
    return out


class DataTable(Tagged, Table):
    """A ReportLab Table tagged as a Table: its fills and rules are artifacts, and its cells are
    flowables that declare their own TH/TD Tags (parents: a TR Tag per row, under `tag`)."""

    tag_group = True

    def __init__(self, *args, tag: Tag | None = None, **kwargs):
        kwargs.setdefault("renderCB", _table_artifacts)  # its split parts pass it on themselves
        super().__init__(*args, **kwargs)
        self.tag = tag if tag is not None else Tag("Table")

    def split(self, availWidth, availHeight):
        return self.carry(super().split(availWidth, availHeight))


def _table_artifacts(table, event, *args):
    """Table's render callback: backgrounds and rules are decoration."""
    if event in ("startBG", "startLines"):
        table._gb_artifact = tagging.artifact(table.canv)
        table._gb_artifact.__enter__()
    elif event in ("endBG", "endLines"):
        table._gb_artifact.__exit__(None, None, None)
