"""Shared helpers for the SMART rules: reading dates, time frames, baselines
and levels defensively, and reading fields fast (:func:`kpi_data`,
:func:`dig`, :func:`kpi_specs`: every rule visits every document).

Every helper returns ``None`` for anything that is not well formed, so a rule
computes only from values that make sense and leaves malformed input to the
schema check (V001). This module is private: its name starts with an
underscore, so the registry does not scan it for rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, NamedTuple, Sequence

from kpilint.api import Document, Project, number

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

#: Cascade order: a smaller rank is a higher level.
LEVEL_RANK: dict[str, int] = {"company": 0, "department": 1, "team": 2, "individual": 3}
LEVELS: tuple[str, ...] = tuple(LEVEL_RANK)

START = ("spec", "timeframe", "start")
END = ("spec", "timeframe", "end")
TIMEFRAME = ("spec", "timeframe")


def kpi_data(doc: Document) -> dict[str, Any] | None:
    """The document's data when it is a KPI (``doc.is_kpi``), else None.

    Rules run on every document, most of them only on KPIs: this answers
    with one lookup where ``doc.is_kpi`` walks the path API."""
    data = doc.data
    if isinstance(data, dict) and data.get("kind") == "KPI":
        return data
    return None


def dig(node: Any, *path: str) -> Any:
    """``doc.get(*path)`` (string keys, default None) on data already at hand,
    so a rule reading several fields of one section walks to it once."""
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def spec_of(doc: Document) -> Any:
    """The document's ``spec`` node (None when there is none): a project
    rule reads the fields it needs from it with :func:`dig`."""
    data = doc.data
    return data.get("spec") if isinstance(data, dict) else None


def kpi_specs(project: Project) -> list[tuple[Document, dict[str, Any]]]:
    """Each KPI of the project with its ``spec`` mapping, in project order;
    KPIs without one are left out (they have no field a project rule reads
    there). The rules read the few fields they need from the mapping
    directly: they visit every KPI, often thousands. Built once per project
    and shared by the rules: read-only."""
    return project.shared("kpilint.kpi_specs", lambda: _kpi_specs(project))


def open_kpi_specs(project: Project) -> list[tuple[Document, dict[str, Any]]]:
    """:func:`kpi_specs` without the closed KPIs (``spec.status`` achieved,
    missed or cancelled): the KPIs a SMART rule compares. Read-only."""
    return project.shared("kpilint.open_kpi_specs", lambda: [(doc, spec) for doc, spec in kpi_specs(project) if not doc.is_closed])


def _kpi_specs(project: Project) -> list[tuple[Document, dict[str, Any]]]:
    out = []
    for doc in project.kpis():
        spec = doc.data.get("spec")
        if isinstance(spec, dict):
            out.append((doc, spec))
    return out


def parse_date(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` string as a date; None for anything else (wrong type,
    other layouts, impossible days such as ``2027-02-30``)."""
    return _parse_iso(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=4096)
def _parse_iso(value: str) -> dt.date | None:
    """Pure and called for the same few dates over and over: memoised."""
    if not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def duration_days(start: dt.date, end: dt.date) -> int:
    """Length of a time frame counting both ends (Jan 1 to Mar 31 is 90 days)."""
    return (end - start).days + 1


