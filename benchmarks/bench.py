#!/usr/bin/env python3
"""Benchmark guidebuilder on generated guides of three sizes.

For each size, writes a synthetic guide with ../shared/bench/make_guide.py, runs
`guidebuilder pdf DIR -o OUT.pdf` --runs times and `guidebuilder check DIR` once,
each as a subprocess, and prints a table: median wall seconds of the pdf runs,
pages, pages per second, PDF bytes, the peak resident memory of the largest pdf
run (that child's own rusage, from os.wait4) and the check seconds.

    python benchmarks/bench.py                          # small, novel, large; 3 runs
    python benchmarks/bench.py --sizes small --runs 5 --json
    python benchmarks/bench.py --command "python -m guidebuilder"   # another build

It prints figures and asserts nothing; times depend on the machine.  Standard
library plus pypdf (to count pages).
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
SIZES = {  # name: (chapters, themes, seed), as in ../shared/bench/README.md
    "small": (12, 5, 1),
    "novel": (61, 7, 1),
    "large": (300, 8, 1),
}


def timed(cmd, ok=(0,)):
    """Run cmd; return (wall seconds, peak RSS in MB of that child alone)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen won't reap again
    if proc.returncode not in ok:
        sys.exit(f"bench: {shlex.join(cmd)} exited {proc.returncode}:\n"
                 f"{stderr.decode(errors='replace')}")
    # ru_maxrss is KiB on Linux, bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return wall, usage.ru_maxrss * scale / 2**20


