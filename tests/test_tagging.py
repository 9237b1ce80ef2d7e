"""Tagged PDF: the structure tree, marked content and document-level entries, checked without a JVM
(tests/tagcheck.py) on the sample and the test guides in every print mode; and what the tree says.
veraPDF's own PDF/UA-1 rules run in tests/test_pdfua.py."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
from pypdf import PdfReader

import tagcheck
from conftest import SECTION_TITLES, TAGGED
from guidebuilder import markup
from guidebuilder.grid import DEGREE_WORDS
from guidebuilder.load import load_guide
from guidebuilder.options import Options
from guidebuilder.render import build_pdf
from guidebuilder.guide_warnings import warnings_for


@lru_cache(maxsize=None)
def _checked(path: str) -> tagcheck.Structure:
    return tagcheck.check(path)


def structure(pdf) -> tagcheck.Structure:
    return _checked(str(pdf.path))


@pytest.mark.parametrize("mode", TAGGED)
def test_every_build_is_well_tagged(tagged_pdfs, mode):
    s = structure(tagged_pdfs[mode])
    assert s.problems == []
    assert s.root.kids and s.root.kids[0].role == "Document"
    # read in tree order, elements start page by page in the order they are drawn (top to bottom,
    # column by column), each read from its start on: the structure reads as the pages do (a
    # summary split over two pages is read whole before the analysis beside its first part)
    order = s.marked_content_order()
    starts = [pieces[0] for pieces in order]
    assert starts == sorted(starts) and all(pieces == sorted(pieces) for pieces in order)


def test_the_tree_reads_in_the_order_of_the_pages(tagged_pdfs):
    """Title, contents, then each section in order; inside Themes each theme, its analysis and
    its quotations; the tracker as a table; each chapter; the questions."""
    pdf = tagged_pdfs["the-great-gatsby"]
    s = structure(pdf)
    h1 = [text for role, text in s.headings() if role == "H1"]
    assert h1 == [markup.plain(pdf.guide.title), "Contents", *SECTION_TITLES, "Tracker Worksheet"]
    # every outline entry is a heading of the tree, in the same order, one level deeper than its depth
    outline = [(f"H{level + 1}", title) for level, title, _ in pdf.outline]
    assert [h for h in s.headings() if h in outline] == outline
    walk = s.walk
    names = [markup.plain(t.name) for t in pdf.guide.themes]
    at = [i for i, (role, text, _) in enumerate(walk) if role == "H2" and text in names]
    assert [walk[i][1] for i in at] == names
    first_theme = walk[at[0]:at[1]]
    roles = [role for role, _, _ in first_theme]
    assert roles.index("Table") < roles.index("Link")  # its tracker strip, then links to its quotations
    analysis = markup.plain(pdf.guide.themes[0].analysis).split("\n")[0][:40]
    assert any(analysis in text for role, text, _ in first_theme if role == "P")
    tracker = next(i for i, (role, text, _) in enumerate(walk) if (role, text) == ("H1", "Theme Tracker"))
    assert "Table" in [role for role, _, _ in walk[tracker:tracker + 40]]


GOLDEN = Path(__file__).resolve().parent / "golden"


def test_structure_of_the_tiny_guide_matches_its_golden_dump(tagged_pdfs):
    """The whole tree of the tiny guide, as indented text: review the reading order there.
    After an intended change, regenerate: GUIDEBUILDER_REGENERATE=1 python -m pytest -k golden_dump"""
    dump = structure(tagged_pdfs["tiny"]).dump()
    golden = GOLDEN / "tiny.structure.txt"
    if os.environ.get("GUIDEBUILDER_REGENERATE") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(dump, encoding="utf-8")
    assert dump == golden.read_text(encoding="utf-8")


def test_contents_entries_are_links_with_descriptions(tagged_pdfs):
    pdf = tagged_pdfs["the-great-gatsby"]
    s = structure(pdf)
    contents = [e for e in s.of_role("Link") if e.parent.role == "TOCI"]
    links = [e.text(s.texts) for e in contents]
    titles = iter(title for _, title, _ in pdf.outline)
    assert len(links) > 10 and all(link in titles for link in links)  # outline titles, in outline order
    assert all(e.parent.parent.role == "TOC" and any(k[0] == "annot" for k in e.kids if isinstance(k, tuple))
               for e in contents)
    annotations = [a.get_object() for page in pdf.reader.pages[:4] for a in page.get("/Annots") or []]
    assert [str(a["/Contents"]) for a in annotations][:len(links)] == links
    # elsewhere a link (a quotation's reference to where it is printed in full) is a Link in a P
    assert all(e.parent.role in ("TOCI", "P") for e in s.of_role("Link"))


def test_tracker_cells_say_their_degree(tagged_pdfs, sample_guide):
    """The tracker is a data table: a header row naming the themes its icons show, a row per
    chapter headed by the chapter, every cell's degree as its alternate text."""
    s = structure(tagged_pdfs["the-great-gatsby-large"])  # large print: the grid splits across pages
    walk = s.walk
    start = next(i for i, (role, text, _) in enumerate(walk) if (role, text) == ("H1", "Theme Tracker"))
    table = next(e for e in s.elements[start:] if e.role == "Table")
    rows = [k for k in table.kids if isinstance(k, tagcheck.Element)]
    assert len(rows) == 1 + len(sample_guide.chapters)  # the repeated header row is an artifact
    head = [str(c.attrs.get("/Alt", "")) or c.text(s.texts) for c in rows[0].kids]
    assert head[0] == "CHAPTER" and head[-len(sample_guide.themes):] == [markup.plain(t.name) for t in sample_guide.themes]
    assert all(c.role == "TH" and str(c.attrs["/A"]["/Scope"]) == "/Column" for c in rows[0].kids)
    words = "|".join(DEGREE_WORDS)
    for row, chapter in zip(rows[1:], sample_guide.chapters):
        th, *cells = row.kids
        assert th.role == "TH" and th.text(s.texts).startswith(markup.plain(chapter.title))
        degrees = [str(c.attrs["/Alt"]) for c in cells[-len(sample_guide.themes):]]
        assert all(re.fullmatch(rf"({words})( \(\d of 4\))?", d) for d in degrees)
    assert any(d != "absent" for row in rows[1:] for d in [str(c.attrs["/Alt"]) for c in row.kids[-1:]])


