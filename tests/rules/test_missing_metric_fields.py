"""M102–M105: a missing unit, baseline, source or frequency. The four rules
share one helper (``missing_field``), so they share these cases: each is run
for every rule, with the field and a present value of its own."""

from __future__ import annotations

import textwrap

import pytest

from kpilint.testing import codes

HEAD = textwrap.dedent(
    """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: marketing.blog, name: Blog posts per week}
    """
)

RULES = [  # (code, field, a value that satisfies it)
    ("M102", "unit", "posts/week"),
    ("M103", "baseline", "{value: 1, as_of: 2026-12-31}"),
    ("M104", "source", "cms.published_posts"),
    ("M105", "frequency", "weekly"),
]
each = pytest.mark.parametrize("code, field, present", RULES, ids=[code for code, _, _ in RULES])


@each
def test_missing_field_reported_at_metric_key(code: str, field: str, present: str) -> None:
    snippet = HEAD + "spec:\n  level: team\n  metric:\n    direction: increase\n"
    assert codes(snippet, select=code) == [(code, 6, 3)]


@each
def test_missing_metric_reported_at_spec_key(code: str, field: str, present: str) -> None:
    snippet = HEAD + "spec:\n  level: team\n"
    assert codes(snippet, select=code) == [(code, 4, 1)]


@each
def test_null_metric_reported_at_metric_key(code: str, field: str, present: str) -> None:
    snippet = HEAD + "spec:\n  level: team\n  metric:\n"
    assert codes(snippet, select=code) == [(code, 6, 3)]


@each
def test_missing_spec_reported_at_document_start(code: str, field: str, present: str) -> None:
    assert codes(HEAD, select=code, ignore="V001") == [(code, 1, 1)]


@each
def test_null_field_reported_at_its_key(code: str, field: str, present: str) -> None:
    snippet = HEAD + f"spec:\n  metric:\n    direction: increase\n    {field}:\n"
    assert codes(snippet, select=code) == [(code, 7, 5)]


@each
def test_present_field_passes(code: str, field: str, present: str) -> None:
    snippet = HEAD + f"spec:\n  metric:\n    {field}: {present}\n"
    assert codes(snippet, select=code) == []


@each
def test_malformed_metric_is_left_to_the_schema(code: str, field: str, present: str) -> None:
    snippet = HEAD + "spec:\n  metric: [1, 2]\n"
    assert codes(snippet, select=code) == []


@each
def test_owner_documents_are_skipped(code: str, field: str, present: str) -> None:
    snippet = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: content, name: Content}\nspec: {type: team}\n"
    assert codes(snippet, select=code) == []


def test_blank_unit_reported_at_its_key() -> None:
    snippet = HEAD + "spec:\n  metric:\n    unit: '   '\n"
    assert codes(snippet, select="M102") == [("M102", 6, 5)]


def test_zero_baseline_passes() -> None:
    assert codes(HEAD + "spec:\n  metric:\n    baseline: 0\n", select="M103") == []
