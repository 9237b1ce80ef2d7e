"""The cover, on one left-hand axis: the title block (kind, title, subtitle, author and year), the
teacher edition's badge, the cover image, and at the foot of the page the theme legend as a grid
of tiles (icon, name, one-line summary) and the credits."""
from __future__ import annotations

import io

from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Spacer

from ..compose import Composer
from ..flowables import AtFoot, Badge, FitImage, Para, Rule, Tiles, stack_height

TITLE = "Cover"
TILES_ON_THE_COVER = 12  # more themes: the legend flows on after the cover's foot


def build(c: Composer) -> list:
    g, s = c.guide, c.styles
    roomy = not (c.options.large_print or c.options.booklet or g.cover is not None)  # else the page needs the room
    out: list = [Spacer(1, (1.1 if roomy else 0.3) * inch), _title(c)]
    if g.subtitle:
        out.append(c.para(g.subtitle, "cover-subtitle"))
    byline = g.author + (f", {g.published}" if g.published else "")
    out.append(c.para(byline, "cover-author"))
    out.append(Rule(s.size(72), s.size(3), s.color("accent"), space_before=s.size(16)))
    if c.options.teacher:
        out.append(Badge("TEACHER EDITION \u00b7 contains answers", s["cover-edition"], s.color("answer"),
                         s.color("paper"), space_before=s.size(14)))
    credits = [c.para(g.credits, "cover-credits")] if g.credits else []
    if c.options.large_print and g.cover is not None:  # with a picture the legend takes a page of its own
        foot, after = credits, [PageBreak()] + _legend(c)
    elif c.options.large_print:  # the themes' names only (their summaries open the theme pages): one page
        foot, after = _legend(c, summaries=False) + credits, []
    elif len(g.themes) <= TILES_ON_THE_COVER:
        foot, after = _legend(c) + credits, []
    else:
        foot, after = credits, _legend(c)
    if g.cover is not None:
        # what stands at the foot stays on the cover: the image shrinks to make room
        reserve = stack_height(foot, s.geometry.frame[2]) + s.size(36)
        out += [Spacer(1, s.size(18)), _cover_image(c, reserve)]
    if foot:
        out.append(Spacer(1, 18))
        fits = stack_height(foot, s.geometry.frame[2]) <= s.geometry.frame[3] * 0.75
        out += [AtFoot(foot)] if fits else foot  # absurdly long names: the legend flows on
    return out + after


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
    img.hAlign = "LEFT"
    return img


def _legend(c: Composer, summaries: bool = True) -> list:
    """"Themes", then a tile per theme: its icon and name in its color, its summary below."""
    s = c.styles
    tiles = []
    for theme in c.guide.themes:
        tile = [c.theme_label(theme, "legend-name", size=s.size(16))]
        if theme.summary and summaries:
            tile.append(c.para(theme.summary, "legend-summary"))
        tiles.append(tile)
    columns = 1 if (c.options.large_print and summaries) or s.geometry.frame[2] < s.size(280) else 2
    title = Para("Themes" if c.gray else "Themes and colors", s["legend-title"])
    width = s.geometry.frame[2] / columns
    if any(stack_height(tile, width) > s.geometry.frame[3] / 3 for tile in tiles):  # a tile cannot split
        return [title] + [f for tile in tiles for f in tile]
    pad = 8 if c.options.large_print else s.size(8)  # large print: the type grows, not the padding
    return [title, Tiles(tiles, columns, gutter=pad, pad=pad, background=s.color("tint"))]
