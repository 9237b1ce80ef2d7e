"""Theme icons: built-in SVGs from assets/icons, or a guide's own SVG or PNG, drawn in a color.

icon_dir()      where the built-in SVG icons are (package data in an installed wheel)
builtin_names() the names of the built-in icons, from the files present
draw_icon()     draw a theme's icon on a canvas at a size, in its color (gray when asked)

The built-in icons come from icons_baked.py (made by `python -m guidebuilder.iconbake`): each as
the operators of its PDF form, in pieces to be joined by its color, so a build neither parses SVG
nor walks a drawing (8 ms of each process's build, 2% of a short guide). A guide's own SVG icon,
or a built-in one changed since it was baked, goes through svglib and ReportLab's renderPDF.
ReportLab is imported only when something is drawn: listing icons needs none of it.
"""
from __future__ import annotations

import copy
import hashlib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def icon_dir() -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "assets" / "icons"
    return installed if installed.is_dir() else here.parent / "assets" / "icons"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in icon_dir().glob("*.svg"))


@lru_cache(maxsize=None)  # resolving paths for every icon drawn took 5% of a build
def _source(icon: str) -> Path:
    return Path(icon) if ("/" in icon or "\\" in icon) else icon_dir() / f"{icon}.svg"


@lru_cache(maxsize=None)
def _digest(path: str) -> str:
    """Names the icon by its content, not its path: the same guide gives the same bytes wherever
    it and guidebuilder are installed."""
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=None)
def _baked(path: str):
    """(width, height, form pieces) of a built-in icon, or None (not built in, or its SVG has
    changed since it was baked)."""
    file = Path(path)
    if file.parent != icon_dir():
        return None
    from .icons_baked import ICONS

    entry = ICONS.get(file.stem)
    if entry is None or entry[0] != hashlib.sha1(file.read_bytes()).hexdigest():
        return None
    return entry[1:]


@lru_cache(maxsize=None)
def _drawing(path: str):
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(path)
    if drawing is None:
        raise ValueError(f"cannot draw the SVG icon {path}")
    return drawing


def _is_white(c) -> bool:
    return c is not None and getattr(c, "red", 0) > 0.95 and getattr(c, "green", 0) > 0.95 and getattr(c, "blue", 0) > 0.95


def _recolor(node, color) -> None:
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if value is not None and not _is_white(value):
            setattr(node, attr, color)
    for child in getattr(node, "contents", ()):
        _recolor(child, color)


@lru_cache(maxsize=512)
def _colored(path: str, hex_color: str):
    from reportlab.lib import colors

    drawing = copy.deepcopy(_drawing(path))
    _recolor(drawing, colors.HexColor(hex_color))
    return drawing


@lru_cache(maxsize=64)
def _raster(path: str, gray: bool):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(path) as im:
        im = im.convert("LA" if gray else "RGBA")
        im.load()
    return ImageReader(im)


def draw_icon(canv, icon: str, hex_color: str, x: float, y: float, size: float, gray: bool = False) -> None:
    """Draw `icon` with its lower-left corner at (x, y), `size` points square."""
    path = _source(icon)
    if path.suffix.lower() != ".svg":  # a PNG or JPEG the loader has checked
        canv.drawImage(_raster(str(path), gray), x, y, size, size, mask="auto", preserveAspectRatio=True, anchor="c")
        return
    name = f"icon-{_digest(str(path))}-{hex_color.lstrip('#')}"
    baked = _baked(str(path))
    if baked is not None:
        width, height, pieces = baked
    else:
        drawing = _colored(str(path), hex_color)
        width, height = drawing.width, drawing.height
    if not canv.hasForm(name):
        canv.beginForm(name, 0, 0, width, height)
        if baked is not None:
            canv._code.append(color_operands(hex_color).join(pieces))
            canv._doc.ensureMinPdfVersion("transparency")  # as renderPDF's opacity of 1 does
        else:
            from reportlab.graphics import renderPDF

            renderPDF.draw(drawing, canv, 0, 0, showBoundary=False)
        canv.endForm()
    scale = size / max(width, height)
    canv.saveState()
    canv.translate(x + (size - width * scale) / 2, y + (size - height * scale) / 2)
    canv.scale(scale, scale)
    canv.doForm(name)
    canv.restoreState()


@lru_cache(maxsize=512)
def color_operands(hex_color: str) -> str:
    """The operands with which ReportLab sets a color (`r g b` of `r g b rg`): a baked icon's form is
    its pieces joined by those of its color."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.rl_accel import fp_str

    color = HexColor(hex_color)
    return fp_str(color.red, color.green, color.blue)
