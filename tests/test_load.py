"""How a guide folder is read and validated into the model, and how its mistakes are reported."""
from __future__ import annotations

import textwrap

import pytest

from guidebuilder import model
from guidebuilder.errors import ContentError
from guidebuilder.load import load_guide
from guidebuilder.model import Passage
from guidebuilder.palette import ICON_NAMES, PALETTE

GUIDE_HEAD = """\
title: Frankenstein
author: Mary Shelley
"""

THEMES = """\
themes:
  - id: ambition
    name: Ambition
"""

CHAPTERS = """\
chapters:
  - title: Letter 1
"""


def guide(*parts: str) -> str:
    """guide.yaml text from parts, each dedented on its own."""
    return "".join(textwrap.dedent(p) for p in parts)


def problems(folder) -> list[str]:
    """Every problem line load_guide reports for `folder` (it must fail)."""
    with pytest.raises(ContentError) as info:
        load_guide(folder)
    return [str(p) for p in info.value.problems]


def only_problem(folder) -> str:
    found = problems(folder)
    assert len(found) == 1, found
    return found[0]


# -- a valid guide ------------------------------------------------------------------------------

def test_split_guide_with_chapters_folder_loads(make_guide):
    files = {
        # written out of order, so the order can only come from the file names
        "chapters/03-walton.yaml": "title: Walton's Last Letter\n",
        "chapters/01-letter.yaml": """\
            title: Letter 1
            summary: |
              Robert Walton writes to his sister from *St. Petersburg*.

              He longs for the pole.
            """,
        "chapters/02-chapter.yaml": """\
            title: Chapter 1
            summary:
              - text: Victor tells his story.
                themes: [ambition]
            """,
        "guide.yaml": GUIDE_HEAD + "published: 1818\n",
        "themes.yaml": """\
            - id: ambition
              name: Ambition and Dangerous Knowledge
            """,
        "characters.yaml": """\
            - id: walton
              name: Robert Walton
            """,
    }
    guide = load_guide(make_guide(files))
    assert guide.title == "Frankenstein" and guide.author == "Mary Shelley"
    assert [t.name for t in guide.themes] == ["Ambition and Dangerous Knowledge"]
    assert [c.name for c in guide.characters] == ["Robert Walton"]
    assert [c.title for c in guide.chapters] == ["Letter 1", "Chapter 1", "Walton's Last Letter"]
    assert [c.position for c in guide.chapters] == [1, 2, 3]


def test_summary_as_one_rich_text_is_one_passage(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, """\
        chapters:
          - title: Letter 1
            summary: |
              Walton writes to his sister.

              He longs for the *pole*.
        """)})
    (chapter,) = load_guide(folder).chapters
    assert chapter.passages == (Passage("Walton writes to his sister.\n\nHe longs for the *pole*.\n"),)


def test_text_values_keep_their_source_text(make_guide):
    folder = make_guide({"guide.yaml": """\
        title: no
        author: Anonymous
        published: 2001-01-01
        themes:
          - id: time
            name: 1:20
        chapters:
          - title: yes
            short: 1:20
            quotes:
              - text: "Late."
                page: 012
        """})
    guide = load_guide(folder)
    assert guide.title == "no"
    assert guide.published == "2001-01-01"
    assert guide.themes[0].name == "1:20"
    assert guide.chapters[0].title == "yes"
    assert guide.chapters[0].short == "1:20"
    assert guide.chapters[0].quotes[0].page == "012"


def test_chapters_get_default_ids_and_short_labels(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, """\
        chapters:
          - title: Letter 1
          - title: Letter 2
            id: second-letter
            short: L2
          - title: Chapter 1
        """)})
    chapters = load_guide(folder).chapters
    assert [c.id for c in chapters] == ["ch1", "second-letter", "ch3"]
    assert [c.short for c in chapters] == ["1", "L2", "3"]


