from __future__ import annotations

import textwrap

from kpilint.testing import codes

HEAD = textwrap.dedent(
    """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: marketing.blog, name: Blog posts per week}
    """
)


def test_missing_field_reported_at_metric_key() -> None:
    snippet = HEAD + "spec:\n  level: team\n  metric:\n    direction: increase\n"
    assert codes(snippet, select="M104") == [("M104", 6, 3)]


def test_missing_metric_reported_at_spec_key() -> None:
    snippet = HEAD + "spec:\n  level: team\n"
    assert codes(snippet, select="M104") == [("M104", 4, 1)]


def test_null_metric_reported_at_metric_key() -> None:
    snippet = HEAD + "spec:\n  level: team\n  metric:\n"
    assert codes(snippet, select="M104") == [("M104", 6, 3)]


def test_missing_spec_reported_at_document_start() -> None:
    assert codes(HEAD, select="M104", ignore="V001") == [("M104", 1, 1)]


def test_null_field_reported_at_its_key() -> None:
    snippet = HEAD + "spec:\n  metric:\n    direction: increase\n    source:\n"
    assert codes(snippet, select="M104") == [("M104", 7, 5)]


def test_present_field_passes() -> None:
    snippet = HEAD + "spec:\n  metric:\n    source: cms.published_posts\n"
    assert codes(snippet, select="M104") == []


def test_malformed_metric_is_left_to_the_schema() -> None:
    snippet = HEAD + "spec:\n  metric: [1, 2]\n"
    assert codes(snippet, select="M104") == []


def test_owner_documents_are_skipped() -> None:
    snippet = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: content, name: Content}\nspec: {type: team}\n"
    assert codes(snippet, select="M104") == []
