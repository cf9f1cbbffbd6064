from __future__ import annotations

from kpilint.testing import codes


def test_missing_plan_is_reported_at_spec() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: marketing.blog, name: Blog posts per week}
    spec:
      level: team
      owner: content-marketing
    """
    assert codes(snippet, select="A105") == [("A105", 4, 1)]


def test_empty_plan_is_reported_at_the_list() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: marketing.blog, name: Blog posts per week}
    spec:
      level: team
      plan: []
    """
    assert codes(snippet, select="A105") == [("A105", 6, 3)]


def test_plan_with_activities_passes() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: marketing.blog, name: Blog posts per week}
    spec:
      level: team
      plan:
        - Hire a freelance writer
    """
    assert codes(snippet, select="A105") == []
