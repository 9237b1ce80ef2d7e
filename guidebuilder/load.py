"""A guide folder -> a validated Guide, with every mistake reported at once.

load_guide()   read guide.yaml, split files and chapters/, validate, build the model
fields.py declares which keys each mapping takes (THEME ... TOP) and holds the readers.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from . import fields as f
from .errors import ContentError, Problem
from .images import check_image, check_svg, proportions
from .model import (Background, Chapter, Character, Guide, Passage, Question, Quote,
                    Source, Symbol, Term, Theme)
from .palette import ICON_KEYWORDS, ICON_NAMES, PALETTE, TEXT_CONTRAST, contrast, for_text
from .yamlread import YMap, YScalar, YSeq, display_path, read_yaml

ICON_PROPORTIONS = 3.0  # an icon wider or taller than this, by this factor, is warned about
LANGUAGE = f.LANGUAGE

# The keys each mapping takes (THEME, CHAPTER, TOP, ...) are declared in fields.py, with their readers.
THEME, CHARACTER, SYMBOL, TERM = f.THEME, f.CHARACTER, f.SYMBOL, f.TERM
PASSAGE, QUOTE, QUESTION, BACKGROUND, CHAPTER, TOP = f.PASSAGE, f.QUOTE, f.QUESTION, f.BACKGROUND, f.CHAPTER, f.TOP


def load_guide(folder: Path) -> Guide:
    folder = Path(folder)
    root = folder.resolve()
    ctx = f.Ctx(root)
    top_node = _gather(folder, ctx)
    if top_node is None:
        raise ContentError(ctx.problems)
    # what an unreadable file held is not reported again as missing, empty or unknown
    top = f.record(ctx, top_node, "", {k: (e[0], e[1] and k not in ctx.lost) for k, e in TOP.items()})
    if top is None:
        raise ContentError(ctx.problems)
    guide = _build(ctx, top, top_node, folder)
    _check_refs(ctx, guide)
    if ctx.problems:
        raise ContentError(ctx.problems)
    return guide


def _gather(folder: Path, ctx: f.Ctx):
    """guide.yaml plus its split files and chapters/ folder, as one top-level mapping node."""
    main = folder / "guide.yaml"
    if not main.is_file():
        below = sorted(p.parent for p in (*folder.glob("*/guide.yaml"), *folder.glob("*/*/guide.yaml")))
        hint = ""
        if below:
            shown = ", ".join(display_path(p) for p in below[:3]) + (" ..." if len(below) > 3 else "")
            hint = f"; guide folders below it: {shown} (give one of those)"
        ctx.problems.append(Problem(Source(display_path(main), 1, 1), f"no guide.yaml in this folder{hint}"))
        return None
    if _confined(ctx, main, Source(display_path(main), 1, 1), "guide") is None:
        return None
    node = _read(ctx, main)
    if node is _UNREADABLE:  # still read the other files, so that all their mistakes are reported too
        ctx.lost.update(TOP)
        node = YMap({}, Source(display_path(main), 1, 1))
    if node is None:
        ctx.problems.append(Problem(Source(display_path(main), 1, 1), "guide.yaml is empty: expected a mapping with title, author, themes and chapters"))
        return None
    if not isinstance(node, YMap):
        ctx.problems.append(Problem(node.src, "guide.yaml must hold a mapping of keys (title, author, ...)"))
        return None
    items = dict(node.items)
    for key in TOP:
        part = folder / f"{key}.yaml"
        if part.is_file() and key != "guide":
            _confined(ctx, part, Source(display_path(part), 1, 1), key)
            if key in items:
                ctx.error(items[key][0], key, f"'{key}' is given both here and in {display_path(part)}; keep one")
                continue
            value = _read(ctx, part, key)
            if value is _UNREADABLE:
                ctx.lost.add(key)
            else:
                items[key] = (Source(display_path(part), 1, 1), value)
    _stray_files(ctx, folder)
    chapters_dir = folder / "chapters"
    if chapters_dir.is_dir():
        if "chapters" in items:
            ctx.error(items["chapters"][0], "chapters", f"chapters are given both here and in the folder {display_path(chapters_dir)}; keep one")
        else:
            files = sorted(p for p in chapters_dir.iterdir() if _is_yaml(p))
            nodes = []
            for p in files:
                if not p.is_file():
                    ctx.error(Source(display_path(p), 1, 1), "chapters", f"{display_path(p)} is a folder, not a chapter file")
                    continue
                _confined(ctx, p, Source(display_path(p), 1, 1), "chapters")
                chapter = _read(ctx, p, f"chapters[{len(nodes)}]")
                if chapter is _UNREADABLE:
                    ctx.lost.add("chapters")
                else:
                    nodes.append(chapter if chapter is not None else YMap({}, Source(display_path(p), 1, 1)))
            items["chapters"] = (Source(display_path(chapters_dir), 1, 1), YSeq(tuple(nodes), Source(display_path(chapters_dir), 1, 1)))
    return YMap(items, node.src)


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def _stray_files(ctx: f.Ctx, folder: Path) -> None:
    """Warn about YAML files beside guide.yaml that the guide does not read (a misspelt name)."""
    names = [f"{key}.yaml" for key in TOP]
    for path in sorted(folder.iterdir()):
        if _is_yaml(path) and path.name not in names and path.name != "guide.yaml":
            ctx.warnings.append((Source(display_path(path), 1, 1), "this file is not part of the guide and is not "
                                 f"read{f.closest(path.stem.lower() + '.yaml', names)} (a file beside guide.yaml "
                                 "is read when it is named after a top-level key, such as themes.yaml)"))


_UNREADABLE = object()


def _read(ctx: f.Ctx, path: Path, key_path: str = ""):
    """The file's root node (None if empty), or _UNREADABLE when it is not YAML at all."""
    try:
        node, problems = read_yaml(path, key_path)
    except ContentError as exc:
        ctx.problems.extend(exc.problems)
        return _UNREADABLE
    ctx.problems.extend(p for p in problems if p.severity == "error")
    ctx.warnings.extend((p.source, p.message) for p in problems if p.severity != "error")
    return node


