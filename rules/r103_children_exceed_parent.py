"""## What it does
For a KPI whose children add up to it (`spec.metric.aggregation: sum`),
checks that the targets of its children (the KPIs whose `spec.parent` is its
id) **in the parent's unit** do not add up to more than its own target.
Children without a numeric target are left out of the sum. The sum is exact
(decimal: 0.1 + 0.2 is 0.3).

Only numbers in the same unit can be added: a child in another unit
(a `%` conversion rate under a EUR revenue) is left out of the sum, and
the message names the children left out. Two units are the same when they
read the same ignoring case, surrounding spaces and repeated inner spaces
(`EUR`, ` eur `); nothing else is converted (`EUR` and `€`, `k EUR` and
`EUR` are different units). A KPI with no unit is in a unit of its own: a
child without a unit is summed only under a parent without one. A unit that
is not text (a schema error) matches no unit: such a child is left out, and
such a parent is not checked. Only open children are summed: a closed
child (`spec.status` achieved, missed or cancelled) is history and takes no
part in the roll-up; a closed parent is not checked at all (its open
children get H107 instead).

The finding is reported at the parent's `spec.metric.target`, naming the
summed children with their targets, files and lines (at most 5, then how
many more) and the children left out, and at each summed child's
`spec.metric.target`, naming the parent, so the excess shows up whichever
of the files is being checked. A child left out gets no finding.

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
from typing import Any, Iterator, NamedTuple

from kpilint.api import Document, Finding, Project, RuleContext, number, project_rule
from kpilint.helpers.cascade import unique_kpis, with_parents
from kpilint.helpers.fields import dig, name_of
from kpilint.helpers.formatting import MAX_LISTED, listing, show_number

TARGET = ("spec", "metric", "target")


class _Parent(NamedTuple):
    """A KPI that sums its children: its target and its unit (as compared)."""

    target: float | int
    unit: str


class _Child(NamedTuple):
    doc: Document
    target: float | int
    unit: Any  # as written: compared through unit_key


def _exact(value: float | int) -> Decimal:
    """The number as written (``0.1`` is 0.1), so sums do not drift."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def _show(value: Decimal) -> str:
    shown = format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return shown


def unit_key(unit: Any) -> str | None:
    """A unit as compared: case, surrounding and repeated spaces ignored;
    a missing or blank unit is the empty string; a unit that is not text
    (the schema reports it) is None and matches nothing."""
    if unit is None:
        return ""
    return " ".join(unit.split()).casefold() if isinstance(unit, str) else None


def _unit_shown(unit: Any) -> str:
    if unit is not None and not isinstance(unit, str):
        return "with a unit that is not text"
    key = " ".join(unit.split()) if isinstance(unit, str) else ""
    return f"in `{key}`" if key else "without a unit"


def _sum_target(parent: Document) -> _Parent | None:
    """A KPI with ``aggregation: sum`` and a numeric target, else None."""
    metric = dig(parent.data, "spec", "metric")
    if dig(metric, "aggregation") != "sum":
        return None
    target, unit = number(dig(metric, "target")), unit_key(dig(metric, "unit"))
    return None if target is None or unit is None else _Parent(target, unit)


@project_rule(code="R103", name="children-exceed-parent", severity="warning", category="R", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    parents = unique_kpis(project)
    # only parents that sum their children's targets are checked: the others
    # are left out before their children are even collected
    limits: dict[str, _Parent | None] = {}  # per parent id, looked at once
    children: dict[str, list[_Child]] = {}
    for doc, spec, parent in with_parents(project):
        if doc.is_closed:  # a closed child takes no part in the roll-up
            continue
        key = spec["parent"]
        if key not in limits:
            limits[key] = None if parent.is_closed else _sum_target(parent)
        if limits[key] is None:
            continue
        metric = spec.get("metric")
        target = number(dig(metric, "target"))
        if target is None:
            continue
        children.setdefault(key, []).append(_Child(doc, target, dig(metric, "unit")))
    # A KPI can be both an over-committed parent and the child of one: its
    # messages are joined so that it gets one finding at its target.
    messages: dict[int, tuple[Document, list[str]]] = {}

    def note(doc: Document, message: str) -> None:
        messages.setdefault(id(doc), (doc, []))[1].append(message)

    for key, kids in sorted(children.items()):
        parent, limit = parents[key], limits[key]
        if limit is None:  # pragma: no cover - only summing parents have children here
            continue
        summed = [kid for kid in kids if unit_key(kid.unit) == limit.unit]
        total = sum((_exact(kid.target) for kid in summed), Decimal(0))
        if not summed or total <= _exact(limit.target):
            continue
        names = [
            f"{name_of(kid.doc)} {show_number(kid.target)} ({project.where(kid.doc, TARGET)})"
            for kid in summed[:MAX_LISTED]
        ]
        left = [kid for kid in kids if unit_key(kid.unit) != limit.unit]
        others = [f"{name_of(kid.doc)} ({_unit_shown(kid.unit)})" for kid in left[:MAX_LISTED]]
        left_out = (
            f"; left out, in another unit: {listing(others, total=len(left))}" if left else ""
        )
        unit = _unit_shown(dig(parent.data, "spec", "metric", "unit"))
        note(
            parent,
            f"the targets {unit} of the {len(summed)} children of this KPI add up to {_show(total)}, "
            f"more than its target {show_number(limit.target)} (`aggregation: sum`): "
            f"{listing(names, total=len(summed))}{left_out}; expected a total of at most this "
            "target; raise this target or lower the children's",
        )
        for kid in summed:
            note(
                kid.doc,
                f"this target ({show_number(kid.target)}) rolls up into {name_of(parent)} "
                f"({project.where(parent, TARGET)}), whose children's targets {unit} add up to "
                f"{_show(total)}, more than its target {show_number(limit.target)} (`aggregation: sum`); "
                "expected a total of at most the parent's target; lower the children's targets or "
                "raise the parent's",
            )
    for doc, found in messages.values():
        yield Finding(TARGET, "; also, ".join(found), document=doc)
