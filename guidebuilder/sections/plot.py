"""The plot summary of the whole work."""
from __future__ import annotations

from ..compose import Composer

TITLE = "Plot Summary"
KEY = "plot"


def present(c: Composer) -> bool:
    return bool(c.guide.plot_summary)


def build(c: Composer) -> list:
    return [c.section_title(TITLE, KEY)] + c.rich(c.guide.plot_summary)
