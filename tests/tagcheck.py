"""A structural check of a tagged PDF, without a JVM: what veraPDF checks and some it does not.

check(path) -> Structure, whose `problems` lists every breach found:
- the catalog marks the PDF as tagged, has a StructTreeRoot, a language, DisplayDocTitle, XMP
  metadata that claims PDF/UA-1, and the header says PDF 1.7;
- every MCID in a page's content is in the structure tree and in the ParentTree, and both
  point at the same element (both ways: every MCR in the tree is in some page's content);
- every painting operator (text, paths, images, forms) is inside tagged content or an artifact;
  marked content is balanced, never nested, and never straddles q/Q or BT/ET;
- headings start at H1 and never skip a level; every Figure has alternate text;
- lists, tables and the contents hold the children they may (LI in L, TH/TD in TR in Table...),
  and every row of a table has as many cells;
- every link annotation has a description and sits in a Link element.
Structure.walk is the tree in order as (role, text, attributes): what a screen reader reads;
marked_content_order() the content in that order, to compare with the order on the pages;
dump() the tree as indented text (tests/golden/ keeps one to compare with).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

PAINT = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"sh", b"Do", b"Tj", b"TJ", b"'", b'"',
         b"INLINE IMAGE"}
PARENTS = {"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"}, "LI": {"L"},
           "Lbl": {"LI"}, "LBody": {"LI"}, "TOCI": {"TOC"}}
CHILDREN = {"Table": {"TR", "THead", "TBody", "TFoot", "Caption"}, "L": {"LI", "Caption"},
            "TR": {"TH", "TD"}, "LI": {"Lbl", "LBody"}, "TOC": {"TOCI", "TOC", "Caption"}}


@dataclass
class Element:
    role: str
    parent: "Element | None"
    attrs: dict
    kids: list = field(default_factory=list)  # Element | ("mcr", page, mcid) | ("annot", page, obj)

    def text(self, texts: dict) -> str:
        out = []
        for kid in self.kids:
            if isinstance(kid, Element):
                out.append(kid.text(texts))
            elif kid[0] == "mcr":
                out.append(texts.get((kid[1], kid[2]), ""))
        return " ".join(" ".join(out).split())


@dataclass
class Structure:
    problems: list[str] = field(default_factory=list)
    root: Element | None = None
    texts: dict = field(default_factory=dict)  # (page, mcid) -> the text shown in it
    elements: list[Element] = field(default_factory=list)  # in tree order
    catalog: dict = field(default_factory=dict)
    xmp: str = ""
    header: str = ""

    @property
    def walk(self) -> list[tuple[str, str, dict]]:
        return [(e.role, e.text(self.texts), e.attrs) for e in self.elements]

    def marked_content_order(self) -> list[list[tuple[int, int]]]:
        """For each element with content, in the tree's reading order, the (page, MCID) of its pieces."""
        order = [[k[1:] for k in e.kids if isinstance(k, tuple) and k[0] == "mcr"] for e in self.elements]
        return [pieces for pieces in order if pieces]

    def dump(self, width: int = 72) -> str:
        """The tree as text, one element a line, indented by depth: role, text (cut), Alt, Scope."""
        lines = []

        def walk(e: Element, depth: int) -> None:
            parts = [e.role]
            if not any(isinstance(k, Element) for k in e.kids):
                text = e.text(self.texts)
                parts.append(text if len(text) <= width else text[:width - 1] + "\u2026")
            if "/Alt" in e.attrs:
                parts.append(f"[alt: {e.attrs['/Alt']}]")
            if "/A" in e.attrs and "/Scope" in e.attrs["/A"].get_object():
                parts.append(f"[scope: {str(e.attrs['/A'].get_object()['/Scope'])[1:]}]")
            lines.append("  " * depth + " ".join(p for p in parts if p))
            for k in e.kids:
                if isinstance(k, Element):
                    walk(k, depth + 1)

        for e in self.root.kids:
            walk(e, 0)
        return "\n".join(lines) + "\n"

    def of_role(self, *roles: str) -> list[Element]:
        return [e for e in self.elements if e.role in roles]

    def headings(self) -> list[tuple[str, str]]:
        return [(e.role, e.text(self.texts)) for e in self.elements if _heading_level(e.role)]


def _heading_level(role: str) -> int:
    return int(role[1]) if len(role) == 2 and role[0] == "H" and role[1].isdigit() else 0


