"""The theme tracker drawings: the chapter-by-theme grid, one theme's strip, the degree legend.

A degree reads without color: every cell carries pips (filled for the degree, hollow for the
rest, out of four) over a light tint of the theme color, so a black-and-white copy of a color
build reads the same as the color page.

Shading      how a degree becomes a level 0-4 and a tint
draw_pips()  the pips of one cell, in a row or two by two (two_by_two())
Row, PartRow one chapter of the grid; a part's group heading
TrackerGrid  chapters as rows (label, one-line synopsis), themes as fixed columns with icon and
             name; fills the height it is given; splits by rows, repeating its head
TrackerStrip one theme across all chapters, wrapped into rows of cells
DegreeLegend what the pips mean, drawn with the same cells

All are tagged as data tables: a row per chapter headed by its name, each cell's degree as text
(the cell's alternate text); the grid's head names the themes its icons stand for, and is an
artifact where it repeats on a later page. Tints, rules and bands are artifacts.
"""
from __future__ import annotations

from contextlib import nullcontext

from reportlab.platypus import Flowable

from . import fonts, tagging
from .icons import draw_icon
from .markup import plain
from .model import chapter_synopsis, degree
from .records import dataclass
from .rlcompat import place_form
from .tagging import Tag, Tagged

LEVELS = (0.0, 0.1, 0.2, 0.3, 0.42)  # tint per level: light enough that dark pips always read
PIPS = 4
DEGREE_WORDS = ("absent", "touched on", "present", "important", "central")


def degree_text(level: int) -> str:
    """A cell read aloud: 'important (3 of 4)'."""
    return DEGREE_WORDS[level] + (f" ({level} of {PIPS})" if level else "")


class _Tags(dict):
    """The Tags of one table, shared by the parts it splits into (keyed by what they stand for)."""

    def get_or(self, key, make) -> Tag:
        if key not in self:
            self[key] = make()
        return self[key]


@dataclass(frozen=True)
class Shading:
    """Degree -> level 0..4 (the pips) and a light tint of the theme color."""

    top: float  # the largest degree in the guide

    def level(self, degree: float) -> int:
        if degree <= 0 or self.top <= 0:
            return 0
        return max(1, min(4, round(4 * (degree / self.top) + 0.49)))  # the ratio first: no overflow


ROW_PIP = 3.0  # points: the smallest radius of pips in a row; narrower cells set them two by two


def two_by_two(w: float, h: float) -> bool:
    """Whether a cell this size sets its pips two by two: when it is too narrow for a row of four
    pips large enough to read and to fill in by hand, and two rows give larger ones."""
    row = w / (PIPS * 3.2)
    return row < ROW_PIP and min(h, w) / 6.5 > row


def draw_pips(canv, level: int, x: float, y: float, w: float, h: float, ink, hollow: bool = True,
              radius: float | None = None) -> None:
    """`level` filled pips of PIPS in the cell (x, y, w, h), the rest hollow when asked: in a row,
    or two by two when the cell is too narrow for a row of pips large enough to fill in by hand."""
    in_row = radius or min(h * 0.14, w / (PIPS * 3.2))
    square = min(h, w) / 6.5
    if radius is None and two_by_two(w, h):
        r, step = square, square * 2.7
        spots = [(x + w / 2 + dx * step / 2, y + h / 2 + dy * step / 2) for dy in (1, -1) for dx in (-1, 1)]
    else:
        r, step = in_row, in_row * 2.9
        spots = [(x + w / 2 - step * (PIPS - 1) / 2 + i * step, y + h / 2) for i in range(PIPS)]
    canv.setStrokeColor(ink)
    canv.setFillColor(ink)
    filled, empty = _pip_form(canv, r, True), _pip_form(canv, r, False)
    for i, (cx, cy) in enumerate(spots):
        if i < level or hollow:
            place_form(canv, filled if i < level else empty, cx, cy)


