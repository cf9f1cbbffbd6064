"""Where every node of a document sits in its file.

The loader fills a :class:`SourceMap` per document; the engine asks it where a
finding addressed by a YAML path belongs (SPEC §3 "Locations").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from kpilint.diagnostics import Span

PathPart = Union[str, int]
YamlPath = tuple[PathPart, ...]


@dataclass(frozen=True)
class ScalarText:
    """Raw source extent of a scalar node (0-based code point offsets)."""

    start: int
    end: int
    style: str  # "" plain, "'" or '"' quoted, "|" literal, ">" folded


@dataclass(frozen=True)
class SourceMap:
    """Positions of the nodes of one document, keyed by YAML path."""

    root: Span
    values: dict[YamlPath, Span] = field(default_factory=dict)
    keys: dict[YamlPath, Span] = field(default_factory=dict)
    scalars: dict[YamlPath, ScalarText] = field(default_factory=dict)

    def value_span(self, path: YamlPath) -> Span | None:
        return self.values.get(path)

    def key_span(self, path: YamlPath) -> Span | None:
        return self.keys.get(path)

    def locate(self, path: YamlPath, *, at: str = "auto") -> Span:
        """The most precise span for a finding about ``path``.

        ``at="key"`` points at the key of a mapping entry; ``"value"`` at the
        value; ``"auto"`` at a scalar value, or at the key of a collection or
        of an empty value (``target:`` with nothing after it).
        A path that does not exist (a missing key) points at the key of its
        nearest existing ancestor, or at the document start.
        """
        if path in self.values:
            if at == "value":
                return self.values[path]
            scalar = self.scalars.get(path)
            empty = scalar is not None and scalar.start == scalar.end  # `key:` with no value
            if at == "key" or scalar is None or empty:
                key = self.keys.get(path)
                if key is not None:
                    return key
                if not path:
                    return self.root
                start = self.values[path]
                if path not in self.scalars and start.end_line != start.line:
                    return Span(start.line, start.col, start.line, start.col + 1)
            return self.values[path]
        for cut in range(len(path) - 1, 0, -1):
            ancestor = path[:cut]
            if ancestor in self.values:
                return self.keys.get(ancestor) or self.locate(ancestor)
        return self.root
