"""M101 missing-target: a KPI must have a numeric target."""

from __future__ import annotations

from kpilint.testing import codes

HEAD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: Quarterly revenue}
"""


def test_missing_target_points_at_metric() -> None:
    snippet = HEAD + "spec:\n  metric:\n    unit: EUR\n    baseline: 100\n"
    assert codes(snippet, select="M101") == [("M101", 5, 3)]


def test_missing_metric_points_at_spec() -> None:
    assert codes(HEAD + "spec:\n  level: team\n", select="M101") == [("M101", 4, 1)]


def test_missing_spec_points_at_document_start() -> None:
    assert codes(HEAD, select="M101") == [("M101", 1, 1)]


def test_empty_target_points_at_its_key() -> None:
    snippet = HEAD + "spec:\n  metric:\n    target:\n    unit: EUR\n"
    assert codes(snippet, select="M101") == [("M101", 6, 5)]


def test_numeric_target_passes() -> None:
    assert codes(HEAD + "spec:\n  metric: {target: 120}\n", select="M101") == []


def test_non_numeric_target_is_a_schema_error_only() -> None:
    assert codes(HEAD + "spec:\n  metric: {target: lots}\n", select="M101,V001") == [("V001", 5, 20)]


def test_owners_are_not_checked() -> None:
    owner = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: sales, name: Sales}\nspec: {type: team}\n"
    assert codes(owner, select="M101") == []
