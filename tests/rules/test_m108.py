from __future__ import annotations

import pytest

from kpilint.testing import codes, lint


def kpi(unit: str, baseline: str, target: str) -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {{id: support.csat, name: Customer satisfaction}}
        spec:
          metric:
            unit: {unit}
            baseline: {baseline}
            target: {target}
        """


@pytest.mark.parametrize(
    ("baseline", "target"),
    [("0.9", "0.95"), ("0", "0.5"), ("0.25", "1"), ("{value: 0.8, as_of: 2026-12-31}", "0.9"), ("1.0", "0.5")],
)
def test_fractions_with_percent_unit_reported_at_target(baseline: str, target: str) -> None:
    assert codes(kpi("'%'", baseline, target), select="M108") == [("M108", 8, 13)]


@pytest.mark.parametrize(
    ("unit", "baseline", "target"),
    [
        ("'%'", "90", "95"),
        ("'%'", "0", "1"),  # whole numbers: 0 % and 1 % are plausible
        ("'%'", "0.5", "2"),  # target outside [0, 1]
        ("'%'", "-0.5", "0.5"),
        ("ratio", "0.9", "0.95"),
        ("' %'", "0.9", "0.95"),  # not exactly "%"
        ("percent", "0.9", "0.95"),
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
