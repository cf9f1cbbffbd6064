"""## What it does
Reports a mapping that repeats a key, at the second occurrence.

## Why is this bad?
YAML parsers disagree on which value wins; kpilint keeps the first, your
dashboard may keep the last. Either way one of the values is silently lost.

## Example
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.revenue
  name: Revenue
  name: Quarterly revenue
spec: {}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.revenue
  name: Quarterly revenue
spec: {}
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="F003", name="duplicate-key", severity="error", docs=__doc__)
