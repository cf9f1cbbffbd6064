"""``--statistics``: how many findings of each code a run reported."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable


def statistics(diagnostics: Iterable[Any]) -> list[dict[str, Any]]:
    """One row per code: code, name, severity and count, the most frequent
    first (ties by code)."""
    counts = Counter((d.code, d.name, d.severity.value) for d in diagnostics)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return [{"code": code, "name": name, "severity": sev, "count": count} for (code, name, sev), count in rows]


def render_statistics(diagnostics: Iterable[Any]) -> str:
    """The rows as a plain table, one line per code."""
    return "".join(
        f"{row['count']:5d}  {row['code']}  [{row['severity']}]  {row['name']}\n" for row in statistics(diagnostics)
    )
