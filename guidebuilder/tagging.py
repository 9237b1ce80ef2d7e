"""Tagged PDF (PDF/UA-1): the structure tree, built while the story is drawn, and its marked content.

Open-source ReportLab has no tagging API; this module is the one place that knows how tags are
written. Everything else declares *roles*:

Tag            a structure element (role "P", "H2", "Table", "TD", "Figure"...), with an optional
               declared parent (a list item's list, a cell's row) and attributes (Alt, Scope)
Tagged         mixin for flowables: set `tag_role` (and `tag_group` for a container whose children
               tag themselves), or give an instance a `tag`; the drawOn is wrapped for you. A split
               flowable hands its Tag to its parts (`carry`), so a paragraph split across pages
               stays one element. ARTIFACT marks decoration (rules, fills, answer lines).
content()      marked content belonging to a Tag (BDC/EMC around whole drawOn calls, so a
               sequence never straddles q/Q or BT/ET); artifact() the same for decoration;
               group() a container's children go under its Tag; link_rect() a link annotation in a Link;
               place() an element with no content (an empty cell); label_and_body() a bullet
TaggedCanvas   the canvas a GuideDoc builds on: PDF 1.7, /StructParents and /Tabs /S on pages,
               and at save the StructTreeRoot, ParentTree, /MarkInfo and XMP metadata (xmp.py)

Drawing on a plain canvas (the icon sheet, tests) is untagged: every helper is then a no-op.
The tree's order is the order of drawing, which is the story's order: the reading order.
A new flowable: inherit Tagged first (class X(Tagged, Flowable)), declare tag_role, wrap its own
decoration in artifact(); tests/tagcheck.py reports whatever it draws untagged.

ReportLab internals relied on (public API has none for this): Canvas._code (a bullet's operators),
PDFDocument.idToObject / Pages.pages (objects to complete before formatting), a page's
__NoDefault__ (which keys it writes) and a link annotation's permitted/otherkw (/StructParent).
"""
from __future__ import annotations

from contextlib import contextmanager, nullcontext

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from .xmp import DocumentInfo, xmp

ARTIFACT = "Artifact"
PDF_VERSION = (1, 7)  # PDF/UA-1 is built on ISO 32000-1 (PDF 1.7)


class Tag:
    """One structure element. Declared when a flowable is composed (or when it first draws);
    placed in the tree when its first content is drawn, under its declared parent or else under
    the element being drawn at that moment."""

    __slots__ = ("role", "parent", "alt", "actual", "lang", "attrs", "kids", "placed", "ref")

    def __init__(self, role: str, parent: "Tag | None" = None, *, alt: str | None = None,
                 actual: str | None = None, lang: str | None = None, **attrs):
        self.role, self.parent, self.alt, self.actual, self.lang = role, parent, alt, actual, lang
        self.attrs = attrs  # layout-independent attributes, e.g. Scope="Row" (owner: Table)
        self.kids: list = []  # Tag | (page, mcid) | ("annot", name, page)
        self.placed = False
        self.ref = None

    def __repr__(self):
        return f"Tag({self.role!r})"


def heading_role(level: int) -> str:
    """Outline level 0 -> H1, 1 -> H2, ... (H6 at most)."""
    return f"H{min(max(level, 0) + 1, 6)}"


class Tagged:
    """Mixin for flowables: the drawOn is wrapped in the flowable's structure element.

    tag_role   the role of a flowable that draws content ("P", "Figure"), ARTIFACT for decoration,
               None for a container that only groups the flowables it draws
    tag_group  True: the element (tag_role) groups the children drawn inside it (a quote block)
    tag        an explicit Tag for this instance (declared parent, alt text); made from tag_role
               when first needed
    """

    tag_role: str | None = None
    tag_group: bool = False
    tag: Tag | None = None

    def structure(self) -> Tag | None:
        """This flowable's Tag (made on first use, so that split parts share it)."""
        if self.tag is None and self.tag_role not in (None, ARTIFACT):
            self.tag = Tag(self.tag_role)
        return self.tag

    def carry(self, parts: list) -> list:
        """Give the parts of a split this flowable's Tag: one element across pages."""
        tag = self.structure()
        for part in parts:
            if isinstance(part, Tagged):
                part.tag = tag
                if "tag_role" in self.__dict__:
                    part.tag_role = self.tag_role
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        tagger = getattr(canvas, "tagger", None)
        if tagger is None or tagger.inside:
            return super().drawOn(canvas, x, y, _sW)
        with tagger.around(self, canvas):
            return super().drawOn(canvas, x, y, _sW)


