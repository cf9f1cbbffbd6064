"""Dates and periods: ``YYYY-MM-DD`` strings read as dates, and time frames."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, NamedTuple

from kpilint.api import Document
from kpilint.helpers.fields import dig, spec_of

__all__ = [
    "END",
    "START",
    "TIMEFRAME",
    "Timeframe",
    "baseline_as_of",
    "duration_days",
    "end_date",
    "parse_date",
    "start_date",
    "timeframe",
    "timeframe_of",
]

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

START = ("spec", "timeframe", "start")
END = ("spec", "timeframe", "end")
TIMEFRAME = ("spec", "timeframe")


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


def baseline_as_of(doc: Document) -> dt.date | None:
    """The date of a dated baseline (``baseline: {value: N, as_of: DATE}``)."""
    raw = dig(doc.data, "spec", "metric", "baseline")
    return parse_date(raw.get("as_of")) if isinstance(raw, dict) else None
