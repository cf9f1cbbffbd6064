from __future__ import annotations

import pytest

from kpilint.testing import lint, located


def kpi(key: str, level: str, parent: str | None = None) -> str:
    link = f"\n  parent: {parent}" if parent else ""
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: {key}, name: KPI {key}}}
spec:
  level: {level}{link}
"""


def test_same_level_is_reported_at_child_parent_and_parent_level() -> None:
    project = {"p.kpi.yaml": kpi("p", "team"), "c.kpi.yaml": kpi("c", "team", "p")}
    found = lint(project, select="H103")
    assert [(d.path, d.code, d.line, d.col, d.yaml_path) for d in found] == [
        ("c.kpi.yaml", "H103", 6, 11, "spec.parent"),
        ("p.kpi.yaml", "H103", 5, 10, "spec.level"),
    ]
    assert "p.kpi.yaml:5" in found[0].message
    assert "c.kpi.yaml:6" in found[1].message


@pytest.mark.parametrize(
    ("child", "parent"),
    [("company", "department"), ("department", "department"), ("team", "individual"), ("individual", "individual")],
)
def test_not_strictly_below_is_reported(child: str, parent: str) -> None:
    project = {"p.kpi.yaml": kpi("p", parent), "c.kpi.yaml": kpi("c", child, "p")}
    assert [path for path, *_ in located(project, select="H103")] == ["c.kpi.yaml", "p.kpi.yaml"]


@pytest.mark.parametrize(
    ("child", "parent"),
    [("department", "company"), ("team", "company"), ("team", "department"), ("individual", "team")],
)
def test_strictly_below_passes(child: str, parent: str) -> None:
    project = {"p.kpi.yaml": kpi("p", parent), "c.kpi.yaml": kpi("c", child, "p")}
    assert located(project, select="H103") == []


def test_parent_side_is_reported_once_for_several_children() -> None:
    project = {"p.kpi.yaml": kpi("p", "team"), "c.kpi.yaml": kpi("c1", "team", "p") + "---\n" + kpi("c2", "team", "p")}
    assert located(project, select="H103") == [
        ("c.kpi.yaml", "H103", 6, 11),
        ("c.kpi.yaml", "H103", 13, 11),
        ("p.kpi.yaml", "H103", 5, 10),
    ]


def test_unknown_levels_and_parents_are_skipped() -> None:
    children = kpi("c", "team", "p") + "---\n" + kpi("d", "team", "nowhere")
    project = {"p.kpi.yaml": kpi("p", "squad"), "c.kpi.yaml": children}
    assert located(project, select="H103") == []


def test_company_kpi_with_a_parent_is_told_to_drop_it_or_lower_its_level() -> None:
    files = {"c.kpi.yaml": kpi("co.revenue", "company", "sales.deals"), "d.kpi.yaml": kpi("sales.deals", "department")}
    child = [d for d in lint(files, select="H103") if d.path == "c.kpi.yaml"]
    assert [(d.line, d.col) for d in child] == [(6, 11)]
    assert "remove `parent`, or lower this KPI's level" in child[0].message
    assert "point `parent` at a higher-level KPI" not in child[0].message


def test_company_kpi_that_is_its_own_parent_is_told_the_same() -> None:
    (diag,) = lint(kpi("co.revenue", "company", "co.revenue"), select="H103")
    assert "remove `parent`, or lower this KPI's level" in diag.message
