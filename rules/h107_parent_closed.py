"""## What it does
Checks that an open KPI (`spec.status` draft, active, or none) does not
name a closed KPI as its parent: one whose `spec.status` is `achieved`,
`missed` or `cancelled`. The finding is reported once, at the open KPI's
`spec.parent`, naming the parent's status, file and line.

A closed KPI stays a valid id and parent: its closed children are fine (the
cascade is kept for the record), and the open child gets no H101. Its time
frame is not compared with the closed parent's either (no T106): this
finding says what is wrong. A parent whose id several KPIs share is left to
H105, a missing one to H101.

## Why is this bad?
A closed KPI is history: its goal was reached, missed or dropped. An open
KPI under it contributes to a goal that is over, so its progress rolls up
into nothing. Usually the child was forgotten when the parent closed, or the
parent was renewed under a new id and the child still points at the old one.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-arr-2026, name: New ARR in 2026}
spec: {level: company, status: achieved}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.emea.new-arr, name: New ARR in EMEA}
spec: {level: department, parent: sales.new-arr-2026}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-arr-2027, name: New ARR in 2027}
spec: {level: company}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.emea.new-arr, name: New ARR in EMEA}
spec: {level: department, parent: sales.new-arr-2027}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Finding, Project, RuleContext, project_rule
from kpilint.helpers.cascade import with_parents
from kpilint.helpers.fields import name_of
from kpilint.lifecycle import status

PARENT = ("spec", "parent")


@project_rule(code="H107", name="parent-closed", severity="warning", category=None, docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    for doc, _spec, parent in with_parents(project):
        if doc.is_closed or not parent.is_closed:
            continue
        state = status(parent.data)
        yield Finding(
            PARENT,
            f"parent {name_of(parent)} ({project.where(parent, ('spec', 'status'))}) is {state}: "
            "this open KPI contributes to a goal that is over; expected an open parent; point "
            "`parent` at the KPI that carries the goal on, or close this KPI too",
            document=doc,
        )
