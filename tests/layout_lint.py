"""A layout lint for built guides, read from the PDF as a reader would see it (pypdfium2).

lint(pdf_path, guide, options) -> list of problems, each "p. N: what is wrong". The checks:

quote-split     the start of a quote's explanation is on the page of its quotation
stranded        no page ends on a heading or a label (bold sans: a heading size, or capitals)
question-alone  no question ends a page without its first answer lines (student edition) or its
                line pointing to the Answer Key (teacher edition), when it has them
no-text         every body page has text (not only answer lines or a continued label)
continued       a "12, continued" or "— Speaker, continued" label opens its page: what it continues
                ended on the page before (never a block split on one page)
short-page      no page ends in its top third in the middle of a section
hyphen          every hyphenated line break is legal: the language's patterns, 2 letters before,
                3 after, no capitalised word, none at all in large print (real compounds aside)
measure         full lines of body prose in the text column average MEASURE_RANGE characters
contrast        text has 4.5:1 contrast with what is behind it (3:1 at 18 pt and over)

Lines are rebuilt from pdfium's characters in content-stream order: ReportLab draws a paragraph
line after line, so the line after a hyphenated one is its continuation.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pypdf import PdfReader

from guidebuilder import markup
from guidebuilder.hyphenate import LEFT, RIGHT, hyphenator
from functools import lru_cache

from guidebuilder.palette import contrast as _contrast_ratio, needed

contrast = lru_cache(maxsize=None)(_contrast_ratio)
DOUBTFUL = 1.5  # a text color with this many times the contrast it needs on white is not checked further
from guidebuilder.styles import Styles

MEASURE_RANGE = (60, 90)
MEASURED_LINES = 20  # fewer full lines than this (a small guide) say nothing about the measure
SANS, SERIF = "FiraSans", "CrimsonText"  # the fonts as the PDF names them


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    y: float  # bottom of the font's box (a little below the baseline)
    size: float
    font: str
    colors: list = field(default_factory=list)  # (char, "#RRGGBB", size)
    last: int = 0  # index of the last character
    last_font: str = ""

    @property
    def bold_sans(self) -> bool:
        """Set in bold sans from first to last character (Bold, SemiBold): a heading or a label."""
        return all(SANS in f and "Bold" in f for f in (self.font, self.last_font))


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    bottom: float  # lowest point of anything drawn in the body area (text, rules, boxes)


def _font(tp, i: int) -> str:
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    raw.FPDFText_GetFontInfo(tp.raw, i, buf, 128, ctypes.byref(flags))
    name = buf.value.decode("latin-1")
    return name.split("+", 1)[-1]


def _fill(tp, i: int) -> str:
    r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    raw.FPDFText_GetFillColor(tp.raw, i, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))
    return "#%02X%02X%02X" % (r.value, g.value, b.value)


def read_pages(path, margin: float) -> list[Page]:
    doc = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for number, page in enumerate(doc, 1):
            w, h = page.get_size()
            tp = page.get_textpage()
            lines: list[Line] = []
            cur = None
            rect = raw.FS_RECTF()
            for i in range(tp.count_chars()):
                ch = chr(raw.FPDFText_GetUnicode(tp.raw, i))
                if ch == "\x02":  # pdfium reports a hyphen that ends a line so
                    ch = "-"
                if ch in "\r\n":
                    continue
                if ch.isspace():
                    if cur is not None and cur.text and not cur.text.endswith(" "):
                        cur.text += " "
                    continue
                raw.FPDFText_GetLooseCharBox(tp.raw, i, ctypes.byref(rect))
                left, right, base = rect.left, rect.right, rect.bottom  # the font's box: one per line
                if (left, right) == (0, 0):
                    continue
                size = raw.FPDFText_GetFontSize(tp.raw, i)
                if cur is None or abs(base - cur.y) > size * 0.6 or left < cur.x1 - size * 2:
                    cur = Line("", left, right, base, size, _font(tp, i))
                    lines.append(cur)
                else:
                    if left - cur.x1 > size * 0.25 and not cur.text.endswith(" "):
                        cur.text += " "
                cur.text += ch
                cur.x1 = max(cur.x1, right)
                cur.last = i
                cur.colors.append((ch, _fill(tp, i), size))
            for ln in lines:
                ln.text = ln.text.strip()
                ln.last_font = _font(tp, ln.last)
            lines = [ln for ln in lines if ln.text and margin * 0.85 < ln.y < h - margin * 0.85]
            bottom = min([ln.y for ln in lines], default=h)
            for obj in page.get_objects(max_depth=3):
                try:
                    _, b, _, t = obj.get_bounds()
                except Exception:
                    continue
                if margin * 0.85 < b and t < h - margin * 0.85:
                    bottom = min(bottom, b)
            pages.append(Page(number, w, h, lines, bottom))
    finally:
        doc.close()
    return pages


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", markup.plain(text).lower())


def _starts(doc_text: list[str], needle: str) -> list[int]:
    return [i + 1 for i, t in enumerate(doc_text) if needle and needle in t]


def lint(path, guide, options) -> list[str]:
    styles = Styles(options, guide.language)
    g = styles.geometry
    margin = g.margin
    pages = read_pages(path, margin)
    reader = PdfReader(str(path))
    section_starts, contents = set(), set()
    top = []
    for item in reader.outline:
        if not isinstance(item, list):
            top.append((item.title, reader.get_destination_page_number(item) + 1))
    section_starts = {p for _, p in top}
    for k, (title, p) in enumerate(top):
        if title == "Contents":
            end = top[k + 1][1] if k + 1 < len(top) else p + 1
            contents = set(range(p, end))
    first_body = 2 if top and top[0][1] > 1 or contents else 1
    problems: list[str] = []
    body = [pg for pg in pages if pg.number >= first_body and pg.number not in contents]
    if first_body == 2:
        body = [pg for pg in body if pg.number != 1]

    # quote-split
    letters = ["".join(_letters(ln.text) for ln in pg.lines) for pg in pages]
    for ch in guide.chapters:
        for q in ch.quotes:
            quote, expl = _letters(q.text)[:30], _letters(q.explanation)[:30]
            for page in _starts(letters, expl):
                t = letters[page - 1]
                if quote not in t[:t.index(expl)]:
                    problems.append(f"p. {page}: quote-split: the explanation of \u201c{markup.plain(q.text)[:40]}\u201d "
                                    "starts without its quotation on the page")

    last = pages[-1].number if pages else 0
    for pg in body:
        text_lines = [ln for ln in pg.lines if sum(c.isalpha() for c in ln.text) >= 3]
        if not any(not ln.text.endswith("continued") for ln in text_lines):
            problems.append(f"p. {pg.number}: no-text: the page has no body text")
            continue
        for ln in text_lines:
            if ln.text.endswith(", continued") and any(other.y > ln.y + 2 for other in text_lines):
                problems.append(f"p. {pg.number}: continued: \u201c{ln.text[:50]}\u201d stands below other text on its page")
        lowest = min(text_lines, key=lambda ln: ln.y)
        heading = lowest.bold_sans and (lowest.size >= 10.5 or (lowest.text.isupper() and len(lowest.text) >= 4))
        if pg.number < last and heading and pg.bottom >= lowest.y - 3:  # nothing drawn below it
                problems.append(f"p. {pg.number}: stranded: the page ends on the heading or label \u201c{lowest.text[:50]}\u201d")
        used = (pg.height - margin) - pg.bottom
        frame_h = g.frame[3]
        if pg.number < last and pg.number + 1 not in section_starts and used < frame_h / 3:
            problems.append(f"p. {pg.number}: short-page: the page ends in its top third ({used:.0f} of {frame_h:.0f} pt) "
                            "mid-section")
    problems += _questions_alone(body, top, guide, options)
    x, _, width, _ = g.column
    average, count = measure(body, x, x + width, styles["body"].fontSize)
    if count >= MEASURED_LINES and not MEASURE_RANGE[0] <= average <= MEASURE_RANGE[1]:
        problems.append(f"measure: full lines of body prose average {average:.0f} characters "
                        f"({MEASURE_RANGE[0]}-{MEASURE_RANGE[1]} read well)")
    problems += _hyphens(body, guide, options)
    problems += _contrast(path, pages)
    return problems


PROMPT = re.compile(r"(\d+)\. ")  # a question's first line: its number in bold serif


def _questions_alone(pages: list[Page], top: list[tuple[str, int]], guide, options) -> list[str]:
    """The last question on each page of the Questions section keeps with its answer lines (drawn
    below its text) or its pointer to the Answer Key, when it has them."""
    from guidebuilder.documents import plan
    from guidebuilder.sections.questions import DEFAULT_LINES

    starts = [p for title, p in top]
    spans = [(p, starts[k + 1] if k + 1 < len(starts) else 1 << 30) for k, (title, p) in enumerate(top)
             if title == "Questions"]
    model = plan(guide, options).guide
    numbered = [q for ch in model.chapters for q in ch.questions] + list(model.questions)
    out = []
    for pg in pages:
        if not any(a <= pg.number < b for a, b in spans):
            continue
        prompts = [i for i, ln in enumerate(pg.lines) if SERIF in ln.font and "Bold" in ln.font and PROMPT.match(ln.text)]
        if not prompts:
            continue
        i = prompts[-1]
        number = int(PROMPT.match(pg.lines[i].text).group(1))
        if not 1 <= number <= len(numbered):
            continue
        q, own = numbered[number - 1], pg.lines[i:]  # what follows the last prompt on the page is its own
        if options.teacher:
            if q.answer and not any("Answer Key" in ln.text for ln in own):
                out.append(f"p. {pg.number}: question-alone: question {number} ends the page without its "
                           "pointer to the Answer Key")
        elif (q.lines if q.lines is not None else DEFAULT_LINES[q.kind]) and pg.bottom >= min(ln.y for ln in own) - 3:
            out.append(f"p. {pg.number}: question-alone: question {number} ends the page without its answer lines")
    return out


def _compounds(guide) -> set[str]:
    found = set()
    for _, text in guide.texts:
        for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", text):
            found.add(word.lower())
    return found


def _hyphens(pages: list[Page], guide, options) -> list[str]:
    hy = hyphenator(guide.language)
    compounds = _compounds(guide)
    out = []
    for pg in pages:
        for a, b in zip(pg.lines, pg.lines[1:]):
            if not re.search(r"[A-Za-z]-$", a.text):
                continue
            m_head = re.search(r"([A-Za-z\u00c0-\u024f]+)-$", a.text)
            m_tail = re.match(r"([A-Za-z\u00c0-\u024f]+)", b.text)
            if not m_head or not m_tail:
                continue
            head, tail = m_head.group(1), m_tail.group(1)
            if any(c.startswith((head + "-" + tail).lower()) or (head + "-" + tail).lower() in c for c in compounds):
                continue  # a compound broken at its own hyphen
            word = head + tail
            legal = (not options.large_print and hy is not None and len(head) >= LEFT and len(tail) >= RIGHT
                     and not word[0].isupper() and len(head) in hy.breaks(word.lower()))
            if not legal:
                out.append(f"p. {pg.number}: hyphen: \u201c{head}-{tail}\u201d is not a legal break")
    return out


def measure(pages: list[Page], column_x: float, right: float, body_size: float) -> tuple[float, int]:
    """(average characters, count) of full lines of body prose starting at the column's left edge."""
    width = right - column_x
    full = [ln for pg in pages for ln in pg.lines
            if SERIF in ln.font and "Bold" not in ln.font and abs(ln.size - body_size) < 0.2
            and abs(ln.x0 - column_x) < 1.5 and ln.x1 >= right - 0.1 * width]
    if not full:
        return 0.0, 0
    return sum(len(ln.text) for ln in full) / len(full), len(full)


