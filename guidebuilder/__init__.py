"""guidebuilder: printable literature study guides from YAML content (see README.md and docs/)."""
from . import rlstart

rlstart.install()  # before anything imports ReportLab: see rlstart.py
