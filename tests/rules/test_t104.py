from __future__ import annotations

import datetime as dt

from kpilint.testing import codes


def kpi(end: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: sales.new-customers, name: New customers}}
spec:
  timeframe:
    start: 2026-10-01
    end: {end}
"""


def test_ended_before_today_is_reported_at_end() -> None:
    assert codes(kpi("2027-01-14"), select="T104") == [("T104", 7, 10)]


def test_ending_today_or_later_passes() -> None:
    assert codes(kpi("2027-01-15"), select="T104") == []
    assert codes(kpi("2027-03-31"), select="T104") == []


def test_today_is_taken_from_the_run() -> None:
    assert codes(kpi("2027-03-31"), select="T104", today=dt.date(2027, 4, 1)) == [("T104", 7, 10)]
    assert codes(kpi("2027-01-14"), select="T104", today=dt.date(2027, 1, 14)) == []


def test_malformed_end_is_skipped() -> None:
    assert codes(kpi("2026-02-29"), select="T104") == []
    assert codes(kpi("yesterday"), select="T104") == []