def decoration(flowable):
    """Mark `flowable` (a Tagged one) as an artifact: what it shows is not content to be read."""
    flowable.tag_role, flowable.tag = ARTIFACT, None
    return flowable


def _tagger(canvas):
    return getattr(canvas, "tagger", None)


def content(canvas, tag: Tag):
    """Marked content of `tag` around what is drawn inside the `with`."""
    tagger = _tagger(canvas)
    return tagger.content(canvas, tag) if tagger is not None else nullcontext()


def artifact(canvas, kind: str | None = None, subtype: str | None = None):
    """What is drawn inside the `with` is an artifact (decoration, pagination: kind 'Pagination')."""
    tagger = _tagger(canvas)
    return tagger.artifact(canvas, kind, subtype) if tagger is not None else nullcontext()


def group(canvas, tag: Tag):
    """Elements placed inside the `with` (without a declared parent) go under `tag`."""
    tagger = _tagger(canvas)
    return tagger.group(tag) if tagger is not None else nullcontext()


def place(canvas, tag: Tag) -> None:
    """Put `tag` in the tree now, with no content of its own (an empty table cell)."""
    tagger = _tagger(canvas)
    if tagger is not None and not tagger.inside:
        tagger.place(tag)


def label_and_body(canvas, label: Tag, body: Tag, draw) -> None:
    """Call draw() (a bulleted Paragraph's drawOn) with its first text object (the bullet) marked
    as `label` and the rest of its drawing, within the same q/Q, as `body`.

    ReportLab draws a bullet as a text object of its own before the paragraph's; this reads the
    canvas's operator list (Canvas._code, one entry per text object or state change) to put the
    two marked-content sequences around them.
    """
    tagger = _tagger(canvas)
    if tagger is None or tagger.inside:
        draw()
        return
    code = canvas._code
    start = len(code)
    tagger.depth += 1
    try:
        draw()
    finally:
        tagger.depth -= 1
    drawn = code[start:]
    bullet = next((i for i, op in enumerate(drawn) if op.startswith("BT")), None)
    if bullet is None:
        code[start:] = [tagger.begin(canvas, body)] + drawn + ["EMC"]
        return
    depth, end = 0, len(drawn)
    for i in range(bullet + 1, len(drawn)):  # the Q that closes the q the bullet is drawn in
        if drawn[i] == "q":
            depth += 1
        elif drawn[i] == "Q":
            if depth == 0:
                end = i
                break
            depth -= 1
    marked = drawn[:bullet] + [tagger.begin(canvas, label), drawn[bullet], "EMC"]
    if end > bullet + 1:
        marked += [tagger.begin(canvas, body)] + drawn[bullet + 1:end] + ["EMC"]
    code[start:] = marked + drawn[end:]


def link_rect(canvas, tag: Tag, description: str, destination: str, rect) -> None:
    """A link annotation over `rect` (relative to the current origin) to the bookmark `destination`,
    described by `description` (its /Contents) and belonging to the Link element `tag`."""
    tagger = _tagger(canvas)
    name = None
    if tagger is not None:
        name = f"link{len(tagger.annotations) + 1}"
        tagger.link(canvas, tag, name)
    canvas.linkRect(description, destination, rect, relative=1, thickness=0, name=name)


