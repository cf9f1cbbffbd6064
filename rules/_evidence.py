"""Shared predicates of M106, M108 and S106 (not a rule module).

The three rules look at the same numbers (the baseline, the target, the
unit and the amounts the statement states) and must agree on which of them
speaks: when M108 (percent-as-fraction) fires on a KPI, M106 and S106 stay
silent there; when M106 (direction-contradicts-target) fires, S106 stays
silent. Each rule asks these predicates instead of re-deriving the others'.
"""

from __future__ import annotations

import math
from functools import lru_cache, partial
from typing import Any, NamedTuple

from kpilint.api import Quantity, number, quantities
from kpilint.helpers.fields import metric_baseline
from kpilint.rules._text import time_unit
from kpilint.rules._units import is_percent_unit


class Numbers(NamedTuple):
    """A KPI's metric numbers, all present and finite."""

    baseline: float | int
    target: float | int
    unit: Any  # the unit as written (may be None or not a string)
    direction: Any
    statement: str


def numbers(data: Any) -> Numbers | None:
    """The baseline and target of a KPI (``data`` is its document data), or
    None when either is missing or not a finite number."""
    spec = data.get("spec") if isinstance(data, dict) else None
    if not isinstance(spec, dict):
        return None
    metric = spec.get("metric")
    if not isinstance(metric, dict):
        return None
    target = number(metric.get("target"))
    if target is None:
        return None
    start = metric_baseline(metric)
    if start is None:
        return None
    statement = spec.get("statement")
    return _new_numbers((start, target, metric.get("unit"), metric.get("direction"), statement if isinstance(statement, str) else ""))


# the NamedTuple without its generated ``__new__`` (a Python call): three rules
# build one for every KPI
_new_numbers = partial(tuple.__new__, Numbers)


