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


def child(key: str, target: str, unit: str = "EUR") -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: {key}, name: Revenue {key}}}
spec:
  level: team
  parent: sales.revenue
  metric: {{unit: {unit}, target: {target}}}
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


def test_children_in_another_unit_are_left_out_and_named() -> None:
    files = project(parent("2000000"), "1500000", "600000")
    files["rate.kpi.yaml"] = child("sales.rate", "30", unit='"%"')
    found = lint(files, select="R103")
    assert [(d.path, d.code, d.line, d.col) for d in found] == [
        ("c0.kpi.yaml", "R103", 7, 31),
        ("c1.kpi.yaml", "R103", 7, 31),
        ("parent.kpi.yaml", "R103", 8, 13),
    ]
    message = found[2].message
    assert "2100000" in message and "2100030" not in message
    assert "left out, in another unit: `sales.rate` (in `%`)" in message
    assert "the targets in `EUR` of the 2 children of this KPI" in message


def test_a_percent_child_is_not_added_to_a_currency_parent() -> None:
    # the case: 2,000,000 + 30 % used to give "add up to 2100030"
    files = project(parent("2100000"), "1500000", "600000")
    files["rate.kpi.yaml"] = child("sales.rate", "30", unit='"%"')
    assert located(files, select="R103") == []


def test_units_compare_ignoring_case_and_spaces() -> None:
    files = project(parent(), "60000")
    files["c1.kpi.yaml"] = child("sales.c1", "50000", unit="' eur '")
    files["c2.kpi.yaml"] = child("sales.c2", "1", unit="'Eur'")
    found = lint(files, select="R103")
    assert [(d.path, d.line, d.col) for d in found] == [
        ("c0.kpi.yaml", 7, 31),
        ("c1.kpi.yaml", 7, 35),
        ("c2.kpi.yaml", 7, 33),
        ("parent.kpi.yaml", 8, 13),
    ]
    assert "left out" not in found[3].message


def test_a_child_without_unit_is_summed_only_under_a_parent_without_one() -> None:
    files = project(parent(), "60000")
    files["c1.kpi.yaml"] = child("sales.c1", "50000", unit="null")
    found = lint(files, select="R103")
    assert found == []
    unitless = parent().replace("    unit: EUR\n", "")
    files = {"parent.kpi.yaml": unitless, "c1.kpi.yaml": child("sales.c1", "50000", unit="null")}
    files["c2.kpi.yaml"] = child("sales.c2", "60000", unit="' '")
    found = lint(files, select="R103")
    assert [(d.path, d.line, d.col) for d in found] == [
        ("c1.kpi.yaml", 7, 32),
        ("c2.kpi.yaml", 7, 31),
        ("parent.kpi.yaml", 7, 13),
    ]
    assert "the targets without a unit of the 2 children" in found[2].message


def test_only_children_in_another_unit_no_finding() -> None:
    files = {"parent.kpi.yaml": parent("10")}
    files.update({f"r{i}.kpi.yaml": child(f"sales.r{i}", "50", unit="pct") for i in range(3)})
    assert located(files, select="R103") == []


def test_listed_children_are_capped_at_five() -> None:
    found = lint(project(parent("10"), *["3"] * 6), select="R103")
    message = found[-1].message
    assert found[-1].path == "parent.kpi.yaml"
    assert "and 1 more" in message and message.count("(c") == 5
    assert "add up to 18" in message
    found = lint(project(parent("10"), *["3"] * 5), select="R103")
    assert "more" not in found[-1].message.replace("more than", "")
    files = project(parent("10"), *["3"] * 6)
    files.update({f"r{i}.kpi.yaml": child(f"sales.r{i}", "5", unit="'%'") for i in range(7)})
    message = lint(files, select="R103")[-1].message
    assert "left out, in another unit: " in message and message.endswith("raise this target or lower the children's")
    assert "and 2 more; expected" in message


def test_a_unit_that_is_not_text_matches_nothing() -> None:
    files = project(parent(), "60000", "50000")
    files["odd.kpi.yaml"] = child("sales.odd", "1", unit="[EUR]")
    found = lint(files, select="R103")
    assert [(d.path, d.line, d.col) for d in found] == [
        ("c0.kpi.yaml", 7, 31),
        ("c1.kpi.yaml", 7, 31),
        ("parent.kpi.yaml", 8, 13),
    ]
    assert "`sales.odd` (with a unit that is not text)" in found[2].message
    odd_parent = parent().replace("unit: EUR", "unit: 5")
    files = {"parent.kpi.yaml": odd_parent, "c0.kpi.yaml": child("sales.c0", "200000", unit="5")}
    assert located(files, select="R103") == []
