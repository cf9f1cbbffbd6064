"""``sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` holds every rule that reported something
(id, name, short and full description, help, default level); each result
names its rule, level (error, warning, note), message, a location relative to
the repository root (``GITHUB_WORKSPACE`` when set, else the current
directory) with a start/end region, ``partialFingerprints`` that survive line
shifts (rule + path + document + YAML path, and a counter for repeats), and
the YAML path and document index in ``properties``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kpilint import __version__
from kpilint.api import CATEGORIES
from kpilint.reporters import ReportContext
from kpilint.reporters.github import repository_path, repository_root

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "kpilintFinding/v1"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def fingerprint(code: str, path: str, document: int, yaml_path: str, repeat: int) -> str:
    """A stable id for a finding: no line, column or message in it."""
    key = "\x1f".join((code, path, str(document), yaml_path, str(repeat)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _rule_descriptor(code: str, diag: Any, ctx: ReportContext) -> dict[str, Any]:
    rule = ctx.registry.get(code)
    if rule is None:  # a code the registry does not know (e.g. from an engine stage)
        name = str(diag.name or code)
        return {
            "id": code,
            "name": name,
            "shortDescription": {"text": name},
            "defaultConfiguration": {"level": _LEVELS.get(diag.severity.value, "warning")},
        }
    docs = rule.docs or rule.summary or rule.name
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": docs},
        "help": {"text": docs, "markdown": f"# {rule.code} {rule.name}\n\n{docs}"},
        "defaultConfiguration": {"level": _LEVELS.get(rule.severity.value, "warning")},
        "properties": {"tags": ["kpi", CATEGORIES.get(rule.category or "", "general")]},
    }
    return descriptor


def _region(diag: Any) -> dict[str, int]:
    line = max(1, int(diag.line))
    col = max(1, int(diag.col))
    end_line = max(line, int(diag.end_line))
    end_col = max(1, int(diag.end_col))
    if end_line == line:
        end_col = max(col, end_col)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def build(result: Any, ctx: ReportContext) -> dict[str, Any]:
    """The SARIF log as a JSON-ready mapping."""
    root = repository_root(ctx)
    rule_index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for diag in sorted(result.diagnostics, key=lambda d: d.code):
        if diag.code not in rule_index:
            rule_index[diag.code] = len(rules)
            rules.append(_rule_descriptor(diag.code, diag, ctx))
    seen: dict[tuple[str, str, int, str], int] = {}
    results: list[dict[str, Any]] = []
    for diag in result.diagnostics:
        path = repository_path(diag, root)
        key = (diag.code, path, int(diag.doc_index), str(diag.yaml_path))
        repeat = seen.get(key, 0)
        seen[key] = repeat + 1
        results.append(
            {
                "ruleId": diag.code,
                "ruleIndex": rule_index[diag.code],
                "level": _LEVELS.get(diag.severity.value, "warning"),
                "message": {"text": str(diag.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"},
                            "region": _region(diag),
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(*key, repeat)},
                "properties": {"yamlPath": str(diag.yaml_path), "document": int(diag.doc_index)},
            }
        )
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kpilint",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": not getattr(result, "internal_error", False)}],
                "results": results,
            }
        ],
    }


def _uri(path: str) -> str:
    """A relative URI reference for a ``/``-separated path (percent-encoded)."""
    from urllib.parse import quote

    return quote(path, safe="/-._~!$&'()*+,;=@", errors="surrogateescape")


def render(result: Any, ctx: ReportContext) -> str:
    return json.dumps(build(result, ctx), indent=2, ensure_ascii=False) + "\n"
