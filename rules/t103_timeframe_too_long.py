"""## What it does
Checks that a KPI's time frame is not longer than the maximum for its level:
by default 1096 days (three years) for `company`, 366 for `department`, 184
for `team` and 92 for `individual` KPIs. Durations count both ends
(2027-01-01 to 2027-03-31 is 90 days); a frame exactly at the maximum
passes. The finding points at the end date.

The rule needs a known `spec.level` and a valid time frame: it is skipped
when the level is missing, a date is malformed, or the end is not after the
start (T102 reports that).

## Why is this bad?
Long horizons hide slow progress: a team goal that runs for two years gives
nobody a reason to act this quarter. Shorter frames, chained one after the
other, keep lower-level KPIs actionable while the company goal keeps the
long view.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  timeframe: {start: 2027-01-01, end: 2027-12-31, review: monthly}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec:
  level: team
  timeframe: {start: 2027-01-01, end: 2027-06-30, review: monthly}
```

## Options
- `company` (integer, default 1096): the longest time frame, in days, of a company KPI.
- `department` (integer, default 366): the longest time frame, in days, of a department KPI.
- `team` (integer, default 184): the longest time frame, in days, of a team KPI.
- `individual` (integer, default 92): the longest time frame, in days, of an individual KPI.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.cascade import level
from kpilint.helpers.dates import END, timeframe
from kpilint.helpers.fields import kpi_data
from kpilint.helpers.formatting import with_article

DEFAULT_MAX_DAYS = {"company": 1096, "department": 366, "team": 184, "individual": 92}


def _option(level_name: str, default: int) -> dict[str, object]:
    return {
        "type": "integer",
        "minimum": 1,
        "default": default,
        "description": f"The longest time frame, in days, of a {level_name} KPI.",
    }


@document_rule(
    code="T103",
    name="timeframe-too-long",
    severity="warning",
    category="T",
    docs=__doc__,
    options={name: _option(name, days) for name, days in DEFAULT_MAX_DAYS.items()},
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if kpi_data(doc) is None:
        return
    kpi_level, frame = level(doc), timeframe(doc)
    if kpi_level is None or frame is None:
        return
    limit = ctx.options.get(kpi_level, DEFAULT_MAX_DAYS[kpi_level])
    if not isinstance(limit, int) or frame.days <= limit:
        return
    yield Finding(
        END,
        f"the time frame {frame} lasts {frame.days} days, longer than the {limit} days allowed "
        f"for {with_article(kpi_level)} KPI: end it earlier, or split it into consecutive KPIs of at most "
        f"{limit} days",
    )
