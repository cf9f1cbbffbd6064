"""Numbers and lists as messages show them."""

from __future__ import annotations

from typing import Sequence

__all__ = ["MAX_LISTED", "listing", "loop_text", "quote_list", "show_number", "with_article"]

#: The most items a message names (other KPIs, files, values); the rest are counted.
MAX_LISTED = 5


def show_number(value: float | int) -> str:
    """A number as a user would write it: ``2`` for 2.0 (and for -0.0),
    ``0.95``, ``1e+20``; whole floats up to 16 digits are written out."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def listing(items: Sequence[str], total: int | None = None, limit: int = MAX_LISTED) -> str:
    """``a, b, c`` with a tail ``and N more`` past ``limit`` items (never more
    than :data:`MAX_LISTED`); ``total`` counts items the caller did not format
    (format only the first ``MAX_LISTED``: messages stay cheap and short)."""
    limit = max(1, min(limit, MAX_LISTED))
    count = len(items) if total is None else max(total, len(items))
    shown = list(items[:limit])
    rest = count - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "")


def quote_list(items: list[str]) -> str:
    """```a```, ```a` and `b```, ```a`, `b` and `c```; past five items, the
    first five and how many more (as every list in a message)."""
    quoted = [f"`{item}`" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        return ", ".join(quoted) + f" and {len(items) - MAX_LISTED} more"
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def loop_text(ids: Sequence[str], start: int = 0) -> str:
    """The loop ``ids`` from ``ids[start]`` as ``a -> b -> a``; past
    :data:`MAX_LISTED` ids, the first of them and how many more
    (``a -> b -> c -> d -> e -> ... (2 more) -> a``)."""
    size = len(ids)
    shown = [ids[(start + step) % size] for step in range(min(size, MAX_LISTED))]
    rest = size - len(shown)
    tail = [f"... ({rest} more)"] if rest > 0 else []
    return " -> ".join(shown + tail + shown[:1])


def with_article(word: str) -> str:
    """``word`` with its indefinite article: ``a team``, ``an individual``."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