def _pip_form(canv, r: float, filled: bool) -> str:
    """The name of a form that draws one pip of radius `r` round the origin, filled or hollow, in
    whatever colors are set where it is used. A tracker draws thousands of pips: a circle is four
    Bezier curves whose coordinates ReportLab formats one by one, so each pip drawn as a circle cost
    more than the text of its row; a form is drawn once and placed by a short `Do`, which also keeps
    the PDF smaller. Built the first time a document needs it (the name carries the size, so one
    build always makes the same forms in the same order)."""
    width = max(r * 0.28, 0.5)
    name = f"pip-{'full' if filled else 'ring'}-{r:.3f}"
    if not canv.hasForm(name):
        edge = r + width
        canv.beginForm(name, -edge, -edge, edge, edge)
        canv.setLineWidth(width)
        if filled:
            canv.circle(0, 0, r, stroke=0, fill=1)
        else:
            canv.circle(0, 0, r * 0.85, stroke=1, fill=0)
        canv.endForm()
    return name


def _cell(canv, styles, theme_color: str, level: int, x, y, w, h, blank: bool = False) -> None:
    """One tracker cell: tint, hairline frame, pips (hollow only when the degree is to be filled in)."""
    canv.setLineWidth(0.5)
    canv.setStrokeColor(styles.color("grid-line"))
    canv.setFillColor(styles.tint(theme_color, LEVELS[0 if blank else level]))
    canv.rect(x, y, w, h, stroke=1, fill=1)
    if blank:
        draw_pips(canv, 0, x, y, w, h, styles.color("muted"))
    elif level:
        draw_pips(canv, level, x, y, w, h, styles.mark_color(theme_color))


@dataclass
class Row:
    short: str  # plain text (markup.plain), drawn directly on the canvas
    title: str
    length: float | None
    degrees: list[float]
    synopsis: str = ""

    @classmethod
    def of(cls, chapter, themes, length: float | None = None) -> "Row":
        """A chapter's row: its names and synopsis as plain text, its degree in each of `themes`."""
        return cls(plain(chapter.short), plain(chapter.title), length, [degree(chapter, t.id) for t in themes],
                   plain(chapter_synopsis(chapter)))


@dataclass
class PartRow:
    """A part's group heading ("Act 1"), a full-width row above its chapters."""

    name: str


