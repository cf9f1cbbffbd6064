"""Rule codes and the one matcher every place that names codes goes through.

A selector is a code (``S101``), a prefix (the code's letters, optionally
followed by its leading digits: ``S``, ``S1``, ``ACME``, ``ACME1``) or
``ALL``, in any case. ``A`` matches ``A101`` but not ``ACME101``: the letters
of a selector must be all the letters of the code.

Built-in codes have one letter from ``F V S M A R T H K``; plugin codes have
one to five letters, never a built-in letter alone; house rules (declared in
the config) have two to five. So nothing a team adds collides with a future
built-in code.
"""

from __future__ import annotations

import re
from typing import Iterable

BUILTIN_LETTERS = "FVSMARTHK"

#: Any rule code: 1-5 capital letters and 3 digits.
CODE_PATTERN = re.compile(r"^[A-Z]{1,5}[0-9]{3}$")
#: A house rule's code (declared in the config): 2-5 capital letters and 3 digits.
HOUSE_CODE_PATTERN = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
#: What a selector may look like (any case), as an ECMA-262 pattern: the schema's
#: pattern for ``metadata.lint-disable`` items is exactly this text.
SELECTOR_SCHEMA_PATTERN = "^([Aa][Ll][Ll]|[A-Za-z]{1,5}[0-9]{0,3})$"
_SELECTOR = re.compile(r"([A-Za-z]{1,5})([0-9]{0,3})")


def normalise(selector: str) -> str:
    """A selector as the matcher reads it: trimmed, upper case."""
    return selector.strip().upper()


def is_selector(selector: str) -> bool:
    """Whether ``selector`` has the shape of a code, a prefix or ``ALL``."""
    return _SELECTOR.fullmatch(selector.strip()) is not None


def specificity(selector: str, code: str) -> int:
    """How closely ``selector`` matches ``code``: -1 no match, 0 ``ALL``,
    else the selector's length (a longer prefix is more specific)."""
    wanted = normalise(selector)
    if wanted == "ALL":
        return 0
    found = _SELECTOR.fullmatch(wanted)
    if found is None:
        return -1
    letters, digits = found.groups()
    if not code.startswith(letters):
        return -1
    rest = code[len(letters) :]
    if not rest[:1].isdigit() or not rest.startswith(digits):
        return -1
    return len(wanted)


def matches(selector: str, code: str) -> bool:
    return specificity(selector, code) >= 0


def best(selectors: Iterable[str], code: str) -> int:
    """The most specific match of any of ``selectors`` (-1 when none)."""
    return max((specificity(s, code) for s in selectors), default=-1)


def plugin_code_problem(code: str) -> str | None:
    """Why ``code`` cannot name a plugin rule (None when it can)."""
    if not CODE_PATTERN.match(code):
        return f"rule code {code!r} must look like ABC123 (1-5 capitals, 3 digits)"
    letters = code[:-3]
    if len(letters) == 1 and letters in BUILTIN_LETTERS:
        return (
            f"rule code {code!r} uses the built-in letter {letters} alone; "
            "a plugin code needs another letter or two to five letters (e.g. X101, ACME101)"
        )
    return None
