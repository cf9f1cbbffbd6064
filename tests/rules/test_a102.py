from __future__ import annotations

from kpilint.testing import lint, located

OWNERS = """\
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team}
---
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}
spec: {type: department}
"""


def kpi(owner: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: marketing.blog, name: Blog posts per week}}
spec:
  level: team
  owner: {owner}
"""


def test_unknown_owner_is_reported_with_a_suggestion() -> None:
    project = {"owners.kpi.yaml": OWNERS, "kpis/blog.kpi.yaml": kpi("content-marketting")}
    found = lint(project, select="A102")
    assert [(d.path, d.code, d.line, d.col) for d in found] == [("kpis/blog.kpi.yaml", "A102", 6, 10)]
    assert "did you mean `content-marketing`?" in found[0].message


def test_no_suggestion_when_nothing_is_close() -> None:
    found = lint({"owners.kpi.yaml": OWNERS, "blog.kpi.yaml": kpi("zzz")}, select="A102")
    assert [(d.line, d.col) for d in found] == [(6, 10)]
    assert "did you mean" not in found[0].message


def test_declared_owner_passes() -> None:
    assert located({"owners.kpi.yaml": OWNERS, "blog.kpi.yaml": kpi("content-marketing")}, select="A102") == []


def test_free_string_owners_pass_without_declared_owners() -> None:
    assert located({"blog.kpi.yaml": kpi("anyone at all")}, select="A102") == []


def test_owner_declared_in_a_file_that_does_not_parse_is_not_reported() -> None:
    broken = "apiVersion: kpilint/v1\nkind: Owner\nmetadata:\n  id: dana\nspec:\n\ttype: person\n"
    project = {"owners.kpi.yaml": OWNERS, "people.kpi.yaml": broken, "kpis/blog.kpi.yaml": kpi("dana")}
    assert [code for _, code, _, _ in located(project, select="A102,F002")] == ["F002"]
    project["kpis/blog.kpi.yaml"] = kpi("sam")
    assert [code for _, code, _, _ in located(project, select="A102,F002")] == ["A102", "F002"]


def test_far_off_owner_gets_no_suggestion() -> None:
    (diag,) = lint({"owners.kpi.yaml": OWNERS, "blog.kpi.yaml": kpi("finance")}, select="A102")
    assert "did you mean" not in diag.message and "declare it as an Owner" in diag.message
