from __future__ import annotations

import textwrap

from kpilint.testing import codes, lint

HEAD = textwrap.dedent(
    """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: marketing.blog, name: Blog posts per week}
    spec:
    """
)


def test_whole_value_placeholders() -> None:
    snippet = HEAD + (
        "  owner: tbd\n"
        "  metric:\n"
        "    source: <TODO>\n"
        "  plan:\n"
        "    - Hire a writer\n"
        "    - N/A\n"
    )
    assert codes(snippet, select="S105") == [("S105", 5, 10), ("S105", 7, 13), ("S105", 10, 7)]
    assert "owner is the placeholder `tbd`" in lint(snippet, select="S105")[0].message


def test_placeholder_inside_text_at_the_token() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata:
          id: marketing.blog
          name: Blog posts ???
        spec:
          statement: >-
            Publish two blog posts a week, target
            TBD after the first month.
          plan:
            - Lorem  ipsum dolor
        """
    assert codes(snippet, select="S105") == [("S105", 5, 20), ("S105", 9, 5), ("S105", 11, 7)]


def test_lowercase_words_inside_sentences_pass() -> None:
    snippet = HEAD + (
        "  statement: Clear the todo backlog of the blog and tbdx drafts within two weeks.\n"
        "  owner: content-marketing\n"
        "  plan:\n"
        "    - Hire a writer?\n"
    )
    assert codes(snippet, select="S105") == []


def test_extend_placeholders_option() -> None:
    snippet = HEAD + "  owner: content-marketing\n  metric:\n    source: fixme later\n"
    assert codes(snippet, select="S105") == []
    config = '[rules.S105]\nextend-placeholders = ["FIXME"]\n'
    assert codes(snippet, select="S105", config=config) == [("S105", 7, 13)]


def test_extended_whole_value_placeholders() -> None:
    for value in ("TBC", "fixme", "Xxx", "'?'", "'???'", "'-'", "'...'", "Placeholder", "LOREM IPSUM", "'  ?  '"):
        snippet = HEAD + f"  owner: {value}\n"
        assert codes(snippet, select="S105") == [("S105", 5, 10)], value


def test_extended_capital_placeholders_inside_text() -> None:
    for word in ("TBC", "FIXME", "XXX"):
        snippet = HEAD + f"  statement: Publish two blog posts a week, channel {word} later.\n"
        [diag] = lint(snippet, select="S105")
        assert f"`{word}`" in diag.message and diag.col == 14 + len("Publish two blog posts a week, channel ")


def test_punctuation_inside_text_is_not_a_placeholder() -> None:
    for value in ("Why not publish two posts a week?", "Publish two posts - one long, one short", "fixme later", "xxx"):
        snippet = HEAD + f"  statement: {value}\n"
        expected = [("S105", 5, 14)] if value == "xxx" else []
        assert codes(snippet, select="S105") == expected, value
