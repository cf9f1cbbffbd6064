"""M109 missing-direction: a KPI without `spec.metric.direction`."""

from __future__ import annotations

import pytest

from kpilint.testing import codes, lint

HEAD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
"""


def test_absent_direction_is_reported_at_metric_key() -> None:
    snippet = HEAD + "spec:\n  level: team\n  metric:\n    unit: hours\n    target: 2\n"
    assert codes(snippet, select="M109") == [("M109", 6, 3)]


def test_missing_metric_is_reported_at_spec_key() -> None:
    assert codes(HEAD + "spec:\n  level: team\n", select="M109") == [("M109", 4, 1)]


def test_null_metric_is_reported_at_metric_key() -> None:
    assert codes(HEAD + "spec:\n  level: team\n  metric:\n", select="M109") == [("M109", 6, 3)]


@pytest.mark.parametrize("value", ["", " null", " ''", " '  '"])
def test_empty_direction_is_reported_at_its_key(value: str) -> None:
    snippet = HEAD + f"spec:\n  metric:\n    unit: hours\n    direction:{value}\n"
    assert codes(snippet, select="M109") == [("M109", 7, 5)]


def test_present_direction_passes() -> None:
    snippet = HEAD + "spec:\n  metric: {unit: hours, direction: decrease}\n"
    assert codes(snippet, select="M109") == []


def test_wrong_direction_is_the_schema_alone() -> None:
    snippet = HEAD + "spec:\n  metric: {direction: down}\n"
    assert codes(snippet, select="M109") == []


def test_message_names_the_values_and_m106() -> None:
    (diag,) = lint(HEAD + "spec:\n  metric: {unit: hours}\n", select="M109")
    assert "`increase`, `decrease` or `maintain`" in diag.message and "M106" in diag.message
