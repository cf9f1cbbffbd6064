"""Parse YAML/JSON text into :class:`Document` objects with a source map.

Nodes are composed by ruamel.yaml's C parser (pure Python when the extension
is missing) and walked into plain data; nothing is ever constructed from a
tag. Parse failures are returned as problems (F002, F003, F004, F005, V001),
never raised.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from typing import Any, Callable, NamedTuple

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, DocumentStartEvent, NodeEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver
from ruamel.yaml.tag import Tag

from kpilint.diagnostics import Span
from kpilint.document import Document
from kpilint.reading import Limits
from kpilint.sourcemap import RawScalar, RawSpan, SourceMap, YamlPath

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_MERGE = _TAG + "merge"
_STR = _TAG + "str"
_MAP = _TAG + "map"
_SEQ = _TAG + "seq"
_INT = _TAG + "int"
_FLOAT = _TAG + "float"
_BOOL = _TAG + "bool"
_NULL = _TAG + "null"
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The tag objects ruamel gives every untagged string (plain or quoted),
#: mapping and sequence: the walker recognises them by identity.
_STR_TAG: Tag = BaseResolver.DEFAULT_SCALAR_TAG
_MAP_TAG: Tag = BaseResolver.DEFAULT_MAPPING_TAG
_SEQ_TAG: Tag = BaseResolver.DEFAULT_SEQUENCE_TAG


def _tag(node: Node) -> str:
    """The node's resolved tag, read without ruamel's per-call formatting."""
    ctag = node.ctag
    if ctag is _STR_TAG:
        return _STR
    if ctag is None:
        return ""
    if ctag.handle is None and isinstance(ctag.suffix, str) and "%" not in ctag.suffix:
        return str(ctag.suffix)
    return str(ctag)


class Problem(NamedTuple):
    """A loader finding, before the engine turns it into a diagnostic."""

    code: str
    span: Span
    message: str
    doc_index: int = 0
    path: YamlPath = ()


class Loaded:
    """The outcome of loading one file."""

    __slots__ = ("documents", "problems", "text")

    def __init__(self, text: str = "") -> None:
        self.documents: list[Document] = []
        self.problems: list[Problem] = []
        self.text = text


def _fast_resolver(loader: type[BaseResolver]) -> dict[str, Any] | None:
    """Methods that resolve implicit tags exactly as ``loader`` does, only faster.

    ruamel's resolver is called back by the C composer for every node: it
    tries the regular expressions listed under the scalar's first character
    and builds a new ``Tag`` for each match. The answer depends on the
    scalar's text alone, so it is memoised per text, and one shared ``Tag``
    is handed out per tag name (nodes only read their tags). A scalar whose
    first character heads no expression is a string at once. Path resolvers
    (none are registered by default) would make the answer depend on the
    node's position: with any, or with a catch-all expression, the original
    methods are kept (None)."""
    table: dict[Any, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
    if loader.yaml_path_resolvers or None in table:
        return None
    shared: dict[str, Tag] = {name: Tag(suffix=name) for rules in table.values() for name, _ in rules}
    scalar_tag: Tag = loader.DEFAULT_SCALAR_TAG
    sequence_tag: Tag = loader.DEFAULT_SEQUENCE_TAG
    mapping_tag: Tag = loader.DEFAULT_MAPPING_TAG

    @lru_cache(maxsize=2048)
    def implicit(value: str) -> Tag:
        for name, regexp in table.get(value[:1], ()):
            if regexp.match(value):
                return shared[name]
        return scalar_tag

    def resolve(self: Any, kind: Any, value: Any, implicit_flags: Any) -> Tag | None:
        if kind is ScalarNode:
            if implicit_flags[0] and (not value or value[0] in table):
                return implicit(value)
            return scalar_tag
        if kind is SequenceNode:
            return sequence_tag
        return mapping_tag if kind is MappingNode else None

    def descend_resolver(self: Any, current_node: Any, current_index: Any) -> None:
        """Nothing to track without path resolvers."""

    def ascend_resolver(self: Any) -> None:
        """Nothing to track without path resolvers."""

    return {"resolve": resolve, "descend_resolver": descend_resolver, "ascend_resolver": ascend_resolver}


def _parser_init() -> Callable[[Any, str], None]:
    """An ``__init__`` that sets up the C parser only.

    ``CSafeLoader`` also prepares a constructor and ruamel's resolver state
    (several times the parser's own cost); composing uses neither once the
    resolver methods are those of :func:`_fast_resolver`."""
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]

    def init(self: Any, stream: str) -> None:
        CParser.__init__(self, stream)

    return init


def _composer() -> Callable[[str], Any]:
    """Return a function text -> iterator of root nodes (C parser if available)."""
    try:
        from ruamel.yaml.cyaml import CSafeLoader
    except ImportError:  # pragma: no cover - depends on the install
        CSafeLoader = None  # type: ignore[misc, assignment]  # noqa: N806
    if CSafeLoader is not None:
        try:
            fast = _fast_resolver(CSafeLoader)
        except Exception:  # pragma: no cover - ruamel's resolver tables changed shape
            fast = None
        if fast is not None:
            fast["__init__"] = _parser_init()
        loader_class = type("_Loader", (CSafeLoader,), fast) if fast is not None else CSafeLoader
        try:
            loader_class("a: 1").get_single_node()
        except Exception:  # pragma: no cover - broken extension
            CSafeLoader = None  # type: ignore[misc, assignment]  # noqa: N806
    if CSafeLoader is not None:

        def compose_c(text: str) -> Any:
            loader = loader_class(text)
            while loader.check_node():
                yield loader.get_node()

        return compose_c

    from ruamel.yaml import YAML  # pragma: no cover

    def compose_pure(text: str) -> Any:  # pragma: no cover
        return YAML(typ="safe", pure=True).compose_all(text)

    return compose_pure  # pragma: no cover


_COMPOSE: Callable[[str], Any] | None = None


def compose_all(text: str) -> Any:
    global _COMPOSE  # a cached, stateless function: safe to share
    if _COMPOSE is None:
        _COMPOSE = _composer()
    return _COMPOSE(text)


class _LimitHit(Exception):
    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


class _Walker:
    """Turn one composed node graph into plain data plus a source map.

    Positions come from the nodes' marks. The parser's own line and column
    are right unless YAML's extra line breaks (U+0085, U+2028, U+2029) occur:
    only then are positions recomputed from code point offsets, where lines
    end at ``\\n`` only, as editors (and reported positions) count them."""

    def __init__(self, text: str, line_starts: list[int], limits: Limits, doc_index: int, marks: tuple[bool, bool]) -> None:
        self.text = text
        # marks_ok: the marks' line and column are right; lines_ok: also their
        # line breaks are exactly the ``\n`` of the text (a multi-line node's
        # end is then counted from its end mark, see raw_span)
        self.marks_ok, self.lines_ok = marks
        # lone surrogates can only come from escapes in quoted scalars
        self.escapes = "\\u" in text or "\\U" in text
        self.line_starts = line_starts
        self.max_nodes = limits.max_nodes
        self.max_depth = limits.max_depth
        self.doc_index = doc_index
        self.values: dict[YamlPath, RawSpan] = {}
        self.keys: dict[YamlPath, RawSpan] = {}
        self.scalars: dict[YamlPath, RawScalar] = {}
        self.problems: list[Problem] = []
        self.reported: set[YamlPath] = set()
        self.count = 0
        # aliases (a finding lies at the alias): a node walked a second time is reached
        # through an alias, and everything under it is located at the alias
        self.anchors = "&" in text and "*" in text
        self.props = "&" in text or "!" in text  # anchors or tags may stand before a value
        self.seen: set[int] = set()
        self.alias_at: RawSpan | None = None
        # nothing in the text calls for care (no alias, anchor, tag, escape or
        # odd line break): an untagged string value is handled where its key is
        self.plain = self.marks_ok and not self.props and not self.escapes and "*" not in text
        self.alias_offsets = (0, 0)  # the code point offsets of the alias in `alias_at`

    # -- positions -------------------------------------------------------
    def _pos(self, index: int) -> tuple[int, int]:
        return _position(self.line_starts, index)

    def raw_span(self, node: Node) -> RawSpan:
        """The node's range, a multi-line one trimmed of trailing blanks so it
        ends on real content."""
        start, end = node.start_mark, node.end_mark
        if self.marks_ok and start.line == end.line:
            return (start.line + 1, start.column + 1, start.line + 1, max(end.column, start.column + 1) + 1)
        if not self.lines_ok:
            line, col = self._pos(start.index)
            end_line, end_col = self._pos(end.index)
        else:
            line, col = start.line + 1, start.column + 1
            if end.index < len(self.text):
                end_line, end_col = end.line + 1, end.column + 1
            else:  # the parser counts a line break at the very end that the text may lack
                end_line, end_col = len(self.line_starts), end.index - self.line_starts[-1] + 1
        if end_line == line:
            return (line, col, line, max(end_col, col + 1))
        end_line, end_col = self._trimmed_end(start.index, end.index, end_line, end_col)
        if end_line == line:
            end_col = max(end_col, col + 1)
        return (line, col, end_line, end_col)

    def _trimmed_end(self, first: int, stop: int, line: int, col: int) -> tuple[int, int]:
        """(line, column) of ``stop`` moved back over the blanks and line ends
        before it (not past ``first``), counted back from the position
        (``line``, ``col``) of ``stop`` rather than searched in the line table."""
        text = self.text
        trimmed = stop
        while trimmed > first and text[trimmed - 1] in " \t\n":
            trimmed -= 1
        if trimmed == stop:
            return line, col
        breaks = text.count("\n", trimmed, stop)
        if not breaks:
            return line, col - (stop - trimmed)
        return line - breaks, trimmed - text.rfind("\n", 0, trimmed)

    def span(self, node: Node) -> Span:
        return Span(*self.raw_span(node))

    def problem(self, code: str, node: Node, message: str, path: YamlPath) -> None:
        self.problems.append(Problem(code, self.span(node), message, self.doc_index, path))
        self.reported.add(path)

    def _limit(self, node: Node, depth: int) -> _LimitHit:
        if self.count > self.max_nodes:
            return _LimitHit(
                f"document has more than {self.max_nodes} nodes after alias expansion "
                "(raise `limits.max-nodes` if this is intended)",
                self.span(node),
            )
        return _LimitHit(
            f"nesting deeper than {self.max_depth} levels (raise `limits.max-depth` if this is intended)",
            self.span(node),
        )

    # -- walking ---------------------------------------------------------
    def walk(self, node: Node, path: YamlPath, depth: int) -> Any:
        """Plain data for ``node`` at ``path``; a scalar is handled here, inline."""
        self.count += 1
        if self.count > self.max_nodes or depth > self.max_depth:
            raise self._limit(node, depth)
        start = node.start_mark
        end = node.end_mark
        values = self.values
        if self.anchors:
            self.seen.add(id(node))
            if self.alias_at is not None:
                values[path] = self.alias_at
        begin = start.index
        if self.props and self.text[begin : begin + 1] in ("&", "!"):
            begin = self._past_properties(begin, end.index)
        if path not in values:
            if begin != start.index:  # a value is located at its content, not at its anchor or tag
                line, column = self._pos(begin)
                _, _, end_line, end_column = self.raw_span(node)
                values[path] = (line, column, end_line, end_column if end_line > line or end_column > column else column + 1)
            elif self.marks_ok and start.line == end.line:  # raw_span's common case, inline
                line, column, end_column = start.line + 1, start.column + 1, end.column + 1
                values[path] = (line, column, line, end_column if end_column > column else column + 1)
            else:
                values[path] = self.raw_span(node)
        ctag = node.ctag
        if ctag is _STR_TAG:
            tag = _STR
        elif ctag is _MAP_TAG:
            tag = _MAP
        elif ctag is _SEQ_TAG:
            tag = _SEQ
        else:
            tag = _tag(node)
            if tag not in _PLAIN_TAGS and tag != _MERGE:
                shown = (node.tag or "").replace(_TAG, "!!")
                self.problem(
                    "V001",
                    node,
                    f"tag `{shown}` is not allowed: KPI files hold plain data only, and tagged values are never constructed",
                    path,
                )
        if type(node) is ScalarNode:
            value: str = node.value
            if self.alias_at is None:
                self.scalars[path] = (begin, end.index, node.style or "")
            else:  # words of a scalar reached through an alias are located at the alias
                self.scalars[path] = (self.alias_offsets[0], self.alias_offsets[1], "*")
            if tag is _STR and not self.escapes:
                # a blank string is no value: it reads as null (see Document)
                return value if value and not value.isspace() else None
            return self.scalar(node, path, tag, value)
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if self.anchors:
                return self.sequence(node, path, depth)
            if self.plain:
                return self._plain_sequence(node, path, depth)
            walk = self.walk
            return [walk(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        # composed nodes are mappings, sequences or scalars
        self.scalars[path] = (start.index, end.index, node.style or "")  # type: ignore[attr-defined]
        return self.scalar(node, path, tag, node.value)  # type: ignore[arg-type]

    def mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        if self.plain:
            return self._plain_mapping(node, path, depth)
        out: dict[str, Any] = {}
        merges: list[tuple[Node, Node]] = []
        keys = self.keys
        walk = self.walk
        marks_ok = self.marks_ok
        depth += 1
        for key_node, value_node in node.value:
            if key_node.ctag is _STR_TAG and type(key_node) is ScalarNode:
                # the common case: an untagged string key
                key = key_node.value
            else:
                key = self._odd_key(key_node, value_node, path, merges)
                if key is None:
                    continue
            child = path + (key,)
            if key in out:
                self._duplicate(key_node, key, child)
                continue
            start = key_node.start_mark
            end = key_node.end_mark
            if self.alias_at is not None:
                keys[child] = self.alias_at
            elif marks_ok and start.line == end.line:  # raw_span's common case, inline
                line, column, end_column = start.line + 1, start.column + 1, end.column + 1
                keys[child] = (line, column, line, end_column if end_column > column else column + 1)
            else:
                keys[child] = self.raw_span(key_node)
            if self.anchors:
                out[key] = self.referred(value_node, child, depth, end.index)[0]
            else:
                out[key] = walk(value_node, child, depth)
        if merges:
            self.merge(out, merges, path, depth)
        return out

    def _plain_mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        """:meth:`mapping` in a plain text (see ``plain``): no alias can occur
        and the marks are right, and an untagged string value is read here, as
        :meth:`walk` would read it, while within the depth and node limits."""
        out: dict[str, Any] = {}
        merges: list[tuple[Node, Node]] = []
        keys = self.keys
        values = self.values
        scalars = self.scalars
        walk = self.walk
        max_nodes = self.max_nodes
        depth += 1
        inline = depth <= self.max_depth
        for key_node, value_node in node.value:
            if key_node.ctag is _STR_TAG and type(key_node) is ScalarNode:
                key = key_node.value
            else:
                key = self._odd_key(key_node, value_node, path, merges)
                if key is None:
                    continue
            child = path + (key,)
            if key in out:
                self._duplicate(key_node, key, child)
                continue
            start = key_node.start_mark
            end = key_node.end_mark
            line = start.line
            if line == end.line:
                column, end_column = start.column + 1, end.column + 1
                keys[child] = (line + 1, column, line + 1, end_column if end_column > column else column + 1)
            else:
                keys[child] = self.raw_span(key_node)
            if (
                inline
                and type(value_node) is ScalarNode
                and (value_node.ctag is _STR_TAG or _tag(value_node) in _PLAIN_TAGS)
                and self.count < max_nodes
            ):
                self.count += 1
                start = value_node.start_mark
                end = value_node.end_mark
                line = start.line
                if line == end.line:
                    column, end_column = start.column + 1, end.column + 1
                    values[child] = (line + 1, column, line + 1, end_column if end_column > column else column + 1)
                else:
                    values[child] = self.raw_span(value_node)
                value: str = value_node.value
                scalars[child] = (start.index, end.index, value_node.style or "")
                if value_node.ctag is _STR_TAG:
                    out[key] = value if value and not value.isspace() else None  # blank reads as null
                else:  # a number, a date, a boolean or a null
                    out[key] = self.scalar(value_node, child, _tag(value_node), value)
            elif (
                inline
                and (
                    (value_node.ctag is _MAP_TAG and type(value_node) is MappingNode)
                    or (value_node.ctag is _SEQ_TAG and type(value_node) is SequenceNode)
                )
                and self.count < max_nodes
            ):
                # a nested mapping or sequence, started as :meth:`walk` would
                self.count += 1
                start = value_node.start_mark
                end = value_node.end_mark
                line = start.line
                if line == end.line:
                    column, end_column = start.column + 1, end.column + 1
                    values[child] = (line + 1, column, line + 1, end_column if end_column > column else column + 1)
                else:
                    values[child] = self.raw_span(value_node)
                if type(value_node) is MappingNode:
                    out[key] = self._plain_mapping(value_node, child, depth)
                elif type(value_node) is SequenceNode:
                    out[key] = self._plain_sequence(value_node, child, depth)
            else:
                out[key] = walk(value_node, child, depth)
        if merges:
            self.merge(out, merges, path, depth)
        return out

    def _plain_sequence(self, node: SequenceNode, path: YamlPath, depth: int) -> list[Any]:
        """A sequence's items in a plain text, untagged strings read here (see
        :meth:`_plain_mapping`)."""
        out: list[Any] = []
        values = self.values
        scalars = self.scalars
        walk = self.walk
        max_nodes = self.max_nodes
        depth += 1
        inline = depth <= self.max_depth
        for index, item in enumerate(node.value):
            child = path + (index,)
            if inline and item.ctag is _STR_TAG and type(item) is ScalarNode and self.count < max_nodes:
                self.count += 1
                start = item.start_mark
                end = item.end_mark
                line = start.line
                if line == end.line:
                    column, end_column = start.column + 1, end.column + 1
                    values[child] = (line + 1, column, line + 1, end_column if end_column > column else column + 1)
                else:
                    values[child] = self.raw_span(item)
                value: str = item.value
                scalars[child] = (start.index, end.index, item.style or "")
                out.append(value if value and not value.isspace() else None)  # blank reads as null
            else:
                out.append(walk(item, child, depth))
        return out

    def _odd_key(self, key_node: Node, value_node: Node, path: YamlPath, merges: list[tuple[Node, Node]]) -> str | None:
        """The key of any other entry (tagged, not a string, or ``<<``); None
        when the entry is set aside (a merge) or reported and skipped."""
        key_tag = _tag(key_node)
        if key_tag == _MERGE:
            merges.append((key_node, value_node))
            return None
        if not isinstance(key_node, ScalarNode):
            self.count += 1
            self.problem(
                "V001",
                key_node,
                "a mapping key must be a plain string, found a "
                + ("mapping" if isinstance(key_node, MappingNode) else "sequence"),
                path,
            )
            return None
        key = key_node.value
        if key_tag != _STR:
            self.problem("V001", key_node, f"a mapping key must be a string, found `{key}`", path)
        if not isinstance(key, str):  # pragma: no cover - defensive
            key = str(key)
        return key

    def _duplicate(self, key_node: Node, key: str, child: YamlPath) -> None:
        first = self.keys.get(child)
        where = f" (first defined on line {first[0]})" if first else ""
        self.problems.append(
            Problem(
                "F003",
                self.span(key_node),
                f"duplicate key `{key}`{where}: a mapping may hold each key once; remove or rename one",
                self.doc_index,
                child,
            )
        )

    def merge(self, out: dict[str, Any], merges: list[tuple[Node, Node]], path: YamlPath, depth: int) -> None:
        """Add the entries of ``<<`` merges that ``out`` does not set itself.
        Entries merged from an alias (``<<: *base``) are located at the alias."""
        for key_node, value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            cursor = key_node.end_mark.index
            for source in sources:
                alias = None
                if self.anchors and self.alias_at is None and id(source) in self.seen:
                    alias, cursor = self._alias(cursor)
                else:
                    cursor = source.end_mark.index
                if not isinstance(source, MappingNode):
                    self.problem("V001", key_node, "a merge key `<<` must name a mapping or a list of mappings", path)
                    continue
                outer = self.alias_at
                if alias is not None:
                    self.alias_at = alias
                try:
                    for sub_key, sub_value in source.value:
                        if not isinstance(sub_key, ScalarNode) or sub_key.tag == _MERGE:
                            continue
                        if sub_key.value in out:
                            continue
                        child = path + (sub_key.value,)
                        self.keys[child] = self.alias_at or self.raw_span(sub_key)
                        out[sub_key.value] = self.walk(sub_value, child, depth)
                finally:
                    self.alias_at = outer

    def _past_properties(self, begin: int, stop: int) -> int:
        """The offset of a node's content after its anchor and tag (``&a !!str``);
        ``begin`` when nothing follows them (an empty value)."""
        found = _PROPERTIES.match(self.text, begin)
        if found is None or found.end() >= stop:
            return begin
        return found.end()

    # -- aliases -----------------------------------------------------------
    def sequence(self, node: SequenceNode, path: YamlPath, depth: int) -> list[Any]:
        """A sequence's items, in a text with anchors (an item may be an alias)."""
        cursor = node.start_mark.index
        out = []
        for i, item in enumerate(node.value):
            value, cursor = self.referred(item, path + (i,), depth + 1, cursor)
            out.append(value)
        return out

    def referred(self, node: Node, path: YamlPath, depth: int, after: int) -> tuple[Any, int]:
        """Walk a node that the text refers to after offset ``after``: when it
        was walked before, the reference is an alias, which is where it and
        everything under it are located. Returns the data and the offset where
        the reference ends."""
        if self.alias_at is not None or id(node) not in self.seen:
            return self.walk(node, path, depth), node.end_mark.index
        alias, end = self._alias(after)
        if alias is None:
            return self.walk(node, path, depth), end
        self.alias_at = alias
        try:
            return self.walk(node, path, depth), end
        finally:
            self.alias_at = None

    def _alias(self, after: int) -> tuple[RawSpan | None, int]:
        """The span of the alias token (``*name``) that follows ``after``."""
        found = _ALIAS.match(self.text, after)
        if found is None:
            return None, after
        start, end = found.start(1), found.end(1)
        line, col = self._pos(start)
        self.alias_offsets = (start, end)
        return (line, col, line, col + (end - start)), end

    def scalar(self, node: ScalarNode, path: YamlPath, tag: str, value: str) -> Any:
        """A scalar other than an untagged string in a text without escapes."""
        if tag == _STR and not self.escapes:
            return value if value and not value.isspace() else None
        if self.escapes and _SURROGATE.search(value):
            self.problem("F002", node, "string holds a lone surrogate escape, which is not valid Unicode", path)
            return value.encode("utf-8", "replace").decode("utf-8")
        if tag == _INT:
            try:
                return _to_int(value)
            except ValueError:
                self.problem("V001", node, "integer is too large to be a KPI value", path)
                return value
        if tag == _FLOAT:
            number = _to_float(value)
            if number is None:
                self.problem("V001", node, "value is not a finite number; write a real value", path)
                return value
            return number
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _NULL:
            return None
        return value if value and not value.isspace() else None


