"""``markdown``: a summary for ``$GITHUB_STEP_SUMMARY`` (or any Markdown viewer).

In this order:

1. the **SMART scorecard**: a table per level (first column ``level``) and
   one per owner (first column ``owner``) with the open KPIs, how many are
   SMART (count and share), how many fail each letter S M A R T, and the
   closed KPIs counted apart (see :mod:`kpilint.scorecard`); the files that
   could not be read are listed below it;
2. the **cascade**: the Mermaid tree (as ``kpilint tree --format mermaid``
   draws it) of the subtrees that hold a KPI with a finding — each such KPI
   with the KPIs above it; "+N below" on a node counts the KPIs under it
   that have no finding and are left out;
3. the **findings**: counts per severity and per SMART category, then a
   table of every finding (``path:line``, code, severity, message).

Text from the files is escaped for a table cell: ``|``, line breaks, HTML
and control characters.

GitHub drops a step summary over 1 MiB whole, so the report stays under
:data:`BUDGET` bytes of UTF-8 at any size of repo: the scorecard takes at
most a quarter of it, the diagrams at most half of what is left when there
are findings to list, the findings the rest; what does not fit is left out
whole (a table row, a diagram) and a note says how much and where to see
all of it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from kpilint.api import CATEGORIES
from kpilint.reporters import ReportContext
from kpilint.reporters.github import plural
from kpilint.reporters.text import safe

if TYPE_CHECKING:
    from kpilint.scorecard import Row
    from kpilint.tree.adapter import Unread
    from kpilint.tree.model import Kpi

CATEGORY_NAMES = CATEGORIES
#: Finding rows shown at most (a long table helps nobody; the full report has them all).
MAX_ROWS = 1000
#: GitHub's limit for one step summary.
LIMIT = 1024 * 1024
#: What the report may take of it (the rest is left for a line the action may add).
BUDGET = LIMIT - 48 * 1024
#: Bytes kept back for the notes that say what was left out.
_NOTES = 2048
_NEWLINES = re.compile(r"\r\n|\r|\n")
_ALL = "`kpilint check --format json`"


def cell(text: object) -> str:
    """Make ``text`` safe inside one Markdown table cell."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = value.replace("\\", "\\\\").replace("|", "\\|")
    value = _NEWLINES.sub("<br>", value)
    return safe(value)


def category_of(code: str, ctx: ReportContext) -> str:
    rule = ctx.registry.get(code)
    letter = rule.category if rule is not None else None
    return letter if letter in CATEGORY_NAMES else "other"


def size(text: str) -> int:
    """Bytes of ``text`` in UTF-8 (what GitHub counts)."""
    return len(text.encode("utf-8"))


class _Page:
    """The report being written, within a byte budget."""

    def __init__(self, budget: int) -> None:
        self.lines: list[str] = []
        self.used = 0
        self.budget = budget

    @property
    def left(self) -> int:
        return self.budget - self.used

    def add(self, *lines: str) -> None:
        """Lines that are always written (headings, notes)."""
        for line in lines:
            self.lines.append(line)
            self.used += size(line) + 1

    def fill(self, items: list[str], room: int) -> int:
        """Add whole ``items`` (lines or blocks) while they fit in ``room``
        bytes; returns how many did not fit."""
        room = min(room, self.left - _NOTES)
        for at, item in enumerate(items):
            cost = size(item) + 1
            if cost > room:
                return len(items) - at
            self.add(item)
            room -= cost
        return 0

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _table(first: str, rows: list[Row]) -> tuple[list[str], list[str]]:
    from kpilint.attribution import LETTERS

    head = [
        f"| {first} | KPIs | SMART | share | " + " | ".join(LETTERS) + " | closed |",
        "|---|" + "---:|" * (4 + len(LETTERS)),
    ]
    body = [
        f"| {cell(row.key) if row.key is not None else '*(none)*'} | {row.kpis} | {row.smart} | {row.share} | "
        + " | ".join(str(count) for count in row.failing)
        + f" | {row.closed} |"
        for row in rows
    ]
    return head, body


