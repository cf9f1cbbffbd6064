"""kpilint's built-in rules, one module per rule, written with the public API
(:mod:`kpilint.api`) exactly as a plugin would be."""
