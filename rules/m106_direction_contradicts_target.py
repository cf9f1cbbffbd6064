"""## What it does
Checks that the target lies on the side of the baseline that the direction
promises.

With `spec.metric.direction`, the target (`spec.metric.target`) and the
baseline (`spec.metric.baseline`, a number or `{value: N}`):

- `increase`: the target must be above the baseline;
- `decrease`: the target must be below the baseline;
- `maintain`: the target must equal the baseline.

Nothing is reported unless the direction, the baseline and the target are
all there and well formed (the baseline and target finite numbers).

## Why is this bad?
A contradiction means one of the three values is wrong: a KPI that should
"increase" sign-ups from 500 to 400 is either a typo in the target or a
goal nobody wants. Dashboards that colour progress by direction get it
backwards.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.response-time, name: First response time}
spec:
  metric:
    unit: minutes
    direction: increase
    baseline: 45
    target: 30
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.response-time, name: First response time}
spec:
  metric:
    unit: minutes
    direction: decrease
    baseline: 45
    target: 30
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule, number
from kpilint.rules._dates import dig, kpi_data, metric_baseline
from kpilint.rules._text import fmt_number

_PATH = ("spec", "metric", "target")


@document_rule(
    code="M106",
    name="direction-contradicts-target",
    severity="error",
    category="M",
    docs=__doc__,
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    metric = dig(data, "spec", "metric")
    direction = dig(metric, "direction")
    target = number(dig(metric, "target"))
    start = metric_baseline(metric)
    if target is None or start is None:
        return
    t, b = fmt_number(target), fmt_number(start)
    if direction == "increase" and target <= start:
        relation = "equals" if target == start else "is below"
        yield Finding(
            _PATH,
            f"direction is `increase` but the target ({t}) {relation} the baseline ({b}): "
            "set a target above the baseline, or change `direction` to `decrease` or `maintain`",
        )
    elif direction == "decrease" and target >= start:
        relation = "equals" if target == start else "is above"
        yield Finding(
            _PATH,
            f"direction is `decrease` but the target ({t}) {relation} the baseline ({b}): "
            "set a target below the baseline, or change `direction` to `increase` or `maintain`",
        )
    elif direction == "maintain" and target != start:
        yield Finding(
            _PATH,
            f"direction is `maintain` but the target ({t}) differs from the baseline ({b}): "
            "set the target to the baseline, or change `direction` to `increase` or `decrease`",
        )
