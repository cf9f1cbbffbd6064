"""## What it does
Checks that a KPI states where it starts from: `spec.metric.baseline`.
The baseline is a number or `{value: N, as_of: YYYY-MM-DD}`.

A key with a null or blank value counts as missing. When `spec.metric`
itself is missing, the finding is placed at `spec:`.

## Why is this bad?
Without a baseline, progress cannot be measured and the target cannot be
judged: going to 2 posts a week is a stretch from 0 and no change from 2.

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
    baseline: {value: 1, as_of: 2026-12-31}
    target: 2
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import missing_field

_PATH = ("spec", "metric", "baseline")


@document_rule(code="M103", name="missing-baseline", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    return missing_field(  # the helper's iterator, no generator of its own
        doc,
        _PATH,
        absent="no baseline: add `spec.metric.baseline`, the value today"
        " (a number, or `{value: N, as_of: YYYY-MM-DD}`), to measure progress against",
        blank="baseline is empty: set `spec.metric.baseline` to the value today"
        " (a number, or `{value: N, as_of: YYYY-MM-DD}`) to measure progress against",
    )
