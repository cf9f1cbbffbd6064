"""The quantity detector: which amounts a goal statement states.

A statement is specific when it says *how much*. :func:`quantities` finds
the amounts in a text and tells them from the numbers that are not amounts.

Amounts (each a :class:`Quantity`):

- a number or number word with a count noun, a unit or a currency:
  "two blog posts", "40 deals", "€1.2M", "$50k", "£123,546", "300 ms",
  "72h", "1.2 million EUR", "a dozen interviews";
- a percentage: "10%", "99.95 %", "ten percent", "5 per cent", "3 pp",
  and a share in words: "half of", "three quarters of", "two thirds of";
- a multiplier: "2x", "double", "halve", "triple", "twice", "tenfold",
  "cut in half";
- a change or a level: "by 5", "by a third", "a quarter more",
  "from 4.1 to 4.5", "at least 50", "to 25%", "under 2 hours";
- a count before a label that holds digits: "2,500 5G customers";
- a range: "10-20%", "between 3 and 5 days", "between 8,000 and 10,000"
  (two bare numbers, unless both are years).

Not amounts: years and fiscal years ("in 2027", "FY2027"), quarters and
halves ("Q3", "H1", "the first half of 2027", "the third quarter"), dates ("March 31",
"2027-03-31", "31st"), time windows ("in the next 12 months", "within 2
weeks", "over three months", "a 6-month pilot"), ranks ("number one", "#1",
"No. 1", "top 3", "first"), digits inside names and labels ("MP3", "web3",
"G2", "ISO 9001", "Android 14", "Tier 2"), times of day ("9am"), "24/7",
ordinals and parties ("a third office", "by a third party"), a quarter
by which a date moves ("push the launch back by a quarter"), and words
such as "percentage" or "amount" with no number.

A time is an amount, not a window, when it is what is measured: seconds,
milliseconds and minutes always; hours unless they follow "next", "coming",
"first", "past" or "last"; longer times when a comparison stands before
them ("under 5 days", "to 30 days", "by 2 days") or the text speaks of a
response, reply, answer, resolution, load, delivery, turnaround or latency
("resolve tickets within 4 hours", "reply within one business day"), or
when the caller says so (``time_measured=True``, e.g. the metric's unit is
a time).

The detector is a tokenizer and a small grammar over the tokens around each
number: plain code, no language model. It never raises on any string.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import compress
from operator import itemgetter
from typing import Literal, NamedTuple

__all__ = ["Kind", "Quantity", "quantities", "states_quantity"]

Kind = Literal["amount", "percentage", "multiplier", "change", "level", "range"]


class Quantity(NamedTuple):
    """One amount stated in a text.

    ``value`` is the number as meant ("12 million" is 12000000.0, "halve" is
    0.5); ``written`` the number as written before a scale word or suffix
    (12.0 for "12 million", 1.2 for "€1.2M"); ``unit`` the unit, currency or
    count noun (``"%"``, ``"EUR"``, ``"ms"``, ``"blog posts"``, ``"x"``, or
    ``""``); ``kind`` how it is stated; ``start``/``end`` its span in the
    text (``text[start:end]``); ``origin`` the starting value of "from X to
    Y" (then ``value`` is Y); ``upper`` the upper end of a range.
    """

    value: float
    unit: str
    kind: Kind
    start: int
    end: int
    written: float
    origin: float | None = None
    upper: float | None = None


# ---------------------------------------------------------------- vocabulary

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALE_WORDS = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBREV = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}
_MULTIPLIER_WORDS = {
    "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0,
    "triple": 3.0, "tripled": 3.0, "triples": 3.0, "tripling": 3.0,
    "quadruple": 4.0, "quadrupled": 4.0, "quadruples": 4.0, "quadrupling": 4.0,
    "halve": 0.5, "halved": 0.5, "halves": 0.5, "halving": 0.5,
    "twice": 2.0, "thrice": 3.0,
    "twofold": 2.0, "threefold": 3.0, "fourfold": 4.0, "fivefold": 5.0, "tenfold": 10.0,
}  # fmt: skip
#: A fraction in words, and what it divides by: "three quarters of", "by a third".
_FRACTION_WORDS = {"halves": 2, "thirds": 3, "third": 3, "quarters": 4, "quarter": 4, "fifths": 5, "fifth": 5, "tenths": 10, "tenth": 10}
#: Fractions written as one word: "one-third", "two-thirds", "three-quarters".
_HYPHENATED_FRACTIONS = {
    f"{numerator}-{fraction}": (float(value), float(_FRACTION_WORDS[fraction]))
    for numerator, value in _UNITS_WORDS.items()
    for fraction in _FRACTION_WORDS
    if fraction != "halves" and 0 < value < _FRACTION_WORDS[fraction]
}
#: Comparatives after a fraction that make it a change: "a third more".
_MORE_WORDS = {"more", "fewer", "less", "higher", "lower", "faster", "slower", "cheaper", "bigger", "smaller"}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CURRENCY_WORDS = {
    "usd": "USD", "dollar": "USD", "dollars": "USD", "eur": "EUR", "euro": "EUR",
    "euros": "EUR", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "chf": "CHF",
    "jpy": "JPY", "inr": "INR", "cad": "CAD", "aud": "AUD", "sek": "SEK",
}  # fmt: skip
_PERCENT_WORDS = {"percent", "pct", "percentage", "percentages"}
_POINT_WORDS = {"pp", "pps", "bp", "bps"}
_TIME_UNITS = {
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms", "msec": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "mo": "mo", "month": "mo", "months": "mo",
    "quarter": "q", "quarters": "q",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
    "sprint": "sprint", "sprints": "sprint",
}  # fmt: skip
_SHORT_TIME = {"ms", "s", "min"}
#: Units glued to a number ("300ms", "72h", "5kg") that make it an amount.
_GLUED_UNITS = {
    "kb", "mb", "gb", "tb", "kg", "km", "ml", "kwh", "mwh", "gwh",
    "rps", "qps", "fps", "mbps", "gbps", "px", "pts", "pt", "cm", "mm",
}  # fmt: skip
_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october",
    "nov", "november", "dec", "december",
}  # fmt: skip
#: Words before a year ("in 2027", "the end of 2027").
_YEAR_CONTEXT = {
    "in", "by", "of", "for", "since", "until", "till", "before", "after", "during", "from",
    "through", "end", "fy", "early", "mid", "late", "year", "calendar", "fiscal", "spring",
    "summer", "autumn", "fall", "winter", "throughout", "within", "the", "this", "that",
    "our", "next", "last", "its", "their", "q1", "q2", "q3", "q4", "h1", "h2",
} | _MONTHS  # fmt: skip
#: Words before a number that make it a rank or a label ("top 3", "Tier 2").
_LABEL_BEFORE = {
    "number", "no", "top", "rank", "ranked", "ranking", "position", "place", "tier", "phase",
    "stage", "version", "v", "release", "sprint", "wave", "step", "series", "gen",
    "generation", "chapter", "section", "grade", "category", "level", "iso", "day", "week",
    "month", "quarter", "year", "p", "sev", "severity", "web", "industry", "wcag", "pci",
    "soc", "hipaa",
}  # fmt: skip
#: Words after a number that make it a version or a label ("the 2.0 release").
_LABEL_AFTER = {
    "release", "version", "update", "upgrade", "edition", "api",
    "sdk", "standard", "certification", "compliance", "series", "model", "generation",
    "framework", "protocol", "spec", "specification",
}  # fmt: skip
#: Words before a time that open a window ("in the next 12 months").
_WINDOW_BEFORE = {"next", "coming", "first", "past", "last", "following", "initial", "final"}
#: Comparisons and changes before a number ("by 5", "at least 50").
_CHANGE_BEFORE = {"by"}
_LEVEL_BEFORE = {
    "to", "at", "reach", "reaches", "reaching", "hit", "hits", "hitting", "least", "most",
    "than", "under", "below", "above", "over", "exceed", "exceeds", "exceeding", "minimum",
    "maximum", "max", "min", "beyond", "within", "of", "upto", "average", "averaging",
    "score", "rating", "target", "cap", "capped", "stay", "stays", "remain", "remains",
    "keep", "hold", "maintain",
}  # fmt: skip
#: Comparisons that make a following time an amount ("under 4 hours").
_TIME_COMPARISON = {
    "under", "below", "least", "most", "than", "to", "by", "max", "maximum", "minimum",
    "average", "averaging", "upto", "sub",
}  # fmt: skip
#: Words saying a time is what is measured (compiled on first use: most
#: statements never need it, and compiling it is most of this module's import).
_MEASURED_TIME_PATTERN = (
    r"\b(?:repl(?:y|ies|ied|ying)|respon(?:d|ds|ded|ding|se|ses)|answer(?:s|ed|ing)?|"
    r"resol(?:ve|ves|ved|ving|ution|utions)|load(?:s|ed|ing)?|latency|deliver(?:y|ies|ed)|"
    r"dispatch(?:ed|es)?|turnaround|turn\s+around|wait(?:ing)?|lead\s+time|cycle\s+time|"
    r"time[-\s]to|process(?:ed|es|ing)?|acknowledg(?:e|es|ed|ing|ement)|fix(?:ed|es|ing)?|"
    r"onboard(?:s|ed)?|restor(?:e|es|ed|ing)|recover(?:s|ed|y|ing)?|mttr|mttd|sla|"
    r"render(?:s|ed|ing)?|boot(?:s|ed|ing)?|start[-\s]?up|triag(?:e|es|ed|ing)|"
    r"clos(?:e|es|ed|ing)|handl(?:e|es|ed|ing)|shipp(?:ed|ing)\s+within|approv(?:e|es|ed|al))\b"
)


@lru_cache(maxsize=1)
def _measured_time() -> re.Pattern[str]:
    return re.compile(_MEASURED_TIME_PATTERN, re.IGNORECASE)


#: Words after a number that are no count noun ("in 3 with", "2027 and").
_STOP_AFTER = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "by", "for",
    "from", "with", "within", "without", "per", "into", "onto", "than", "as", "so", "that",
    "which", "who", "whom", "whose", "this", "these", "those", "is", "are", "was", "were",
    "be", "been", "being", "will", "would", "should", "can", "could", "may", "might", "must",
    "shall", "we", "our", "us", "you", "your", "they", "their", "it", "its", "i", "my",
    "he", "she", "his", "her", "if", "when", "while", "where", "after", "before", "until",
    "since", "during", "through", "across", "over", "under", "about", "around", "via",
    "vs", "versus", "against", "among", "between", "onwards", "onward", "then", "also",
    "too", "not", "no", "yes", "each", "every", "all", "any", "both", "either", "neither",
    "up", "down", "out", "off", "again", "only", "just", "even", "still", "yet", "already",
    "times", "time", "other", "another", "else", "more", "less", "most", "least", "fewer",
    "am", "pm", "st", "nd", "rd", "th", "thing", "things", "way", "ways", "do", "does",
    "did", "done", "has", "have", "had", "there", "here", "onto", "upon", "like",
} | _MONTHS  # fmt: skip

# ------------------------------------------------------------------ tokenizer

# a date; a number with an optional glued suffix ("300ms", "1.2M", "10-fold");
# a name holding digits ("MP3", "web3", "FY2027", "top-10", "4G5"); a word;
# any other single character (the lookahead spares a plain word's end the three
# joins and their lookbehinds; the possessive runs spare the engine backtracking
# into a word it cannot join)
_TOKEN_PATTERN = (
    r"[^\W_]+(?:(?=[-'\u2019.,])(?:(?<=[^\W\d_])['\u2019-]|['\u2019-](?=[^\W\d_])|(?<=\d)[.,](?=\d))[^\W_]+)*"
    r"|[^\w\s]"
)
try:  # the same tokens; possessive runs (Python 3.11+) are found faster
    _TOKEN = re.compile(_TOKEN_PATTERN.replace("[^\\W_]+", "[^\\W_]++").replace(")*|", ")*+|"))
except re.error:  # pragma: no cover - Python 3.10
    _TOKEN = re.compile(_TOKEN_PATTERN)
_NUMBER_TOKEN = re.compile(r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(-?[^\W\d_]+)?")
_HAS_DIGIT = re.compile(r"\d")


def _trie(words: set[str]) -> str:
    """An alternation of ``words`` grouped by first letter ("t(?:wo|en|...)|f(?:our|ive|...)"),
    so a search tries only the words that start with the letter at hand."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in sorted(groups.items()))


