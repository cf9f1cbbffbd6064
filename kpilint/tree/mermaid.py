"""``mermaid``: Markdown that pastes into GitHub as is — each diagram a
top-down ``flowchart`` in its own ```` ```mermaid ```` fence.

Labels are quoted, and every character of file content that Mermaid or HTML
could read as syntax (anything but letters, digits, spaces and ``.-_/:,()+@'?!*=``)
is written as a Mermaid entity (``#quot;``, ``#35;``), so a label cannot end
early or inject markup. Node ids are generated (``k12``), never taken from
the files. Closed KPIs get the ``closed`` class, KPIs with errors the
``errors`` class.

A cascade larger than one diagram may be (GitHub renders at most 500 edges
and 50,000 characters) is split: whole subtrees are packed into a diagram
while they fit; a subtree that does not fit gets diagrams of its own, where
its root is repeated at the top (the note above the diagram says so) and is
marked "continued below" where it first appears. A very wide fan repeats its
root in as many diagrams as its children need.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from kpilint.tree import labels
from kpilint.tree.model import UNPLACED, Forest

MAX_EDGES = 500
MAX_TEXT = 50_000
#: Each field of a label is cut to this many characters (before escaping).
FIELD = 80
_SAFE = frozenset(" .-_/:,()+@'?!*=✔✘·⚠↻…")
_HEADER = (
    "flowchart TD\n"
    "  classDef closed fill:#f2f2f2,stroke:#8c8c8c,color:#595959,stroke-dasharray:5 3\n"
    "  classDef errors stroke:#cf222e,stroke-width:3px\n"
    "  classDef unplaced fill:#fff8c5,stroke:#9a6700,stroke-dasharray:3 3\n"
    "  classDef repeated stroke-dasharray:2 2\n"
)
#: The virtual root above the top level (never drawn).
_VIRTUAL = -2


def escape(value: str) -> str:
    """Text for inside a quoted Mermaid label."""
    return "".join(ch if (ch.isalnum() and ch.isprintable()) or ch in _SAFE else f"#{ord(ch)};" for ch in value)


def units(text: str) -> int:
    """The length JavaScript sees (UTF-16 code units), which Mermaid limits."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def node_id(index: int) -> str:
    return "unplaced" if index == UNPLACED else f"k{index}"


def node_lines(forest: Forest, index: int, *, continued: bool = False, repeated: bool = False) -> str:
    """The lines that draw one node (its definition and classes)."""
    me = node_id(index)
    if index == UNPLACED:
        parts = [labels.UNPLACED_NAME, f"({labels.UNPLACED_NOTE})"]
        classes = ["unplaced"]
    else:
        kpi = forest.kpis[index]
        parts = [
            labels.clip(labels.ident(kpi), FIELD),
            labels.clip(kpi.name, FIELD),
            labels.clip(labels.facts(kpi), 2 * FIELD),
            labels.letters(kpi),
        ]
        if kpi.has_errors:
            parts.append("⚠ errors")
        if forest.loops[index]:
            parts.append(labels.clip(f"↻ parent loop: {labels.loop(forest.loops[index])}", 2 * FIELD))
        if forest.cut[index]:
            parts.append(f"+{forest.cut[index]} below")
        classes = (["closed"] if kpi.closed else []) + (["errors"] if kpi.has_errors else [])
    if repeated:
        parts.append("(repeated: continues here)")
        classes.append("repeated")
    if continued:
        parts.append("(continued below)")
    label = "<br/>".join(escape(part) for part in parts)
    return f'  {me}["{label}"]\n' + "".join(f"  class {me} {name}\n" for name in classes)


def edge_line(parent: int, child: int) -> str:
    return f"  {node_id(parent)} --> {node_id(child)}\n"


class Diagram(NamedTuple):
    """One diagram: its text (without the fence), edge count, the KPI
    repeated at its top (or None) and the diagram (0-based) it first
    appears in."""

    text: str
    edges: int
    repeated: int | None
    origin: int | None = None


class _Builder:
    """A diagram being filled, with its size so far."""

    def __init__(self, max_text: int, max_edges: int, repeated: int | None) -> None:
        self.parts: list[str] = [_HEADER]
        self.size = units(_HEADER)
        self.edges = 0
        self.max_text = max_text
        self.max_edges = max_edges
        self.repeated = repeated
        self.origin: int | None = None

    @property
    def empty(self) -> bool:
        return len(self.parts) == 1

    def fits(self, size: int, edges: int) -> bool:
        return self.size + size <= self.max_text and self.edges + edges <= self.max_edges

    def add(self, text: str, size: int, edges: int) -> None:
        self.parts.append(text)
        self.size += size
        self.edges += edges

    def done(self) -> Diagram:
        return Diagram("".join(self.parts), self.edges, self.repeated, self.origin)


