"""## What it does
Checks that text fields are not placeholders such as `TBD` or `TODO`.

The fields checked are the name (`metadata.name`), the statement
(`spec.statement`), the owner (`spec.owner`), the data source
(`spec.metric.source`) and each plan item (`spec.plan`).

A field is reported when:

- its whole value, in any letter case, is one of `TBD`, `TBC`, `TODO`,
  `FIXME`, `XXX`, `N/A`, `CHANGE-ME` (also `CHANGE_ME`, `CHANGEME`),
  `placeholder` or `lorem ipsum`, possibly wrapped in brackets or quotes
  (`<TBD>`, `[todo]`); or exactly `?`, `???`, `-` or `...` (surrounding
  spaces aside);
- or it contains `TBD`, `TBC`, `TODO`, `FIXME`, `XXX`, `N/A` or
  `CHANGE-ME` as a word written in capitals (`Source: TBD after the
  migration`; lower-case "todo" or "fixme" inside a sentence is an ordinary
  word and is not reported);
- or it contains `???` (three or more question marks) or `lorem ipsum`, in
  any letter case;
- or it contains one of `extend-placeholders` as a whole word, in any case.

A question mark ending a sentence ("Why not?") or a dash inside a text is
not a placeholder: only a value that is nothing but `?` or `-` is.

One finding per field, at the first placeholder of the field.

## Why is this bad?
A placeholder passes the schema but means the KPI is not defined yet: no one
can measure against a source called `TBD` or hold `TODO` accountable.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  owner: TBD
  metric:
    source: cms.published_posts
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  owner: content-marketing
  metric:
    source: cms.published_posts
```

## Options
- `extend-placeholders` (list of strings, default `[]`): more placeholder words or phrases (e.g. `FIXME`, `XXX`), matched as whole words in any letter case.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator, Mapping

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.helpers.fields import kpi_data, section
from kpilint.rules._text import first_span

_WHOLE = {
    "tbd", "tbc", "todo", "fixme", "xxx", "n/a", "change-me", "change_me", "changeme",
    "placeholder", "lorem ipsum",
}  # fmt: skip
#: Values that are a placeholder only as the whole value (surrounding spaces aside).
_WHOLE_MARKS = {"?", "???", "-", "..."}
_WRAPPERS = " \t\r\n<>[](){}'\"`*.:;!,"
_BUILTIN = (
    r"(?<!\w)(?:TBD|TBC|TODO|FIXME|XXX|N/A|CHANGE[-_]?ME)(?!\w)"
    r"|\?{3,}"
    r"|(?i:(?<!\w)lorem\s+ipsum(?!\w))"
)

_FIELDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("metadata", "name"), "name", "the name of what is measured"),
    (("spec", "statement"), "statement", "a sentence saying what will be achieved, by how much and by when"),
    (("spec", "owner"), "owner", "the team or person accountable"),
    (("spec", "metric", "source"), "source", "where the number comes from (system, table, query or URL)"),
)


@lru_cache(maxsize=32)
def _pattern(extra: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({w.strip() for w in extra if w.strip()}, key=lambda w: (-len(w), w))
    body = _BUILTIN
    if words:
        alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
        body += r"|(?i:(?<!\w)(?:" + alternatives + r")(?!\w))"
    return re.compile(body)


_LONGEST_WHOLE = max(len(word) for word in _WHOLE)


def _suspect(value: str, extra: tuple[str, ...]) -> bool:
    """False only when ``value`` cannot be reported: it is not a whole
    placeholder and no built-in pattern can match it (with ``extend-
    placeholders``, every field is checked in full).

    Case folding never shortens a text, so a whole placeholder is at most as
    long as the longest of them. Every built-in pattern needs `TBD`, `TBC`, `TODO`, `FIXME`, `XXX`,
    `N/A` or `CHANGE` (case-sensitive), `???`, or `lorem` in some letter
    case; under ``(?i:...)`` the letters of `lorem` match only their ASCII
    upper and lower case, which ``str.lower`` folds alike. These substring
    tests are exact and spare most fields the regular expression (a
    lookbehind tried at every character)."""
    if extra:
        return True
    if value.strip() in _WHOLE_MARKS:
        return True
    whole = value.strip(_WRAPPERS)
    if len(whole) <= _LONGEST_WHOLE and whole.casefold() in _WHOLE:
        return True
    return (
        "TBD" in value
        or "TBC" in value
        or "TODO" in value
        or "FIXME" in value
        or "XXX" in value
        or "N/A" in value
        or "CHANGE" in value
        or "???" in value
        or "lorem" in value.lower()
    )


def _extra(options: Mapping[str, Any]) -> tuple[str, ...]:
    value = options.get("extend-placeholders")
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(w for w in value if isinstance(w, str))


@document_rule(
    code="S105",
    name="placeholder-text",
    severity="warning",
    category="S",
    docs=__doc__,
    options={
        "extend-placeholders": {"type": "array", "items": {"type": "string", "minLength": 1}, "default": []},
    },
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    extra = _extra(ctx.options)
    spec = section(data, "spec")
    sections = {"metadata": section(data, "metadata"), "spec": spec, "metric": section(spec, "metric")}
    for path, label, expected in _FIELDS:
        value = sections[path[-2]].get(path[-1])  # each field's section, walked to once
        if isinstance(value, str) and _suspect(value, extra):
            yield from _check_field(doc, path, label, expected, value, extra)
    plan = spec.get("plan")
    if isinstance(plan, list):
        for index, item in enumerate(plan):
            if isinstance(item, str) and _suspect(item, extra):
                yield from _check_field(doc, ("spec", "plan", index), f"plan item {index + 1}", "a concrete activity", item, extra)


def _check_field(
    doc: Document, path: tuple[str | int, ...], label: str, expected: str, value: str, extra: tuple[str, ...]
) -> Iterator[Finding]:
    """The finding for one text field, if it holds a placeholder."""
    if not value.strip():
        return  # blank: the missing-field rules report it
    whole = value.strip(_WRAPPERS)
    if value.strip() in _WHOLE_MARKS or " ".join(whole.casefold().split()) in _WHOLE:
        yield Finding(
            path,
            f"{label} is the placeholder `{value.strip()}`: replace it with {expected}",
        )
        return
    pattern = _pattern(extra)
    match = pattern.search(value)
    if match is None:
        return
    token = " ".join(match.group(0).split())
    if token.casefold() == " ".join(value.split()).casefold():
        message = f"{label} is the placeholder `{token}`: replace it with {expected}"
    else:
        message = f"{label} contains the placeholder `{token}`: replace it with {expected}"
    yield Finding(path, message, span=first_span(doc, path, pattern))
