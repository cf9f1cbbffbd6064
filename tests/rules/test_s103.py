from __future__ import annotations

import textwrap

from kpilint.testing import codes

HEAD = textwrap.dedent(
    """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.churn, name: Enterprise churn}
    spec:
    """
)


def test_statement_without_number_is_reported() -> None:
    snippet = HEAD + "  statement: Reduce monthly churn of enterprise customers by June.\n"
    assert codes(snippet, select="S103") == [("S103", 5, 14)]


def test_statement_with_digits_or_number_words_passes() -> None:
    for statement in (
        "Reduce monthly churn to 2 % by June.",
        "Reduce monthly churn to two percent by June.",
        "Halve monthly churn by June.",
        "Cut churn by twenty-five per cent.",
    ):
        assert codes(HEAD + f"  statement: {statement}\n", select="S103") == [], statement


def test_vague_statement_is_left_to_s101() -> None:
    snippet = HEAD + "  statement: Reduce churn and keep more enterprise customers.\n"
    assert codes(snippet, select="S103") == []
    assert codes(snippet, select="S101,S103") == [("S101", 5, 36)]


def test_missing_statement_is_left_to_s102() -> None:
    assert codes(HEAD + "  owner: sales\n", select="S103") == []
