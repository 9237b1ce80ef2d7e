"""The document template: page frames, running header and footer, outline, links, metadata.

GuideDoc       BaseDocTemplate with a cover page and body pages; reacts to Heading flowables;
               builds on a tagging.TaggedCanvas (header, footer and cover bands are artifacts)
Metadata       what goes in the PDF's document information, catalog and XMP metadata
"""
from __future__ import annotations

from functools import partial

from reportlab import rl_config
from reportlab.lib.units import inch
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

from . import fonts, tagging
from .errors import LayoutFailure
from .flowables import Heading, group_keeps, page_number_form
from .records import dataclass
from .xmp import DocumentInfo
from .styles import Styles

# Compressed streams are written as binary, not also ASCII85-encoded: PDF files have been 8-bit
# clean for decades, the file is a sixth smaller, and encoding cost 3% of a build.
rl_config.useA85 = 0

HEADER_GAP = 18  # points kept clear between the two halves of the running header


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    language: str
    header: str  # the guide's name in the running header
    mark: str = ""  # after it, never cut short: "TEACHER EDITION"
    credits: str = ""  # the guide's makers and license: XMP dc:creator (after the author) and dc:rights

    def document_info(self) -> DocumentInfo:
        return DocumentInfo(title=self.title, creators=(self.author, self.credits), description=self.subject,
                                    language=self.language, rights=self.credits, keywords=self.keywords,
                                    tool=self.creator)


