"""The SMART scorecard of the markdown report, and the JSON report's
per-KPI SMART summary (SPEC §3 "what counts against a KPI", §6 "Tree")."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import browser
from conftest import CLEAN_KPI
from kpilint import scorecard
from kpilint.cli import main
from kpilint.reporters import markdown
from kpilint.tree import mermaid
from kpilint.tree.model import build
from tree_cases import kpi

REPO = Path(__file__).resolve().parents[1]
TODAY = "2027-01-15"
CLOSED = {"achieved", "missed", "cancelled"}
needs_mermaid = pytest.mark.skipif(browser.mermaid_missing() is not None, reason=str(browser.mermaid_missing()))


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def variant(ident: str, **changes: str) -> str:
    """The clean company KPI of the tests, as another KPI: ``changes`` maps
    a line of it (stripped) to its replacement (``""`` drops the line)."""
    text = CLEAN_KPI.replace("id: company.revenue", f"id: {ident}").replace(
        "name: Annual recurring revenue", f"name: Revenue of {ident}"
    )
    lines = []
    for line in text.splitlines():
        key = line.strip()
        if key in changes:
            if changes[key]:
                lines.append(line[: len(line) - len(line.lstrip())] + changes[key])
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def child(ident: str, parent: str, level: str, **changes: str) -> str:
    short = {"level: company": f"level: {level}\n  parent: {parent}", "end: 2099-06-30": "end: 2098-06-30"}
    return variant(ident, **{**short, **changes})


def project(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def check(root: Path, fmt: str, *more: str) -> str:
    result = CliRunner().invoke(
        main, ["check", str(root), "--today", TODAY, "--no-cache", "--format", fmt, *more], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def report(root: Path, *more: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(check(root, "json", *more))
    return data


# -- the JSON report's per-KPI summary ------------------------------------------


def test_a_clean_parent_is_smart_when_a_child_starts_before_it(tmp_path: Path) -> None:
    """T106 is reported at both ends; only the child's end counts (its fix
    may lie in either file, but the parent broke nothing)."""
    root = project(
        tmp_path,
        {
            "company.kpi.yaml": CLEAN_KPI,
            "sales.kpi.yaml": child("sales.revenue", "company.revenue", "department", **{"start: 2098-01-01": "start: 2097-12-01"}),
        },
    )
    data = report(root)
    assert [(Path(d["path"]).name, d["code"]) for d in data["diagnostics"]] == [
        ("company.kpi.yaml", "T106"),
        ("sales.kpi.yaml", "T106"),
    ]
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id["company.revenue"]["smart"] is True
    assert by_id["company.revenue"]["letters"] == dict.fromkeys("SMART", True)
    assert by_id["sales.revenue"]["smart"] is False
    assert by_id["sales.revenue"]["letters"] == {**dict.fromkeys("SMART", True), "T": False}


def test_info_and_hierarchy_findings_leave_a_kpi_smart(tmp_path: Path) -> None:
    """SMART: all five letters and no F or V error; info findings are
    advice and H codes belong to no letter."""
    orphan = child("sales.orphan", "sales.none", "department", **{"review: monthly": ""})  # H101 error, T105 info
    root = project(tmp_path, {"company.kpi.yaml": CLEAN_KPI, "orphan.kpi.yaml": orphan})
    data = report(root)
    codes = {d["code"] for d in data["diagnostics"] if d["path"].endswith("orphan.kpi.yaml")}
    assert codes == {"H101", "T105"}
    (summary,) = [d for d in data["documents"] if d["id"] == "sales.orphan"]
    assert summary["smart"] is True
    assert summary["level"] == "department" and summary["owner"] == "finance" and summary["status"] == "active"


def test_a_schema_error_makes_a_kpi_not_smart(tmp_path: Path) -> None:
    root = project(tmp_path, {"k.kpi.yaml": variant("company.revenue", **{"owner: finance": "owner: finance\n  colour: red"})})
    data = report(root)
    assert [d["code"] for d in data["diagnostics"]] == ["V001"]
    (summary,) = data["documents"]
    assert summary["smart"] is False and summary["letters"] == dict.fromkeys("SMART", True)


def test_files_that_fail_to_parse_are_listed_apart(tmp_path: Path) -> None:
    """Every KPI that could be read is listed, also the documents of a file
    before its syntax error; the file itself is listed apart with its error."""
    second = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: x.y, name: Broken\nspec: {}\n"
    root = project(
        tmp_path,
        {
            "a.kpi.yaml": CLEAN_KPI + "---\n" + second,
            "b.kpi.json": '{"apiVersion": "kpilint/v1", "kind": ',
            "c.kpi.yaml": child("sales.revenue", "company.revenue", "department"),
        },
    )
    data = report(root)
    assert [(Path(d["path"]).name, d["document"], d["id"]) for d in data["documents"]] == [
        ("a.kpi.yaml", 0, "company.revenue"),
        ("c.kpi.yaml", 0, "sales.revenue"),
    ]
    assert all(d["smart"] for d in data["documents"])
    unreadable = data["unreadable"]
    assert [(Path(u["path"]).name, u["code"]) for u in unreadable] == [("a.kpi.yaml", "F002"), ("b.kpi.json", "F002")]
    first = unreadable[0]
    assert first["line"] == 28 and first["column"] >= 1 and first["message"].startswith("YAML syntax error")
    assert report(project(tmp_path / "clean", {"c.kpi.yaml": CLEAN_KPI}))["unreadable"] == []


# -- the markdown scorecard -------------------------------------------------------


def table(text: str, first: str) -> dict[str, list[str]]:
    """The rows of the table whose first column is ``first``, by key."""
    lines = text.splitlines()
    start = lines.index(f"| {first} | KPIs | SMART | share | S | M | A | R | T | closed |")
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("| "):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[cells[0]] = cells[1:]
    return rows


def expected_rows(documents: list[dict[str, Any]], field: str) -> dict[str, list[str]]:
    """The scorecard computed from the JSON report's documents."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for doc in documents:
        key = doc[field] if doc[field] is not None else "*(none)*"
        groups.setdefault(key, []).append(doc)
    out: dict[str, list[str]] = {}
    for key, docs in groups.items():
        open_ = [d for d in docs if d["status"] not in CLOSED]
        smart = sum(d["smart"] for d in open_)
        failing = [str(sum(not d["letters"][letter] for d in open_)) for letter in "SMART"]
        share = (
            "–" if not open_ else f"{max(min(round(100 * smart / len(open_)), 99 if smart < len(open_) else 100), 1 if smart else 0)}%"
        )
        out[key] = [str(len(open_)), str(smart), share, *failing, str(len(docs) - len(open_))]
    return out


