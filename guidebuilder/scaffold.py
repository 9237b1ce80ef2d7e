"""`guidebuilder new`: a starter guide folder that passes `check` and shows the format."""
from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = """\
# A guidebuilder study guide. The format is described in CONTENT-FORMAT.md.
format: 1
title: {title}
author: {author}
language: en
# cover: {{image: images/cover.png, alt: What the cover picture shows (for screen readers)}}
credits: Written by ... Released under CC BY 4.0.

plot_summary: |
  What happens in the whole work, in a few paragraphs.

themes:
  - id: first-theme
    name: The First Theme
    summary: One line for the legend.
    analysis: |
      How the work develops this theme.

characters:
  - id: protagonist
    name: The Protagonist
    role: major
    description: Who they are and what they want.

chapters:
  - title: Chapter 1
    summary:
      - text: What happens first.
        analysis: Why it matters.
        themes: [first-theme]
    quotes:
      - text: "A line from the work."
        speaker: protagonist
        themes: [first-theme]
        explanation: What the line shows.
    questions:
      - prompt: A question about the chapter.
        kind: short-answer
        answer: A model answer for the teacher edition.
"""


def scaffold(folder: Path, title: str, author: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # JSON strings are valid YAML double-quoted scalars, so any title is kept exactly.
    text = TEMPLATE.format(title=json.dumps(title, ensure_ascii=False), author=json.dumps(author, ensure_ascii=False))
    (folder / "guide.yaml").write_text(text, encoding="utf-8")
