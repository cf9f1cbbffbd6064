from __future__ import annotations

from kpilint.testing import codes, lint


def kpi(metric: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: platform.uptime, name: Service uptime}}
spec:
  metric: {metric}
"""


def test_percent_target_above_100_is_reported_at_target() -> None:
    assert codes(kpi('{unit: "%", baseline: 99.5, target: 101}'), select="R102") == [("R102", 5, 47)]


def test_percent_defaults_to_0_to_100() -> None:
    assert codes(kpi('{unit: "%", baseline: 0, target: 100}'), select="R102") == []
    assert codes(kpi('{unit: "%", baseline: -1, target: 100}'), select="R102") == [("R102", 5, 33)]


def test_unit_must_be_exactly_percent() -> None:
    assert codes(kpi("{unit: percent, baseline: 99, target: 101}"), select="R102") == []
    assert codes(kpi('{unit: "% of users", baseline: 99, target: 101}'), select="R102") == []


def test_declared_bounds_are_inclusive() -> None:
    metric = "{unit: posts, baseline: 0, target: 10, bounds: {min: 0, max: 10}}"
    assert codes(kpi(metric), select="R102") == []
    metric = "{unit: posts, baseline: 0, target: 11, bounds: {min: 0, max: 10}}"
    assert codes(kpi(metric), select="R102") == [("R102", 5, 46)]


def test_baseline_and_target_each_reported() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: platform.uptime, name: Service uptime}
    spec:
      metric:
        unit: ms
        baseline: {value: -5, as_of: 2026-12-31}
        target: -1
        bounds: {min: 0}
    """
    found = lint(snippet, select="R102")
    assert [(d.code, d.line, d.col, d.yaml_path) for d in found] == [
        ("R102", 7, 23, "spec.metric.baseline.value"),
        ("R102", 8, 13, "spec.metric.target"),
    ]


def test_bounds_override_one_end_of_the_percent_default() -> None:
    metric = '{unit: "%", baseline: -20, target: 150, bounds: {min: -50}}'
    assert codes(kpi(metric), select="R102") == [("R102", 5, 46)]


def test_no_bounds_no_finding() -> None:
    assert codes(kpi("{unit: EUR, baseline: -1000, target: 1e12}"), select="R102") == []


def test_malformed_values_are_skipped() -> None:
    assert codes(kpi('{unit: "%", baseline: true, target: "200"}'), select="R102") == []
    assert codes(kpi("{unit: EUR, target: 5, bounds: {max: lots}}"), select="R102") == []
