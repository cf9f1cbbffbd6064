from __future__ import annotations

from kpilint.testing import lint, located


def kpi(ident: str, name: str) -> str:
    return f"""\
        apiVersion: kpilint/v1
        kind: KPI
        metadata:
          id: {ident}
          name: {name}
        spec: {{level: team}}
        """


def test_duplicate_names_across_files_reported_at_each() -> None:
    files = {
        "a.kpi.yaml": kpi("marketing.traffic", "Website traffic"),
        "b.kpi.yaml": kpi("seo.traffic", "  website   TRAFFIC "),
        "c.kpi.yaml": kpi("seo.visits", "Organic visits"),
    }
    assert located(files, select="S104") == [
        ("a.kpi.yaml", "S104", 5, 9),
        ("b.kpi.yaml", "S104", 5, 11),
    ]
    by_path = {d.path: d.message for d in lint(files, select="S104")}
    assert "`seo.traffic` at b.kpi.yaml:5" in by_path["a.kpi.yaml"]
    assert "`marketing.traffic` at a.kpi.yaml:5" in by_path["b.kpi.yaml"]


def test_three_way_duplicate_names_all_others() -> None:
    files = {
        "a.kpi.yaml": kpi("a.one", "Traffic"),
        "sub/b.kpi.yaml": kpi("b.two", "Traffic") + "---\n" + kpi("b.three", "traffic"),
    }
    diags = lint(files, select="S104")
    assert [(d.path, d.line) for d in diags] == [("a.kpi.yaml", 5), ("sub/b.kpi.yaml", 5), ("sub/b.kpi.yaml", 12)]
    assert "2 other KPIs" in diags[0].message
    assert "sub/b.kpi.yaml:5" in diags[0].message and "sub/b.kpi.yaml:12" in diags[0].message


def test_distinct_names_pass() -> None:
    files = {"a.kpi.yaml": kpi("a.one", "Traffic"), "b.kpi.yaml": kpi("b.two", "Organic traffic")}
    assert located(files, select="S104") == []


def test_only_checked_files_are_reported_but_all_are_compared() -> None:
    from kpilint.testing import run_project

    files = {"a.kpi.yaml": kpi("a.one", "Traffic"), "b.kpi.yaml": kpi("b.two", "Traffic")}
    result = run_project(files, select="S104", check=["a.kpi.yaml"])
    assert [(d.path, d.code, d.line, d.col) for d in result.diagnostics] == [("a.kpi.yaml", "S104", 5, 9)]
