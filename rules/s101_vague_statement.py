"""## What it does
Checks that the name and the statement of a KPI use no vague word without
naming a number.

The fields checked are `metadata.name` and `spec.statement`; the vague words
are, by default, "more", "better", "improve", "increase", "optimize", "as
much as possible", "ASAP", "some" and "various".

Words match whole, case-insensitively, with their inflections ("improving",
"increased", "optimization", "betters"); phrases match across line breaks.
A field that also names a number (any digit, or a number word such as
"two", "twenty", "hundred", "half", "double", "twice", "dozen" or
"percent") is accepted: "increase sign-ups by 20 %" says how much. Plan
items are not checked. One finding is reported per field, at its first vague
word, listing every vague word of that field.

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
- `words` (list of strings, default `["more", "better", "improve", "increase", "optimize", "as much as possible", "ASAP", "some", "various"]`): the vague words and phrases; replaces the default list.
- `extend-words` (list of strings, default `[]`): vague words and phrases added to `words`.
"""

from __future__ import annotations

import re
from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule, text
from kpilint.rules._dates import dig, kpi_data
from kpilint.rules._text import (
    DEFAULT_VAGUE_WORDS,
    first_span,
    states_quantity_in,
    quote_list,
    vague_pattern,
    vague_words,
    word_options,
)

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
    docs=__doc__,
    options={
        "words": {**_WORD_LIST, "default": list(DEFAULT_VAGUE_WORDS)},
        "extend-words": {**_WORD_LIST, "default": []},
    },
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    pattern: re.Pattern[str] | None = None
    for path, label, hint in _FIELDS:
        value = text(dig(data, *path))
        if value is None:
            continue
        pattern = pattern or vague_pattern(word_options(ctx.options))
        if pattern is None:
            return  # no vague words configured: no finding at all
        found = vague_words(value, pattern)
        if not found or states_quantity_in(data, value):
            continue
        noun = "word" if len(found) == 1 else "words"
        yield Finding(
            path,
            f"{label} uses the vague {noun} {quote_list(found)} and states no quantity: {hint}",
            span=first_span(doc, path, pattern),
        )