def mixed_project(root: Path) -> Path:
    return project(
        root,
        {
            "company.kpi.yaml": CLEAN_KPI,
            "sales.kpi.yaml": child("sales.revenue", "company.revenue", "department", **{"owner: finance": "owner: sales", "start: 2098-01-01": "start: 2097-12-01"}),
            "team.kpi.yaml": child("sales.team.deals", "sales.revenue", "team", **{"owner: finance": "owner: sales", "statement: Grow annual recurring revenue from 10 to 12 million EUR by the end of the period.": "statement: Improve sales."}),
            "old.kpi.yaml": child("sales.team.old", "sales.revenue", "team", **{"owner: finance": "owner: sales\n  status: achieved"}),
            "loose.kpi.yaml": variant("loose.one", **{"level: company": "", "owner: finance": "", "unit: EUR": ""}),
            "odd.kpi.yaml": child("sales.team.odd", "sales.revenue", "squad", **{"target: 12000000": "target: 9000000"}),
            "broken.kpi.yaml": "apiVersion: [\n",
            "plain.kpi.yaml": child("sales.team.plain", "sales.revenue", "team", **{"owner: finance": "owner: Sales Ops | EMEA"}),
        },
    )  # fmt: skip


def test_the_scorecard_counts_equal_those_of_the_json_report(tmp_path: Path) -> None:
    root = mixed_project(tmp_path)
    data = report(root)
    text = check(root, "markdown")
    assert [d["status"] for d in data["documents"]].count("achieved") == 1
    assert any(not d["smart"] for d in data["documents"]) and any(d["smart"] for d in data["documents"])
    for first, field in (("level", "level"), ("owner", "owner")):
        shown = table(text, first)
        expected = expected_rows(data["documents"], field)
        assert {k.replace("\\|", "|"): v for k, v in shown.items()} == expected, first
    assert list(table(text, "level")) == ["company", "department", "team", "squad", "*(none)*"]
    assert list(table(text, "owner"))[-1] == "*(none)*"
    assert "**1 file could not be read**" in text and "broken.kpi.yaml:2: F002 YAML syntax error" in text


