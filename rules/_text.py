"""Shared helpers of the built-in statement rules (not a rule module).

Vague words and number words are shared by S101 (vague-statement) and S103
(statement-lacks-quantity). Helpers any rule can use (fields, dates,
numbers, the cascade) are public, in :mod:`kpilint.helpers`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping, NamedTuple

from kpilint.api import Document, Span, states_quantity

#: What counts as a quantity, as the docs of S101, S102 and S103 explain it
#: (one text, added to each rule's "What it does" by :func:`with_quantity_notes`).
QUANTITY_NOTES = """\
What counts as a quantity (the shared detector, `kpilint.api.quantities`):
an amount of the thing measured, such as a number or number word with a
count noun, unit or currency ("two blog posts", "40 deals", "€1.2M",
"$50k", "300 ms", "72h", "a dozen interviews", "12 million EUR"), a
percentage ("10%", "ten percent", "5 per cent", a share in words such as
"half of", "three quarters of"), a multiplier ("2x", "double", "halve",
"cut in half"), a change or a level ("by 5", "by a third", "a quarter
more", "from 4.1 to 4.5", "at least 50", "under 2 hours") or a range
("10-20%", "between 8,000 and 10,000"). A count before a label that holds
digits counts too: "2,500 5G customers", "40 3D printers".

What does not count: years and fiscal years ("in 2027", "FY2027"),
quarters and halves ("Q3", "H1", "the second half"), dates ("March 31",
"2027-06-30"), time windows ("in the next 12 months", "within 2 weeks",
"over three months", "a 6-month pilot"), ranks ("number one", "#1", "top
3"), digits inside names and labels ("MP3", "web3", "ISO 9001", "Android
14", "phase 2"), "24/7", a scope ("our 3 key partners"), an ordinal or a
party ("a third office", "by a third party", "delay by a quarter"), and
words such as "percentage" or "amount" with no number. A time is an amount when it is
what is measured: "reply within one business day", "resolve tickets in
under 4 hours", "load in 300 ms" (seconds, minutes and hours always; days
and longer after "under", "to", "by", ... or in a statement about replies,
responses, resolution, loading, delivery and the like, or when the
metric's unit is a time, such as `hours`).
"""


def with_quantity_notes(docs: str | None) -> str:
    """``docs`` with :data:`QUANTITY_NOTES` closing its "What it does" section."""
    head, sep, tail = (docs or "").partition("## Why is this bad?")
    return head.rstrip("\n") + "\n\n" + QUANTITY_NOTES + "\n" + sep + tail


#: The vague words and phrases S101 looks for by default.
DEFAULT_VAGUE_WORDS: tuple[str, ...] = (
    "more",
    "better",
    "improve",
    "increase",
    "optimize",
    "optimise",
    "boost",
    "maximize",
    "maximise",
    "enhance",
    "significantly",
    "as much as possible",
    "as many as possible",
    "ASAP",
    "some",
    "various",
    "strong",
)

_WORD_START = r"(?<!\w)"  # not preceded by a letter, digit or underscore
_WORD_END = r"(?!\w)"  # not followed by a letter, digit or underscore

# a word; "1,000", "99.95" and "1.2M" are one word each
_WORD = re.compile(r"[^\W_]+(?:(?:['\u2019-]|(?<=\d)[.,](?=\d))[^\W_]+)*")

_TIME_UNIT = re.compile(
    r"^\s*(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|"
    r"business\s+days?|working\s+days?|w|wks?|weeks?|months?)\b",
    re.IGNORECASE,
)


def time_unit(unit: object) -> bool:
    """Whether a metric's unit is a time (`hours`, `ms`, `days`): then a time
    in its statement is what is measured, not a window."""
    return isinstance(unit, str) and _is_time_unit(unit)


@lru_cache(maxsize=256)  # a project spells few units
def _is_time_unit(unit: str) -> bool:
    return _TIME_UNIT.match(unit) is not None


def states_quantity_in(data: Any, value: str) -> bool:
    """Whether ``value`` (a text of the KPI ``data``) states a quantity, a time
    counting as one when the metric's unit is a time."""
    spec = data.get("spec") if isinstance(data, dict) else None
    metric = spec.get("metric") if isinstance(spec, dict) else None
    unit = metric.get("unit") if isinstance(metric, dict) else None
    return states_quantity(value, time_measured=isinstance(unit, str) and _is_time_unit(unit))


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


def at_least_words(value: str, minimum: int) -> bool:
    """Whether ``value`` holds at least ``minimum`` words (as :func:`word_count`
    counts them), in one match: the words are taken one after the other,
    each as long as it goes and never given back, as a search finds them."""
    if minimum > 1000:
        return word_count(value, stop=minimum) >= minimum
    return minimum <= 0 or _words_pattern(minimum).match(value) is not None


@lru_cache(maxsize=32)  # one count per configuration (`min-words`)
def _words_pattern(minimum: int) -> re.Pattern[str]:
    return re.compile(r"(?:[\W_]*+(?>" + _WORD.pattern + r")){%d}" % minimum)


def _inflected(word: str) -> str:
    """A regex fragment for one word and its common inflections."""
    lower = word.lower()
    if not lower.isalpha() or len(lower) < 3:
        return re.escape(word)
    if lower.endswith("e"):
        stem = re.escape(word[:-1])
        return stem + r"(?:e|es|ed|ing|ingly|er|ers|est|ement|ements|ation|ations)"
    if lower.endswith("y") and lower[-2] not in "aeiou":
        stem = re.escape(word[:-1])
        return stem + r"(?:y|ies|ied|ying|ier|iest|ily)"
    last = re.escape(word[-1])
    return re.escape(word) + r"(?:" + last + r"?(?:ed|ing|er|ers|est)|s|es|ly|ment|ments)?"


def _phrase(phrase: str) -> str:
    words = phrase.split()
    if len(words) == 1:
        return _inflected(words[0])
    if len(words) == 4 and words[0].lower() == "as" and [w.lower() for w in words[2:]] == ["as", "possible"]:
        # "as many as possible" also as "as many reviews as possible" (up to three words between)
        return r"as\s+" + re.escape(words[1]) + r"(?:\s+[^\W_][\w'\u2019-]*){0,3}?\s+as\s+possible"
    return r"\s+".join(re.escape(word) for word in words)


@lru_cache(maxsize=32)
def vague_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """A case-insensitive whole-word pattern for ``words`` (phrases allowed,
    their words separated by any whitespace), or None when there are none."""
    cleaned = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w.lower()))
    if not cleaned:
        return None
    body = "|".join(_phrase(word) for word in cleaned)
    # a lookahead on the first letters lets the search skip most positions fast
    firsts = "".join(sorted({w[0].lower() for w in cleaned} | {w[0].upper() for w in cleaned}))
    ahead = r"(?=[" + re.escape(firsts) + r"])"
    return re.compile(_WORD_START + ahead + r"(?:" + body + r")" + _WORD_END, re.IGNORECASE)