def test_themes_without_colors_take_the_palette_in_order(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - {id: a, name: A}
          - {id: b, name: B}
          - {id: c, name: C}
        """)})
    themes = load_guide(folder).themes
    assert [t.color for t in themes] == list(PALETTE[:3])
    assert [t.icon for t in themes] == list(ICON_NAMES[:3])


def test_default_colors_skip_only_colors_other_themes_name(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, f"""\
        themes:
          - {{id: a, name: A, color: "#B03A2E"}}
          - {{id: b, name: B}}
          - {{id: c, name: C, color: "{PALETTE[1].lower()}"}}
          - {{id: d, name: D}}
        """)})
    themes = load_guide(folder).themes
    # b takes the first palette color; d the next one that c (case aside) does not name
    assert [t.color for t in themes] == ["#B03A2E", PALETTE[0], PALETTE[1], PALETTE[2]]


def test_default_icons_skip_only_icons_other_themes_name(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, f"""\
        themes:
          - {{id: a, name: A, icon: flame}}
          - {{id: b, name: B}}
          - {{id: c, name: C, icon: {ICON_NAMES[1]}}}
          - {{id: d, name: D}}
        """)})
    themes = load_guide(folder).themes
    assert [t.icon for t in themes] == ["flame", ICON_NAMES[0], ICON_NAMES[1], ICON_NAMES[2]]


def test_degree_counts_tagged_passages_and_quotes(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, """\
        themes:
          - {id: ambition, name: Ambition}
          - {id: nature, name: Nature}
          - {id: family, name: Family}
        chapters:
          - title: Letter 1
            summary:
              - {text: One., themes: [ambition, nature]}
              - {text: Two., themes: [ambition]}
            quotes:
              - {text: Three., themes: [ambition]}
              - {text: Four., themes: [nature]}
        """)})
    (chapter,) = load_guide(folder).chapters
    assert model.degree(chapter, "ambition") == 3
    assert model.degree(chapter, "nature") == 2
    assert model.degree(chapter, "family") == 0


def test_theme_weights_override_the_derived_degree(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, """\
        themes:
          - {id: ambition, name: Ambition}
          - {id: nature, name: Nature}
        chapters:
          - title: Letter 1
            summary:
              - {text: One., themes: [ambition, nature]}
            quotes:
              - {text: Two., themes: [ambition]}
            theme_weights:
              ambition: 0
              nature: 2.5
        """)})
    (chapter,) = load_guide(folder).chapters
    assert model.degree(chapter, "ambition") == 0
    assert model.degree(chapter, "nature") == 2.5


# -- one mistake, one located message -------------------------------------------------------------

def test_missing_required_top_level_key(make_guide):
    folder = make_guide({"guide.yaml": "title: Frankenstein\n" + THEMES + CHAPTERS})
    assert only_problem(folder) == "g/guide.yaml:1:1: error: missing required key 'author'"


def test_missing_required_key_in_a_theme(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - id: ambition
            color: "#B03A2E"
        """)})
    assert only_problem(folder) == "g/guide.yaml:6:5: error: themes[0]: missing required key 'name'"


def test_wrong_type_for_a_text(make_guide):
    folder = make_guide({"guide.yaml": "title: [Frankenstein, 1818]\nauthor: Mary Shelley\n" + THEMES + CHAPTERS})
    assert only_problem(folder) == "g/guide.yaml:1:8: error: title: expected text, found a list"


def test_wrong_type_for_a_number(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, """\
        chapters:
          - title: Letter 1
            length: long
        """)})
    assert only_problem(folder) == "g/guide.yaml:8:13: error: chapters[0].length: expected a number, found 'long'"


