"""A106 owner-hierarchy: Owner parents must be declared Owners, without loops."""

from __future__ import annotations

from kpilint.testing import codes, lint, located


def owner(ident: str, parent: str | None = None, kind: str = "team") -> str:
    tail = f", parent: {parent}" if parent is not None else ""
    return f"apiVersion: kpilint/v1\nkind: Owner\nmetadata: {{id: {ident}, name: {ident}}}\nspec: {{type: {kind}{tail}}}\n"


def docs(*parts: str) -> str:
    return "---\n".join(parts)


def test_unknown_parent_is_reported_at_it_with_a_suggestion() -> None:
    found = lint(docs(owner("marketing", kind="department"), owner("content", "marketting")), select="A106")
    assert [(d.code, d.line, d.col) for d in found] == [("A106", 9, 28)]
    assert "did you mean `marketing`?" in found[0].message


def test_far_off_parent_gets_no_suggestion() -> None:
    (diag,) = lint(docs(owner("marketing"), owner("content", "finance")), select="A106")
    assert "did you mean" not in diag.message and "not a declared Owner" in diag.message


def test_own_id_is_never_suggested() -> None:
    (diag,) = lint(owner("content-team", "content-teams"), select="A106")
    assert "did you mean" not in diag.message


def test_kpi_id_as_owner_parent_is_named_as_a_kpi() -> None:
    kpi = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: marketing, name: M}\nspec: {level: company}\n"
    (diag,) = lint(docs(kpi, owner("content", "marketing")), select="A106")
    assert "`marketing` is a KPI, not an Owner" in diag.message


def test_known_parent_and_no_parent_pass() -> None:
    assert codes(docs(owner("marketing"), owner("content", "marketing"), owner("x", "''")), select="A106") == []


def test_loop_of_one() -> None:
    found = lint(owner("content", "content"), select="A106")
    assert [(d.code, d.line, d.col) for d in found] == [("A106", 4, 28)]
    assert "`content -> content`" in found[0].message


def test_loop_of_two_is_reported_at_each_member() -> None:
    files = {"a.kpi.yaml": owner("a", "b"), "b.kpi.yaml": owner("b", "a")}
    assert located(files, select="A106") == [("a.kpi.yaml", "A106", 4, 28), ("b.kpi.yaml", "A106", 4, 28)]
    first = lint(files, select="A106")[0].message
    assert "`a -> b -> a`" in first and "the other member is `b` (b.kpi.yaml:4)" in first


def test_loop_of_three_and_a_tail_into_it() -> None:
    found = located(docs(owner("a", "b"), owner("b", "c"), owner("c", "a"), owner("d", "a")), select="A106")
    assert [line for _, _, line, _ in found] == [4, 9, 14]


def test_long_loop_names_five_and_counts_the_rest() -> None:
    ids = [f"o{i}" for i in range(7)]
    text = docs(*(owner(ident, ids[(i + 1) % 7]) for i, ident in enumerate(ids)))
    found = lint(text, select="A106")
    assert len(found) == 7
    assert "`o0 -> o1 -> o2 -> o3 -> o4 -> ... (2 more) -> o0`" in found[0].message
    assert "and 1 more" in found[0].message


def test_duplicate_ids_are_not_followed() -> None:
    assert codes(docs(owner("a", "b"), owner("b", "a"), owner("b")), select="A106") == []


def test_parent_in_a_file_that_does_not_parse_is_not_reported() -> None:
    broken = "apiVersion: kpilint/v1\nkind: Owner\nmetadata:\n\tid: marketing\n"
    files = {"broken.kpi.yaml": broken, "content.kpi.yaml": owner("content", "marketing")}
    assert [code for _, code, _, _ in located(files, select="A106,F002")] == ["F002"]
    files["broken.kpi.yaml"] = broken.replace("marketing", "sales")
    assert [code for _, code, _, _ in located(files, select="A106,F002")] == ["F002", "A106"]
