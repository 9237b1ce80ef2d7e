"""`--open`: show a built PDF in the system's viewer, where the system has one.

open_pdf()  start the viewer without waiting for it; returns None, or a sentence saying why not.
A missing viewer never fails a build: the PDF is written either way.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


_VIEWERS: list = []  # the viewers started, kept so that Python does not warn about them while they run


def open_pdf(path: Path) -> str | None:
    path = Path(path)
    try:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]  # noqa: S606 - Windows' own viewer
            return None
        command = "open" if sys.platform == "darwin" else "xdg-open"
        program = shutil.which(command)
        if program is None:
            return f"no PDF viewer to open it with ({command} is not installed); the PDF is at {path}"
        _VIEWERS.append(subprocess.Popen([program, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, start_new_session=True))
    except OSError as exc:
        return f"could not open a PDF viewer ({exc.strerror or exc}); the PDF is at {path}"
    return None
