"""The loaded document that rules see, and helpers to read it safely."""

from __future__ import annotations

import bisect
import math
import re
from typing import Any

from kpilint.diagnostics import Span
from kpilint.lifecycle import is_closed

from kpilint.scalartext import find_in_value, source_units
from kpilint.sourcemap import SourceMap, YamlPath

_MISSING = object()


class Document:
    """One YAML/JSON document of a file, as plain data plus its source map.

    ``data`` holds only dicts, lists, str, int, float (finite), bool and None.
    Dates stay strings (``"2027-01-01"``). A blank string (empty, or only
    whitespace) is read as ``None``: a blank value counts as missing, the same
    for every rule, the schema check and plugins. Treat it as read-only.
    """

    __slots__ = ("file", "index", "data", "source", "reported", "kind", "_closed")

    def __init__(
        self, file: str, index: int, data: Any, source: SourceMap, reported: frozenset[YamlPath] = frozenset()
    ) -> None:
        self.file = file  # absolute path of the file (or the stdin name)
        self.index = index  # 0-based document index in the file
        self.data = data
        self.source = source
        self.reported = reported  # paths the loader already reported on
        kind = data.get("kind") if isinstance(data, dict) else None
        # the document's ``kind`` (a string), read once: nearly every rule asks
        self.kind: str | None = kind if isinstance(kind, str) else None
        # whether it is a closed KPI, read once: every rule that compares KPIs asks
        self._closed = self.kind == "KPI" and is_closed(data)

    def __repr__(self) -> str:
        return f"Document(file={self.file!r}, index={self.index}, data={self.data!r})"

    @property
    def text(self) -> str:
        """The whole (normalised) text of the file."""
        return self.source.text

    def get(self, *path: str | int, default: Any = None) -> Any:
        """The value at ``path``, or ``default`` when any step is missing."""
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or not -len(node) <= part < len(node):
                    return default
                node = node[part]
            else:
                if not isinstance(node, dict) or part not in node:
                    return default
                node = node[part]
        return node

    def has(self, *path: str | int) -> bool:
        return self.get(*path, default=_MISSING) is not _MISSING

    def find_in_scalar(self, path: YamlPath, pattern: re.Pattern[str]) -> list[Span]:
        """Spans in the source of the matches of ``pattern`` in the value of
        the scalar at ``path``: the pattern is matched against the value (as
        rules read it) and each match located in the source text, also after
        escapes (``\\t``, ``\\u00e9``), doubled quotes and folded lines, in
        every scalar style. Empty when there is no such scalar, and for a
        value reached through an alias (the finding then lies at the alias)."""
        scalar = self.source.scalars.get(path)
        if scalar is None or not self.text or scalar.style == "*":
            return []
        text = self.text
        start, end = scalar.start, scalar.end
        value = self.get(*path)
        extents = None
        if isinstance(value, str):
            units = source_units(text, start, end, scalar.style)
            if units is not None:
                extents = find_in_value(value, pattern, units)
        if extents is None:  # not a string, or a source read otherwise: match the source text
            if scalar.style in ("|", ">"):
                newline = text.find("\n", start, end)
                if newline < 0:
                    return []
                start = newline + 1
            extents = [match.span() for match in pattern.finditer(text, start, end)]
        if not extents:
            return []
        starts = _line_starts(text)
        spans = []
        for first, last in extents:
            line = bisect.bisect_right(starts, first) - 1
            end_line = bisect.bisect_right(starts, last) - 1
            spans.append(Span(line + 1, first - starts[line] + 1, end_line + 1, last - starts[end_line] + 1))
        return spans

    @property
    def id(self) -> str | None:
        value = self.get("metadata", "id")
        return value if isinstance(value, str) else None

    @property
    def is_kpi(self) -> bool:
        return self.kind == "KPI"

    @property
    def is_owner(self) -> bool:
        return self.kind == "Owner"

    @property
    def is_closed(self) -> bool:
        """Whether this is a closed KPI (``spec.status`` achieved, missed or
        cancelled): history, left out of every SMART comparison."""
        return self._closed


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def number(value: object) -> float | int | None:
    """``value`` if it is a finite int or float (not a bool), else None."""
    if type(value) is int:  # the common cases first: exactly an int, a float
        return value
    if type(value) is float:
        return value if math.isfinite(value) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def text(value: Any) -> str | None:
    """``value`` if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value.strip() else None
