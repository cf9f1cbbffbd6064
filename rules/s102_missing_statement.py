"""## What it does
Checks that a KPI has a statement of at least `min-words` words, unless it
states a quantity.

The statement (`spec.statement`, at least 6 words by default) says what
will be achieved, by how much and by when. A null or blank statement counts
as missing. A shorter statement that states a quantity is a complete key
result and passes: "Reduce churn by 2%.", "Conduct 20 user interviews",
"Improve revenue by £123,546". Numbers count as one word each, with their
separators, decimals, currency signs and suffixes: "1,000", "$1.2M" and "99.95%".

## Why is this bad?
The name and the numbers say what is measured, not why or what success looks
like. A one-sentence statement ("publish two blog posts a week for three
months to lift organic traffic") is what the team agrees on and what a
reviewer reads first; two or three words cannot carry it.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  statement: Blog posts.
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  statement: Publish two blog posts a week for three months to lift organic traffic.
```

## Options
- `min-words` (integer, default 6): the fewest words a statement may have; a statement with fewer is reported.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import dig, kpi_data, missing_in
from kpilint.rules._text import at_least_words, states_quantity_in, with_quantity_notes, word_count

_PATH = ("spec", "statement")
_EXAMPLE = '"publish two blog posts a week for three months to lift organic traffic"'


@document_rule(
    code="S102",
    name="missing-statement",
    severity="warning",
    category="S",
    docs=with_quantity_notes(__doc__),
    options={"min-words": {"type": "integer", "minimum": 1, "default": 6}},
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    state = missing_in(data, _PATH)
    if state is not None:
        yield Finding(
            _PATH,
            "no statement: add `spec.statement`, one sentence saying what will be achieved, "
            f"by how much and by when, e.g. {_EXAMPLE}",
            at="key" if state == "blank" else "auto",
        )
        return
    value = dig(data, *_PATH)
    if not isinstance(value, str):
        return  # the schema reports a statement that is not a string
    minimum = ctx.options.get("min-words", 6)
    if not isinstance(minimum, int) or isinstance(minimum, bool):
        minimum = 6
    if at_least_words(value, minimum):
        return
    count = word_count(value, stop=minimum)  # exact below the minimum
    if not states_quantity_in(data, value):
        words = "word" if count == 1 else "words"
        yield Finding(
            _PATH,
            f"statement has {count} {words} and states no quantity, expected at least {minimum} words "
            f"or an amount: say what will be achieved, by how much and by when, e.g. {_EXAMPLE}",
        )
