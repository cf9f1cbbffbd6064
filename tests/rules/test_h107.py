"""H107 parent-closed: an open KPI whose parent is closed."""

from __future__ import annotations

import pytest

from kpilint.testing import codes, lint, located

PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.arr-2026, name: ARR 2026}
spec:
  level: company
  status: {status}
"""
CHILD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.emea, name: EMEA ARR}
spec:
  level: department
  status: {status}
  parent: sales.arr-2026
"""


def project(parent: str, child: str) -> dict[str, str]:
    return {"parent.kpi.yaml": PARENT.replace("{status}", parent), "child.kpi.yaml": CHILD.replace("{status}", child)}


@pytest.mark.parametrize("closed", ["achieved", "missed", "cancelled"])
@pytest.mark.parametrize("open_", ["active", "draft", "null", "''"])
def test_open_child_of_closed_parent_is_reported_once_at_its_parent(closed: str, open_: str) -> None:
    assert located(project(closed, open_), select="H") == [("child.kpi.yaml", "H107", 7, 11)]


@pytest.mark.parametrize("parent", ["active", "draft", "null"])
def test_open_parent_passes(parent: str) -> None:
    assert located(project(parent, "active"), select="H107") == []


@pytest.mark.parametrize("child", ["achieved", "missed", "cancelled"])
def test_closed_child_of_closed_parent_passes(child: str) -> None:
    assert located(project("achieved", child), select="H") == []


def test_message_names_the_parent_its_status_and_place() -> None:
    (diag,) = lint(project("missed", "active"), select="H107")
    assert "parent `sales.arr-2026` (parent.kpi.yaml:6) is missed" in diag.message
    assert diag.yaml_path == "spec.parent"


def test_status_outside_the_enum_leaves_the_parent_open() -> None:
    # `Achieved` is a schema error (V001), and closes nothing
    assert located(project("Achieved", "active"), select="H107") == []


def test_unknown_or_shared_parent_id_is_left_to_h101_and_h105() -> None:
    files = project("achieved", "active")
    files["twin.kpi.yaml"] = PARENT.replace("{status}", "achieved")
    assert {code for _path, code, _line, _col in located(files, select="H")} == {"H105"}
    child = CHILD.replace("{status}", "active").replace("sales.arr-2026", "sales.arr-2025")
    assert codes(child, select="H101,H107") == [("H101", 7, 11)]


def test_json_child() -> None:
    child = '{"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "sales.emea", "name": "EMEA"},\n "spec": {"level": "department", "parent": "sales.arr-2026"}}\n'
    files = {"parent.kpi.yaml": PARENT.replace("{status}", "cancelled"), "child.kpi.json": child}
    assert located(files, select="H107") == [("child.kpi.json", "H107", 2, 44)]
