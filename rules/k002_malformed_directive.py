"""## What it does
Reports a comment that starts with `kpilint:` but is not a valid suppression
directive, such as `# kpilint: disabled=S101`, `# kpilint: ignore=S101` or
`# kpilint: disable S101`, and says what the valid forms are:
`# kpilint: disable=CODE[,CODE...]` (its line, or the next line when the
comment stands alone; the whole value when that value spans several lines)
and `# kpilint: disable-file=CODE[,CODE...]` (the whole file). Codes may be
prefixes (`S1`) or `ALL`, in any case, and may be followed by a reason after
` -- `; a further `#` starts another comment. Only comments are read: a
`kpilint:` inside a quoted string or a block scalar is text.

## Why is this bad?
A directive that kpilint cannot read suppresses nothing, silently: the author
believes the finding is handled while it keeps failing the check, or they
stop trusting suppressions altogether.

## Example
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}  # kpilint: ignore=S101
spec: {type: team}
```

Use instead:
```yaml
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}  # kpilint: disable=S101 -- legacy name
spec: {type: team}
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="K002", name="malformed-directive", severity="warning", docs=__doc__)
