"""``github``: GitHub Actions workflow commands, one annotation per finding.

    ::error file=kpis/a.kpi.yaml,line=7,col=14,endLine=7,endColumn=28,title=S102::statement has 3 words...

error -> ``::error``, warning -> ``::warning``, info -> ``::notice``. Every
value that comes from a file (path, message) is escaped the way the runner
unescapes it (``%``, CR and LF in the message; also ``:`` and ``,`` in the
properties), so no file content can end the line and start a command of its
own. The runner drops an annotation whose ``col``/``endColumn`` are set on a
range spanning several lines, so they are left out there. GitHub shows only
ten annotations per type and step: the report ends with a plain one-line
summary (never a workflow command) that points at the step summary.

Paths are relative to the repository root: ``GITHUB_WORKSPACE`` when set,
else the report context's root, else the current directory.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from kpilint.reporters import ReportContext
from kpilint.reporters.text import safe

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
#: The most annotations of one type GitHub shows for a step.
ANNOTATION_LIMIT = 10


def repository_root(ctx: ReportContext | None = None) -> str | None:
    """The folder repo-relative paths are computed from, or None for "as displayed"."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return workspace
    if ctx is not None and ctx.root not in ("", "."):
        return ctx.root
    return None


def repository_path(diag: Any, root: str | None) -> str:
    """The diagnostic's file relative to ``root`` with ``/`` separators.

    Falls back to the display path (relative to the current directory) when
    there is no root, no absolute file name, or the file is on another drive.
    """
    file = getattr(diag, "file", "") or ""
    if root is None or not file:
        return str(diag.path)
    return relative_to(file, root)


def relative_to(file: str | Path, root: str) -> str:
    """``file`` relative to ``root`` (symlinks resolved on both), with ``/``."""
    try:
        text = os.path.relpath(os.path.realpath(file), os.path.realpath(root))
    except ValueError:  # another drive on Windows
        text = str(file)
    return text.replace(os.sep, "/")


def plural(count: int, word: str) -> str:
    if word == "info":
        return f"{count} info"
    return f"{count} {word}{'' if count == 1 else 's'}"


def severity_counts(diagnostics: Iterable[Any]) -> Counter[str]:
    return Counter(d.severity.value for d in diagnostics)


def escape_data(text: str) -> str:
    """Escape a command's message the way the runner unescapes it."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # Any other control or line-separator character is shown, never emitted raw.
    return safe(text)


def escape_property(text: str) -> str:
    """Escape a property value (``file=...``, ``title=...``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diag: Any, path: str) -> str:
    command = _COMMANDS.get(diag.severity.value, "warning")
    line = max(1, int(diag.line))
    end_line = max(line, int(diag.end_line))
    props = [f"file={escape_property(path)}", f"line={line}"]
    if end_line == line:
        col = max(1, int(diag.col))
        props.append(f"col={col}")
        props.append(f"endLine={end_line}")
        props.append(f"endColumn={max(col, int(diag.end_col))}")
    else:
        props.append(f"endLine={end_line}")
    props.append(f"title={escape_property(str(diag.code))}")
    return f"::{command} {','.join(props)}::{escape_data(str(diag.message))}"


def summary_line(result: Any) -> str:
    """The plain last line: counts, files and where the rest can be read."""
    diagnostics = list(result.diagnostics)
    files = plural(len(result.files), "file")
    if not diagnostics:
        return f"kpilint: no problems found in {files}"
    counts = severity_counts(diagnostics)
    parts = ", ".join(plural(counts[s], s) for s in ("error", "warning", "info") if counts[s])
    return (
        f"kpilint: {parts} in {files} "
        f"(GitHub shows at most {ANNOTATION_LIMIT} annotations per type; see the step summary)"
    )


def render(result: Any, ctx: ReportContext) -> str:
    root = repository_root(ctx)
    lines = [annotation(d, repository_path(d, root)) for d in result.diagnostics]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
