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
from dataclasses import dataclass, field
from typing import Any, Callable

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kpilint.diagnostics import Span
from kpilint.document import Document
from kpilint.reading import Limits
from kpilint.sourcemap import ScalarText, SourceMap, YamlPath

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_MERGE = _TAG + "merge"


@dataclass(frozen=True)
class Problem:
    """A loader finding, before the engine turns it into a diagnostic."""

    code: str
    span: Span
    message: str
    doc_index: int = 0
    path: YamlPath = ()


@dataclass
class Loaded:
    """The outcome of loading one file."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""


def _composer() -> Callable[[str], Any]:
    """Return a function text -> iterator of root nodes (C parser if available)."""
    try:
        from ruamel.yaml.cyaml import CSafeLoader
    except ImportError:  # pragma: no cover - depends on the install
        CSafeLoader = None  # noqa: N806
    if CSafeLoader is not None:
        try:
            CSafeLoader("a: 1").get_single_node()
        except Exception:  # pragma: no cover - broken extension
            CSafeLoader = None  # noqa: N806
    if CSafeLoader is not None:

        def compose_c(text: str) -> Any:
            loader = CSafeLoader(text)
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
    """Turn one composed node graph into plain data plus a source map."""

    def __init__(self, text: str, line_starts: list[int], limits: Limits, doc_index: int) -> None:
        self.text = text
        self.line_starts = line_starts
        self.limits = limits
        self.doc_index = doc_index
        self.values: dict[YamlPath, Span] = {}
        self.keys: dict[YamlPath, Span] = {}
        self.scalars: dict[YamlPath, ScalarText] = {}
        self.problems: list[Problem] = []
        self.reported: set[YamlPath] = set()
        self.count = 0

    # -- positions -------------------------------------------------------
    def _pos(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, index) - 1
        return line + 1, index - self.line_starts[line] + 1

    def span(self, node: Node) -> Span:
        start, end = node.start_mark, node.end_mark
        if end.line == start.line:
            return Span(start.line + 1, start.column + 1, end.line + 1, max(end.column, start.column + 1) + 1)
        # multi-line: trim trailing blanks so the range ends on real content
        stop = end.index
        while stop > start.index and self.text[stop - 1] in " \t\n":
            stop -= 1
        end_line, end_col = self._pos(stop)
        return Span(start.line + 1, start.column + 1, end_line, end_col)

    def problem(self, code: str, node: Node, message: str, path: YamlPath, *, key: bool = False) -> None:
        self.problems.append(Problem(code, self.span(node), message, self.doc_index, path))
        self.reported.add(path)

    # -- walking ---------------------------------------------------------
    def walk(self, node: Node, path: YamlPath, depth: int) -> Any:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise _LimitHit(
                f"document has more than {self.limits.max_nodes} nodes after alias expansion "
                "(raise `limits.max-nodes` if this is intended)",
                self.span(node),
            )
        if depth > self.limits.max_depth:
            raise _LimitHit(
                f"nesting deeper than {self.limits.max_depth} levels "
                "(raise `limits.max-depth` if this is intended)",
                self.span(node),
            )
        if path not in self.values:
            self.values[path] = self.span(node)
        tag = node.tag or ""
        if tag not in _PLAIN_TAGS and tag != _MERGE:
            shown = tag.replace(_TAG, "!!")
            self.problem(
                "V001",
                node,
                f"tag `{shown}` is not allowed: KPI files hold plain data only, and tagged values are never constructed",
                path,
            )
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.walk(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merges: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append((key_node, value_node))
                continue
            if not isinstance(key_node, ScalarNode):
                self.count += 1
                self.problem(
                    "V001",
                    key_node,
                    "a mapping key must be a plain string, found a "
                    + ("mapping" if isinstance(key_node, MappingNode) else "sequence"),
                    path,
                )
                continue
            key = key_node.value
            if key_node.tag != _TAG + "str":
                self.problem("V001", key_node, f"a mapping key must be a string, found `{key}`", path)
            if not isinstance(key, str):  # pragma: no cover - defensive
                key = str(key)
            child = path + (key,)
            if key in out:
                first = self.keys.get(child)
                where = f" (first defined on line {first.line})" if first else ""
                self.problems.append(
                    Problem(
                        "F003",
                        self.span(key_node),
                        f"duplicate key `{key}`{where}: a mapping may hold each key once; remove or rename one",
                        self.doc_index,
                        child,
                    )
                )
                continue
            self.keys[child] = self.span(key_node)
            out[key] = self.walk(value_node, child, depth + 1)
        for key_node, value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    self.problem("V001", key_node, "a merge key `<<` must name a mapping or a list of mappings", path)
                    continue
                for sub_key, sub_value in source.value:
                    if not isinstance(sub_key, ScalarNode) or sub_key.tag == _MERGE:
                        continue
                    if sub_key.value in out:
                        continue
                    child = path + (sub_key.value,)
                    self.keys[child] = self.span(sub_key)
                    out[sub_key.value] = self.walk(sub_value, child, depth + 1)
        return out

    def scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        value: str = node.value
        style = node.style or ""
        self.scalars[path] = ScalarText(node.start_mark.index, node.end_mark.index, style)
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            self.problem("F002", node, "string holds a lone surrogate escape, which is not valid Unicode", path)
            return value.encode("utf-8", "replace").decode("utf-8")
        tag = node.tag
        if tag == _TAG + "int":
            try:
                return _to_int(value)
            except ValueError:
                self.problem("V001", node, "integer is too large to be a KPI value", path)
                return value
        if tag == _TAG + "float":
            number = _to_float(value)
            if number is None:
                self.problem("V001", node, f"`{value}` is not a finite number; write a real value", path)
                return value
            return number
        if tag == _TAG + "bool":
            return value.lower() == "true"
        if tag == _TAG + "null":
            return None
        return value


def _to_int(text: str) -> int:
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


def line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def _long_line(text: str, limit: int) -> int | None:
    start = 0
    line = 1
    for line_text in text.split("\n"):
        if len(line_text) > limit:
            return line
        start += len(line_text) + 1
        line += 1
    return None


def _json_problem(text: str) -> Problem | None:
    """Strict JSON syntax check (trailing commas, NaN, ...), positioned."""

    def reject_constant(name: str) -> Any:
        raise ValueError(f"`{name}` is not valid JSON; numbers must be finite")

    try:
        json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        return Problem("F002", Span(exc.lineno, exc.colno, exc.lineno, exc.colno + 1), f"invalid JSON: {exc.msg}")
    except (ValueError, RecursionError) as exc:
        message = str(exc) if isinstance(exc, ValueError) else "nesting too deep"
        return Problem("F002", Span(1, 1, 1, 2), f"invalid JSON: {message}")
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
        bad = _json_problem(text)
        if bad is not None:
            result.problems.append(bad)
            return result
        text = text.replace("\t", " ")  # same columns; JSON strings cannot hold raw tabs
    starts = line_starts(text)
    index = 0
    try:
        for node in compose_all(text):
            _add_document(result, node, file, text, starts, limits, index)
            index += 1
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        context = f" {exc.context}" if exc.context and exc.problem else ""
        message = f"{'JSON' if is_json else 'YAML'} syntax error: {problem}{context}"
        result.problems.append(Problem("F002", Span(line, col, line, col + 1), message, index))
    except (YAMLError, RecursionError, ValueError, UnicodeError) as exc:
        message = "nesting too deep to parse" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
        code = "F004" if isinstance(exc, RecursionError) else "F002"
        result.problems.append(Problem(code, Span(1, 1, 1, 2), f"cannot parse: {message}", index))
    if index == 0 and not result.problems:
        result.problems.append(Problem("F005", Span(1, 1, 1, 2), "file holds no document (it is empty or only comments)"))
    return result


def _add_document(
    result: Loaded, node: Node, file: str, text: str, starts: list[int], limits: Limits, index: int
) -> None:
    walker = _Walker(text, starts, limits, index)
    root_start = node.start_mark
    root = Span(1, 1, 1, 2) if index == 0 else Span(root_start.line + 1, root_start.column + 1, root_start.line + 1, root_start.column + 2)
    if isinstance(node, ScalarNode) and node.tag == _TAG + "null" and node.value in ("", "~", "null"):
        if node.value == "":
            result.problems.append(Problem("F005", root, "document is empty; remove the stray `---` or fill it in", index))
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
    source = SourceMap(root=root, values=walker.values, keys=walker.keys, scalars=walker.scalars)
    result.documents.append(Document(file, index, data, source, text, frozenset(walker.reported)))
