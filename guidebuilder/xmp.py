"""XMP metadata for PDF/UA-1: what the document is, who made it, its language and rights.

DocumentInfo   title, creators (the author studied, then the guide's credits), description,
               language, rights (the credits), keywords
xmp()          the XMP packet: Dublin Core, PDF and pdfuaid:part 1
"""
from __future__ import annotations

from .markup import escape as xml_escape  # & < > as xml.sax.saxutils.escape, without importing urllib, http and ssl (15 ms)
from .records import dataclass


@dataclass(frozen=True)
class DocumentInfo:
    """What the XMP metadata says: dc:title, dc:creator, dc:description, dc:language, dc:rights."""

    title: str
    creators: tuple[str, ...]
    description: str
    language: str
    rights: str = ""
    keywords: str = ""
    tool: str = "guidebuilder"


def xmp(info: DocumentInfo) -> bytes:
    """The XMP packet: Dublin Core, PDF and the PDF/UA identification (part 1)."""
    e = xml_escape

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{e(value)}</rdf:li></rdf:Alt>'

    creators = "".join(f"<rdf:li>{e(c)}</rdf:li>" for c in info.creators if c)
    parts = [
        f"<dc:title>{alt(info.title)}</dc:title>",
        f"<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>" if creators else "",
        f"<dc:description>{alt(info.description)}</dc:description>" if info.description else "",
        f"<dc:language><rdf:Bag><rdf:li>{e(info.language)}</rdf:li></rdf:Bag></dc:language>",
        f"<dc:rights>{alt(info.rights)}</dc:rights>" if info.rights else "",
        "<dc:format>application/pdf</dc:format>",
        f"<pdf:Producer>{e(info.tool)}</pdf:Producer>",
        f"<pdf:Keywords>{e(info.keywords)}</pdf:Keywords>" if info.keywords else "",
        f"<xmp:CreatorTool>{e(info.tool)}</xmp:CreatorTool>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ]
    body = "\n   ".join(p for p in parts if p)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode("utf-8")
