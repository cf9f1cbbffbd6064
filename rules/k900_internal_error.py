"""## What it does
Reports a rule or plugin that raised an exception, naming the rule and the
file. The run goes on with the other rules and files, and exits with code 2,
even with `--exit-zero`, so a broken rule is never mistaken for a clean run.

## Why is this bad?
It is a bug in kpilint or in a plugin, not in your KPI: please report it with
the file that triggered it.

## Example
This rule's trigger cannot be written as a KPI snippet (it needs a rule that
raises).

```yaml
```

Use instead: update or fix the failing rule.

```yaml
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="K900", name="internal-error", severity="error", docs=__doc__)