class GuideDoc(BaseDocTemplate):
    def __init__(self, out, styles: Styles, meta: Metadata, with_cover: bool = True):
        g = styles.geometry
        super().__init__(
            out, pagesize=g.page, leftMargin=g.margin, rightMargin=g.margin, topMargin=g.margin,
            bottomMargin=g.margin, title=meta.title, author=meta.author, subject=meta.subject,
            keywords=meta.keywords, creator=meta.creator, producer="guidebuilder", invariant=1,
            lang=meta.language, displayDocTitle=1, pageCompression=1,
        )
        self.styles, self.meta = styles, meta
        self.section = ""  # the section being laid out
        self.page_section = ""  # the section the running header of this page names
        self.part = ""  # the heading one level below the section being laid out (a chapter, a theme)
        self.page_part = ""  # the part in force at the top of this page, named after its section
        self._page_started = False
        self.last_heading = ""
        self.numbered: set[str] = set()
        x, y, w, h = g.frame
        cover = Frame(x, g.margin, w, g.page[1] - 2 * g.margin, id="cover", showBoundary=0)
        # the text column, without padding: the text block's edges are the running header's
        x, y, w, h = g.column
        body = Frame(x, y, w, h, id="body", showBoundary=0, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)
        templates = [
            PageTemplate("cover", [cover], onPage=self._cover_page, autoNextPageTemplate="body"),
            PageTemplate("body", [body], onPageEnd=self._body_page),
        ]
        self.addPageTemplates(templates if with_cover else templates[::-1])

    def build(self, flowables, *args, **kwargs):
        """Lay out the story after grouping headings with what follows them (flowables.group_keeps),
        on a canvas that tags (tagging.TaggedCanvas)."""
        kwargs.setdefault("canvasmaker", partial(tagging.TaggedCanvas, info=self.meta.document_info()))
        story = group_keeps(list(flowables))
        # ReportLab consumes `story` as it lays it out; the caller's list must not keep what is
        # drawn alive (the line-breaking state of every paragraph: 140 MiB at 300 chapters)
        flowables.clear()
        return super().build(story, *args, **kwargs)

    def failure(self, exc: Exception) -> LayoutFailure:
        """The message a LayoutError reaches the user as: the page, the section and the heading."""
        where = self.section or "the cover"
        if self.last_heading and self.last_heading != self.section:
            where += f", after \u201c{self.last_heading}\u201d"
        return LayoutFailure(f"could not lay out page {self.page} ({where}): {str(exc).splitlines()[0][:200]}")

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self.page_section = self.section  # the running header names the section at the top of the page
        self.page_part = self.part  # and the chapter or theme it begins in: "Questions · Chapter 3"
        self._page_started = False

    def afterFlowable(self, flowable):
        starts_page = not self._page_started
        if not isinstance(flowable, (Spacer, ActionFlowable)) and not getattr(flowable, "front", False):
            self._page_started = True  # a handout's title block does not count: the section below names the page
        if not isinstance(flowable, Heading):
            flowable = getattr(flowable, "heading", None)
            if flowable is None:
                return
        c = self.canv
        c.bookmarkPage(flowable.key)
        c.addOutlineEntry(flowable.outline, flowable.key, level=flowable.level, closed=flowable.level >= 1)
        self.last_heading = flowable.outline
        if flowable.section is not None:
            self.section, self.part = flowable.section, ""
            if starts_page:
                self.page_section, self.page_part = flowable.section, ""
        elif flowable.level == 1:
            self.part = flowable.outline
            if starts_page:
                self.page_part = flowable.outline
        if flowable.toc and flowable.key not in self.numbered:
            self._define_page_number(flowable.key, c.getPageNumber())

    def anchor(self, key: str) -> None:
        """An Anchor was drawn: `key` is a link target, and its page number is known."""
        if key not in self.numbered:
            self.canv.bookmarkPage(key)
            self._define_page_number(key, self.canv.getPageNumber())

    def _define_page_number(self, key: str, number: int) -> None:
        c, style = self.canv, self.styles["toc-1"]
        self.numbered.add(key)
        c.beginForm(page_number_form(key), 0, -4, 28, 14)
        c.setFillColor(style.textColor)
        c.setFont(style.fontName, style.fontSize)
        c.drawRightString(28, 0, str(number))
        c.endForm()

    def _cover_page(self, canvas, doc):
        with tagging.artifact(canvas, "Layout"):
            canvas.saveState()
            canvas.setFillColor(self.styles.color("accent"))
            w, h = self.styles.geometry.page
            canvas.rect(0, h - 0.28 * inch, w, 0.28 * inch, stroke=0, fill=1)
            canvas.rect(0, 0, w, 0.14 * inch, stroke=0, fill=1)
            canvas.restoreState()

    def _body_page(self, canvas, doc):
        s, g = self.styles, self.styles.geometry
        w, h = g.page
        style = s["header"]
        with tagging.artifact(canvas, "Pagination", "Header"):
            self._header(canvas, style)
        with tagging.artifact(canvas, "Pagination", "Footer"):
            canvas.saveState()
            canvas.setFont(style.fontName, style.fontSize)
            canvas.setFillColor(style.textColor)
            canvas.drawCentredString(w / 2, g.header - style.fontSize, str(canvas.getPageNumber()))
            canvas.restoreState()

    def _header(self, canvas, style):
        s, g = self.styles, self.styles.geometry
        w, h = g.page
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        top = h - g.header
        font, size, room = style.fontName, style.fontSize, w - 2 * g.margin
        # a page that begins inside a chapter or theme names it too, as a dictionary's page names its
        # first word: a student finds "Key Quotes · Chapter 5" by thumbing the corner of the pages
        named = f"{self.page_section} · {self.page_part}" if self.page_part else self.page_section
        section = fonts.fit(named, font, size, room * 0.45)
        mark = f" \u00b7 {self.meta.mark}" if self.meta.mark else ""
        left = room - fonts.width(section + mark, font, size) - HEADER_GAP
        fonts.draw(canvas, g.margin, top, fonts.fit(self.meta.header, font, size, left) + mark, font, size)
        fonts.draw(canvas, w - g.margin, top, section, font, size, align="right")
        canvas.setStrokeColor(s.color("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(g.margin, top - 4, w - g.margin, top - 4)
        canvas.restoreState()

