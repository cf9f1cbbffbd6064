"""## What it does
Checks that a KPI's owner fits its level, when `spec.owner` is a declared
`Owner` (the Owner's `spec.type` is compared with the KPI's `spec.level`).


- an `individual` KPI must be owned by a `person`, not by a `team`,
  `department` or `company`;
- a `team` or `department` KPI must be owned by a group, not by a `person`.

Company KPIs, KPIs whose level or owner is missing, and owners that are not
declared (see A102) or whose type is missing are not checked. The finding is
reported at the KPI's `spec.owner`, naming the Owner's file and line, and
once at the Owner's `spec.type`, listing the KPIs that do not fit it, so the
mismatch shows up whichever of the files is being checked.

## Why is this bad?
An individual goal owned by a whole team has nobody in particular to answer
for it; a team goal owned by one person makes a team's result depend on, and
be judged as, one individual's performance. Usually the level or the owner
is wrong.

## Example
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.alice-posts, name: Posts written by Alice}
spec: {level: individual, owner: content-marketing}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: alice, name: Alice Martin}
spec: {type: person, parent: content-marketing}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.alice-posts, name: Posts written by Alice}
spec: {level: individual, owner: alice}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, project_rule
from kpilint.helpers.cascade import level
from kpilint.helpers.fields import name_of
from kpilint.helpers.formatting import MAX_LISTED, listing, with_article

GROUPS = ("company", "department", "team")
TYPE = ("spec", "type")


def _expected(kpi_level: str, owner_type: str) -> str | None:
    """What the owner should be, when ``owner_type`` does not fit ``kpi_level``."""
    if kpi_level == "individual" and owner_type in GROUPS:
        return "a person"
    if kpi_level in ("team", "department") and owner_type == "person":
        return "a team or department"
    return None


@project_rule(code="A103", name="owner-level-mismatch", severity="warning", category="A", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    owners = {key: docs[0] for key, docs in project.by_id("Owner").items() if len(docs) == 1}
    if not owners:
        return
    mismatched: dict[str, list[Document]] = {}
    for doc in project.kpis():
        owner_id, kpi_level = doc.get("spec", "owner"), level(doc)
        if not isinstance(owner_id, str) or owner_id not in owners or kpi_level is None:
            continue
        owner = owners[owner_id]
        owner_type = owner.get(*TYPE)
        if not isinstance(owner_type, str):
            continue
        expected = _expected(kpi_level, owner_type)
        if expected is None:
            continue
        mismatched.setdefault(owner_id, []).append(doc)
        yield Finding(
            ("spec", "owner"),
            f"this {kpi_level} KPI is owned by `{owner_id}`, declared as {with_article(owner_type)} at "
            f"{project.where(owner, TYPE)}: expected {expected} to own {with_article(kpi_level)} KPI; "
            "change the owner, or the level",
            document=doc,
        )
    for owner_id, kpis in sorted(mismatched.items()):
        owner = owners[owner_id]
        owner_type = owner.get(*TYPE)
        names = [f"{name_of(doc)} ({level(doc)}, {project.where(doc, ('spec', 'owner'))})" for doc in kpis[:MAX_LISTED]]
        yield Finding(
            TYPE,
            f"this Owner ({owner_type}) owns {'KPIs' if len(kpis) > 1 else 'a KPI'} of a level that does "
            f"not fit it: {listing(names, total=len(kpis))}; "
            "expected individual KPIs owned by persons and team or department KPIs owned by groups; "
            "change those owners or levels, or correct this Owner's type",
            document=owner,
        )
