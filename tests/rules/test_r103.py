from __future__ import annotations

from kpilint.testing import lint, located


def parent(target: str = "100000", aggregation: str = "sum") -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: sales.revenue, name: Revenue}}
spec:
  level: department
  metric:
    unit: EUR
    target: {target}
    aggregation: {aggregation}
"""


def child(key: str, target: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: {key}, name: Revenue {key}}}
spec:
  level: team
  parent: sales.revenue
  metric: {{unit: EUR, target: {target}}}
"""


def project(parent_text: str, *targets: str) -> dict[str, str]:
    files = {"parent.kpi.yaml": parent_text}
    files.update({f"c{i}.kpi.yaml": child(f"sales.c{i}", t) for i, t in enumerate(targets)})
    return files


def test_children_above_parent_reported_at_parent_and_children_targets() -> None:
    found = lint(project(parent(), "60000", "50000"), select="R103")
    assert [(d.path, d.code, d.line, d.col) for d in found] == [
        ("c0.kpi.yaml", "R103", 7, 31),
        ("c1.kpi.yaml", "R103", 7, 31),
        ("parent.kpi.yaml", "R103", 8, 13),
    ]
    assert "110000" in found[2].message
    assert "c0.kpi.yaml:7" in found[2].message and "c1.kpi.yaml:7" in found[2].message
    assert "parent.kpi.yaml:8" in found[0].message


def test_children_equal_to_parent_pass() -> None:
    assert located(project(parent(), "60000", "40000"), select="R103") == []


def test_decimal_targets_add_up_exactly() -> None:
    assert located(project(parent("0.3"), "0.1", "0.2"), select="R103") == []


def test_only_sum_aggregation_is_checked() -> None:
    assert located(project(parent(aggregation="mean"), "60000", "50000"), select="R103") == []
    assert located(project(parent(aggregation="none"), "60000", "50000"), select="R103") == []


def test_children_without_numeric_target_are_left_out() -> None:
    assert located(project(parent(), "60000", "'lots'"), select="R103") == []


def test_parent_without_numeric_target_is_skipped() -> None:
    assert located(project(parent("null"), "60000", "50000"), select="R103") == []


def test_kpi_that_is_parent_and_child_gets_one_finding() -> None:
    top = parent("100")
    middle = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.middle, name: Middle}
    spec:
      level: team
      parent: sales.revenue
      metric: {unit: EUR, target: 150, aggregation: sum}
    """
    leaf = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: sales.leaf, name: Leaf}
    spec:
      level: individual
      parent: sales.middle
      metric: {unit: EUR, target: 200}
    """
    found = lint({"parent.kpi.yaml": top, "middle.kpi.yaml": middle, "leaf.kpi.yaml": leaf}, select="R103")
    assert [(d.path, d.line, d.col) for d in found] == [
        ("leaf.kpi.yaml", 7, 31),
        ("middle.kpi.yaml", 7, 31),
        ("parent.kpi.yaml", 8, 13),
    ]
    assert "; also, " in found[1].message
