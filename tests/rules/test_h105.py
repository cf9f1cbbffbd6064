from __future__ import annotations

from kpilint.testing import codes, lint, located


def kpi(key: str, name: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: {key}
  name: {name}
spec: {{level: department}}
"""


def test_duplicate_id_across_files_is_reported_at_each() -> None:
    project = {
        "a.kpi.yaml": kpi("sales.new-customers", "New customers"),
        "b/c.kpi.yaml": kpi("sales.new-customers", "New logos"),
    }
    assert located(project, select="H105") == [("a.kpi.yaml", "H105", 4, 7), ("b/c.kpi.yaml", "H105", 4, 7)]
    messages = {d.path: d.message for d in lint(project, select="H105")}
    assert "b/c.kpi.yaml:4" in messages["a.kpi.yaml"]
    assert "a.kpi.yaml:4" in messages["b/c.kpi.yaml"]


def test_three_documents_name_the_two_others() -> None:
    snippet = kpi("x", "One") + "---\n" + kpi("x", "Two") + "---\n" + kpi("x", "Three")
    found = lint(snippet, select="H105")
    assert [(d.line, d.col) for d in found] == [(4, 7), (11, 7), (18, 7)]
    assert "test.kpi.yaml:11" in found[0].message and "test.kpi.yaml:18" in found[0].message


def test_only_asked_files_are_reported() -> None:
    project = {"a.kpi.yaml": kpi("x", "One"), "b.kpi.yaml": kpi("x", "Two")}
    assert located(project, select="H105", check=["b.kpi.yaml"]) == [("b.kpi.yaml", "H105", 4, 7)]


def test_kpi_and_owner_may_share_an_id() -> None:
    owner = """\
    apiVersion: kpilint/v1
    kind: Owner
    metadata: {id: sales, name: Sales}
    spec: {type: department}
    """
    assert codes({"a.kpi.yaml": kpi("sales", "Sales"), "o.kpi.yaml": owner}, select="H105") == []


def test_duplicate_owner_ids_are_reported() -> None:
    owner = """\
    apiVersion: kpilint/v1
    kind: Owner
    metadata: {id: sales, name: Sales}
    spec: {type: department}
    """
    assert located({"a.kpi.yaml": owner, "b.kpi.yaml": owner}, select="H105") == [
        ("a.kpi.yaml", "H105", 3, 16),
        ("b.kpi.yaml", "H105", 3, 16),
    ]


def test_unique_ids_pass() -> None:
    assert codes({"a.kpi.yaml": kpi("a", "A"), "b.kpi.yaml": kpi("b", "B")}, select="H105") == []


def test_many_duplicates_name_five_and_count_the_rest() -> None:
    snippet = "---\n".join(kpi("x", f"Name {i}") for i in range(13))
    found = lint(snippet, select="H105")
    assert len(found) == 13
    assert found[5].message.count("test.kpi.yaml:") == 5 and "and 7 more" in found[5].message
    assert "test.kpi.yaml:39" not in found[5].message  # not itself (document 5 starts on line 36)
