"""## What it does
Reports every JSON Schema error of a document (one finding per error), at the
failing node: the offending value, the key of the mapping that lacks a
required key, or the unknown key itself, with a "did you mean" hint when a
known key is close. The schema is printed by `kpilint schema`. Also reported
here: values the file format cannot hold (tags such as `!!python/...`,
non-finite numbers such as `.nan`, non-string keys).

## Why is this bad?
A document that does not follow the format cannot be read reliably by
kpilint or by any other tool.

## Example
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}
spec: {type: squad}
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

RULE = engine_rule(code="V001", name="schema-violation", severity="error", docs=__doc__)
