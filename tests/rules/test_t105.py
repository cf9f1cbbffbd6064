from __future__ import annotations

from kpilint.testing import codes


def test_missing_review_is_reported_at_timeframe() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      level: department
      timeframe:
        start: 2027-01-01
        end: 2027-03-31
    """
    assert codes(snippet, select="T105") == [("T105", 6, 3)]


def test_missing_timeframe_is_reported_at_spec() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      level: department
    """
    assert codes(snippet, select="T105") == [("T105", 4, 1)]


def test_review_present_passes() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      timeframe: {start: 2027-01-01, end: 2027-03-31, review: monthly}
    """
    assert codes(snippet, select="T105") == []
