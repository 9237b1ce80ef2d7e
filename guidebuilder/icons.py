"""Theme icons: built-in SVGs from assets/icons, or a guide's own SVG or PNG, drawn in a color.

icon_dir()      where the built-in SVG icons are (package data in an installed wheel)
builtin_names() the names of the built-in icons, from the files present
draw_icon()     draw a theme's icon on a canvas at a size, in its color (gray when asked)

The built-in icons come from icons_baked.py (drawing data made by `python -m guidebuilder.iconbake`),
so a build neither imports svglib nor parses their SVGs; a guide's own SVG icon goes through
svglib. ReportLab is imported only when something is drawn: listing icons needs none of it.
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


def _rebuild(tree):
    """A ReportLab drawing from baked data: the same class and attributes svglib gave it."""
    from reportlab.graphics import shapes
    from reportlab.lib.colors import Color

    def value(v):
        if isinstance(v, tuple) and v[:1] == ("color",):
            return Color(*v[1:])
        return type(v)(value(x) for x in v) if isinstance(v, (list, tuple)) else v

    name, attrs, children = tree
    cls = getattr(shapes, name)
    node = cls() if name in ("Drawing", "Group") else cls.__new__(cls)
    node.__dict__.update({k: value(v) for k, v in attrs.items()})
    if children or name in ("Drawing", "Group"):
        node.__dict__["contents"] = [_rebuild(c) for c in children]
    return node


def _baked(path: str):
    """The baked drawing of a built-in icon, or None (not built in, or its SVG has changed)."""
    file = Path(path)
    if file.parent != icon_dir():
        return None
    from .icons_baked import ICONS

    entry = ICONS.get(file.stem)
    if entry is None or entry[0] != hashlib.sha1(file.read_bytes()).hexdigest():
        return None
    return _rebuild(entry[1])


@lru_cache(maxsize=None)
def _drawing(path: str):
    drawing = _baked(path)
    if drawing is not None:
        return drawing
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
    drawing = _colored(str(path), hex_color)
    name = f"icon-{_digest(str(path))}-{hex_color.lstrip('#')}"
    if not canv.hasForm(name):
        from reportlab.graphics import renderPDF

        canv.beginForm(name, 0, 0, drawing.width, drawing.height)
        renderPDF.draw(drawing, canv, 0, 0, showBoundary=False)
        canv.endForm()
    scale = size / max(drawing.width, drawing.height)
    canv.saveState()
    canv.translate(x + (size - drawing.width * scale) / 2, y + (size - drawing.height * scale) / 2)
    canv.scale(scale, scale)
    canv.doForm(name)
    canv.restoreState()
