#!/usr/bin/env python3
"""A yardstick: the same guide rendered by Typst (the `typst` PyPI package), for benchmarks only.

    python benchmarks/typst_render.py GUIDE_DIR OUT.pdf [--source OUT.typ]

What it sets, on letter paper in DejaVu Serif and Sans (Debian/Ubuntu: fonts-dejavu-core): a cover
with the theme legend; a page per theme with its analysis and its quotes; a chapter-by-theme grid
shaded by how often each theme comes up; per chapter a Summary | Analysis table with theme dots,
then its quotes and questions; a running footer with page numbers. That is the structure of a
guidebuilder guide without its finer points, so timing both on one guide compares the engines.

It trusts its input (run `guidebuilder check` first): no validation, no error messages. It reads the
YAML with PyYAML's C loader when there is one, turns rich text into runs of plain, italic and bold
text with curly quotes and dashes, and writes Typst markup with every character escaped.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import typst
import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_COLORS = ["#7A2E26", "#1F5F8B", "#2E7D32", "#6A1B9A", "#B26A00",
                  "#00796B", "#8E3B76", "#37474F", "#9E4A14", "#546E7A"]


def read(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=LOADER)


def load(folder: Path) -> dict:
    """guide.yaml, any KEY.yaml beside it, and chapters/*.yaml in name order, with defaults."""
    guide = read(folder / "guide.yaml") or {}
    for extra in sorted(folder.glob("*.yaml")):
        if extra.stem != "guide":
            guide[extra.stem] = read(extra)
    files = sorted((folder / "chapters").glob("*.yaml"))
    if files:
        guide["chapters"] = [read(p) for p in files]
    for n, ch in enumerate(guide["chapters"], 1):
        ch.setdefault("id", f"ch{n}")
        ch.setdefault("short", str(n))
        if isinstance(ch.get("summary"), str):
            ch["summary"] = [{"text": ch["summary"]}]
        for key in ("summary", "quotes", "questions"):
            ch[key] = ch.get(key) or []
    return guide


# ---------------------------------------------------------------- rich text -> runs

_OPEN_BEFORE = set(" \t\n([{\u2013\u2014")
_EMPHASIS = re.compile(r"\*\*(?P<b>.+?)\*\*|\*(?P<i>.+?)\*")


def curly(text: str) -> str:
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    out, before = [], " "
    for ch in text:
        if ch in "\"'":
            opening = before in _OPEN_BEFORE
            ch = ("\u201c" if opening else "\u201d") if ch == '"' else ("\u2018" if opening else "\u2019")
        out.append(ch)
        before = ch
    return "".join(out)


def runs(text: str) -> list[tuple[str, str]]:
    """One paragraph -> [(text, '' | 'i' | 'b')]."""
    text, out, at = curly(str(text)), [], 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > at:
            out.append((text[at:m.start()], ""))
        out.append((m.group("b"), "b") if m.group("b") is not None else (m.group("i"), "i"))
        at = m.end()
    if at < len(text):
        out.append((text[at:], ""))
    return out


_ACTIVE = re.compile(r"([\\#*_`$@<>\[\]~+\-/=\"'.:])")


def lit(text: str) -> str:
    """Text as literal Typst markup: every character that markup could act on escaped."""
    return _ACTIVE.sub(r"\\\1", text)


def string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def inline(text) -> str:
    return "".join(f"#emph[{lit(t)}]" if s == "i" else f"#strong[{lit(t)}]" if s == "b" else lit(t)
                   for t, s in runs(text))


def rich(text) -> str:
    """Rich text (paragraphs, '- ' bullets, '> ' quotes) -> Typst markup."""
    out = []
    for para in re.split(r"\n\s*\n", str(text or "").strip()):
        lines = para.split("\n")
        if all(line.startswith("- ") for line in lines):
            out.append("\n".join("- " + inline(line[2:]) for line in lines))
        elif all(line.startswith("> ") for line in lines):
            out.append("#quote(block: true)[" + inline(" ".join(line[2:] for line in lines)) + "]")
        elif para:
            out.append(inline(" ".join(lines)))
    return "\n\n".join(out)


# ---------------------------------------------------------------- the document

PAGE = r"""#set document(title: %(title)s, author: %(author)s)
#set page(paper: "us-letter", margin: 0.75in, footer: context align(center,
  text(font: "DejaVu Sans", size: 8pt)[%(footer)s — #counter(page).display()]))
#set text(font: "DejaVu Serif", size: 10pt, lang: "en")
#set par(leading: 0.62em, spacing: 0.9em)
#show heading: set text(font: "DejaVu Sans")
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 1): set block(above: 12pt, below: 10pt)
#show heading.where(level: 2): set text(size: 13pt)
#show heading.where(level: 2): set block(above: 14pt, below: 8pt)
#show heading.where(level: 3): set text(size: 10.5pt)
"""


def sans(size: str, body: str, extra: str = "") -> str:
    return f'#text(font: "DejaVu Sans", size: {size}{extra})[{body}]'


def dot(color: str) -> str:
    return f'#text(font: "DejaVu Sans", fill: rgb("{color}"))[\u25cf]'


def tint(color: str, count: int, most: int) -> str:
    """`color` mixed with white: the more often a theme comes up in a chapter, the darker."""
    share = 0.12 + 0.88 * count / most if count else 0.0
    rgb = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02X}" for c in rgb)


def source_line(quote: dict, chapter: dict | None, names: dict) -> str:
    who = names.get(quote.get("speaker"), quote.get("speaker"))
    where = ", ".join(x for x in ((chapter or {}).get("title", ""),
                                  f"p. {quote['page']}" if quote.get("page") is not None else "") if x)
    return "\u2014" + (f" {who}" if who else "") + (f" ({where})" if where else "")


def quote(q: dict, chapter: dict | None, names: dict) -> str:
    text = " \\\n".join(inline(line) for line in str(q["text"]).strip().split("\n"))
    parts = [f"#emph[{text}]", "#align(right, " + sans("9pt", lit(curly(source_line(q, chapter, names))))[1:] + ")"]
    if q.get("explanation"):
        parts.append(f"#text(size: 9pt)[{rich(q['explanation'])}]")
    return "#block(breakable: false, inset: (x: 22pt), below: 10pt)[\n" + "\n\n".join(parts) + "\n]\n"


def document(g: dict) -> str:
    themes = g["themes"]
    spare = [c for c in DEFAULT_COLORS if c not in {t.get("color") for t in themes}]
    color = {t["id"]: t.get("color") or spare.pop(0) for t in themes}
    names = {c["id"]: c["name"] for c in g.get("characters") or ()}
    out = [PAGE % {"title": string(g["title"]), "author": string(g["author"]), "footer": lit(g["title"])}]
    put = out.append

    put("#v(1.2in)\n" + sans("28pt", lit(g["title"]), ', weight: "bold"') + "\n")
    if g.get("subtitle"):
        put(sans("14pt", lit(g["subtitle"])) + "\n")
    byline = g["author"] + (f", {g['published']}" if g.get("published") else "")
    put(sans("14pt", lit(str(byline))) + "\n#v(0.5in)\n== Themes\n")
    legend = []
    for t in themes:
        about = f" \\\n#text(size: 9pt)[{inline(t['summary'])}]" if t.get("summary") else ""
        legend.append(f'circle(radius: 6pt, fill: rgb("{color[t["id"]]}"), stroke: none), '
                      f"[#strong[{lit(t['name'])}]{about}]")
    put("#grid(columns: (22pt, 6in), row-gutter: 8pt,\n  " + ",\n  ".join(legend) + ")\n")
    if g.get("credits"):
        put(f"#v(0.4in)\n#text(size: 9pt)[{lit(g['credits'])}]\n")
    put("#pagebreak()\n")

    for t in themes:
        c = color[t["id"]]
        put(f'= {dot(c)} #text(fill: rgb("{c}"))[{lit(t["name"])}]\n')
        put(rich(t.get("analysis")) + "\n")
        theirs = [(ch, q) for ch in g["chapters"] for q in ch["quotes"] if t["id"] in (q.get("themes") or ())]
        if theirs:
            put("== Key quotes\n")
            out.extend(quote(q, ch, names) for ch, q in theirs)
        put("#pagebreak()\n")

    counts, most = [], 1
    for ch in g["chapters"]:
        n = dict.fromkeys(color, 0)
        for item in ch["summary"] + ch["quotes"]:
            for tid in item.get("themes") or ():
                n[tid] += 1
        n.update(ch.get("theme_weights") or {})
        most = max(most, *n.values())
        counts.append(n)
    put("= Theme tracker\n")
    head = ["[#strong[Ch.]]"] + [f'align(bottom, text(size: 7pt, fill: rgb("{color[t["id"]]}"))[#strong[{lit(t["name"])}]])'
                                  for t in themes]
    rows = []
    for ch, n in zip(g["chapters"], counts):
        rows.append(", ".join([f"[{lit(str(ch['short']))}]"] + [
            f'table.cell(fill: rgb("{tint(color[t["id"]], n[t["id"]], most)}"))[]' if n[t["id"]] else "[]"
            for t in themes]))
    put('#[#set text(font: "DejaVu Sans", size: 8pt)\n#table(columns: (36pt, ' + ", ".join(["1fr"] * len(themes))
        + '), stroke: 0.4pt + rgb("#999999"), inset: (x: 3pt, y: 2pt),\n  table.header(' + ", ".join(head)
        + "),\n  " + ",\n  ".join(rows) + ")]\n#pagebreak()\n")

    for ch in g["chapters"]:
        put(f"= {lit(str(ch['title']))}\n")
        cells = []
        for p in ch["summary"]:
            dots = " ".join(dot(color[t]) for t in p.get("themes") or ())
            right = rich(p.get("analysis"))
            cells.append(f"[{rich(p['text'])}], [{dots + chr(10) * 2 + right if dots else right}]")
        put('#[#set text(size: 9pt)\n#set par(leading: 0.55em)\n#table(columns: (1fr, 1fr), '
            'stroke: 0.4pt + rgb("#AAAAAA"), inset: 5pt,\n  table.header(table.cell(fill: rgb("#EEEEEE"))[*Summary*], '
            'table.cell(fill: rgb("#EEEEEE"))[*Analysis*]),\n  ' + ",\n  ".join(cells) + ")]\n")
        if ch["quotes"]:
            put("== Quotes\n")
            out.extend(quote(q, None, names) for q in ch["quotes"])
        if ch["questions"]:
            put("=== Questions\n")
            for n, q in enumerate(ch["questions"], 1):
                put(f"{n}\\. {inline(q['prompt'])}\n")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--source"):
        sys.exit(__doc__.split("\n\n")[1])
    text = document(load(Path(argv[0])))
    if len(argv) == 4:
        Path(argv[3]).write_text(text, encoding="utf-8")
    typst.compile(text.encode("utf-8"), output=argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
