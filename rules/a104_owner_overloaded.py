"""## What it does
Checks that no owner carries too many KPIs at once: the number of KPIs with
the same `spec.owner` that are active on the same day must not be above
`max-kpis` (default 7). Only KPIs with a valid time frame (both dates, end
after start; both ends count as active days) take part: KPIs that follow
one another do not add up, overlapping ones do.

Every KPI that is active on a day when the owner holds more than `max-kpis`
KPIs is reported at its `spec.owner`; the message gives the busiest such
day and names the other KPIs active then, with their files and lines.
Owners are compared as written, whether or not they are declared Owners.
A closed KPI (`spec.status` achieved, missed or cancelled) is history: it
does not count towards its owner's load.

## Why is this bad?
Focus is finite. An owner juggling a dozen goals at the same time spreads
attention so thin that none of them gets the work its plan needs; the
overload usually means some KPIs belong to somebody else, or can wait for
the next time frame.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.calls, name: Sales calls per week}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-03-31}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.demos, name: Demos per week}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-02-01, end: 2027-04-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.trials, name: Trials started per week}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-03-01, end: 2027-05-31}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.renewals, name: Renewals per month}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.upsells, name: Upsells per month}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.churn, name: Monthly churn}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.pipeline, name: Pipeline value}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.win-rate, name: Win rate}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.calls, name: Sales calls per week}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-03-31}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.demos, name: Demos per week}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-04-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.trials, name: Trials started per week}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-03-01, end: 2027-05-31}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.renewals, name: Renewals per month}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.upsells, name: Upsells per month}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.churn, name: Monthly churn}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.pipeline, name: Pipeline value}
spec: {level: team, owner: inside-sales, timeframe: {start: 2027-01-01, end: 2027-06-30}}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.win-rate, name: Win rate}
spec: {level: team, owner: customer-success, timeframe: {start: 2027-01-01, end: 2027-06-30}}
```

## Options
- `max-kpis` (integer, default 7): the most KPIs one owner may hold on the same day without a finding.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, project_rule
from kpilint.helpers.dates import Timeframe, timeframe_of
from kpilint.helpers.fields import name_of, open_kpi_specs
from kpilint.helpers.formatting import MAX_LISTED, listing

DEFAULT_MAX_KPIS = 7
OWNER = ("spec", "owner")
SHOWN = MAX_LISTED  # KPIs named in a message


def _busiest_day(frame: Timeframe, counts: list[tuple[dt.date, int]]) -> tuple[dt.date, int] | None:
    """The earliest day of ``frame`` with the most active KPIs, from ``counts``
    sorted by day (the count only rises on the days KPIs start: those are the
    days to look at)."""
    best: tuple[dt.date, int] | None = None
    for day, count in counts:
        if frame.start <= day <= frame.end and (best is None or count > best[1]):
            best = (day, count)
    return best


@project_rule(
    code="A104",
    name="owner-overloaded",
    severity="warning",
    category="A",
    docs=__doc__,
    options={
        "max-kpis": {
            "type": "integer",
            "minimum": 1,
            "default": DEFAULT_MAX_KPIS,
            "description": "The most KPIs one owner may hold on the same day without a finding.",
        }
    },
)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.options.get("max-kpis", DEFAULT_MAX_KPIS)
    if not isinstance(limit, int) or isinstance(limit, bool):
        return
    held: dict[str, list[tuple[Document, Timeframe]]] = {}
    for doc, spec in open_kpi_specs(project):
        owner = spec.get("owner")
        if isinstance(owner, str) and owner.strip():
            frame = timeframe_of(spec)
            if frame is not None:
                held.setdefault(owner, []).append((doc, frame))
    # owners within the limit are never reported: only the others are sorted
    for owner, kpis in sorted((owner, kpis) for owner, kpis in held.items() if len(kpis) > limit):
        # KPIs active on each day some KPI starts (the count only rises on those
        # days): started on or before the day, minus those ended before it.
        starts = sorted(frame.start for _, frame in kpis)
        ends = sorted(frame.end for _, frame in kpis)
        counts = [
            (day, bisect.bisect_right(starts, day) - bisect.bisect_left(ends, day)) for day in sorted(set(starts))
        ]
        if max(count for _, count in counts) <= limit:
            continue
        for doc, frame in kpis:
            busiest = _busiest_day(frame, counts)
            if busiest is None or busiest[1] <= limit:
                continue
            day, count = busiest
            active = [other for other, span in kpis if other is not doc and span.start <= day <= span.end]
            # only the named ones are located: an owner may hold hundreds of KPIs
            others = [f"{name_of(other)} ({project.where(other, OWNER)})" for other in active[:SHOWN]]
            yield Finding(
                OWNER,
                f"owner `{owner}` holds {count} KPIs active at the same time (on {day.isoformat()}), "
                f"more than `max-kpis` ({limit}); besides this one: "
                f"{listing(others, total=len(active))}; "
                "hand some KPIs to another owner, or move them to a later time frame",
                document=doc,
            )
