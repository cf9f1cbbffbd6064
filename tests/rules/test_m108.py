from __future__ import annotations

import pytest

from kpilint.testing import codes, lint


def kpi(unit: str, baseline: str, target: str, statement: str = "Keep the customers satisfied.", extra: str = "") -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {{id: support.csat, name: Customer satisfaction}}
        spec:
          statement: {statement}
          metric:
            unit: {unit}
            baseline: {baseline}
            target: {target}
            {extra}
        """


@pytest.mark.parametrize(
    ("baseline", "target"),
    [("0.9", "0.95"), ("0", "0.5"), ("0.25", "1"), ("{value: 0.8, as_of: 2026-12-31}", "0.9"), ("1.0", "0.5")],
)
def test_fractions_with_percent_unit_reported_at_target(baseline: str, target: str) -> None:
    assert codes(kpi("'%'", baseline, target), select="M108") == [("M108", 9, 13)]


@pytest.mark.parametrize(
    ("unit", "baseline", "target"),
    [
        ("'%'", "90", "95"),
        ("'%'", "0", "1"),  # whole numbers: 0 % and 1 % are plausible
        ("'%'", "0.5", "2"),  # target outside [0, 1]
        ("'%'", "-0.5", "0.5"),
        ("ratio", "0.9", "0.95"),
        ("percentile", "0.9", "0.95"),  # not a percentage spelling
        ("pcts", "0.9", "0.95"),
    ],
)
def test_other_values_pass(unit: str, baseline: str, target: str) -> None:
    assert codes(kpi(unit, baseline, target), select="M108") == []


@pytest.mark.parametrize(("baseline", "target"), [("0.9", "'0.95'"), ("0.9", "true"), ("'0.9'", "0.95"), ("0.9", ".nan")])
def test_malformed_values_are_skipped(baseline: str, target: str) -> None:
    assert codes(kpi("'%'", baseline, target), select="M108") == []


def test_missing_baseline_is_skipped() -> None:
    snippet = kpi("'%'", "0.9", "0.95").replace("    baseline: 0.9\n", "")
    assert codes(snippet, select="M108") == []


def test_message_suggests_percentages() -> None:
    [diag] = lint(kpi("'%'", "0.9", "0.95"), select="M108")
    assert "write 95 for 0.95" in diag.message and "90 for 0.9" in diag.message


@pytest.mark.parametrize("unit", ["percent", "Percent", "per cent", "percentage", "pct", "'% of visitors'", "' %'", "percent of orders"])
def test_percentage_spellings(unit: str) -> None:
    assert codes(kpi(unit, "0.21", "0.25"), select="M108") == [("M108", 9, 13)]


def test_statement_with_the_small_percentage_keeps_it_silent() -> None:
    snippet = kpi("'%'", "0.8", "0.5", "Cut monthly churn from 0.8% to 0.5%.")
    snippet = kpi("'%'", "0.8", "0.5", "Cut monthly churn from 0.8% to 0.5%.", "bounds: {min: 0, max: 100}")
    assert codes(snippet, select="M108,M106,S106") == []


def test_statement_stating_the_fraction_times_100_is_evidence() -> None:
    [diag] = lint(kpi("percent", "0.21", "0.25", "Lift sign-up conversion from 21 percent."), select="M108")
    assert "statement states them" in diag.message and "write 25 for 0.25" in diag.message


def test_one_fraction_reported_when_the_statement_states_it_times_100() -> None:
    snippet = kpi("'%'", "21", "0.25", "Lift sign-up conversion to 25%.", "direction: increase")
    assert codes(snippet, select="M108,M106,S106") == [("M108", 9, 13)]
    [diag] = lint(snippet, select="M108")
    assert "write 25 for 0.25" in diag.message


def test_one_fraction_without_evidence_is_left_to_m106() -> None:
    snippet = kpi("'%'", "95", "0.98", extra="direction: increase")
    assert codes(snippet, select="M108,M106") == [("M106", 9, 13)]
