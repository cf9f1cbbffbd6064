from __future__ import annotations

from kpilint.testing import codes


def kpi(baseline: str, start: str = "2027-01-01") -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: support.first-response, name: First response time}}
spec:
  metric:
    baseline: {baseline}
    target: 4
  timeframe: {{start: {start}, end: 2027-03-31}}
"""


def test_baseline_after_start_is_reported_at_as_of() -> None:
    assert codes(kpi("{value: 12, as_of: 2027-01-02}"), select="T107") == [("T107", 6, 34)]


def test_baseline_on_or_before_start_passes() -> None:
    assert codes(kpi("{value: 12, as_of: 2027-01-01}"), select="T107") == []
    assert codes(kpi("{value: 12, as_of: 2026-12-31}"), select="T107") == []


def test_plain_or_undated_baseline_is_skipped() -> None:
    assert codes(kpi("12"), select="T107") == []
    assert codes(kpi("{value: 12}"), select="T107") == []


def test_malformed_dates_are_skipped() -> None:
    assert codes(kpi("{value: 12, as_of: 2027-02-30}"), select="T107") == []
    assert codes(kpi("{value: 12, as_of: 2027-02-01}", start="soon"), select="T107") == []
