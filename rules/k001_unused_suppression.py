"""## What it does
Reports a suppression that silenced nothing, or that names a code kpilint
does not know: a code of an inline directive (`# kpilint: disable=CODE`,
reported at the comment) or an entry of `metadata.lint-disable` (reported at
the entry). A code may be a prefix (`S1`) or `ALL`, in any case. Codes that
are not enabled in this run, or that `per-file-ignores` turns off for the
file, are not judged; a finding silenced by the configuration still counts
as silenced by the directives that name it. In a closed KPI (`spec.status`
achieved, missed or cancelled) the rules of a SMART letter are skipped, so
a suppression there that names one of their codes (or a prefix or `ALL`
covering one) is not judged either: it was written while the KPI was open.
K001 can itself be suppressed by
a directive or entry naming it (`K001`, `K`), which is then judged by whether
it silenced a K001.

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
