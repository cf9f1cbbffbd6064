"""Inline suppressions (``# kpilint: disable=...``) and ``metadata.lint-disable``.

Directives are read from the comments of a YAML file (a ``#`` inside a quoted
string or a block scalar is text, also in a file that does not parse);
a comment that starts with ``kpilint:`` but is not a valid directive is
reported as malformed (K002). The engine applies both kinds of suppression to
a file's findings; the ones that silenced nothing, or name an unknown code,
become K001. Codes are read by :mod:`kpilint.codes`.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple, Sequence

from kpilint.codes import is_selector, matches
from kpilint.diagnostics import Span
from kpilint.document import Document

KEYWORDS = ("disable", "disable-file")
VALID_FORMS = "`# kpilint: disable=CODE[,CODE...] [-- reason]` or `# kpilint: disable-file=CODE[,CODE...]`"

_HEAD = re.compile(r"kpilint:")
_KEYWORD = re.compile(r"[ \t]*(?P<word>[A-Za-z][\w-]*)?")
_REASON = re.compile(r"[ \t]*--(?:[ \t].*)?$")


class Suppression:
    """One directive: the codes it names and the lines it covers; ``used``
    collects the codes that silenced something (for K001)."""

    __slots__ = ("span", "codes", "first", "last", "whole_file", "used")

    def __init__(self, span: Span, codes: tuple[str, ...], first: int, last: int, whole_file: bool = False) -> None:
        self.span = span  # where the comment is (for K001)
        self.codes = codes
        self.first = first  # first covered line (1-based)
        self.last = last
        self.whole_file = whole_file
        self.used: set[str] = set()

    def reaches(self, line: int) -> bool:
        return self.whole_file or self.first <= line <= self.last

    def covers(self, line: int, code: str) -> str | None:
        """The directive code that silences ``code`` on ``line``, if any."""
        if not self.reaches(line):
            return None
        for name in self.codes:
            if matches(name, code):
                return name
        return None


class Malformed(NamedTuple):
    """A comment that looks like a directive but is not one (K002)."""

    span: Span
    message: str


class Parsed(NamedTuple):
    directives: list[Suppression]
    malformed: list[Malformed]


class Entry:
    """One item of ``metadata.lint-disable``; ``used`` once it silenced something."""

    __slots__ = ("code", "path", "used")

    def __init__(self, code: str, path: tuple[str | int, ...]) -> None:
        self.code = code
        self.path = path
        self.used = False


def may_suppress(text: str) -> bool:
    """Whether a file's text may hold a directive or a ``lint-disable`` (a
    cheap test: without either, a file's findings are only filtered by the
    selection)."""
    return "kpilint:" in text or "lint-disable" in text


# -- finding the comments ---------------------------------------------------------


def _block_parent(line: str) -> int:
    """The indentation a block scalar's content must exceed, for a header on
    ``line``: the column of the key before it, or of the ``-`` of a sequence
    item that holds it directly."""
    pos = len(line) - len(line.lstrip(" "))
    dash = -1
    while line.startswith("-", pos) and (pos + 1 == len(line) or line[pos + 1] in " \t"):
        dash = pos
        pos += 1
        while pos < len(line) and line[pos] in " \t":
            pos += 1
    if pos < len(line) and line[pos] in "|>":
        return dash
    return pos


def comments(text: str) -> Iterator[tuple[int, int, str]]:
    """``(line, column of '#', text after '#')`` of every comment of a YAML
    text. A ``#`` is a comment when it starts a line or follows a blank, and
    is not inside a quoted scalar (which may span lines, and may be left
    unclosed in a file that does not parse) nor inside a block scalar."""
    quote = ""
    block = -2  # inside a block scalar: the indentation its content exceeds
    flow = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if block > -2:
            indent = len(line) - len(line.lstrip(" "))
            if not line.strip() or indent > block:
                continue
            block = -2
        if not quote and (line.startswith("---") or line.startswith("...")) and line[3:4] in ("", " ", "\t"):
            flow = 0
        start = True  # a node may start here
        i, size = 0, len(line)
        while i < size:
            char = line[i]
            if quote == '"':
                if char == "\\":
                    i += 2
                    continue
                if char == '"':
                    quote, start = "", False
                i += 1
                continue
            if quote == "'":
                if char == "'":
                    if line.startswith("''", i):
                        i += 2
                        continue
                    quote, start = "", False
                i += 1
                continue
            if char == "#" and (i == 0 or line[i - 1] in " \t"):
                yield number, i + 1, line[i + 1 :]
                break
            after = line[i + 1 : i + 2]
            if char in " \t":
                pass
            elif start and char in "\"'":
                quote = char
            elif start and char in "|>" and re.match(r"[|>][0-9+-]*(?:[ \t]|$)", line[i:]):
                block = _block_parent(line)
                start = False
            elif char in "[{":
                flow += 1
                start = True
            elif char in "]}":
                flow = max(0, flow - 1)
                start = False
            elif char == "," and flow:
                start = True
            elif char == ":" and after in ("", " ", "\t"):
                start = True
            elif start and char in "-?" and after in ("", " ", "\t"):
                pass  # a sequence item or a complex key: a node may still start
            elif char == ":" and flow:
                start = True
            elif start and char in "&!":
                while i + 1 < size and line[i + 1] not in " \t":
                    i += 1
            else:
                start = False
            i += 1


# -- reading the directives ---------------------------------------------------------


def _multiline_ends(documents: Sequence[Document]) -> dict[int, int]:
    """Line -> last line of a scalar that spans several lines, for the line
    of its key and the line it starts on (``- >-`` of a sequence item)."""
    ends: dict[int, int] = {}
    for doc in documents:
        source = doc.source
        values, keys = source.values, source.keys
        for path in source.scalars:
            value = values.get(path)
            if value is None or value.end_line <= value.line:
                continue
            ends[value.line] = max(ends.get(value.line, 0), value.end_line)
            key = keys.get(path)
            if key is not None:
                ends[key.line] = max(ends.get(key.line, 0), value.end_line)
    return ends


def _problem(body: str) -> tuple[str | None, str, tuple[str, ...]]:
    """Read the text after ``kpilint:``: (what is wrong with it or None, keyword, codes)."""
    word_match = _KEYWORD.match(body)
    word = (word_match.group("word") or "") if word_match else ""
    rest = body[word_match.end() if word_match else 0 :]
    if word.lower() not in KEYWORDS:
        if not word:
            return "names no directive", "", ()
        import difflib  # only for a malformed directive

        close = difflib.get_close_matches(word.lower(), KEYWORDS, n=1, cutoff=0.5)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return f"`{word}` is not a directive{hint}", "", ()
    keyword = word.lower()
    stripped = rest.lstrip(" \t")
    if not stripped.startswith("="):
        return f"`{keyword}` needs `=` before its codes (`{keyword}=S101`)", keyword, ()
    rest = stripped[1:]
    reason = _REASON.search(rest)
    listed = rest[: reason.start()] if reason else rest
    items = [item.strip() for item in listed.split(",")]
    if not listed.strip():
        return f"`{keyword}=` names no code", keyword, ()
    for item in items:
        if not item:
            return f"`{keyword}=` has an empty code between commas", keyword, ()
        if not is_selector(item):
            if " " in item or "\t" in item:
                extra = item.split(None, 1)[1]
                return f"unexpected `{extra}` after the codes (separate codes with `,`, a reason with ` -- `)", keyword, ()
            return f"`{item}` is not a code, a prefix or ALL", keyword, ()
    return None, keyword, tuple(items)


def _directive(comment: str) -> tuple[str | None, str, tuple[str, ...], int] | None:
    """None when ``comment`` (the text after ``#``) is no directive at all;
    else (problem, keyword, codes, length of the directive text)."""
    head = _HEAD.match(comment.lstrip(" \t"))
    if head is None:
        return None
    lead = len(comment) - len(comment.lstrip(" \t"))
    body = comment[lead + head.end() :]
    cut = body.find("#")  # a further `#` starts another comment
    if cut >= 0:
        body = body[:cut]
    body = body.rstrip()
    problem, keyword, codes = _problem(body)
    return problem, keyword, codes, lead + head.end() + len(body)


def parse(text: str, documents: Sequence[Document]) -> Parsed:
    """Every directive of a YAML file's text, and the malformed ones."""
    if "kpilint:" not in text:
        return Parsed([], [])
    lines: list[str] | None = None
    ends: dict[int, int] | None = None
    found: list[Suppression] = []
    bad: list[Malformed] = []
    for number, col, comment in comments(text):
        read = _directive(comment)
        if read is None:
            continue
        problem, keyword, codes, length = read
        span = Span(number, col, number, col + 1 + length)
        if problem is not None:
            bad.append(Malformed(span, f"malformed suppression comment ({problem}): write {VALID_FORMS}"))
            continue
        if keyword == "disable-file":
            found.append(Suppression(span, codes, 0, -1, whole_file=True))
            continue
        if lines is None:
            lines = text.split("\n")
            ends = _multiline_ends(documents)
        assert ends is not None
        target = number
        if not lines[number - 1][: col - 1].strip():  # a comment on a line of its own: the next content line
            target = number + 1
            while target <= len(lines) and (not lines[target - 1].strip() or lines[target - 1].lstrip().startswith("#")):
                target += 1
        found.append(Suppression(span, codes, target, ends.get(target, target)))
    return Parsed(found, bad)


def document_disables(doc: Document) -> tuple[Entry, ...]:
    """The entries of the document's ``metadata.lint-disable`` that have the
    shape of a code (other items are the schema's to report)."""
    value = doc.get("metadata", "lint-disable")
    if not isinstance(value, list):
        return ()
    return tuple(
        Entry(item.strip(), ("metadata", "lint-disable", index))
        for index, item in enumerate(value)
        if isinstance(item, str) and is_selector(item)
    )
