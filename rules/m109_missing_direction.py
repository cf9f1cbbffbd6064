"""## What it does
Checks that a KPI says which way its number should go:
`spec.metric.direction`, one of `increase`, `decrease` or `maintain`.

A key with a null or blank value counts as missing. When `spec.metric`
itself is missing, the finding is placed at `spec:`.

## Why is this bad?
A target of 2 hours after a baseline of 4 may be a goal to halve response
times or a forecast that they will get worse; a target equal to the
baseline may be a level to hold or a goal nobody updated. Without a
direction, readers have to guess, and kpilint cannot check that the target
goes the right way (M106).

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
spec:
  metric:
    unit: hours
    baseline: 4
    target: 2
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
spec:
  metric:
    unit: hours
    direction: decrease
    baseline: 4
    target: 2
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import missing_field

_PATH = ("spec", "metric", "direction")
_HOW = (
    " (`increase`, `decrease` or `maintain`) so that anyone can tell which way the target goes, "
    "and M106 can check it"
)

_ABSENT = f"no direction: add `spec.metric.direction`{_HOW}"
_BLANK = f"direction is empty: set `spec.metric.direction`{_HOW}"


@document_rule(code="M109", name="missing-direction", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    return missing_field(  # the helper's iterator, no generator of its own
        doc,
        _PATH,
        absent=_ABSENT,
        blank=_BLANK,
    )