def _contrast(path, pages: list[Page]) -> list[str]:
    """Text colors against the page behind them (sampled from a rendering where a color is doubtful)."""
    out = []
    doc = None
    try:
        for pg in pages:
            doubtful = [(ln, ch, color, size) for ln in pg.lines for ch, color, size in ln.colors
                        if ch.isalnum() and contrast(color) < needed(size) * DOUBTFUL]
            if not doubtful:
                continue
            if doc is None:
                doc = pdfium.PdfDocument(str(path))
            image = doc[pg.number - 1].render(scale=1).to_pil().convert("RGB")
            seen = set()
            for ln, ch, color, size in doubtful:
                key = (round(ln.y), color)
                if key in seen:
                    continue
                seen.add(key)
                box = (max(int(ln.x0) - 2, 0), max(int(pg.height - ln.y - ln.size), 0),
                       min(int(ln.x1) + 2, image.width), min(int(pg.height - ln.y + 2), image.height))
                if box[2] <= box[0] or box[3] <= box[1]:
                    continue
                colors = image.crop(box).getcolors(1 << 16) or []
                bg = max(colors)[1] if colors else (255, 255, 255)
                ratio = contrast(color, "#%02X%02X%02X" % bg)
                if ratio < needed(size) - 0.05:
                    out.append(f"p. {pg.number}: contrast: {color} text ({size:.1f} pt) on #%02X%02X%02X is "
                               f"{ratio:.1f}:1, \u201c{ln.text[:30]}\u201d" % bg)
    finally:
        if doc is not None:
            doc.close()
    return out
