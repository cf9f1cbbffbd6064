from __future__ import annotations

from kpilint.testing import codes


def kpi(start: str, end: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: sales.new-customers, name: New customers}}
spec:
  level: team
  timeframe:
    start: {start}
    end: {end}
"""


def test_end_before_start_is_reported_at_end() -> None:
    assert codes(kpi("2027-03-31", "2027-01-01"), select="T102") == [("T102", 8, 10)]


def test_end_equal_to_start_is_reported() -> None:
    assert codes(kpi("2027-03-31", "2027-03-31"), select="T102") == [("T102", 8, 10)]


def test_end_after_start_passes() -> None:
    assert codes(kpi("2027-01-01", "2027-01-02"), select="T102") == []


def test_malformed_dates_are_skipped() -> None:
    assert codes(kpi("2027-02-30", "2027-01-01"), select="T102") == []
    assert codes(kpi("'March 2027'", "2027-01-01"), select="T102") == []
    assert codes(kpi("2027-03-01", "42"), select="T102") == []


def test_inverted_timeframe_gives_no_duration_finding() -> None:
    found = codes(kpi("2027-12-31", "2025-01-01"), select="T102,T103")
    assert found == [("T102", 8, 10)]
