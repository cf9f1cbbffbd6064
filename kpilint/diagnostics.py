"""The diagnostic record every stage produces and every reporter prints."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    """How serious a diagnostic is; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Span(NamedTuple):
    """A 1-based position range; columns count code points, the end is exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int


class TextEdit(NamedTuple):
    """Replace (line, col)..(end_line, end_col) with ``text`` (1-based, code
    points, end exclusive); ``\\n`` in ``text`` is written as the file's line ending."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


class Fix(NamedTuple):
    """A fix placed in its file: a title, ``safe`` or ``unsafe``, and its edits."""

    title: str
    applicability: str
    edits: tuple[TextEdit, ...]


class Diagnostic(NamedTuple):
    """One finding, placed in a file. The field order is the sort order."""

    path: str  # display path, relative to the current directory, with "/"
    line: int
    col: int
    code: str
    end_line: int
    end_col: int
    severity: Severity
    message: str
    name: str = ""  # the rule's kebab-case name
    doc_index: int = 0  # 0-based document index within the file
    yaml_path: str = ""  # e.g. "spec.metric.target", "spec.plan[2]"
    file: str = ""  # absolute path of the file (used for suppressions and source lines)
    fix: Fix | None = None  # the fix a rule attached, placed in the file

    @property
    def span(self) -> Span:
        return Span(self.line, self.col, self.end_line, self.end_col)


def format_yaml_path(path: tuple[str | int, ...]) -> str:
    """Render a path tuple the way users write it: ``spec.plan[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