_PREFILTER_WORDS = {*_UNITS_WORDS, *_TENS_WORDS, *_SCALE_WORDS, *_MULTIPLIER_WORDS, "dozen", "half", "third", "quarter", "fifth", "tenth"}
#: A digit, or a number word at the start of a word. The lookahead on the
#: first letters spares most positions the lookbehind and the alternation.
_DIGIT_OR_WORD = re.compile(
    r"\d|(?=[" + "".join(sorted({w[0] for w in _PREFILTER_WORDS} | {w[0].upper() for w in _PREFILTER_WORDS})) + r"])"
    r"(?<![^\W\d_])(?:" + _trie(_PREFILTER_WORDS) + r")",
    re.IGNORECASE,
)


class _Tok(NamedTuple):
    """What a token says regardless of where it stands (its place in the
    text is kept apart, in a list of spans beside the tokens)."""

    kind: str  # "n" number, "w" word, "s" symbol, "x" name (letters glued to digits)
    text: str  # as written (a number without its suffix)
    low: str  # lower case
    suffix: str  # a number's glued suffix, lower case ("ms", "k", "-fold")
    cue: int  # 0: starts no number; 1: a numeral or a trigger word; 2: a word "a"/"an" may start ("a dozen")


#: (start, end) of each token in the text
_Spans = list[tuple[int, int]]