#: what may stand between a key (or the previous item) and an alias: blanks,
#: indicators and comments; then the alias token itself
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)+")
_ALIAS = re.compile(r"(?:[\s:,\[{?-]|#[^\n]*)*(\*[^\s,\[\]{}]+)")


def _to_int(text: str) -> int:
    if text.isdigit() and text.isascii() and len(text) <= 4000:
        return int(text)  # the common case: plain decimal digits
    text = text.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    lowered = body.lower()
    if lowered.startswith("0x"):
        return sign * int(body[2:], 16)
    if lowered.startswith("0o"):
        return sign * int(body[2:], 8)
    if lowered.startswith("0b"):
        return sign * int(body[2:], 2)
    if len(body) > 4000:
        raise ValueError("too long")
    return sign * int(body, 10)


def _to_float(text: str) -> float | None:
    lowered = text.replace("_", "").lower()
    if "nan" in lowered or "inf" in lowered:
        return None
    try:
        value = float(lowered)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


_LINE_BREAK = re.compile(r"\n")


def _position(starts: list[int], index: int) -> tuple[int, int]:
    """1-based (line, column) of a code point offset; lines end at ``\\n`` only."""
    index = max(0, index)
    line = bisect.bisect_right(starts, index) - 1
    return line + 1, index - starts[line] + 1


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def _long_line(text: str, limit: int) -> int | None:
    if len(text) <= limit:
        return None  # no line can be longer than the whole text
    start = 0
    line = 1
    for line_text in text.split("\n"):
        if len(line_text) > limit:
            return line
        start += len(line_text) + 1
        line += 1
    return None


