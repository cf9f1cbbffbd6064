"""## What it does
Checks that the amount the statement promises is the metric's target.

When the statement (`spec.statement`) states its target amount, and that
amount is unambiguous, it must equal `spec.metric.target`. The finding is
reported at the target and quotes the statement.

The statement's target amount is found by the quantity detector (see
S103): an amount ("reach 60,000 visits"), a level ("to 25%", "under 4
hours"), a percentage, or the end of "from X to Y". It is unambiguous when
the statement states exactly one such value (the same value twice is
fine). A change ("by 5", "by 10%"), a multiplier ("double") or a range
("10-20%") states no target, and a statement with two different amounts
("95% of orders within 2 days") is left alone. Years, quarters, dates,
time windows, ranks and digits in names are never amounts.

How amounts compare: "12 million" is 12000000, and also matches a target
of 12 (with a unit such as `million EUR`); "€40k" is 40000 or 40; a rate
("two case studies a month") is its number (2); a percentage matches the
same number, or its hundredth on a unit that is not a percentage (25 % and
`target: 0.25` with unit `ratio`), and a percentage stated in words alone
names a rounded share, so it matches a target less than one point away
("two thirds" and 67, "ten percent" and 10.5); a time compares in the metric's time
unit ("within 2 minutes" matches 120 with unit `seconds`), and is not
compared when the metric's unit is not a time.

It stays silent when M106 (direction-contradicts-target) or M108
(percent-as-fraction) fires on the KPI: the numbers themselves are then in
question ("to 25%" with `target: 0.25` on a `%` unit is M108's case).

## Why is this bad?
Two numbers for one goal: the dashboard tracks the target, the team reads
the statement, and one of them is wrong. Whoever reviews progress cannot
tell which was agreed.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.visits, name: Monthly website visits}
spec:
  statement: Reach 60,000 monthly visits to the website.
  metric:
    unit: visits
    direction: increase
    baseline: 40000
    target: 50000
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.visits, name: Monthly website visits}
spec:
  statement: Reach 60,000 monthly visits to the website.
  metric:
    unit: visits
    direction: increase
    baseline: 40000
    target: 60000
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import dig, kpi_data
from kpilint.helpers.formatting import show_number as fmt_number
from kpilint.rules._evidence import contradicting_amount, in_words, numbers

_PATH = ("spec", "metric", "target")


@document_rule(
    code="S106",
    name="statement-contradicts-metric",
    severity="warning",
    category="S",
    docs=__doc__,
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    if not isinstance(dig(data, "spec", "statement"), str):
        return
    n = numbers(data)
    if n is None:
        return
    q = contradicting_amount(n)
    if q is None:
        return
    said = " ".join(n.statement[q.start : q.end].split())
    if q.unit and q.unit not in said and q.kind in ("amount", "level") and not q.unit.startswith("/"):
        said = f"{said} {q.unit}"
    yield Finding(
        _PATH,
        f'the statement states "{said}" ({fmt_number(round(q.value, 2) if in_words(q, n.statement) else q.value)}) but `metric.target` is {fmt_number(n.target)}: '
        "make the statement and the target agree",
    )
