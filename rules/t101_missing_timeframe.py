"""## What it does
Checks that a KPI has a time frame with both dates: `spec.timeframe.start`
and `spec.timeframe.end`.

When `spec.timeframe` is missing altogether (or empty) there is one
finding, at `spec` (or at the empty `timeframe`). A time frame that is not a
mapping, or a date that is not a valid `YYYY-MM-DD`, is a schema error
(V001) alone. When the time frame exists but lacks its start, its
end or both, there is one finding per missing date, at `timeframe`. A date
written as `null`, or blank, counts as missing.

## Why is this bad?
A goal without a deadline is never late, so it is never urgent. The start
and end dates also drive other checks: whether the frame is too long for the
level, whether it has expired, and whether it fits inside the parent's.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec:
  level: department
  owner: sales
  timeframe:
    start: 2027-01-01
    review: monthly
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-customers, name: New customers per quarter}
spec:
  level: department
  owner: sales
  timeframe:
    start: 2027-01-01
    end: 2027-03-31
    review: monthly
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import dig, kpi_data, missing_in


@document_rule(code="T101", name="missing-timeframe", severity="error", category="T", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    frame = dig(data, "spec", "timeframe")
    if not isinstance(frame, dict):
        if missing_in(data, ("spec", "timeframe")) is None:
            return  # not a mapping: a schema error (V001) alone
        yield Finding(
            ("spec", "timeframe"),
            "no time frame: expected `spec.timeframe` with a `start` and an `end` date (YYYY-MM-DD); "
            "add when the KPI starts and when it must be reached",
            at="key",
        )
        return
    for key, meaning in (("start", "the first day"), ("end", "the last day, by when the target must be reached")):
        if frame.get(key) is None:
            yield Finding(
                ("spec", "timeframe", key),
                f"the time frame has no {key} date: expected `spec.timeframe.{key}` (YYYY-MM-DD); "
                f"add {meaning}",
                at="key",
            )
