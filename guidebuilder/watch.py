"""`guidebuilder watch`: build a guide, then build it again whenever a file in its folder changes.

snapshot()  every file of a guide folder -> (modification time, size), skipping editors' scratch files
watch()     the loop: build, poll about four times a second, rebuild on a change; a broken state
            prints its located errors and leaves the last good PDF as it was (builds write atomically)

No file-system events library: polling a guide folder (tens of files) costs nothing measurable and
works the same on every system and on network drives.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from .batch import Job, build_one
from .yamlread import display_path

INTERVAL = 0.25  # seconds between looks at the folder


def _scratch(name: str) -> bool:
    """Files editors and builds keep beside the real ones: hidden, backup and swap files."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def snapshot(folder: Path, ignore: Path | None = None) -> dict[str, tuple[int, int]]:
    state: dict[str, tuple[int, int]] = {}
    skip = os.path.abspath(ignore) if ignore is not None else None
    for top, dirs, files in os.walk(folder):  # not into linked folders: a link to ".." would never end
        dirs[:] = sorted(d for d in dirs if not _scratch(d))
        for name in files:
            path = os.path.join(top, name)
            if _scratch(name) or os.path.abspath(path) == skip:
                continue
            try:
                st = os.stat(path)
            except OSError:
                continue  # removed while we looked
            state[os.path.relpath(path, folder)] = (st.st_mtime_ns, st.st_size)
    return state


def watch(job: Job, say: Callable[[str, bool], None], *, interval: float = INTERVAL,
          sleep: Callable[[float], None] = time.sleep, max_builds: int | None = None,
          on_built: Callable[[Path], None] | None = None) -> int:
    """Build `job`, then rebuild on every change, until interrupted (or after `max_builds`, for tests).

    `say(line, to_stderr)` prints; `on_built(path)` runs after each good build. Returns the last status."""
    last: dict | None = None
    builds = 0
    status = 0
    while True:
        current = snapshot(job.folder, job.out)
        if current != last:
            if last is not None:
                settled = _settle(job, current, interval, sleep)  # let an editor finish writing
                current = settled
                say(f"change in {_changed(job.folder, last, current)}; rebuilding", True)
            last = current
            status, out, err = build_one(job)
            builds += 1
            for line in err:
                say(line, True)
            for line in out:
                say(line, False)
            if status == 0:
                if on_built is not None:
                    on_built(job.out)
            elif job.out.is_file():
                say(f"guidebuilder: the last good PDF is kept: {job.out}", True)
            say(f"guidebuilder: watching {job.folder} for changes (Ctrl-C stops)", True)
            if max_builds is not None and builds >= max_builds:
                return status
        sleep(interval)


def _settle(job: Job, current: dict, interval: float, sleep) -> dict:
    for _ in range(8):  # at most about two seconds of a folder still being written
        sleep(interval)
        again = snapshot(job.folder, job.out)
        if again == current:
            break
        current = again
    return current


def _changed(folder: Path, before: dict, after: dict) -> str:
    names = sorted(display_path(Path(folder) / k) for k in set(before) | set(after) if before.get(k) != after.get(k))
    if not names:
        return "the guide folder"
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
