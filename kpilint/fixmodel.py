"""Fixes as rules write them (in YAML paths) and as the engine places them.

A rule attaches a :class:`Fix` to a :class:`~kpilint.api.Finding`: a title,
an applicability (``safe``: certainly what the author meant; ``unsafe``: it
changes values) and edits that speak of nodes by YAML path, like findings
do. :func:`resolve` turns them into text edits at the nodes' source
positions (1-based lines, code-point columns, end exclusive), or drops the
fix when a node cannot be edited in place (an alias, a merged key, a block
scalar...). Nothing is ever re-dumped: an edit replaces exactly the bytes of
one node, so everything else in the file stays as written.

New text uses ``\\n`` for a line break; applying it writes the file's own
line ending.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Literal, NamedTuple, Optional

from kpilint.diagnostics import Fix as PlacedFix
from kpilint.diagnostics import Span, TextEdit
from kpilint.sourcemap import YamlPath

if TYPE_CHECKING:
    from kpilint.document import Document

Applicability = Literal["safe", "unsafe"]
EditKind = Literal["value", "key", "move", "span"]
#: a placed fix as plain tuples (for the cache): title, applicability, edits
RawFix = tuple[str, str, tuple[tuple[int, int, int, int, str], ...]]


class Edit(NamedTuple):
    """One change, addressed like a finding. Build it with :func:`replace_value`,
    :func:`rename_key`, :func:`move_entry` or :func:`replace_span`."""

    kind: EditKind
    path: YamlPath
    text: str = ""
    to: YamlPath = ()  # move: the mapping the entry belongs in
    span: Optional[Span] = None  # span: the exact source range


class Fix(NamedTuple):
    """What a rule offers to change for a finding."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"


def replace_value(path: YamlPath, text: str) -> Edit:
    """Replace the scalar at ``path`` with ``text`` (its quoting is kept)."""
    return Edit("value", tuple(path), text)


def rename_key(path: YamlPath, new_key: str) -> Edit:
    """Rename the key of the mapping entry at ``path`` (its quoting is kept)."""
    return Edit("key", tuple(path), new_key)


def move_entry(path: YamlPath, to: YamlPath) -> Edit:
    """Move the entry at ``path`` into the block mapping at ``to``. Only a
    one-line ``key: scalar`` entry of a block mapping is moved."""
    return Edit("move", tuple(path), to=tuple(to))


def replace_span(span: Span, text: str) -> Edit:
    """Replace an exact source range (for fixes that are not about one node)."""
    return Edit("span", (), text, span=span)


_PLAIN_KEY = re.compile(r"[^\s'\"#:{}\[\],&*!|>%@`]")


def resolve(fix: Fix, doc: Document) -> Optional[RawFix]:
    """``fix`` placed in ``doc``'s file, or None when one of its edits cannot
    be made as a text edit."""
    placed: list[tuple[int, int, int, int, str]] = []
    for edit in fix.edits:
        found = _place(edit, doc)
        if found is None:
            return None
        placed.extend(found)
    if not placed or fix.applicability not in ("safe", "unsafe"):
        return None
    return (str(fix.title), fix.applicability, tuple(placed))


def placed_fix(raw: Optional[RawFix]) -> Optional[PlacedFix]:
    """The record form of a placed fix."""
    if raw is None:
        return None
    title, applicability, edits = raw
    return PlacedFix(title, applicability, tuple(TextEdit(*edit) for edit in edits))


def _place(edit: Edit, doc: Document) -> Optional[list[tuple[int, int, int, int, str]]]:
    source = doc.source
    values, keys, scalars, text = source.raw()
    if edit.kind == "span":
        return [(*edit.span, edit.text)] if edit.span is not None else None
    if edit.kind == "key":
        key = keys.get(edit.path)
        if key is None or not edit.path or key[0] != key[2]:
            return None
        written = _slice(text, key)
        name = str(edit.path[-1])
        quote = written[:1] if written[:1] in ("'", '"') and written[-1:] == written[:1] and len(written) > 1 else ""
        if written != f"{quote}{name}{quote}":
            return None  # a merged key, an escaped or multi-line one: not where it is written
        if not quote and not _PLAIN_KEY.match(edit.text[:1] or " "):
            return None
        return [(*key, f"{quote}{edit.text}{quote}")]
    if edit.kind == "value":
        return _place_value(edit, values, scalars, text)
    if edit.kind == "move":
        if doc.file.lower().endswith(".json"):
            return None  # moving a line would break JSON's commas
        return _place_move(edit, values, keys, scalars, text)
    return None


