"""## What it does
Reports YAML or JSON that does not parse, at the position where the parser
stopped. Strict JSON is required in `.kpi.json` files: no trailing commas,
no comments, no `NaN`.

## Why is this bad?
Nothing else in a file that does not parse can be checked.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: "Revenue
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: "Revenue"}
spec: {}
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="F002", name="yaml-syntax-error", severity="error", docs=__doc__)
