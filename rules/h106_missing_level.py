"""## What it does
Checks that a KPI says where it sits in the cascade: `spec.level`, one of
`company`, `department`, `team` or `individual`.

A key with a null or blank value counts as missing. The finding is placed
at `spec:` when the key is absent, at `level:` when it is empty.

## Why is this bad?
The level is what the cascade rules check a KPI against: a parent above it
(H103), a parent at all below company level (H104), an owner that fits it
(A103) and a time frame short enough for it (T103). Without a level none of
them can say anything about the KPI, so its mistakes go unnoticed.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  parent: marketing.website-traffic
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  level: team
  parent: marketing.website-traffic
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import missing_field

_PATH = ("spec", "level")
_HOW = (
    " (`company`, `department`, `team` or `individual`) so that its parent, owner and time frame "
    "can be checked against it"
)

_ABSENT = f"no level: add `spec.level`{_HOW}"
_BLANK = f"level is empty: set `spec.level`{_HOW}"


@document_rule(code="H106", name="missing-level", severity="warning", category=None, docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    return missing_field(  # the helper's iterator, no generator of its own
        doc,
        _PATH,
        absent=_ABSENT,
        blank=_BLANK,
    )