class Tagger:
    """The structure tree of one build and the marked content of its pages."""

    def __init__(self):
        self.root = Tag("Document")
        self.root.placed = True
        self.stack: list[Tag] = [self.root]
        self.depth = 0  # >0 inside marked content or an artifact: nested flowables add nothing
        self.mcids: dict[int, list[Tag]] = {}  # page -> the Tag of each MCID
        self.annotations: list[tuple[str, Tag, int]] = []

    @property
    def inside(self) -> bool:
        return self.depth > 0

    def place(self, tag: Tag) -> None:
        if tag.placed:
            return
        if tag.parent is None:
            tag.parent = self.stack[-1]  # from now on, the parent it was placed under
        else:
            self.place(tag.parent)
        tag.parent.kids.append(tag)
        tag.placed = True

    def begin(self, canvas, tag: Tag) -> str:
        """The BDC operator that opens a new marked-content sequence of `tag` on this page."""
        self.place(tag)
        page = canvas.getPageNumber()
        on_page = self.mcids.setdefault(page, [])
        mcid = len(on_page)
        on_page.append(tag)
        tag.kids.append((page, mcid))
        return f"/{tag.role} <</MCID {mcid}>> BDC"

    def content(self, canvas, tag: Tag):
        """Content drawn inside is `tag`'s (an MCID of this page), unless already inside a sequence."""
        return self._marked(canvas, lambda: self.begin(canvas, tag))

    def artifact(self, canvas, kind: str | None = None, subtype: str | None = None):
        """Content drawn inside is decoration, read by no one (an /Artifact sequence)."""
        def opening() -> str:
            if not kind:
                return "/Artifact BMC"
            return f"/Artifact <</Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "") + ">> BDC"
        return self._marked(canvas, opening)

    @contextmanager
    def _marked(self, canvas, opening):
        """One marked-content sequence around what is drawn inside; nested ones join the outer."""
        if self.depth:
            yield
            return
        canvas.addLiteral(opening())
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            canvas.addLiteral("EMC")

    @contextmanager
    def group(self, tag: Tag):
        if self.depth:
            yield
            return
        self.place(tag)
        self.stack.append(tag)
        try:
            yield
        finally:
            self.stack.pop()

    def around(self, flowable: Tagged, canvas):
        """The context a Tagged flowable draws in, from its role."""
        if flowable.tag_role == ARTIFACT and flowable.tag is None:
            return self.artifact(canvas)
        tag = flowable.structure()
        if tag is None:
            return nullcontext()
        if flowable.tag_group:
            return self.group(tag)
        return self.content(canvas, tag)

    def link(self, canvas, tag: Tag, name: str) -> None:
        self.place(tag)
        page = canvas.getPageNumber()
        tag.kids.append(("annot", name, page))
        self.annotations.append((name, tag, page))

    # -- writing ------------------------------------------------------------------------------
    def write(self, doc, pages: list) -> None:
        """Add the structure tree to the PDF document `doc` (before it is formatted)."""
        elements: list[Tag] = []

        def collect(tag: Tag) -> None:
            elements.append(tag)
            for kid in tag.kids:
                if isinstance(kid, Tag):
                    collect(kid)

        collect(self.root)
        root = _Raw()
        root_ref = doc.Reference(root)
        for tag in elements:
            tag.ref = doc.Reference(_Element(tag, root_ref.name if tag is self.root else None))
        nums: list = [(page - 1, [t.ref.name for t in self.mcids[page]]) for page in sorted(self.mcids)]
        key = len(pages)
        for name, tag, _ in self.annotations:
            annotation = doc.idToObject[doc.refAnnotation(name).name]
            annotation.permitted = tuple(annotation.permitted) + ("StructParent",)
            annotation.otherkw["StructParent"] = key
            nums.append((key, tag.ref.name))
            key += 1
        parent_tree = doc.Reference(_Raw(lambda ref: b"<</Nums[" + b" ".join(
            b"%d " % k + (ref(v) if isinstance(v, str) else b"[" + b" ".join(map(ref, v)) + b"]") for k, v in nums)
            + b"]>>"))
        root.build = lambda ref: b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d>>" % (
            ref(self.root.ref.name), ref(parent_tree.name), key)
        for number, page in enumerate(pages, start=1):
            if number in self.mcids:
                page.StructParents = number - 1
                page.__NoDefault__ = type(page).__NoDefault__ + ["StructParents", "Tabs"]
            if page.Annots:
                page.Tabs = PDFName("S")
                page.__NoDefault__ = type(page).__NoDefault__ + ["StructParents", "Tabs"]
        doc.Catalog.StructTreeRoot = root_ref
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})


