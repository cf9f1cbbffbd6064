"""## What it does
Checks that a KPI's time frame lies inside the time frame of its parent (the
KPI named by `spec.parent`): it must not start before the parent starts nor
end after the parent ends. Only valid time frames are compared (both dates,
end after start, on both KPIs); parents that are missing or whose id is
shared by several KPIs are left to H101 and H105. Closed KPIs
(`spec.status` achieved, missed or cancelled) are compared with nothing,
as child or as parent: an open KPI under a closed parent gets H107
instead.

The child is reported at its `spec.timeframe.start` and/or
`spec.timeframe.end`, naming the parent's file and line; the parent is
reported once at its `timeframe`, listing the children that stick out, so
the problem shows up whichever of the files is being checked.

## Why is this bad?
A KPI contributes to its parent only while the parent is being measured.
Work planned before the parent starts or after it ends counts towards
nothing, and the parent's result is judged before all of its contributors
are done.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec:
  level: department
  timeframe: {start: 2027-01-01, end: 2027-06-30}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  parent: marketing.website-traffic
  timeframe: {start: 2027-04-01, end: 2027-09-30}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec:
  level: department
  timeframe: {start: 2027-01-01, end: 2027-06-30}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  parent: marketing.website-traffic
  timeframe: {start: 2027-04-01, end: 2027-06-30}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, project_rule
from kpilint.helpers.cascade import unique_kpis, with_parents
from kpilint.helpers.dates import END, START, TIMEFRAME, Timeframe, timeframe, timeframe_of
from kpilint.helpers.fields import name_of
from kpilint.helpers.formatting import MAX_LISTED, listing


@project_rule(code="T106", name="outside-parent-timeframe", severity="warning", category="T", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    parents = unique_kpis(project)
    outside: dict[str, list[tuple[Document, Timeframe]]] = {}
    frames: dict[str, Timeframe | None] = {}  # per parent id: its time frame (siblings share it)
    for doc, spec, parent in with_parents(project):
        if doc.is_closed or parent.is_closed:  # compared with nothing; H107's case
            continue
        key = spec["parent"]
        mine = timeframe_of(spec)
        if mine is None:
            continue
        if key not in frames:
            frames[key] = timeframe(parent)
        theirs = frames[key]
        if theirs is None:
            continue
        if mine.start >= theirs.start and mine.end <= theirs.end:
            continue
        where = f"{name_of(parent)} ({project.where(parent, TIMEFRAME)})"
        if mine.start < theirs.start:
            yield Finding(
                START,
                f"this KPI starts on {mine.start.isoformat()}, before its parent {where} starts on "
                f"{theirs.start.isoformat()}: expected a time frame inside the parent's {theirs}; "
                "start later, or widen the parent's time frame",
                document=doc,
            )
        if mine.end > theirs.end:
            yield Finding(
                END,
                f"this KPI ends on {mine.end.isoformat()}, after its parent {where} ends on "
                f"{theirs.end.isoformat()}: expected a time frame inside the parent's {theirs}; "
                "end earlier, or widen the parent's time frame",
                document=doc,
            )
        outside.setdefault(key, []).append((doc, mine))
    for key, kids in sorted(outside.items()):
        parent = parents[key]
        frame = timeframe(parent)
        names = [f"{name_of(doc)} {mine} ({project.where(doc, TIMEFRAME)})" for doc, mine in kids[:MAX_LISTED]]
        yield Finding(
            TIMEFRAME,
            f"children of this KPI run outside its time frame {frame}: {listing(names, total=len(kids))}; expected "
            "every child's time frame inside this one; fix the children's dates, or widen this time frame",
            document=parent,
            at="key",
        )
