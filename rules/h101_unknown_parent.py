"""## What it does
Checks that `spec.parent` names a KPI that exists somewhere in the project
(every KPI file under the project root, not only the files being checked),
and suggests the closest existing id.

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

import difflib
from typing import Iterator

from kpilint.api import Finding, Project, RuleContext, project_rule
from kpilint.rules._dates import kpi_specs


@project_rule(code="H101", name="unknown-parent", severity="error", category=None, docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    ids = project.by_id("KPI")
    known: list[str] | None = None  # sorted once, when a parent is unknown
    for doc, spec in kpi_specs(project):
        parent = spec.get("parent")
        if not isinstance(parent, str) or parent in ids:
            continue
        known = sorted(ids) if known is None else known
        close = difflib.get_close_matches(parent, known, n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        yield Finding(
            ("spec", "parent"),
            f"parent `{parent}` is not the id of any KPI in the project{hint}",
            document=doc,
        )