def test_bad_id_slug(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - id: Big_Ideas
            name: Big Ideas
        """)})
    line = only_problem(folder)
    assert line.startswith("g/guide.yaml:6:9: error: themes[0].id: 'Big_Ideas' is not a valid id")


def test_unknown_theme_reference_suggests_the_closest_id(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, """\
        chapters:
          - title: Letter 1
            summary:
              - text: Walton sets out.
                themes: [ambtion]
        """)})
    assert only_problem(folder) == ("g/guide.yaml:10:18: error: chapters[0].summary[0].themes[0]: "
                                    "unknown theme 'ambtion'; did you mean 'ambition'? (themes: ambition)")


def test_unknown_character_in_a_chapter_file_names_that_file(make_guide):
    folder = make_guide({
        "guide.yaml": GUIDE_HEAD + THEMES + "characters:\n  - {id: walton, name: Robert Walton}\n",
        "chapters/01.yaml": """\
            title: Letter 1
            quotes:
              - text: I shall satiate my ardent curiosity.
                speaker: waltn
            """,
    })
    assert only_problem(folder) == ("g/chapters/01.yaml:4:14: error: chapters[0].quotes[0].speaker: "
                                    "unknown character 'waltn'; did you mean 'walton'? (characters: walton)")


def test_unknown_theme_in_theme_weights(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, """\
        chapters:
          - title: Letter 1
            theme_weights:
              ambitio: 2
        """)})
    assert only_problem(folder) == ("g/guide.yaml:9:7: error: chapters[0].theme_weights.ambitio: "
                                    "unknown theme 'ambitio'; did you mean 'ambition'? (themes: ambition)")


def test_unknown_chapter_in_the_glossary(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, CHAPTERS, """\
        glossary:
          - term: Epistolary novel
            definition: A novel told in letters.
            chapter: ch2
        """)})
    assert only_problem(folder) == "g/guide.yaml:11:14: error: glossary[0].chapter: unknown chapter 'ch2'; did you mean 'ch1'? (chapters: ch1)"


def test_duplicate_theme_id_is_located_at_the_second_definition(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - id: ambition
            name: Ambition
          - id: ambition
            name: Knowledge
        """)})
    assert only_problem(folder).startswith("g/guide.yaml:8:9: error: themes[1].id: the theme id 'ambition' is defined twice")


def test_unknown_key_typo_suggests_the_known_key(make_guide):
    folder = make_guide({"guide.yaml": "titel: Frankenstein\nauthor: Mary Shelley\n" + THEMES + CHAPTERS})
    found = problems(folder)
    assert "g/guide.yaml:1:1: error: titel: unknown key 'titel'; did you mean 'title'?" in found
    assert found == sorted(found, key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


def test_unknown_key_in_a_chapter(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, """\
        chapters:
          - title: Letter 1
            lenght: 5
        """)})
    assert only_problem(folder) == "g/guide.yaml:8:5: error: chapters[0].lenght: unknown key 'lenght'; did you mean 'length'?"


def test_bad_color(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - id: ambition
            name: Ambition
            color: "red"
        """)})
    line = only_problem(folder)
    assert line.startswith("g/guide.yaml:8:12: error: themes[0].color: 'red' is not a color")
    assert "#RRGGBB" in line


def test_short_hex_color_is_not_accepted(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - {id: ambition, name: Ambition, color: "#B03"}
        """)})
    assert "themes[0].color: '#B03' is not a color" in only_problem(folder)


def test_duplicate_key(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + "title: The Modern Prometheus\n" + THEMES + CHAPTERS})
    assert "g/guide.yaml:3:1: error: title: duplicate key 'title' (first given at line 1)" in problems(folder)


def test_duplicate_key_is_the_only_problem_reported(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + "title: The Modern Prometheus\n" + THEMES + CHAPTERS})
    assert problems(folder) == ["g/guide.yaml:3:1: error: title: duplicate key 'title' (first given at line 1)"]


def test_invalid_yaml_in_a_chapter_file_is_located(make_guide):
    folder = make_guide({
        "guide.yaml": GUIDE_HEAD + THEMES,
        "chapters/01.yaml": "title: Letter 1\nsummary: [unclosed\n",
    })
    line = only_problem(folder)
    assert line.startswith("g/chapters/01.yaml:") and ": error: invalid YAML" in line


def test_duplicate_key_in_a_chapter_file(make_guide):
    folder = make_guide({
        "guide.yaml": GUIDE_HEAD + THEMES,
        "chapters/01.yaml": "title: Letter 1\nshort: L1\nshort: L2\n",
    })
    assert only_problem(folder) == "g/chapters/01.yaml:3:1: error: chapters[0].short: duplicate key 'short' (first given at line 2)"