@lru_cache(maxsize=4096)
def _word(word: str) -> _Tok:
    """The token of ``word``: its kind, text, lower case, glued suffix and
    cue (whether a number may start there). Statements share most of their
    words, so this is memoised (a hit costs no Python code at all), and one
    token object serves every place the word stands."""
    return _new_tok(_word_fields(word))


def _word_fields(word: str) -> tuple[str, str, str, str, int]:
    if word.isalpha():
        low = word.lower()
        return ("w", word, low, "", _cue(low))
    if not word[0].isalnum():
        return ("s", word, word.lower(), "", 0)
    if not word[0].isdigit():
        if _HAS_DIGIT.search(word):
            return ("x", word, word.lower(), "", 0)
        low = word.lower()
        return ("w", word, low, "", _cue(low))
    num = _NUMBER_TOKEN.fullmatch(word)
    if num is None:
        return ("x", word, word.lower(), "", 0)  # "4G5", "2x2": a label
    numeral, suffix = num.groups()
    return ("n", numeral, numeral, suffix.lower() if suffix else "", 1)


def _cue(low: str) -> int:
    if low not in _TRIGGERS:
        return 0
    return 2 if low in _A_WORDS else 1


def _tokens(text: str) -> tuple[list[_Tok], _Spans]:
    """The tokens of ``text`` and their spans, built with C-level loops
    (``map``): the detector runs on every statement, and this is most of its
    work."""
    matches = list(_TOKEN.finditer(text))
    return list(map(_word, map(re.Match.group, matches))), list(map(re.Match.span, matches))


# -------------------------------------------------------------------- grammar


class _Num(NamedTuple):
    value: float
    first: int  # index of the first token
    last: int  # index of the last token of the number itself
    suffix: str
    grouped: bool  # written with a thousands separator or decimals
    word: bool  # a number word


def _number_at(toks: list[_Tok], i: int) -> _Num | None:
    """The number starting at token ``i``: digits, or number words
    ("twenty-five", "a dozen", "one million", "a hundred")."""
    tok = toks[i]
    if tok.kind == "n":
        try:
            value = float(tok.text.replace(",", ""))
        except ValueError:  # pragma: no cover - the tokenizer only yields numerals
            return None
        return _new_num((value, i, i, tok.suffix, "," in tok.text or "." in tok.text, False))
    if tok.kind != "w":
        return None
    low = tok.low
    j = i
    if low in ("a", "an"):
        if i + 1 >= len(toks) or toks[i + 1].low not in ("dozen", "hundred", "thousand", "million", "billion", "couple"):
            return None
        if toks[i + 1].low == "couple":
            return None  # "a couple of": vague
        j = i + 1
        low = toks[j].low
        if low == "dozen":
            return _Num(12.0, i, j, "", False, True)
        value = _SCALE_WORDS[low]
        return _extend_scale(toks, i, j, value)
    if low == "dozen":
        return _Num(12.0, i, i, "", False, True)
    single = _word_value(low)
    if single is None:
        return None
    return _extend_scale(toks, i, j, single)


