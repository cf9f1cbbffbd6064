"""## What it does
Checks that the statement names a quantity.

A quantity in `spec.statement` is a digit or a number word ("two",
"twenty", "hundred", "half", "double", "twice", "dozen", "percent", ...). Statements with a vague word ("more", "better", ...) are
left to S101 (vague-statement), which reports them with a warning; this rule
is advice for the others. It uses the default vague words of S101.

## Why is this bad?
"Reduce churn of enterprise customers" is specific about the what but not the
how much. Putting the number in the sentence ("cut enterprise churn to 2 %
a month by June") makes the goal readable without looking at the metric.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.churn, name: Enterprise churn}
spec:
  statement: Reduce monthly churn of enterprise customers by the end of June.
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.churn, name: Enterprise churn}
spec:
  statement: Reduce monthly churn of enterprise customers to two percent by the end of June.
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule, text
from kpilint.rules._dates import dig, kpi_data
from kpilint.rules._text import states_quantity_in, vague_pattern, vague_words, word_options

_PATH = ("spec", "statement")


@document_rule(
    code="S103",
    name="statement-lacks-quantity",
    severity="info",
    category="S",
    docs=__doc__,
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    value = text(dig(data, *_PATH))
    if value is None or states_quantity_in(data, value):
        return
    if vague_words(value, vague_pattern(word_options(ctx.options_of("S101")))):
        return  # S101 reports it
    yield Finding(
        _PATH,
        "statement states no quantity (a year, a quarter, a time window, a rank or a name is not one): "
        "put the amount in the sentence, "
        'e.g. "cut monthly churn to 2 % by the end of June"',
    )