class Vague(NamedTuple):
    """The configured vague words: their pattern, and lower-case literals one
    of which every match contains (a quick test before the pattern)."""

    pattern: re.Pattern[str]
    stems: tuple[str, ...]


def _stem(word: str) -> str:
    """A lower-case literal every inflection of ``word`` contains."""
    parts = word.lower().split()
    if len(parts) > 1:
        return max(parts, key=len)  # "possible" for "as many as possible"
    lower = parts[0] if parts else ""
    if len(lower) >= 3 and lower.isalpha() and (lower.endswith("e") or (lower.endswith("y") and lower[-2] not in "aeiou")):
        return lower[:-1]
    return lower


@lru_cache(maxsize=32)
def vague(words: tuple[str, ...]) -> Vague | None:
    """The :class:`Vague` of ``words``, or None when there are none."""
    pattern = vague_pattern(words)
    if pattern is None:
        return None
    stems = tuple(sorted({_stem(w) for w in words if w.strip()}))
    return Vague(pattern, stems)


def vague_words(value: str, found: Vague | None) -> list[str]:
    """The distinct vague words of ``value`` (as written, whitespace collapsed),
    in order of first appearance."""
    if found is None or not may_be_vague(value, found):
        return []
    return list(_vague_words(value, found.pattern))


def may_be_vague(value: str, found: Vague) -> bool:
    """False when ``value`` cannot hold a vague word: it contains none of the
    stems (several texts joined by a newline are tested at once, as no stem
    holds whitespace)."""
    return any(map(value.lower().__contains__, found.stems))


@lru_cache(maxsize=1024)
def _vague_words(value: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Pure (S101 and S103 both ask for the same statement): memoised."""
    seen: dict[str, str] = {}
    for match in pattern.finditer(value):
        found = " ".join(match.group(0).split())
        seen.setdefault(found.lower(), found)
    return tuple(seen.values())


def vague_of(options: Mapping[str, Any]) -> Vague | None:
    """:func:`vague` of the words configured by ``words`` and ``extend-words``
    in S101's ``options``. Options are the same for every file of a run, so
    this is memoised by their values (a tuple of each list)."""
    words = options.get("words")
    extra = options.get("extend-words")
    key = (
        tuple(words) if isinstance(words, (list, tuple)) else None,
        tuple(extra) if isinstance(extra, (list, tuple)) else None,
    )
    try:
        return _vague_of(key)
    except TypeError:  # an unhashable item (never in validated options)
        return vague(word_options(options))


@lru_cache(maxsize=32)
def _vague_of(key: tuple[tuple[Any, ...] | None, tuple[Any, ...] | None]) -> Vague | None:
    words, extra = key
    options: dict[str, Any] = {}
    if words is not None:
        options["words"] = words
    if extra is not None:
        options["extend-words"] = extra
    return vague(word_options(options))


def word_options(options: Mapping[str, Any]) -> tuple[str, ...]:
    """The vague words configured by ``words`` and ``extend-words``."""
    words = options.get("words")
    extra = options.get("extend-words")
    base = _strings(words) if isinstance(words, (list, tuple)) else DEFAULT_VAGUE_WORDS
    if not extra or not isinstance(extra, (list, tuple)):
        return base
    return base + _strings(extra)


def _strings(items: list[Any] | tuple[Any, ...]) -> tuple[str, ...]:
    """``items`` as a tuple of its strings (validated options hold only strings:
    the common case costs one check)."""
    if all(isinstance(item, str) for item in items):
        return tuple(items)
    return tuple(item for item in items if isinstance(item, str))


def first_span(doc: Document, path: tuple[str | int, ...], pattern: re.Pattern[str]) -> Span | None:
    """Where ``pattern`` first matches in the source of the scalar at ``path``."""
    spans = doc.find_in_scalar(path, pattern)
    return spans[0] if spans else None
