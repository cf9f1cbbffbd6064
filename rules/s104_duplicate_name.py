"""## What it does
Checks that no two KPIs of the project share a name.

Names (`metadata.name`) are
compared case-insensitively, ignoring leading and trailing whitespace and
treating runs of whitespace as one space. Each KPI involved is reported at
its name, naming the other KPIs with their file and line (the first five,
and how many more). A closed KPI (`spec.status` achieved, missed or
cancelled) takes no part: last quarter's KPI may well share this quarter's
name.

## Why is this bad?
The name is what people read in dashboards, reviews and reports. Two KPIs
called "Website traffic" are confused with each other, and a reader cannot
tell which one a number belongs to.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Website traffic}
spec: {level: department}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.seo.traffic, name: website traffic}
spec: {level: team}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Website traffic}
spec: {level: department}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.seo.traffic, name: Organic search visits}
spec: {level: team}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, project_rule, text
from kpilint.helpers.fields import dig
from kpilint.helpers.formatting import MAX_LISTED, listing

_PATH = ("metadata", "name")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _label(project: Project, doc: Document) -> str:
    ident = f"`{doc.id}` " if doc.id else ""
    return f"{ident}at {project.where(doc, _PATH)}"


@project_rule(code="S104", name="duplicate-name", severity="warning", category="S", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    groups: dict[str, list[Document]] = {}
    for doc in project.open_kpis():
        name = text(dig(doc.data, *_PATH))
        if name is not None:
            key = _key(name)
            group = groups.get(key)
            if group is None:
                groups[key] = [doc]
            else:
                group.append(doc)
    for docs in groups.values():
        if len(docs) < 2:
            continue
        # enough labels to name MAX_LISTED others for any of them: formatted once
        labels = [_label(project, doc) for doc in docs[: MAX_LISTED + 1]]
        for doc in docs:
            others = [label for other, label in zip(docs, labels) if other is not doc][:MAX_LISTED]
            name = " ".join(str(doc.get(*_PATH)).split())
            count = len(docs) - 1
            kpis = "another KPI" if count == 1 else f"{count} other KPIs"
            yield Finding(
                _PATH,
                f"name `{name}` is also used by {kpis} ({listing(others, total=count)}): "
                "give each KPI a distinct name that says what it measures",
                document=doc,
            )
