"""## What it does
For a KPI whose children add up to it (`spec.metric.aggregation: sum`),
checks that the targets of its children (the KPIs whose `spec.parent` is its
id) do not add up to more than its own target. Children without a numeric
target are left out of the sum.

The finding is reported at the parent's `spec.metric.target`, naming the
children with their targets, files and lines, and at each child's
`spec.metric.target`, naming the parent, so the excess shows up whichever of
the files is being checked.

## Why is this bad?
With an additive roll-up, the parent's target is the total its children
commit to. Children that promise more than the parent means either the
parent's target is too low (it will be "reached" without anyone noticing
the shortfall elsewhere) or the children were planned against different
numbers than the goal they serve.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: Quarterly revenue}
spec:
  level: department
  metric: {unit: EUR, target: 100000, aggregation: sum}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue.north, name: Quarterly revenue in the north}
spec:
  level: team
  parent: sales.revenue
  metric: {unit: EUR, target: 60000}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue.south, name: Quarterly revenue in the south}
spec:
  level: team
  parent: sales.revenue
  metric: {unit: EUR, target: 50000}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: Quarterly revenue}
spec:
  level: department
  metric: {unit: EUR, target: 110000, aggregation: sum}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue.north, name: Quarterly revenue in the north}
spec:
  level: team
  parent: sales.revenue
  metric: {unit: EUR, target: 60000}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue.south, name: Quarterly revenue in the south}
spec:
  level: team
  parent: sales.revenue
  metric: {unit: EUR, target: 50000}
```

## Options
None.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, number, project_rule
from kpilint.rules._dates import MAX_LISTED, dig, kpi_specs, listing, name_of, show_number, unique_kpis

TARGET = ("spec", "metric", "target")


def _exact(value: float | int) -> Decimal:
    """The number as written (``0.1`` is 0.1), so sums do not drift."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def _show(value: Decimal) -> str:
    shown = format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return shown


def _sum_target(parent: Document) -> float | int | None:
    """The target of a KPI with ``aggregation: sum`` and a numeric target, else None."""
    metric = dig(parent.data, "spec", "metric")
    return number(dig(metric, "target")) if dig(metric, "aggregation") == "sum" else None


@project_rule(code="R103", name="children-exceed-parent", severity="warning", category="R", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    parents = unique_kpis(project)
    # only parents that sum their children's targets are checked: the others
    # are left out before their children are even collected
    limits: dict[str, float | int | None] = {}  # per parent id, looked at once
    children: dict[str, list[tuple[Document, float | int]]] = {}
    for doc, spec in kpi_specs(project):
        key = spec.get("parent")
        if not isinstance(key, str) or key not in parents or parents[key] is doc or not key.strip():
            continue
        if key not in limits:
            limits[key] = _sum_target(parents[key])
        if limits[key] is None:
            continue
        target = number(dig(spec, "metric", "target"))
        if target is None:
            continue
        children.setdefault(key, []).append((doc, target))
    # A KPI can be both an over-committed parent and the child of one: its
    # messages are joined so that it gets one finding at its target.
    messages: dict[int, tuple[Document, list[str]]] = {}

    def note(doc: Document, message: str) -> None:
        messages.setdefault(id(doc), (doc, []))[1].append(message)

    for key, kids in sorted(children.items()):
        parent, limit = parents[key], limits[key]
        if limit is None:  # pragma: no cover - only summing parents have children here
            continue
        total = sum((_exact(target) for _, target in kids), Decimal(0))
        if total <= _exact(limit):
            continue
        names = [f"{name_of(doc)} {show_number(target)} ({project.where(doc, TARGET)})" for doc, target in kids[:MAX_LISTED]]
        note(
            parent,
            f"the targets of the {len(kids)} children of this KPI add up to {_show(total)}, more than "
            f"its target {show_number(limit)} (`aggregation: sum`): {listing(names, total=len(kids))}; expected a total "
            "of at most this target; raise this target or lower the children's",
        )
        for doc, target in kids:
            note(
                doc,
                f"this target ({show_number(target)}) rolls up into {name_of(parent)} "
                f"({project.where(parent, TARGET)}), whose children's targets add up to "
                f"{_show(total)}, more than its target {show_number(limit)} (`aggregation: sum`); "
                "expected a total of at most the parent's target; lower the children's targets or "
                "raise the parent's",
            )
    for doc, found in messages.values():
        yield Finding(TARGET, "; also, ".join(found), document=doc)
