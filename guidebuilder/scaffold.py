"""`guidebuilder new`: a starter guide folder that passes `check` and shows the whole format.

scaffold()   write GUIDE/guide.yaml (every optional key shown, commented out) and GUIDE/.schema/,
             the JSON Schemas its first line points editors at
"""
from __future__ import annotations

import json
from pathlib import Path

from .schema import MODELINE, write_schemas

SCHEMA_DIR = ".schema"

# Lines "# key: ..." (and the indented lines under them) are optional keys: delete the "# " to use
# one. Other comments are explanations. Uncommenting every optional key still gives a valid guide
# (tests/test_schema.py checks it), so the examples must stay consistent with each other.
TEMPLATE = """\
{modeline}
# $schema: {schema_path}
# A study guide for guidebuilder. Every key is explained in docs/content-format.md in the
# guidebuilder repository (and on hover, in an editor that reads the schema named above).
# Lines that start with "# key:" are optional keys: delete the "# " to use one.
# Text holding ": " or " #", or starting with a quotation mark, goes in double quotes.
format: 1
title: {title}
# subtitle: A Novel
author: {author}
# published: 1925
language: en
# unit: Chapter                 # what a chapter is called: Scene, Act, Letter, Poem ... (plural with "s")
# locator: page                 # what a quote's page counts: page (p. 35) or line (l. 73)
# cover:                         # or just the path: cover: images/cover.png
#   image: images/cover.png
#   alt: What the picture shows, for readers who cannot see it
credits: Written by ... Released under CC BY 4.0.
# background:
#   author_bio: Who wrote the work, and when.
#   historical_context: The time and place the work comes from.
#   related_works: Other books worth reading beside it.
#   key_facts:
#     Genre: Novel
#     First published: "1925"

plot_summary: |
  What happens in the whole work, in a few paragraphs.

  A blank line starts a new paragraph; *italic* and **bold** work in every long text.

themes:
  - id: first-theme
    name: The First Theme
    # color: "#1F5F99"
    # icon: compass
    summary: One line for the legend.
    analysis: |
      How the work develops this theme.

characters:
  - id: protagonist
    name: The Protagonist
    # aliases: [The Hero]
    role: major
    description: Who they are and what they want.

# symbols:
#   - id: first-symbol
#     name: The First Symbol
#     description: What it stands for.

# glossary:
#   - term: Foreshadowing
#     definition: A hint of what is to come.
#     kind: device
#     chapter: ch1
#     example: The storm in the first chapter.

chapters:
  - title: Chapter 1
    # id: ch1
    # short: "1"
    # length: 12
    # part: Volume 1
    # synopsis: One line on what happens, for the theme tracker.
    summary:
      - text: What happens first.
        analysis: Why it matters.
        themes: [first-theme]
    quotes:
      - text: "A line from the work."
        speaker: protagonist
        # characters: [protagonist]
        # symbols: [first-symbol]
        themes: [first-theme]
        # page: 1
        explanation: What the line shows.
    questions:
      - prompt: A question about the chapter.
        kind: short-answer
        # themes: [first-theme]
        # lines: 4
        answer: A model answer for the teacher edition.
    # theme_weights:
    #   first-theme: 2

# questions:
#   - prompt: A discussion question about the whole work.
#     kind: essay
#     answer: What a good answer covers.
"""


def scaffold(folder: Path, title: str, author: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    schema_path = f"{SCHEMA_DIR}/guide.schema.json"
    # JSON strings are valid YAML double-quoted scalars, so any title is kept exactly.
    text = TEMPLATE.format(modeline=MODELINE.format(schema_path), schema_path=schema_path,
                           title=json.dumps(title, ensure_ascii=False), author=json.dumps(author, ensure_ascii=False))
    write_schemas(folder / SCHEMA_DIR)
    (folder / "guide.yaml").write_text(text, encoding="utf-8")
