"""``text``: an indented tree for the terminal (box-drawing characters and
colour on a terminal, ASCII lines and no colour otherwise)."""

from __future__ import annotations

from kpilint.tree import labels
from kpilint.tree.model import UNPLACED, Forest

_BOX = ("├── ", "└── ", "│   ", "    ")
_ASCII = ("|-- ", "`-- ", "|   ", "    ")
_RESET = "\033[0m"
_BOLD, _DIM, _RED, _GREEN = "\033[1m", "\033[2m", "\033[31m", "\033[32m"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _line(forest: Forest, index: int, color: bool, top: bool) -> str:
    if index == UNPLACED:
        return _paint(labels.UNPLACED_NAME, _BOLD, color) + f" ({labels.UNPLACED_NOTE})"
    kpi = forest.kpis[index]
    marks = " ".join(
        _paint(f"{letter}{labels.TICK if ok else labels.CROSS}", _GREEN if ok else _RED, color)
        for letter, ok in kpi.letters
    )
    out = f"{_paint(labels.ident(kpi), _BOLD, color)} · {labels.clean(kpi.name)} · {labels.facts(kpi)} · {marks}"
    if kpi.smart:
        out += " · " + _paint("SMART", _GREEN, color)
    if kpi.has_errors:
        out += " " + _paint("[errors]", _RED, color)
    if forest.loops[index]:
        out += " " + _paint(f"[parent loop: {labels.loop(forest.loops[index])}]", _RED, color)
    if forest.cut[index]:
        out += f" (+{forest.cut[index]} below)"
    if kpi.parent and kpi.parent_found and not forest.loops[index] and top:
        out += f" (parent {labels.clean(kpi.parent)} not shown)"
    if kpi.closed and color:
        out = _DIM + out.replace(_RESET, _RESET + _DIM) + _RESET
    return out


def render(forest: Forest, *, unicode: bool = False, color: bool = False) -> str:
    """The tree, one line per node, children indented under their parent."""
    tee, elbow, pipe, blank = _BOX if unicode else _ASCII
    lines: list[str] = []
    stack: list[tuple[int, str, str]] = [(top, "", "") for top in reversed(forest.tops)]
    while stack:
        index, lead, prefix = stack.pop()
        lines.append(lead + _line(forest, index, color, top=not lead))
        kids = forest.children_of(index)
        for position in range(len(kids) - 1, -1, -1):
            last = position == len(kids) - 1
            stack.append((kids[position], prefix + (elbow if last else tee), prefix + (blank if last else pipe)))
    return "".join(line + "\n" for line in lines)