def bench_size(name, command, make_guide, workdir, runs):
    chapters, themes, seed = SIZES[name]
    guide = workdir / name
    subprocess.run([sys.executable, str(make_guide), str(guide), "--chapters",
                    str(chapters), "--themes", str(themes), "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL)
    yaml_bytes = sum(p.stat().st_size for p in guide.rglob("*.yaml"))
    out = workdir / f"{name}.pdf"
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = timed(command + ["pdf", str(guide), "-o", str(out)])
        walls.append(wall)
        peaks.append(peak)
    check_seconds, _ = timed(command + ["check", str(guide)])
    pages = len(PdfReader(str(out)).pages)
    seconds = statistics.median(walls)
    return {
        "size": name, "chapters": chapters, "yaml_bytes": yaml_bytes,
        "seconds": round(seconds, 3), "runs": [round(w, 3) for w in walls],
        "pages": pages, "pages_per_second": round(pages / seconds, 1),
        "pdf_bytes": out.stat().st_size, "peak_mb": round(max(peaks), 1),
        "check_seconds": round(check_seconds, 3),
    }


# Hostile inputs that once made a build quadratic or hang. Each is the same one-chapter guide
# with one field swollen; the figure that matters is the ratio to the plain guide, same run.
BASE = """title: Stress
author: Bench
themes:
  - id: a
    name: A
chapters:
  - title: One
    summary:
      - text: {text}
        analysis: A short analysis.
        themes: [a]
"""


def _words(n, seed=7):
    import random
    rng = random.Random(seed)
    return " ".join("".join(rng.choice("etaoinshrdlu") for _ in range(rng.randint(2, 9))) for _ in range(n))


def _alias_bomb(levels=9):
    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [{', '.join(['*a%d' % (i - 1)] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n" + BASE.format(text="plain")


STRESS = {  # name: (what, guide.yaml text, command)
    "plain": ("the same guide, one short passage", lambda: BASE.format(text="A short passage."), "pdf"),
    "paragraph": ("one 300 KB paragraph (50,000 words)", lambda: BASE.format(text=_words(50_000)), "pdf"),
    "long word": ("one 20,000-letter word", lambda: BASE.format(text="x" * 20_000), "pdf"),
    "long title": ("a 6,000-letter chapter title", lambda: BASE.format(text="plain").replace("title: One", "title: " + "y" * 6_000), "pdf"),
    "alias bomb": ("9 levels of YAML aliases (check)", _alias_bomb, "check"),
}


def bench_stress(command, workdir, runs):
    rows = []
    for name, (what, text, verb) in STRESS.items():
        guide = workdir / ("stress-" + name.replace(" ", "-"))
        guide.mkdir(parents=True, exist_ok=True)
        (guide / "guide.yaml").write_text(text(), encoding="utf-8")
        cmd = command + [verb, str(guide)] + (["-o", str(workdir / f"{guide.name}.pdf")] if verb == "pdf" else [])
        walls, peaks = [], []
        for _ in range(runs):
            wall, peak = timed(cmd, ok=(0, 1))
            walls.append(wall)
            peaks.append(peak)
        rows.append({"input": name, "what": what, "seconds": round(statistics.median(walls), 3),
                     "peak_mb": round(max(peaks), 1)})
    for row in rows:
        row["ratio"] = round(row["seconds"] / rows[0]["seconds"], 2)
    return rows


COLUMNS = [("size", "size", "{}"), ("chapters", "chapters", "{}"),
           ("yaml_bytes", "YAML bytes", "{:,}"), ("seconds", "seconds", "{:.2f}"),
           ("pages", "pages", "{}"), ("pages_per_second", "pages/s", "{:.1f}"),
           ("pdf_bytes", "PDF bytes", "{:,}"), ("peak_mb", "peak MB", "{:.1f}"),
           ("check_seconds", "check s", "{:.2f}")]


STRESS_COLUMNS = [("input", "input", "{}"), ("what", "what", "{}"), ("seconds", "seconds", "{:.2f}"),
                  ("ratio", "x plain", "{:.2f}"), ("peak_mb", "peak MB", "{:.1f}")]


def print_table(results, columns=COLUMNS):
    rows = [[title for _, title, _ in columns]]
    rows += [[fmt.format(r[key]) for key, _, fmt in columns] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    for n, row in enumerate(rows):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(SIZES),
                    help="comma-separated, from: " + ", ".join(SIZES))
    ap.add_argument("--runs", type=int, default=3, help="pdf runs per size (median)")
    ap.add_argument("--command", default="guidebuilder",
                    help='the build to run, e.g. "python -m guidebuilder"')
    ap.add_argument("--make-guide", type=Path,
                    default=REPO.parent / "shared" / "bench" / "make_guide.py")
    ap.add_argument("--workdir", type=Path, help="keep guides and PDFs here")
    ap.add_argument("--json", action="store_true", help="also print JSON results")
    ap.add_argument("--stress", action="store_true",
                    help="also time hostile inputs (long paragraph, long word, alias bomb) against a plain guide")
    args = ap.parse_args()

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown or not sizes:
        ap.error(f"unknown size(s) {unknown}; choose from {', '.join(SIZES)}")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if not args.make_guide.is_file():
        sys.exit(f"bench: guide generator not found at {args.make_guide}\n"
                 "  (it lives in the shared tree as bench/make_guide.py; "
                 "pass --make-guide PATH)")
    command = shlex.split(args.command)

    with tempfile.TemporaryDirectory(prefix="guidebench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for name in sizes:
            print(f"bench: {name} ...", file=sys.stderr, flush=True)
            results.append(bench_size(name, command, args.make_guide.resolve(),
                                      workdir.resolve(), args.runs))
        stress = bench_stress(command, workdir.resolve(), args.runs) if args.stress else []
    print(f"{args.command}: median of {args.runs} pdf run(s); peak MB is the "
          "largest single pdf run")
    print_table(results)
    if stress:
        print(f"\nhostile inputs: median of {args.runs} run(s); 'x plain' is the ratio to the plain guide")
        print_table(stress, STRESS_COLUMNS)
    if args.json:
        print(json.dumps({"command": args.command, "runs": args.runs,
                          "results": results, "stress": stress}, indent=2))


if __name__ == "__main__":
    main()
