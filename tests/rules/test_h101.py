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


def kpi(ident: str, level: str, parent: str | None = None) -> str:
    tail = f", parent: {parent}" if parent is not None else ""
    return f"apiVersion: kpilint/v1\nkind: KPI\nmetadata: {{id: {ident}, name: {ident}}}\nspec: {{level: {level}{tail}}}\n"


def test_own_id_is_never_suggested() -> None:
    (diag,) = lint(kpi("marketing.probe", "team", "marketing"), select="H101")
    assert "did you mean" not in diag.message


def test_far_off_id_is_not_suggested() -> None:
    files = {"a.kpi.yaml": kpi("marketing.content.alice-posts", "individual"), "b.kpi.yaml": kpi("x.y", "team", "marketing.website-trafic")}
    (diag,) = lint(files, select="H101")
    assert "did you mean" not in diag.message


def test_cut_off_is_strict() -> None:
    # `marketing` against `marketing.probe`: 2 * 9 / 24 = 0.75, not above the cut-off
    at = {"a.kpi.yaml": kpi("marketing.probe", "department"), "b.kpi.yaml": kpi("x.y", "team", "marketing")}
    assert "did you mean" not in lint(at, select="H101")[0].message
    # `marketing.p` against it: 2 * 11 / 26 = 0.85
    past = {"a.kpi.yaml": kpi("marketing.probe", "department"), "b.kpi.yaml": kpi("x.y", "team", "marketing.p")}
    assert "did you mean `marketing.probe`?" in lint(past, select="H101")[0].message


def test_owner_id_is_named_as_an_owner_and_never_suggested() -> None:
    owner = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: marketing, name: Marketing}\nspec: {type: department}\n"
    files = {"o.kpi.yaml": owner, "k.kpi.yaml": kpi("marketing.blog", "team", "marketing")}
    (diag,) = lint(files, select="H101")
    assert "`marketing` is an Owner, not a KPI" in diag.message and "did you mean" not in diag.message
    files["k.kpi.yaml"] = kpi("marketing.blog", "team", "marketin")
    (diag,) = lint(files, select="H101")
    assert "did you mean" not in diag.message


def test_a_higher_level_kpi_is_preferred() -> None:
    files = {
        "dept.kpi.yaml": kpi("sales.deals-won", "department"),
        "team.kpi.yaml": kpi("sales.deals-wan", "team"),
        "child.kpi.yaml": kpi("sales.team-a.deals", "team", "sales.deals-wom"),
    }
    (diag,) = lint(files, select="H101")
    assert "did you mean `sales.deals-won`?" in diag.message
    files["team.kpi.yaml"] = kpi("sales.deals-wom2", "team")  # closer, but not above the child
    (diag,) = lint(files, select="H101")
    assert "did you mean `sales.deals-won`?" in diag.message


def test_parent_defined_in_a_file_that_does_not_parse_is_not_reported() -> None:
    broken = "apiVersion: kpilint/v1\nkind: KPI\nmetadata:\n\tid: marketing.traffic\n"
    files = {"parent.kpi.yaml": broken, **{f"c{i}.kpi.yaml": kpi(f"m.c{i}", "team", "marketing.traffic") for i in range(3)}}
    assert [code for _, code, _, _ in located(files, select="H101,F002")] == ["F002"]
    files["parent.kpi.yaml"] = broken.replace("marketing.traffic", "marketing.visits")
    assert [code for _, code, _, _ in located(files, select="H101,F002")] == ["H101"] * 3 + ["F002"]


def test_many_unknown_parents_among_many_ids_are_fast() -> None:
    import time

    from kpilint.api import Project, RuleContext
    from kpilint.document import Document
    from kpilint.rules.h101_unknown_parent import check
    from kpilint.sourcemap import SourceMap
    from kpilint.diagnostics import Span

    def doc(index: int, ident: str, parent: str | None) -> Document:
        spec = {"level": "team"} if parent is None else {"level": "team", "parent": parent}
        data = {"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": ident, "name": ident}, "spec": spec}
        return Document(f"f{index}.kpi.yaml", 0, data, SourceMap(Span(1, 1, 1, 2), {}, {}, {}, ""), frozenset())

    ids = [f"sales.region-{i % 40}.rep-{i:04d}.closed-deals" for i in range(2000)]
    docs = [doc(i, ident, ids[i - 1][:-3] if i % 13 == 0 else None) for i, ident in enumerate(ids)]
    project = Project(tuple(docs))
    started = time.perf_counter()
    found = list(check.check(project, RuleContext({}, None)))  # type: ignore[misc, arg-type]
    assert len(found) == sum(1 for i in range(2000) if i % 13 == 0) and time.perf_counter() - started < 1.0
