"""``markdown``: a summary for ``$GITHUB_STEP_SUMMARY`` (or any Markdown viewer).

Counts per severity and per SMART category, then a table of every finding
(``path:line``, code, severity, message). Text from the files is escaped for
a table cell: ``|``, line breaks, HTML and control characters.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from kpilint.api import CATEGORIES
from kpilint.reporters import ReportContext
from kpilint.reporters.github import plural
from kpilint.reporters.text import safe

CATEGORY_NAMES = CATEGORIES
#: Rows shown at most (a step summary is limited to 1 MiB).
MAX_ROWS = 1000
_NEWLINES = re.compile(r"\r\n|\r|\n")


def cell(text: object) -> str:
    """Make ``text`` safe inside one Markdown table cell."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace("\\", "\\\\").replace("|", "\\|")
    value = _NEWLINES.sub("<br>", value)
    return safe(value)


def category_of(code: str, ctx: ReportContext) -> str:
    rule = ctx.registry.get(code)
    letter = rule.category if rule is not None else None
    return letter if letter in CATEGORY_NAMES else "other"


def render(result: Any, ctx: ReportContext) -> str:
    diagnostics = list(result.diagnostics)
    files = plural(len(result.files), "file")
    out = ["## kpilint", ""]
    if not diagnostics:
        out.append(f"No problems found in {files}.")
        return "\n".join(out) + "\n"
    severities = Counter(d.severity.value for d in diagnostics)
    parts = ", ".join(plural(severities[s], s) for s in ("error", "warning", "info") if severities[s])
    out += [f"**{plural(len(diagnostics), 'problem')}** ({parts}) in {files}.", ""]
    out += ["| Severity | Count |", "|---|---:|"]
    out += [f"| {s} | {severities[s]} |" for s in ("error", "warning", "info")]
    out.append("")
    categories = Counter(category_of(d.code, ctx) for d in diagnostics)
    out += ["| SMART category | Count |", "|---|---:|"]
    for letter in (*CATEGORY_NAMES, "other"):
        label = f"{letter} ({CATEGORY_NAMES[letter]})" if letter in CATEGORY_NAMES else "other"
        out.append(f"| {label} | {categories[letter]} |")
    out += ["", "| Location | Code | Severity | Message |", "|---|---|---|---|"]
    for diag in diagnostics[:MAX_ROWS]:
        out.append(f"| {cell(diag.path)}:{diag.line} | {cell(diag.code)} | {diag.severity.value} | {cell(diag.message)} |")
    if len(diagnostics) > MAX_ROWS:
        out += ["", f"… and {len(diagnostics) - MAX_ROWS} more (see the full report)."]
    return "\n".join(out) + "\n"