def diagrams(forest: Forest, *, max_edges: int = MAX_EDGES, max_text: int = MAX_TEXT) -> list[Diagram]:
    """The forest as diagrams within the limits (one when it fits)."""
    order = list(forest.walk())
    own: dict[int, str] = {index: node_lines(forest, index) for index, _ in order}
    whole_size: dict[int, int] = {}
    whole_edges: dict[int, int] = {}
    for index, _ in reversed(order):  # children before parents
        size, edges = units(own[index]), 0
        for child in forest.children_of(index):
            size += units(edge_line(index, child)) + whole_size[child]
            edges += 1 + whole_edges[child]
        whole_size[index], whole_edges[index] = size, edges

    def whole(index: int) -> str:
        parts: list[str] = []
        stack = [index]
        while stack:
            at = stack.pop()
            parts.append(own[at])
            kids = forest.children_of(at)
            parts.extend(edge_line(at, child) for child in kids)
            stack.extend(reversed(kids))
        return "".join(parts)

    out: list[Diagram] = []
    # The top level: whole subtrees packed in order; one too big gets its own.
    current = _Builder(max_text, max_edges, None)
    for top in forest.tops:
        if not current.fits(whole_size[top], whole_edges[top]):
            if not current.empty:
                out.append(current.done())
                current = _Builder(max_text, max_edges, None)
            if not current.fits(whole_size[top], whole_edges[top]):
                out.extend(_split(forest, top, len(out), whole, whole_size, whole_edges, max_text, max_edges))
                continue
        current.add(whole(top), whole_size[top], whole_edges[top])
    if not current.empty or not out:
        out.append(current.done())
    return out


def _split(
    forest: Forest,
    top: int,
    base: int,
    whole: Callable[[int], str],
    whole_size: dict[int, int],
    whole_edges: dict[int, int],
    max_text: int,
    max_edges: int,
) -> list[Diagram]:
    """Diagrams for the subtree of ``top``, which does not fit in one: it
    is drawn with as many whole child subtrees as fit; a child subtree that
    fits nowhere whole is drawn as a leaf and gets diagrams of its own,
    where the child is repeated at the top. ``base`` is the number of
    diagrams before these."""
    out: list[Diagram] = []
    shown_in: dict[int, int] = {}  # a KPI drawn as a leaf -> its diagram
    work: list[tuple[int, bool]] = [(top, False)]
    while work:
        at, again = work.pop()
        head = node_lines(forest, at, repeated=True)
        produced: list[Diagram] = []
        later: list[int] = []
        first = shown_in[at] if again else base + len(out)

        def start() -> _Builder:
            repeat = again or bool(produced)
            builder = _Builder(max_text, max_edges, at if repeat else None)
            text = head if repeat else node_lines(forest, at)
            builder.add(text, units(text), 0)
            builder.origin = first if repeat else None
            return builder

        current = start()
        for child in forest.children_of(at):
            link = edge_line(at, child)
            size, edges = units(link) + whole_size[child], 1 + whole_edges[child]
            if current.fits(size, edges):
                current.add(link + whole(child), size, edges)
                continue
            fresh_fits = _Builder(max_text, max_edges, None).fits(units(head) + size, edges)
            if fresh_fits:
                produced.append(current.done())
                current = start()
                current.add(link + whole(child), size, edges)
                continue
            leaf = link + node_lines(forest, child, continued=True)
            if not current.fits(units(leaf), 1):
                produced.append(current.done())
                current = start()
            current.add(leaf, units(leaf), 1)
            shown_in[child] = base + len(out) + len(produced)
            later.append(child)
        produced.append(current.done())
        out.extend(produced)
        work.extend((child, True) for child in reversed(later))
    return out


def blocks(forest: Forest, *, max_edges: int = MAX_EDGES, max_text: int = MAX_TEXT) -> list[str]:
    """The Markdown of :func:`render` in pieces that stand alone: when the
    cascade is split, a line that says so, then each diagram's fence (with
    the note above it when it repeats a KPI at its top)."""
    parts = diagrams(forest, max_edges=max_edges, max_text=max_text)
    out: list[str] = []
    if len(parts) > 1:
        out.append(
            f"The cascade is split into {len(parts)} diagrams (one diagram holds at most "
            f"{max_edges} links and {max_text:,} characters).\n"
        )
    for number, diagram in enumerate(parts, 1):
        note = ""
        if diagram.repeated is not None:
            kpi = forest.kpis[diagram.repeated]
            note = (
                f"Diagram {number}: `{labels.clip(labels.ident(kpi), FIELD).replace('`', chr(39))}` "
                f"(first shown in diagram {(diagram.origin or 0) + 1}) is repeated at the top; its subtree continues here.\n\n"
            )
        out.append(note + "```mermaid\n" + diagram.text + "```\n")
    return out


def render(forest: Forest, *, max_edges: int = MAX_EDGES, max_text: int = MAX_TEXT) -> str:
    """Markdown: each diagram in its own ``mermaid`` fence; when split, a
    line says so, and a note names the KPI a diagram repeats at its top."""
    return "\n".join(blocks(forest, max_edges=max_edges, max_text=max_text))