def check(path: Path) -> Structure:
    reader = PdfReader(path)
    s = Structure(header=Path(path).read_bytes()[:8].decode("latin-1"))
    cat = reader.trailer["/Root"]
    s.catalog = cat
    if s.header != "%PDF-1.7":
        s.problems.append(f"header is {s.header!r}, not %PDF-1.7")
    mark = cat.get("/MarkInfo")
    if not mark or mark.get_object().get("/Marked") != True:  # noqa: E712 (a pypdf BooleanObject)
        s.problems.append("no /MarkInfo << /Marked true >>")
    if not str(cat.get("/Lang", "")):
        s.problems.append("no /Lang")
    prefs = cat.get("/ViewerPreferences")
    if not prefs or prefs.get_object().get("/DisplayDocTitle") != True:  # noqa: E712
        s.problems.append("no /DisplayDocTitle true")
    meta = cat.get("/Metadata")
    s.xmp = meta.get_object().get_data().decode("utf-8") if meta else ""
    if "<pdfuaid:part>1</pdfuaid:part>" not in s.xmp or "<dc:title>" not in s.xmp:
        s.problems.append("XMP metadata without pdfuaid:part 1 and dc:title")
    tree = cat.get("/StructTreeRoot")
    if tree is None:
        s.problems.append("no StructTreeRoot")
        return s
    tree = tree.get_object()
    page_index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}

    in_tree: dict[tuple[int, int], Element] = {}
    annots_in_tree: dict[int, Element] = {}
    ref_of: dict[int, Element] = {}  # object number -> element

    def build(ref, parent):
        d = ref.get_object()
        e = Element(str(d["/S"])[1:], parent, {k: d[k] for k in ("/Alt", "/ActualText", "/A", "/Lang") if k in d})
        s.elements.append(e)
        ref_of[ref.idnum] = e
        page = d.raw_get("/Pg") if "/Pg" in d else None
        kids = d.raw_get("/K") if "/K" in d else None
        kids = [] if kids is None else list(kids) if isinstance(kids, list) else [kids]
        for kid in kids:
            obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(obj, int):
                key = (page_index[page.idnum], int(obj))
                _claim(s, in_tree, key, e)
                e.kids.append(("mcr",) + key)
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
                key = (page_index[(obj.raw_get("/Pg") if "/Pg" in obj else page).idnum], int(obj["/MCID"]))
                _claim(s, in_tree, key, e)
                e.kids.append(("mcr",) + key)
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OBJR":
                annots_in_tree[obj.raw_get("/Obj").idnum] = e
                e.kids.append(("annot", page_index[obj.raw_get("/Pg").idnum], obj["/Obj"]))
            else:
                e.kids.append(build(kid, e))
        return e

    roots = tree.raw_get("/K")
    roots = list(roots) if isinstance(roots, list) else [roots]
    s.root = Element("StructTreeRoot", None, {})
    s.root.kids = [build(r, s.root) for r in roots]

    # the ParentTree: page key -> array indexed by MCID; annotation key -> element
    nums = tree["/ParentTree"].get_object().get("/Nums", [])
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}  # values: references

    in_streams: set[tuple[int, int]] = set()
    for i, page in enumerate(reader.pages):
        mcids = _scan(s, reader, page, i)
        in_streams |= {(i, m) for m in mcids}
        if mcids:
            key = page.get("/StructParents")
            if key is None or int(key) not in parent_tree:
                s.problems.append(f"page {i + 1}: marked content but no /StructParents in the ParentTree")
                continue
            array = parent_tree[int(key)].get_object()  # its items stay references
            for m in mcids:
                pointed = ref_of.get(array[m].idnum) if m < len(array) and array[m] is not None else None
                if pointed is None or in_tree.get((i, m)) is not pointed:
                    s.problems.append(f"page {i + 1}: MCID {m}: the ParentTree and the structure tree disagree")
        for a in page.get("/Annots", []) or []:
            annot = a.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if not str(annot.get("/Contents", "")).strip():
                s.problems.append(f"page {i + 1}: a link annotation without /Contents")
            owner = annots_in_tree.get(a.idnum)
            if owner is None or owner.role != "Link":
                s.problems.append(f"page {i + 1}: a link annotation not in a Link element")
            key = annot.get("/StructParent")
            if key is None or int(key) not in parent_tree or ref_of.get(parent_tree[int(key)].idnum) is not owner:
                s.problems.append(f"page {i + 1}: a link annotation whose /StructParent does not lead to its element")
            if page.get("/Tabs") != "/S":
                s.problems.append(f"page {i + 1}: annotations but no /Tabs /S")
    _texts(s, path)
    for key in sorted(set(in_tree) - in_streams):
        s.problems.append(f"page {key[0] + 1}: MCID {key[1]} is in the tree but not in the page's content")

    last = 0
    for e in s.elements:
        level = _heading_level(e.role)
        if level:
            if level > last + 1:
                s.problems.append(f"heading {e.role} {e.text(s.texts)[:60]!r} after H{last}: a level skipped")
            last = level
        if e.role == "Figure" and not str(e.attrs.get("/Alt", "")).strip():
            s.problems.append("a Figure without /Alt")
        allowed = PARENTS.get(e.role)
        if allowed and (e.parent is None or e.parent.role not in allowed):
            s.problems.append(f"{e.role} inside {e.parent.role if e.parent else None}")
        allowed = CHILDREN.get(e.role)
        if allowed:
            odd = {k.role for k in e.kids if isinstance(k, Element)} - allowed
            if odd or any(not isinstance(k, Element) for k in e.kids):
                s.problems.append(f"{e.role} holds {sorted(odd) or 'content'}")
        if e.role == "Table" and len({sum(_span(c) for c in r.kids) for r in e.kids
                                      if isinstance(r, Element) and r.role == "TR"}) > 1:
            s.problems.append("a Table whose rows have different numbers of cells")
        if e.role == "TH" and "/A" in e.attrs and "/Scope" not in e.attrs["/A"].get_object():
            s.problems.append("a TH with attributes but no Scope")
        if not e.kids and e.role not in ("TD", "TH"):
            s.problems.append(f"an empty {e.role}")
    return s


