from __future__ import annotations

import textwrap

from kpilint.testing import codes, located

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


def _with_config(statement: str, config: str) -> dict[str, str]:
    return {
        "kpilint.toml": config,
        "kpi.kpi.yaml": (
            "apiVersion: kpilint/v1\nkind: KPI\n"
            "metadata: {id: marketing.blog, name: Blog posts per week}\n"
            f"spec:\n  statement: {statement}\n"
        ),
    }


def test_reads_s101_extended_words() -> None:
    files = _with_config("Enhance the onboarding flow for new customers.", '[rules.S101]\nextend-words = ["enhance"]\n')
    assert [code for _, code, _, _ in located(files, select="S101,S103")] == ["S101"]


def test_s101_with_no_words_leaves_the_statement_to_s103() -> None:
    files = _with_config("Publish more blog posts in 2027.", "[rules.S101]\nwords = []\n")
    assert [code for _, code, _, _ in located(files, select="S101,S103")] == ["S103"]


def test_numbers_that_are_no_amount() -> None:
    files = _with_config("Launch the new CI/CD platform by Q3.", "")
    assert [code for _, code, _, _ in located(files, select="S101,S103")] == ["S103"]