@pytest.mark.parametrize("files, where, other", [
    ({"guide.yaml": GUIDE_HEAD + THEMES + CHAPTERS, "themes.yaml": "- {id: nature, name: Nature}\n"},
     "g/guide.yaml:3:1: error: themes: ", "g/themes.yaml"),
    ({"guide.yaml": GUIDE_HEAD + THEMES + CHAPTERS, "chapters/01.yaml": "title: Letter 2\n"},
     "g/guide.yaml:6:1: error: chapters: ", "g/chapters"),
    ({"guide.yaml": GUIDE_HEAD + THEMES, "chapters.yaml": "- title: Letter 1\n", "chapters/01.yaml": "title: Letter 2\n"},
     "g/chapters.yaml:1:1: error: chapters: ", "g/chapters"),
], ids=["key-and-file", "key-and-folder", "file-and-folder"])
def test_content_given_in_two_places(make_guide, files, where, other):
    line = only_problem(make_guide(files))
    assert line.startswith(where), line
    assert "given both" in line and other in line


def test_unknown_format_version(make_guide):
    folder = make_guide({"guide.yaml": "format: 2\n" + GUIDE_HEAD + THEMES + CHAPTERS})
    line = only_problem(folder)
    assert line.startswith("g/guide.yaml:1:9: error: format: unknown format version 2")


def test_path_that_leaves_the_guide_folder(make_guide, tmp_path):
    from PIL import Image

    Image.new("RGB", (4, 4), "red").save(tmp_path / "x.png")  # it exists: the only fault is where it is
    folder = make_guide({"guide.yaml": GUIDE_HEAD + "cover: ../x.png\n" + THEMES + CHAPTERS})
    line = only_problem(folder)
    assert line.startswith("g/guide.yaml:3:8: error: cover: ")
    assert "outside the guide folder" in line


def test_absolute_path_outside_the_guide_folder(make_guide, tmp_path):
    from PIL import Image

    Image.new("RGB", (4, 4), "red").save(tmp_path / "x.png")
    folder = make_guide({"guide.yaml": GUIDE_HEAD + f"cover: {tmp_path / 'x.png'}\n" + THEMES + CHAPTERS})
    line = only_problem(folder)
    assert line.startswith("g/guide.yaml:3:8: error: cover: ") and "outside the guide folder" in line


def test_cover_that_is_text_named_png(make_guide):
    folder = make_guide({
        "guide.yaml": GUIDE_HEAD + "cover: images/cover.png\n" + THEMES + CHAPTERS,
        "images/cover.png": "this is not a picture\n",
    })
    line = only_problem(folder)
    assert line.startswith("g/guide.yaml:3:8: error: cover: 'images/cover.png': ")
    assert "not a readable image" in line


def test_cover_that_is_a_real_png_loads(make_guide, tmp_path):
    from PIL import Image

    folder = make_guide({"guide.yaml": GUIDE_HEAD + "cover: images/cover.png\n" + THEMES + CHAPTERS})
    (tmp_path / "g" / "images").mkdir()
    Image.new("RGB", (8, 6), "blue").save(tmp_path / "g" / "images" / "cover.png")
    assert load_guide(folder).cover == (tmp_path / "g" / "images" / "cover.png").resolve()


# -- every mistake of a run at once ---------------------------------------------------------------

def test_all_errors_are_reported_together_sorted_by_file_and_line(make_guide):
    folder = make_guide({
        "guide.yaml": "format: 2\n" + GUIDE_HEAD,
        "themes.yaml": """\
            - id: ambition
              name: Ambition
              color: blue
            """,
        "chapters/01.yaml": """\
            title: Letter 1
            lenght: 5
            """,
    })
    found = problems(folder)
    assert len(found) == 3, found
    assert [line.split(": error: ")[0] for line in found] == [
        "g/chapters/01.yaml:2:1", "g/guide.yaml:1:9", "g/themes.yaml:3:10"]
    assert "unknown key 'lenght'" in found[0]
    assert "unknown format version 2" in found[1]
    assert "'blue' is not a color" in found[2]


def test_errors_in_one_file_are_sorted_by_line(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, """\
        themes:
          - {id: b, name: B, color: nope}
          - {id: Bad, name: Bad}
        chapters:
          - title: One
            length: -3
        """)})
    found = problems(folder)
    assert len(found) == 3, found
    lines = [int(line.split(":")[1]) for line in found]
    assert lines == [4, 5, 8]


