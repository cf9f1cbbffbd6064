"""## What it does
Checks that `spec.parent` names a KPI that exists somewhere in the project
(every KPI file under the project root, not only the files being checked),
and suggests the closest existing id ("did you mean").

The suggestion is never the KPI's own id nor the id of an Owner, and is made
only when an id is close enough (a similarity ratio above 0.75, so a far-off
id is never offered); among close ids, one at a higher level than the KPI
comes first (a parent must be above its child), then the most similar, then
the first in sort order, so every run suggests the same id. When
the id named is an Owner's, the message says so: the owner belongs in
`spec.owner`.

An id that appears in the text of a file that could not be loaded (F001 to
F004) is not reported: that file may well define it, and its own error says
what to fix. In the KPI's own file, the id must appear a second time (the
reference itself does not count). Likewise, when a KPI's own `metadata.id`
fails the schema (V001: a capital, a trailing line break) and, without its
surrounding spaces and line breaks, is the id named, nothing is reported
here; and an id the schema rejects is never suggested. An empty or blank
`parent` is left to H104.

Fix (safe): when exactly one KPI id (not the KPI's own) differs from the
parent only in letter case, the parent is rewritten as that id. Any other
near miss is only suggested.

## Why is this bad?
A KPI that contributes to a goal nobody defined breaks the cascade: its
progress rolls up into nothing.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Website visits}
spec: {level: department}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec: {level: team, parent: marketing.website-trafic}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Website visits}
spec: {level: department}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec: {level: team, parent: marketing.website-traffic}
```

## Options
None.
"""

from __future__ import annotations

from typing import Any, Iterator

from kpilint.api import Document, Finding, Fix, Project, RuleContext, project_rule, replace_value
from kpilint.helpers.cascade import LEVEL_RANK, level_of, valid_id
from kpilint.helpers.fields import kpi_specs
from kpilint.rules._suggest import Suggester

PARENT = ("spec", "parent")


def kpi_suggester(project: Project) -> Suggester:
    """The KPI ids of the project that are not also Owner ids, indexed for
    "did you mean" (built once per project, shared)."""

    def build() -> Suggester:
        owners = project.by_id("Owner")
        return Suggester(ident for ident in project.by_id("KPI") if ident not in owners and valid_id(ident))

    return project.shared("kpilint.h101_suggester", build)


def _invalid_ids(project: Project) -> frozenset[str]:
    """The ids of KPIs whose `metadata.id` fails the schema, with surrounding
    spaces and line breaks taken off (what the author meant to write)."""

    def build() -> frozenset[str]:
        return frozenset(ident.strip() for ident in project.by_id("KPI") if not valid_id(ident))

    return project.shared("kpilint.h101_invalid_ids", build)


def _by_casefold(project: Project) -> dict[str, list[str]]:
    """The valid KPI ids by their case-folded form, in project order (built
    once per project, shared): the ids a parent differs from only in case."""

    def build() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for ident in project.by_id("KPI"):
            if valid_id(ident):
                out.setdefault(ident.casefold(), []).append(ident)
        return out

    return project.shared("kpilint.h101_by_casefold", build)


def _hint(project: Project, doc: Document, spec: dict[str, Any], levels: dict[str, int]) -> str:
    parent = str(spec.get("parent"))
    mine = LEVEL_RANK.get(str(level_of(spec.get("level"))))
    own = doc.id
    close = kpi_suggester(project).closest(
        parent,
        skip=lambda ident: ident == own,
        prefer=None if mine is None else (lambda ident: levels.get(ident, len(LEVEL_RANK)) < mine),
    )
    return f"; did you mean `{close}`?" if close else ""


@project_rule(code="H101", name="unknown-parent", severity="error", category=None, docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    ids = project.by_id("KPI")
    owners: dict[str, list[Document]] | None = None  # built when a parent is unknown
    levels: dict[str, int] = {}
    for doc, spec in kpi_specs(project):
        parent = spec.get("parent")
        if not isinstance(parent, str) or parent in ids or not parent.strip():
            continue
        if project.in_unparsed(parent, doc.file):
            continue  # a file that failed to load may define it: its own error says so
        if parent in _invalid_ids(project):
            continue  # a KPI meant to have this id has one the schema rejects: its V001 says so
        if owners is None:
            owners = project.by_id("Owner")
            for other, other_spec in kpi_specs(project):
                rank = LEVEL_RANK.get(str(level_of(other_spec.get("level"))))
                if rank is not None and isinstance(other.id, str):
                    levels[other.id] = rank
        hint = _hint(project, doc, spec, levels)
        if parent in owners:
            message = (
                f"parent `{parent}` is an Owner, not a KPI: `parent` names the KPI this one "
                f"contributes to (the owner goes in `spec.owner`){hint}"
            )
        else:
            message = f"parent `{parent}` is not the id of any KPI in the project{hint}"
        same = [i for i in _by_casefold(project).get(parent.strip().casefold(), ()) if i != doc.id]
        fix = Fix(f"Write the parent as `{same[0]}`", (replace_value(PARENT, same[0]),)) if len(same) == 1 else None
        yield Finding(PARENT, message, document=doc, fix=fix)
