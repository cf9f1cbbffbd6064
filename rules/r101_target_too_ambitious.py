"""## What it does
Checks that the target is within reach of the baseline: the relative change
`|target - baseline| / |baseline|` must not be above `max-change` (by
default 1.0, a change of 100 %: doubling is fine, more is reported).
The baseline is a number or the `value` of `{value: N, as_of: DATE}`. The
rule is skipped when the baseline is 0 (no relative change exists) or when
either number is missing or malformed. The finding points at the target.

## Why is this bad?
A target far beyond anything the baseline suggests is rarely reached, and a
KPI everybody knows is out of reach stops motivating anyone. Either the
target is a typo (an extra zero), or it should be broken into steps over
successive time frames.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec:
  level: department
  metric: {unit: visits/month, baseline: 20000, target: 100000}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec:
  level: department
  metric: {unit: visits/month, baseline: 20000, target: 30000}
```

## Options
- `max-change` (number, default 1.0): the largest relative change that is not reported (1.0 = 100 %).
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule, number
from kpilint.rules._dates import dig, kpi_data, metric_baseline, show_number

DEFAULT_MAX_CHANGE = 1.0


def _percent(ratio: float) -> str:
    return f"{show_number(round(ratio * 100, 1))} %"


@document_rule(
    code="R101",
    name="target-too-ambitious",
    severity="warning",
    category="R",
    docs=__doc__,
    options={
        "max-change": {
            "type": "number",
            "minimum": 0,
            "default": DEFAULT_MAX_CHANGE,
            "description": "The largest relative change from baseline to target (1.0 = 100 %) that is not reported.",
        }
    },
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    metric = dig(data, "spec", "metric")
    baseline = metric_baseline(metric)
    target = number(dig(metric, "target"))
    limit = number(ctx.options.get("max-change", DEFAULT_MAX_CHANGE))
    if baseline is None or target is None or baseline == 0 or limit is None:
        return
    change = abs(target - baseline) / abs(baseline)
    if change <= limit:
        return
    yield Finding(
        ("spec", "metric", "target"),
        f"the target {show_number(target)} is a change of {_percent(change)} from the baseline "
        f"{show_number(baseline)}, "
        f"more than the {_percent(limit)} considered realistic (`max-change` {show_number(limit)}): "
        "lower the target, or split the goal into steps over several time frames",
    )
