"""## What it does
Reports a document with no content: an empty file, a file of only comments,
or a stray `---` that starts an empty document.

## Why is this bad?
An empty document is usually a leftover of an edit or a bad merge.

## Example
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}
spec: {type: department}
---
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}
spec: {type: department}
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="F005", name="empty-document", severity="warning", docs=__doc__)
