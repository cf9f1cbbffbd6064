from __future__ import annotations

import textwrap

from kpilint.rules._text import word_count
from kpilint.testing import codes, lint

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


def _statement(statement: str) -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {{id: marketing.blog, name: Blog posts per week}}
        spec:
          statement: "{statement}"
        """


def test_short_statement_with_a_quantity_is_complete() -> None:
    for statement in (
        "Reduce customer churn by 2%.",
        "Cut processing time by 20%.",
        "Increase output by 10%.",
        "Improve revenue by £123,546",
        "Conduct 20 user interviews",
        "Hire 4 designers.",
    ):
        assert codes(_statement(statement), select="S102") == [], statement


def test_short_statement_whose_only_number_is_no_amount_is_reported() -> None:
    for statement in ("Launch the app in Q3.", "Grow revenue in 2027.", "Be #1 in Europe."):
        assert [c for c, _, _ in codes(_statement(statement), select="S102")] == ["S102"], statement


def test_numbers_are_one_word_each() -> None:
    assert word_count("Earn $1.2M, 1,000 and 99.95% now") == 6
    assert word_count("1,000 1.5 -2 3,5") == 4
    [diag] = lint(_statement("Ship version 1,000.5 here"), select="S102")
    assert "has 4 words" in diag.message
