from __future__ import annotations

from kpilint.testing import lint, located


def kpi(key: str, parent: str, level: str = "team") -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: {key}, name: KPI {key}}}
spec:
  level: {level}
  parent: {parent}
"""


def test_two_member_cycle_is_reported_at_each_parent() -> None:
    project = {"a.kpi.yaml": kpi("a", "b"), "b.kpi.yaml": kpi("b", "a")}
    found = lint(project, select="H102")
    assert [(d.path, d.code, d.line, d.col) for d in found] == [
        ("a.kpi.yaml", "H102", 6, 11),
        ("b.kpi.yaml", "H102", 6, 11),
    ]
    assert "a -> b -> a" in found[0].message and "b.kpi.yaml:6" in found[0].message
    assert "b -> a -> b" in found[1].message and "a.kpi.yaml:6" in found[1].message


def test_cycle_also_reports_level_inversion() -> None:
    project = {"a.kpi.yaml": kpi("a", "b"), "b.kpi.yaml": kpi("b", "a")}
    found = located(project, select="H102,H103")
    assert {code for _, code, _, _ in found} == {"H102", "H103"}


def test_longer_cycle_names_every_member() -> None:
    snippet = kpi("a", "b") + "---\n" + kpi("b", "c") + "---\n" + kpi("c", "a") + "---\n" + kpi("d", "a")
    found = lint(snippet, select="H102")
    assert [(d.line, d.col) for d in found] == [(6, 11), (13, 11), (20, 11)]
    assert "a -> b -> c -> a" in found[0].message
    assert "c -> a -> b -> c" in found[2].message


def test_self_parent_is_a_cycle() -> None:
    found = lint(kpi("a", "a"), select="H102")
    assert [(d.line, d.col) for d in found] == [(6, 11)]
    assert "a -> a" in found[0].message


def test_chain_to_a_root_passes() -> None:
    root = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: root, name: Root}
    spec: {level: company}
    """
    project = {"root.kpi.yaml": root, "a.kpi.yaml": kpi("a", "root", "department"), "b.kpi.yaml": kpi("b", "a")}
    assert located(project, select="H102") == []


def test_unknown_parent_ends_the_walk() -> None:
    assert located({"a.kpi.yaml": kpi("a", "nowhere")}, select="H102") == []
