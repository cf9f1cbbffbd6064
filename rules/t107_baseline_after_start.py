"""## What it does
Checks that a dated baseline (`spec.metric.baseline: {value: N, as_of:
DATE}`) was measured no later than the first day of the time frame: `as_of`
must not be after `spec.timeframe.start`. The finding points at `as_of`.

Only valid `YYYY-MM-DD` dates are compared; a plain-number baseline has no
date and is not checked.

## Why is this bad?
Progress is measured from the baseline. A baseline taken after the KPI
started already contains part of the progress (or of the decline), so the
distance to the target is misjudged and the result cannot be attributed to
the plan.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
spec:
  level: team
  metric:
    unit: hours
    baseline: {value: 12, as_of: 2027-02-15}
    target: 4
  timeframe: {start: 2027-01-01, end: 2027-03-31, review: monthly}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
spec:
  level: team
  metric:
    unit: hours
    baseline: {value: 12, as_of: 2026-12-31}
    target: 4
  timeframe: {start: 2027-01-01, end: 2027-03-31, review: monthly}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.dates import baseline_as_of, start_date
from kpilint.helpers.fields import kpi_data


@document_rule(code="T107", name="baseline-after-start", severity="warning", category="T", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if kpi_data(doc) is None:
        return
    as_of = baseline_as_of(doc)
    if as_of is None:
        return  # no dated baseline: the start date need not be read
    start = start_date(doc)
    if start is None or as_of <= start:
        return
    yield Finding(
        ("spec", "metric", "baseline", "as_of"),
        f"the baseline was measured on {as_of.isoformat()}, after the time frame starts "
        f"({start.isoformat()}): expected a baseline as of the start date or earlier; "
        "use the value measured when the KPI started",
    )