class TrackerGrid(Tagged, Flowable):
    """The chapter-by-theme grid; the head (icons and theme names) repeats on every page.

    `fill`: rows grow (up to `tallest`) to fill the height the grid is given, so a short book's
    tracker fills its page rather than leaving half of it empty.
    """

    tag_group = True

    def __init__(self, themes, rows: list, styles, shading: Shading, max_length: float,
                 blank: bool = False, row_height: float | None = None, unit: str = "Chapter",
                 fill: bool = True, synopsis: bool = True, tags: _Tags | None = None):
        super().__init__()
        self.tags = tags if tags is not None else _Tags()
        self.tag = self.tags.get_or("table", lambda: Tag("Table"))
        self.themes, self.rows, self.styles, self.shading, self.max_length = themes, rows, styles, shading, max_length
        self.blank, self.unit, self.fill, self.synopsis = blank, unit, fill, synopsis
        self.synopsis_lines = 3 if styles.single_column else 1  # large print: the synopsis may wrap
        two_lines = styles["grid-title"].leading + styles["grid-synopsis"].leading * self.synopsis_lines + 8
        self.min_row = max(row_height or styles.size(26), two_lines if synopsis else 0)
        self.row_h = self.min_row
        self.part_h = max(styles.size(16), styles["label-strong"].leading + 6)
        self.tallest = max(styles.size(52), self.min_row)
        self.head_h = self._head_height()

    # -- geometry --------------------------------------------------------------------------
    def _head_height(self) -> float:
        s = self.styles
        font = s["column-head"]
        longest = max((fonts.width(plain(t.name), font.fontName, font.fontSize) for t in self.themes), default=0)
        # names cut rather than a head half a page tall (large print) or a third of a small one (booklet)
        return s.size(22) + min(longest, s.size(130), 160, s.geometry.frame[2] * 0.28) + s.size(6)

    def _columns(self, width: float):
        s = self.styles
        bar = min(s.size(44), width * 0.09) if self.max_length else 0
        cell = min(s.size(44), (width * 0.6 - bar) / max(len(self.themes), 1))
        label = width - bar - cell * len(self.themes)
        return label, bar, cell

    def _count(self, rows) -> tuple[int, int]:
        chapters = sum(isinstance(r, Row) for r in rows)
        return chapters, len(rows) - chapters

    def _height(self, rows, row_h: float) -> float:
        chapters, parts = self._count(rows)
        return self.head_h + chapters * row_h + parts * self.part_h

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        chapters, parts = self._count(self.rows)
        self.row_h = self.min_row
        if self.fill and chapters:
            room = (availHeight - self.head_h - parts * self.part_h - 1) / chapters
            self.row_h = max(self.min_row, min(self.tallest, room))
        self.height = self._height(self.rows, self.row_h)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        n, used = 0, self.head_h
        for row in self.rows:
            step = self.min_row if isinstance(row, Row) else self.part_h
            if used + step > availHeight:
                break
            used += step
            n += 1
        if n >= len(self.rows):
            return []
        page_rows = int((self.styles.geometry.frame[3] - self.head_h) // max(self.min_row, self.part_h))
        least = max(1, min(3, page_rows))  # rows a part of the grid holds: three, unless a page holds fewer
        if len(self.rows) - n < least and n - least >= least:
            n = len(self.rows) - least  # the next page carries a few rows, not one alone under a repeated head
        while n and isinstance(self.rows[n - 1], PartRow):  # a part heading never ends a page
            n -= 1
        if n < min(least, 2):  # two rows under the head are worth starting here (large print's rows are tall)
            return []
        mk = lambda rows: TrackerGrid(self.themes, rows, self.styles, self.shading, self.max_length,
                                      self.blank, self.min_row, self.unit, self.fill, self.synopsis, self.tags)
        return [mk(self.rows[:n]), mk(self.rows[n:])]

    # -- drawing ---------------------------------------------------------------------------
    def draw(self):
        c, s = self.canv, self.styles
        label_w, bar_w, cell_w = self._columns(self.width)
        top = self.height
        head = self.tags.get_or("head", lambda: Tag("TR", self.tag))
        with tagging.artifact(c) if head.placed else nullcontext():  # a repeated head is read once
            self._draw_head(label_w, bar_w, cell_w, top, head)
        y = top - self.head_h
        shade = 0
        for row in self.rows:
            if isinstance(row, PartRow):
                y -= self.part_h
                self._draw_part(row, y)
                shade = 0
                continue
            y -= self.row_h
            self._draw_row(row, y, label_w, bar_w, cell_w, shade % 2 == 0)
            shade += 1
        with tagging.artifact(c):
            c.setStrokeColor(s.color("rule"))
            c.setLineWidth(0.5)
            c.line(0, top - self.head_h, self.width, top - self.head_h)
            c.line(0, 0, self.width, 0)

    def _draw_head(self, label_w, bar_w, cell_w, top, tr: Tag):
        c, s = self.canv, self.styles
        column = lambda key, alt=None: self.tags.get_or(key, lambda: Tag("TH", tr, alt=alt, Scope="Column"))
        head = s["column-head"]
        c.setFillColor(head.textColor)
        base = top - self.head_h + s.size(5)
        with tagging.content(c, column("unit")):
            fonts.draw(c, 3, base, fonts.fit(self.unit.upper(), head.fontName, head.fontSize, label_w - 6), head.fontName,
                       head.fontSize)
        if bar_w:
            size = min(head.fontSize * 0.9, head.fontSize * (bar_w - 4) / fonts.width("LENGTH", head.fontName, head.fontSize))
            with tagging.content(c, column("length")):
                fonts.draw(c, label_w + bar_w / 2, base, "LENGTH", head.fontName, size, align="center")  # never into the icons
        icon = min(cell_w * 0.6, s.size(14))
        room = self.head_h - icon - s.size(10)
        for j, theme in enumerate(self.themes):
            x = label_w + bar_w + j * cell_w
            with tagging.content(c, column(("theme", j), plain(theme.name))):  # the name may print cut short
                draw_icon(c, theme.icon, "#000000" if s.grayscale else theme.color,
                          x + (cell_w - icon) / 2, top - self.head_h + s.size(3), icon, s.grayscale)
                # a name longer than the head takes a second line where the column has room for it
                most = 2 if cell_w >= 2 * head.leading + s.size(6) else 1
                names = _balanced(plain(theme.name), head.fontName, head.fontSize, room, most)
                c.saveState()
                c.translate(x + cell_w / 2 + head.fontSize * 0.35 - (len(names) - 1) * head.leading / 2,
                            top - self.head_h + icon + s.size(7))
                c.rotate(90)
                c.setFillColor(s.text_color(theme.color, head.fontSize) if not s.grayscale else head.textColor)
                for k, name in enumerate(names):  # turned a quarter left: each next line lies to the right
                    fonts.draw(c, 0, -k * head.leading, name, head.fontName, head.fontSize)
                c.restoreState()

    def _draw_part(self, row: PartRow, y: float) -> None:
        c, s = self.canv, self.styles
        style = s["label-strong"]
        with tagging.artifact(c):
            c.setFillColor(s.color("part-band"))
            c.rect(0, y, self.width, self.part_h, stroke=0, fill=1)
        columns = len(self.themes) + 1 + (1 if self._columns(self.width)[1] else 0)
        part = self.tags.get_or(("part", id(row)), lambda: Tag("TR", self.tag))
        with tagging.content(c, Tag("TH", part, Scope="Column", ColSpan=columns)):  # heads the rows below it
            c.setFillColor(s.color("paper"))
            fonts.draw(c, 4, y + (self.part_h - style.fontSize) / 2 + 1,
                       fonts.fit(row.name.upper(), style.fontName, style.fontSize, self.width - 8), style.fontName,
                       style.fontSize)

    def _draw_row(self, row: Row, y: float, label_w, bar_w, cell_w, shaded: bool) -> None:
        c, s = self.canv, self.styles
        h = self.row_h
        tr = self.tags.get_or(("row", id(row)), lambda: Tag("TR", self.tag))
        if shaded:
            with tagging.artifact(c):
                c.setFillColor(s.color("tint"))
                c.rect(0, y, label_w + bar_w, h, stroke=0, fill=1)
        title, text = s["grid-title"], s["grid-synopsis"]
        pad = 4
        room = label_w - 2 * pad
        show_synopsis = self.synopsis and row.synopsis and not self.blank
        most = max(self.synopsis_lines, int((h - title.leading - 8) // text.leading))  # as many as the row holds
        lines = _lines(row.synopsis, text.fontName, text.fontSize, room, most) if show_synopsis else []
        lines_h = title.fontSize + text.leading * len(lines)
        first = y + h / 2 + lines_h / 2 - title.fontSize
        if self.blank and self.synopsis:  # the name at the top, a line to write on below
            first = y + h - pad - title.fontSize
        with tagging.content(c, Tag("TH", tr, Scope="Row")):
            c.setFillColor(title.textColor)
            fonts.draw(c, pad, first, fonts.fit(row.title, title.fontName, title.fontSize, room), title.fontName,
                       title.fontSize)
            if show_synopsis:
                c.setFillColor(text.textColor)
                for k, line in enumerate(lines, 1):
                    fonts.draw(c, pad, first - k * text.leading, line, text.fontName, text.fontSize)
        if self.synopsis and self.blank and not show_synopsis:  # the worksheet: a line to write what happens
            with tagging.artifact(c):
                c.setStrokeColor(s.color("rule"))
                c.setLineWidth(0.5)
                c.line(pad, y + h * 0.22, label_w - pad, y + h * 0.22)
        if bar_w:
            known = bool(row.length and self.max_length)
            length = Tag("TD", tr, alt=f"{row.length:g}" if known else None)
            tagging.place(c, length)  # an unknown length is an empty cell: the table stays regular
            if known:
                with tagging.content(c, length):
                    c.setFillColor(s.color("bar"))
                    share = min(row.length / self.max_length, 1.0)  # the ratio first: huge lengths must not overflow
                    c.rect(label_w + 4, y + h / 2 - s.size(3), (bar_w - 8) * share, s.size(6), stroke=0, fill=1)
        for j, (theme, amount) in enumerate(zip(self.themes, row.degrees)):
            x = label_w + bar_w + j * cell_w
            level = self.shading.level(amount)
            with tagging.content(c, Tag("TD", tr, alt=None if self.blank else degree_text(level))):
                _cell(c, s, theme.color, level, x + 1, y + 1, cell_w - 2, h - 2, self.blank)


def _lines(text: str, font: str, size: float, room: float, most: int) -> list[str]:
    """`text` broken into at most `most` lines of `room` width; the last cut with an ellipsis."""
    words, lines = text.split(), []
    while words and len(lines) < most:
        line = words.pop(0)
        while words and fonts.width(line + " " + words[0], font, size) <= room:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        lines[-1] = lines[-1] + " " + " ".join(words)
    return [fonts.fit(line, font, size, room) for line in lines]  # a word wider than the room is cut too


def _balanced(text: str, font: str, size: float, room: float, most: int) -> list[str]:
    """`text` on one line of `room` width if it fits, else (when `most` allows) on two lines as
    even as the words allow ("Wealth, Class, and / Old vs. New Money", not a lone last word)."""
    words = text.split()
    if most < 2 or len(words) < 2 or fonts.width(text, font, size) <= room:
        return _lines(text, font, size, room, 1)
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    widest = lambda pair: max(fonts.width(line, font, size) for line in pair)
    fitting = [pair for pair in splits if widest(pair) <= room]
    return list(min(fitting, key=widest)) if fitting else _lines(text, font, size, room, most)


class TrackerStrip(Tagged, Flowable):
    """One theme across every chapter: a row of cells with pips, labelled with the chapters' short names."""

    tag_group = True

    def __init__(self, theme, shorts: list[str], degrees: list[float], styles, shading: Shading,
                 tags: _Tags | None = None):
        super().__init__()
        self.tags = tags if tags is not None else _Tags()
        self.tag = self.tags.get_or("table", lambda: Tag("Table"))
        self.theme, self.shorts, self.degrees, self.styles, self.shading = theme, shorts, degrees, styles, shading
        self.cell_h = styles.size(16)
        self.label_h = styles.size(10)
        self.spaceAfter = styles.size(8)

    def _layout(self, width: float):
        min_cell = self.styles.size(30)
        per_row = max(1, min(len(self.shorts), int(width // min_cell)))
        cell_w = min(width / per_row, self.styles.size(48))
        rows = -(-len(self.shorts) // per_row)
        return per_row, cell_w, rows

    def wrap(self, availWidth, availHeight):
        per_row, cell_w, rows = self._layout(availWidth)
        self.width = availWidth
        self.height = rows * self._row_h
        return self.width, self.height

    @property
    def _row_h(self) -> float:
        return self.cell_h + self.label_h + 3

    def split(self, availWidth, availHeight):
        """Break between rows of cells when a long book's strip does not fit the rest of the page."""
        per_row, _, rows = self._layout(availWidth)
        fit = int(availHeight // self._row_h)
        if fit < 1 or fit >= rows:
            return []
        cut = fit * per_row
        head = TrackerStrip(self.theme, self.shorts[:cut], self.degrees[:cut], self.styles, self.shading, self.tags)
        tail = TrackerStrip(self.theme, self.shorts[cut:], self.degrees[cut:], self.styles, self.shading, self.tags)
        head.spaceAfter = 0
        return [head, tail]

    def draw(self):
        c, s = self.canv, self.styles
        per_row, cell_w, _ = self._layout(self.width)
        font = s["grid-cell"]
        for i, (short, amount) in enumerate(zip(self.shorts, self.degrees)):
            r, k = divmod(i, per_row)
            x = k * cell_w
            y = self.height - (r + 1) * self._row_h + self.label_h
            level = self.shading.level(amount)
            row = Tag("TR", self.tag)  # a chapter: its name, then the theme's degree in it
            with tagging.content(c, Tag("TH", row, Scope="Row")):
                c.setFillColor(font.textColor)
                fonts.draw(c, x + cell_w / 2, y - font.fontSize - 1, fonts.fit(short, font.fontName, font.fontSize, cell_w - 2),
                           font.fontName, font.fontSize, align="center")
            with tagging.content(c, Tag("TD", row, alt=degree_text(level))):
                _cell(c, s, self.theme.color, level, x + 1, y, cell_w - 2, self.cell_h)


class DegreeLegend(Tagged, Flowable):
    """The key to the pips: a sample cell for each level with its word ("absent" ... "central").
    Read as one paragraph saying what each number of filled pips means; the cells are artifacts."""

    tag_group = True  # its own drawing is tagged piece by piece below

    def __init__(self, styles, color: str | None = None, words=DEGREE_WORDS, grid: "TrackerGrid | None" = None):
        super().__init__()
        self.styles, self.words, self.grid = styles, words, grid
        self.color = color or "#1E1E1C"
        self.cell_w, self.cell_h = styles.size(30), styles.size(13)
        self.spaceAfter = styles.size(6)

    def _places(self, width: float) -> list[tuple[float, int]]:
        """(x, line) of each sample cell: as many to a line as fit the width."""
        font = self.styles["grid-cell"]
        places, x, line = [], 0.0, 0
        for word in self.words:
            step = self.cell_w + 4 + fonts.width(word, font.fontName, font.fontSize)
            if x and x + step > width:
                x, line = 0.0, line + 1
            places.append((x, line))
            x += step + self.styles.size(14)
        return places

    def wrap(self, availWidth, availHeight):
        if self.grid is not None:  # the grid's own cells, two by two where its pips are
            _, _, cell_w = self.grid._columns(availWidth)
            if two_by_two(cell_w - 2, self.grid.min_row - 2):
                self.cell_w = self.cell_h = min(cell_w, self.styles.size(22))
        lines = self._places(availWidth)[-1][1] + 1
        self.width, self.height = availWidth, lines * self.cell_h + (lines - 1) * self.styles.size(4)
        return self.width, self.height

    def draw(self):
        c, s = self.canv, self.styles
        font = s["grid-cell"]
        for level, (word, (x, line)) in enumerate(zip(self.words, self._places(self.width))):
            y = self.height - (line + 1) * self.cell_h - line * s.size(4)
            with tagging.artifact(c):
                _cell(c, s, self.color, level, x, y, self.cell_w, self.cell_h)
            with tagging.content(c, self._key()):
                c.setFillColor(font.textColor)
                fonts.draw(c, x + self.cell_w + 4, y + (self.cell_h - font.fontSize) / 2 + 1, word, font.fontName,
                           font.fontSize)

    def _key(self) -> Tag:
        if self.tag is None:
            said = ", ".join(f"{n} {word}" for n, word in enumerate(self.words))
            self.tag = Tag("P", actual=f"Filled pips out of {PIPS}: {said}.")
        return self.tag