def _place_value(edit: Edit, values: dict[YamlPath, tuple[int, int, int, int]], scalars: dict[YamlPath, tuple[int, int, str]], text: str) -> Optional[list[tuple[int, int, int, int, str]]]:
    value = values.get(edit.path)
    scalar = scalars.get(edit.path)
    if value is None or scalar is None:
        return None
    start, end, style = scalar
    if style not in ("", "'", '"') or start == end:
        return None
    starts = _line_starts(text)
    line, col = _position(starts, start)
    end_line, end_col = _position(starts, end)
    if end_line != line or (line, col) < (value[0], value[1]) or (end_line, end_col) > (value[2], value[3]):
        return None  # reached through an alias: the text is elsewhere
    written = text[start:end]
    if style and not (written[:1] == style and written[-1:] == style and len(written) > 1):
        return None
    if style and (style in edit.text or "\\" in edit.text):
        return None
    return [(line, col, end_line, end_col, f"{style}{edit.text}{style}")]


def _place_move(
    edit: Edit,
    values: dict[YamlPath, tuple[int, int, int, int]],
    keys: dict[YamlPath, tuple[int, int, int, int]],
    scalars: dict[YamlPath, tuple[int, int, str]],
    text: str,
) -> Optional[list[tuple[int, int, int, int, str]]]:
    path, to = edit.path, edit.to
    key, value, scalar = keys.get(path), values.get(path), scalars.get(path)
    if not path or key is None or value is None or scalar is None or to not in values or scalar[2] in ("|", ">"):
        return None
    if value[0] != key[0] or value[2] != key[0] or to + (path[-1],) in values:
        return None  # a multi-line value, or the key is already there
    lines = text.split("\n")
    line = lines[key[0] - 1]
    if line[: key[1] - 1].strip() or "{" in line or "[" in line:
        return None  # not alone on its line (a flow mapping, a sequence item)
    children = sorted(span for p, span in keys.items() if len(p) == len(to) + 1 and p[: len(to)] == to)
    parent_key = keys.get(to)
    if not children or (parent_key is not None and children[0][0] <= parent_key[0]):
        return None  # an empty or flow mapping
    first = children[0]
    first_line = lines[first[0] - 1]
    if first_line[: first[1] - 1].strip() or first[0] == key[0]:
        return None
    moved = " " * (first[1] - 1) + line[key[1] - 1 :].rstrip(" \t") + "\n"
    return [(key[0], 1, key[0] + 1, 1, ""), (first[0], 1, first[0], 1, moved)]


def _slice(text: str, span: tuple[int, int, int, int]) -> str:
    starts = _line_starts(text)
    if span[0] > len(starts) or span[2] > len(starts):
        return ""
    return text[starts[span[0] - 1] + span[1] - 1 : starts[span[2] - 1] + span[3] - 1]


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    from bisect import bisect_right

    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


_TAB_INDENT = re.compile(r"^[ \t]*\t[ \t]*", re.M)


def tab_indentation_fix(text: str, load: Callable[[str], Optional[Any]]) -> Optional[RawFix]:
    """For a YAML text that does not parse: the tabs of its indentation
    replaced by spaces, when that makes it parse. ``load(text)`` returns the
    documents' data, or None when the text does not parse.

    A tab is expanded to the next tab stop; tab stops of 2, 4 and 8 columns
    are tried, and the fix is offered only when every width that parses
    gives the same data (the meaning does not hang on the width)."""
    found = list(_TAB_INDENT.finditer(text))
    if not found:
        return None
    data: list[Any] = []
    for width in (2, 4, 8):
        fixed = _TAB_INDENT.sub(lambda m: m.group(0).expandtabs(width), text)
        loaded = load(fixed)
        if loaded is not None:
            data.append((width, loaded))
    if not data or any(each != data[0][1] for _, each in data[1:]):
        return None
    width = data[0][0]
    starts = _line_starts(text)
    edits = []
    for match in found:
        line, col = _position(starts, match.start())
        edits.append((line, col, line, col + len(match.group(0)), match.group(0).expandtabs(width)))
    return ("Replace the tabs of the indentation with spaces", "safe", tuple(edits))