class _Raw(PDFObject):
    """An indirect object written as the bytes build(ref) returns; ref(name) formats a reference
    to a registered object. The structure tree has thousands of objects: ReportLab's generic
    dictionaries would make writing them cost a tenth of a build."""

    __RefOnly__ = 1

    def __init__(self, build=None):
        if build is not None:
            self.build = build

    def format(self, document):
        numbers = document.idToObjectNumberAndVersion
        return self.build(lambda name: b"%d 0 R" % numbers[name][0])


class _Element(_Raw):
    """One structure element's dictionary: /S, /P, /Pg, /K (MCIDs, MCRs, OBJRs, elements), /Alt..."""

    TABLE_ATTRIBUTES = {"Scope", "RowSpan", "ColSpan", "Headers", "Summary"}

    def __init__(self, tag: Tag, parent: str | None):
        super().__init__()
        self.tag, self.parent = tag, parent

    def format(self, document):
        # one pass over the kids, references made from the numbers directly: thousands of elements
        numbers = document.idToObjectNumberAndVersion
        tag = self.tag
        out = [b"<</S/", tag.role.encode("ascii"), b"/P %d 0 R" % numbers[self.parent or tag.parent.ref.name][0]]
        kids = []
        first = None  # the page of the first marked content: the element's /Pg, its MCIDs bare
        for kid in tag.kids:
            if type(kid) is Tag:
                kids.append(b"%d 0 R" % numbers[kid.ref.name][0])
            elif kid[0] == "annot":
                kids.append(b"<</Type/OBJR/Obj %d 0 R/Pg %d 0 R>>" % (
                    numbers[f"Annot.{kid[1]}"][0], numbers[f"Page{kid[2]}"][0]))
            else:
                if first is None:
                    first = kid[0]
                    out.append(b"/Pg %d 0 R" % numbers[f"Page{first}"][0])
                if kid[0] == first:
                    kids.append(b"%d" % kid[1])
                else:
                    kids.append(b"<</Type/MCR/Pg %d 0 R/MCID %d>>" % (numbers[f"Page{kid[0]}"][0], kid[1]))
        if len(kids) == 1:
            out += [b"/K ", kids[0]]
        elif kids:
            out += [b"/K[", b" ".join(kids), b"]"]
        for key, text in ((b"Alt", tag.alt), (b"ActualText", tag.actual), (b"Lang", tag.lang)):
            if text is not None:
                out += [b"/", key, PDFString(text).format(document)]  # through the document: it may encrypt
        if tag.attrs:
            owner = b"Table" if set(tag.attrs) & self.TABLE_ATTRIBUTES else b"Layout"
            out += [b"/A<</O/", owner]
            for key, value in tag.attrs.items():
                out += [b"/", key.encode("ascii"), b"/" + value.encode("ascii") if isinstance(value, str)
                        else b" %d" % value]
            out.append(b">>")
        out.append(b">>")
        return b"".join(out)


class TaggedCanvas(Canvas):
    """A canvas that tags: give it to BaseDocTemplate.build(canvasmaker=...) with `info`."""

    def __init__(self, *args, info: DocumentInfo, **kwargs):
        kwargs["pdfVersion"] = PDF_VERSION
        super().__init__(*args, **kwargs)
        self.tagger = Tagger()
        self.info = info

    def save(self):
        if len(self._code):  # ReportLab's save() shows a last page that holds drawing
            self.showPage()
        self.tagger.write(self._doc, self._doc.Pages.pages)
        stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                           xmp(self.info), filters=[])
        self._doc.Catalog.Metadata = self._doc.Reference(stream)
        super().save()
