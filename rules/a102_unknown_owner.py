"""## What it does
When the project declares at least one `Owner`, checks that every KPI's
`spec.owner` is the `metadata.id` of a declared Owner, and suggests the
closest id ("did you mean"). Projects that declare no Owner may use free
strings as owners and are not checked.

## Why is this bad?
Declared owners are how a repository says who may be accountable. An owner
that resolves to nobody, often a typo or a team that was renamed, means the
KPI is silently unowned and missing from every per-owner report.

## Example
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec: {level: team, owner: content-marketting}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.content.blog-cadence, name: Blog posts per week}
spec: {level: team, owner: content-marketing}
```

## Options
None.
"""

from __future__ import annotations

import difflib
from typing import Iterator

from kpilint.api import Finding, Project, RuleContext, project_rule


@project_rule(code="A102", name="unknown-owner", severity="error", category="A", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    if not project.owners():
        return
    owners = project.by_id("Owner")
    known = sorted(owners)
    for doc in project.kpis():
        owner = doc.get("spec", "owner")
        if not isinstance(owner, str) or not owner.strip() or owner in owners:
            continue
        close = difflib.get_close_matches(owner, known, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "declare it as an Owner, or use one of the declared ids"
        yield Finding(
            ("spec", "owner"),
            f"owner `{owner}` is not a declared Owner: expected the `metadata.id` of an Owner "
            f"document ({len(known)} declared); {hint}",
            document=doc,
        )
