from __future__ import annotations

from kpilint.testing import codes, lint


def test_vague_statement_reported_at_first_vague_word() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: marketing.blog, name: Blog posts per week}
        spec:
          statement: Publish more blog posts and get better traffic.
        """
    assert codes(snippet, select="S101") == [("S101", 5, 22)]
    [diag] = lint(snippet, select="S101")
    assert "`more` and `better`" in diag.message
    assert (diag.end_line, diag.end_col) == (5, 26)


def test_inflections_case_and_folded_block_scalar() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: marketing.blog, name: Blog posts per week}
        spec:
          statement: >-
            Keep the editorial calendar full while
            Improving traffic, then OPTIMIZED it as much
            as possible.
        """
    [diag] = lint(snippet, select="S101")
    assert (diag.code, diag.line, diag.col) == ("S101", 7, 5)
    assert "`Improving`, `OPTIMIZED` and `as much as possible`" in diag.message


def test_literal_block_scalar_and_name_get_one_finding_each() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata:
          id: marketing.blog
          name: Increased blog posts
        spec:
          statement: |
            Publish blog posts on a fixed weekly schedule.
            Write betters posts.
        """
    assert codes(snippet, select="S101") == [("S101", 5, 9), ("S101", 9, 11)]


def test_whole_words_only() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: marketing.blog, name: Blog posts per week}
        spec:
          statement: Moreover someone handsome covers betterment_rate and awesome posts.
        """
    assert codes(snippet, select="S101") == []


def test_a_number_in_the_field_makes_it_acceptable() -> None:
    for statement in (
        "Publish more blog posts, 2 a week.",
        "Publish more blog posts: two a week.",
        "Double the blog posts and improve traffic.",
        "Improve conversion by ten percent.",
    ):
        snippet = f"""\
            apiVersion: kpilint/v1
            kind: KPI
            metadata: {{id: marketing.blog, name: Blog posts per week}}
            spec:
              statement: {statement}
            """
        assert codes(snippet, select="S101") == [], statement


def test_plan_items_are_not_checked() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: marketing.blog, name: Blog posts per week}
        spec:
          plan:
            - Write more posts
        """
    assert codes(snippet, select="S101") == []


def test_words_option_replaces_the_list() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: marketing.blog, name: Grow the blog}
        spec:
          statement: Publish more posts on the blog.
        """
    config = '[rules.S101]\nwords = ["grow"]\n'
    assert codes(snippet, select="S101", config=config) == [("S101", 3, 38)]


def test_extend_words_option_adds_to_the_list() -> None:
    snippet = """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: marketing.blog, name: Grow the blog}
        spec:
          statement: Publish more posts on the blog.
        """
    config = '[rules.S101]\nextend-words = ["grow", "world class"]\n'
    assert codes(snippet, select="S101", config=config) == [("S101", 3, 38), ("S101", 5, 22)]
    assert codes(snippet, select="S101") == [("S101", 5, 22)]


def test_more_than_five_vague_words_are_capped() -> None:
    from kpilint.testing import lint as _lint

    snippet = (
        "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: m.x, name: Site visits}\n"
        "spec:\n  statement: Do more, better, improve, optimize and some various things.\n"
    )
    (diag,) = _lint(snippet, select="S101")
    assert "`more`, `better`, `improve`, `optimize`, `some` and 1 more" in diag.message


def _statement(statement: str) -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {{id: marketing.blog, name: Blog posts per week}}
        spec:
          statement: {statement}
        """


def test_extended_words_inflections_and_british_spellings() -> None:
    for statement, word in (
        ("Boost engagement across all channels.", "Boost"),
        ("Maximize shareholder value for the group.", "Maximize"),
        ("Maximise shareholder value for the group.", "Maximise"),
        ("Optimise our hiring funnel this spring.", "Optimise"),
        ("Enhanced onboarding for enterprise clients.", "Enhanced"),
        ("Significantly reduce waste in the plant.", "Significantly"),
        ("Hire as many engineers as possible this year.", "as many engineers as possible"),
        ("Get as many reviews as possible on G2.", "as many reviews as possible"),
        ("Increasingly shift spend to digital channels.", "Increasingly"),
        ("Build a strong employer brand in town.", "strong"),
        ("Fix the flaky tests ASAP please.", "ASAP"),
    ):
        [diag] = lint(_statement(statement), select="S101")
        assert f"`{word}`" in diag.message, statement


def test_numbers_that_are_not_amounts_do_not_silence_it() -> None:
    for statement in (
        "Publish more blog posts in 2027.",
        "To make more money in the next 12 months.",
        "Drive strong activation for new users in Q3.",
        "Increase social media marketing in 2018.",
        "Improve our web3 presence",
        "Increase MP3 downloads",
        "Become the number one agency with better service.",
    ):
        assert [c for c, _, _ in codes(_statement(statement), select="S101")] == ["S101"], statement


def test_a_quantity_silences_it() -> None:
    for statement in ("Increase output by 10%.", "Improve revenue by £123,546", "Boost referrals 2x.", "Double and improve the blog."):
        assert codes(_statement(statement), select="S101") == [], statement
