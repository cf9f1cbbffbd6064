"""## What it does
Checks that a KPI has a plan: a non-empty list of activities in `spec.plan`.
A missing plan, `plan: null`, an empty list `plan: []` and a list of only
empty or blank items (`plan: [' ']`) are all reported; a blank item beside
real activities is simply not one of them.

## Why is this bad?
A target without a plan is a wish. Listing the activities that should move
the metric makes the KPI assignable: the owner knows what to do, and a
reviewer can tell whether the target is within reach of the work planned.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  owner: content-marketing
  metric: {unit: posts/week, baseline: 1, target: 2}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  owner: content-marketing
  metric: {unit: posts/week, baseline: 1, target: 2}
  plan:
    - Hire a freelance writer
    - Keep an editorial calendar
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import dig, kpi_data, missing_in


def _activity(item: object) -> bool:
    """Whether a plan item names an activity (anything but null or a blank string)."""
    return not (item is None or (isinstance(item, str) and not item.strip()))


@document_rule(code="A105", name="missing-plan", severity="warning", category="A", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    plan = dig(data, "spec", "plan")
    if plan is None:
        if missing_in(data, ("spec", "plan")) is None:
            return  # `spec` itself is not a mapping: a schema error (V001)
        yield Finding(
            ("spec", "plan"),
            "no plan: expected `spec.plan`, a list of the activities that lead to the target; "
            "add at least one activity",
            at="key",
        )
    elif isinstance(plan, list) and not any(map(_activity, plan)):
        yield Finding(
            ("spec", "plan"),
            "the plan is empty: expected at least one activity in `spec.plan`; "
            "list the activities that lead to the target",
            at="key",
        )
