"""The one place the tree (and the reports that judge KPIs: the JSON
report's per-KPI summary, the markdown scorecard) meet the lint engine:
run it as ``kpilint check`` does, and turn a run's result into
:class:`~kpilint.tree.model.Kpi` records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from kpilint.attribution import Against, judge
from kpilint.document import number, text
from kpilint.registry import Registry
from kpilint.tree.model import Kpi

#: The codes of a file whose documents could not be read.
_UNREAD = frozenset({"F001", "F002", "F004"})


class Unread(NamedTuple):
    """A file that failed to load or parse: its first such finding."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def line_text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


class Judged(NamedTuple):
    """A run's KPIs, each judged (SPEC §3), and the files that could not
    be read (their readable documents, if any, are among the KPIs)."""

    kpis: list[Kpi]
    unread: list[Unread]


class Cascade(NamedTuple):
    """The KPIs found, and a line for each file whose KPIs cannot be shown."""

    kpis: list[Kpi]
    notices: list[str]


def judged_run(result: Any, registry: Registry) -> Judged:
    """Every KPI document a lint run read, judged by the findings that
    count against it. ``result`` is the engine's ``Result`` (its sorted
    ``diagnostics``, and ``reports`` of loaded documents by file): this
    function is the only reader of it outside the engine and the CLI."""
    from kpilint.engine import display_path

    def category_of(code: str) -> str | None:
        info = registry.info(code)
        return info.category if info is not None else None

    located: dict[tuple[str, int], list[Against]] = {}
    unread: dict[str, Unread] = {}
    for diag in result.diagnostics:
        located.setdefault((diag.path, diag.doc_index), []).append(
            Against(diag.code, diag.severity.value, diag.yaml_path)
        )
        if diag.code in _UNREAD and diag.path not in unread:
            unread[diag.path] = Unread(diag.path, diag.line, diag.col, diag.code, diag.message)
    kpis: list[Kpi] = []
    for file in sorted(result.reports):
        shown = display_path(file)
        for doc in result.reports[file].documents:
            if not doc.is_kpi:
                continue
            mine = located.get((shown, doc.index), ())
            verdict = judge(mine, category_of)
            status = doc.get("spec", "status")
            kpis.append(
                Kpi(
                    id=doc.id or "",
                    name=text(doc.get("metadata", "name")) or "",
                    level=text(doc.get("spec", "level")),
                    owner=text(doc.get("spec", "owner")),
                    status=status if isinstance(status, str) and status.strip() else "active",
                    target=number(doc.get("spec", "metric", "target")),
                    unit=text(doc.get("spec", "metric", "unit")),
                    parent=text(doc.get("spec", "parent")),
                    path=shown,
                    document=doc.index,
                    letters=verdict.letters,
                    smart=verdict.smart,
                    has_errors=verdict.has_errors,
                    parent_found=not any(f.code == "H101" and f.yaml_path == "spec.parent" for f in mine),
                )
            )
    return Judged(kpis, [unread[path] for path in sorted(unread)])


def lint_cascade(paths: list[Path], today: dt.date | None) -> Cascade:
    """Lint ``paths`` with the project's configuration (raises the engine's
    ``UsageError``) and judge every KPI document found."""
    from kpilint.engine import Options
    from kpilint.incremental import prepare, run

    session = prepare(paths, Options(today=today))
    result = run(session, paths)
    judged = judged_run(result, session.registry)
    notices = [f"not shown (the file cannot be read): {file.line_text()}" for file in judged.unread]
    notices.extend(result.notices)
    return Cascade(judged.kpis, notices)
