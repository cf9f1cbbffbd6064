"""## What it does
Checks that a KPI has a numeric target: `spec.metric.target` (a missing
key, an empty `target:` or a blank string all count as missing; a target that
is not a number, such as `"12"`, is a schema error, V001, and nothing else).

## Why is this bad?
Without a target nobody can tell whether the KPI was met: it is a metric to
watch, not a goal to reach.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: Quarterly revenue}
spec:
  metric:
    unit: EUR
    baseline: 100000
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: Quarterly revenue}
spec:
  metric:
    unit: EUR
    baseline: 100000
    target: 120000
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import kpi_data, missing_in


@document_rule(code="M101", name="missing-target", severity="error", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    state = None if data is None else missing_in(data, ("spec", "metric", "target"))
    if state is None:
        return  # a present but non-numeric target is a schema error (V001)
    yield Finding(
        ("spec", "metric", "target"),
        "no target: add `spec.metric.target` with the number this KPI should reach",
        at="key" if state == "blank" else "auto",
    )
