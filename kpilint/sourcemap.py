"""Where every node of a document sits in its file.

The loader fills a :class:`SourceMap` per document; the engine asks it where a
finding addressed by a YAML path belongs (the rules of placement are in
:meth:`SourceMap.find`).

Positions are kept as plain tuples (cheap to build, to cache and to send
between processes) and turned into :class:`Span` objects only when asked for.
A source map can be given a loader instead of its tuples: it then loads
them (and the file text) on first use, so documents nobody reports on never
pay for their positions.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, Union

from kpilint.diagnostics import Span

PathPart = Union[str, int]
YamlPath = tuple[PathPart, ...]
RawSpan = tuple[int, int, int, int]
RawScalar = tuple[int, int, str]
#: (values, keys, scalars) as plain tuples, and the file text
RawMaps = tuple[dict[YamlPath, RawSpan], dict[YamlPath, RawSpan], dict[YamlPath, RawScalar], str]


class ScalarText(NamedTuple):
    """Raw source extent of a scalar node (0-based code point offsets)."""

    start: int
    end: int
    style: str  # "" plain, "'" or '"' quoted, "|" literal, ">" folded


class SourceMap:
    """Positions of the nodes of one document, keyed by YAML path."""

    __slots__ = ("_root", "_raw", "_load", "_values", "_keys", "_scalars")

    def __init__(
        self,
        root: Span,
        values: dict[YamlPath, Any] | None = None,
        keys: dict[YamlPath, Any] | None = None,
        scalars: dict[YamlPath, Any] | None = None,
        text: str = "",
        *,
        load: Callable[[], RawMaps] | None = None,
    ) -> None:
        self._root = root
        self._load = load
        self._raw: RawMaps | None = None if load is not None else (values or {}, keys or {}, scalars or {}, text)
        self._values: dict[YamlPath, Span] | None = None
        self._keys: dict[YamlPath, Span] | None = None
        self._scalars: dict[YamlPath, ScalarText] | None = None

    @property
    def root(self) -> Span:
        """Where the document starts (and ends)."""
        return self._root

    def raw(self) -> RawMaps:
        """The plain-tuple form (to store or send to another process)."""
        if self._raw is None:
            assert self._load is not None
            self._raw = self._load()
        return self._raw

    @property
    def text(self) -> str:
        """The whole (normalised) text of the file the document came from."""
        return self.raw()[3]

    @property
    def values(self) -> dict[YamlPath, Span]:
        if self._values is None:
            self._values = {path: Span(*span) for path, span in self.raw()[0].items()}
        return self._values

    @property
    def keys(self) -> dict[YamlPath, Span]:
        if self._keys is None:
            self._keys = {path: Span(*span) for path, span in self.raw()[1].items()}
        return self._keys

    @property
    def scalars(self) -> dict[YamlPath, ScalarText]:
        if self._scalars is None:
            self._scalars = {path: ScalarText(*scalar) for path, scalar in self.raw()[2].items()}
        return self._scalars

    def value_span(self, path: YamlPath) -> Span | None:
        span = self.raw()[0].get(path)
        return Span(*span) if span is not None else None

    def key_span(self, path: YamlPath) -> Span | None:
        span = self.raw()[1].get(path)
        return Span(*span) if span is not None else None

    def locate(self, path: YamlPath, *, at: str = "auto") -> Span:
        """The most precise span for a finding about ``path`` (see :meth:`find`)."""
        return self.find(path, at=at)

    def find(self, path: YamlPath, *, at: str = "auto") -> Span:
        """The most precise span for a finding about ``path``.

        ``at="key"`` points at the key of a mapping entry; ``"value"`` at the
        value; ``"auto"`` at a scalar value, or at the key of a collection or
        of an empty value (``target:`` with nothing after it).
        A path that does not exist (a missing key) points at the key of its
        nearest existing ancestor, or at the document start.
        """
        values, keys, scalars, _ = self.raw()
        if path in values:
            if at == "value":
                return Span(*values[path])
            scalar = scalars.get(path)
            empty = scalar is not None and scalar[0] == scalar[1]  # `key:` with no value
            if at == "key" or scalar is None or empty:
                key = keys.get(path)
                if key is not None:
                    return Span(*key)
                if not path:
                    return self._root
                line, col, end_line, _end_col = values[path]
                if scalar is None and end_line != line:
                    return Span(line, col, line, col + 1)
            return Span(*values[path])
        for cut in range(len(path) - 1, 0, -1):
            ancestor = path[:cut]
            if ancestor in values:
                key = keys.get(ancestor)
                return Span(*key) if key is not None else self.find(ancestor)
        return self._root