def _confined(ctx: f.Ctx, path: Path, src: Source, key: str) -> Path | None:
    """The resolved path if it stays inside the guide folder (symlinks followed), else an error."""
    resolved = path.resolve()
    if resolved != ctx.root and ctx.root not in resolved.parents:
        ctx.error(src, key, f"'{path}' leads outside the guide folder; files must stay inside it")
        return None
    return resolved


def _build(ctx: f.Ctx, top: dict, top_node: YMap, folder: Path) -> Guide:
    src = {k: v[0] for k, v in top_node.items.items()}
    if top.get("format", 1) != 1:
        ctx.error(top_node.items["format"][1].src, "format", f"unknown format version {top['format']}; this guidebuilder reads format 1")
    language = top.get("language") or "en"
    warnings = ctx.warnings
    if not LANGUAGE.match(language):
        ctx.error(top_node.items["language"][1].src, "language", f"'{language}' is not a language code such as en, en-US or fr")
    else:
        from .hyphenate import known_language
        if not known_language(language):
            warnings.append((top_node.items["language"][1].src, f"no hyphenation patterns for '{language}'; text will not be hyphenated"))
    chapters = _items(ctx, top.get("chapters"), "chapters", _chapter, src.get("chapters"), required="chapters" not in ctx.lost,
                      kind="chapter")
    themes = _defaults(ctx, _items(ctx, top.get("themes"), "themes", _theme, src.get("themes"),
                                   required="themes" not in ctx.lost, kind="theme"))
    return Guide(
        root=ctx.root, title=top.get("title", ""), author=top.get("author", ""), subtitle=top.get("subtitle", ""),
        published=top.get("published", ""), language=language,
        **_cover(ctx, top.get("cover")),
        credits=top.get("credits", ""), background=_background(ctx, top.get("background"), "background"),
        plot_summary=top.get("plot_summary", ""), themes=themes,
        characters=_items(ctx, top.get("characters"), "characters", _simple(CHARACTER, Character, "character"),
                          kind="character"),
        symbols=_items(ctx, top.get("symbols"), "symbols", _simple(SYMBOL, Symbol, "symbol"), kind="symbol"),
        glossary=_items(ctx, top.get("glossary"), "glossary", _simple(TERM, Term)),
        chapters=tuple(c for c in chapters),
        questions=_items(ctx, top.get("questions"), "questions", _simple(QUESTION, Question)),
        unit=top.get("unit") or ("Chapter", "Chapters"), locator=top.get("locator", "page"),
        texts=tuple(ctx.texts), warnings=tuple(warnings), notes=tuple(ctx.notes),
    )


