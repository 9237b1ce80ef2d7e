#!/usr/bin/env python3
"""Benchmark guidebuilder on generated guides, against Typst when it is installed.

    python benchmarks/bench.py                       # small, novel, large; 3 runs each; catalog; start-up
    python benchmarks/bench.py --sizes small,novel --runs 5 --json
    python benchmarks/bench.py --command "guidebuilder"        # an installed build instead of this tree
    python benchmarks/bench.py --sizes small --stress          # also hostile inputs
    python benchmarks/bench.py --baseline "guidebuilder"       # this tree against an installed build, paired

Every figure is a whole process (start-up included), timed from outside: wall seconds, and peak
resident memory from the child's own rusage (os.wait4), which is the largest single process; 'all
MiB' is what the build's processes hold together (sampled proportional set sizes, one more run). Guides come from make_guide.py beside this
file (seed 1: byte-identical input on every machine). When the `typst` package is installed, each
size is also rendered by typst_render.py, in turn with guidebuilder (A B A B ...), and the ratio is
taken pair by pair, so it holds when a shared machine's speed drifts. It asserts nothing.

Tables: sizes (seconds, pages, pages/s, PDF bytes, peak MiB, the same for Typst, ratio); catalog
(six guides in one `pdf` call with --jobs 1 and with every core); start-up (`--help`, `check` of the
small guide, a one-chapter guide). Standard library plus pypdf (to count pages, in a child).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def write_guide(folder: Path, chapters: int, themes: int, seed: int) -> None:
    """make_guide.py in a child process, like everything else that would make this one grow."""
    subprocess.run([sys.executable, str(HERE / "make_guide.py"), str(folder), "--chapters", str(chapters),
                    "--themes", str(themes), "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)


SIZES = {"small": (12, 5), "novel": (61, 7), "large": (300, 8)}  # name: (chapters, themes); seed 1
CATALOG = 6  # guides in the catalog figure: the small size with seeds 1..6


def timed(cmd: list[str], env=None, ok=(0,)) -> tuple[float, float]:
    """Run cmd; (wall seconds, peak resident MiB of it and the children it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = proc.stderr.read()
    proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    if proc.returncode not in ok:
        sys.exit(f"bench: {shlex.join(cmd)} exited {proc.returncode}:\n{stderr.decode(errors='replace')}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return wall, usage.ru_maxrss * scale / 2**20


def _tree(pid: int) -> list[int]:
    """pid and its descendants, from /proc (Linux)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:  # it ended meanwhile
            pass
    return found


def _pss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def tree_peak(cmd: list[str], env=None, every: float = 0.01) -> float | None:
    """The largest memory that cmd and the processes it starts hold together, in MiB: the sum of
    their proportional set sizes (a page shared after a fork counted once in all), sampled every
    `every` seconds in one run of its own. rusage's peak (the 'peak MiB' column) is the largest
    single process, which a build laid out in two processes would understate. Linux only (None
    elsewhere); sampling costs time, so this run is not timed."""
    if not os.path.exists("/proc/self/smaps_rollup"):
        return None
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, sum(_pss_mib(p) for p in _tree(proc.pid)))
        time.sleep(every)
    return peak


def paired(a: list[str], b: list[str] | None, runs: int, env) -> tuple[list, list]:
    """A and B in turn, one warm-up each; [(wall, peak)] for each."""
    timed(a, env)
    if b:
        timed(b)
    ra, rb = [], []
    for _ in range(runs):
        ra.append(timed(a, env))
        if b:
            rb.append(timed(b))
    return ra, rb


def pages(pdf: Path) -> int:
    """Counted in a child process: this one stays small, because a child's peak memory as the
    kernel reports it starts from its parent's size at the fork (Linux), and would read high."""
    code = "import sys\nfrom pypdf import PdfReader\nprint(len(PdfReader(sys.argv[1]).pages))"
    return int(subprocess.run([sys.executable, "-c", code, str(pdf)], check=True, capture_output=True,
                              text=True).stdout)


def bench_size(name, command, env, workdir: Path, runs: int, typst: bool, baseline: list[str] | None) -> dict:
    """One size: the build, and in turn with it Typst or a baseline build (B) when asked."""
    chapters, themes = SIZES[name]
    guide = workdir / name
    write_guide(guide, chapters, themes, 1)
    out, ty = workdir / f"{name}.pdf", workdir / f"{name}-other.pdf"
    if baseline:
        other = baseline + ["pdf", str(guide), "-o", str(ty)]
    else:
        other = [sys.executable, str(HERE / "typst_render.py"), str(guide), str(ty)] if typst else None
    build = command + ["pdf", str(guide), "-o", str(out)]
    ra, rb = paired(build, other, runs, env)
    seconds = statistics.median(w for w, _ in ra)
    row = {"size": name, "chapters": chapters, "yaml_bytes": sum(p.stat().st_size for p in guide.rglob("*.yaml")),
           "seconds": seconds, "pages": pages(out), "pdf_bytes": out.stat().st_size,
           "peak_mib": max(m for _, m in ra), "tree_mib": tree_peak(build, env), "runs": [round(w, 3) for w, _ in ra]}
    row["pages_per_second"] = row["pages"] / seconds
    row["seconds_per_chapter"] = seconds / chapters
    if baseline:
        row.update(base_seconds=statistics.median(w for w, _ in rb), base_pages=pages(ty),
                   base_peak_mib=max(m for _, m in rb),
                   base_ratio=statistics.median(wa / wb for (wa, _), (wb, _) in zip(ra, rb)))
    elif typst:
        row.update(typst_seconds=statistics.median(w for w, _ in rb), typst_pages=pages(ty),
                   typst_peak_mib=max(m for _, m in rb),
                   ratio=statistics.median(wa / wb for (wa, _), (wb, _) in zip(ra, rb)))
    return row


def bench_catalog(command, env, workdir: Path, runs: int) -> list[dict]:
    chapters, themes = SIZES["small"]
    guides = []
    for seed in range(1, CATALOG + 1):
        guides.append(workdir / "catalog" / f"guide-{seed}")
        write_guide(guides[-1], chapters, themes, seed)
    cores = os.cpu_count() or 1
    rows = []
    for jobs in (1, cores):
        cmd = command + ["pdf", *map(str, guides), "-o", str(workdir / f"catalog-{jobs}"), "--jobs", str(jobs)]
        ra, _ = paired(cmd, None, runs, env)
        rows.append({"jobs": jobs, "guides": CATALOG, "seconds": statistics.median(w for w, _ in ra),
                     "peak_mib": max(m for _, m in ra)})
    for row in rows:
        row["speedup"] = rows[0]["seconds"] / row["seconds"]
    return rows


def bench_startup(command, env, workdir: Path, runs: int) -> list[dict]:
    one = workdir / "one-chapter"
    write_guide(one, 1, 3, 1)
    small = workdir / "small"
    if not small.is_dir():
        write_guide(small, *SIZES["small"], 1)
    cases = [("--help", command + ["--help"]), ("check (small)", command + ["check", str(small)]),
             ("pdf (1 chapter)", command + ["pdf", str(one), "-o", str(workdir / "one.pdf")])]
    rows = []
    for what, cmd in cases:
        ra, _ = paired(cmd, None, runs, env)
        rows.append({"command": what, "seconds": statistics.median(w for w, _ in ra),
                     "peak_mib": max(m for _, m in ra)})
    return rows


# Hostile inputs that once made a build quadratic or hang: one-chapter guides with one field
# swollen, against the same guide plain, in one run. The figure that matters is the ratio.
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


def _words(n: int, seed: int = 7) -> str:
    import random

    rng = random.Random(seed)
    return " ".join("".join(rng.choice("etaoinshrdlu") for _ in range(rng.randint(2, 9))) for _ in range(n))


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [{', '.join(['*a%d' % (i - 1)] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n" + BASE.format(text="plain")


STRESS = {  # name: (what, guide.yaml text, command)
    "plain": ("the same guide, one short passage", lambda: BASE.format(text="A short passage."), "pdf"),
    "paragraph": ("one 300 KB paragraph (50,000 words)", lambda: BASE.format(text=_words(50_000)), "pdf"),
    "long word": ("one 20,000-letter word", lambda: BASE.format(text="x" * 20_000), "pdf"),
    "long title": ("a 6,000-letter chapter title",
                   lambda: BASE.format(text="plain").replace("title: One", "title: " + "y" * 6_000), "pdf"),
    "alias bomb": ("9 levels of YAML aliases (check)", _alias_bomb, "check"),
}


def bench_stress(command, env, workdir: Path, runs: int) -> list[dict]:
    rows = []
    for name, (what, text, verb) in STRESS.items():
        guide = workdir / ("stress-" + name.replace(" ", "-"))
        guide.mkdir(parents=True, exist_ok=True)
        (guide / "guide.yaml").write_text(text(), encoding="utf-8")
        cmd = command + [verb, str(guide)] + (["-o", str(workdir / f"{guide.name}.pdf")] if verb == "pdf" else [])
        walls, peaks = [], []
        for _ in range(runs):
            wall, peak = timed(cmd, env, ok=(0, 1))
            walls.append(wall)
            peaks.append(peak)
        rows.append({"input": name, "what": what, "seconds": statistics.median(walls), "peak_mib": max(peaks)})
    for row in rows:
        row["ratio"] = row["seconds"] / rows[0]["seconds"]
    return rows


SIZE_COLUMNS = [("size", "size", "{}"), ("chapters", "chapters", "{}"), ("yaml_bytes", "YAML bytes", "{:,}"),
                ("seconds", "seconds", "{:.2f}"), ("pages", "pages", "{}"), ("pages_per_second", "pages/s", "{:.1f}"),
                ("seconds_per_chapter", "s/chapter", "{:.3f}"), ("pdf_bytes", "PDF bytes", "{:,}"),
                ("peak_mib", "peak MiB", "{:.0f}"), ("tree_mib", "all MiB", "{:.0f}")]
TYPST_COLUMNS = [("typst_seconds", "Typst s", "{:.2f}"), ("typst_pages", "Typst pages", "{}"),
                 ("typst_peak_mib", "Typst MiB", "{:.0f}"), ("ratio", "x Typst", "{:.2f}")]
BASE_COLUMNS = [("base_seconds", "base s", "{:.2f}"), ("base_pages", "base pages", "{}"),
                ("base_peak_mib", "base MiB", "{:.0f}"), ("base_ratio", "x base", "{:.2f}")]
CATALOG_COLUMNS = [("jobs", "--jobs", "{}"), ("guides", "guides", "{}"), ("seconds", "seconds", "{:.2f}"),
                   ("speedup", "speed-up", "{:.2f}"), ("peak_mib", "peak MiB", "{:.0f}")]
STARTUP_COLUMNS = [("command", "command", "{}"), ("seconds", "seconds", "{:.2f}"), ("peak_mib", "peak MiB", "{:.0f}")]
STRESS_COLUMNS = [("input", "input", "{}"), ("what", "what", "{}"), ("seconds", "seconds", "{:.2f}"),
                  ("ratio", "x plain", "{:.2f}"), ("peak_mib", "peak MiB", "{:.0f}")]


def print_table(rows: list[dict], columns) -> None:
    table = [[title for _, title, _ in columns]] + [["-" if r.get(key) is None else fmt.format(r[key])
                                                     for key, _, fmt in columns] for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    for n, line in enumerate(table):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(SIZES), help="comma-separated, from: " + ", ".join(SIZES))
    ap.add_argument("--runs", type=int, default=3, help="counted runs of each command (median)")
    ap.add_argument("--command", help='the build to time (default: "python -m guidebuilder" from this tree)')
    ap.add_argument("--baseline", metavar="COMMAND",
                    help="another build to pair with instead of Typst, e.g. \"guidebuilder\" (installed) or "
                         "\"env PYTHONPATH=OTHER_TREE python -m guidebuilder\" run from outside both trees")
    ap.add_argument("--no-typst", action="store_true", help="skip the Typst yardstick even when installed")
    ap.add_argument("--no-catalog", action="store_true", help="skip the catalog figure")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    ap.add_argument("--stress", action="store_true", help="also time hostile inputs against a plain guide")
    ap.add_argument("--workdir", type=Path, help="keep guides and PDFs here")
    ap.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = ap.parse_args()

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if not sizes or any(s not in SIZES for s in sizes):
        ap.error(f"--sizes: choose from {', '.join(SIZES)}")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    env = None
    if args.command:
        command = shlex.split(args.command)
    else:
        command = [sys.executable, "-m", "guidebuilder"]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
        # A tree run with PYTHONDONTWRITEBYTECODE set compiles every module from source in every
        # process (about 60 ms); an installed package has its bytecode compiled once by pip. Time
        # what a user runs: the tree's bytecode is written on the warm-up run and reused after.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    baseline = shlex.split(args.baseline) if args.baseline else None
    typst = not baseline and not args.no_typst and importlib.util.find_spec("typst") is not None
    if not typst and not args.no_typst and not baseline:
        print("bench: the typst package is not installed (pip install typst): no Typst figures", file=sys.stderr)

    results: dict = {"command": shlex.join(command), "runs": args.runs}
    with tempfile.TemporaryDirectory(prefix="guidebench-") as tmp:
        workdir = (args.workdir or Path(tmp)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        results["sizes"] = []
        for name in sizes:
            print(f"bench: {name} ...", file=sys.stderr, flush=True)
            results["sizes"].append(bench_size(name, command, env, workdir, args.runs, typst, baseline))
        if not args.no_catalog:
            print("bench: catalog ...", file=sys.stderr, flush=True)
            results["catalog"] = bench_catalog(command, env, workdir, args.runs)
        if not args.no_startup:
            print("bench: start-up ...", file=sys.stderr, flush=True)
            results["startup"] = bench_startup(command, env, workdir, args.runs)
        if args.stress:
            results["stress"] = bench_stress(command, env, workdir, args.runs)

    print(f"{results['command']}: medians of {args.runs} run(s), whole processes; peak MiB is the largest run"
          + ("; 'x Typst' is the median of paired ratios" if typst else "")
          + (f"; 'x base' is the median of ratios paired with {args.baseline}" if baseline else ""))
    print_table(results["sizes"], SIZE_COLUMNS + (BASE_COLUMNS if baseline else TYPST_COLUMNS if typst else []))
    if "catalog" in results:
        print(f"\ncatalog: {CATALOG} guides of {SIZES['small'][0]} chapters in one pdf call")
        print_table(results["catalog"], CATALOG_COLUMNS)
    if "startup" in results:
        print("\nstart-up")
        print_table(results["startup"], STARTUP_COLUMNS)
    if "stress" in results:
        print("\nhostile inputs: 'x plain' is the ratio to the plain guide")
        print_table(results["stress"], STRESS_COLUMNS)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
