"""YAML read as editors read it (YAML 1.2 core schema), for checking files against the JSON Schemas.

PyYAML reads YAML 1.1 (`no` is false, `1:20` is 80, `2001-01-01` a date); yaml-language-server and
JetBrains read 1.2, where those are text. load() composes with PyYAML and resolves plain scalars
by the 1.2 core rules: null, true/false, decimal, 0o octal and 0x hex integers, floats, .inf, .nan.
"""
from __future__ import annotations

import math
import re

import yaml

_NULL = re.compile(r"(~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")


def scalar(text: str):
    """A plain scalar's value under the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


def _convert(node):
    if isinstance(node, yaml.ScalarNode):
        return scalar(node.value) if not node.style else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(n) for n in node.value]
    return {str(k.value): _convert(v) for k, v in node.value}  # JSON keys are text


def load(text: str):
    """The one document in `text` as JSON-like values (None when empty)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return None if node is None else _convert(node)
