from __future__ import annotations

import pytest

from kpilint.testing import codes


def kpi(level: str, start: str, end: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: marketing.blog, name: Blog posts per week}}
spec:
  level: {level}
  timeframe:
    start: {start}
    end: {end}
"""


def test_too_long_team_timeframe_is_reported_at_end() -> None:
    # 2027-01-01..2027-07-04 is 185 days: one above the team maximum
    assert codes(kpi("team", "2027-01-01", "2027-07-04"), select="T103") == [("T103", 8, 10)]


@pytest.mark.parametrize(
    ("level", "end_at_max"),
    [("company", "2029-12-31"), ("department", "2028-01-01"), ("team", "2027-07-03"), ("individual", "2027-04-02")],
)
def test_default_maximum_is_inclusive(level: str, end_at_max: str) -> None:
    # company 1096, department 366, team 184, individual 92 days from 2027-01-01
    assert codes(kpi(level, "2027-01-01", end_at_max), select="T103") == []


@pytest.mark.parametrize(
    ("level", "end_past_max"),
    [("company", "2030-01-01"), ("department", "2028-01-02"), ("team", "2027-07-04"), ("individual", "2027-04-03")],
)
def test_one_day_above_maximum_is_reported(level: str, end_past_max: str) -> None:
    assert codes(kpi(level, "2027-01-01", end_past_max), select="T103") == [("T103", 8, 10)]


def test_durations_count_both_ends() -> None:
    # 2027-01-01..2027-03-31 is 90 days
    config = "[rules.T103]\nindividual = 89\n"
    assert codes(kpi("individual", "2027-01-01", "2027-03-31"), select="T103", config=config) == [("T103", 8, 10)]
    config = "[rules.T103]\nindividual = 90\n"
    assert codes(kpi("individual", "2027-01-01", "2027-03-31"), select="T103", config=config) == []


@pytest.mark.parametrize("level", ["company", "department", "team", "individual"])
def test_each_level_option_is_used(level: str) -> None:
    config = f"[rules.T103]\n{level} = 30\n"
    assert codes(kpi(level, "2027-01-01", "2027-01-31"), select="T103", config=config) == [("T103", 8, 10)]
    assert codes(kpi(level, "2027-01-01", "2027-01-30"), select="T103", config=config) == []


def test_option_for_another_level_does_not_apply() -> None:
    config = "[rules.T103]\nteam = 10\n"
    assert codes(kpi("department", "2027-01-01", "2027-03-31"), select="T103", config=config) == []


def test_unknown_level_and_bad_dates_are_skipped() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: marketing.blog, name: Blog posts per week}
    spec:
      timeframe: {start: 2020-01-01, end: 2030-01-01}
    """
    assert codes(snippet, select="T103") == []
    assert codes(kpi("team", "2020-01-01", "2030-13-01"), select="T103") == []
    assert codes(kpi("team", "2030-01-01", "2020-01-01"), select="T103") == []
