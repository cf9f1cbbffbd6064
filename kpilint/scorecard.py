"""The SMART scorecard (SPEC §6, "Tree"): how many KPIs of each level and of
each owner are SMART, and how many fail each letter; and the part of the
cascade that holds findings, for the markdown report.

Pure functions over judged :class:`~kpilint.tree.model.Kpi` records (see
:func:`kpilint.tree.adapter.judged_run`):

* a row counts the **open** KPIs of its level or owner (``KPIs``), how many
  of them are SMART, and for each letter how many fail it; closed KPIs
  (``achieved``, ``missed``, ``cancelled``) take no part in those counts —
  no S, M, A, R or T finding is ever located in them, so they would pass
  for SMART — and are counted apart (``closed``);
* levels come in cascade order (company, department, team, individual),
  then any other value as written, then the KPIs with no level; owners in
  order of their id, then the KPIs with no owner.
"""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple

from kpilint.attribution import LETTERS
from kpilint.tree.model import UNPLACED, Forest, Kpi

LEVELS = ("company", "department", "team", "individual")


class Row(NamedTuple):
    """One line of a scorecard table; ``key`` is None for "none given"."""

    key: str | None
    kpis: int  # open KPIs
    smart: int  # open KPIs that are SMART
    failing: tuple[int, ...]  # open KPIs failing each letter, in S M A R T order
    closed: int

    @property
    def share(self) -> str:
        """The SMART share in whole percent: never 100 % unless every KPI
        is SMART, nor 0 % unless none is ("–" when there is no open KPI)."""
        if not self.kpis:
            return "–"
        percent = round(100 * self.smart / self.kpis)
        if self.smart < self.kpis:
            percent = min(percent, 99)
        if self.smart:
            percent = max(percent, 1)
        return f"{percent}%"


def tally(kpis: Iterable[Kpi], key: Callable[[Kpi], str | None]) -> dict[str | None, Row]:
    """A row per distinct ``key`` of the KPIs."""
    counts: dict[str | None, list[int]] = {}
    for kpi in kpis:
        # kpis, smart, one per letter, closed
        row = counts.setdefault(key(kpi), [0] * (3 + len(LETTERS)))
        if kpi.closed:
            row[-1] += 1
            continue
        row[0] += 1
        row[1] += kpi.smart
        for at, (_, ok) in enumerate(kpi.letters):
            row[2 + at] += not ok
    return {name: Row(name, c[0], c[1], tuple(c[2:-1]), c[-1]) for name, c in counts.items()}


def by_level(kpis: Iterable[Kpi]) -> list[Row]:
    rows = tally(kpis, lambda kpi: kpi.level)
    known = [rows[level] for level in LEVELS if level in rows]
    other = sorted((row for row in rows.values() if row.key is not None and row.key not in LEVELS), key=_by_key)
    return known + other + ([rows[None]] if None in rows else [])


def by_owner(kpis: Iterable[Kpi]) -> list[Row]:
    rows = tally(kpis, lambda kpi: kpi.owner)
    named = sorted((row for row in rows.values() if row.key is not None), key=_by_key)
    return named + ([rows[None]] if None in rows else [])


def _by_key(row: Row) -> tuple[str, str]:
    key = row.key or ""
    return (key.casefold(), key)


def total(kpis: Iterable[Kpi]) -> Row:
    """One row for all the KPIs."""
    return tally(kpis, lambda kpi: "all").get("all", Row("all", 0, 0, (0,) * len(LETTERS), 0))


def with_findings(forest: Forest, flagged: set[tuple[str, int]]) -> Forest:
    """Only the subtrees that hold a KPI with a finding (``flagged`` by file
    and document index): each such KPI and the KPIs above it stay; a KPI's
    ``cut`` counts the KPIs below it that were left out."""
    order = list(forest.walk())
    keep: dict[int, bool] = {}
    size: dict[int, int] = {}  # nodes in the subtree, the node included
    for index, _ in reversed(order):  # children before parents
        kids = forest.children_of(index)
        own = index != UNPLACED and (forest.kpis[index].path, forest.kpis[index].document) in flagged
        keep[index] = own or any(keep[child] for child in kids)
        size[index] = 1 + sum(size[child] for child in kids) + (forest.cut[index] if index != UNPLACED else 0)
    children = tuple(
        tuple(child for child in kids if keep[child]) if index in keep else kids
        for index, kids in enumerate(forest.children)
    )
    cut = tuple(
        sum(size[child] for child in forest.children[index] if not keep[child]) + forest.cut[index]
        if keep.get(index)
        else forest.cut[index]
        for index in range(len(forest.kpis))
    )
    return forest._replace(
        children=children,
        tops=tuple(top for top in forest.tops if keep.get(top)),
        unplaced=tuple(child for child in forest.unplaced if keep.get(child)),
        cut=cut,
    )
