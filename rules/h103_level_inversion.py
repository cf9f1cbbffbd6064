"""## What it does
Checks that every KPI sits strictly below its parent in the cascade
`company > department > team > individual`: a team KPI may contribute to a
department or company KPI, but not to another team KPI nor to an individual
one. Both levels must be known; links to a missing parent or to an id
shared by several KPIs are left to H101 and H105.

The child is reported at its `spec.parent` (the link that goes the wrong
way), naming the parent's file, line and level; the parent is reported once
at its `spec.level`, listing the children that are not below it, so the
inversion shows up whichever of the files is being checked (the first five
children, and how many more). A company KPI with a parent is told to remove
the parent or lower its own level: no KPI is above company level. A loop of
parents (H102) always contains such an inversion when its levels are given.

## Why is this bad?
Goals cascade downwards: each level breaks the goal above it into narrower
ones. A KPI pointing at a parent on its own level or below turns the tree
upside down, and roll-ups and per-level reports no longer mean anything.
Usually the level of one of the two KPIs, or the parent link, is wrong.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec: {level: team}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec: {level: team, parent: marketing.website-traffic}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec: {level: department}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec: {level: team, parent: marketing.website-traffic}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, project_rule
from kpilint.helpers.cascade import LEVELS, LEVEL_RANK, level, unique_kpis, with_parents
from kpilint.helpers.fields import name_of
from kpilint.helpers.formatting import MAX_LISTED, listing, with_article

PARENT = ("spec", "parent")
LEVEL = ("spec", "level")


def _expected_parent(child_level: str) -> str:
    above = LEVELS[: LEVEL_RANK[child_level]]
    if not above:
        return "expected no parent: company KPIs are the top of the cascade"
    return f"expected a parent at {' or '.join(above)} level"


def _expected_children(parent_level: str) -> str:
    below = LEVELS[LEVEL_RANK[parent_level] + 1 :]
    if not below:
        return "expected no children: individual KPIs are the bottom of the cascade"
    return f"expected children at {' or '.join(below)} level"


@project_rule(code="H103", name="level-inversion", severity="error", category=None, docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    parents = unique_kpis(project)
    inverted: dict[str, list[tuple[Document, str]]] = {}  # per parent id: (child, its level)
    about: dict[str, str] = {}  # per parent: how a child's message names it
    for doc, spec, parent in with_parents(project, itself=True):  # no parent, or not a unique KPI: H101, H105
        key, mine = spec["parent"], spec.get("level")
        if not isinstance(mine, str) or mine not in LEVEL_RANK:
            continue
        theirs = level(parent)
        if theirs is None or LEVEL_RANK[mine] > LEVEL_RANK[theirs]:
            continue
        if parent is doc:
            what = "its own parent"
        else:
            if key not in about:
                about[key] = f"its parent {name_of(parent)} is {with_article(theirs)} KPI ({project.where(parent, LEVEL)})"
            what = about[key]
            inverted.setdefault(key, []).append((doc, mine))
        if mine == "company":  # nothing is above it: no parent can be right
            fix = "remove `parent`, or lower this KPI's level"
        else:
            fix = "point `parent` at a higher-level KPI, or correct one of the levels"
        yield Finding(
            PARENT,
            f"this {mine} KPI is not below its parent: {what}; {_expected_parent(mine)}; {fix}",
            document=doc,
        )
    for key, kids in sorted(inverted.items()):
        parent = parents[key]
        theirs = level(parent)
        names = [f"{name_of(doc)} ({mine}, {project.where(doc, PARENT)})" for doc, mine in kids[:MAX_LISTED]]
        yield Finding(
            LEVEL,
            f"{'KPIs' if len(kids) > 1 else 'a KPI'} not below this {theirs} KPI "
            f"{'name' if len(kids) > 1 else 'names'} it as parent: {listing(names, total=len(kids))}; "
            f"{_expected_children(str(theirs))}; correct their levels or parents, or this level",
            document=parent,
        )
