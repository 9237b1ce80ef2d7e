"""The cover: title, subtitle, author and year, cover image, edition, credits, theme legend."""
from __future__ import annotations

import io

from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from ..compose import Composer
from ..flowables import FitImage, Para, stack_height

TITLE = "Cover"


def build(c: Composer) -> list:
    g, s = c.guide, c.styles
    out: list = [Spacer(1, 0.5 * inch), _title(c)]  # white space above the title does not grow in large print
    if g.subtitle:
        out.append(c.para(g.subtitle, "cover-subtitle"))
    byline = g.author + (f", {g.published}" if g.published else "")
    out.append(c.para(byline, "cover-author"))
    if c.options.teacher:
        out.append(Para("TEACHER EDITION \u00b7 contains answers", s["cover-edition"]))
    credits = [KeepTogether([Spacer(1, 18), c.para(g.credits, "cover-credits")])] if g.credits else []
    # large print: the legend names the themes only (their summaries open the theme pages), so the
    # whole cover stays one page
    if c.options.large_print and g.cover is not None:  # with a picture the legend takes a page of its own
        below, after = credits, [PageBreak()] + _legend(c)
    else:
        below, after = [Spacer(1, 24)] + _legend(c, summaries=not c.options.large_print) + credits, []
    if g.cover is not None:
        # what is kept together below the image stays on the cover: the image shrinks to make room
        kept = [f for f in below if isinstance(f, KeepTogether)]
        reserve = sum(stack_height(k._content, s.geometry.frame[2]) for k in kept) + s.size(24)
        out += [Spacer(1, s.size(18)), _cover_image(c, reserve)]
    return out + below + after


TITLE_SHARE = 0.3  # of the page height, at most, for the title: a long one is set smaller
TITLE_SIZES = (1.0, 0.85, 0.72, 0.6, 0.5)


def _title(c: Composer) -> Para:
    """The title in the largest of TITLE_SIZES that keeps it within TITLE_SHARE of the page."""
    s = c.styles
    for factor in TITLE_SIZES:
        title = Para(c.inline(c.guide.title), s.resized("cover-title", factor))
        if title.wrap(s.geometry.frame[2], 1e9)[1] <= s.geometry.page[1] * TITLE_SHARE:
            break
    return title


def _cover_image(c: Composer, reserve: float) -> FitImage:
    from PIL import Image as PILImage

    # from bytes, so ReportLab names the image by its content rather than its path: byte-identical
    # PDFs wherever the guide folder lives
    data = io.BytesIO(c.guide.cover.read_bytes())
    with PILImage.open(data) as im:
        w, h = im.size
        if c.gray:  # a grayscale guide has no color anywhere, the cover photo included
            data = io.BytesIO()
            im.convert("L").save(data, "PNG")
    data.seek(0)
    max_w, max_h = c.styles.geometry.frame[2] * 0.6, c.styles.geometry.page[1] * 0.3
    scale = min(max_w / w, max_h / h)
    img = FitImage(data, w * scale, h * scale, reserve=reserve)
    img.hAlign = "CENTER"
    return img


def _legend(c: Composer, summaries: bool = True) -> list:
    s = c.styles
    rows = [Para("Themes and colors", s["legend-title"]), Spacer(1, s.size(4))]
    for theme in c.guide.themes:
        rows.append(c.theme_label(theme, "legend-name", size=s.size(16)))
        if theme.summary and summaries:
            p = c.para(theme.summary, "legend-summary")
            p.style = s["legend-summary"]
            rows.append(_indented(c, p, s.size(16) + 6))
        rows.append(Spacer(1, s.size(5) if summaries else 0))
    return [KeepTogether(rows)] if len(c.guide.themes) <= 8 else rows


def _indented(c: Composer, p, indent: float):
    from ..flowables import Columns

    return Columns([[], [p]], [indent, 1.0], gutter=0)
