"""kpilint: a linter for KPI-as-code."""

__version__ = "0.1.0"
