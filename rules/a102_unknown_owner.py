"""## What it does
When the project declares at least one `Owner`, checks that every KPI's
`spec.owner` is the `metadata.id` of a declared Owner, and suggests the
closest id ("did you mean", only when an id is close enough: a similarity
ratio above 0.75). Projects that declare no Owner may use free strings as
owners and are not checked.

An id that appears in the text of a file that could not be loaded (F001 to
F004) is not reported: that file may well declare it, and its own error says
what to fix. In the KPI's own file, the id must appear a second time (the
reference itself does not count).

Fix (safe): when exactly one declared Owner id differs from the owner only
in letter case (`Content-Marketing` for `content-marketing`), the owner is
rewritten as that id. Any other near miss is only suggested: a typo may
name another team.

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

from typing import Iterable, Iterator

from kpilint.api import Finding, Fix, Project, RuleContext, project_rule, replace_value
from kpilint.helpers.cascade import valid_id
from kpilint.rules._suggest import owner_suggester


@project_rule(code="A102", name="unknown-owner", severity="error", category="A", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    if not project.owners():
        return
    owners = project.by_id("Owner")
    for doc in project.kpis():
        owner = doc.get("spec", "owner")
        if not isinstance(owner, str) or not owner.strip() or owner in owners:
            continue
        if project.in_unparsed(owner, doc.file):
            continue  # a file that failed to load may declare it: its own error says so
        close = owner_suggester(project).closest(owner)
        hint = f"did you mean `{close}`?" if close else "declare it as an Owner, or use one of the declared ids"
        yield Finding(
            ("spec", "owner"),
            f"owner `{owner}` is not a declared Owner: expected the `metadata.id` of an Owner "
            f"document ({len(owners)} declared); {hint}",
            document=doc,
            fix=_case_fix(owner, owners),
        )


def _case_fix(owner: str, owners: Iterable[str]) -> Fix | None:
    """Rewrite the owner as the one declared id that differs only in case."""
    same = [ident for ident in owners if ident.casefold() == owner.strip().casefold() and valid_id(ident)]
    if len(same) != 1:
        return None
    return Fix(f"Write the owner as `{same[0]}`", (replace_value(("spec", "owner"), same[0]),))
