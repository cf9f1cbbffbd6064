from __future__ import annotations

from kpilint.testing import codes, lint


def test_missing_timeframe_is_one_finding_at_spec() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      level: department
    """
    found = lint(snippet, select="T101")
    assert [(d.code, d.line, d.col) for d in found] == [("T101", 4, 1)]
    assert found[0].yaml_path == "spec.timeframe"


def test_missing_end_is_reported_at_timeframe() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      timeframe:
        start: 2027-01-01
        review: monthly
    """
    found = lint(snippet, select="T101")
    assert [(d.code, d.line, d.col, d.yaml_path) for d in found] == [("T101", 5, 3, "spec.timeframe.end")]


def test_one_finding_per_missing_date() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      timeframe: {review: monthly}
    """
    found = lint(snippet, select="T101")
    assert sorted(d.yaml_path for d in found) == ["spec.timeframe.end", "spec.timeframe.start"]
    assert {(d.line, d.col) for d in found} == {(5, 3)}


def test_null_start_counts_as_missing() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      timeframe:
        start:
        end: 2027-03-31
    """
    assert codes(snippet, select="T101") == [("T101", 6, 5)]


def test_complete_timeframe_passes() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.new-customers, name: New customers}
    spec:
      timeframe: {start: 2027-01-01, end: 2027-03-31}
    """
    assert codes(snippet, select="T101") == []
