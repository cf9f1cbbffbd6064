from __future__ import annotations

from kpilint.testing import lint, located


def kpi(key: str, start: str, end: str, parent: str | None = None) -> str:
    link = f"\n  parent: {parent}" if parent else ""
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: {key}, name: KPI {key}}}
spec:{link}
  timeframe:
    start: {start}
    end: {end}
"""


PARENT = kpi("company.traffic", "2027-01-01", "2027-06-30")


def test_child_ending_after_parent_is_reported_at_both() -> None:
    child = kpi("team.blog", "2027-04-01", "2027-09-30", "company.traffic")
    project = {"parent.kpi.yaml": PARENT, "child.kpi.yaml": child}
    found = lint(project, select="T106")
    assert [(d.path, d.code, d.line, d.col, d.yaml_path) for d in found] == [
        ("child.kpi.yaml", "T106", 8, 10, "spec.timeframe.end"),
        ("parent.kpi.yaml", "T106", 5, 3, "spec.timeframe"),
    ]
    assert "parent.kpi.yaml:5" in found[0].message
    assert "child.kpi.yaml:6" in found[1].message


def test_child_starting_before_and_ending_after_gives_both_dates() -> None:
    child = kpi("team.blog", "2026-12-01", "2027-07-01", "company.traffic")
    project = {"parent.kpi.yaml": PARENT, "child.kpi.yaml": child}
    assert located(project, select="T106") == [
        ("child.kpi.yaml", "T106", 7, 12),
        ("child.kpi.yaml", "T106", 8, 10),
        ("parent.kpi.yaml", "T106", 5, 3),
    ]


def test_child_inside_parent_passes() -> None:
    child = kpi("team.blog", "2027-01-01", "2027-06-30", "company.traffic")
    project = {"parent.kpi.yaml": PARENT, "child.kpi.yaml": child}
    assert located(project, select="T106") == []


def test_invalid_timeframes_and_unknown_parents_are_skipped() -> None:
    inverted = kpi("team.blog", "2027-09-30", "2027-04-01", "company.traffic")
    assert located({"parent.kpi.yaml": PARENT, "child.kpi.yaml": inverted}, select="T106") == []
    orphan = kpi("team.blog", "2020-01-01", "2030-01-01", "company.trafic")
    assert located({"parent.kpi.yaml": PARENT, "child.kpi.yaml": orphan}, select="T106") == []
    bad_parent = kpi("company.traffic", "2027-01-01", "2027-02-30")
    child = kpi("team.blog", "2020-01-01", "2030-01-01", "company.traffic")
    assert located({"parent.kpi.yaml": bad_parent, "child.kpi.yaml": child}, select="T106") == []
