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


def render_statistics(diagnostics: Iterable[Any], baseline_hidden: int | None = None) -> str:
    """The rows as a plain table, one line per code; then, when a baseline
    applied, how many findings it hid."""
    table = "".join(
        f"{row['count']:5d}  {row['code']}  [{row['severity']}]  {row['name']}\n" for row in statistics(diagnostics)
    )
    if baseline_hidden is not None:
        table += f"{baseline_hidden:5d}  hidden by the baseline\n"
    return table
