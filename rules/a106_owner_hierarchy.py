"""## What it does
Checks the hierarchy of the declared Owners: an Owner's `spec.parent` must
be the `metadata.id` of a declared Owner, and following `parent` from Owner
to Owner must never come back to where it started.

An unknown parent is reported at that Owner's `spec.parent`, with the
closest declared id ("did you mean", as A102: only when an id is close
enough, never the Owner's own id); when the id named is a KPI's, the message
says so. A loop is reported at each member's `spec.parent`, naming the loop
from that Owner (`a -> b -> a`, an Owner that is its own parent is `a -> a`;
past five Owners, the first five and how many more). Owners that only lead
into a loop are not reported, and links to an id shared by several Owners
are not followed (H105 reports those).

An empty or blank `parent` means the Owner is at the top, and is not
reported. An id that appears in the text of a file that could not be loaded
(F001 to F004) is not reported either: that file may well declare it, and
its own error says what to fix (in the Owner's own file, the id must appear a
second time: the reference itself does not count).

## Why is this bad?
Owner parents say which team belongs to which department, and which person
to which team: reports roll KPIs up along them. A parent that names nobody
(often a typo, or a team that was renamed) cuts an Owner off from its
department; a loop means none of its members belongs anywhere, and any
roll-up along the parents never ends.

## Example
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: marketing, name: Marketing department}
spec: {type: department}
---
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team, parent: marketting}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: marketing, name: Marketing department}
spec: {type: department}
---
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team, parent: marketing}
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from kpilint.api import Document, Finding, Project, RuleContext, project_rule
from kpilint.helpers.fields import dig
from kpilint.helpers.formatting import MAX_LISTED, listing, loop_text
from kpilint.rules._suggest import owner_suggester

PARENT = ("spec", "parent")


def _parent(doc: Document) -> str | None:
    """The Owner's parent id, when it names one (not empty, not blank)."""
    value = dig(doc.data, *PARENT)
    return value if isinstance(value, str) and value.strip() else None


def _loops(up: dict[str, str]) -> list[list[str]]:
    """Each loop of ``up`` links (id -> parent id) once, in link order."""
    state: dict[str, int] = {}  # 1 on the current walk, 2 done
    loops: list[list[str]] = []
    for first in up:
        walk: list[str] = []
        step: str | None = first
        while step is not None and step not in state:
            state[step] = 1
            walk.append(step)
            step = up.get(step)
        if step is not None and state[step] == 1:
            loops.append(walk[walk.index(step) :])
        for seen in walk:
            state[seen] = 2
    return loops


def _unknown(project: Project, doc: Document, parent: str) -> Finding:
    own = doc.id
    close = owner_suggester(project).closest(parent, skip=lambda ident: ident == own)
    hint = f"did you mean `{close}`?" if close else "declare it as an Owner, or remove `parent` if this Owner is at the top"
    if parent in project.by_id("KPI"):
        what = f"parent `{parent}` is a KPI, not an Owner"
    else:
        what = f"parent `{parent}` is not a declared Owner"
    return Finding(
        PARENT,
        f"{what}: expected the `metadata.id` of the Owner this one belongs to; {hint}",
        document=doc,
    )


@project_rule(code="A106", name="owner-hierarchy", severity="error", category="A", docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    owners = project.by_id("Owner")
    unique = {ident: docs[0] for ident, docs in owners.items() if len(docs) == 1}
    up: dict[str, str] = {}
    for doc in project.owners():
        parent = _parent(doc)
        if parent is None:
            continue
        if parent not in owners:
            if not project.in_unparsed(parent, doc.file):
                yield _unknown(project, doc, parent)
        elif isinstance(doc.id, str) and unique.get(doc.id) is doc and parent in unique:
            up[doc.id] = parent
    for loop in _loops(up):
        size = len(loop)
        for position, ident in enumerate(loop):
            following = (loop[(position + step) % size] for step in range(1, min(size, MAX_LISTED + 1)))
            others = [f"`{other}` ({project.where(unique[other], PARENT)})" for other in following]
            label = "the other member is" if size == 2 else "the other members are"
            members = f"; {label} {listing(others, total=size - 1)}" if others else ""
            yield Finding(
                PARENT,
                f"following `parent` from Owner to Owner loops back to this Owner: `{loop_text(loop, position)}`"
                f"{members}; expected the parents to lead up to an Owner with no parent; "
                "remove or change one of these parents",
                document=unique[ident],
            )