def test_duplicate_key_does_not_hide_other_files_errors(make_guide):
    folder = make_guide({
        "guide.yaml": GUIDE_HEAD + THEMES + "subtitel: A Tale\n",
        "chapters/01.yaml": "title: Letter 1\nshort: L1\nshort: L2\n",
    })
    found = problems(folder)
    assert len(found) == 2, found
    assert "duplicate key 'short'" in found[0]
    assert "unknown key 'subtitel'" in found[1]


def test_printable_escapes_what_would_reach_the_terminal():
    from guidebuilder.errors import printable

    assert printable("ti\x1b[31mtle\x0b\u202e\n") == "ti\\x1b[31mtle\\x0b\\u202e\\n"
    assert printable("Tomás — “ok”") == "Tomás — “ok”"


# -- mistakes found by reading the contracts line by line ------------------------------------------

@pytest.mark.parametrize("word", ["null", "~", "Null"])
def test_a_text_field_takes_null_as_the_word_written(make_guide, word):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, CHAPTERS, f"""\
        glossary:
          - term: {word}
            definition: A word that means nothing.
        """)})
    assert load_guide(folder).glossary[0].term == word


def test_null_where_a_list_is_wanted_is_nothing(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, CHAPTERS, "symbols: ~\ncharacters: null\n")})
    g = load_guide(folder)
    assert g.symbols == () and g.characters == ()


def test_a_theme_weight_without_a_value_is_an_error(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, """\
        chapters:
          - title: Letter 1
            theme_weights:
              ambition:
        """)})
    assert only_problem(folder) == ("g/guide.yaml:9:7: error: chapters[0].theme_weights.ambition: "
                                    "'ambition' has no value: expected a number >= 0")


def test_an_empty_icon_is_an_error_not_a_crash(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - id: ambition
            name: Ambition
            icon:
        """)})
    assert only_problem(folder).startswith("g/guide.yaml:8:5: error: themes[0].icon: 'icon' has no value")


@pytest.mark.parametrize("svg", ['<svg xmlns="http://www.w3.org/2000/svg"/>',
                                 '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 24"><path d="M0 0"/></svg>'])
def test_an_svg_icon_without_a_size_is_an_error_not_a_crash(make_guide, svg):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - id: ambition
            name: Ambition
            icon: images/e.svg
        """), "images/e.svg": svg})
    assert "themes[0].icon: 'images/e.svg': an SVG icon needs a size" in only_problem(folder)


def test_a_duplicate_key_in_a_split_file_names_its_key_path(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + THEMES + CHAPTERS,
                         "symbols.yaml": "- id: lamp\n  name: Lamp\n- id: sea\n  name: Sea\n  name: Ocean\n"})
    assert only_problem(folder) == "g/symbols.yaml:5:3: error: symbols[1].name: duplicate key 'name' (first given at line 4)"


def test_a_folder_named_like_a_chapter_file_is_an_error(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + THEMES, "chapters/01.yaml": "title: Letter 1\n"})
    (folder / "chapters" / "02.yaml").mkdir()
    assert only_problem(folder) == "g/chapters/02.yaml:1:1: error: chapters: g/chapters/02.yaml is a folder, not a chapter file"


def test_chapter_files_are_found_whatever_the_case_of_their_extension(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + THEMES, "chapters/01.yaml": "title: Letter 1\n",
                         "chapters/02.YAML": "title: Letter 2\n", "chapters/03.yml": "title: Letter 3\n"})
    assert [c.title for c in load_guide(folder).chapters] == ["Letter 1", "Letter 2", "Letter 3"]


def test_a_misspelt_split_file_is_warned_about(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + THEMES + CHAPTERS,
                         "glosary.yaml": "- term: Frame\n  definition: A story around a story.\n"})
    g = load_guide(folder)
    assert g.glossary == ()
    assert [(src.file, message.split(";")[1].split("?")[0]) for src, message in g.warnings] == [
        ("g/glosary.yaml", " did you mean 'glossary.yaml'")]


def test_a_syntax_error_in_guide_yaml_does_not_hide_mistakes_in_other_files(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + CHAPTERS + "bad: [\n",
                         "themes.yaml": '- id: ambition\n  name: Ambition\n  color: "#12345"\n'})
    found = problems(folder)
    assert [line.split(": error:")[0] for line in found] == ["g/guide.yaml:6:1", "g/themes.yaml:3:10"], found


