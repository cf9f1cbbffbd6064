"""``full``: each diagnostic with its source line, a caret and a help line."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kpilint.reporters import ReportContext
from kpilint.reporters.text import columns, safe, visible

_COLORS = {"error": "31", "warning": "33", "info": "36"}


def _paint(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def render(result: Any, ctx: ReportContext) -> str:
    out: list[str] = []
    lines_of: dict[str, list[str]] = {}
    for diag in result.diagnostics:
        if diag.file not in lines_of:
            report = result.reports.get(diag.file)
            lines_of[diag.file] = report.text.split("\n") if report is not None else []
        sev = diag.severity.value
        head = f"{_paint(safe(diag.path), '1', ctx.color)}:{diag.line}:{diag.col}: "
        head += f"{_paint(diag.code, _COLORS[sev] + ';1', ctx.color)} [{_paint(sev, _COLORS[sev], ctx.color)}] {safe(diag.message)}"
        out.append(head)
        source = lines_of[diag.file]
        if 1 <= diag.line <= len(source):
            text = source[diag.line - 1]
            if text.endswith("\r"):  # the line ending of a CRLF file, not content
                text = text[:-1]
            gutter = f"{diag.line} | "
            out.append(f"  {gutter}{visible(text)}")
            start = min(diag.col - 1, len(text))
            end = diag.end_col - 1 if diag.end_line == diag.line else len(text)
            pad = columns(visible(text[:start]))
            width = max(1, columns(visible(text[start:max(start, end)])))
            caret = _paint("^" * width, _COLORS[sev], ctx.color)
            out.append(f"  {' ' * len(gutter)}{' ' * pad}{caret}")
        rule = ctx.registry.get(diag.code)
        if rule is not None:
            out.append(f"  = help: {rule.name}; see `kpilint rule {diag.code}`")
        fix = getattr(diag, "fix", None)
        if fix is not None:
            how = "--fix" if fix.applicability == "safe" else "--unsafe-fixes"
            out.append(f"  = fix ({fix.applicability}, {how}): {safe(fix.title)}")
        out.append("")
    counts = Counter(d.severity.value for d in result.diagnostics)
    if result.diagnostics:
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
        out.append(f"Found {len(result.diagnostics)} problem{'s' if len(result.diagnostics) != 1 else ''} ({', '.join(parts)}) in {len(result.files)} file{'s' if len(result.files) != 1 else ''}.")
    else:
        out.append(f"All checks passed ({len(result.files)} file{'s' if len(result.files) != 1 else ''}).")
    return "\n".join(out) + "\n"

