"""The one-theme handout's body: the theme's page at the top level (icon, name, analysis,
tracker across every chapter, its quotes by chapter)."""
from __future__ import annotations

from ..compose import Composer
from .themes import theme_page

TITLE = "Theme"


def build(c: Composer) -> list:
    return theme_page(c, c.theme(c.options.theme), level=0)
