"""The cascade as plain data: one :class:`Kpi` per KPI document, and a
:class:`Forest` that places each of them exactly once.

A KPI hangs under the KPI its ``spec.parent`` names. The top level holds the
KPIs with no parent (or whose parent is a KPI of the project outside the
paths shown), then the KPIs of parent loops, then the ``unplaced``
pseudo-node with the KPIs whose parent names no KPI. A parent loop is shown
once: its member with the smallest id stands at the top level, marked with
the loop, and the link that would lead back to it is not followed. When two
documents share an id (H105), children hang under the first of them (by
file and document). Everything here works without recursion, so a chain of
any depth is fine.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from kpilint.lifecycle import CLOSED

#: The index that stands for the "unplaced" pseudo-node in a forest.
UNPLACED = -1


class Kpi(NamedTuple):
    """One KPI document as the tree shows it."""

    id: str
    name: str
    level: str | None
    owner: str | None
    status: str
    target: float | int | None
    unit: str | None
    parent: str | None
    path: str  # display path of the file
    document: int  # 0-based document index in the file
    letters: tuple[tuple[str, bool], ...]  # (letter, satisfied) in S M A R T order
    smart: bool
    has_errors: bool
    #: False when the lint found no KPI with the ``parent`` id (H101): only
    #: then does a KPI whose parent is not shown go under "unplaced" (its
    #: parent may be a KPI of the project outside the paths shown)
    parent_found: bool = True

    @property
    def closed(self) -> bool:
        return self.status in CLOSED


class Forest(NamedTuple):
    """KPIs and how they hang together. ``children[i]`` lists the children
    of ``kpis[i]``; ``tops`` the top level (``UNPLACED`` for the pseudo-node,
    whose children are ``unplaced``); ``loops[i]`` is the loop that KPI ``i``
    stands for (ids, ending where they start), empty when it is no loop's
    top; ``cut[i]`` counts the KPIs below ``i`` that ``--depth`` hid."""

    kpis: tuple[Kpi, ...]
    children: tuple[tuple[int, ...], ...]
    tops: tuple[int, ...]
    unplaced: tuple[int, ...]
    loops: tuple[tuple[str, ...], ...]
    cut: tuple[int, ...]

    def children_of(self, index: int) -> tuple[int, ...]:
        return self.unplaced if index == UNPLACED else self.children[index]

    def walk(self) -> Iterator[tuple[int, int]]:
        """Every node shown, depth first, as (index, depth); the top level is
        depth 0 (``UNPLACED`` for the pseudo-node)."""
        stack = [(top, 0) for top in reversed(self.tops)]
        while stack:
            index, depth = stack.pop()
            yield index, depth
            stack.extend((child, depth + 1) for child in reversed(self.children_of(index)))


def _order(kpi: Kpi) -> tuple[str, str, int]:
    return (kpi.id, kpi.path, kpi.document)


def build(kpis: list[Kpi]) -> Forest:
    """Place every KPI once (see the module docs)."""
    ordered = tuple(sorted(kpis, key=_order))
    first: dict[str, int] = {}
    for index, kpi in enumerate(ordered):
        first.setdefault(kpi.id, index)
    parent_of: list[int | None] = []
    unknown: list[int] = []
    for index, kpi in enumerate(ordered):
        if kpi.parent is None:
            parent_of.append(None)
        elif kpi.parent in first:
            parent_of.append(first[kpi.parent])
        else:
            parent_of.append(None)
            if not kpi.parent_found:
                unknown.append(index)
    # Loops: follow parent links; a walk that meets itself found a loop.
    state = [0] * len(ordered)  # 0 unseen, 1 on the current walk, 2 done
    loop_tops: dict[int, tuple[str, ...]] = {}
    for start in range(len(ordered)):
        path: list[int] = []
        node: int | None = start
        while node is not None and state[node] == 0:
            state[node] = 1
            path.append(node)
            node = parent_of[node]
        if node is not None and state[node] == 1:  # closed a loop on this walk
            members = path[path.index(node) :]
            top = min(members, key=lambda i: _order(ordered[i]))
            at = members.index(top)
            # the loop as the parent links run, from its top back to it
            run = members[at:] + members[:at]
            loop_tops[top] = tuple(ordered[i].id for i in run) + (ordered[top].id,)
            parent_of[top] = None
        for each in path:
            state[each] = 2
    children: list[list[int]] = [[] for _ in ordered]
    for index, parent in enumerate(parent_of):
        if parent is not None:
            children[parent].append(index)
    unknown_set = set(unknown)
    roots = [i for i, p in enumerate(parent_of) if p is None and i not in loop_tops and i not in unknown_set]
    tops = roots + sorted(loop_tops, key=lambda i: _order(ordered[i]))
    if unknown:
        tops.append(UNPLACED)
    return Forest(
        kpis=ordered,
        children=tuple(tuple(c) for c in children),
        tops=tuple(tops),
        unplaced=tuple(unknown),
        loops=tuple(loop_tops.get(i, ()) for i in range(len(ordered))),
        cut=(0,) * len(ordered),
    )


class NoSuchKpi(Exception):
    """``--root`` names no KPI."""


def subtree(forest: Forest, root: str) -> Forest:
    """Only the KPI ``root`` and what hangs below it."""
    found = [i for i, kpi in enumerate(forest.kpis) if kpi.id == root]
    if not found:
        raise NoSuchKpi(root)
    return forest._replace(tops=(found[0],), unplaced=())


def cut(forest: Forest, depth: int) -> Forest:
    """Show ``depth`` levels (1: the top level only); count what is hidden."""
    children = list(forest.children)
    hidden = [0] * len(forest.kpis)
    unplaced = forest.unplaced
    below: dict[int, int] = {}
    order = list(forest.walk())
    for index, _ in reversed(order):  # children before parents
        if index != UNPLACED:
            below[index] = sum(1 + below[c] for c in forest.children[index])
    for index, level in order:
        if level + 1 == depth:
            if index == UNPLACED:
                unplaced = ()
            else:
                hidden[index] = below[index]
                children[index] = ()
    return forest._replace(children=tuple(children), unplaced=unplaced, cut=tuple(hidden))
