from __future__ import annotations

import pytest

from kpilint.testing import codes, lint


def metric(direction: str, baseline: str, target: str) -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {{id: support.response, name: First response time}}
        spec:
          metric:
            unit: minutes
            direction: {direction}
            baseline: {baseline}
            target: {target}
        """


@pytest.mark.parametrize(
    ("direction", "baseline", "target"),
    [
        ("increase", "45", "30"),
        ("increase", "45", "45"),
        ("decrease", "30", "45"),
        ("decrease", "30.0", "30"),
        ("maintain", "99.9", "99.5"),
        ("increase", "{value: 45, as_of: 2026-12-31}", "44.5"),
    ],
)
def test_contradiction_reported_at_target(direction: str, baseline: str, target: str) -> None:
    assert codes(metric(direction, baseline, target), select="M106") == [("M106", 9, 13)]


@pytest.mark.parametrize(
    ("direction", "baseline", "target"),
    [
        ("increase", "30", "45"),
        ("decrease", "45", "30"),
        ("maintain", "99.5", "99.5"),
        ("decrease", "{value: 45}", "-1"),
    ],
)
def test_consistent_direction_passes(direction: str, baseline: str, target: str) -> None:
    assert codes(metric(direction, baseline, target), select="M106") == []


@pytest.mark.parametrize(
    ("baseline", "target"),
    [("45", "'30'"), ("45", "true"), ("'45'", "30"), ("{as_of: 2026-12-31}", "30"), ("45", ".nan"), ("45", "null")],
)
def test_malformed_values_are_skipped(baseline: str, target: str) -> None:
    assert codes(metric("increase", baseline, target), select="M106") == []


def test_missing_direction_or_baseline_is_skipped() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: support.response, name: First response time}
        spec:
          metric: {baseline: 45, target: 30}
        """
    assert codes(snippet, select="M106") == []
    assert codes(snippet.replace("baseline: 45, ", "direction: increase, "), select="M106") == []


def test_message_names_both_numbers() -> None:
    [diag] = lint(metric("increase", "45.0", "30"), select="M106")
    assert "target (30) is below the baseline (45)" in diag.message


def test_fraction_typo_on_a_percentage_unit_is_named_first() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: support.csat, name: Customer satisfaction}
        spec:
          metric:
            unit: percent
            direction: increase
            baseline: 95
            target: 0.98
        """
    [diag] = lint(snippet, select="M106")
    assert (diag.line, diag.col) == (9, 13)
    assert diag.message.index("0.98 looks like 98 %") < diag.message.index("change `direction`")
    assert "write 98 for 0.98" in diag.message


def test_no_fraction_hint_off_a_percentage_unit() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: support.csat, name: Customer satisfaction}
        spec:
          metric:
            unit: points
            direction: increase
            baseline: 95
            target: 0.98
        """
    [diag] = lint(snippet, select="M106")
    assert "fraction" not in diag.message
