"""## What it does
Reports an entry of the baseline file (`--baseline FILE`, or the `baseline`
key of the config) that now matches fewer findings than it records: the
problem it recorded was fixed, or the document, field or file it names is
gone. One finding per entry (file, document, code, YAML path), at 1:1 of
the file the entry names, or at 1:1 of the baseline file when that file no
longer exists. Entries are judged only for files checked in this run (a
file that is gone: when it lay inside a path given to `kpilint check`), and
only for codes enabled in this run, so checking a few files or a few codes
never calls the rest of the baseline stale. A file that cannot be read or
parsed (F001-F004) is not judged either: its findings are unknown until it
parses again. A code that `per-file-ignores` turns off for a file does
count as fixed there: its entries are stale, and pruning drops them. `--prune-baseline` lowers each
count to what it matches now and drops the entries at zero; the file never
gains an entry that way.

As it is reported after the run, K003 follows `--select`, `--ignore`, the
config's `select`/`ignore` and `severity`, but not inline directives nor
`metadata.lint-disable` (it names no line of a KPI). It is never recorded
in a baseline itself.

## Why is this bad?
A baseline entry that no longer matches keeps a hole open: the next finding
of the same code at the same place would be hidden without anyone seeing
it. Pruning as problems get fixed makes the baseline shrink to zero.

## Example
This rule's trigger cannot be written as a KPI snippet (it needs a baseline
file): record a finding with `kpilint check --write-baseline
kpilint-baseline.json`, fix it, then run `kpilint check --baseline
kpilint-baseline.json`.

```yaml
```

Use instead: `kpilint check --baseline kpilint-baseline.json
--prune-baseline`, and commit the smaller baseline.

```yaml
```

## Options
None.
"""

from kpilint.api import engine_rule

RULE = engine_rule(code="K003", name="stale-baseline-entry", severity="warning", docs=__doc__)
