"""``json``: a stable, documented structure (see README, "JSON output").

    {"version": 1, "tool": {"name": "kpilint", "version": "..."},
     "summary": {"files": N, "diagnostics": N, "error": N, "warning": N, "info": N},
     "diagnostics": [{"path", "line", "column", "end_line", "end_column",
                      "code", "name", "severity", "message",
                      "document", "yaml_path"}, ...],
     "documents": [{"path", "document", "kind", "id", "smart": {...}}, ...]}
"""

from __future__ import annotations

import json
from collections import Counter
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
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
