"""``json``: the tree as data. One object per node, each with its
``children``; the top level is ``tree``. A KPI node has ``"kind": "kpi"``,
its ``id`` and fields; the pseudo-node for KPIs whose parent is unknown has
``"kind": "unplaced"`` and ``"id": null``. Written without recursion, so a
chain of any depth is fine."""

from __future__ import annotations

import json
from typing import Any

from kpilint.tree.model import UNPLACED, Forest

VERSION = 1


def fields(forest: Forest, index: int) -> dict[str, Any]:
    """A node's own fields (everything but ``children``)."""
    if index == UNPLACED:
        return {"kind": "unplaced", "id": None, "name": "unplaced"}
    kpi = forest.kpis[index]
    return {
        "kind": "kpi",
        "id": kpi.id or None,
        "name": kpi.name,
        "level": kpi.level,
        "owner": kpi.owner,
        "status": kpi.status,
        "closed": kpi.closed,
        "target": kpi.target,
        "unit": kpi.unit,
        "parent": kpi.parent,
        "path": kpi.path,
        "document": kpi.document,
        "smart": kpi.smart,
        "letters": dict(kpi.letters),
        "errors": kpi.has_errors,
        "loop": list(forest.loops[index]) or None,
        "hidden": forest.cut[index],
    }


def render(forest: Forest) -> str:
    """``{"version": 1, "tree": [node, ...]}``, one node per line."""
    out: list[str] = ['{"version": %d, "tree": [' % VERSION]
    # work items: a node to open, or text to write when its children are done
    stack: list[int | str] = []
    for position in range(len(forest.tops) - 1, -1, -1):
        stack.append("]}" if position == len(forest.tops) - 1 else "]},")
        stack.append(forest.tops[position])
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        head = json.dumps(fields(forest, item), ensure_ascii=False, allow_nan=False)
        out.append("\n" + head[:-1] + ', "children": [')
        kids = forest.children_of(item)
        for position in range(len(kids) - 1, -1, -1):
            stack.append("]}" if position == len(kids) - 1 else "]},")
            stack.append(kids[position])
    out.append("\n]}\n")
    return "".join(out)
