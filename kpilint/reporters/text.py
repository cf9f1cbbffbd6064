"""Helpers shared by the human-readable formats."""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1)
def _control() -> re.Pattern[str]:
    # compiled on first need: most runs print nothing but printable text
    return re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\x%02x" % code if code < 0x100 else "\\u%04x" % code


def safe(text: str) -> str:
    """Show control characters (ESC, BEL, CR, ...) escaped, never raw."""
    if text.isprintable():  # no control character, no line or paragraph separator
        return text
    return _control().sub(_escape, text.replace("\n", "\\n"))


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return "\u2192"  # → for a tab
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ ... ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\\x%02x" % code if code < 0x100 else "\\u%04x" % code


@functools.lru_cache(maxsize=1)
def _invisible() -> re.Pattern[str]:
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """A source line as shown under a finding: a tab is ``→`` and a control
    character its Unicode picture (``␇`` for BEL), each one column wide, so a
    line that cannot parse never looks fine and a caret below still lines up."""
    if text.isprintable():
        return text
    return _invisible().sub(_picture, text)


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: East Asian wide and fullwidth
    characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        for char in text
    )
