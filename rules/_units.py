"""Units of measure: which spellings mark a percentage."""

from __future__ import annotations

import re

_PERCENT_UNIT = re.compile(r"^\s*(?:%|per\s*cent(?:age)?s?|pct)(?![a-z])", re.IGNORECASE)


def is_percent_unit(unit: object) -> bool:
    """Whether ``unit`` marks a percentage: ``%``, ``percent``, ``per cent``,
    ``percentage``, ``pct``, or a unit starting with one of them
    (``% of visitors``, ``percent of orders``)."""
    return isinstance(unit, str) and _PERCENT_UNIT.match(unit) is not None
