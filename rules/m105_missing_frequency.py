"""## What it does
Checks that a KPI says how often it is measured: `spec.metric.frequency`.
The frequency is `daily`, `weekly`, `monthly`, `quarterly` or `yearly`.

A key with a null or blank value counts as missing. When `spec.metric`
itself is missing, the finding is placed at `spec:`.

No fix is offered (not even an unsafe one): no frequency can be guessed from
the rest of the KPI; only its owner knows it.

## Why is this bad?
Without a cadence, the number is looked at when someone remembers, and a
KPI that drifts off course is noticed only at the end of its time frame.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  metric:
    unit: posts/week
    target: 2
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  metric:
    unit: posts/week
    target: 2
    frequency: weekly
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import missing_field

_PATH = ("spec", "metric", "frequency")


@document_rule(code="M105", name="missing-frequency", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    return missing_field(  # the helper's iterator, no generator of its own
        doc,
        _PATH,
        absent="no measurement frequency: add `spec.metric.frequency` (daily, weekly, monthly, quarterly or yearly)",
        blank="frequency is empty: set `spec.metric.frequency` to daily, weekly, monthly, quarterly or yearly",
    )
