"""## What it does
Reports a suppression comment (`# kpilint: disable=CODE`) that silenced
nothing, or that names a code kpilint does not know. Codes that are not
enabled in this run are not reported as unused.

## Why is this bad?
Stale suppressions hide the next real problem on that line, and a mistyped
code suppresses nothing at all.

## Example
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}  # kpilint: disable=S999
spec: {type: team}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}
spec: {type: team}
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="K001", name="unused-suppression", severity="warning", docs=__doc__)