class Timeframe(NamedTuple):
    """A well-formed time frame: both dates valid and the end after the start."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return duration_days(self.start, self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def start_date(doc: Document) -> dt.date | None:
    return parse_date(dig(doc.data, *START))


def end_date(doc: Document) -> dt.date | None:
    return parse_date(dig(doc.data, *END))


def timeframe(doc: Document) -> Timeframe | None:
    """The document's time frame when start and end are valid dates and the
    end is after the start (an inverted frame is T102's business only)."""
    return timeframe_of(spec_of(doc))


def timeframe_of(spec: Any) -> Timeframe | None:
    """:func:`timeframe` from the document's ``spec`` node."""
    frame = spec.get("timeframe") if isinstance(spec, dict) else None
    if not isinstance(frame, dict):
        return None
    start, end = frame.get("start"), frame.get("end")
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    return _timeframe(start, end)


@functools.lru_cache(maxsize=4096)
def _timeframe(start: str, end: str) -> Timeframe | None:
    """Pure, and most KPIs share a few time frames: memoised (a Timeframe is
    immutable, so one object can serve every document)."""
    first, last = _parse_iso(start), _parse_iso(end)
    if first is None or last is None or last <= first:
        return None
    return Timeframe(first, last)


_BASELINE = ("spec", "metric", "baseline")
_BASELINE_VALUE = _BASELINE + ("value",)


def baseline_path(doc: Document) -> tuple[str, ...]:
    """Where the baseline's number sits: ``baseline`` or ``baseline.value``."""
    return _BASELINE_VALUE if isinstance(dig(doc.data, *_BASELINE), dict) else _BASELINE


def baseline_value(doc: Document) -> float | int | None:
    """The baseline as a number: plain, or the ``value`` of a dated baseline."""
    return metric_baseline(dig(doc.data, "spec", "metric"))


def metric_baseline(metric: Any) -> float | int | None:
    """:func:`baseline_value` from the ``spec.metric`` node already at hand."""
    raw = dig(metric, "baseline")
    if isinstance(raw, dict):
        raw = raw.get("value")
    return number(raw)


def baseline_as_of(doc: Document) -> dt.date | None:
    raw = dig(doc.data, *_BASELINE)
    return parse_date(raw.get("as_of")) if isinstance(raw, dict) else None


def level(doc: Document) -> str | None:
    """The KPI's level when it is one of the known levels."""
    return level_of(dig(doc.data, "spec", "level"))


def level_of(value: Any) -> str | None:
    """``value`` when it is one of the known levels."""
    return value if isinstance(value, str) and value in LEVEL_RANK else None


def unique_kpis(project: Project) -> dict[str, Document]:
    """KPIs by id, leaving out ids that several documents share (ambiguous:
    H105 reports them, and no cross-document check can tell which is meant).
    Built once per project and shared by the rules: read-only."""
    return project.shared(
        "kpilint.unique_kpis",
        lambda: {key: docs[0] for key, docs in project.by_id("KPI").items() if len(docs) == 1},
    )


def name_of(doc: Document) -> str:
    """How a message names a document: its id in backticks."""
    ident = dig(doc.data, "metadata", "id")  # doc.id, read directly
    return f"`{ident}`" if isinstance(ident, str) else "a document without an id"


#: The most items a message names (other KPIs, files, values); the rest are counted.
MAX_LISTED = 5


def listing(items: Sequence[str], total: int | None = None, limit: int = MAX_LISTED) -> str:
    """``a, b, c`` with a tail ``and N more`` past ``limit`` items (never more
    than :data:`MAX_LISTED`); ``total`` counts items the caller did not format
    (format only the first ``MAX_LISTED``: messages stay cheap and short)."""
    limit = max(1, min(limit, MAX_LISTED))
    count = len(items) if total is None else max(total, len(items))
    shown = list(items[:limit])
    rest = count - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "")


def loop_text(ids: Sequence[str], start: int = 0) -> str:
    """The loop ``ids`` from ``ids[start]`` as ``a -> b -> a``; past
    :data:`MAX_LISTED` ids, the first of them and how many more
    (``a -> b -> c -> d -> e -> ... (2 more) -> a``)."""
    size = len(ids)
    shown = [ids[(start + step) % size] for step in range(min(size, MAX_LISTED))]
    rest = size - len(shown)
    tail = [f"... ({rest} more)"] if rest > 0 else []
    return " -> ".join(shown + tail + shown[:1])


def show_number(value: float | int) -> str:
    """A number as the user would write it (``2``, ``0.95``, ``1e+20``)."""
    if isinstance(value, int):
        return str(value)
    shown = repr(value)
    return shown[:-2] if shown.endswith(".0") else shown


def a(word: str) -> str:
    """``word`` with its indefinite article: ``a team``, ``an individual``."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