def test_the_report_opens_with_the_scorecard_then_the_tree_then_the_findings(tmp_path: Path) -> None:
    root = mixed_project(tmp_path)
    text = check(root, "markdown")
    order = [text.index(mark) for mark in ("### SMART scorecard", "| level |", "| owner |", "```mermaid", "### Findings", "| Location |")]
    assert order == sorted(order)
    (diagram,) = browser.fences(text)
    # every KPI but sales.team.plain and the closed sales.team.old (no SMART
    # finding is located in a closed KPI) has a finding (T106 at both ends, S101, ...)
    drawn = re.findall(r'^  k\d+\["([^<]+)<br/>', diagram, re.M)
    ids = [d["id"] for d in report(root)["documents"]]
    assert sorted(drawn) == sorted(set(ids) - {"sales.team.plain", "sales.team.old"})
    assert "+2 below" in diagram  # sales.team.plain and sales.team.old


def test_a_clean_run_shows_the_scorecard_and_no_tree(tmp_path: Path) -> None:
    root = project(tmp_path, {"c.kpi.yaml": CLEAN_KPI})
    text = check(root, "markdown")
    assert table(text, "level") == {"company": ["1", "1", "100%", "0", "0", "0", "0", "0", "0"]}
    assert "```mermaid" not in text and "No problems found in 1 file." in text


def test_only_the_subtrees_with_findings_are_drawn() -> None:
    kpis = [kpi("co", level="company")]
    kpis += [kpi(f"d{i}", "co", level="department", path=f"d{i}.kpi.yaml") for i in range(3)]
    kpis += [kpi(f"d0.t{i}", "d0", path=f"t{i}.kpi.yaml") for i in range(4)]
    kpis += [kpi("other", level="company", path="other.kpi.yaml")]
    forest = scorecard.with_findings(build(kpis), {("t2.kpi.yaml", 0)})
    shown = [forest.kpis[index].id for index, _ in forest.walk()]
    assert shown == ["co", "d0", "d0.t2"]
    cut = {forest.kpis[index].id: forest.cut[index] for index, _ in forest.walk()}
    assert cut == {"co": 2, "d0": 3, "d0.t2": 0}
    assert "+2 below" in mermaid.render(forest)
    assert not scorecard.with_findings(build(kpis), set()).tops


def test_the_share_never_rounds_to_all_or_none() -> None:
    def share(smart: int, kpis: int) -> str:
        return scorecard.Row("x", kpis, smart, (0,) * 5, 0).share

    assert [share(999, 1000), share(1, 1000), share(2, 3), share(0, 0), share(4, 4), share(0, 4)] == [
        "99%", "1%", "67%", "–", "100%", "0%"
    ]  # fmt: skip


