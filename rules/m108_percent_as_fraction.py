"""## What it does
Checks for percentages written as fractions, like `0.95` for 95 %.

The unit (`spec.metric.unit`) marks a percentage when it is `%`,
`percent`, `per cent`, `percentage` or `pct` (any case), or starts with one
of them (`% of visitors`, `percent of orders`). The rule fires on such a
unit when:

- the baseline and the target are both between 0 and 1 (inclusive) and at
  least one of them is not a whole number, as in `baseline: 0.9, target:
  0.95`; unless the statement states the target (or the baseline) as that
  same small percentage ("cut churn from 0.8% to 0.5%": 0.5 % is meant);
- or only one of them is written as a fraction and the statement states it
  ×100 (`target: 0.25` beside "grow to 25%").

The statement is evidence: when it states the fraction ×100 ("21 percent"
beside 0.21), the message says so. When this rule fires, M106
(direction-contradicts-target) and S106 (statement-contradicts-metric) stay
silent on the KPI: the numbers themselves are in question.

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

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import dig, kpi_data
from kpilint.helpers.formatting import show_number as fmt_number
from kpilint.rules._evidence import numbers, percent_as_fraction
from kpilint.rules._units import is_percent_unit

_PATH = ("spec", "metric", "target")


def _times_100(value: float | int) -> str:
    return fmt_number(round(value * 100, 10))


@document_rule(code="M108", name="percent-as-fraction", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    if not is_percent_unit(dig(data, "spec", "metric", "unit")):
        return
    n = numbers(data)
    if n is None:
        return
    found = percent_as_fraction(n)
    if found is None:
        return
    unit = str(n.unit).strip()
    evidence = " (the statement states them ×100)" if found.statement_agrees else ""
    if len(found.fractions) == 2:
        t, b = fmt_number(n.target), fmt_number(n.baseline)
        fixes = [f"{_times_100(n.target)} for {t}"]
        if n.baseline != n.target:
            fixes.append(f"{_times_100(n.baseline)} for {b}")
        yield Finding(
            _PATH,
            f"unit is `{unit}` but the baseline ({b}) and the target ({t}) are both between 0 and 1: "
            f"they look like fractions{evidence}, expected percentages from 0 to 100; "
            f"write {' and '.join(fixes)}, or change the unit if fractions are meant",
        )
        return
    [value] = found.fractions
    which = "target" if value == n.target else "baseline"
    path: tuple[str, ...] = _PATH
    if which == "baseline":
        path = ("spec", "metric", "baseline")
        if isinstance(dig(data, *path), dict):
            path += ("value",)
    yield Finding(
        path,
        f"unit is `{unit}` but the {which} ({fmt_number(value)}) is a fraction while the statement states "
        f"{_times_100(value)} %: write {_times_100(value)} for {fmt_number(value)}",
    )
