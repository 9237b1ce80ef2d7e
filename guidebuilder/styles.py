"""Every font, size, color and margin, built once per build by inheritance, named by role.

PARAGRAPHS   paragraph styles as data: role -> (parent role, overrides)
COLORS       named colors of the design
Styles       the built style sheet for one build (paper, grayscale, large print)
"""
from __future__ import annotations

from functools import cached_property

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from . import fonts
from .hyphenate import hyphenator
from .options import Options
from .palette import for_text, needed
from .records import dataclass

SERIF, SANS = fonts.SERIF, fonts.SANS

COLORS = {
    "ink": "#1E1E1C", "muted": "#5E5A55", "rule": "#C9C2B6", "tint": "#F4F0E8",
    "accent": "#7A2E26", "paper": "#FFFFFF", "answer": "#1D5C3A", "answer-tint": "#EAF3EC",
    "grid-line": "#D9D4CB", "bar": "#8C857A", "part-band": "#5E5A55",
}

PARAGRAPHS: dict[str, tuple[str | None, dict]] = {
    "base": (None, dict(fontName=SERIF, fontSize=10.5, leading=14, textColor="ink", allowWidows=0,
                        allowOrphans=0, splitLongWords=1)),
    "body": ("base", dict(alignment=TA_JUSTIFY, spaceAfter=5)),
    "body-small": ("body", dict(fontSize=9.5, leading=12.5, spaceAfter=4)),
    "body-ragged": ("body", dict(alignment=TA_LEFT)),  # a column too narrow to justify without rivers
    "bullet": ("body", dict(leftIndent=14, bulletIndent=3, spaceAfter=2, bulletFontName=SERIF)),
    "blockquote": ("body", dict(leftIndent=18, rightIndent=12, fontName=SERIF + "-Italic")),
    "label": ("base", dict(fontName=SANS, fontSize=7.5, leading=9.5, textColor="muted", alignment=TA_LEFT,
                           hyphenationLang="", embeddedHyphenation=0)),  # metadata lines: never hyphenated
    "label-strong": ("label", dict(fontName=SANS + "-Bold", textColor="ink")),
    "heading-base": ("base", dict(hyphenationLang="", embeddedHyphenation=0, splitLongWords=1)),
    "section-title": ("heading-base", dict(fontName=SANS + "-Bold", fontSize=22, leading=26, textColor="accent",
                                   spaceBefore=20, spaceAfter=12, keepWithNext=1)),
    "heading": ("heading-base", dict(fontName=SANS + "-Bold", fontSize=13.5, leading=17, spaceBefore=12,
                             spaceAfter=5, keepWithNext=1)),
    "subheading": ("heading", dict(fontSize=11, leading=14, spaceBefore=8, spaceAfter=3)),
    "chapter-title": ("heading", dict(fontSize=15, leading=19, spaceBefore=16, textColor="accent")),
    "part-title": ("heading", dict(fontSize=12, leading=15, spaceBefore=20, textColor="muted")),
    "theme-title": ("heading", dict(fontSize=18, leading=22, spaceBefore=0, spaceAfter=0)),
    "column-head": ("label", dict(fontName=SANS + "-Bold", fontSize=8, textColor="muted")),
    "quote-group": ("column-head", dict(spaceBefore=4, spaceAfter=3, keepWithNext=1)),
    # a quotation is never hyphenated: a hyphen added there reads as the author's own ("sin-gle")
    "quote-body": ("base", dict(fontSize=11, leading=15, alignment=TA_LEFT, spaceAfter=3, hyphenationLang="",
                                embeddedHyphenation=0)),
    "quote-meta": ("label", dict(fontSize=7.5, leading=10, hyphenationLang="", embeddedHyphenation=0)),
    "quote-ref": ("base", dict(fontSize=9.5, leading=12.5, leftIndent=10, firstLineIndent=-10, spaceBefore=2,
                               alignment=TA_LEFT)),
    "quote-explanation": ("body-small", dict(spaceBefore=2)),
    "toc-0": ("base", dict(fontName=SANS + "-Bold", fontSize=10.5, leading=15, spaceBefore=5)),
    "toc-1": ("base", dict(fontSize=10, leading=13, leftIndent=14)),
    "toc-2": ("toc-1", dict(leftIndent=28)),
    "cover-title": ("heading-base", dict(fontSize=38, leading=42, fontName=SERIF + "-Bold")),
    "cover-subtitle": ("heading-base", dict(fontSize=16, leading=20, fontName=SERIF + "-Italic",
                                    textColor="muted", spaceBefore=8)),
    "cover-author": ("heading-base", dict(fontName=SANS, fontSize=13, leading=17, spaceBefore=14)),
    "cover-credits": ("label", dict(fontSize=8, leading=10.5, spaceBefore=12)),
    "cover-edition": ("label-strong", dict(fontSize=10, leading=13, textColor="paper")),
    "handout-title": ("heading-base", dict(fontName=SERIF + "-Bold", fontSize=24, leading=28)),
    "handout-author": ("heading-base", dict(fontName=SANS, fontSize=11, leading=14, textColor="muted", spaceBefore=2)),
    "handout-kind": ("heading-base", dict(fontName=SANS + "-Bold", fontSize=9, leading=12, textColor="accent",
                                          spaceBefore=4, spaceAfter=10)),
    "legend-title": ("heading", dict(fontSize=11, leading=14, spaceBefore=0, spaceAfter=6)),
    "legend-name": ("heading-base", dict(fontName=SANS + "-Bold", fontSize=9.5, leading=11.5)),
    "legend-summary": ("base", dict(fontSize=9.5, leading=11.5, textColor="muted")),
    "cell": ("base", dict(fontSize=9.5, leading=12, hyphenationLang="", embeddedHyphenation=0)),  # table cells
    "cell-head": ("label", dict(fontName=SANS + "-Bold", fontSize=8, leading=10, textColor="ink")),
    "grid-cell": ("label", dict(fontSize=7, leading=8.5, textColor="ink")),
    "grid-title": ("grid-cell", dict(fontName=SANS + "-Bold", fontSize=8.5, leading=10.5)),
    "grid-synopsis": ("grid-cell", dict(fontName=SERIF, fontSize=8.5, leading=10.5, textColor="muted")),
    "grid-cell-right": ("grid-cell", dict(alignment=TA_RIGHT)),
    "grid-cell-center": ("grid-cell", dict(alignment=TA_CENTER)),
    "header": ("label", dict(fontSize=7.5)),
    "question": ("body", dict(alignment=TA_LEFT, spaceAfter=2)),
    "question-meta": ("label", dict(spaceAfter=2)),
    "answer": ("body-small", dict(textColor="answer", leftIndent=10)),
    "character-name": ("subheading", dict(spaceBefore=8)),
    "term": ("base", dict(fontName=SERIF + "-Bold")),
}