def _span(cell) -> int:
    attrs = cell.attrs.get("/A") if isinstance(cell, Element) else None
    return int(attrs.get_object().get("/ColSpan", 1)) if attrs is not None else 1


def _claim(s: Structure, in_tree: dict, key, e: Element) -> None:
    if key in in_tree:
        s.problems.append(f"page {key[0] + 1}: MCID {key[1]} claimed by two elements")
    in_tree[key] = e


def _scan(s: Structure, reader: PdfReader, page, i: int) -> list[int]:
    """The MCIDs of one page's content in order; records untagged painting and bad nesting."""
    mcids: list[int] = []
    stack: list[tuple[str, int, bool]] = []  # (kind, q depth, in text object) of open sequences
    q, text, untagged = 0, False, 0
    contents = page.get_contents()
    if contents is None:
        return mcids
    for operands, op in ContentStream(contents, reader).operations:
        if op == b"q":
            q += 1
        elif op == b"Q":
            q -= 1
            if q < 0:
                s.problems.append(f"page {i + 1}: Q without q")
        elif op == b"BT":
            text = True
        elif op == b"ET":
            text = False
        elif op in (b"BDC", b"BMC"):
            tag = str(operands[0])
            props = operands[1] if op == b"BDC" and len(operands) > 1 else None
            props = props.get_object() if isinstance(props, IndirectObject) else props
            kind = "artifact" if tag == "/Artifact" else "other"
            if isinstance(props, DictionaryObject) and "/MCID" in props and kind != "artifact":
                kind = "mcid"
                mcids.append(int(props["/MCID"]))
            if kind != "other" and any(k != "other" for k, _, _ in stack):
                s.problems.append(f"page {i + 1}: marked content nested in tagged content or an artifact")
            stack.append((kind, q, text))
        elif op == b"EMC":
            if not stack:
                s.problems.append(f"page {i + 1}: EMC without BDC/BMC")
                continue
            kind, q0, text0 = stack.pop()
            if (q0, text0) != (q, text):
                s.problems.append(f"page {i + 1}: a marked-content sequence straddles "
                                  + ("q/Q" if q0 != q else "BT/ET"))
        elif op in PAINT and not any(k != "other" for k, _, _ in stack):
            untagged += 1
    if stack:
        s.problems.append(f"page {i + 1}: {len(stack)} marked-content sequences left open")
    if q:
        s.problems.append(f"page {i + 1}: q/Q unbalanced")
    if untagged:
        s.problems.append(f"page {i + 1}: {untagged} painting operators neither tagged nor artifacts")
    return mcids


def _texts(s: Structure, path: Path) -> None:
    """The text shown in each marked-content sequence, per page (pdfium's text objects)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            for k in range(raw.FPDFPage_CountObjects(page.raw)):
                obj = raw.FPDFPage_GetObject(page.raw, k)
                if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
                size = raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
                buf = (ctypes.c_ushort * (size // 2))()
                raw.FPDFTextObj_GetText(obj, textpage.raw, buf, size)
                text = bytes(buf).decode("utf-16-le").rstrip("\x00").replace("\x02", "")
                if mcid >= 0:
                    s.texts[(i, mcid)] = s.texts.get((i, mcid), "") + text + " "
            textpage.close()
            page.close()
    finally:
        doc.close()
