"""## What it does
Checks that a KPI names the unit of its metric: `spec.metric.unit`.
Examples: `posts/week`, `EUR`, `ms`, or `%` for a percentage.

A key with a null or blank value counts as missing. When `spec.metric`
itself is missing, the finding is placed at `spec:`.

## Why is this bad?
"Target 2" means nothing without a unit: two posts a week, two percent or
two million euros? The unit also tells kpilint that `%` values lie between
0 and 100.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  metric:
    baseline: 1
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
    baseline: 1
    target: 2
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import missing_field

_PATH = ("spec", "metric", "unit")


@document_rule(code="M102", name="missing-unit", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    return missing_field(  # the helper's iterator, no generator of its own
        doc,
        _PATH,
        absent="no unit: add `spec.metric.unit`"
        " (e.g. `posts/week`, `EUR`, or `%` for a percentage) so the numbers can be read",
        blank="unit is empty: set `spec.metric.unit`"
        " (e.g. `posts/week`, `EUR`, or `%` for a percentage) so the numbers can be read",
    )