def _items(ctx, node, path, build, where=None, required=False, kind=None) -> tuple:
    if node is None or node == ():
        if required and where is not None:
            ctx.error(where, path, "expected a list with at least one entry")
        return ()
    if not isinstance(node, YSeq):
        ctx.error(node.src, path, f"expected a list, found {f.kind_of(node)}")
        if kind:
            ctx.unnamed.add(kind)  # its ids are unknown, so references to them are not reported as well
        return ()
    if required and not node.items:
        ctx.error(node.src, path, "expected a list with at least one entry")
    built = [build(ctx, n, f"{path}[{i}]", i + 1) for i, n in enumerate(node.items)]
    return tuple(b for b in built if b is not None)


def _simple(table, cls, kind: str | None = None):
    def build(ctx, node, path, _position):
        values = f.record(ctx, node, path, table)
        if kind:
            _define(ctx, kind, node, values, path)
        if values is None or any(k not in values for k, e in table.items() if e[1]):
            return None
        return cls(**values)
    return build


def _define(ctx, kind: str, node, values, path: str) -> None:
    """Record the item's id. An id written wrongly ('Isolation') still counts, as written and in
    lowercase, so the references it was meant for are not reported too; an item whose id cannot be
    read at all makes every unknown reference of its kind unreportable (the item's error comes first)."""
    if values is not None and "id" in values:
        ctx.define(kind, node, values, path)
        return
    written = node.items.get("id", (None, None))[1] if isinstance(node, YMap) else None
    if isinstance(written, YScalar) and written.text.strip():
        ctx.meant.update({(kind, written.text), (kind, written.text.strip().lower())})
    else:
        ctx.unnamed.add(kind)


def _theme(ctx, node, path, _position):
    values = f.record(ctx, node, path, THEME)
    _define(ctx, "theme", node, values, path)
    if values is None or "id" not in values or "name" not in values:
        return None
    values["_src"] = node.src
    color = values.get("color")
    if color and contrast(color) < TEXT_CONTRAST:
        ctx.warnings.append((node.items["color"][1].src, f"{path}.color: '{color}' is too light to read as text "
                             f"on white ({contrast(color):.1f}:1; text needs {TEXT_CONTRAST:g}:1): names in it print "
                             f"as {for_text(color)}, fills keep '{color}'"))
    icon = values.get("icon")
    if icon == "":
        ctx.error(node.items["icon"][0], f"{path}.icon", "'icon' has no value: give a built-in icon name "
                  "(guidebuilder icons lists them) or the path of an .svg, .png or .jpg file, or leave the key out")
        values.pop("icon")
        return values
    if icon and icon not in ICON_NAMES:
        icon_node = node.items["icon"][1]
        if "." not in icon and "/" not in icon:
            ctx.error(icon_node.src, f"{path}.icon", f"unknown icon '{icon}'{f.closest(icon, ICON_NAMES)} (or give a path to an .svg, .png or .jpg file)")
            values.pop("icon")  # the theme stays defined, so references to it are not reported too
            return values
        resolved = _image_path(ctx, icon_node, f"{path}.icon", svg_ok=True)
        if resolved is None:
            values.pop("icon")
        else:
            values["icon"] = str(resolved)
            ratio = proportions(resolved)
            if not 1 / ICON_PROPORTIONS <= ratio <= ICON_PROPORTIONS:
                ctx.warnings.append((icon_node.src, f"{path}.icon: '{icon}' is {max(ratio, 1 / ratio):.0f} times as "
                                     f"{'wide' if ratio > 1 else 'tall'} as it is {'tall' if ratio > 1 else 'wide'}; "
                                     "icons are drawn in a square, so it will print as a thin line"))
    return values


