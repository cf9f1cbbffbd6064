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


def test_loop_past_five_names_the_first_five_and_counts_the_rest() -> None:
    ids = [f"k{i}" for i in range(8)]
    files = {f"{key}.kpi.yaml": kpi(key, ids[(i + 1) % 8]) for i, key in enumerate(ids)}
    found = lint(files, select="H102")
    assert len(found) == 8
    assert "`k3 -> k4 -> k5 -> k6 -> k7 -> ... (3 more) -> k3`" in found[3].message
    assert "`k0` (k0.kpi.yaml:5)" not in found[3].message and "and 2 more" in found[3].message


def test_loop_of_five_is_named_whole() -> None:
    ids = [f"k{i}" for i in range(5)]
    files = {f"{key}.kpi.yaml": kpi(key, ids[(i + 1) % 5]) for i, key in enumerate(ids)}
    message = lint(files, select="H102")[0].message
    assert "`k0 -> k1 -> k2 -> k3 -> k4 -> k0`" in message and "more" not in message