def _word_value(low: str) -> float | None:
    if low in _UNITS_WORDS:
        return float(_UNITS_WORDS[low])
    if low in _TENS_WORDS:
        return float(_TENS_WORDS[low])
    if "-" in low:
        tens, _, unit = low.partition("-")
        if tens in _TENS_WORDS and unit in _UNITS_WORDS and 0 < _UNITS_WORDS[unit] < 10:
            return float(_TENS_WORDS[tens] + _UNITS_WORDS[unit])
    return None


def _extend_scale(toks: list[_Tok], first: int, j: int, value: float) -> _Num:
    """Number words go on with scale words: "one million", "two hundred thousand"."""
    while j + 1 < len(toks) and toks[j + 1].kind == "w":
        nxt = toks[j + 1].low
        if nxt in _SCALE_WORDS:
            value *= _SCALE_WORDS[nxt]
            j += 1
        elif nxt == "and" and j + 2 < len(toks) and _word_value(toks[j + 2].low) is not None and value >= 100:
            value += _word_value(toks[j + 2].low) or 0.0
            j += 2
        else:
            break
    return _Num(value, first, j, "", False, True)


def _sentence_start(toks: list[_Tok], i: int) -> bool:
    return i == 0 or (toks[i - 1].kind == "s" and toks[i - 1].text in ".!?:;\u2022*-\u2013\u2014(\"'")


def _prev_word(toks: list[_Tok], i: int) -> str:
    return toks[i - 1].low if i > 0 and toks[i - 1].kind == "w" else ""


