"""Shared helpers of the built-in SMART rules (not a rule module).

Vague words and number words are shared by S101 (vague-statement) and S103
(statement-lacks-quantity); :func:`missing` is shared by the missing-field
rules, so they all agree on what "no value" means; :func:`baseline` and
:func:`fmt_number` by the rules that compute with the metric's numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Iterator, Literal, Mapping

from kpilint.api import Document, Finding, Span
from kpilint.rules._dates import MAX_LISTED, baseline_value, kpi_data

#: The vague words and phrases S101 looks for by default.
DEFAULT_VAGUE_WORDS: tuple[str, ...] = (
    "more",
    "better",
    "improve",
    "increase",
    "optimize",
    "as much as possible",
    "ASAP",
    "some",
    "various",
)

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred hundreds thousand thousands million millions "
    "billion billions half halve halves halved double doubled doubles doubling "
    "triple tripled triples tripling quadruple quadrupled dozen dozens twice thrice "
    "percent percentage percentages pct"
).split()

_WORD_START = r"(?<!\w)"  # not preceded by a letter, digit or underscore
_WORD_END = r"(?!\w)"  # not followed by a letter, digit or underscore

#: A digit, a number word, "per cent" or an n-fold multiplier ("twofold").
NUMBER = re.compile(
    r"[0-9]"
    r"|" + _WORD_START + r"(?:"
    + "|".join(_NUMBER_WORDS)
    + r"|per\s+cent|(?:two|three|four|five|six|seven|eight|nine|ten)-?fold"
    + r")" + _WORD_END,
    re.IGNORECASE,
)

_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_DIGIT = re.compile(r"[0-9]")


def names_number(value: str) -> bool:
    """Whether ``value`` names a quantity: a digit or a number word.

    A digit (the first alternative of :data:`NUMBER`) is found by a plain
    character scan; only a text without one needs the word search, which
    S101 and S103 both ask for the same statement: it is memoised."""
    return _DIGIT.search(value) is not None or _names_number_word(value)


@lru_cache(maxsize=1024)
def _names_number_word(value: str) -> bool:
    return NUMBER.search(value) is not None


def word_count(value: str, stop: int | None = None) -> int:
    """The number of words (runs of letters and digits) in ``value``; with
    ``stop``, counting ends there (``min(count, stop)``, for a threshold)."""
    if stop is None:
        return len(_WORD.findall(value))
    count = 0
    for _ in _WORD.finditer(value):
        count += 1
        if count >= stop:
            break
    return count


def _inflected(word: str) -> str:
    """A regex fragment for one word and its common inflections."""
    lower = word.lower()
    if not lower.isalpha() or len(lower) < 3:
        return re.escape(word)
    if lower.endswith("e"):
        stem = re.escape(word[:-1])
        return stem + r"(?:e|es|ed|ing|er|ers|est|ement|ements|ation|ations)"
    if lower.endswith("y") and lower[-2] not in "aeiou":
        stem = re.escape(word[:-1])
        return stem + r"(?:y|ies|ied|ying|ier|iest|ily)"
    last = re.escape(word[-1])
    return re.escape(word) + r"(?:" + last + r"?(?:ed|ing|er|ers|est)|s|es|ly|ment|ments)?"


def _phrase(phrase: str) -> str:
    words = phrase.split()
    if len(words) == 1:
        return _inflected(words[0])
    return r"\s+".join(re.escape(word) for word in words)


@lru_cache(maxsize=32)
def vague_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """A case-insensitive whole-word pattern for ``words`` (phrases allowed,
    their words separated by any whitespace), or None when there are none."""
    cleaned = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w.lower()))
    if not cleaned:
        return None
    body = "|".join(_phrase(word) for word in cleaned)
    return re.compile(_WORD_START + r"(?:" + body + r")" + _WORD_END, re.IGNORECASE)


def vague_words(value: str, pattern: re.Pattern[str] | None) -> list[str]:
    """The distinct vague words of ``value`` (as written, whitespace collapsed),
    in order of first appearance."""
    if pattern is None:
        return []
    return list(_vague_words(value, pattern))


@lru_cache(maxsize=1024)
def _vague_words(value: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Pure (S101 and S103 both ask for the same statement): memoised."""
    seen: dict[str, str] = {}
    for match in pattern.finditer(value):
        found = " ".join(match.group(0).split())
        seen.setdefault(found.lower(), found)
    return tuple(seen.values())


def word_options(options: Mapping[str, Any]) -> tuple[str, ...]:
    """The vague words configured by ``words`` and ``extend-words``."""
    words = options.get("words")
    extra = options.get("extend-words")
    base: Iterable[Any] = words if isinstance(words, (list, tuple)) else DEFAULT_VAGUE_WORDS
    more: Iterable[Any] = extra if isinstance(extra, (list, tuple)) else ()
    return tuple(w for w in (*base, *more) if isinstance(w, str))


def first_span(doc: Document, path: tuple[str | int, ...], pattern: re.Pattern[str]) -> Span | None:
    """Where ``pattern`` first matches in the source of the scalar at ``path``."""
    spans = doc.find_in_scalar(path, pattern)
    return spans[0] if spans else None


def quote_list(items: list[str]) -> str:
    """```a```, ```a` and `b```, ```a`, `b` and `c```; past five items, the
    first five and how many more (as every list in a message)."""
    quoted = [f"`{item}`" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        return ", ".join(quoted) + f" and {len(items) - MAX_LISTED} more"
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def missing(doc: Document, path: tuple[str, ...]) -> Literal["absent", "blank"] | None:
    """Whether the field at ``path`` has no value.

    ``"absent"``: the key (or an ancestor mapping) is not there, or an
    optional ancestor is null; ``"blank"``: the key is there with a null or
    whitespace-only value; None: the field has a value (valid or not), or an
    ancestor is malformed (a list or a scalar) or is an empty required
    section (``spec: null``) — the schema reports those, and a value that
    fails the schema is never treated as missing.

    Every missing-field rule asks this one helper, so they all agree on
    what "no value" means.
    """
    return missing_in(doc.data, path)


def missing_in(node: Any, path: tuple[str, ...]) -> Literal["absent", "blank"] | None:
    """:func:`missing` on a document's data (or any mapping) already at hand."""
    for depth, part in enumerate(path):
        if node is None:
            return "absent" if depth > 1 else None
        if not isinstance(node, dict):
            return None
        if part not in node:
            return "absent"
        node = node[part]
    if path and (node is None or (isinstance(node, str) and not node.strip())):
        return "blank"
    return None


def missing_field(doc: Document, path: tuple[str, ...], *, absent: str, blank: str) -> Iterator[Finding]:
    """One finding when the field at ``path`` of a KPI is absent or blank: at the
    nearest existing ancestor's key when absent, at the field's own key when blank."""
    data = kpi_data(doc)
    if data is None:
        return
    state = missing_in(data, path)
    if state == "absent":
        yield Finding(path, absent)
    elif state == "blank":
        yield Finding(path, blank, at="key")


def fmt_number(value: float | int) -> str:
    """A number as a user wrote it: ``2`` for 2.0, ``0.95`` for 0.95."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def baseline(doc: Document) -> float | int | None:
    """The baseline number (``baseline: N`` or ``baseline: {value: N}``), or
    None when it is missing or not a finite number."""
    return baseline_value(doc)
