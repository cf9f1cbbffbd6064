from __future__ import annotations

from kpilint.testing import lint, located


def kpi(key: str, owner: str, start: str, end: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: {key}, name: KPI {key}}}
spec:
  owner: {owner}
  timeframe: {{start: {start}, end: {end}}}
"""


def many(count: int, owner: str = "inside-sales", start: str = "2027-01-01", end: str = "2027-03-31") -> dict[str, str]:
    return {f"k{i}.kpi.yaml": kpi(f"k{i}", owner, start, end) for i in range(count)}


def test_more_than_seven_overlapping_kpis_are_reported_at_each_owner() -> None:
    found = located(many(8), select="A104")
    assert found == [(f"k{i}.kpi.yaml", "A104", 5, 10) for i in range(8)]


def test_message_names_the_others_and_the_day() -> None:
    found = lint(many(8), select="A104")
    assert "8 KPIs active at the same time (on 2027-01-01)" in found[0].message
    assert "k5.kpi.yaml:5" in found[0].message and "k0.kpi.yaml:5" not in found[0].message
    assert "k6.kpi.yaml:5" not in found[0].message and "and 2 more" in found[0].message


def test_seven_overlapping_kpis_pass() -> None:
    assert located(many(7), select="A104") == []


def test_consecutive_kpis_do_not_add_up() -> None:
    project = many(7)
    project["later.kpi.yaml"] = kpi("later", "inside-sales", "2027-04-01", "2027-06-30")
    assert located(project, select="A104") == []


def test_touching_on_one_day_counts_as_overlap() -> None:
    project = many(7)
    project["later.kpi.yaml"] = kpi("later", "inside-sales", "2027-03-31", "2027-06-30")
    assert len(located(project, select="A104")) == 8


def test_only_kpis_active_on_an_overloaded_day_are_reported() -> None:
    project = many(8, start="2027-02-01", end="2027-02-28")
    project["early.kpi.yaml"] = kpi("early", "inside-sales", "2027-01-01", "2027-01-31")
    found = located(project, select="A104")
    assert len(found) == 8 and all(path != "early.kpi.yaml" for path, *_ in found)


def test_owners_are_counted_separately() -> None:
    project = many(4, owner="a")
    project.update({f"b{i}.kpi.yaml": kpi(f"b{i}", "b", "2027-01-01", "2027-03-31") for i in range(4)})
    assert located(project, select="A104") == []


def test_kpis_without_a_valid_timeframe_are_not_counted() -> None:
    project = many(7)
    project["bad.kpi.yaml"] = kpi("bad", "inside-sales", "2027-03-31", "2027-01-01")
    assert located(project, select="A104") == []


def test_max_kpis_option() -> None:
    config = "[rules.A104]\nmax-kpis = 2\n"
    assert len(located(many(3), select="A104", config=config)) == 3
    assert located(many(2), select="A104", config=config) == []


def test_long_lists_are_shortened() -> None:
    found = lint(many(12), select="A104")
    assert len(found) == 12
    assert found[0].message.count(".kpi.yaml:") == 5 and "and 6 more" in found[0].message
