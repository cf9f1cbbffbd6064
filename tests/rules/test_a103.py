from __future__ import annotations

import pytest

from kpilint.testing import lint, located

OWNERS = """\
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team}
---
apiVersion: kpilint/v1
kind: Owner
metadata: {id: alice, name: Alice Martin}
spec: {type: person}
"""


def kpi(level: str, owner: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: marketing.blog, name: Blog posts per week}}
spec:
  level: {level}
  owner: {owner}
"""


def test_individual_kpi_owned_by_a_team_is_reported_at_both_ends() -> None:
    project = {"owners.kpi.yaml": OWNERS, "blog.kpi.yaml": kpi("individual", "content-marketing")}
    found = lint(project, select="A103")
    assert [(d.path, d.code, d.line, d.col) for d in found] == [
        ("blog.kpi.yaml", "A103", 6, 10),
        ("owners.kpi.yaml", "A103", 4, 14),
    ]
    assert "owners.kpi.yaml:4" in found[0].message
    assert "blog.kpi.yaml:6" in found[1].message


@pytest.mark.parametrize("level", ["team", "department"])
def test_group_kpi_owned_by_a_person_is_reported(level: str) -> None:
    project = {"owners.kpi.yaml": OWNERS, "blog.kpi.yaml": kpi(level, "alice")}
    assert located(project, select="A103") == [("blog.kpi.yaml", "A103", 6, 10), ("owners.kpi.yaml", "A103", 9, 14)]


@pytest.mark.parametrize(
    ("level", "owner"),
    [("individual", "alice"), ("team", "content-marketing"), ("company", "alice"), ("team", "not-declared")],
)
def test_fitting_or_unchecked_owners_pass(level: str, owner: str) -> None:
    assert located({"owners.kpi.yaml": OWNERS, "blog.kpi.yaml": kpi(level, owner)}, select="A103") == []


def test_owner_side_lists_every_mismatched_kpi_once() -> None:
    two = kpi("team", "alice") + "---\n" + kpi("department", "alice").replace("marketing.blog", "marketing.web")
    found = lint({"owners.kpi.yaml": OWNERS, "k.kpi.yaml": two}, select="A103")
    assert [(d.path, d.line) for d in found] == [("k.kpi.yaml", 6), ("k.kpi.yaml", 13), ("owners.kpi.yaml", 9)]
    assert "k.kpi.yaml:6" in found[2].message and "k.kpi.yaml:13" in found[2].message
