"""Where each character of a scalar's value stands in the source text.

A rule judges a scalar's value (escapes decoded, lines folded); a finding
about a word in it must point at that word in the file. Blanks are what decoding and folding change, so the map is
kept for the non-blank characters only: the n-th non-blank character of the
value is the n-th non-blank unit of the source (one character, or a whole
escape such as ``\\u00e9`` or a quote written twice, ``''``).
"""

from __future__ import annotations

import bisect
import re
from typing import Pattern

_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}

Unit = tuple[int, int]  # [start, end) code point offsets in the text


def _double_quoted(text: str, start: int, end: int) -> list[Unit] | None:
    units: list[Unit] = []
    i = start + 1
    stop = end - 1
    while i < stop:
        char = text[i]
        if char == "\\":
            code = text[i + 1 : i + 2]
            if code == "\n":
                i += 2
                continue
            if code in _HEX_LENGTH:
                size = _HEX_LENGTH[code]
                digits = text[i + 2 : i + 2 + size]
                try:
                    decoded = chr(int(digits, 16))
                except (ValueError, OverflowError):
                    return None
                if not decoded.isspace():
                    units.append((i, i + 2 + size))
                i += 2 + size
                continue
            decoded = _SIMPLE_ESCAPES.get(code, "")
            if not decoded:
                return None
            if not decoded.isspace():
                units.append((i, i + 2))
            i += 2
            continue
        if not char.isspace():
            units.append((i, i + 1))
        i += 1
    return units


def _single_quoted(text: str, start: int, end: int) -> list[Unit]:
    units: list[Unit] = []
    i = start + 1
    stop = end - 1
    while i < stop:
        if text.startswith("''", i):
            units.append((i, i + 2))
            i += 2
            continue
        if not text[i].isspace():
            units.append((i, i + 1))
        i += 1
    return units


def _block(text: str, start: int, end: int) -> list[Unit] | None:
    newline = text.find("\n", start, end)
    if newline < 0:
        return []
    units: list[Unit] = []
    indent = -1
    for line in re.finditer(r"[^\n]*", text[newline + 1 : end]):
        body = line.group(0)
        if not body.strip():
            continue
        depth = len(body) - len(body.lstrip(" "))
        if indent < 0:
            indent = depth
        elif depth < indent:
            break  # past the block (e.g. a comment after it)
        offset = newline + 1 + line.start()
        units.extend((offset + k, offset + k + 1) for k, char in enumerate(body) if not char.isspace())
    return units


def source_units(text: str, start: int, end: int, style: str) -> list[Unit] | None:
    """The source extent of each non-blank character of the value of the
    scalar at ``text[start:end]`` written in ``style``, in order (None when
    the source cannot be read that way)."""
    if style == '"':
        return _double_quoted(text, start, end)
    if style == "'":
        return _single_quoted(text, start, end)
    if style in ("|", ">"):
        return _block(text, start, end)
    if style == "":
        return [(i, i + 1) for i in range(start, end) if not text[i].isspace()]
    return None


def find_in_value(value: str, pattern: Pattern[str], units: list[Unit]) -> list[Unit] | None:
    """Source extents of the matches of ``pattern`` in ``value`` (None when
    ``units`` does not describe ``value``)."""
    nonblank = [i for i, char in enumerate(value) if not char.isspace()]
    if len(nonblank) != len(units):
        return None
    out: list[Unit] = []
    for match in pattern.finditer(value):
        first = bisect.bisect_left(nonblank, match.start())
        last = bisect.bisect_left(nonblank, match.end()) - 1
        if first > last:
            continue
        out.append((units[first][0], units[last][1]))
    return out
