"""The one place the tree meets the lint engine: run it as ``kpilint check``
does and turn its result into :class:`~kpilint.tree.model.Kpi` records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from kpilint.attribution import Against, judge
from kpilint.document import number, text
from kpilint.tree.model import Kpi

#: The codes of a file whose documents could not be read.
_UNREAD = frozenset({"F001", "F002", "F004"})


class Cascade(NamedTuple):
    """The KPIs found, and a line for each file whose KPIs cannot be shown."""

    kpis: list[Kpi]
    notices: list[str]


def lint_cascade(paths: list[Path], today: dt.date | None) -> Cascade:
    """Lint ``paths`` with the project's configuration (raises the engine's
    ``UsageError``) and judge every KPI document found."""
    from kpilint.engine import Options, display_path
    from kpilint.incremental import prepare, run

    session = prepare(paths, Options(today=today))
    result = run(session, paths)

    def category_of(code: str) -> str | None:
        info = session.registry.info(code)
        return info.category if info is not None else None

    located: dict[tuple[str, int], list[Against]] = {}
    unread: dict[str, str] = {}
    for diag in result.diagnostics:
        located.setdefault((diag.path, diag.doc_index), []).append(
            Against(diag.code, diag.severity.value, diag.yaml_path)
        )
        if diag.code in _UNREAD and diag.path not in unread:
            unread[diag.path] = f"{diag.path}:{diag.line}:{diag.col}: {diag.code} {diag.message}"
    kpis: list[Kpi] = []
    for file in sorted(result.reports):
        shown = display_path(file)
        for doc in result.reports[file].documents:
            if not doc.is_kpi:
                continue
            verdict = judge(located.get((shown, doc.index), ()), category_of)
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
                    parent_found=not any(
                        f.code == "H101" and f.yaml_path == "spec.parent" for f in located.get((shown, doc.index), ())
                    ),
                )
            )
    notices = [f"not shown (the file cannot be read): {line}" for _, line in sorted(unread.items())]
    notices.extend(result.notices)
    return Cascade(kpis, notices)
