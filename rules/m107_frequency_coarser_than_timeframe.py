"""## What it does
Checks that at least two measurements fit in the time frame.

The duration of `spec.timeframe` (from `start` to `end`, both days counted,
so 2027-01-01 to 2027-03-31 is 90 days) must be at least twice the period
of `spec.metric.frequency` (daily 1, weekly 7, monthly 30, quarterly 91,
yearly 365 days).

Nothing is reported unless the frequency is one of those and both dates are
valid `YYYY-MM-DD` dates with the end after the start (an end on or before
the start is T102's finding). A date written any other way, even with only
a space before it (`' 2027-01-01'`), is a schema error (V001) and is not
used here.

## Why is this bad?
A quarterly metric on a three-month KPI is measured once, at the end: by the
time anyone sees the number, it is too late to act on it. Measure often
enough to see the trend while there is still time to change course.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  metric:
    unit: posts/week
    frequency: quarterly
  timeframe:
    start: 2027-01-01
    end: 2027-03-31
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  metric:
    unit: posts/week
    frequency: weekly
  timeframe:
    start: 2027-01-01
    end: 2027-03-31
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.dates import timeframe_of
from kpilint.helpers.fields import dig, kpi_data

_PATH = ("spec", "metric", "frequency")
PERIODS: dict[str, int] = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}

@document_rule(
    code="M107",
    name="frequency-coarser-than-timeframe",
    severity="warning",
    category="M",
    docs=__doc__,
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    frequency = dig(data, *_PATH)
    if not isinstance(frequency, str) or frequency not in PERIODS:
        return
    frame = timeframe_of(data.get("spec"))
    if frame is None:  # missing, malformed or inverted: other rules report it
        return
    start, end, days = frame.start, frame.end, frame.days
    period = PERIODS[frequency]
    if days >= 2 * period:
        return
    # end > start, so the time frame has at least 2 days and `daily` always fits
    coarsest = [name for name, length in PERIODS.items() if days >= 2 * length][-1]
    count = days // period
    seen = "no measurement" if count == 0 else "only one measurement"
    yield Finding(
        _PATH,
        f"frequency `{frequency}` (every {period} days) gives {seen} in the {days}-day time frame "
        f"({start.isoformat()} to {end.isoformat()}), expected at least two to see progress before the end: "
        f"measure `{coarsest}` or more often, or lengthen the time frame",
    )
