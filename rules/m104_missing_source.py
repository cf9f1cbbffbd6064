"""## What it does
Checks that a KPI names its data source: `spec.metric.source`.
The source is the system, table, query or URL the number comes from.

A key with a null or blank value counts as missing. When `spec.metric`
itself is missing, the finding is placed at `spec:`.

## Why is this bad?
A KPI without a data source is measured differently by everyone, or not at
all: the number reported at the review cannot be checked or reproduced.

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
    source: cms.published_posts
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import missing_field

_PATH = ("spec", "metric", "source")


@document_rule(code="M104", name="missing-source", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    return missing_field(  # the helper's iterator, no generator of its own
        doc,
        _PATH,
        absent="no data source: add `spec.metric.source`, the system, table, query or URL the number comes from",
        blank="source is empty: set `spec.metric.source` to the system, table, query or URL the number comes from",
    )
