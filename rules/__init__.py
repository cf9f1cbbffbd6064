"""kpilint's built-in rules, one module per rule, written with the public API
(:mod:`kpilint.api`) exactly as a plugin would be.

Repetition here is deliberate in two places. A rule's docstring shows the same
KPI twice, under "Example" and "Use instead", differing only in the fix (a
test checks that the first gives the finding and the second does not), and
rules of one family share the YAML of their examples. Each module declares
its rule with the same decorator and opens its check with the same guard
(``kpi_data(doc)``): one module per rule, readable on its own.
"""