LARGE_PRINT = 18 / 10.5  # body text at 18 pt (APH and ACB large-print guidelines)
LARGE_PRINT_MIN = 18.0  # no reading text smaller, with about 1.5 line spacing
DISPLAY = 24.0  # points: type this large is display type, set with tight leading even in large print
DISPLAY_SCALE = 1.25  # how much large print enlarges display type
SMALL_IN_LARGE_PRINT = {"header", "grid-cell", "grid-cell-right", "grid-cell-center"}


CHAR_WIDTH = 0.39  # em: the average width of a character of English in Crimson Text
RAGGED = 45  # characters: a narrower column is set ragged right
MEASURE = 336.0  # points: the text column; Crimson Text at 10.5 pt sets about 80 characters a line
MIN_RAIL = 72.0  # points: a margin rail narrower than this is not worth having (booklets, large print)


@dataclass(frozen=True)
class Geometry:
    """The page grid: the text block between the margins (aligned with the running header), split
    into a margin rail on the left (theme icons, chapter tags, section titles hang in it; wide
    sections such as the tracker and summary rows span it) and the text column on the right."""

    page: tuple[float, float]
    margin: float
    header: float  # distance of header baseline from the top edge
    rail: float = 0.0  # the margin rail's width, gutter included; 0: the text column is the block

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """The whole text block: x, y, width, height."""
        w, h = self.page
        return self.margin, self.margin, w - 2 * self.margin, h - 2 * self.margin - 0.1 * inch

    @property
    def column(self) -> tuple[float, float, float, float]:
        """The text column: the frame less the rail."""
        x, y, w, h = self.frame
        return x + self.rail, y, w - self.rail, h


