#!/usr/bin/env python3
"""Write a synthetic study guide of any size, for benchmarks and stress tests.

    python benchmarks/make_guide.py OUTDIR --chapters N --themes T --seed S

OUTDIR gets guide.yaml (everything but the chapters) and chapters/NNN-chapter-N.yaml, one file per
chapter, in the content format of docs/. The prose is English-shaped nonsense from the word lists
below, with what real guides contain: *italic*, straight double and single quotes (speech,
possessives), ` -- ` asides, `...`, and now and then a literal `&`, `<`, `>` or `&amp;` that must print
as typed.

Per chapter: 3-5 passages (text 60-110 words, analysis 50-90, 1-3 themes), 1-2 quotes (30-80 words,
a fifth with a kept line break; speaker, characters, sometimes symbols, 1-2 themes, a page number or
range, a 35-45 word explanation) and, every third chapter, a short-answer question. The guide has
T themes (no icons: the defaults apply), 12 characters, 4 symbols, 10 glossary terms, 5 questions.

Standard library only, and the YAML is written by hand: the same arguments give byte-identical
files on any platform and Python 3 version (one random.Random(seed) drives every choice; nothing
reads the clock, the environment or set order). Existing chapters/*.yaml in OUTDIR are replaced.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

THINGS = """
lantern harbor orchard cellar attic ledger bridge meadow carriage parlor quarry
mill chapel courtyard letter portrait debt inheritance fever candle mirror
clock staircase well bell wager rumor oath quarrel bargain harvest flood frost
journey exile homecoming trial verdict pardon errand gift ring coat knife map
lesson sermon ballad wound scar grave cradle threshold fence hedge tide dawn dusk
""".split()

ACTIONS = """
keeps burns buries carries breaks mends answers hides finds sells borrows steals
guards remembers misreads overhears repeats refuses offers abandons pursues
delays forgives blames praises mocks fears trusts doubts visits avoids signs
""".split()

QUALITIES = """
faded narrow crooked hollow heavy bright brittle patient restless stubborn
tender anxious solemn careless shabby gilded distant furtive weary eager
sullen gracious muddy polished crumbling secret borrowed
""".split()

MANNERS = """
softly abruptly reluctantly eagerly barely plainly nearly twice once seldom
""".split()

JOINS = "though because once whenever while unless until although since".split()

READINGS = """
signals frames sharpens deepens questions undercuts anticipates recalls
dramatizes reframes tests exposes stages doubles
""".split()

IDEAS = """
pride belonging duty honesty inheritance ambition rivalry mercy memory
faith reputation shame independence home
""".split()

GIVEN = """
Nora Silas Edith Jonah Miriam Amos Tessa Caleb Hester Gideon Ruth Ezra Lucy Oren
Beatrix Walter
""".split()

FAMILY = "Thorne Ashby Pell Greaves Wick Marsh Colby Fenn Dacre Holt Quill Ransom".split()

THEMES = [
    ("pride", "Pride and Its Price"),
    ("belonging", "Belonging and Exile"),
    ("land", "The Land and the Weather"),
    ("inheritance", "Inheritance & What Is Owed"),
    ("truth", "Truth, Rumor and Silence"),
    ("class", "Class vs. Character"),
    ("freedom", "Freedom Against the Expectations of Others"),
    ("mercy", "Mercy and Revenge"),
    ("past", "The <Buried> Past"),
    ("faith", "Faith, Doubt & Reason"),
]

COLORS = ["#9C2F2F", "#23587F", "#2C6B3F", "#6B3F86", "#A8680F",
          "#1B6E66", "#7E4A8E", "#33475B", "#964B12", "#56626E"]

SYMBOLS = [("lantern", "The Lantern"), ("river", "The River"),
           ("ledger", "The Ledger"), ("bells", "Church Bells")]

TERMS = ["dramatic irony", "framing device", "foil", "motif", "free indirect speech",
         "pathetic fallacy", "synecdoche", "analepsis", "bildungsroman", "understatement"]


class Prose:
    """Nonsense sentences and paragraphs, every choice from one Random."""

    def __init__(self, rng: random.Random, people: list[str]):
        self.rng, self.people = rng, people

    def pick(self, words):
        return self.rng.choice(words)

    def phrase(self) -> str:
        roll = self.rng.random()
        if roll < 0.22:
            return self.pick(self.people)
        if roll < 0.32:
            return self.pick(self.people) + "'s " + self.pick(THINGS)
        if roll < 0.68:
            return "the " + self.pick(QUALITIES) + " " + self.pick(THINGS)
        thing = self.pick(THINGS)
        det = self.pick(("the", "a", "his", "her", "their", "that"))
        return ("an" if det == "a" and thing[0] in "aeiou" else det) + " " + thing

    def clause(self, reading: bool = False) -> str:
        words = [self.phrase()]
        if self.rng.random() < 0.22:
            words.append(self.pick(MANNERS))
        words.append(self.pick(READINGS if reading and self.rng.random() < 0.5 else ACTIONS))
        if reading and self.rng.random() < 0.35:
            words.append("the idea of " + self.pick(IDEAS))
        else:
            words.append(self.phrase())
        if self.rng.random() < 0.28:
            words.append(self.pick(("by", "across", "inside", "behind", "after", "without")) + " " + self.phrase())
        return " ".join(words)

    def sentence(self, reading: bool = False) -> str:
        rng = self.rng
        s = self.clause(reading)
        roll = rng.random()
        if roll < 0.24:
            s += ", " + self.pick(JOINS) + " " + self.clause(reading)
        elif roll < 0.34:
            s += " -- " + self.clause(reading) + " -- and " + self.pick(ACTIONS) + " " + self.phrase()
        elif roll < 0.42:
            said = self.clause()
            s += ', saying "' + said[0].upper() + said[1:] + '"'
        words = s.split(" ")
        if rng.random() < 0.2 and len(words) > 4:  # two words in italics
            k = rng.randrange(1, len(words) - 2)
            if not any(c in words[k] + words[k + 1] for c in "\"-,:'"):
                words[k], words[k + 1] = "*" + words[k], words[k + 1] + "*"
        if rng.random() < 0.025 and len(words) > 3:  # characters that are markup elsewhere
            words.insert(rng.randrange(1, len(words)), self.pick(("&", "<", ">", "&amp;")))
        s = " ".join(words)
        end = rng.random()
        stop = "?" if end < 0.07 else "..." if end < 0.11 else "!" if end < 0.13 else "."
        return s[0].upper() + s[1:] + stop

    def text(self, low: int, high: int, reading: bool = False) -> str:
        """Sentences until at least a word count drawn from [low, high]."""
        goal, out, count = self.rng.randint(low, high), [], 0
        while count < goal:
            out.append(self.sentence(reading))
            count += len(out[-1].split())
        return " ".join(out)

    def paragraphs(self, n: int, low: int, high: int) -> str:
        return "\n\n".join(self.text(low, high, True) for _ in range(n))


def quoted(text: str) -> str:
    """A one-line YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def literal(text: str, indent: int) -> str:
    """A YAML literal block (|-): keeps paragraphs and line breaks exactly."""
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))


def flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def make_guide(chapters: int, themes: int, seed: int) -> dict[str, str]:
    """{path relative to the guide folder: file text}."""
    rng = random.Random(seed)
    people: list[tuple[str, str, str]] = []
    while len(people) < 12:
        first = rng.choice(GIVEN)
        if all(first != p[1] for p in people):
            people.append((first.lower(), first, rng.choice(FAMILY)))
    prose = Prose(rng, [p[1] for p in people])
    theme_ids = [t for t, _ in THEMES[:themes]]
    char_ids = [p[0] for p in people]

    lines: list[str] = []
    add = lines.append
    add(f"# Generated by benchmarks/make_guide.py --chapters {chapters} --themes {themes} --seed {seed}")
    add("format: 1")
    add("title: " + quoted(f"The {rng.choice(QUALITIES).title()} {rng.choice(THINGS).title()}"))
    add("subtitle: " + quoted("A Study Guide"))
    add("author: " + quoted(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"))
    add(f"published: {rng.randint(1790, 1940)}")
    add("language: en")
    add("credits: " + quoted(f"Generated benchmark content (seed {seed}); not a real book."))
    add("background:")
    add("  author_bio: " + literal(prose.paragraphs(2, 60, 100), 4))
    add("  historical_context: " + literal(prose.paragraphs(2, 60, 100), 4))
    works = [f"- *{prose.phrase().title()}* by {rng.choice(GIVEN)}" for _ in range(3)]
    add("  related_works: " + literal("\n".join(works), 4))
    add("  key_facts:")
    for label in ("Genre", "Setting", "Narrator", "Point of view"):
        add(f"    {label}: " + quoted(prose.clause()))
    add("plot_summary: " + literal(prose.paragraphs(4, 80, 130), 2))

    add("themes:")
    for (tid, name), color in zip(THEMES[:themes], COLORS):
        add(f"  - id: {tid}")
        add("    name: " + quoted(name))
        add("    color: " + quoted(color))
        add("    summary: " + quoted(prose.text(10, 18)))
        add("    analysis: " + literal(prose.paragraphs(3, 60, 100), 6))

    add("characters:")
    for i, (cid, first, family) in enumerate(people):
        add(f"  - id: {cid}")
        add("    name: " + quoted(f"{first} {family}"))
        if i % 4 == 0:
            add("    aliases: " + flow([quoted(f"{first[0]}. {family}")]))
        add("    role: " + ("major" if i < 6 else "minor"))
        add("    description: " + literal(prose.text(30, 60), 6))

    add("symbols:")
    for sid, name in SYMBOLS:
        add(f"  - id: {sid}")
        add("    name: " + quoted(name))
        add("    description: " + literal(prose.text(30, 60, True), 6))

    add("glossary:")
    for i, term in enumerate(TERMS):
        add("  - term: " + quoted(term))
        add("    definition: " + literal(prose.text(15, 35), 6))
        add("    kind: " + ("device" if i < 7 else "vocabulary"))
        if i % 3 == 0:
            add(f"    chapter: ch{rng.randint(1, chapters)}")
            add("    example: " + quoted(prose.sentence()))

    add("questions:")
    for i in range(5):
        add("  - prompt: " + quoted(prose.sentence(True).rstrip(".!") + "?"))
        add("    kind: " + ("discussion", "short-answer", "essay")[i % 3])
        add("    themes: " + flow(rng.sample(theme_ids, min(2, themes))))
        add("    answer: " + literal(prose.text(30, 60, True), 6))
    files = {"guide.yaml": "\n".join(lines) + "\n"}

    digits = len(str(chapters))
    for n in range(1, chapters + 1):
        ch: list[str] = []
        add = ch.append
        add(f"id: ch{n}")
        add("title: " + quoted(f"Chapter {n}"))
        add("short: " + quoted(str(n)))
        add(f"length: {rng.randint(6, 30)}")
        add("summary:")
        for _ in range(rng.randint(3, 5)):
            add("  - text: " + literal(prose.text(60, 110), 6))
            add("    analysis: " + literal(prose.text(50, 90, True), 6))
            add("    themes: " + flow(rng.sample(theme_ids, rng.randint(1, min(3, themes)))))
        add("quotes:")
        for _ in range(rng.randint(1, 2)):
            body = prose.text(30, 80)
            if rng.random() < 0.2:  # verse-like: one kept line break
                words = body.split(" ")
                body = " ".join(words[:len(words) // 2]) + "\n" + " ".join(words[len(words) // 2:])
            add("  - text: " + literal(body, 6))
            add("    speaker: " + rng.choice(char_ids))
            add("    characters: " + flow(rng.sample(char_ids, rng.randint(1, 3))))
            if rng.random() < 0.3:
                add("    symbols: " + flow([rng.choice(SYMBOLS)[0]]))
            add("    themes: " + flow(rng.sample(theme_ids, rng.randint(1, min(2, themes)))))
            page = rng.randint(1, 400)
            add("    page: " + (str(page) if rng.random() < 0.8 else quoted(f"{page}-{page + 1}")))
            add("    explanation: " + literal(prose.text(35, 45, True), 6))
        if n % 3 == 0:
            add("questions:")
            add("  - prompt: " + quoted(prose.sentence(True).rstrip(".!") + "?"))
            add("    kind: short-answer")
            add("    answer: " + literal(prose.text(20, 40, True), 6))
        files[f"chapters/{n:0{digits}d}-chapter-{n}.yaml"] = "\n".join(ch) + "\n"
    return files


def write_guide(outdir: Path, chapters: int, themes: int, seed: int) -> int:
    """Write the guide into `outdir` (stale chapter files removed); returns the bytes written."""
    files = make_guide(chapters, themes, seed)
    folder = Path(outdir) / "chapters"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.yaml"):
        stale.unlink()
    total = 0
    for rel, text in sorted(files.items()):
        data = text.encode("utf-8")
        (Path(outdir) / rel).write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--chapters", type=int, default=12)
    ap.add_argument("--themes", type=int, default=5, help=f"1 to {len(THEMES)}")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.chapters < 1:
        ap.error("--chapters must be at least 1")
    if not 1 <= args.themes <= len(THEMES):
        ap.error(f"--themes must be 1 to {len(THEMES)}")
    total = write_guide(args.outdir, args.chapters, args.themes, args.seed)
    print(f"wrote {args.outdir}: {args.chapters + 1} files, {total:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
