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


def test_missing_statement_at_spec_key() -> None:
    assert codes(HEAD + "spec:\n  owner: content\n", select="S102") == [("S102", 4, 1)]


def test_missing_spec_at_document_start() -> None:
    assert codes(HEAD, select="S102", ignore="V001") == [("S102", 1, 1)]


def test_blank_statement_at_its_key() -> None:
    assert codes(HEAD + "spec:\n  owner: content\n  statement: '  '\n", select="S102") == [("S102", 6, 3)]


def test_short_statement_at_its_value() -> None:
    assert codes(HEAD + "spec:\n  statement: Publish blog posts weekly.\n", select="S102") == [("S102", 5, 14)]


def test_long_enough_statement_passes() -> None:
    snippet = HEAD + "spec:\n  statement: Publish two blog posts a week.\n"
    assert codes(snippet, select="S102") == []


def test_min_words_option() -> None:
    snippet = HEAD + "spec:\n  statement: Publish blog posts weekly.\n"
    assert codes(snippet, select="S102", config="[rules.S102]\nmin-words = 4\n") == []
    assert codes(snippet, select="S102", config="[rules.S102]\nmin-words = 5\n") == [("S102", 5, 14)]


def test_owner_documents_are_skipped() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: Owner
        metadata: {id: content, name: Content team}
        spec: {type: team}
        """
    assert codes(snippet, select="S102") == []
