"""``concise``: ``path:line:col: CODE [severity] message`` — the editor contract."""

from __future__ import annotations

from typing import Any

from kpilint.reporters import ReportContext
from kpilint.reporters.text import safe


def render(result: Any, ctx: ReportContext) -> str:
    lines = [
        f"{safe(d.path)}:{d.line}:{d.col}: {d.code} [{d.severity.value}] {safe(d.message)}" for d in result.diagnostics
    ]
    return "\n".join(lines) + ("\n" if lines else "")