def same(a: float, b: float) -> bool:
    """Equal numbers, forgiving binary rounding (0.1 * 3 is 0.3)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _in_unit_interval(value: float) -> bool:
    return 0 <= value <= 1


def _fractional(value: float) -> bool:
    return _in_unit_interval(value) and not float(value).is_integer()


def stated_percentages(statement: str) -> tuple[float, ...]:
    """Every percentage the statement states ("from 0.8% to 0.5%" gives 0.8
    and 0.5; "21 percent" gives 21)."""
    out: list[float] = []
    for q in quantities(statement):
        if q.unit == "%":
            out.append(q.value)
            if q.origin is not None:
                out.append(q.origin)
            if q.upper is not None:
                out.append(q.upper)
    return tuple(out)


def _stated(value: float, percentages: tuple[float, ...]) -> bool:
    return any(same(value, p) for p in percentages)


class FractionFinding(NamedTuple):
    """Why M108 fires: the values written as fractions, and whether the
    statement says them ×100."""

    fractions: tuple[float | int, ...]
    statement_agrees: bool


def percent_as_fraction(n: Numbers) -> FractionFinding | None:
    """M108's judgment on a KPI's numbers (None: it does not fire).

    On a percentage unit: baseline and target both in [0, 1], at least one
    not a whole number, unless the statement states the target (or the
    baseline) as that same small percentage ("from 0.8% to 0.5%"); or only
    one of them a fraction while the statement states it ×100 ("21 percent"
    beside 0.21)."""
    if not is_percent_unit(n.unit):
        return None
    b, t = n.baseline, n.target
    if not (_fractional(b) or _fractional(t)):
        return None  # no fraction: the statement need not be read
    percentages = stated_percentages(n.statement) if n.statement else ()
    if _in_unit_interval(b) and _in_unit_interval(t):
        if _stated(t, percentages) or (_fractional(b) and _stated(b, percentages) and not _stated(t * 100, percentages)):
            return None  # the small percentage is meant
        agrees = _stated(t * 100, percentages) or _stated(b * 100, percentages)
        return FractionFinding((b, t), agrees)
    if _fractional(b) != _fractional(t):
        value = b if _fractional(b) else t
        if _stated(value * 100, percentages) and not _stated(value, percentages):
            return FractionFinding((value,), True)
    return None


def fraction_typo(n: Numbers) -> float | int | None:
    """On a percentage unit where exactly one of baseline and target lies in
    [0, 1] (95 → 0.98): that one, the likely fraction typo; else None."""
    if not is_percent_unit(n.unit):
        return None
    b_in, t_in = _in_unit_interval(n.baseline), _in_unit_interval(n.target)
    if b_in == t_in:
        return None
    return n.baseline if b_in else n.target


def direction_contradiction(n: Numbers) -> str | None:
    """M106's judgment: the relation the target breaks ("increase",
    "decrease", "maintain"), or None."""
    t, b = n.target, n.baseline
    if n.direction == "increase" and t <= b:
        return "increase"
    if n.direction == "decrease" and t >= b:
        return "decrease"
    if n.direction == "maintain" and t != b:
        return "maintain"
    return None


def m108_fires(n: Numbers) -> bool:
    return percent_as_fraction(n) is not None


def m106_fires(n: Numbers) -> bool:
    """Whether M106 reports the KPI (it stays silent when M108 does)."""
    return direction_contradiction(n) is not None and not m108_fires(n)


_TIME_BASE = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def _time_seconds(unit: str) -> float | None:
    head = unit.strip().lower()
    words = head.replace("/", " ").split()
    if not words:
        return None
    word = words[0]
    if word in ("business", "working") and len(words) > 1:
        word = words[1]
    table = {
        "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
        "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
        "min": "min", "mins": "min", "minute": "min", "minutes": "min",
        "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
        "d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "week": "w", "weeks": "w",
    }  # fmt: skip
    key = table.get(word)
    return _TIME_BASE.get(key) if key else None


def statement_target(n: Numbers) -> Quantity | None:
    """The statement's target amount when it is unambiguous: exactly one
    distinct value among its amounts, levels, percentages and "from X to Y"
    changes (a change "by N", a multiplier or a range says no target)."""
    return _statement_target(n.statement, time_unit(n.unit)) if n.statement else None


@lru_cache(maxsize=256)  # pure: S106 asks it once a file, after S103 parsed the statement
def _statement_target(statement: str, time_measured: bool) -> Quantity | None:
    found = quantities(statement, time_measured=time_measured)
    candidates = [q for q in found if q.kind in ("amount", "level", "percentage") or (q.kind == "change" and q.origin is not None)]
    if not candidates:
        return None
    first = candidates[0]
    if any(not same(q.value, first.value) for q in candidates[1:]):
        return None
    return first


def in_words(q: Quantity, statement: str) -> bool:
    """Whether the amount ``q`` is stated in words alone ("two thirds", "ten
    percent"): it then names a rounded value, not an exact one."""
    return not any(character.isdigit() for character in statement[q.start : q.end])


def agrees(q: Quantity, n: Numbers) -> bool:
    """Whether the statement's amount ``q`` agrees with the metric's target.
    A percentage stated in words agrees with a target less than one point
    away ("two thirds" and 67 %)."""
    t = float(n.target)
    if same(q.value, t) or same(q.written, t):
        return True
    if q.unit == "%" and abs(q.value - t) < 1 and in_words(q, n.statement):
        return True
    if q.unit == "%" and not is_percent_unit(n.unit) and same(q.value / 100, t):
        return True  # a percentage stated for a ratio metric (25 % as 0.25)
    if q.unit in _TIME_BASE:
        metric_seconds = _time_seconds(n.unit) if isinstance(n.unit, str) else None
        if metric_seconds is None:
            return True  # a time the metric does not measure in a time unit: not comparable
        return same(q.value * _TIME_BASE[q.unit], t * metric_seconds)
    return False


def contradicting_amount(n: Numbers) -> Quantity | None:
    """S106's judgment: the statement's target amount when it disagrees with
    the metric's target and neither M106 nor M108 fires; else None."""
    if not n.statement or direction_contradiction(n) is not None:
        return None  # M106's finding (or M108's), or nothing to compare
    q = statement_target(n)
    if q is None or agrees(q, n) or m108_fires(n):
        return None  # agreement, or the numbers themselves are in question: M108's finding
    return q