def test_a_paragraph_split_across_pages_is_one_element(tagged_pdfs):
    s = structure(tagged_pdfs["the-great-gatsby-large"])
    split = [e for e in s.of_role("P") if len({k[1] for k in e.kids if isinstance(k, tuple) and k[0] == "mcr"}) > 1]
    assert split, "large print splits some paragraph across pages"
    assert all(len(e.kids) == 2 for e in split)


def test_lists_tables_figures_and_artifacts(tagged_pdfs, sample_guide):
    s = structure(tagged_pdfs["the-great-gatsby"])
    items = s.of_role("LI")
    assert items and all([k.role for k in e.kids] == ["Lbl", "LBody"] for e in items)
    assert all(e.text(s.texts) == "\u2022" for e in s.of_role("Lbl"))
    facts = next(e for e in s.of_role("Table") if e.kids[0].kids[0].text(s.texts) == sample_guide.background.key_facts[0][0])
    assert len(facts.kids) == len(sample_guide.background.key_facts)
    # margin icons beside a summary stand alone: a figure naming the themes
    passages = [p for ch in sample_guide.chapters for p in ch.passages if p.themes]
    alts = [str(e.attrs["/Alt"]) for e in s.of_role("Figure")]
    assert len(alts) == len(passages)
    names = ", ".join(markup.plain(sample_guide.theme(t).name) for t in passages[0].themes)
    assert alts[0] == ("Theme: " if len(passages[0].themes) == 1 else "Themes: ") + names
    # the running header and page number are artifacts: no element holds them
    text = " ".join(t for _, t, _ in s.walk)
    assert "Study Guide \u00b7" not in text


def test_glossary_is_a_table_of_terms(tagged_pdfs, sample_guide):
    s = structure(tagged_pdfs["the-great-gatsby"])
    start = next(i for i, (role, text, _) in enumerate(s.walk) if (role, text) == ("H1", "Glossary"))
    tables = [e for e in s.elements[start:] if e.role == "Table" and e.kids[0].kids[0].role == "TH"]
    terms = [row.kids[0].text(s.texts) for t in tables[:2] for row in t.kids]
    assert sorted(terms, key=str.casefold) == sorted((markup.plain(t.term) for t in sample_guide.glossary), key=str.casefold)


