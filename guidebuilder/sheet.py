"""`guidebuilder icons --sheet`: every built-in icon at 48, 16 and 8 pt on one page."""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from . import fonts
from .icons import draw_icon
from .palette import PALETTE
from .render import write_atomically


def icon_sheet(out: Path, names: list[str]) -> None:
    import io

    fonts.register()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(612, 792), invariant=1)
    c.setTitle("guidebuilder built-in icons")
    c.setCreator("guidebuilder")
    c.setProducer("guidebuilder")
    cols, cell_w, cell_h = 5, 108, 100
    for i, name in enumerate(names):
        row, col = divmod(i, cols)
        x, y = 36 + col * cell_w, 792 - 40 - (row + 1) * cell_h
        color = PALETTE[i % len(PALETTE)]
        draw_icon(c, name, color, x, y + 30, 48)
        draw_icon(c, name, color, x + 56, y + 50, 16)
        draw_icon(c, name, "#000000", x + 78, y + 54, 8)
        c.setFont(fonts.SANS, 8)
        c.drawString(x, y + 16, name)
    c.showPage()
    c.save()
    write_atomically(out, buffer.getvalue())
