"""## What it does
Reports a file that cannot be read or decoded: a permission error, a file
that vanished during the run, binary content (NUL bytes), or text that is not
valid UTF-8 (UTF-16 and UTF-32 are accepted with a byte-order mark).

## Why is this bad?
A KPI file nobody can read is a KPI nobody can check; it may also hide a
broken export or an accidental binary commit.

## Example
This rule's trigger cannot be written as a text snippet (it needs bytes that
are not valid UTF-8, or a file without read permission).

```yaml
```

Use instead: save the file as UTF-8 text.

```yaml
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="F001", name="unreadable-file", severity="error", docs=__doc__)
