"""Positions: kpilint's 1-based code-point columns to LSP positions.

LSP counts lines from 0 and characters in the negotiated encoding: UTF-16
code units unless the client offers another (``general.positionEncodings``).
Lines end at ``\\n``, ``\\r\\n`` or ``\\r``, as in LSP and YAML 1.2.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, without their line breaks."""
    return _BREAK.split(text)


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's units."""
    if text.isascii() or encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def code_points(text: str, count: int, encoding: str) -> int:
    """How many code points of ``text`` make ``count`` client units."""
    if text.isascii() or encoding == "utf-32":
        return min(count, len(text))
    used = 0
    for index, char in enumerate(text):
        if used >= count:
            return index
        used += units(char, encoding)
    return len(text)


class Position(NamedTuple):
    """An LSP position: 0-based line, character in client units."""

    line: int
    character: int


def to_client(lines: list[str], line: int, col: int, encoding: str) -> Position:
    """The LSP position of kpilint's (line, col), both 1-based, col in code
    points; clamped to the text (an end past the last line or column)."""
    if not lines:
        return Position(0, 0)
    index = min(max(line, 1), len(lines)) - 1
    if line > len(lines):
        return Position(index, units(lines[index], encoding))
    text = lines[index]
    return Position(index, units(text[: max(col, 1) - 1], encoding))


def from_client(lines: list[str], position: Position, encoding: str) -> tuple[int, int]:
    """kpilint's (line, col), 1-based code points, of an LSP position."""
    if not lines:
        return 1, 1
    index = min(max(position.line, 0), len(lines) - 1)
    return index + 1, code_points(lines[index], position.character, encoding) + 1
