"""## What it does
Checks for percentages written as fractions, like `0.95` for 95 %.

The unit (`spec.metric.unit`) marks a percentage when it is `%`,
`percent`, `per cent`, `percentage` or `pct` (any case), or starts with one
of them (`% of visitors`, `percent of orders`). The rule fires on such a
unit when:

- the baseline and the target are both between 0 and 1 (inclusive) and at
  least one of them is not a whole number, as in `baseline: 0.9, target:
  0.95`; unless the statement states the target (or the baseline) as that
  same small percentage ("cut churn from 0.8% to 0.5%": 0.5 % is meant);
- or only one of them is written as a fraction and the statement states it
  ×100 (`target: 0.25` beside "grow to 25%").

The statement is evidence: when it states the fraction ×100 ("21 percent"
beside 0.21), the message says so. When this rule fires, M106
(direction-contradicts-target) and S106 (statement-contradicts-metric) stay
silent on the KPI: the numbers themselves are in question.

Nothing is reported unless the baseline (a number or `{value: N}`) and the
target are both finite numbers.

Fix (unsafe, it changes values: `--unsafe-fixes`): when both numbers are
fractions, the baseline, the target and the `bounds` that lie in (0, 1]
are multiplied by 100 together (exactly: 0.955 becomes 95.5; a bound of 0 or
100 stays); when only one of them is a fraction, that one alone. A value written through an alias is not rewritten (no fix then).

## Why is this bad?
With unit `%`, a target of 0.95 means 0.95 %, not 95 %. The KPI looks met
(or hopeless) for the wrong reason, and rolls up wrongly into its parent.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.csat, name: Customer satisfaction}
spec:
  metric:
    unit: "%"
    baseline: 0.9
    target: 0.95
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.csat, name: Customer satisfaction}
spec:
  metric:
    unit: "%"
    baseline: 90
    target: 95
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator

from decimal import Decimal

from kpilint.api import Document, Finding, Fix, RuleContext, YamlPath, document_rule, replace_value
from kpilint.helpers.fields import dig, kpi_data
from kpilint.helpers.formatting import show_number as fmt_number
from kpilint.rules._evidence import numbers, percent_as_fraction
from kpilint.rules._units import is_percent_unit

_PATH = ("spec", "metric", "target")


def _times_100(value: float | int) -> str:
    return fmt_number(round(value * 100, 10))


def _literal_times_100(value: float | int) -> str:
    """``value`` ×100 as a YAML/JSON number, computed exactly (0.955 → 95.5)."""
    text = format(Decimal(repr(value)) * 100, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _number_at(data: object, path: YamlPath) -> float | int | None:
    value = dig(data, *(str(part) for part in path))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _scale_fix(data: object, paths: list[YamlPath], title: str, bounds: tuple[YamlPath, ...] = ()) -> Fix | None:
    """Every number at ``paths`` ×100 (paths holding no number are left out),
    and every bound at ``bounds`` that lies in [0, 1] (a bound of 100 is
    already on the percentage scale)."""
    edits = []
    for path in [*paths, *bounds]:
        value = _number_at(data, path)
        if value is not None and (path in paths or 0 < value <= 1):
            edits.append(replace_value(path, _literal_times_100(value)))
    return Fix(title, tuple(edits), "unsafe") if edits else None


def _baseline_path(data: object) -> YamlPath:
    path: YamlPath = ("spec", "metric", "baseline")
    return path + ("value",) if isinstance(dig(data, "spec", "metric", "baseline"), dict) else path


@document_rule(code="M108", name="percent-as-fraction", severity="warning", category="M", docs=__doc__)
def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    data = kpi_data(doc)
    if data is None:
        return
    if not is_percent_unit(dig(data, "spec", "metric", "unit")):
        return
    n = numbers(data)
    if n is None:
        return
    found = percent_as_fraction(n)
    if found is None:
        return
    unit = str(n.unit).strip()
    evidence = " (the statement states them ×100)" if found.statement_agrees else ""
    if len(found.fractions) == 2:
        t, b = fmt_number(n.target), fmt_number(n.baseline)
        fixes = [f"{_times_100(n.target)} for {t}"]
        if n.baseline != n.target:
            fixes.append(f"{_times_100(n.baseline)} for {b}")
        bounds = tuple(("spec", "metric", "bounds", end) for end in ("min", "max"))
        yield Finding(
            _PATH,
            f"unit is `{unit}` but the baseline ({b}) and the target ({t}) are both between 0 and 1: "
            f"they look like fractions{evidence}, expected percentages from 0 to 100; "
            f"write {' and '.join(fixes)}, or change the unit if fractions are meant",
            fix=_scale_fix(data, [_baseline_path(data), _PATH], "Multiply the baseline, the target and the bounds by 100", bounds),
        )
        return
    [value] = found.fractions
    which = "target" if value == n.target else "baseline"
    path: YamlPath = _PATH if which == "target" else _baseline_path(data)
    yield Finding(
        path,
        f"unit is `{unit}` but the {which} ({fmt_number(value)}) is a fraction while the statement states "
        f"{_times_100(value)} %: write {_times_100(value)} for {fmt_number(value)}",
        fix=_scale_fix(data, [path], f"Multiply the {which} by 100"),
    )
