from __future__ import annotations

import pytest

from kpilint.testing import codes, lint


def kpi(statement: str, target: str, unit: str = "visits", baseline: str = "40000", direction: str = "increase") -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {{id: marketing.visits, name: Monthly website visits}}
        spec:
          statement: "{statement}"
          metric:
            unit: "{unit}"
            direction: {direction}
            baseline: {baseline}
            target: {target}
        """


def test_statement_amount_differs_from_target_reported_at_target() -> None:
    snippet = kpi("Reach 60,000 monthly visits to the website.", "50000")
    assert codes(snippet, select="S106") == [("S106", 10, 13)]
    [diag] = lint(snippet, select="S106")
    assert '"60,000 monthly visits to"' not in diag.message
    assert "60000" in diag.message and "50000" in diag.message


@pytest.mark.parametrize(
    ("statement", "target", "unit", "baseline"),
    [
        ("Reach 60,000 monthly visits.", "60000", "visits", "40000"),
        ("Grow annual recurring revenue from 10 to 12 million EUR.", "12000000", "EUR", "10000000"),
        ("Grow annual recurring revenue from 10 to 12 million EUR.", "12", "million EUR", "10"),
        ("Publish two case studies a month.", "2", "case studies/month", "1"),
        ("Grow ARR to €1.2M.", "1200000", "EUR", "900000"),
        ("Answer chats within two minutes.", "120", "seconds", "300"),
        ("Lift conversion to 25%.", "0.25", "ratio", "0.2"),
        ("Keep churn at 3%.", "3", "%", "3"),
    ],
)
def test_agreeing_amounts_pass(statement: str, target: str, unit: str, baseline: str) -> None:
    direction = "maintain" if target == baseline else ("increase" if float(target) > float(baseline) else "decrease")
    assert codes(kpi(statement, target, unit, baseline, direction), select="S106") == []


@pytest.mark.parametrize(
    "statement",
    [
        "Grow monthly visits by 5,000.",  # a change: no target stated
        "Double monthly visits.",  # a multiplier
        "Reach 10-20% more visits.",  # a range
        "Answer 80% of calls within 20 seconds.",  # two amounts: ambiguous
        "Grow monthly visits in 2027.",  # a year is no amount
        "Grow monthly visits in the next 12 months.",  # a window
        "Become the number one site for 3 regions and 40 cities.",  # two amounts
    ],
)
def test_no_unambiguous_target_amount_is_silent(statement: str) -> None:
    assert codes(kpi(statement, "50000"), select="S106") == []


def test_silent_when_m106_fires() -> None:
    snippet = kpi("Reach 60,000 monthly visits.", "30000")  # increase 40000 -> 30000
    assert codes(snippet, select="S106,M106") == [("M106", 10, 13)]


def test_silent_when_m108_fires() -> None:
    snippet = kpi("Grow sign-up conversion to 25%.", "0.25", "%", "0.2")
    assert codes(snippet, select="S106,M108,M106") == [("M108", 10, 13)]


def test_twelve_million_is_twelve_million() -> None:
    snippet = kpi("Grow revenue to 12 million EUR.", "1200000", "EUR", "1000000")
    assert codes(snippet, select="S106") == [("S106", 10, 13)]