def _is_name_before(toks: list[_Tok], i: int) -> bool:
    """A capitalised word or an acronym just before ``i`` names a product or a
    standard ("Android 14", "ISO 9001"), unless it is a currency code."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.kind != "w" or prev.low in _CURRENCY_WORDS or prev.low in _LEVEL_BEFORE or prev.low in _CHANGE_BEFORE:
        return False
    if prev.text == prev.low:
        return False  # no capital letter
    if prev.text.isupper() and len(prev.text) >= 2:
        return True
    return not _sentence_start(toks, i - 1)


def _adjacent(at: _Spans, a: int, b: int) -> bool:
    return at[a][1] == at[b][0]


#: Words that may start a number or a multiplier.
_A_WORDS = {"dozen", "hundred", "thousand", "million", "billion", "couple"}
_TRIGGERS = {
    *_UNITS_WORDS, *_TENS_WORDS, *_MULTIPLIER_WORDS, *_A_WORDS, "half",
    *(w for w in _FRACTION_WORDS if w != "halves"), *_HYPHENATED_FRACTIONS,
    *(f"{t}-{u}" for t in _TENS_WORDS for u in list(_UNITS_WORDS)[1:10]),
    *(f"{u}-fold" for u in list(_UNITS_WORDS)[2:11]),
}  # fmt: skip


class _Found(NamedTuple):
    q: Quantity
    first: int
    last: int


# NamedTuple constructors without the generated ``__new__`` (a Python call):
# the detector builds these for every number it meets
_new_num = partial(tuple.__new__, _Num)
_new_tok = partial(tuple.__new__, _Tok)
_new_found = partial(tuple.__new__, _Found)
_new_quantity = partial(tuple.__new__, Quantity)


_CUE = itemgetter(4)


def _candidates(toks: list[_Tok]) -> list[int]:
    """Where a number or a multiplier may start: every numeral, and every
    number, scale or multiplier word ("a dozen" and "a million" start at
    their "a"). The cues were set once per distinct word by :func:`_word`."""
    cues = list(map(_CUE, toks))
    out = list(compress(range(len(cues)), cues))
    if 2 in cues:
        for at, index in enumerate(out):
            if cues[index] == 2 and index > 0 and toks[index - 1].low in ("a", "an"):
                out[at] = index - 1
    return out


def _analyse(text: str, time_measured: bool) -> tuple[Quantity, ...]:
    toks, at = _tokens(text)
    measured = time_measured
    found: list[_Found] = []
    done = -1  # the last token already part of a quantity or a number
    for i in _candidates(toks):
        if i <= done:
            continue
        if toks[i].kind == "w":
            mult = _word_quantity(toks, at, i)
            if mult is not None:
                found.append(mult)
                done = mult.last
                continue
        elif not toks[i].suffix and _bare(toks, i):
            done = i
            continue
        num = _number_at(toks, i)
        if num is None:
            continue
        result = _classify(text, toks, at, num, measured)
        done = result.last if result is not None else num.last
        if result is not None:
            found.append(result)
    return _combine(text, toks, at, found)


#: Symbols after a number that may make it an amount, a date or a range.
_NEXT_SYMBOLS = {"%", "\u2030", "/", ":", "-", "\u2013"}
#: Words before a number that may make it an amount on their own.
_PREV_WORDS = _CHANGE_BEFORE | _LEVEL_BEFORE | {"usd", "eur", "gbp", "chf"}


def _bare(toks: list[_Tok], i: int) -> bool:
    """A numeral with no suffix that :func:`_classify` would find no amount
    in, known from its neighbours alone: what follows is nothing or a
    symbol that adds no meaning (".", ",", ")"), and what precedes is
    nothing or a word that is no comparison, change or currency ("up from
    28."). Most numbers that are not amounts end this way, and so skip the
    grammar."""
    if i + 1 < len(toks):
        nxt = toks[i + 1]
        if nxt.kind != "s" or nxt.text in _NEXT_SYMBOLS:
            return False
    if i > 0:
        prev = toks[i - 1]
        if prev.kind != "w" or prev.low in _PREV_WORDS:
            return False
    return True


def _word_quantity(toks: list[_Tok], at: _Spans, i: int) -> _Found | None:
    """A quantity that a word starts without a number before it: a multiplier
    ("double", "halve", "by half", "tenfold") or a fraction ("a third", "one-third")."""
    tok = toks[i]
    low = tok.low
    n = len(toks)
    if low in _MULTIPLIER_WORDS:
        nxt = toks[i + 1] if i + 1 < n else None
        if nxt is not None and nxt.kind == "s" and nxt.text == "-" and _adjacent(at, i, i + 1):
            return None  # "double-digit", "triple-check"
        if low.startswith("double") and nxt is not None and nxt.low in ("down", "check", "checked", "checking"):
            return None
        value = _MULTIPLIER_WORDS[low]
        return _Found(Quantity(value, "x", "multiplier", at[i][0], at[i][1], value), i, i)
    if low == "half":
        prev = toks[i - 1].low if i > 0 else ""
        if prev in ("in", "by") and not (i + 1 < n and toks[i + 1].low == "of"):
            return _Found(Quantity(0.5, "x", "multiplier", at[i - 1][0], at[i][1], 0.5), i, i)
        if prev in ("a", "an") and i >= 2 and toks[i - 2].low in ("in", "by") and not (i + 1 < n and toks[i + 1].low == "of"):
            return _Found(Quantity(0.5, "x", "multiplier", at[i - 2][0], at[i][1], 0.5), i, i)  # "by a half"
        if prev in ("first", "second", "1st", "2nd", "next", "last", "this", "latter", "former"):
            return None
        if i + 1 < n and toks[i + 1].low == "of" and prev not in ("a",):
            return _Found(Quantity(50.0, "%", "percentage", at[i][0], at[i][1], 50.0), i, i)
    if low in _FRACTION_WORDS or low in _HYPHENATED_FRACTIONS:
        return _fraction_word(toks, at, i)
    if low.endswith("-fold") and _word_value(low[:-5]) is not None:
        value = _word_value(low[:-5]) or 0.0
        return _Found(Quantity(value, "x", "multiplier", at[i][0], at[i][1], value), i, i)
    return None


def _fraction_word(toks: list[_Tok], at: _Spans, i: int) -> _Found | None:
    """A fraction in words that no number word starts: "a third", "a quarter
    of", "one-third" (a number word before a fraction is read by
    :func:`_classify`)."""
    low = toks[i].low
    if low in _HYPHENATED_FRACTIONS:
        numerator, denominator = _HYPHENATED_FRACTIONS[low]
        first = i
    elif i > 0 and toks[i - 1].low in ("a", "an") and low[-1] != "s":
        numerator, denominator = 1.0, float(_FRACTION_WORDS[low])
        first = i - 1
    else:
        return None  # "the third quarter", "each quarter"
    kind = _fraction_kind(toks, first, i)
    if kind is None:
        return None
    share = numerator * 100.0 / denominator
    return _found(share, "%", kind, at[first][0], at[i][1], share, first, i)


def _fraction_kind(toks: list[_Tok], first: int, last: int) -> Kind | None:
    """What a fraction in words from token ``first`` to ``last`` states: a
    share ("two thirds of"), a change ("by a third", "a quarter more"), or
    nothing ("a third party", "within a quarter", "delay by a quarter")."""
    after = toks[last + 1] if last + 1 < len(toks) else None
    if after is not None and after.low == "of":
        return "percentage"
    if toks[last].low.startswith("quarter") and _prev_word(toks, first) in ("for", "another"):
        return None  # "run the pilot for a quarter more": a time
    if after is not None and after.low in _MORE_WORDS:
        return "change"
    if _prev_word(toks, first) != "by":
        return None
    if after is not None and not (after.low in _STOP_AFTER or (after.kind == "s" and after.text not in _NEXT_SYMBOLS)):
        return None  # "by a third party"
    if toks[last].low.startswith("quarter") and any(t.low in _RESCHEDULE for t in toks[:first]):
        return None  # "push the launch back by a quarter": a time
    return "change"


#: Verbs that move a date: a quarter after them is a time, not a fraction.
_RESCHEDULE = {
    "delay", "delayed", "postpone", "postponed", "push", "pushed", "move", "moved", "bring",
    "brought", "pull", "pulled", "slip", "slipped", "extend", "extended", "defer", "deferred",
    "shift", "shifted", "advance", "advanced",
}  # fmt: skip


def _classify(text: str, toks: list[_Tok], at: _Spans, num: _Num, measured: bool) -> _Found | None:
    """Whether the number ``num`` is an amount, and of which kind."""
    n = len(toks)
    i, j = num.first, num.last
    tok = toks[i]
    prev = _prev_word(toks, i)
    prev_tok = toks[i - 1] if i > 0 else None
    start = at[i][0]
    value = num.value
    written = value
    unit = ""
    suffix = num.suffix
    # ---- signs and currency symbols before the number
    currency = ""
    if prev_tok is not None and prev_tok.kind == "s":
        if prev_tok.text in _CURRENCY_SYMBOLS and (_adjacent(at, i - 1, i) or at[i - 1][1] + 1 == at[i][0]):
            currency = _CURRENCY_SYMBOLS[prev_tok.text]
            start = at[i - 1][0]
        elif prev_tok.text == "#" and _adjacent(at, i - 1, i):
            return None  # "#1": a rank
        elif prev_tok.text in "-\u2212" and _adjacent(at, i - 1, i) and (i < 2 or toks[i - 2].kind != "n"):
            if i < 2 or at[i - 2][1] < at[i - 1][0]:
                value = -value
                written = value
                start = at[i - 1][0]
        elif prev_tok.text == "." and i >= 2 and toks[i - 2].low == "no":
            return None  # "No. 1"
        elif prev_tok.text == "/" and _adjacent(at, i - 1, i) and i >= 2 and toks[i - 2].kind == "n":
            return None  # the "7" of "24/7"
    if i > 0 and toks[i - 1].kind == "w" and toks[i - 1].low in ("usd", "eur", "gbp", "chf") and not currency:
        currency = toks[i - 1].low.upper()
        start = at[i - 1][0]
    # ---- a date ("2027-06-30", "12/31/2027"), "24/7", a ratio ("4/5"), a time of
    # day ("9:30"), or the low end of a range ("10-20%": joined to its high end later)
    if j + 2 < n and toks[j + 1].kind == "s" and toks[j + 1].text in "/:-\u2013" and _adjacent(at, j, j + 1):
        if toks[j + 2].kind == "n" and _adjacent(at, j + 1, j + 2):
            return None
    # ---- ranks and labels
    if prev in _LABEL_BEFORE and not currency and _is_label(toks, i, prev):
        return None
    if not currency and not num.word and _is_name_before(toks, i) and suffix == "":
        if not (j + 1 < n and (toks[j + 1].text == "%" or toks[j + 1].low in _PERCENT_WORDS)):
            return None  # "ISO 9001", "Android 14"
    # ---- glued suffixes
    scale = 1.0
    if suffix:
        s = suffix
        if s in ("st", "nd", "rd", "th"):
            return None  # "3rd", "31st": a rank or a date
        if s in ("am", "pm"):
            return None  # "9am"
        if s.startswith("-"):
            word = s[1:]
            if word == "fold":
                return _found(value, "x", "multiplier", start, at[j][1], written, i, j)
            if word in _TIME_UNITS:
                # "a 6-month pilot", "a 3-day turnaround"
                if _TIME_UNITS[word] in _SHORT_TIME or measured or _measured_time().search(text):
                    return _found(value, _TIME_UNITS[word], "amount", start, at[j][1], written, i, j)
                return None
            if word in ("digit", "digits"):
                return None
            if word in ("percent",):
                return _found(value, "%", "percentage", start, at[j][1], written, i, j)
            return _found(value, word, "amount", start, at[j][1], written, i, j)  # "5-star", "10-person"
        if s in ("x", "\u00d7"):
            return _found(value, "x", "multiplier", start, at[j][1], written, i, j)
        if s in _SCALE_ABBREV and (currency or s in ("k", "bn") or _is_money_after(toks, j)):
            scale = _SCALE_ABBREV[s]
            value *= scale
            unit = currency
        elif s in _POINT_WORDS:
            return _found(value * (0.01 if s.startswith("b") else 1.0), "pp", "change", start, at[j][1], written, i, j)
        elif s in _TIME_UNITS:
            time_unit = _TIME_UNITS[s]
            return _time(text, toks, at, value, time_unit, start, j, written, measured, i)
        elif s in _GLUED_UNITS or s in _SCALE_ABBREV:
            unit = s
        elif s in _CURRENCY_WORDS:
            currency = _CURRENCY_WORDS[s]
        else:
            return None  # "4G", "3D", "5G": a name
    # ---- what follows the number
    k = j + 1
    if k < n and toks[k].kind == "w" and toks[k].low in _SCALE_WORDS and not num.word:
        scale = _SCALE_WORDS[toks[k].low]
        value *= scale
        j = k
        k += 1
    elif k < n and toks[k].kind == "w" and toks[k].low in _SCALE_ABBREV and toks[k].low in ("k", "m", "bn", "mn"):
        scale = _SCALE_ABBREV[toks[k].low]
        value *= scale
        j = k
        k += 1
    if k < n and toks[k].kind == "s" and toks[k].text in ("%", "\u2030"):
        return _level_or_change(toks, value, "%", "percentage", start, at[k][1], written, i, k)
    if k < n and toks[k].kind == "w":
        low = toks[k].low
        if low in _PERCENT_WORDS and not (k + 1 < n and toks[k + 1].low in ("point", "points")):
            return _level_or_change(toks, value, "%", "percentage", start, at[k][1], written, i, k)
        if low in ("percentage", "percent") or (low == "per" and k + 1 < n and toks[k + 1].low == "cent"):
            end_k = k + 1 if low == "per" else k
            if low != "per" and k + 1 < n and toks[k + 1].low in ("point", "points"):
                end_k = k + 1
                return _found(value, "pp", "change", start, at[end_k][1], written, i, end_k)
            return _level_or_change(toks, value, "%", "percentage", start, at[end_k][1], written, i, end_k)
        if low in _POINT_WORDS or low in ("basis",):
            end_k = k + 1 if low == "basis" and k + 1 < n else k
            return _found(value, "pp", "change", start, at[end_k][1], written, i, end_k)
        if low in _CURRENCY_WORDS:
            return _level_or_change(toks, value, _CURRENCY_WORDS[low], "amount", start, at[k][1], written, i, k)
        if low in ("times", "fold") and not currency:
            if not (k + 1 < n and toks[k + 1].low in ("a", "per", "every", "each", "an")):
                return _found(value, "x", "multiplier", start, at[k][1], written, i, k)
            return _found(value, "times", "amount", start, at[k][1], written, i, k)
        if low in _MONTHS and not currency and not num.grouped and 1 <= value <= 31:
            return None  # "31 March"
        if low in _FRACTION_WORDS and not currency and num.word and 0 < value < _FRACTION_WORDS[low]:
            # a fraction in words: "three quarters of", "by two thirds" (not "the third quarter")
            fraction = _fraction_kind(toks, i, k)
            if fraction is not None:
                share = value * 100.0 / _FRACTION_WORDS[low]
                return _found(share, "%", fraction, start, at[k][1], share, i, k)
        business = low in ("business", "working", "calendar", "work") and k + 1 < n and toks[k + 1].low in _TIME_UNITS
        if low in _TIME_UNITS or business:
            kk = k + 1 if business else k
            if not currency:
                return _time(text, toks, at, value, _TIME_UNITS[toks[kk].low], start, kk, written, measured, i)
    if currency:
        if k < n and toks[k].kind == "w" and toks[k].low in _SCALE_ABBREV:
            scale = _SCALE_ABBREV[toks[k].low]
            value *= scale
            j = k
        return _level_or_change(toks, value, currency, "amount", start, at[j][1], written, i, j)
    if unit:
        return _level_or_change(toks, value, unit, "amount", start, at[j][1], written, i, j)
    # ---- a year
    if _year_like(tok, num, value):
        after = toks[k] if k < n else None
        if prev in _YEAR_CONTEXT or (prev_tok is not None and prev_tok.kind == "x") or prev_tok is None:
            return None
        if after is None or after.kind != "w" or after.low in _STOP_AFTER:
            return None
    # ---- a scope, not an amount: "our 3 biggest markets"
    if prev in ("our", "my", "their", "your", "his", "her", "its"):
        return None
    # ---- a date: "March 31"
    if prev in _MONTHS and not num.grouped and 1 <= value <= 31:
        return None
    # ---- a rate: "2 a week", "three per month"
    if k + 1 < n and toks[k].low in ("a", "an", "per", "each", "every") and toks[k + 1].low in _TIME_UNITS:
        if not _year_like(tok, num, value) or prev not in _YEAR_CONTEXT:
            return _found(value, "/" + _TIME_UNITS[toks[k + 1].low], "amount", start, at[k + 1][1], written, i, k + 1)
    # ---- a version or label: "the 2.0 release"
    if k < n and toks[k].low in _LABEL_AFTER:
        return None
    # ---- a count before a label with digits: "2,500 5G customers", "40 3D printers"
    if (
        k + 1 < n
        and toks[k].kind == "n"
        and toks[k].suffix.isalpha()
        and text[at[k][1] - 1].isupper()
        and not suffix
        and at[j][1] < at[k][0]
        and toks[k + 1].kind in "wx"
        and toks[k + 1].low not in _STOP_AFTER
    ):
        return _level_or_change(toks, value, text[at[k][0] : at[k + 1][1]], "amount", start, at[j][1], written, i, k)
    # ---- a count noun
    if k < n and toks[k].kind in "wx" and toks[k].low not in _STOP_AFTER and not _is_number_word(toks[k].low):
        noun_end = k
        while noun_end + 1 < n and toks[noun_end + 1].kind in "wx" and noun_end + 1 - k < 3:
            nxt = toks[noun_end + 1].low
            if nxt in _STOP_AFTER or _is_number_word(nxt):
                break
            noun_end += 1
        noun = " ".join(t.text for t in toks[k : noun_end + 1])
        if num.word and value == 1 and toks[k].low in ("of", "another", "day", "thing"):
            return None
        return _level_or_change(toks, value, noun, "amount", start, at[j][1], written, i, j)
    # ---- a bare range: "between 8,000 and 10,000" (not two years, not a
    # range whose high end has a unit: that one is joined later)
    if prev == "between" and j + 2 < n and toks[j + 1].low == "and":
        high = _number_at(toks, j + 2)
        past = high.last + 1 if high is not None else n
        if (
            high is not None
            and not high.suffix
            and value <= high.value
            and not (_year_like(tok, num, value) and _year_like(toks[j + 2], high, high.value))
            and (past >= n or toks[past].low in _STOP_AFTER or (toks[past].kind == "s" and toks[past].text not in _NEXT_SYMBOLS))
        ):
            found = _new_quantity((value, "", "range", at[i - 1][0], at[high.last][1], written, None, high.value))
            return _new_found((found, i, high.last))
    # ---- a bare number after a change or a level word ("by 5", "at least 50")
    if prev in _CHANGE_BEFORE or prev in _LEVEL_BEFORE or (prev_tok is not None and prev_tok.text in "<>=\u2264\u2265~"):
        if prev == "of" and num.word:
            return None
        return _level_or_change(toks, value, "", "amount", start, at[j][1], written, i, j)
    return None


def _is_label(toks: list[_Tok], i: int, prev: str) -> bool:
    """Whether the word before the number ``i`` makes it a rank or a label.
    "No" only when capitalised ("No 1"; "no 3 outages" is a count), a time
    word only when capitalised ("Day 1", "Week 3"; "day 3" is left to the
    time rules)."""
    if prev in ("no", "day", "week", "month", "year", "quarter"):
        return toks[i - 1].text[:1].isupper()
    return True


def _is_number_word(low: str) -> bool:
    return low in _UNITS_WORDS or low in _TENS_WORDS or low in _SCALE_WORDS


def _year_like(tok: _Tok, num: _Num, value: float) -> bool:
    return tok.kind == "n" and not num.grouped and not num.suffix and 1900 <= value <= 2100 and value.is_integer()


def _is_money_after(toks: list[_Tok], j: int) -> bool:
    return j + 1 < len(toks) and toks[j + 1].low in _CURRENCY_WORDS


def _found(value: float, unit: str, kind: Kind, start: int, end: int, written: float, first: int, last: int) -> _Found:
    return _new_found((_new_quantity((value, unit, kind, start, end, written, None, None)), first, last))


def _level_or_change(
    toks: list[_Tok], value: float, unit: str, kind: Kind, start: int, end: int, written: float, first: int, last: int
) -> _Found:
    """The kind from the word before: "by 5" a change, "to 50" a level."""
    prev = _prev_word(toks, first)
    if first > 0 and (toks[first - 1].text in _CURRENCY_SYMBOLS or prev in _CURRENCY_WORDS):
        prev = _prev_word(toks, first - 1)
    if prev in _CHANGE_BEFORE:
        kind = "change"
    elif prev in _LEVEL_BEFORE and prev not in ("of", "within", "over"):
        kind = "level"
    return _found(value, unit, kind, start, end, written, first, last)


def _time(
    text: str, toks: list[_Tok], at: _Spans, value: float, unit: str, start: int, last: int, written: float, measured: bool, first: int
) -> _Found | None:
    """A number with a time unit: an amount when the time is what is measured,
    else a time window (not an amount)."""
    prev = _prev_word(toks, first)
    before = toks[first - 2].low if first >= 2 and toks[first - 2].kind == "w" else ""
    if first > 0 and toks[first - 1].kind == "s" and toks[first - 1].text in "<\u2264":
        prev = "under"
    if prev in _WINDOW_BEFORE or before in _WINDOW_BEFORE:
        return None
    if unit in _SHORT_TIME or unit == "h" or prev in _TIME_COMPARISON or measured or _measured_time().search(text):
        return _level_or_change(toks, value, unit, "amount", start, at[last][1], written, first, last)
    return None


def _combine(text: str, toks: list[_Tok], at: _Spans, found: list[_Found]) -> tuple[Quantity, ...]:
    """Join "from X to Y" into a change and "X-Y" / "between X and Y" into a range."""
    out: list[Quantity] = []
    idx = 0
    while idx < len(found):
        cur = found[idx]
        if idx + 1 < len(found):
            nxt = found[idx + 1]
            gap = toks[cur.last + 1 : nxt.first]
            first_prev = _prev_word(toks, cur.first)
            if first_prev == "from" and len(gap) == 1 and gap[0].low == "to":
                start = at[cur.first - 1][0]
                out.append(nxt.q._replace(kind="change", start=start, origin=cur.q.value, unit=nxt.q.unit or cur.q.unit))
                idx += 2
                continue
            if (len(gap) == 1 and gap[0].text in ("-", "\u2013", "to") and first_prev != "from") or (
                first_prev == "between" and len(gap) == 1 and gap[0].low == "and"
            ):
                unit = nxt.q.unit or cur.q.unit
                start = at[cur.first - 1][0] if first_prev == "between" else cur.q.start
                out.append(Quantity(cur.q.value, unit, "range", start, nxt.q.end, cur.q.written, upper=nxt.q.value))
                idx += 2
                continue
        out.append(cur.q)
        idx += 1
    # a bare number joined to a quantity by a range mark: "10-20%", "3 to 5 days"
    return tuple(_ranges_with_bare(text, toks, out))


_RANGE_MARKS = ("-", "\u2013", "to", "and")
_BARE_RANGE = re.compile(r"(?<![\w.,])([-\u2212]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))\s*(-|\u2013|to|and)\s*$", re.IGNORECASE)


def _ranges_with_bare(text: str, toks: list[_Tok], found: list[Quantity]) -> list[Quantity]:
    """A bare number before a quantity: "from 4.1 to 4.5", "10-20%", "between 3 and 5 days"."""
    out = []
    for q in found:
        if q.kind not in ("range", "change") and q.origin is None:
            window = max(0, q.start - 24)
            if not text[window : q.start].rstrip()[-3:].lower().endswith(_RANGE_MARKS):
                out.append(q)
                continue  # no range mark just before: the search below cannot end at q.start
            m = _BARE_RANGE.search(text, window, q.start)
            if m is not None and m.end() == q.start:
                low = float(m.group(1).replace(",", "").replace("\u2212", "-"))
                ratio = q.value / q.written if q.written else 1.0
                before = max(0, m.start() - 12)
                head = _RANGE_HEAD.search(text, before, m.start())
                opener = head.group(1).lower() if head is not None else ""
                mark = m.group(2).lower()
                if opener == "from" and mark in ("to", "-", "\u2013") and head is not None:
                    q = q._replace(kind="change", start=head.start(), origin=low * ratio)
                elif (mark != "and" or opener == "between") and low * ratio <= q.value:
                    start = head.start() if head is not None and opener == "between" else m.start()
                    q = q._replace(kind="range", start=start, value=low * ratio, written=low, upper=q.value)
        out.append(q)
    return out


_RANGE_HEAD = re.compile(r"(?<![^\W_])(from|between)\s*$", re.IGNORECASE)


@lru_cache(maxsize=256)  # S101, S102, S103 and S106 ask about the same statement
def _cached(text: str, time_measured: bool) -> tuple[Quantity, ...]:
    if _DIGIT_OR_WORD.search(text) is None:
        return ()
    return _analyse(text, time_measured)


def quantities(text: str, *, time_measured: bool = False) -> tuple[Quantity, ...]:
    """The amounts ``text`` states, in order (see the module docs for what
    counts). ``time_measured``: the thing measured is a time (e.g. the
    metric's unit is `hours`), so "within 2 days" is an amount, not a window.
    Never raises; returns ``()`` for a text with no amount (or not a string)."""
    if not isinstance(text, str) or not text:
        return ()
    return _cached(text, time_measured)


def states_quantity(text: str, *, time_measured: bool = False) -> bool:
    """Whether ``text`` states at least one amount."""
    return bool(quantities(text, time_measured=time_measured))
