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
