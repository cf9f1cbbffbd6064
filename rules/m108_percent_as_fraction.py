"""## What it does
Checks for percentages written as fractions, like `0.95` for 95 %.

The rule fires when the unit (`spec.metric.unit`) is exactly `%`, the
baseline and the target are both between 0 and 1 (inclusive), and at least
one of them is not a whole number, as in `baseline: 0.9, target: 0.95`.

Nothing is reported unless the baseline (a number or `{value: N}`) and the
target are both finite numbers.

## Why is this bad?
With unit `%`, a target of 0.95 means 0.95 %, not 95 %. The KPI looks met
(or hopeless) for the wrong reason, and rolls up wrongly into its parent.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.csat, name: Customer satisfaction}
spec:
  metric:
    unit: "%"
    baseline: 0.9
    target: 0.95
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.csat, name: Customer satisfaction}
spec:
  metric:
    unit: "%"
    baseline: 90
    target: 95
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


def _fraction(value: float | int) -> bool:
    return 0 <= value <= 1


@document_rule(code="M108", name="percent-as-fraction", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    metric = dig(data, "spec", "metric")
    if dig(metric, "unit") != "%":
        return
    target = number(dig(metric, "target"))
    start = metric_baseline(metric)
    if target is None or start is None:
        return
    if not (_fraction(target) and _fraction(start)):
        return
    if float(target).is_integer() and float(start).is_integer():
        return
    t, b = fmt_number(target), fmt_number(start)
    yield Finding(
        _PATH,
        f"unit is `%` but the baseline ({b}) and the target ({t}) are both between 0 and 1: "
        f"they look like fractions, expected percentages from 0 to 100; "
        f"write {fmt_number(round(target * 100, 10))} for {t} (and {fmt_number(round(start * 100, 10))} "
        f"for {b}), or change the unit if fractions are meant",
    )
