"""``json``: a stable, documented structure (see README, "JSON output").

    {"version": 1, "tool": {"name": "kpilint", "version": "..."},
     "summary": {"files": N, "diagnostics": N, "error": N, "warning": N, "info": N},
     "diagnostics": [{"path", "line", "column", "end_line", "end_column",
                      "code", "name", "severity", "message",
                      "document", "yaml_path"}, ...],
     "documents": [{"path", "document", "id", "smart": bool,
                    "letters": {"S": bool, "M": bool, "A": bool, "R": bool, "T": bool}}, ...],
     "statistics": [{"code", "name", "severity", "count"}, ...],   (only with --statistics)
     "baseline": {"hidden": N}}   (only with --statistics, when a baseline applied)
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import PurePath
from typing import Any

from kpilint import __version__
from kpilint.reporters import ReportContext


def diagnostic_dict(d: Any) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.col,
        "end_line": d.end_line,
        "end_column": d.end_col,
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "document": d.doc_index,
        "yaml_path": d.yaml_path,
    }


def smart_summary(result: Any, ctx: ReportContext) -> list[dict[str, Any]]:
    """For each KPI document checked: which SMART letters it satisfies (no
    warning or error of that category) and whether it is SMART (no finding at
    all, at any severity)."""
    from kpilint.api import CATEGORIES
    from kpilint.engine import display_path

    findings: dict[tuple[str, int], list[Any]] = {}
    for diag in result.diagnostics:
        findings.setdefault((diag.path, diag.doc_index), []).append(diag)
    out: list[dict[str, Any]] = []
    for path in sorted(result.reports, key=lambda p: PurePath(p).parts):  # folder by folder
        shown = display_path(path)
        for doc in result.reports[path].documents:
            if not doc.is_kpi:
                continue
            mine = findings.get((shown, doc.index), [])
            failed = set()
            for diag in mine:
                rule = ctx.registry.get(diag.code)
                if rule is not None and rule.category and diag.severity.value != "info":
                    failed.add(rule.category)
            out.append(
                {
                    "path": shown,
                    "document": doc.index,
                    "id": doc.id,
                    "smart": not mine,
                    "letters": {letter: letter not in failed for letter in CATEGORIES},
                }
            )
    return out


def render(result: Any, ctx: ReportContext) -> str:
    counts = Counter(d.severity.value for d in result.diagnostics)
    payload = {
        "version": 1,
        "tool": {"name": "kpilint", "version": __version__},
        "summary": {
            "files": len(result.files),
            "diagnostics": len(result.diagnostics),
            "error": counts["error"],
            "warning": counts["warning"],
            "info": counts["info"],
        },
        "diagnostics": [diagnostic_dict(d) for d in result.diagnostics],
        "documents": smart_summary(result, ctx),
    }
    if ctx.statistics:
        from kpilint.reporters.stats import statistics

        payload["statistics"] = statistics(result.diagnostics)
        if ctx.baseline_hidden is not None:
            payload["baseline"] = {"hidden": ctx.baseline_hidden}
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
