"""## What it does
Checks that the name and the statement of a KPI use no vague word without
stating a quantity.

The fields checked are `metadata.name` and `spec.statement`; the vague words
are, by default, "more", "better", "improve", "increase", "optimize",
"optimise", "boost", "maximize", "maximise", "enhance", "significantly",
"as much as possible", "as many as possible", "ASAP", "some", "various" and
"strong".

Words match whole, case-insensitively, with their inflections ("improving",
"increased", "increasingly", "optimisation", "boosted", "stronger");
phrases match across line breaks, and "as many ... as possible" also with
up to three words between ("as many reviews as possible"). A field that
states a quantity is accepted: "increase sign-ups by 20 %" says how much,
but "publish more blog posts in 2027" does not (a year is not an amount).
Plan items are not checked. One finding is reported per field, at its
first vague word, listing every vague word of that field (past five, the
first five and how many more).

## Why is this bad?
"Publish more blog posts" cannot be tracked: nobody knows when it is done.
"Publish two blog posts a week" can. A vague goal is read differently by
everyone on the team, so it is never clearly met or missed.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog cadence}
spec:
  statement: >-
    Publish more blog posts and improve our website traffic.
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog cadence}
spec:
  statement: >-
    Publish two blog posts a week for three months to lift organic traffic.
```

## Options
- `words` (list of strings, default `["more", "better", "improve", "increase", "optimize", "optimise", "boost", "maximize", "maximise", "enhance", "significantly", "as much as possible", "as many as possible", "ASAP", "some", "various", "strong"]`): the vague words and phrases; replaces the default list. S103 reads the same list.
- `extend-words` (list of strings, default `[]`): vague words and phrases added to `words`.
"""

from __future__ import annotations

import re
from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule, text
from kpilint.helpers.fields import dig, kpi_data
from kpilint.helpers.formatting import quote_list
from kpilint.rules._text import DEFAULT_VAGUE_WORDS, first_span, may_be_vague, states_quantity_in, vague_of, vague_words, with_quantity_notes

_FIELDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("metadata", "name"),
        "name",
        'name the quantity that is measured, e.g. "Blog posts published per week"',
    ),
    (
        ("spec", "statement"),
        "statement",
        'say how much and by when, e.g. "publish two blog posts a week for three months"',
    ),
)

_WORD_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}


@document_rule(
    code="S101",
    name="vague-statement",
    severity="warning",
    category="S",
    docs=with_quantity_notes(__doc__),
    options={
        "words": {**_WORD_LIST, "default": list(DEFAULT_VAGUE_WORDS)},
        "extend-words": {**_WORD_LIST, "default": []},
    },
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    words = vague_of(ctx.options)
    if words is None:
        return  # no vague words configured: no finding at all
    name, statement = text(dig(data, "metadata", "name")), text(dig(data, "spec", "statement"))
    if name is None or statement is None:
        both = name or statement
    else:
        both = name + "\n" + statement
    if not both or not may_be_vague(both, words):
        return  # one quick test for both fields
    values = (name, statement)  # in the order of _FIELDS
    for (path, label, hint), value in zip(_FIELDS, values):
        if value is None:
            continue
        found = vague_words(value, words)
        if not found or states_quantity_in(data, value):
            continue
        noun = "word" if len(found) == 1 else "words"
        yield Finding(
            path,
            f"{label} uses the vague {noun} {quote_list(found)} and states no quantity: {hint}",
            span=first_span(doc, path, words.pattern),
        )