def test_document_level_entries(tagged_pdfs, sample_guide):
    pdf = tagged_pdfs["the-great-gatsby"]
    s = structure(pdf)
    assert s.header == "%PDF-1.7" and str(s.catalog["/Lang"]) == "en"
    for value in (markup.plain(sample_guide.title), markup.plain(sample_guide.author), markup.plain(sample_guide.credits)):
        assert value.replace("&", "&amp;") in s.xmp
    assert re.search(r"<dc:creator><rdf:Seq><rdf:li>F\. Scott Fitzgerald</rdf:li><rdf:li>[^<]+</rdf:li>", s.xmp)
    assert "<dc:rights>" in s.xmp and "<dc:language><rdf:Bag><rdf:li>en</rdf:li>" in s.xmp
    tabs = [p.get("/Tabs") for p in pdf.reader.pages if p.get("/Annots")]
    assert tabs and set(tabs) == {"/S"}


def test_cover_image_is_a_figure_with_its_alt_text(tagged_pdfs):
    s = structure(tagged_pdfs["tiny-cover"])
    figures = [e for e in s.of_role("Figure")]
    assert str(figures[0].attrs["/Alt"]) == "A lighthouse on a rock at dusk"
    assert [role for role, _, _ in s.walk[:3]] == ["Document", "H1", "P"]


def test_cover_without_alt_is_described_by_the_title_and_warned_about(make_guide, minimal_yaml, tmp_path):
    from hostile import guides as G

    folder = make_guide({"guide.yaml": "cover: cover.png\n" + minimal_yaml, "cover.png": G.png_bytes(60, 40)})
    guide = load_guide(folder)
    warned = [str(w) for w in warnings_for(guide)]
    assert warned == ["g/guide.yaml:1:8: warning: cover: the cover image has no alt text for screen readers; the PDF "
                      "describes it by the guide's title (write cover: {image: ..., alt: ...})"]
    out = tmp_path / "c.pdf"
    build_pdf(guide, out, Options())
    s = tagcheck.check(out)
    assert s.problems == [] and str(s.of_role("Figure")[0].attrs["/Alt"]) == "Cover image: Frankenstein"


def test_cover_mapping_needs_an_image(make_guide, minimal_yaml):
    from guidebuilder.errors import ContentError

    folder = make_guide({"guide.yaml": "cover:\n  alt: A ship\n" + minimal_yaml})
    with pytest.raises(ContentError) as err:
        load_guide(folder)
    assert [str(p) for p in err.value.problems] == ["g/guide.yaml:2:3: error: cover: missing required key 'image'"]


def test_booklet_keeps_title_language_and_display_title(tmp_path, sample_guide):
    from guidebuilder.options import ChapterSpan

    out = tmp_path / "b.pdf"
    build_pdf(sample_guide, out, Options(chapters=ChapterSpan(3, 4, len(sample_guide.chapters)), booklet=True))
    r = PdfReader(out)
    root = r.trailer["/Root"]
    assert str(root["/Lang"]) == "en" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert r.metadata.title.startswith(markup.plain(sample_guide.title)) and r.outline


def test_the_check_finds_what_is_wrong(tmp_path):
    """tagcheck itself: an untagged PDF, untagged drawing and a sequence straddling q/Q are found."""
    from reportlab.pdfgen.canvas import Canvas

    from guidebuilder import tagging
    from guidebuilder.xmp import DocumentInfo

    plain = tmp_path / "plain.pdf"
    c = Canvas(str(plain))
    c.drawString(72, 72, "hello")
    c.save()
    assert "no StructTreeRoot" in tagcheck.check(plain).problems

    bad = tmp_path / "bad.pdf"
    c = tagging.TaggedCanvas(str(bad), info=DocumentInfo("T", ("A",), "D", "en"))
    c.setViewerPreference("DisplayDocTitle", "true")
    c._doc.Catalog.Lang = "(en)"
    c.drawString(72, 700, "untagged")
    p = tagging.Tag("P")
    with tagging.content(c, p):
        c.saveState()
    c.drawString(72, 600, "inside")
    c.restoreState()
    c.save()
    problems = tagcheck.check(bad).problems
    assert "page 1: a marked-content sequence straddles q/Q" in problems
    assert "page 1: 2 painting operators neither tagged nor artifacts" in problems  # before and after
