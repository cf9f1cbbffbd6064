"""## What it does
Checks that a KPI's time frame ends after it starts: `spec.timeframe.end`
must be a later date than `spec.timeframe.start`. An end on the same day as
the start is reported too. The finding points at the end date.

Only valid `YYYY-MM-DD` dates are compared; a malformed date is left to the
schema check. An inverted time frame is reported by this rule only: the
rules that measure durations skip it.

## Why is this bad?
An inverted time frame is almost always a typo (a swapped month and day, a
wrong year). Until it is fixed nobody can tell when the KPI applies, and
every check that depends on the duration is meaningless.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec:
  level: department
  timeframe: {start: 2027-03-31, end: 2027-01-01, review: monthly}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec:
  level: department
  timeframe: {start: 2027-01-01, end: 2027-03-31, review: monthly}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.dates import END, end_date, start_date
from kpilint.helpers.fields import kpi_data


@document_rule(code="T102", name="end-before-start", severity="error", category="T", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if kpi_data(doc) is None:
        return
    start, end = start_date(doc), end_date(doc)
    if start is None or end is None or end > start:
        return
    relation = "on the same day as" if end == start else "before"
    yield Finding(
        END,
        f"the time frame ends on {end.isoformat()}, {relation} its start {start.isoformat()}: "
        "expected an end date after the start; fix the dates (swapped or mistyped?)",
    )
