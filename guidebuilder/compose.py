"""Guide-aware builders that sections share: rich text, headings, theme marks, quote blocks.

Composer   one per build; turns model values into flowables with the build's styles
"""
from __future__ import annotations

from reportlab.platypus import Spacer

from . import markup
from .flowables import (Anchor, Columns, Heading, IconLabel, IconStack, Para, QUOTE_WHOLE_SHARE, QuoteBox, RailTag,
                        TocEntry, wrap_once)
from .model import Chapter, Guide, Quote, Theme, locate, max_degree, unit_label, units_label
from .tagging import Tag, decoration, heading_role
from .options import Options
from .styles import SANS, Styles

_BULLET = "\u2022"
REFERENCE_NAME = 60  # characters of a name a one-line reference shows; the name prints whole elsewhere


def _short(text: str, most: int = REFERENCE_NAME) -> str:
    return text if len(text) <= most else text[:most].rstrip() + "\u2026"


class Composer:
    def __init__(self, guide: Guide, styles: Styles, options: Options):
        self.guide, self.styles, self.options = guide, styles, options
        self.gray = styles.grayscale
        self._themes = {t.id: t for t in guide.themes}
        self.setting = markup.Setting("b" if options.large_print else "i")
        self._max_degree: float | None = None

    # -- text ---------------------------------------------------------------------------------
    def para(self, text: str, role: str = "body", keep_breaks: bool = False) -> Para:
        """One paragraph, for short texts (names, titles, one-liners)."""
        return Para(markup.inline(text, keep_breaks, self.setting), self.styles[role])

    def paras(self, text: str, role: str = "body", keep_breaks: bool = False) -> list[Para]:
        """A text that may be long, as paragraphs of bounded length (layout time stays linear)."""
        return [Para(markup.inline(piece, keep_breaks, self.setting), self.styles[role])
                for piece in markup.chunks(text)]

    def markup_para(self, safe_markup: str, role: str) -> Para:
        """A paragraph of markup we built ourselves around already-escaped text."""
        return Para(safe_markup, self.styles[role])

    def inline(self, text: str, keep_breaks: bool = False) -> str:
        return markup.inline(text, keep_breaks, self.setting)

    def rich(self, text: str, role: str = "body", lead: str | None = None, parent: Tag | None = None) -> list:
        """Rich text as paragraphs; `lead` is a label run in at the start of the first (bold sans).
        A run of bullets is one list (L, LI, Lbl, LBody) in the tagged PDF; the structure elements
        go under `parent` when given (a table cell)."""
        out = []
        bullets = None  # the L of the run of bullets being read
        for i, block in enumerate(markup.blocks(text, self.setting)):
            if lead and not i:
                block = markup.Block(block.kind, f'<font name="{SANS}-Bold">{markup.escape(lead)}.</font> ' + block.markup)
            if block.kind == "bullet":
                if bullets is None:
                    bullets = Tag("L", parent)
                item = Tag("LI", bullets)
                p = Para(block.markup, self.styles["bullet"], bulletText=_BULLET, tag=Tag("LBody", item))
                p.label = Tag("Lbl", item)
                out.append(p)
                continue
            bullets = None
            if block.kind == "quote":
                out.append(Para(block.markup, self.styles["blockquote"], tag=Tag("BlockQuote", parent)))
            else:
                out.append(Para(block.markup, self.styles[role], tag=Tag("P", parent) if parent else None))
        return out

    def label(self, label: str, value_markup: str, role: str = "label") -> Para:
        """'LABEL value' with the label in bold sans; `value_markup` must already be safe."""
        return Para(f"<b>{markup.escape(label)}</b> {value_markup}", self.styles[role])

    # -- structure ----------------------------------------------------------------------------
    def section_title(self, title: str, key: str) -> Heading:
        return Heading(markup.escape(title), self.styles["section-title"], key, title, 0, section=title)

    def heading(self, text: str, key: str, level: int = 1, role: str = "heading", toc: bool = True) -> list:
        return [Heading(self.inline(text), self.styles[role], key, markup.plain(text), level, toc=toc)]

    def tag(self, text: str, role: str = "quote-group", key: str = "", level: int = 1, beside: str = "",
            above: str = ""):
        """A chapter tag for the block after it: in the margin rail when the page has one, else above
        (in the role `above` when given). With a `key`, it is also an outline entry (a heading that is
        not in the contents). `beside`: the role of the block's first line, whose baseline the tag's
        first line shares in the rail (else the tag's top is the block's, as beside a quote's box)."""
        style = self.styles[role]
        p = Para(self.inline(text), style, tag=Tag(heading_role(level)) if key else None)  # a heading to read
        rail = self.styles.geometry.rail
        if rail and wrap_once(p, rail - RailTag.GAP) <= RailTag.MAX_LINES * style.leading:
            # ReportLab sets a paragraph's first baseline its font size below its top
            drop = self.styles[beside].fontSize - style.fontSize if beside else 0
            tag = RailTag(p, rail, drop=max(drop, 0))
            if key:
                tag.heading = Heading(self.inline(text), style, key, markup.plain(text), level, toc=False)
            return tag
        style = self.styles[above or role]  # no rail, or a tag too long for it: above the block
        if key:
            return Heading(self.inline(text), style, key, markup.plain(text), level, toc=False)
        return Para(self.inline(text), style)

    def space(self, points: float) -> Spacer:
        return Spacer(1, self.styles.size(points))

    # -- the guide's words --------------------------------------------------------------------
    def unit(self, count: int = 1) -> str:
        """What the guide calls a chapter: "Chapter"/"Chapters", "Scene"/"Scenes" (plain text: escape
        it, markup.escape, before it goes into a paragraph)."""
        return markup.plain(unit_label(self.guide, count))

    def units(self, first: str, last: str | None = None) -> str:
        return units_label(self.guide, first, last)

    # -- themes -------------------------------------------------------------------------------
    def max_degree(self) -> float:
        """The guide's highest tracker degree (model.max_degree), worked out once per build: the
        tracker, the worksheet and every theme's strip shade by it (at 300 chapters and 8 themes,
        each time 2,400 degrees, 4 ms)."""
        if self._max_degree is None:
            self._max_degree = max_degree(self.guide)
        return self._max_degree

    def theme(self, theme_id: str) -> Theme:
        return self._themes[theme_id]

    def theme_label(self, theme: Theme, role: str = "legend-name", size: float | None = None) -> IconLabel:
        p = Para(self.inline(theme.name), self.styles.variant(role, theme.color))
        return IconLabel(theme.icon, self.icon_color(theme), p, size or self.styles.icon, gray=self.gray)

    def icon_color(self, theme: Theme) -> str:
        return "#000000" if self.gray else theme.color

    def theme_icons(self, theme_ids, vertical: bool = True, size: float | None = None,
                    alone: bool = False) -> IconStack:
        """The themes' icons; `alone`: nothing beside them names the themes, so they are a
        figure described as "Themes: Wealth, Love" (else decoration)."""
        icons = [(self.theme(t).icon, self.icon_color(self.theme(t))) for t in theme_ids]
        alt = None
        if alone:
            alt = ("Theme: " if len(theme_ids) == 1 else "Themes: ") + ", ".join(
                markup.plain(self.theme(t).name) for t in theme_ids)
        return IconStack(icons, size or self.styles.icon, vertical=vertical, gray=self.gray, alt=alt)

    def theme_names(self, theme_ids) -> str:
        return ", ".join(self.inline(self.theme(t).name) for t in theme_ids)

    # -- quotes -------------------------------------------------------------------------------
    @staticmethod
    def quote_key(chapter: Chapter, index: int) -> str:
        """The link target of a chapter's `index`-th quote, where it is printed in full."""
        return f"quote-{chapter.id}-{index}"

    def quote_block(self, quote: Quote, chapter: Chapter | None = None, theme: Theme | None = None,
                    anchor: str = "") -> Columns:
        """The quotation in full: text, attribution line with theme icons, explanation.

        `chapter` is named on the attribution line (leave it out under a heading that names it);
        the rule takes `theme`'s color (the section the block stands in), else the first theme's.
        """
        s = self.styles
        inner: list = [Anchor(anchor)] if anchor else []
        inner += self.paras(quote.text, "quote-body", keep_breaks=True)
        meta = self._quote_meta(quote, chapter)
        if quote.themes:
            icons = self.theme_icons(quote.themes, vertical=False, size=s.size(9))
            width = icons.wrap(1e9, 1e9)[0]
            inner.append(Columns([[Para(meta, s["quote-meta"])], [icons]], [1.0, width], gutter=s.size(6),
                                 space_after=s.size(2)))
        elif meta:
            inner.append(Para(meta, s["quote-meta"]))
        head = len(inner)  # what stays together: the block splits only inside its explanation
        inner += self.rich(quote.explanation, "quote-explanation")
        ruled = theme or (self.theme(quote.themes[0]) if quote.themes else None)
        rule = s.color("#000000" if self.gray else ruled.color) if ruled else s.color("accent")
        return QuoteBox(inner, head, lambda: self._continued(quote), s.geometry.frame[3] * QUOTE_WHOLE_SHARE,
                        pad=s.size(7), background=s.color("tint"), rule=rule, space_before=0, space_after=s.size(9),
                        tag=Tag("BlockQuote"))

    def _continued(self, quote: Quote) -> Para:
        """The line that opens the part of a quote block carried over to the next page."""
        if quote.speaker:
            who = self.inline(self.guide.character(quote.speaker).name)
        else:
            words = markup.plain(quote.text).split()
            who = "\u201c" + markup.escape(" ".join(words[:4])) + ("\u2026" if len(words) > 4 else "") + "\u201d"
        return decoration(Para(f"\u2014 {who}, continued", self.styles["quote-meta"]))  # repeats the attribution

    def quote_reference(self, quote: Quote, chapter: Chapter, key: str) -> TocEntry:
        """One line that points to a quotation printed in full elsewhere: first words, speaker,
        chapter and location, and the page where it stands in full (linked)."""
        words = " / ".join(" ".join(line.split()) for line in quote.text.strip().splitlines() if line.strip())
        first = words if len(words) <= 70 else words[:70].rsplit(" ", 1)[0].rstrip(",;:.\u2014-") + "\u2026"
        shown = self.inline(first)
        quoted = markup.plain(first)[:1] in ("\u201c", "\u2018")  # it opens with its own quotation mark
        parts = [shown if quoted else "\u201c" + shown + "\u201d"]
        who = []
        if quote.speaker:
            who.append(self.inline(_short(self.guide.character(quote.speaker).name)))
        who.append(self.inline(_short(chapter.title)))
        if quote.page:
            who.append(locate(self.guide, self.inline(_short(quote.page))))
        parts.append("\u2014 " + ", ".join(who))
        p = Para(" ".join(parts), self.styles["quote-ref"])
        return TocEntry(p, key, self.styles["toc-1"], self.styles.color("rule"), number_width=self.styles.size(28))

    def _quote_meta(self, quote: Quote, chapter: Chapter | None) -> str:
        parts = []
        if quote.speaker:
            parts.append("\u2014 <b>" + self.inline(self.guide.character(quote.speaker).name) + "</b>")
        where = []
        if chapter is not None:
            where.append(self.inline(chapter.title))
        if quote.page:
            where.append(locate(self.guide, self.inline(quote.page)))
        if where:
            parts.append(", ".join(where))
        others = [c for c in quote.characters if c != quote.speaker]
        if others:
            parts.append("<b>Characters:</b> " + ", ".join(self.inline(self.guide.character(c).name) for c in others))
        if quote.symbols:
            parts.append("<b>Symbols:</b> " + ", ".join(self.inline(self.guide.symbol(x).name) for x in quote.symbols))
        if quote.themes:
            parts.append("<b>Themes:</b> " + self.theme_names(quote.themes))
        return " \u00b7 ".join(parts)