class Styles:
    """The style sheet of one build."""

    def __init__(self, options: Options, language: str = "en"):
        fonts.register()
        self.options = options
        self.grayscale = options.grayscale
        self.scale = LARGE_PRINT if options.large_print else 1.0
        self.single_column = options.large_print
        self.hyphenation = "" if options.large_print else _hyphenator(language)  # large print: never
        w, h = options.paper.size
        if options.booklet:
            w, h = h / 2, w
        small = options.booklet
        margin = (0.55 if small else 0.8) * inch
        rail = w - 2 * margin - MEASURE
        self.geometry = Geometry((w, h), margin, (0.42 if small else 0.5) * inch,
                                 rail if rail >= MIN_RAIL and not options.large_print else 0.0)
        self._paragraphs: dict[str, ParagraphStyle] = {}
        self._variants: dict[tuple, ParagraphStyle] = {}
        self._colors: dict[tuple, colors.Color] = {}  # a tracker asks for the same few thousands of times

    def color(self, name_or_hex: str) -> colors.Color:
        c = self._colors.get(("color", name_or_hex))
        if c is None:
            c = self._colors["color", name_or_hex] = self._color(name_or_hex)
        return c

    def _color(self, name_or_hex: str) -> colors.Color:
        value = COLORS.get(name_or_hex, name_or_hex)
        c = colors.HexColor(value)
        if self.grayscale:
            y = 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue
            return colors.Color(y, y, y)
        return c

    def ink_color(self, hex_color: str) -> colors.Color:
        """A theme color used for text or an icon: black when printing in grayscale."""
        return colors.HexColor("#000000") if self.grayscale else self.color(hex_color)

    def text_color(self, hex_color: str, size: float) -> colors.Color:
        """A theme color for text of `size` points: darkened when too light to read there, on paper
        or on a tint, the darker of the grounds theme names stand on (black in grayscale)."""
        return self.ink_color(for_text(hex_color, needed(size), COLORS["tint"]))

    def mark_color(self, hex_color: str) -> colors.Color:
        """A theme color for marks that must read on a black-and-white copy: darkened until its
        contrast with white is at least 7:1 (black when printing in grayscale)."""
        c = self._colors.get(("mark", hex_color))
        if c is None:
            c = self._colors["mark", hex_color] = self._mark_color(hex_color)
        return c

    def _mark_color(self, hex_color: str) -> colors.Color:
        if self.grayscale:
            return self.color("ink")
        c = colors.HexColor(hex_color)
        rgb = [c.red, c.green, c.blue]
        for _ in range(20):
            if _contrast_on_white(rgb) >= 7:
                break
            rgb = [v * 0.85 for v in rgb]
        return colors.Color(*rgb)

    def tint(self, hex_color: str, amount: float) -> colors.Color:
        """`amount` (0..1) of the color over white paper."""
        t = self._colors.get(("tint", hex_color, amount))
        if t is None:
            c = self.color(hex_color)
            mix = lambda v: 1 - amount * (1 - v)
            t = self._colors["tint", hex_color, amount] = colors.Color(mix(c.red), mix(c.green), mix(c.blue))
        return t

    def size(self, points: float) -> float:
        return points * self.scale

    def __getitem__(self, role: str) -> ParagraphStyle:
        style = self._paragraphs.get(role)
        if style is None:
            parent_role, overrides = PARAGRAPHS[role]
            parent = self[parent_role] if parent_role else None
            style = ParagraphStyle(role, parent=parent, **self._resolve(role, overrides, parent))
            self._paragraphs[role] = style
        return style

    def variant(self, role: str, color: str) -> ParagraphStyle:
        """The style `role` with its text in a theme color (black in grayscale), darkened when the
        color is too light to read at that size on paper or a tinted tile (palette.for_text); fills
        keep the color itself."""
        key = (role, color)
        if key not in self._variants:
            ink = self.text_color(color, self[role].fontSize)
            self._variants[key] = ParagraphStyle(f"{role}@{color}", parent=self[role], textColor=ink)
        return self._variants[key]

    def resized(self, role: str, factor: float) -> ParagraphStyle:
        """The style `role` with its type and leading `factor` times as large (a long cover title)."""
        key = (role, round(factor, 3))
        if key not in self._variants:
            base = self[role]
            self._variants[key] = ParagraphStyle(f"{role}*{factor:.3f}", parent=base, fontSize=base.fontSize * factor,
                                                 leading=base.leading * factor)
        return self._variants[key]

    def _resolve(self, role: str, overrides: dict, parent: ParagraphStyle | None) -> dict:
        values = dict(overrides)
        is_root = parent is None
        # display type (the cover title) is large already: large print enlarges it less
        scale = DISPLAY_SCALE if self.scale > DISPLAY_SCALE and values.get("fontSize", 0) >= DISPLAY else self.scale
        for key in ("fontSize", "leading", "spaceBefore", "spaceAfter", "leftIndent", "rightIndent", "bulletIndent"):
            if key in values:
                values[key] = values[key] * scale
        if self.options.large_print and role not in SMALL_IN_LARGE_PRINT:
            size = max(values.get("fontSize", parent.fontSize if parent else 18), LARGE_PRINT_MIN)
            values["fontSize"] = size
            leading = values.get("leading", parent.leading if parent else 0)
            # reading text: about 1.5 line spacing; display type (cover title) keeps its own tight leading
            values["leading"] = max(leading, size * 1.45) if size < DISPLAY else max(leading, size * 1.1)
            if values.get("alignment") == TA_JUSTIFY:
                values["alignment"] = TA_LEFT  # ragged right reads better in large print
        if "textColor" in values:
            values["textColor"] = self.color(values["textColor"])
        if self.options.large_print and "Italic" in values.get("fontName", ""):
            values["fontName"] = values["fontName"].replace("-Italic", "")
        if is_root:
            values["hyphenationLang"] = self.hyphenation
            values["embeddedHyphenation"] = 0 if self.options.large_print else 1
            values["uriWasteReduce"] = 0.3
        return values

    def chars(self, width: float, role: str = "body") -> float:
        """About how many characters of `role` a line `width` points wide holds."""
        return width / (self[role].fontSize * CHAR_WIDTH)

    def prose(self, width: float) -> str:
        """The body role for a column `width` points wide: ragged right below RAGGED characters."""
        return "body-ragged" if self.chars(width) < RAGGED else "body"

    @cached_property
    def icon(self) -> float:
        return self.size(11)


def _contrast_on_white(rgb) -> float:
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 1.05 / (y + 0.05)


def _hyphenator(language: str):
    return hyphenator(language) or ""