def test_files_outside_the_current_folder_are_named_relative_to_it(make_guide, tmp_path, monkeypatch):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + CHAPTERS + "themes: []\n"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert only_problem(tmp_path / folder).startswith("../g/guide.yaml:")


@pytest.mark.parametrize("icon, size, warned", [("thin.png", (400, 20), "20 times as wide"),
                                               ("tall.png", (30, 120), "4 times as tall"),
                                               ("fine.png", (60, 40), None)])
def test_an_icon_far_from_square_is_warned_about(make_guide, icon, size, warned):
    from PIL import Image

    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, f"""\
        themes:
          - id: ambition
            name: Ambition
            icon: {icon}
        """)})
    Image.new("RGB", size, (200, 30, 30)).save(folder / icon)
    messages = [(src.line, message) for src, message in load_guide(folder).warnings]
    if warned:
        assert len(messages) == 1 and messages[0][0] == 8 and warned in messages[0][1], messages
    else:
        assert messages == []


# -- YAML that parses but does not say what the teacher meant: warnings ------------------------

def test_text_cut_off_by_a_comment_is_warned_about(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, CHAPTERS, """\
        questions:
          - prompt: Where is the chair? #2 on the quiz
          - prompt: Who hears the heart?  # a comment of the teacher's own, set off by two spaces
          - prompt: "Where is the #3 chair?"
        """)})
    g = load_guide(folder)
    assert [q.prompt for q in g.questions] == ["Where is the chair?", "Who hears the heart?", "Where is the #3 chair?"]
    assert [(src.line, src.col) for src, _ in g.warnings] == [(9, 33)], g.warnings
    assert "put the whole value in double quotes" in g.warnings[0][1]


def test_a_key_indented_into_block_text_is_warned_about(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, CHAPTERS, """\
        themes:
          - id: ambition
            name: Ambition
            analysis: >
              Walton wants to prove it.
              icon: eye
              Note: this line is text and stays text.
        """)})
    g = load_guide(folder)
    assert g.themes[0].analysis.endswith("icon: eye Note: this line is text and stays text.\n")
    assert [(src.line, src.col) for src, _ in g.warnings] == [(10, 7)], g.warnings
    assert "'icon:' is indented deeper than 'analysis:'" in g.warnings[0][1]
    assert "indent it like 'analysis:'" in g.warnings[0][1]


def test_a_quoted_number_says_to_drop_the_quotes(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, CHAPTERS, """\
        questions:
          - prompt: Why?
            lines: "5"
        """)})
    assert "drop the quotes" in only_problem(folder)


# -- errors in order of cause ------------------------------------------------------------------

CHAPTER_TAGGED = """\
chapters:
  - title: Part 1
    summary:
      - text: The old man's eye.
        themes: [guilt]
      - text: The lantern.
        themes: [guilt]
"""


@pytest.mark.parametrize("themes, error", [
    ("themes:\n  - id: guilt\n    nme: Guilt\n", ["g/guide.yaml:4:5: error: themes[0]: missing required key 'name'",
                                                 "g/guide.yaml:5:5: error: themes[0].nme: unknown key 'nme'; did you mean 'name'?"]),
    ("themes:\n  - guilt\n", ["g/guide.yaml:4:5: error: themes[0]: expected a mapping of keys"]),
    ("themes:\n  - name: Guilt\n", ["g/guide.yaml:4:5: error: themes[0]: missing required key 'id'"]),
    ("themes:\n  - id: Guilt\n    name: Guilt\n", ["g/guide.yaml:4:9: error: themes[0].id: 'Guilt' is not a valid id"]),
    ("themes:\n  id: guilt\n  name: Guilt\n", ["g/guide.yaml:4:3: error: themes: expected a list, found a mapping"]),
], ids=["missing-name", "not-a-mapping", "missing-id", "bad-id", "not-a-list"])
def test_a_broken_theme_is_reported_without_the_unknown_ids_it_causes(make_guide, themes, error):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + themes + CHAPTER_TAGGED})
    found = problems(folder)
    assert len(found) == len(error) and all(f.startswith(e) for f, e in zip(found, error)), found


