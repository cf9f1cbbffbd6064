"""## What it does
Checks that a present, non-blank statement states a quantity.

Statements with a vague word are left to S101 (vague-statement), which
reports them with a warning; this rule is advice for the others. It uses
S101's vague words as configured (`words`, `extend-words` under
`[rules.S101]`): a word added there is S101's case, not this rule's, and an
empty `words` list leaves every statement without an amount to this rule.
It may fire beside S102 (a short statement with no amount).

Examples: "Publish more blog posts in 2027." has no amount (S101 reports
it); "Launch the new CI/CD platform by Q3." has none either (this rule);
"Publish two blog posts a week for three months" has one.

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
from kpilint.helpers.fields import dig, kpi_data
from kpilint.rules._text import states_quantity_in, vague_of, vague_words, with_quantity_notes

_PATH = ("spec", "statement")


@document_rule(
    code="S103",
    name="statement-lacks-quantity",
    severity="info",
    category="S",
    docs=with_quantity_notes(__doc__),
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    value = text(dig(data, *_PATH))
    if value is None or states_quantity_in(data, value):
        return
    if vague_words(value, vague_of(ctx.options_of("S101"))):
        return  # S101 reports it
    yield Finding(
        _PATH,
        "statement states no quantity (a year, a quarter, a time window, a rank or a name is not one): "
        "put the amount in the sentence, "
        'e.g. "cut monthly churn to 2 % by the end of June"',
    )
