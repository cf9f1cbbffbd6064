"""``gitlab``: a GitLab Code Quality report (a JSON array).

Each finding has a ``description``, a ``check_name`` (the rule code), a
``fingerprint`` (sha256 of rule + path + YAML path + document index, salted
with a counter when the same finding repeats, so it is stable across runs and
line shifts and unique in the report), a ``severity`` (error -> major,
warning -> minor, info -> info) and a ``location`` with a path relative to
the repository root and ``lines.begin``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kpilint.reporters import ReportContext
from kpilint.reporters.github import repository_path, repository_root

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def fingerprint(code: str, path: str, yaml_path: str, document: int, repeat: int) -> str:
    key = "\x1f".join((code, path, yaml_path, str(document)))
    if repeat:
        key += f"\x1f#{repeat}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def build(result: Any, ctx: ReportContext) -> list[dict[str, Any]]:
    root = repository_root(ctx)
    seen: dict[tuple[str, str, str, int], int] = {}
    out: list[dict[str, Any]] = []
    for diag in result.diagnostics:
        path = repository_path(diag, root)
        key = (str(diag.code), path, str(diag.yaml_path), int(diag.doc_index))
        repeat = seen.get(key, 0)
        seen[key] = repeat + 1
        out.append(
            {
                "description": f"{diag.code} {diag.message}",
                "check_name": str(diag.code),
                "fingerprint": fingerprint(*key, repeat),
                "severity": SEVERITIES.get(diag.severity.value, "minor"),
                "location": {
                    "path": path,
                    "lines": {"begin": max(1, int(diag.line)), "end": max(1, int(diag.line), int(diag.end_line))},
                },
                "categories": ["Style"],
                "yaml_path": str(diag.yaml_path),
                "document": int(diag.doc_index),
            }
        )
    return out


def render(result: Any, ctx: ReportContext) -> str:
    return json.dumps(build(result, ctx), indent=2, ensure_ascii=False) + "\n"
