"""## What it does
Checks that the target is within reach of the baseline: the relative change
`|target - baseline| / baseline` must not be above `max-change` (by default
1.0, a change of 100 %: doubling is fine, more is reported). The finding
points at the target.

The change is computed exactly, on the numbers as written (decimal
arithmetic, not binary floating point): 0.3 → 0.45 is exactly 50 %, so it
is not above a `max-change` of 0.5. `1` and `1.0` are the same number.
The baseline is a number or the `value` of `{value: N, as_of: DATE}`.

The rule is skipped when:
- the baseline is 0 or negative: a relative change means nothing there
  (an NPS going from -10 to 20 is not a "300 %" change);
- the absolute change `|target - baseline|` is at most `min-change`
  (default 5, in the metric's own unit): going from 2 to 6 case studies is
  not reckless, whatever the percentage says. This also leaves out small
  metrics written as fractions (0.3 → 0.45) unless `min-change` is lowered;
  set it to 0 to judge by the relative change alone;
- either number is missing or malformed (the schema check reports that).

A decrease is measured the same way, as the drop over the baseline: a fall
from 100 to 40 is a change of 60 %. With the default `max-change` of 1.0 a
decrease is only reported when the target is below zero (more than the
whole baseline would be lost, e.g. a profit of 100 turning into a loss of
50); a lower `max-change` (0.5) reports steep cuts too.

The message rounds the change to one decimal place, or to as many places
as it takes for the printed change to be above the printed limit (a change
of 100.01 % beside a 100 % limit is shown as "100.01 %"), and never prints
an infinite value.

## Why is this bad?
A target far beyond anything the baseline suggests is rarely reached, and a
KPI everybody knows is out of reach stops motivating anyone. Either the
target is a typo (an extra zero), or it should be broken into steps over
successive time frames.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec:
  level: department
  metric: {unit: visits/month, baseline: 20000, target: 100000}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Monthly website visits}
spec:
  level: department
  metric: {unit: visits/month, baseline: 20000, target: 30000}
```

## Options
- `max-change` (number, default 1.0): the largest relative change that is not reported (1.0 = 100 %).
- `min-change` (number, default 5): changes whose absolute size (`|target - baseline|`, in the metric's unit) is at most this are never reported; 0 turns the exception off.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Context, Decimal
from typing import Iterator

from kpilint.api import Document, Finding, RuleContext, document_rule, number
from kpilint.helpers.fields import dig, kpi_data, metric_baseline
from kpilint.helpers.formatting import show_number

DEFAULT_MAX_CHANGE = 1.0
DEFAULT_MIN_CHANGE = 5

_HUNDRED = Decimal(100)
_PLAIN_BELOW = Decimal(10) ** 9  # percentages at or past this are shown in scientific notation
_MAX_PLACES = 6


def exact(value: float | int) -> Decimal:
    """The number as written: ``0.3`` is 3/10, not the nearest binary float."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def _show(value: Decimal) -> str:
    """A decimal without trailing zeros; huge values in scientific notation."""
    value = value.normalize()
    if abs(value) >= _PLAIN_BELOW:
        return format(value, "E")
    return format(value, "f")


def _percent(step: Decimal, base: Decimal) -> Decimal:
    """``step / base`` as a percentage, with digits enough to tell it from
    any limit written with as many digits as the operands."""
    digits = len(step.as_tuple().digits) + len(base.as_tuple().digits)
    return Context(prec=max(60, 2 * digits + 10)).divide(step * _HUNDRED, base)


def shown_change(change: Decimal, limit: Decimal) -> str:
    """``change`` (a percentage above ``limit``) rounded for a message so that
    it still reads as above the limit: one decimal place, more when one
    place would print the limit or less, and upwards past a few places."""
    context = Context(prec=max(60, change.adjusted() + _MAX_PLACES + 10))
    if change >= _PLAIN_BELOW:
        # three significant digits, rounded up: never below the true change
        step = Decimal(1).scaleb(change.adjusted() - 2)
        return _show(change.quantize(step, rounding=ROUND_CEILING, context=context))
    for places in range(1, _MAX_PLACES + 1):
        rounded = change.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=context)
        if rounded > limit:
            return _show(rounded)
    return _show(change.quantize(Decimal(1).scaleb(-_MAX_PLACES), rounding=ROUND_CEILING, context=context))


def _whole(value: float | int) -> int | None:
    """``value`` as an int when it is a whole number small enough that
    integer arithmetic on it is exact and equal to :func:`exact`'s."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return None


def _small_step(baseline: float | int, target: float | int, max_change: float | int, min_change: float | int) -> bool:
    """True when the change is known to be within both limits from whole
    numbers alone (the common case, no decimal arithmetic); False when it is
    not, or when the decimal comparison must decide."""
    base, goal, limit, floor = _whole(baseline), _whole(target), _whole(max_change), _whole(min_change)
    if base is None or goal is None or limit is None or floor is None:
        return False
    step = abs(goal - base)
    return step <= floor or step <= limit * base


@document_rule(
    code="R101",
    name="target-too-ambitious",
    severity="warning",
    category="R",
    docs=__doc__,
    options={
        "max-change": {
            "type": "number",
            "minimum": 0,
            "default": DEFAULT_MAX_CHANGE,
            "description": "The largest relative change from baseline to target (1.0 = 100 %) that is not reported.",
        },
        "min-change": {
            "type": "number",
            "minimum": 0,
            "default": DEFAULT_MIN_CHANGE,
            "description": "Absolute changes (in the metric's unit) up to this size are never reported.",
        },
    },
)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    metric = dig(data, "spec", "metric")
    baseline = metric_baseline(metric)
    target = number(dig(metric, "target"))
    if baseline is None or target is None or baseline <= 0:
        return
    max_change = number(ctx.options.get("max-change", DEFAULT_MAX_CHANGE))
    min_change = number(ctx.options.get("min-change", DEFAULT_MIN_CHANGE))
    if max_change is None or min_change is None:
        return
    if _small_step(baseline, target, max_change, min_change):
        return
    base, step = exact(baseline), abs(exact(target) - exact(baseline))
    limit = exact(max_change)
    # step / base > limit, without a division (exact for any size)
    if step <= exact(min_change) or step <= limit * base:
        return
    change = _percent(step, base)
    limit_percent = limit * _HUNDRED
    way, fix = ("an increase", "lower") if target > baseline else ("a decrease", "raise")
    yield Finding(
        ("spec", "metric", "target"),
        f"the target {show_number(target)} is {way} of {shown_change(change, limit_percent)} % from the "
        f"baseline {show_number(baseline)}, more than the {_show(limit_percent)} % considered realistic "
        f"(`max-change` {show_number(max_change)}): {fix} the target, or split the goal into steps "
        "over several time frames",
    )
