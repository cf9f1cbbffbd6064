"""The cascade: levels, and which KPI is whose parent."""

from __future__ import annotations

import re
from typing import Any, Iterator

from kpilint.api import Document, Project
from kpilint.helpers.fields import dig, kpi_specs

__all__ = ["ID_PATTERN", "LEVELS", "LEVEL_RANK", "children_of", "valid_id", "level", "level_of", "parent_id", "parent_of", "unique_kpis", "with_parents"]

#: Cascade order: a smaller rank is a higher level.
LEVEL_RANK: dict[str, int] = {"company": 0, "department": 1, "team": 2, "individual": 3}
LEVELS: tuple[str, ...] = tuple(LEVEL_RANK)

#: The shape of a `metadata.id`, as the shipped schema's pattern says (a test
#: keeps the two equal): lowercase slugs separated by dots, nothing after.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*")


def valid_id(value: Any) -> bool:
    """Whether ``value`` is an id the schema accepts. An id that fails the
    schema is V001's finding: cross-file rules neither suggest it nor
    compute with it."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def level(doc: Document) -> str | None:
    """The KPI's level when it is one of the known levels."""
    return level_of(dig(doc.data, "spec", "level"))


def level_of(value: Any) -> str | None:
    """``value`` when it is one of the known levels."""
    return value if isinstance(value, str) and value in LEVEL_RANK else None


def unique_kpis(project: Project) -> dict[str, Document]:
    """KPIs by id, leaving out ids that several documents share (ambiguous:
    H105 reports them, and no cross-document check can tell which is meant).
    Built once per project and shared by the rules: read-only."""
    return project.shared(
        "kpilint.unique_kpis",
        lambda: {key: docs[0] for key, docs in project.by_id("KPI").items() if len(docs) == 1},
    )


def parent_id(spec: Any) -> str | None:
    """The id ``spec.parent`` names, when it is a non-blank string."""
    key = spec.get("parent") if isinstance(spec, dict) else None
    return key if isinstance(key, str) and key.strip() else None


def with_parents(project: Project, *, itself: bool = False) -> Iterator[tuple[Document, dict[str, Any], Document]]:
    """Each KPI whose ``spec.parent`` names a KPI of the project (one with a
    unique id), with its ``spec`` and that parent, in project order. A KPI
    naming itself is left out unless ``itself`` (H102 and H103 report it;
    for every other rule it has no parent to compare with)."""
    for doc, spec, parent in project.shared("kpilint.with_parents", lambda: _with_parents(project)):
        if itself or parent is not doc:
            yield doc, spec, parent


def _with_parents(project: Project) -> list[tuple[Document, dict[str, Any], Document]]:
    parents = unique_kpis(project)
    out = []
    for doc, spec in kpi_specs(project):
        key = parent_id(spec)
        parent = parents.get(key) if key is not None else None
        if parent is not None:
            out.append((doc, spec, parent))
    return out


def parent_of(project: Project, doc: Document) -> Document | None:
    """The KPI ``doc``'s parent is (None when unknown, shared or itself)."""
    parent = unique_kpis(project).get(parent_id(dig(doc.data, "spec")) or "")
    return parent if parent is not doc else None


def children_of(project: Project) -> dict[str, list[Document]]:
    """Per parent id, the KPIs that name it as their parent (themselves left
    out), in project order. Built once per project: read-only."""

    def build() -> dict[str, list[Document]]:
        out: dict[str, list[Document]] = {}
        for doc, spec, _parent in with_parents(project):
            out.setdefault(spec["parent"], []).append(doc)
        return out

    return project.shared("kpilint.children_of", build)
