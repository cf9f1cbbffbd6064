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


def test_percentage_units_by_their_spelling() -> None:
    assert codes(kpi("{unit: percent, baseline: 99, target: 101}"), select="R102") == [("R102", 5, 49)]
    assert codes(kpi("{unit: Percentage, baseline: 99, target: 101}"), select="R102") == [("R102", 5, 52)]
    assert codes(kpi("{unit: pct, baseline: 99, target: 101}"), select="R102") == [("R102", 5, 45)]
    assert codes(kpi("{unit: per cent, baseline: 99, target: 101}"), select="R102") == [("R102", 5, 50)]
    found = lint(kpi('{unit: "% of users", baseline: -1, target: 50}'), select="R102")
    assert [(d.code, d.line, d.col) for d in found] == [("R102", 5, 42)]
    assert "percentage unit `% of users`" in found[0].message
    # not percentages: other words that merely start alike
    assert codes(kpi("{unit: percentile, baseline: 99, target: 101}"), select="R102") == []
    assert codes(kpi("{unit: points, baseline: 99, target: 101}"), select="R102") == []


def test_inverted_bounds_reported_at_bounds_instead_of_values() -> None:
    found = lint(kpi('{unit: "%", baseline: 5, target: 3, bounds: {min: 10, max: 0}}'), select="R102")
    assert [(d.code, d.line, d.col, d.yaml_path) for d in found] == [("R102", 5, 47, "spec.metric.bounds")]
    assert "inverted" in found[0].message
    assert "lower the baseline" not in found[0].message and "raise" not in found[0].message


def test_inverted_bounds_block_style() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: platform.uptime, name: Service uptime}
    spec:
      metric:
        unit: ms
        baseline: 50
        target: 40
        bounds:
          min: 100
          max: 10
    """
    assert codes(snippet, select="R102") == [("R102", 9, 5)]


def test_declared_end_crossing_the_percent_default_is_inverted() -> None:
    found = lint(kpi('{unit: "%", target: 160, bounds: {min: 150}}'), select="R102")
    assert [(d.code, d.line, d.col) for d in found] == [("R102", 5, 36)]
    assert "default of the percentage unit `%`" in found[0].message
    assert codes(kpi("{unit: pct, target: -6, bounds: {max: -5}}"), select="R102") == [("R102", 5, 35)]


def test_equal_bounds_are_not_inverted() -> None:
    assert codes(kpi("{unit: posts, baseline: 5, target: 5, bounds: {min: 5, max: 5}}"), select="R102") == []
    assert codes(kpi("{unit: posts, baseline: 5, target: 6, bounds: {min: 5, max: 5}}"), select="R102") == [
        ("R102", 5, 46)
    ]


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