def _scorecard(page: _Page, kpis: list[Kpi], unread: list[Unread]) -> None:
    from kpilint import scorecard

    room = page.budget // 4
    start = page.used
    every = scorecard.total(kpis)
    page.add(
        "### SMART scorecard",
        "",
        f"**{plural(every.kpis, 'open KPI')}**, {every.smart} SMART ({every.share}); "
        f"{plural(every.closed, 'closed KPI')} (achieved, missed or cancelled) counted apart.",
        "",
        "A KPI is SMART when no warning or error of a SMART letter counts against it and it has "
        "no F or V error; the S M A R T columns count the open KPIs that fail that letter.",
        "",
    )
    for first, rows, what in (
        ("level", scorecard.by_level(kpis), "level"),
        ("owner", scorecard.by_owner(kpis), "owner"),
    ):
        head, body = _table(first, rows)
        page.add(*head)
        left_out = page.fill(body, room - (page.used - start))
        if left_out:
            page.add("", f"… and {plural(left_out, 'more ' + what)} (the summary is limited to 1 MiB; see {_ALL}).")
        page.add("")
    if unread:
        page.add(f"**{plural(len(unread), 'file')} could not be read**; KPIs in the part that failed to parse are not counted:", "")
        items = [f"- {cell(file.path)}:{file.line}: {cell(file.code)} {cell(file.message)}" for file in unread]
        left_out = page.fill(items, room - (page.used - start))
        if left_out:
            page.add(f"- … and {plural(left_out, 'more file')}.")
        page.add("")


def _cascade(page: _Page, kpis: list[Kpi], flagged: set[tuple[str, int]], share: float) -> None:
    from kpilint import scorecard
    from kpilint.tree import mermaid
    from kpilint.tree.model import build

    forest = scorecard.with_findings(build(kpis), flagged)
    if not forest.tops:
        return
    page.add(
        "### Cascade",
        "",
        "The subtrees that hold findings: each KPI with a finding and the KPIs above it "
        "(\"+N below\" counts the KPIs under a node that have none).",
        "",
    )
    blocks = [block.rstrip("\n") + "\n" for block in mermaid.blocks(forest)]
    left_out = page.fill(blocks, int(page.left * share))
    if left_out:
        diagrams = sum(1 for block in blocks[-left_out:] if "```mermaid" in block)
        page.add(
            f"… and {plural(diagrams, 'more diagram')} (the summary is limited to 1 MiB; "
            "see `kpilint tree --format mermaid`).",
            "",
        )


def _findings(page: _Page, diagnostics: list[Any], files: str, ctx: ReportContext) -> None:
    page.add("### Findings", "")
    if not diagnostics:
        page.add(f"No problems found in {files}.")
        return
    severities = Counter(d.severity.value for d in diagnostics)
    parts = ", ".join(plural(severities[s], s) for s in ("error", "warning", "info") if severities[s])
    page.add(f"**{plural(len(diagnostics), 'problem')}** ({parts}) in {files}.", "")
    page.add("| Severity | Count |", "|---|---:|")
    page.add(*(f"| {s} | {severities[s]} |" for s in ("error", "warning", "info")))
    page.add("")
    categories = Counter(category_of(d.code, ctx) for d in diagnostics)
    page.add("| SMART category | Count |", "|---|---:|")
    for letter in (*CATEGORY_NAMES, "other"):
        label = f"{letter} ({CATEGORY_NAMES[letter]})" if letter in CATEGORY_NAMES else "other"
        page.add(f"| {label} | {categories[letter]} |")
    page.add("", "| Location | Code | Severity | Message |", "|---|---|---|---|")
    rows = [
        f"| {cell(d.path)}:{d.line} | {cell(d.code)} | {d.severity.value} | {cell(d.message)} |"
        for d in diagnostics[:MAX_ROWS]
    ]
    left_out = page.fill(rows, page.left) + len(diagnostics) - len(rows)
    if left_out:
        page.add("", f"… and {left_out} more (see the full report).")


def render(result: Any, ctx: ReportContext, *, budget: int = BUDGET) -> str:
    from kpilint.tree.adapter import judged_run

    diagnostics = list(result.diagnostics)
    files = plural(len(result.files), "file")
    judged = judged_run(result, ctx.registry)
    page = _Page(budget)
    page.add("## kpilint", "")
    if judged.kpis or judged.unread:
        _scorecard(page, judged.kpis, judged.unread)
    if diagnostics:
        flagged = {(d.path, d.doc_index) for d in diagnostics}
        _cascade(page, judged.kpis, flagged, 0.5)
    _findings(page, diagnostics, files, ctx)
    return page.text()
