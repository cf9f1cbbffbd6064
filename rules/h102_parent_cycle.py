"""## What it does
Checks that following `spec.parent` from KPI to KPI never comes back to
where it started. Every KPI on a loop is reported at its `spec.parent`, and
the message names the whole loop starting from that KPI (`a -> b -> a`)
with the file and line of the other members. A KPI that is its own parent
is a loop of one (`a -> a`). A loop of more than five KPIs is named by its
first five and how many more (`a -> b -> c -> d -> e -> ... (2 more) -> a`). KPIs that only lead into a loop are not
reported, and links to an id shared by several KPIs are not followed (H105
reports those).

A loop also means that some level is not below its parent's, so H103 is
reported for it as well (when the levels are given).

## Why is this bad?
The KPI tree must end in company goals. In a loop, each KPI contributes to
another one of the loop, so none of them contributes to the company, and any
roll-up of progress along the parents never ends.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec: {level: department, parent: marketing.content.blog-cadence}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec: {level: team, parent: marketing.website-traffic}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: company.revenue, name: Annual revenue}
spec: {level: company}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec: {level: department, parent: company.revenue}
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

from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, project_rule
from kpilint.helpers.cascade import with_parents
from kpilint.helpers.formatting import MAX_LISTED, listing, loop_text

PARENT = ("spec", "parent")


def _cycles(project: Project) -> list[list[Document]]:
    """Each loop of parent links once, in link order (child first)."""
    # id(doc) -> its parent, when that is a unique KPI (itself included: a loop of one)
    up: dict[int, Document] = {id(child): parent for child, _spec, parent in with_parents(project, itself=True)}
    state: dict[int, int] = {}  # id(doc) -> 1 on the current walk, 2 done
    loops: list[list[Document]] = []
    for first in project.kpis():
        if id(first) in state:
            continue
        walk: list[Document] = []
        step: Document | None = first
        while step is not None and id(step) not in state:
            ident = id(step)
            state[ident] = 1
            walk.append(step)
            step = up.get(ident)
        if step is not None and state[id(step)] == 1:
            loops.append(walk[walk.index(step):])
        for seen in walk:
            state[id(seen)] = 2
    return loops


@project_rule(code="H102", name="parent-cycle", severity="error", category=None, docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    for loop in _cycles(project):
        ids = [str(member.id) for member in loop]
        located: dict[int, str] = {}  # only the members a message names are located

        def where(index: int) -> str:
            if index not in located:
                located[index] = f"`{ids[index]}` ({project.where(loop[index], PARENT)})"
            return located[index]

        size = len(loop)
        for position, doc in enumerate(loop):
            chain = loop_text(ids, position)
            others = [where((position + step) % size) for step in range(1, min(size, MAX_LISTED + 1))]
            label = "the other member is" if size == 2 else "the other members are"
            members = f"; {label} {listing(others, total=size - 1)}" if others else ""
            yield Finding(
                PARENT,
                f"following `parent` loops back to this KPI: `{chain}`{members}; expected the parents to "
                "lead up to a company KPI; point one of these parents at a higher-level KPI",
                document=doc,
            )