def _defaults(ctx: f.Ctx, theme_values: tuple) -> tuple[Theme, ...]:
    """Themes with the palette colors that no theme named, in order, and icons chosen by meaning."""
    colors = iter(c for c in PALETTE if c not in {v.get("color") for v in theme_values})
    taken = {v.get("icon") for v in theme_values}
    themes = []
    for v in theme_values:
        v = dict(v)
        where = v.pop("_src", None)
        if "color" not in v:  # past the palette, colors repeat
            v["color"] = next(colors, PALETTE[len(themes) % len(PALETTE)])
        if "icon" not in v:
            icon, reason = choose_icon(v.get("name", ""), v.get("summary", ""), taken)
            v["icon"] = icon or ICON_NAMES[len(themes) % len(ICON_NAMES)]
            taken.add(v["icon"])
            if where is not None:
                ctx.notes.append((where, f"theme '{v['id']}' has no icon: using '{v['icon']}' ({reason})"))
        themes.append(Theme(**v))
    return tuple(themes)


_WORD = re.compile(r"[a-z]+")


def choose_icon(name: str, summary: str, taken: set) -> tuple[str | None, str]:
    """The unused built-in icon whose keywords best match the theme's name (twice) and summary,
    else the next unused one; with a few words saying why."""
    words = [(w, 2) for w in _WORD.findall(name.lower())] + [(w, 1) for w in _WORD.findall(summary.lower())]
    matches = {w: _icons_matching(w) for w, _ in words}  # each distinct word compared once, not once per icon
    best, best_score, why = None, (0, 0), ""
    for icon in ICON_NAMES:
        if icon in taken:
            continue
        hits = [(i, w, weight) for i, (w, weight) in enumerate(words) if icon in matches[w]]
        score = (sum(weight for _, _, weight in hits), -hits[0][0] if hits else 0)  # ties: the earlier word
        if score[0] and score > best_score:
            best, best_score, why = icon, score, f"it matches '{hits[0][1]}'"
    if best is not None:
        return best, why
    free = next((i for i in ICON_NAMES if i not in taken), None)
    return free, "the next unused icon; give 'icon' to choose another"


def _icons_matching(word: str) -> frozenset:
    return frozenset(icon for k, icon in _keywords_by_prefix().get(word[:4], ()) if _same_word(word, k))


