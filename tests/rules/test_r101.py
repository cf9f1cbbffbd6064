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


EXACT = "[rules.R101]\nmax-change = 0.5\nmin-change = 0\n"
NO_MIN = "[rules.R101]\nmin-change = 0\n"


def test_more_than_doubling_is_reported_at_target() -> None:
    found = lint(kpi("20000", "100000"), select="R101")
    assert [(d.code, d.line, d.col) for d in found] == [("R101", 7, 13)]
    assert "an increase of 400 %" in found[0].message
    assert "more than the 100 %" in found[0].message
    assert "lower the target" in found[0].message


def test_exactly_the_maximum_change_passes() -> None:
    assert codes(kpi("100", "200"), select="R101") == []
    assert codes(kpi("100", "0"), select="R101") == []
    assert codes(kpi("100.0", "200"), select="R101") == []


def test_change_is_computed_exactly() -> None:
    # 0.3 -> 0.45 is exactly 50 %: in binary floating point it is 50.000000000000014 %
    assert codes(kpi("0.3", "0.45"), select="R101", config=EXACT) == []
    found = lint(kpi("0.3", "0.4501"), select="R101", config=EXACT)
    assert [(d.code, d.line, d.col) for d in found] == [("R101", 7, 13)]
    assert "50.03 %" in found[0].message


def test_zero_and_negative_baselines_are_skipped() -> None:
    assert codes(kpi("0", "1000"), select="R101") == []
    assert codes(kpi("-10", "20"), select="R101") == []  # NPS -10 -> 20 is not "300 %"
    assert codes(kpi("-10", "15"), select="R101", config=NO_MIN) == []


def test_small_absolute_changes_are_skipped() -> None:
    assert codes(kpi("2", "6"), select="R101") == []  # 2 -> 6 case studies
    assert codes(kpi("2", "7"), select="R101") == []  # exactly min-change
    assert codes(kpi("2", "7.01"), select="R101") == [("R101", 7, 13)]
    assert codes(kpi("2", "6"), select="R101", config=NO_MIN) == [("R101", 7, 13)]


def test_min_change_option() -> None:
    config = "[rules.R101]\nmin-change = 100\n"
    assert codes(kpi("20", "100"), select="R101", config=config) == []
    assert codes(kpi("20", "121"), select="R101", config=config) == [("R101", 7, 13)]


def test_decreases_are_measured_against_the_baseline() -> None:
    found = lint(kpi("100", "-50"), select="R101")
    assert [(d.code, d.line, d.col) for d in found] == [("R101", 7, 13)]
    assert "a decrease of 150 %" in found[0].message and "raise the target" in found[0].message
    assert codes(kpi("100", "40"), select="R101") == []
    config = "[rules.R101]\nmax-change = 0.5\n"
    assert codes(kpi("100", "40"), select="R101", config=config) == [("R101", 7, 13)]
    assert codes(kpi("100", "50"), select="R101", config=config) == []


def test_printed_change_is_above_printed_limit() -> None:
    found = lint(kpi("100", "200.01"), select="R101", config=NO_MIN)
    assert "an increase of 100.01 %" in found[0].message
    found = lint(kpi("1000000", "2000000.01"), select="R101")
    assert "an increase of 100.000001 %" in found[0].message
    assert "more than the 100 %" in found[0].message


def test_huge_changes_never_print_inf() -> None:
    found = lint(kpi("1e-300", "1e300"), select="R101")
    assert [(d.code, d.line, d.col) for d in found] == [("R101", 7, 13)]
    assert "inf" not in found[0].message.lower()
    assert "1E+602 %" in found[0].message


def test_integers_and_floats_are_the_same_number() -> None:
    assert codes(kpi("10", "20.0"), select="R101") == []
    assert codes(kpi("10.0", "20"), select="R101") == []
    assert codes(kpi("10.0", "21"), select="R101") == [("R101", 7, 13)]


def test_dated_baseline_value_is_used() -> None:
    assert codes(kpi("{value: 10, as_of: 2026-12-31}", "25"), select="R101") == [("R101", 7, 13)]
    assert codes(kpi("{value: 10, as_of: 2026-12-31}", "15"), select="R101") == []


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
