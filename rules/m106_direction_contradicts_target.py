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

On a percentage unit (`%`, `percent`, `pct`, ...) where exactly one of the
baseline and the target lies between 0 and 1 (`baseline: 95, target:
0.98`), the message first names the likely fraction typo ("0.98 looks like
98 % written as a fraction") before suggesting another direction. When
M108 (percent-as-fraction) fires on the KPI, this rule stays silent: the
numbers themselves are in question.

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

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import kpi_data
from kpilint.helpers.formatting import show_number as fmt_number
from kpilint.rules._evidence import direction_contradiction, fraction_typo, m108_fires, numbers

_PATH = ("spec", "metric", "target")
_OTHERS = {
    "increase": ("above", "`decrease` or `maintain`"),
    "decrease": ("below", "`increase` or `maintain`"),
    "maintain": ("equal to", "`increase` or `decrease`"),
}


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
    n = numbers(data)
    if n is None:
        return
    direction = direction_contradiction(n)
    if direction is None or m108_fires(n):
        return
    t, b = fmt_number(n.target), fmt_number(n.baseline)
    if direction == "maintain":
        problem = f"direction is `maintain` but the target ({t}) differs from the baseline ({b})"
    else:
        relation = "equals" if n.target == n.baseline else ("is below" if direction == "increase" else "is above")
        problem = f"direction is `{direction}` but the target ({t}) {relation} the baseline ({b})"
    side, others = _OTHERS[direction]
    advice = f"set a target {side} the baseline, or change `direction` to {others}"
    if direction == "maintain":
        advice = f"set the target to the baseline, or change `direction` to {others}"
    typo = fraction_typo(n)
    if typo is not None:
        which = "target" if typo == n.target else "baseline"
        percent = fmt_number(round(typo * 100, 10))
        advice = (
            f"the {which} {fmt_number(typo)} looks like {percent} % written as a fraction on a percentage unit: "
            f"write {percent} for {fmt_number(typo)}; otherwise {advice}"
        )
    yield Finding(_PATH, f"{problem}: {advice}")
