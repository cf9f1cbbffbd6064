"""Closed KPIs (`spec.status` achieved, missed, cancelled): the acceptance of
the lifecycle, end to end, and the one place that skips SMART findings."""

from __future__ import annotations

from typing import Iterator

import pytest

from kpilint.api import Document, Finding, Project, RuleContext, document_rule, project_rule
from kpilint.lifecycle import is_closed, status
from kpilint.testing import lint, located

CLOSED = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.arr-2026, name: Annual revenue}
spec:
  level: company
  status: achieved
  owner: sales
  statement: Improve revenue.
  metric: {unit: EUR, direction: increase, baseline: 5, target: 10, aggregation: sum}
  timeframe: {start: 2026-01-01, end: 2026-12-31}
"""


def kpi(ident: str, *, status: str = "active", level: str = "department", name: str | None = None, target: int = 6) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: {ident}, name: {name or ident}}}
spec:
  level: {level}
  status: {status}
  owner: sales
  parent: sales.arr-2026
  metric: {{unit: EUR, target: {target}}}
  timeframe: {{start: 2027-01-01, end: 2027-03-31}}
"""


def test_acceptance_closed_parent_and_its_children() -> None:
    files = {
        "closed.kpi.yaml": CLOSED,
        # open, outside the parent's frame, over its target, same owner, same
        # name; the missed one overlaps it in time (A104 with max-kpis 1 if it counted)
        "open.kpi.yaml": kpi("sales.emea", name="Annual revenue", target=20),
        "old.kpi.yaml": kpi("sales.apac", status="missed", name="Annual revenue", target=20),
    }
    found = located(files, config="[rules.A104]\nmax-kpis = 1\n")
    # nothing located in a closed KPI but what the H rules and the schema say (nothing here)
    assert [f for f in found if f[0] != "open.kpi.yaml"] == []
    codes = {code for _path, code, _line, _col in found}
    assert ("open.kpi.yaml", "H107", 8, 11) in found
    assert [code for code in codes if code == "H107"] == ["H107"]
    # no T106 (either end), no H101, no R103, no S104, no A104 (the closed KPIs take no part)
    assert not codes & {"T106", "H101", "R103", "S104", "A104", "T104"}


def test_the_same_project_with_the_parent_open_reports_what_closing_it_removes() -> None:
    files = {"closed.kpi.yaml": CLOSED.replace("status: achieved", "status: active"), "open.kpi.yaml": kpi("sales.emea", name="Annual revenue", target=20)}
    codes = {code for _path, code, _line, _col in located(files, config="[rules.A104]\nmax-kpis = 1\n")}
    assert {"T104", "T106", "R103", "S104", "S101"} <= codes and "H107" not in codes


CATEGORY = "T"


@document_rule(code="X101", name="always", severity="warning", category=CATEGORY, docs=None)
def always(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.is_kpi:
        yield Finding(("metadata", "name"), "always")


@project_rule(code="X102", name="far-end", severity="warning", category="R", docs=None)
def far_end(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    # a cross-file finding located at every KPI, closed ones included
    for doc in project.kpis():
        yield Finding(("metadata", "name"), "far end", document=doc)


@document_rule(code="X103", name="no-letter", severity="warning", category=None, docs=None)
def no_letter(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    if doc.is_kpi:
        yield Finding(("metadata", "name"), "no letter")


def test_plugin_findings_of_a_smart_category_are_skipped_in_a_closed_kpi() -> None:
    files = {"closed.kpi.yaml": CLOSED, "open.kpi.yaml": kpi("sales.emea")}
    found = located(files, select="X", rules=[always, far_end, no_letter])
    assert [f for f in found if f[0] == "closed.kpi.yaml"] == [("closed.kpi.yaml", "X103", 3, 38)]
    assert {f[1] for f in found if f[0] == "open.kpi.yaml"} == {"X101", "X102", "X103"}


def test_directives_naming_skipped_codes_in_a_closed_kpi_are_not_unused() -> None:
    line = "metadata: {id: sales.arr-2026, name: Annual revenue}"
    text = CLOSED.replace(line, line + "  # kpilint: disable=X101,X102,T1")
    found = lint({"closed.kpi.yaml": text}, select="X,K001,T", rules=[always, far_end, no_letter])
    # X103 has no letter: it still applies, and is not silenced
    assert [(d.code, d.line) for d in found] == [("X103", 3)]
    # the same directive in an open KPI: X101 and X102 are silenced (used),
    # the T1 prefix silences nothing on that line: K001
    opened = lint({"open.kpi.yaml": text.replace("status: achieved", "status: draft")}, select="X,K001,T1", rules=[always, far_end, no_letter])
    assert sorted((d.code, d.line) for d in opened if d.line == 3) == [("K001", 3), ("X103", 3)]


def test_a_closed_kpi_with_a_v001_status_is_open() -> None:
    assert not is_closed({"kind": "KPI", "spec": {"status": "Achieved"}})
    assert is_closed({"kind": "KPI", "spec": {"status": "cancelled"}})
    assert not is_closed({"kind": "Owner", "spec": {"status": "cancelled"}})
    assert status({"kind": "KPI", "spec": {"status": None}}) == "active"
    assert status([]) == "active"


@pytest.mark.parametrize("value", ["achieved", "missed", "cancelled", "draft", "active", "null", "''"])
def test_every_status_passes_the_schema(value: str) -> None:
    assert located({"a.kpi.yaml": CLOSED.replace("achieved", value)}, select="V001") == []


def test_a_bad_status_is_one_v001_at_the_value() -> None:
    (diag,) = lint({"a.kpi.yaml": CLOSED.replace("achieved", "done")}, select="V001")
    assert (diag.line, diag.col, diag.yaml_path) == (6, 11, "spec.status")
    assert "achieved" in diag.message
