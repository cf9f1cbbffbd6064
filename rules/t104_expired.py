"""## What it does
Checks that a KPI's time frame has not ended: `spec.timeframe.end` must not
be before today. A KPI whose last day is today is still current. `--today`
sets the date for reproducible runs. The finding points at the end date.
Only the end date is needed: a malformed end is skipped, and an end that is
before its start (T102) is still checked, since it is in the past either way.
A closed KPI (`spec.status` achieved, missed or cancelled) is never
reported: its time frame is meant to be over (as for every rule of a SMART
letter, no finding is located in a closed KPI).

## Why is this bad?
An expired KPI is no longer steering anything, yet it still shows up in
reports and dashboards as if it were. Record the outcome with `spec.status`
(`achieved`, `missed` or `cancelled`), or give it a new time frame if the
goal carries on.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec:
  level: department
  timeframe: {start: 2026-10-01, end: 2026-12-31, review: monthly}
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
from kpilint.helpers.dates import END, end_date
from kpilint.helpers.fields import kpi_data


@document_rule(code="T104", name="expired", severity="warning", category="T", docs=__doc__, uses_date=True)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if kpi_data(doc) is None:
        return
    end = end_date(doc)
    if end is None or end >= ctx.today:
        return
    days = (ctx.today - end).days
    ago = "1 day" if days == 1 else f"{days} days"
    yield Finding(
        END,
        f"the time frame ended on {end.isoformat()}, {ago} before today ({ctx.today.isoformat()}): "
        "expected a current KPI; close it with `status: achieved`, `missed` or `cancelled` under `spec`, or set a new time frame",
    )