@cache
def _keywords_by_prefix() -> dict[str, list[tuple[str, str]]]:
    """(keyword, icon) pairs by the keyword's first four letters, which any word _same_word() matches
    to it shares (the same word, or a stem of 5+ letters)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for icon in ICON_NAMES:
        for keyword in ICON_KEYWORDS.get(icon, ()):
            index.setdefault(keyword[:4], []).append((keyword, icon))
    return index


def _same_word(word: str, keyword: str) -> bool:
    """'violent' ~ 'violence', 'dreams' ~ 'dream': the same word or a shared stem of 5+ letters."""
    if word == keyword:
        return True
    stem = min(len(word), len(keyword), 7)
    return stem >= 5 and word[:stem - 1] == keyword[:stem - 1] and abs(len(word) - len(keyword)) <= 3


def _background(ctx, node, path) -> Background:
    if node is None or node == ():
        return Background()
    values = f.record(ctx, node, path, BACKGROUND)
    if values is None:
        return Background()
    facts = values.pop("key_facts", None)
    pairs = ()
    if facts not in (None, ()):
        if not isinstance(facts, YMap):
            ctx.error(facts.src, f"{path}.key_facts", f"expected a mapping of label: text, found {f.kind_of(facts)}")
        else:
            pairs = tuple((k, f.text(ctx, v, f"{path}.key_facts.{k}") or "") for k, (_, v) in facts.items.items())
    return Background(key_facts=pairs, **values)


def _chapter(ctx, node, path, position):
    values = f.record(ctx, node, path, CHAPTER)
    if values is not None and "id" not in node.items:
        ctx.defs.append(("chapter", f"ch{position}", node.src, path))
    else:
        _define(ctx, "chapter", node, values, path)
    if values is None or "title" not in values:
        return None
    summary = values.get("summary", ())
    if summary != () and not isinstance(summary, YSeq):
        text = f.rich(ctx, summary, f"{path}.summary")
        passages = (Passage(text),) if text else ()
    else:
        passages = _items(ctx, summary or None, f"{path}.summary", _simple(PASSAGE, Passage))
    weights = values.get("theme_weights", ())
    pairs = ()
    if weights != ():
        if not isinstance(weights, YMap):
            ctx.error(weights.src, f"{path}.theme_weights", f"expected a mapping of theme id: number, found {f.kind_of(weights)}")
        else:
            for key, (key_src, value) in weights.items.items():
                ctx.refs.append(("theme", key, key_src, f"{path}.theme_weights.{key}"))
                if value is None:
                    ctx.error(key_src, f"{path}.theme_weights.{key}", f"'{key}' has no value: expected a number >= 0")
                    continue
                n = f.nonnegative(ctx, value, f"{path}.theme_weights.{key}")
                if n is not None:
                    pairs += ((key, n),)
    return Chapter(
        id=values.get("id", f"ch{position}"), title=values["title"], short=values.get("short") or str(position),
        position=position, length=values.get("length"), passages=passages,
        synopsis=" ".join(values.get("synopsis", "").split()), part=" ".join(values.get("part", "").split()),
        quotes=_items(ctx, values.get("quotes") or None, f"{path}.quotes", _simple(QUOTE, Quote)),
        questions=_items(ctx, values.get("questions") or None, f"{path}.questions", _simple(QUESTION, Question)),
        theme_weights=pairs,
    )


def _cover(ctx, node) -> dict:
    """`cover: PATH` or `cover: {image: PATH, alt: TEXT}` -> the Guide's cover and cover_alt;
    a cover image without alt text is warned about (the PDF then describes it by the title)."""
    if node is None or node == ():
        return {}
    if isinstance(node, YMap):
        values = f.record(ctx, node, "cover", f.COVER)
        if not values or not values.get("image"):
            return {}
        image, alt = _image_path(ctx, values["image"], "cover.image"), values.get("alt", "")
    else:
        image, alt = _image_path(ctx, node, "cover"), ""
    if image is None:
        return {}
    if not alt.strip():
        ctx.warnings.append((node.src, "cover: the cover image has no alt text for screen readers; the PDF "
                                       "describes it by the guide's title (write cover: {image: ..., alt: ...})"))
    return {"cover": image, "cover_alt": " ".join(alt.split())}


def _image_path(ctx, node, path, svg_ok=False) -> Path | None:
    value = f.text(ctx, node, path)
    if not value:
        return None
    candidate = Path(value)
    full = candidate if candidate.is_absolute() else ctx.root / candidate
    resolved = _confined(ctx, full, node.src, path)
    if resolved is None:
        return None
    if not resolved.is_file():
        ctx.error(node.src, path, f"no file '{value}' in the guide folder")
        return None
    if resolved.suffix.lower() == ".svg":
        problem = check_svg(resolved) if svg_ok else "an SVG is allowed only for icons; use PNG or JPEG here"
    else:
        problem = check_image(resolved)
    if problem:
        ctx.error(node.src, path, f"'{value}': {problem}")
        return None
    return resolved


def _check_refs(ctx: f.Ctx, guide: Guide) -> None:
    # every id an item defines counts, even when the item has another mistake: that mistake is
    # reported, and the references to its id are not reported as well
    defined: dict[str, list[str]] = {"theme": [], "character": [], "symbol": [], "chapter": []}
    for kind, ident, _src, _path in ctx.defs:
        defined[kind].append(ident)
    first: dict[tuple[str, str], Source] = {}
    for kind, ident, src, path in ctx.defs:
        if (kind, ident) in first:
            earlier = first[(kind, ident)]
            where = f"line {earlier.line}" if earlier.file == src.file else f"{earlier.file}:{earlier.line}"
            ctx.error(src, path, f"the {kind} id '{ident}' is defined twice (first at {where}); ids must be unique")
        else:
            first[(kind, ident)] = src
    for kind, ref, src, path in ctx.refs:
        if (ref not in defined[kind] and f"{kind}s" not in ctx.lost and kind not in ctx.unnamed
                and (kind, ref) not in ctx.meant):
            known = defined[kind]
            hint = f.closest(ref, known) + f.known(kind, known) if known else f"; no {kind}s are defined"
            ctx.error(src, path, f"unknown {kind} '{ref}'{hint}")
