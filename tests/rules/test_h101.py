"""H101 unknown-parent: `spec.parent` must name a KPI of the project."""

from __future__ import annotations

from kpilint.testing import codes, lint, located

PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.website-traffic, name: Website visits}
spec: {level: department}
"""
CHILD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts}
spec:
  level: team
  parent: {parent}
"""


def test_unknown_parent_with_hint_across_files() -> None:
    files = {"parent.kpi.yaml": PARENT, "team/child.kpi.yaml": CHILD.replace("{parent}", "marketing.website-trafic")}
    assert located(files, select="H101") == [("team/child.kpi.yaml", "H101", 6, 11)]
    (diag,) = lint(files, select="H101")
    assert "did you mean `marketing.website-traffic`?" in diag.message


def test_known_parent_in_another_file_passes() -> None:
    files = {"parent.kpi.yaml": PARENT, "team/child.kpi.yaml": CHILD.replace("{parent}", "marketing.website-traffic")}
    assert located(files, select="H101") == []


def test_parent_resolved_when_only_the_child_is_checked() -> None:
    files = {"parent.kpi.yaml": PARENT, "child.kpi.yaml": CHILD.replace("{parent}", "marketing.website-traffic")}
    assert located(files, select="H101", check=["child.kpi.yaml"]) == []


def test_no_hint_when_nothing_is_close() -> None:
    (diag,) = lint(CHILD.replace("{parent}", "finance.cash"), select="H101")
    assert (diag.code, diag.line, diag.col) == ("H101", 6, 11)
    assert "did you mean" not in diag.message


def test_owner_ids_do_not_count_as_parents() -> None:
    owner = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: finance, name: Finance}\nspec: {type: team}\n---\n"
    assert codes(owner + CHILD.replace("{parent}", "finance"), select="H101") == [("H101", 11, 11)]
