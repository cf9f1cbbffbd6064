"""## What it does
Checks that every KPI below company level names the KPI it contributes to:
a `department`, `team` or `individual` KPI needs `spec.parent`. Company
KPIs, and KPIs without a (valid) level, are not checked (a missing level is
H106's finding, a wrong one the schema's). The finding points at `spec`,
where `parent` is missing.

## Why is this bad?
KPIs cascade: a department goal exists to move a company goal, a team goal
to move a department goal. An orphan KPI may be valuable, but nobody can see
which higher goal it serves, and its progress rolls up into nothing.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  owner: content-marketing
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  owner: content-marketing
  parent: marketing.website-traffic
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.cascade import level_of
from kpilint.helpers.fields import kpi_data, section


@document_rule(code="H104", name="orphan", severity="warning", category=None, docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    spec = section(data, "spec")
    kpi_level = level_of(spec.get("level"))
    if kpi_level is None or kpi_level == "company" or spec.get("parent") is not None:
        return
    yield Finding(
        ("spec", "parent"),
        f"this {kpi_level} KPI has no parent: expected `spec.parent` with the id of the KPI it "
        "contributes to (only company KPIs stand alone); add the parent, or make it a company KPI",
        at="key",
    )
