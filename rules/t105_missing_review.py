"""## What it does
Checks that a KPI says how often its progress is reviewed:
`spec.timeframe.review` (`daily`, `weekly`, `biweekly`, `monthly` or
`quarterly`). A KPI without a time frame at all (or with an empty one) is
reported too, beside T101; an empty or blank `review:` counts as missing. A
time frame that is not a mapping, or a review cadence that is not one of
these, is a schema error (V001) alone.

No fix is offered (not even an unsafe one): no review cadence can be guessed from
the rest of the KPI; only its owner knows it.

## Why is this bad?
A KPI that is only looked at when its time frame ends cannot be steered:
a review cadence makes sure somebody checks progress while there is still
time to act.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec:
  level: department
  owner: sales
  timeframe: {start: 2027-01-01, end: 2027-03-31}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec:
  level: department
  owner: sales
  timeframe: {start: 2027-01-01, end: 2027-03-31, review: monthly}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import kpi_data, missing_in


@document_rule(code="T105", name="missing-review", severity="info", category="T", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None or missing_in(data, ("spec", "timeframe", "review")) is None:
        return
    yield Finding(
        ("spec", "timeframe", "review"),
        "no review cadence: expected `spec.timeframe.review` (daily, weekly, biweekly, monthly "
        "or quarterly); add how often progress is reviewed",
        at="key",
    )
