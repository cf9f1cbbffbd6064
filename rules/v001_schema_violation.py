"""## What it does
Reports every JSON Schema error of a document (one finding per error), at the
failing node: the offending value, the key of the mapping that lacks a
required key, or the unknown key itself. The schema is printed by
`kpilint schema`. Also reported here: values the file format cannot hold
(tags such as `!!python/...`, non-finite numbers such as `.nan`, non-string
keys).

- Every unknown key of a mapping is its own finding, at the key, with a
  "did you mean" hint when a known key of that mapping is close. A key the
  format knows in another place (a key at the wrong indentation) says where
  it belongs instead: "`target` belongs under `spec.metric`".
- Inside the dated baseline (`{value: 1, as_of: 2026-12-31}`) an error is
  reported at the failing key or value (`asof`, a bad `as_of` date, a
  `value` that is not a number), not at `baseline`. A baseline of neither
  form gets one finding naming both.
- A date that is not a valid `YYYY-MM-DD` (`2027-13-01`, `' 2027-01-01'`)
  gives one finding on the date, however many schema keywords it fails.
- Required fields (`apiVersion`, `kind`, `metadata.id`, `metadata.name`,
  `spec`) that are empty or blank are reported here.
- An empty (`null`) or blank (only spaces) optional field is **not** a schema
  error: it counts as missing, and the rule for that field reports it alone
  (for example M102 for `unit:`); an optional field no rule requires
  (`aggregation`, `bounds`, `description`, `labels`, an Owner's `type`) may
  be left empty. A value that fails the schema (a wrong type, a bad date) is
  reported here alone: no other rule treats it as missing or computes with
  it.
- In a JSON file, a `"$schema"` key at the top of a document is allowed and
  ignored.

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
