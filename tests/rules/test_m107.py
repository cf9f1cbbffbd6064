from __future__ import annotations

import pytest

from kpilint.testing import codes, lint


def kpi(frequency: str, start: str, end: str) -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {{id: marketing.blog, name: Blog posts per week}}
        spec:
          metric:
            unit: posts/week
            frequency: {frequency}
          timeframe:
            start: {start}
            end: {end}
        """


@pytest.mark.parametrize(
    ("frequency", "start", "end"),
    [
        ("quarterly", "2027-01-01", "2027-03-31"),  # 90 days < 182
        ("monthly", "2027-01-01", "2027-01-20"),  # 20 days: not even one measurement
        ("monthly", "2027-01-01", "2027-02-28"),  # 59 days < 60
        ("weekly", "2027-01-01", "2027-01-13"),  # 13 days < 14
        ("yearly", "2027-01-01", "2028-12-29"),  # 729 days < 730 (2028 is a leap year)
    ],
)
def test_too_few_measurements_reported_at_frequency(frequency: str, start: str, end: str) -> None:
    assert codes(kpi(frequency, start, end), select="M107") == [("M107", 7, 16)]


@pytest.mark.parametrize(
    ("frequency", "start", "end"),
    [
        ("quarterly", "2027-01-01", "2027-07-01"),  # 182 days == 2 x 91
        ("monthly", "2027-01-01", "2027-03-01"),  # 60 days == 2 x 30
        ("weekly", "2027-01-01", "2027-03-31"),
        ("daily", "2027-01-01", "2027-01-02"),  # 2 days == 2 x 1
        ("yearly", "2027-01-01", "2028-12-30"),  # 730 days == 2 x 365
    ],
)
def test_enough_measurements_pass(frequency: str, start: str, end: str) -> None:
    assert codes(kpi(frequency, start, end), select="M107") == []


@pytest.mark.parametrize(
    ("frequency", "start", "end"),
    [
        ("quarterly", "2027-03-31", "2027-01-01"),  # end before start: T102
        ("quarterly", "2027-01-01", "2027-01-01"),  # end == start: T102
        ("quarterly", "2027-02-30", "2027-03-31"),  # not a date
        ("quarterly", "'next week'", "2027-03-31"),
        ("quarterly", "20270101", "2027-03-31"),
        ("quarterly", "2027-01-01", "null"),
        ("quarterly", "2027-01-01", "2027-01-31T00:00:00"),
        ("hourly", "2027-01-01", "2027-01-02"),  # unknown frequency: the schema reports it
        ("[monthly]", "2027-01-01", "2027-01-02"),
    ],
)
def test_malformed_or_inverted_values_are_skipped(frequency: str, start: str, end: str) -> None:
    assert codes(kpi(frequency, start, end), select="M107") == []


def test_message_suggests_a_frequency_that_fits() -> None:
    [diag] = lint(kpi("quarterly", "2027-01-01", "2027-03-31"), select="M107")
    assert "90-day time frame" in diag.message
    assert "`monthly`" in diag.message