def test_a_real_typo_is_still_reported_beside_a_theme_with_a_bad_id(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + "themes:\n  - id: Guilt\n    name: Guilt\n  - id: madness\n"
                         "    name: Madness\n" + CHAPTER_TAGGED.replace("themes: [guilt]\n", "themes: [madnes]\n", 1)})
    found = problems(folder)
    assert [line.split(": error: ")[1].split(":")[0] for line in found] == ["themes[0].id", "chapters[0].summary[0].themes[0]"]
    assert found[1].endswith("unknown theme 'madnes'; did you mean 'madness'? (themes: madness)"), found


def test_unknown_ids_list_the_ids_there_are_when_few(make_guide):
    few = "".join(f"  - id: t{i}\n    name: T{i}\n" for i in range(10))
    many = "".join(f"  - id: t{i}\n    name: T{i}\n" for i in range(11))
    chapters = CHAPTER_TAGGED.replace("[guilt]", "[sorrow]", 1).replace("[guilt]", "[t1]")
    assert only_problem(make_guide({"guide.yaml": GUIDE_HEAD + "themes:\n" + few + chapters})).endswith(
        "unknown theme 'sorrow' (themes: t0, t1, t2, t3, t4, t5, t6, t7, t8, t9)")
    assert only_problem(make_guide({"guide.yaml": GUIDE_HEAD + "themes:\n" + many + chapters}, name="h")).endswith(
        "unknown theme 'sorrow'")


def test_a_fixed_choice_lists_the_choices_and_guesses_nothing(make_guide):
    folder = make_guide({"guide.yaml": GUIDE_HEAD + THEMES + CHAPTERS + "characters:\n  - id: narrator\n"
                         "    name: The narrator\n    role: main\n"})
    message = only_problem(folder)
    assert message.endswith("characters[0].role: expected one of major, minor, found 'main'"), message


# -- YAML syntax mistakes: advice first, the parser's words after ------------------------------

@pytest.mark.parametrize("text, where, advice", [
    ("title: @home\n", "1:8", "unquoted text cannot start with '@'; put the whole value in double quotes (\"@home\")"),
    ("title: 'The Narrator\nauthor: x\n", "1:8", "the ' that opens this value is not closed on its line"),
    ("title: x\nbackground:\n  author_bio: x\n historical_context: y\n", "4:2",
     "indent this line like the lines above it: its key belongs at column 3, like 'author_bio' on line 3"),
    ("title: x\nauthor: y\n\tthemes: []\n", "3:1", "a tab character here; YAML indents with spaces only"),
    ("title: x\nthemes: [a, b\nchapters: []\n", "2:9", "the list opened here with '[' is not closed; end it with ']'"),
    ("title: x\nplot_summary: >\n    The narrator insists\n  he is sane.\n", "4:3",
     "this line is part of the text of 'plot_summary' (line 2); indent it like the lines above it, at column 5"),
    ("title: x\nthemes:\n  - id: a\n    name: A\n  - id: b\n    name: B\n - id: c\n", "7:2",
     "indent this line like the lines above it: its '-' belongs at column 3, like the one on line 5"),
], ids=["at-sign", "unclosed-single-quote", "under-indented-key", "tab", "unclosed-flow-list", "text-line-dedented",
        "item-dedented"])
def test_a_yaml_mistake_says_what_to_change(make_guide, text, where, advice):
    message = only_problem(make_guide({"guide.yaml": text}))
    assert message.startswith(f"g/guide.yaml:{where}: error: invalid YAML: {advice}"), message
    assert "(the YAML parser says: " in message or "(the YAML parser says, at line" in message or "tab" in advice


def test_a_colon_in_a_list_item_says_it_made_a_mapping(make_guide):
    folder = make_guide({"guide.yaml": guide(GUIDE_HEAD, THEMES, CHAPTERS, """\
        characters:
          - id: victor
            name: Victor
            aliases:
              - Part 1: The Creator
        """)})
    message = only_problem(folder)
    assert message.startswith("g/guide.yaml:12:9: error: characters[0].aliases[0]: expected text, found a mapping"), message
    assert "has a colon and a space, which make it a key and a value; to keep it text, put the whole value in " \
           "double quotes" in message
