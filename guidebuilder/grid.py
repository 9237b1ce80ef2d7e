"""The theme tracker drawings: the chapter-by-theme grid and one theme's strip across chapters.

Shading    how a degree becomes a fill (and, in grayscale, a count of marks)
TrackerGrid  chapters as rows, themes as columns, a chapter-length bar; splits by rows
TrackerStrip one theme across all chapters, wrapped into rows of cells
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from . import fonts
from .icons import draw_icon
from .markup import plain
from .model import degree

LEVELS = (0.0, 0.28, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Shading:
    """Degree -> fill: five steps of the theme color over white; marks too when gray."""

    top: float  # the largest degree in the guide
    marks: bool  # draw one dot per step (for black-and-white printing)

    def level(self, degree: float) -> int:
        if degree <= 0 or self.top <= 0:
            return 0
        return max(1, min(4, round(4 * (degree / self.top) + 0.49)))  # the ratio first: no overflow


def _marks(canv, level: int, x: float, y: float, w: float, h: float, color) -> None:
    """`level` dots across the middle of a cell (white on dark fill, black on light)."""
    if level <= 0:
        return
    r = min(h * 0.13, w / 14)
    canv.setFillColor(color)
    step = r * 3
    x0 = x + w / 2 - step * (level - 1) / 2
    for i in range(level):
        canv.circle(x0 + i * step, y + h / 2, r, stroke=0, fill=1)


@dataclass
class Row:
    short: str  # plain text (markup.plain), drawn directly on the canvas
    title: str
    length: float | None
    degrees: list[float]

    @classmethod
    def of(cls, chapter, themes, length: float | None = None) -> "Row":
        """A chapter's row: its names as plain text, its degree in each of `themes`."""
        return cls(plain(chapter.short), plain(chapter.title), length, [degree(chapter, t.id) for t in themes])


class TrackerGrid(Flowable):
    """The chapter-by-theme grid; the header row of theme icons repeats on every page."""

    def __init__(self, themes, rows: list[Row], styles, shading: Shading, max_length: float,
                 blank: bool = False, row_height: float | None = None):
        super().__init__()
        self.themes, self.rows, self.styles, self.shading, self.max_length = themes, rows, styles, shading, max_length
        self.blank = blank
        self.row_h = row_height or styles.size(17)
        self.head_h = styles.size(30)

    def _columns(self, width: float):
        label = min(self.styles.size(150), width * 0.3)
        bar = min(self.styles.size(60), width * 0.12) if self.max_length else 0
        cell = max((width - label - bar) / max(len(self.themes), 1), 1)
        return label, bar, cell

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.head_h + len(self.rows) * self.row_h
        return self.width, self.height

    def split(self, availWidth, availHeight):
        n = int((availHeight - self.head_h) // self.row_h)
        if n < 3 or n >= len(self.rows):
            return []
        mk = lambda rows: TrackerGrid(self.themes, rows, self.styles, self.shading, self.max_length,
                                      self.blank, self.row_h)
        return [mk(self.rows[:n]), mk(self.rows[n:])]

    def draw(self):
        c, s = self.canv, self.styles
        label_w, bar_w, cell_w = self._columns(self.width)
        text = s["grid-cell"]
        top = self.height
        # header: column names and theme icons
        head = s["column-head"]
        c.setFillColor(head.textColor)
        for x, width, label in ((2, label_w - 6, "CHAPTER"), (label_w + 2, bar_w - 6, "LENGTH" if bar_w else "")):
            if label:  # set smaller where the column is narrow (large print): never into the next column
                size = min(head.fontSize, head.fontSize * width / fonts.width(label, head.fontName, head.fontSize))
                c.setFont(head.fontName, size)
                c.drawString(x, top - self.head_h + 6, label)
        icon = min(cell_w * 0.7, self.head_h - 8, s.size(18))
        for j, theme in enumerate(self.themes):
            x = label_w + bar_w + j * cell_w
            draw_icon(c, theme.icon, "#000000" if s.grayscale else theme.color,
                      x + (cell_w - icon) / 2, top - self.head_h + 4, icon, s.grayscale)
        y = top - self.head_h
        c.setStrokeColor(s.color("grid-line"))
        c.setLineWidth(0.5)
        for i, row in enumerate(self.rows):
            y -= self.row_h
            if i % 2 == 0:
                c.setFillColor(s.color("tint"))
                c.rect(0, y, label_w + bar_w, self.row_h, stroke=0, fill=1)
            c.setFillColor(text.textColor)
            baseline = y + (self.row_h - text.fontSize) / 2 + 1
            strong = s["label-strong"].fontName
            fonts.draw(c, 3, baseline, fonts.fit(row.short, strong, text.fontSize, s.size(22)), strong, text.fontSize)
            fonts.draw(c, s.size(26), baseline, fonts.fit(row.title, text.fontName, text.fontSize, label_w - s.size(30)),
                       text.fontName, text.fontSize)
            if row.length and self.max_length:
                c.setFillColor(s.color("bar"))
                share = min(row.length / self.max_length, 1.0)  # the ratio first: huge lengths must not overflow
                c.rect(label_w + 2, y + self.row_h * 0.3, (bar_w - 8) * share, self.row_h * 0.4, stroke=0, fill=1)
            for j, (theme, amount) in enumerate(zip(self.themes, row.degrees)):
                x = label_w + bar_w + j * cell_w
                level = 0 if self.blank else self.shading.level(amount)
                c.setFillColor(s.tint(theme.color, LEVELS[level]))
                c.rect(x + 1, y + 1, cell_w - 2, self.row_h - 2, stroke=1 if level == 0 else 0, fill=1)
                if self.shading.marks:
                    _marks(c, level, x, y, cell_w, self.row_h, s.color("paper") if level >= 3 else s.color("ink"))
        c.setStrokeColor(s.color("rule"))
        c.line(0, top - self.head_h, self.width, top - self.head_h)


class TrackerStrip(Flowable):
    """One theme across every chapter: a row of shaded cells labelled with the chapters' short names."""

    def __init__(self, theme, shorts: list[str], degrees: list[float], styles, shading: Shading):
        super().__init__()
        self.theme, self.shorts, self.degrees, self.styles, self.shading = theme, shorts, degrees, styles, shading
        self.cell_h = styles.size(14)
        self.label_h = styles.size(10)
        self.spaceAfter = styles.size(8)

    def _layout(self, width: float):
        min_cell = self.styles.size(18)
        per_row = max(1, min(len(self.shorts), int(width // min_cell)))
        cell_w = min(width / per_row, self.styles.size(40))
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
        head = TrackerStrip(self.theme, self.shorts[:cut], self.degrees[:cut], self.styles, self.shading)
        tail = TrackerStrip(self.theme, self.shorts[cut:], self.degrees[cut:], self.styles, self.shading)
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
            c.setStrokeColor(s.color("grid-line"))
            c.setLineWidth(0.5)
            c.setFillColor(s.tint(self.theme.color, LEVELS[level]))
            c.rect(x + 1, y, cell_w - 2, self.cell_h, stroke=1, fill=1)
            if self.shading.marks:
                _marks(c, level, x, y, cell_w, self.cell_h, s.color("paper") if level >= 3 else s.color("ink"))
            c.setFillColor(font.textColor)
            fonts.draw(c, x + cell_w / 2, y - font.fontSize - 1, fonts.fit(short, font.fontName, font.fontSize, cell_w - 2),
                       font.fontName, font.fontSize, align="center")
