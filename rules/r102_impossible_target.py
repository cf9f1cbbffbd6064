"""## What it does
Checks that the baseline and the target are values the metric can take:
within `spec.metric.bounds` (`min` and/or `max`, both inclusive). One
finding per value out of range, at that value; malformed numbers are left
to the schema check.

A percentage unit is bounded to 0..100 unless `bounds` says otherwise (a
`bounds.min` or `bounds.max` given replaces that end of the default). A
unit is a percentage by its spelling: `%`, `percent`, `per cent`,
`percentage`, `pct`, any case, or a unit starting with one of them
(`% of visitors`, `percent of orders`).

Inverted bounds (`min` above `max`) are reported once, at `bounds`, and
then neither value is checked against them: no value can lie between
them, and the bounds are what needs fixing, not the baseline or the target.
The same holds when a declared end crosses the other end of a percentage's
default range (`bounds: {min: 150}` on a `%` unit). Equal ends
(`{min: 5, max: 5}`) are not inverted: the metric has one possible value.

## Why is this bad?
A target outside what the metric can measure (110 % uptime, a negative
count) can never be reached, and a baseline outside it means the
measurement or the unit is wrong. Either way the KPI cannot be tracked as
written.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: platform.uptime, name: Service uptime}
spec:
  level: team
  metric: {unit: "%", baseline: 99.5, target: 101}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: platform.uptime, name: Service uptime}
spec:
  level: team
  metric: {unit: "%", baseline: 99.5, target: 99.9}
```

## Options
None.
"""

from __future__ import annotations

from typing import Any, Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule, number
from kpilint.helpers.fields import baseline_path, dig, kpi_data, metric_baseline
from kpilint.helpers.formatting import show_number
from kpilint.rules._units import is_percent_unit


def _bounds(metric: Any) -> tuple[float | int | None, float | int | None]:
    """(min, max) of the ``spec.metric`` node."""
    low = high = None
    bounds = dig(metric, "bounds")
    declared = isinstance(bounds, dict)
    if declared:
        low, high = number(bounds.get("min")), number(bounds.get("max"))
    if is_percent_unit(dig(metric, "unit")):
        if not declared or "min" not in bounds:
            low = 0
        if not declared or "max" not in bounds:
            high = 100
    return low, high


def _origin(metric: Any) -> str:
    """Where the bounds of the ``spec.metric`` node come from (for a message)."""
    bounds = dig(metric, "bounds")
    declared = isinstance(bounds, dict)
    unit = dig(metric, "unit")
    default = f"the percentage unit `{unit.strip()}`" if isinstance(unit, str) else ""
    origin = "`metric.bounds`" if declared else default
    if declared and is_percent_unit(unit) and ("min" not in bounds or "max" not in bounds):
        origin = f"`metric.bounds` and {default}"
    return origin


def _end(metric: Any, key: str) -> str:
    """Where one end of the bounds comes from, when not from `bounds` itself."""
    bounds = dig(metric, "bounds")
    if isinstance(bounds, dict) and key in bounds:
        return ""
    return f" (the default of the percentage unit `{str(dig(metric, 'unit')).strip()}`)"


def _range(low: float | int | None, high: float | int | None) -> str:
    if low is not None and high is not None:
        return f"between {show_number(low)} and {show_number(high)}"
    if low is not None:
        return f"at least {show_number(low)}"
    return f"at most {show_number(high)}" if high is not None else "any value"


@document_rule(code="R102", name="impossible-target", severity="error", category="R", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    metric = dig(data, "spec", "metric")
    low, high = _bounds(metric)
    if low is None and high is None:
        return
    if low is not None and high is not None and low > high:
        yield Finding(
            ("spec", "metric", "bounds"),
            f"the bounds are inverted: the minimum {show_number(low)}{_end(metric, 'min')} is above "
            f"the maximum {show_number(high)}{_end(metric, 'max')}, so no value fits; expected `min` "
            "at most `max`; swap or correct them",
        )
        return
    values = (
        ("baseline", baseline_path(doc), metric_baseline(metric)),
        ("target", ("spec", "metric", "target"), number(dig(metric, "target"))),
    )
    for what, path, value in values:
        if value is None:
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            fix = "lower" if high is not None and value > high else "raise"
            yield Finding(
                path,
                f"the {what} {show_number(value)} is outside the values the metric can take: expected "
                f"{_range(low, high)} (from {_origin(metric)}); {fix} the {what}, or correct the bounds or unit",
            )
