from __future__ import annotations

from kpilint.testing import codes, lint


def kpi(baseline: str, target: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: marketing.website-traffic, name: Monthly visits}}
spec:
  metric:
    baseline: {baseline}
    target: {target}
"""


def test_more_than_doubling_is_reported_at_target() -> None:
    found = lint(kpi("20000", "100000"), select="R101")
    assert [(d.code, d.line, d.col) for d in found] == [("R101", 7, 13)]
    assert "400 %" in found[0].message


def test_exactly_the_maximum_change_passes() -> None:
    assert codes(kpi("100", "200"), select="R101") == []
    assert codes(kpi("100", "0"), select="R101") == []


def test_decreases_are_measured_too() -> None:
    assert codes(kpi("-10", "15"), select="R101") == [("R101", 7, 13)]


def test_dated_baseline_value_is_used() -> None:
    assert codes(kpi("{value: 10, as_of: 2026-12-31}", "25"), select="R101") == [("R101", 7, 13)]
    assert codes(kpi("{value: 10, as_of: 2026-12-31}", "15"), select="R101") == []


def test_zero_baseline_is_skipped() -> None:
    assert codes(kpi("0", "1000"), select="R101") == []


def test_non_numbers_are_skipped() -> None:
    assert codes(kpi("true", "1000"), select="R101") == []
    assert codes(kpi("'ten'", "1000"), select="R101") == []
    assert codes(kpi("10", ".inf"), select="R101") == []


def test_max_change_option() -> None:
    config = "[rules.R101]\nmax-change = 0.5\n"
    assert codes(kpi("100", "151"), select="R101", config=config) == [("R101", 7, 13)]
    assert codes(kpi("100", "150"), select="R101", config=config) == []
    config = "[rules.R101]\nmax-change = 5\n"
    assert codes(kpi("20000", "100000"), select="R101", config=config) == []
