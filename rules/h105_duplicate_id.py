"""## What it does
Checks that no two documents of the project share a `metadata.id`: KPI ids
are unique among KPIs and Owner ids among Owners (a KPI and an Owner may use
the same id). Every document involved is reported, at its `metadata.id`,
and the message names the other documents with their file and line, so the
clash shows up whichever of the files is being checked.

## Why is this bad?
Parents, owners and reports refer to KPIs by id. With two documents behind
one id, every such reference is ambiguous: a child may roll up into the
wrong goal, and the cross-file checks cannot tell which one is meant.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec: {level: department}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New enterprise customers}
spec: {level: department}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec: {level: department}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-enterprise-customers, name: New enterprise customers}
spec: {level: department}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Finding, Project, RuleContext, project_rule
from kpilint.helpers.formatting import MAX_LISTED, listing

ID = ("metadata", "id")
LIMIT = MAX_LISTED  # other documents named in a message


@project_rule(code="H105", name="duplicate-id", severity="error", category=None, docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    for kind in ("KPI", "Owner"):
        for key, docs in sorted(project.by_id(kind).items()):
            if len(docs) < 2:
                continue
            label = "KPI" if kind == "KPI" else "Owner"
            shown = docs[: LIMIT + 1]  # enough to name LIMIT others for any of them
            wheres = [project.where(doc, ID) for doc in shown]
            for doc in docs:
                others = [where for other, where in zip(shown, wheres) if other is not doc][:LIMIT]
                yield Finding(
                    ID,
                    f"{label} id `{key}` is also used at {listing(others, total=len(docs) - 1)}: "
                    f"expected ids to be unique among {label}s; rename one of them (and update the "
                    "references to it)",
                    document=doc,
                )
