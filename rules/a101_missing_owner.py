"""## What it does
Checks that a KPI names an owner: `spec.owner`, the team or person
accountable for reaching the target. An owner written as `null`, or blank
(only spaces), counts as missing and is reported here alone; an owner that is
not a string is a schema error (V001) alone.

## Why is this bad?
A KPI that belongs to everybody belongs to nobody: without an owner nobody
reports progress, nobody acts when it slips, and nobody can be asked about
it.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
spec:
  level: team
  parent: support.satisfaction
  metric: {unit: hours, baseline: 12, target: 4}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
spec:
  level: team
  owner: support-desk
  parent: support.satisfaction
  metric: {unit: hours, baseline: 12, target: 4}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import kpi_data, missing_in


@document_rule(code="A101", name="missing-owner", severity="error", category="A", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None or missing_in(data, ("spec", "owner")) is None:
        return
    yield Finding(
        ("spec", "owner"),
        "no owner: expected `spec.owner` naming the team or person accountable for this KPI; "
        "add it (an Owner id when the repository declares Owners)",
        at="key",
    )