_JSON_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def _json_problem(text: str) -> Problem | None:
    """Strict JSON syntax check (trailing commas, NaN, ...), positioned.

    Numbers are not converted here (a huge integer is valid JSON syntax; the
    walker reports it as V001 at its position)."""

    def reject_constant(name: str) -> Any:
        raise ValueError(f"`{name}` is not valid JSON; numbers must be finite")

    try:
        json.loads(text, parse_constant=reject_constant, parse_int=lambda s: 0, parse_float=lambda s: 0.0)
    except json.JSONDecodeError as exc:
        return Problem("F002", Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1), f"invalid JSON: {exc.msg}")
    except RecursionError:
        return None  # too deep to check here: the depth limit (F004) reports it, positioned
    except ValueError as exc:
        line, col, width = 1, 1, 1
        for match in _JSON_CONSTANT.finditer(text):
            if match.group(1):
                starts = line_starts(text)
                line, col = _position(starts, match.start(1))
                width = len(match.group(1))
                break
        return Problem("F002", Span(line, col, line, col + width), f"invalid JSON: {exc}")
    return None


# The C composer recurses once per nesting level and overflows the C stack
# (a crash, not an exception) some ten thousand levels down. When a cheap
# bound says the text could nest that deep, the depth is measured exactly on
# the event stream (an iterative parser) before anything is composed.
_SAFE_DEPTH = 1000


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text``: one flow level per
    ``[``/``{``, and block levels start at strictly deeper columns at least
    every second level, after indentation and compact ``- ``/``? ``/``: ``."""
    if len(text) <= _SAFE_DEPTH:
        return len(text)
    flow = text.count("[") + text.count("{")
    lines = text.split("\n")
    loose = flow + 2 * (max(map(len, lines)) + 1)
    if loose <= _SAFE_DEPTH:
        # an indentation is at most its line's length: this looser bound is
        # cheaper and already low enough for ordinary files (short lines)
        return loose
    column = max(len(line) - len(line.lstrip(" \t-?:")) for line in lines)
    return flow + 2 * (column + 1)


def _events(text: str) -> Any:
    try:
        from ruamel.yaml.cyaml import CSafeLoader

        loader = CSafeLoader(text)
    except Exception:  # pragma: no cover - no C extension
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    while loader.check_event():
        yield loader.get_event()


def _too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """(document index, offset) of the first node nested deeper than ``limit``."""
    depth = 0
    doc = -1
    try:
        for event in _events(text):
            if isinstance(event, DocumentStartEvent):
                doc, depth = doc + 1, 0
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, NodeEvent):
                if depth > limit:
                    return max(doc, 0), event.start_mark.index
                if isinstance(event, CollectionStartEvent):
                    depth += 1
    except (YAMLError, ValueError, UnicodeError):
        pass  # composing stops at the same error, above the limit
    return None


def load_text(text: str, file: str, limits: Limits | None = None, *, is_json: bool = False) -> Loaded:
    """Parse ``text`` (already decoded) into documents and problems."""
    limits = limits or Limits()
    result = Loaded(text=text)
    long_line = _long_line(text, limits.max_line_length)
    if long_line is not None:
        result.problems.append(
            Problem(
                "F004",
                Span(long_line, 1, long_line, 2),
                f"line {long_line} is longer than {limits.max_line_length} characters "
                "(raise `limits.max-line-length` if this is intended)",
            )
        )
        return result
    if is_json:
        if not text.strip():
            result.problems.append(Problem("F005", Span(1, 1, 1, 2), "file holds no document (it is empty)"))
            return result
        bad = _json_problem(text)
        if bad is not None:
            result.problems.append(bad)
            return result
        text = text.replace("\t", " ")  # same columns; JSON strings cannot hold raw tabs
    starts = line_starts(text)
    marks = _marks_ok(text)
    index = 0
    deep = None
    if _depth_bound(text) > _SAFE_DEPTH:
        deep = _too_deep(text, min(limits.max_depth, _SAFE_DEPTH))
    try:
        for node in compose_all(text) if deep is None or deep[0] > 0 else ():
            _add_document(result, node, file, text, starts, limits, index, marks)
            index += 1
            if deep is not None and index == deep[0]:
                break  # never compose the too-deep document
        if deep is not None:
            line, col = _position(starts, deep[1])
            limit = min(limits.max_depth, _SAFE_DEPTH)
            message = f"nesting deeper than {limit} levels (raise `limits.max-depth` if this is intended)"
            result.problems.append(Problem("F004", Span(line, col, line, col + 1), message, deep[0]))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _position(starts, mark.index) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        context = f" {exc.context}" if exc.context and exc.problem else ""
        message = f"{'JSON' if is_json else 'YAML'} syntax error: {problem}{context}"
        result.problems.append(Problem("F002", Span(line, col, line, col + 1), message, index))
    except (YAMLError, RecursionError, ValueError, UnicodeError) as exc:
        message = "nesting too deep to parse" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
        code = "F004" if isinstance(exc, RecursionError) else "F002"
        span = Span(1, 1, 1, 2)
        character = getattr(exc, "character", None)  # a ReaderError: point at the character
        if isinstance(character, int) and chr(character) in text:
            line, col = _position(starts, text.index(chr(character)))
            span = Span(line, col, line, col + 1)
            message = f"character U+{character:04X} is not allowed: {getattr(exc, 'reason', 'control character')}"
        result.problems.append(Problem(code, span, f"cannot parse: {message}", index))
    if index == 0 and not result.problems:
        result.problems.append(Problem("F005", Span(1, 1, 1, 2), "file holds no document (it is empty or only comments)"))
    return result


def _document_marker(text: str, starts: list[int], index: int) -> Span | None:
    """The ``---`` that starts the (empty) document whose node is at ``index``:
    the empty node itself sits after it, often past the end of the file."""
    line = bisect.bisect_right(starts, index) - 1
    while line >= 0:
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
        content = text[starts[line] : min(end, index)]
        if content.startswith("---") and (len(content) == 3 or content[3] in " \t"):
            return Span(line + 1, 1, line + 1, 4)
        stripped = content.strip()
        if stripped and not stripped.startswith("#") and stripped != "...":
            return None
        line -= 1
    return None


def _too_large(root: Node, cap: int) -> Node | None:
    """The smallest node whose size after alias expansion is above ``cap``
    (an alias cycle counts as infinite), counted on the shared node graph so
    a billion laughs is found in microseconds, not after ``cap`` steps."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > cap:
                return node
            continue
        if key in sizes:
            continue
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                return node
            if id(child) not in sizes:
                stack.append((child, False))
    return None


def _marks_ok(text: str) -> tuple[bool, bool]:
    """Whether the parser's line/column marks can be trusted for ``text``, and
    whether its line breaks are exactly the text's ``\\n`` (see :class:`_Walker`)."""
    marks_ok = "\x85" not in text and "\u2028" not in text and "\u2029" not in text
    # the pure-Python reader does not count U+FEFF in columns
    return marks_ok, marks_ok and "\r" not in text and "\ufeff" not in text


def _add_document(
    result: Loaded,
    node: Node,
    file: str,
    text: str,
    starts: list[int],
    limits: Limits,
    index: int,
    marks: tuple[bool, bool],
) -> None:
    walker = _Walker(text, starts, limits, index, marks)
    line, col = _position(starts, node.start_mark.index)
    root = Span(1, 1, 1, 2) if index == 0 else Span(line, col, line, col + 1)
    if isinstance(node, ScalarNode) and node.tag == _TAG + "null" and node.value in ("", "~", "null"):
        if node.value == "":
            marker = _document_marker(text, starts, node.start_mark.index)
            result.problems.append(
                Problem("F005", marker or root, "document is empty; remove the stray `---` or fill it in", index)
            )
            return
    # without an alias (`*name`) the graph is a tree and the walker's own
    # counter bounds it; only then is the shared-graph size check needed
    huge = _too_large(node, 2 * limits.max_nodes) if limits.max_nodes and "*" in text else None
    if huge is not None:
        message = (
            f"document has more than {limits.max_nodes} nodes after alias expansion "
            "(raise `limits.max-nodes` if this is intended)"
        )
        result.problems.append(Problem("F004", walker.span(huge), message, index))
        return
    try:
        data = walker.walk(node, (), 0)
    except _LimitHit as hit:
        result.problems.append(Problem("F004", hit.span, hit.message, index))
        return
    except RecursionError:
        result.problems.append(Problem("F004", root, "nesting too deep to process", index))
        return
    result.problems.extend(walker.problems)
    source = SourceMap(root, walker.values, walker.keys, walker.scalars, text)
    result.documents.append(Document(file, index, data, source, frozenset(walker.reported)))
