"""``dot``: the cascade for Graphviz (``dot -Tsvg``). An edge runs from a
parent to each child; closed KPIs are dashed and grey, KPIs with errors
drawn in red, the ``unplaced`` pseudo-node is a folder."""

from __future__ import annotations

from kpilint.tree import labels
from kpilint.tree.model import UNPLACED, Forest


def quote(value: str) -> str:
    """A DOT double-quoted string whose text shows as given: backslashes and
    quotes escaped (so no ``\\N``-style escape applies), one line."""
    return '"' + labels.clean(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(forest: Forest, index: int) -> list[str]:
    if index == UNPLACED:
        return [labels.UNPLACED_NAME, f"({labels.UNPLACED_NOTE})"]
    kpi = forest.kpis[index]
    lines = [labels.ident(kpi), labels.clean(kpi.name), labels.facts(kpi), labels.letters(kpi)]
    if kpi.has_errors:
        lines.append("[errors]")
    if forest.loops[index]:
        lines.append(f"parent loop: {labels.loop(forest.loops[index])}")
    if forest.cut[index]:
        lines.append(f"+{forest.cut[index]} below")
    return lines


def node_id(index: int) -> str:
    return "unplaced" if index == UNPLACED else f"k{index}"


def render(forest: Forest) -> str:
    out = [
        "digraph kpilint {",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
    ]
    edges: list[str] = []
    for index, _ in forest.walk():
        label = "\\n".join(quote(line)[1:-1] for line in _label(forest, index))
        attrs = [f'label="{label}"']
        if index == UNPLACED:
            attrs.append('shape=folder, style="dashed"')
        else:
            kpi = forest.kpis[index]
            if kpi.closed:
                attrs.append('style="rounded,dashed", color="gray50", fontcolor="gray40"')
            if kpi.has_errors:
                attrs.append('color="red", penwidth=2')
        out.append(f"  {node_id(index)} [{', '.join(attrs)}];")
        for child in forest.children_of(index):
            edges.append(f"  {node_id(index)} -> {node_id(child)};")
    out.extend(edges)
    out.append("}")
    return "\n".join(out) + "\n"
