"""## What it does
Reports an `apiVersion` or `kind` this version of kpilint does not know
(it knows `kpilint/v1` with kinds `KPI` and `Owner`). The schema is not
applied to such a document. An empty or blank `apiVersion` or `kind` is a
required field left empty: V001, not V002.

## Why is this bad?
A typo in the envelope silently turns a KPI into a document nobody checks; a
newer format version needs a newer kpilint.

## Example
```yaml
apiVersion: kpilint/v2
kind: Owner
metadata: {id: sales, name: Sales}
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

RULE = engine_rule(code="V002", name="unknown-api-version", severity="error", docs=__doc__)
