"""A KPI's lifecycle (``spec.status``): which KPIs are open, which closed.

``draft`` and ``active`` (the default, also for an empty value) are open:
every rule applies. ``achieved``, ``missed`` and ``cancelled`` are closed:
the KPI is history. It stays a valid id and parent, the schema and the H
rules still judge it, but no finding of a SMART category (S, M, A, R, T,
built-in or not) is located in it. A value the schema rejects is V001's
alone and leaves the KPI open.
"""

from __future__ import annotations

from typing import Any

#: The statuses of a KPI that is over.
CLOSED = frozenset({"achieved", "missed", "cancelled"})
#: The statuses of a KPI every rule judges (``active`` is the default).
OPEN = frozenset({"draft", "active"})
DEFAULT = "active"
#: The categories whose findings a closed KPI never holds.
SKIPPED_WHEN_CLOSED = frozenset("SMART")


def status(data: Any) -> str:
    """The status of a document's data: a known value, else the default."""
    spec = data.get("spec") if isinstance(data, dict) else None
    value = spec.get("status") if isinstance(spec, dict) else None
    return value if isinstance(value, str) and (value in CLOSED or value in OPEN) else DEFAULT


def is_closed(data: Any) -> bool:
    """Whether a document's data is a closed KPI (``achieved``, ``missed``, ``cancelled``)."""
    if not isinstance(data, dict) or data.get("kind") != "KPI":
        return False
    return status(data) in CLOSED


def skipped_when_closed(category: str | None) -> bool:
    """Whether findings of a rule of ``category`` are skipped in a closed KPI."""
    return category is not None and category in SKIPPED_WHEN_CLOSED
