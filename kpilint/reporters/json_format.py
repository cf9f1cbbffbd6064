"""``json``: a stable, documented structure (see README, "JSON output").

    {"version": 1, "tool": {"name": "kpilint", "version": "..."},
     "summary": {"files": N, "diagnostics": N, "error": N, "warning": N, "info": N},
     "diagnostics": [{"path", "line", "column", "end_line", "end_column",
                      "code", "name", "severity", "message",
                      "document", "yaml_path", "fix"}, ...],
       fix: null, or {"title", "applicability": "safe"|"unsafe",
                      "edits": [{"line", "column", "end_line", "end_column", "text"}, ...]}
     "documents": [{"path", "document", "id", "level", "owner", "status", "smart": bool,
                    "letters": {"S": bool, "M": bool, "A": bool, "R": bool, "T": bool}}, ...],
     "unreadable": [{"path", "line", "column", "code", "message"}, ...],
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
        "fix": fix_dict(getattr(d, "fix", None)),
    }


def fix_dict(fix: Any) -> dict[str, Any] | None:
    """A finding's fix as data (None when it has none); positions as the
    finding's, text with ``\n`` for a line break."""
    if fix is None:
        return None
    return {
        "title": fix.title,
        "applicability": fix.applicability,
        "edits": [
            {"line": e.line, "column": e.col, "end_line": e.end_line, "end_column": e.end_col, "text": e.text}
            for e in fix.edits
        ],
    }


def smart_summary(result: Any, ctx: ReportContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every KPI document the run read, judged as SPEC §3 says (which SMART
    letters it satisfies, whether it is SMART; the far end of a cross-file
    finding does not count), and apart from them the files that could not
    be read, each with its first F001/F002/F004 finding."""
    from kpilint.tree.adapter import judged_run

    judged = judged_run(result, ctx.registry)
    kpis = sorted(judged.kpis, key=lambda kpi: (PurePath(kpi.path).parts, kpi.document))  # folder by folder
    documents = [
        {
            "path": kpi.path,
            "document": kpi.document,
            "id": kpi.id or None,
            "level": kpi.level,
            "owner": kpi.owner,
            "status": kpi.status,
            "smart": kpi.smart,
            "letters": dict(kpi.letters),
        }
        for kpi in kpis
    ]
    unreadable = [
        {"path": file.path, "line": file.line, "column": file.col, "code": file.code, "message": file.message}
        for file in judged.unread
    ]
    return documents, unreadable


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
    }
    payload["documents"], payload["unreadable"] = smart_summary(result, ctx)
    if ctx.statistics:
        from kpilint.reporters.stats import statistics

        payload["statistics"] = statistics(result.diagnostics)
        if ctx.baseline_hidden is not None:
            payload["baseline"] = {"hidden": ctx.baseline_hidden}
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