def test_a_small_budget_truncates_with_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part keeps whole rows and diagrams and says what it left out."""
    files = {f"u{i:03d}.kpi.yaml": child(f"team.k{i:03d}", "company.revenue", "team", **{"owner: finance": f"owner: team-{i:03d}", "statement: Grow annual recurring revenue from 10 to 12 million EUR by the end of the period.": "statement: Improve things."}) for i in range(300)}  # fmt: skip
    root = project(tmp_path, {"company.kpi.yaml": CLEAN_KPI, **files})
    from kpilint.engine import Options, prepare, run
    from kpilint.reporters import ReportContext

    monkeypatch.chdir(root)
    session = prepare([Path(".")], Options(use_cache=False, today=None))
    result = run(session, [Path(".")])
    context = ReportContext(registry=session.registry)
    for budget in (30_000, 40_000):
        text = markdown.render(result, context, budget=budget)
        assert markdown.size(text) <= budget
        assert "more owners (the summary is limited to 1 MiB" in text
        assert "more (see the full report)" in text
        for fence in browser.fences(text):
            assert fence.endswith("\n") and fence.startswith("flowchart TD\n")
        assert text.count("```") % 2 == 0


def test_a_10000_file_corpus_stays_under_1_mib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from run import make_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "bench"))
    make_corpus(tmp_path, 10_000)
    monkeypatch.chdir(tmp_path)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["check", ".", "--today", TODAY, "--no-cache", "--format", "markdown", "--jobs", "1"])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1, result.output
    text = result.stdout
    assert markdown.size(text) < markdown.LIMIT
    assert "**10000 open KPIs**" in text
    assert "(the summary is limited to 1 MiB" in text and "more (see the full report)" in text
    for fence in browser.fences(text):
        assert fence.count(" --> ") <= mermaid.MAX_EDGES and mermaid.units(fence) <= mermaid.MAX_TEXT
    assert elapsed < 60, elapsed


@needs_mermaid
def test_the_reports_mermaid_renders(tmp_path: Path) -> None:
    root = mixed_project(tmp_path)
    text = check(root, "markdown")
    diagrams = browser.fences(text)
    rendered = browser.render_mermaid(diagrams)
    assert [r.get("error") for r in rendered] == [None]
    assert rendered[0]["injected"] == 0
    # every KPI but the clean sales.team.plain and the closed sales.team.old
    assert int(str(rendered[0]["nodes"])) == len(report(root)["documents"]) - 2


# -- the README's picture ---------------------------------------------------------


def test_the_readme_shows_the_current_mermaid_of_the_examples() -> None:
    """The README's ```mermaid block is `kpilint tree examples --format
    mermaid --today 2027-02-01`, as it prints now."""
    result = CliRunner().invoke(main, ["tree", str(REPO / "examples"), "--format", "mermaid", "--today", "2027-02-01"])
    assert result.exit_code == 0, result.output
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert result.stdout.startswith("```mermaid\n") and result.stdout in readme
    assert readme.index(result.stdout) < readme.index("## Contents")  # the picture comes first


def test_the_action_appends_the_scorecard_to_the_step_summary(tmp_path: Path) -> None:
    from test_action import MESSY, run_action, workspace_with

    workspace = workspace_with(tmp_path, {"kpis/messy.kpi.yaml": MESSY, "kpis/clean.kpi.yaml": CLEAN_KPI})
    run = run_action(tmp_path, workspace)
    assert run.returncode == 1, run.stdout + run.stderr
    summary = run.summary
    assert summary.startswith("## kpilint\n\n### SMART scorecard\n")
    assert table(summary, "level") == {
        "company": ["1", "1", "100%", "0", "0", "0", "0", "0", "0"],
        "team": ["1", "0", "0%", "1", "1", "1", "0", "1", "0"],
    }
    assert "```mermaid" in summary and "| Location | Code | Severity | Message |" in summary
    assert not list(tmp_path.glob("kpilint-summary-*"))  # the report written aside is removed
