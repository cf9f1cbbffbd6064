"""Inline suppressions (``# kpilint: disable=...``) and ``metadata.lint-disable``.

Parsed from the text of a YAML file; applied to its diagnostics; the ones
that silenced nothing, or name an unknown code, become K001.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from kpilint.diagnostics import Span
from kpilint.document import Document

_DIRECTIVE = r"#\s*kpilint:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<codes>[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)"


class Suppression:
    """One directive: the codes it names and the lines it covers; ``used``
    collects the codes that silenced something (for K001)."""

    __slots__ = ("span", "codes", "first", "last", "whole_file", "used")

    def __init__(self, span: Span, codes: tuple[str, ...], first: int, last: int, whole_file: bool = False) -> None:
        self.span = span  # where the comment is (for K001)
        self.codes = codes
        self.first = first  # first covered line (1-based); 0 with last -1 = whole file
        self.last = last
        self.whole_file = whole_file
        self.used: set[str] = set()

    def covers(self, line: int, code: str) -> str | None:
        """The directive code that silences ``code`` on ``line``, if any."""
        if not (self.whole_file or self.first <= line <= self.last):
            return None
        for name in self.codes:
            if name.lower() == "all" or name == code:
                return name
        return None


def _block_ends(documents: Sequence[Document]) -> dict[int, int]:
    """Key line -> last line, for every block scalar (``|`` / ``>``)."""
    ends: dict[int, int] = {}
    for doc in documents:
        for path, scalar in doc.source.scalars.items():
            if scalar.style in ("|", ">"):
                key = doc.source.keys.get(path)
                value = doc.source.values.get(path)
                if key is not None and value is not None:
                    ends[key.line] = max(ends.get(key.line, key.line), value.end_line)
    return ends


def _in_scalar(offset: int, documents: Sequence[Document]) -> bool:
    """Whether ``offset`` lies inside the content of a quoted or block scalar
    (the header line of a block scalar, ``|-  # comment``, is not content)."""
    for doc in documents:
        for scalar in doc.source.scalars.values():
            if not scalar.style or not scalar.start <= offset < scalar.end:
                continue
            if scalar.style in ("|", ">"):
                newline = doc.text.find("\n", scalar.start, scalar.end)
                if newline < 0 or offset < newline:
                    continue
            return True
    return False


def parse(text: str, documents: Sequence[Document]) -> list[Suppression]:
    """Every suppression directive in a YAML file's text."""
    if "kpilint:" not in text:
        return []
    lines = text.split("\n")
    ends = _block_ends(documents)
    found: list[Suppression] = []
    offset = 0
    for number, line in enumerate(lines, start=1):
        for match in re.finditer(_DIRECTIVE, line):  # compiled once, by re's own cache
            hash_at = match.start()
            if hash_at > 0 and not line[hash_at - 1].isspace():
                continue
            if _in_scalar(offset + hash_at, documents):
                continue
            codes = tuple(c.strip() for c in match.group("codes").split(","))
            span = Span(number, hash_at + 1, number, match.end() + 1)
            if match.group("kind") == "disable-file":
                found.append(Suppression(span, codes, 0, -1, whole_file=True))
                continue
            target = number
            if not line[:hash_at].strip():  # a comment on a line of its own: the next content line
                target = number + 1
                while target <= len(lines) and (not lines[target - 1].strip() or lines[target - 1].lstrip().startswith("#")):
                    target += 1
            found.append(Suppression(span, codes, target, ends.get(target, target)))
        offset += len(line) + 1
    return found


def document_disables(doc: Document) -> tuple[str, ...]:
    value = doc.get("metadata", "lint-disable")
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def disabled_by_document(codes: Iterable[str], code: str) -> bool:
    return any(c == "all" or code.startswith(c) for c in codes)
