"""Checks on image files named in a guide, before anything tries to draw them.

check_image()   a PNG or JPEG that opens, is complete and is not a decompression bomb
check_svg()     an SVG icon that is XML with an <svg> root and reaches for no other file
proportions()   width / height of a checked image or SVG icon
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

MAX_PIXELS = 40_000_000  # a 6,000 x 6,000 photo is fine; a decompression bomb is not
MAX_SVG_BYTES = 1_000_000
_EXTERNAL = re.compile(rb"<!DOCTYPE|<!ENTITY|<image\b|<script\b|<foreignObject\b|@import|(?:xlink:)?href\s*=\s*[\"'](?!#)|url\(\s*[\"']?(?!#)", re.I)


def check_image(path: Path) -> str | None:
    """None if `path` is a usable PNG or JPEG, else what is wrong with it."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.format not in ("PNG", "JPEG"):
                    return f"expected a PNG or JPEG image, found {im.format or 'another format'}"
                if im.width * im.height > MAX_PIXELS:
                    return f"image is {im.width} x {im.height} pixels; the limit is {MAX_PIXELS:,} pixels"
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "image is too large to open safely (decompression bomb?)"
    except (OSError, SyntaxError, ValueError) as exc:
        reason = str(exc).split("\n")[0] or "cannot be read"
        if "cannot identify" in reason:
            reason = "not a PNG or JPEG image"
        return f"not a readable image ({reason})"
    return None


def check_svg(path: Path) -> str | None:
    """None if `path` is an SVG icon we can draw safely, else what is wrong with it."""
    data = path.read_bytes()
    if len(data) > MAX_SVG_BYTES:
        return f"SVG icon is larger than {MAX_SVG_BYTES:,} bytes"
    match = _EXTERNAL.search(data)
    if match:
        return f"SVG icons may not contain {match.group(0).decode('utf-8', 'replace').strip()!r} (no external files, entities or scripts)"
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"not a valid SVG file ({exc})"
    if not root.tag.endswith("svg"):
        return "not an SVG file (its root element is not <svg>)"
    if not _has_size(root.get("viewBox"), root.get("width"), root.get("height")):
        return 'an SVG icon needs a size: give its <svg> a viewBox such as viewBox="0 0 24 24"'
    try:  # the same reading the renderer does, so that it cannot fail later
        drawing = _svg_drawing(str(path))
    except Exception as exc:  # noqa: BLE001 - svglib raises many kinds on odd SVG
        return f"not an SVG we can draw ({type(exc).__name__}: {str(exc).splitlines()[0][:80] if str(exc) else 'no details'})"
    if drawing is None or not (drawing.width > 0 and drawing.height > 0):
        return 'an SVG icon needs a size: give its <svg> a viewBox such as viewBox="0 0 24 24"'
    return None


@lru_cache(maxsize=64)
def _svg_drawing(path: str):
    """An SVG read once per load by svglib, for its check and then its proportions."""
    from svglib.svglib import svg2rlg

    return svg2rlg(path)


def proportions(path: Path) -> float:
    """Width over height of an image or SVG icon that passed its check."""
    if path.suffix.lower() == ".svg":
        drawing = _svg_drawing(str(path))
        return drawing.width / drawing.height
    from PIL import Image

    with Image.open(path) as im:
        return im.width / im.height


_NUMBER = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)")


def _has_size(view_box: str | None, width: str | None, height: str | None) -> bool:
    """A viewBox with positive width and height, or positive width and height attributes."""
    if view_box:
        parts = view_box.replace(",", " ").split()
        try:
            return len(parts) == 4 and float(parts[2]) > 0 and float(parts[3]) > 0
        except ValueError:
            return False
    sizes = [_NUMBER.match(v or "") for v in (width, height)]
    return all(m is not None and float(m.group(1)) > 0 for m in sizes)
