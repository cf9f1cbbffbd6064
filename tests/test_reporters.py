"""The integration formats: sarif, github, junit, gitlab, markdown, and --write."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result as CliResult

from kpilint.cli import main
from kpilint.diagnostics import Diagnostic, Severity
from kpilint.engine import Result
from kpilint.registry import build_registry
from kpilint.reporters import FORMATS, ReportContext, available, get
from kpilint.reporters.github import escape_data, escape_property

REPO = Path(__file__).resolve().parents[1]
#: the official schema, kept in ``shared/external`` beside the repository (or a folder above it)
SARIF_SCHEMA = next(
    (
        found
        for folder in Path(__file__).resolve().parents[1:]
        if (found := folder / "shared" / "external" / "sarif-schema-2.1.0.json").is_file()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "external" / "sarif-schema-2.1.0.json",
)
TODAY = "2027-01-15"

#: Findings from every SMART category, the schema and the hierarchy.
MESSY = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.messy
  name: TBD
spec:
  level: team
  parent: sales.nowhere
  statement: Improve things
  unknown-key: 1
  metric:
    unit: deals
    baseline: 10
    target: 1000
  timeframe:
    start: 2026-01-01
    end: 2026-12-31
"""

CLEAN = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: company.revenue
  name: Annual recurring revenue
spec:
  level: company
  owner: finance
  statement: Grow annual recurring revenue from 10 to 12 million EUR by the end of the period.
  metric:
    unit: EUR
    direction: increase
    baseline: 10000000
    target: 12000000
    source: warehouse.finance.arr
    frequency: monthly
  timeframe:
    start: 2027-01-01
    end: 2027-12-31
    review: monthly
  plan:
    - Launch the enterprise tier
    - Expand the sales team
"""

#: What must never reach the runner as a command of its own.
PAYLOAD = "%0A::error::x\n::warning::y\r\nz"


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_STEP_SUMMARY", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def write_project(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def cli(*args: str, env: dict[str, str] | None = None) -> CliResult:
    return CliRunner().invoke(main, ["check", "--today", TODAY, "--no-cache", *args], env=env, catch_exceptions=False)


def context() -> ReportContext:
    return ReportContext(registry=build_registry())


def diag(
    code: str = "S105",
    *,
    path: str = "kpis/a.kpi.yaml",
    line: int = 3,
    col: int = 5,
    end_line: int | None = None,
    end_col: int | None = None,
    severity: Severity = Severity.WARNING,
    message: str = "a message",
    yaml_path: str = "spec.plan[0]",
    doc_index: int = 0,
) -> Diagnostic:
    return Diagnostic(
        path=path,
        line=line,
        col=col,
        code=code,
        end_line=line if end_line is None else end_line,
        end_col=col + 3 if end_col is None else end_col,
        severity=severity,
        message=message,
        name="placeholder-text",
        doc_index=doc_index,
        yaml_path=yaml_path,
    )


def render(name: str, diagnostics: list[Diagnostic], files: int = 1) -> str:
    result = Result(diagnostics=sorted(diagnostics), files=[str(Path(f"f{i}.kpi.yaml").resolve()) for i in range(files)])
    return get(name)(result, context())


def sarif_validator() -> Any:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (shared/external beside the repository)")
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def assert_valid_sarif(log: dict[str, Any]) -> None:
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# -- registration -----------------------------------------------------------------


def test_every_format_of_the_spec_is_available() -> None:
    assert available() == FORMATS
    for name in FORMATS:
        assert callable(get(name))


# -- SARIF --------------------------------------------------------------------------


def test_sarif_with_findings_validates_and_describes_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"kpis/messy.kpi.yaml": MESSY, "kpis/clean.kpi.yaml": CLEAN})
    monkeypatch.chdir(tmp_path)
    out = cli(".", "--format", "sarif")
    assert out.exit_code == 1, out.output
    log = json.loads(out.output)
    assert_valid_sarif(log)

    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "kpilint"
    results = run["results"]
    codes = {r["ruleId"] for r in results}
    registry = build_registry()
    categories = {registry.rules[code].category for code in codes if code in registry.rules}
    assert {"S", "M", "A", "R", "T"} <= categories, codes
    assert [rule["id"] for rule in driver["rules"]] == sorted(codes)
    for rule in driver["rules"]:
        known = registry.rules[rule["id"]]
        assert rule["name"] == known.name
        assert rule["shortDescription"]["text"] == known.summary
        assert rule["fullDescription"]["text"] == known.docs
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[known.severity.value]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    expected = json.loads(cli(".", "--format", "json").output)["diagnostics"]
    assert len(results) == len(expected)
    for res, want in zip(results, expected):
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == want["code"]
        assert res["level"] == levels[want["severity"]]
        assert res["message"]["text"] == want["message"]
        location = res["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "kpis/messy.kpi.yaml"
        assert location["region"] == {
            "startLine": want["line"],
            "startColumn": want["column"],
            "endLine": want["end_line"],
            "endColumn": want["end_column"],
        }
        assert res["properties"] == {"yamlPath": want["yaml_path"], "document": want["document"]}
        assert res["partialFingerprints"]
    fingerprints = [tuple(sorted(r["partialFingerprints"].items())) for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_clean_run_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"clean.kpi.yaml": CLEAN})
    monkeypatch.chdir(tmp_path)
    out = cli(".", "--format", "sarif")
    assert out.exit_code == 0, out.output
    log = json.loads(out.output)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_of_diagnostics_with_odd_positions_validates() -> None:
    log = json.loads(
        render(
            "sarif",
            [
                diag(line=0, col=0, end_line=0, end_col=0, message=PAYLOAD),
                diag("X999", line=4, end_line=9, end_col=1, severity=Severity.INFO, path="dir with space/ü#?.kpi.yaml"),
            ],
        )
    )
    assert_valid_sarif(log)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert "dir%20with%20space/%C3%BC%23%3F.kpi.yaml" in uris
    messages = {r["ruleId"]: r["message"]["text"] for r in log["runs"][0]["results"]}
    assert messages["S105"] == PAYLOAD


def test_sarif_fingerprints_survive_line_shifts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"messy.kpi.yaml": MESSY})
    monkeypatch.chdir(tmp_path)

    def prints() -> list[tuple[str, str]]:
        log = json.loads(cli(".", "--format", "sarif").output)
        return sorted((r["ruleId"], json.dumps(r["partialFingerprints"])) for r in log["runs"][0]["results"])

    before = prints()
    assert before == prints()  # stable across runs
    (tmp_path / "messy.kpi.yaml").write_text("# a comment\n# and another\n" + MESSY, encoding="utf-8")
    assert prints() == before


def test_repeated_findings_get_distinct_fingerprints() -> None:
    same = [diag(line=n, message=f"repeat {n}") for n in range(1, 4)]
    sarif = json.loads(render("sarif", same))
    prints = [json.dumps(r["partialFingerprints"]) for r in sarif["runs"][0]["results"]]
    assert len(set(prints)) == 3
    gitlab = json.loads(render("gitlab", same))
    assert len({item["fingerprint"] for item in gitlab}) == 3


# -- paths relative to the repository root -----------------------------------------


def test_github_workspace_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "ws"
    project = write_project(workspace / "sub", {"kpis/messy.kpi.yaml": MESSY})
    monkeypatch.chdir(project)
    env = {"GITHUB_WORKSPACE": str(workspace)}

    log = json.loads(cli(".", "--format", "sarif", env=env).output)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"sub/kpis/messy.kpi.yaml"}

    annotations = [line for line in cli(".", "--format", "github", env=env).output.splitlines() if line.startswith("::")]
    assert annotations and all(",line=" in a and "file=sub/kpis/messy.kpi.yaml," in a for a in annotations)

    gitlab = json.loads(cli(".", "--format", "gitlab", env=env).output)
    assert {item["location"]["path"] for item in gitlab} == {"sub/kpis/messy.kpi.yaml"}

    # Without GITHUB_WORKSPACE, paths are relative to the current directory.
    log = json.loads(cli(".", "--format", "sarif").output)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"kpis/messy.kpi.yaml"}


# -- GitHub annotations -------------------------------------------------------------

ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=(?P<file>[^,:]*),line=\d+(,col=\d+)?,endLine=\d+(,endColumn=\d+)?,title=(?P<title>[A-Z]{1,3}\d{3})::(?P<message>.*)$"
)


@pytest.mark.skipif(os.name == "nt", reason="file names cannot hold CR or LF on Windows")
def test_github_output_cannot_be_injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        MESSY.replace("id: sales.messy", f"id: {json.dumps('sales.messy' + PAYLOAD)}")
        .replace("name: TBD", f"name: {json.dumps('TBD ' + PAYLOAD)}")
        .replace("parent: sales.nowhere", f"parent: {json.dumps('nowhere' + PAYLOAD)}")
        .replace("statement: Improve things", f"statement: {json.dumps('Improve things ' + PAYLOAD)}")
    )
    name = f"evil{PAYLOAD}.kpi.yaml"
    write_project(tmp_path, {name: text, "other.kpi.yaml": text})
    monkeypatch.chdir(tmp_path)
    count = len(json.loads(cli(".", "--format", "json").output)["diagnostics"])
    assert count > 5

    out = cli(".", "--format", "github")
    assert out.exit_code == 1
    lines = out.output.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    # Split like the runner does: CR, LF and CRLF all end a line.
    runner_lines = re.split(r"\r\n|\r|\n", out.output.rstrip("\n"))
    assert runner_lines == lines
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert len(commands) == count == len(lines) - 1
    for line in commands:
        match = ANNOTATION.match(line)
        assert match, line
        assert "\r" not in line and "\x85" not in line and "\u2028" not in line
    files = {ANNOTATION.match(line)["file"] for line in commands}  # type: ignore[index]
    assert files == {"evil%250A%3A%3Aerror%3A%3Ax%0A%3A%3Awarning%3A%3Ay%0D%0Az.kpi.yaml", "other.kpi.yaml"}
    summary = lines[-1]
    assert not summary.startswith("::")
    assert summary.startswith("kpilint: ") and "in 2 files" in summary and "step summary" in summary


def test_github_severities_columns_and_summary() -> None:
    out = render(
        "github",
        [
            diag("A101", line=2, col=3, end_col=9, severity=Severity.ERROR),
            diag("S105", line=4, col=1, end_line=6, end_col=2, severity=Severity.WARNING),
            diag("T105", line=8, col=2, end_col=5, severity=Severity.INFO),
        ],
        files=12,
    ).splitlines()
    assert out == [
        "::error file=kpis/a.kpi.yaml,line=2,col=3,endLine=2,endColumn=9,title=A101::a message",
        "::warning file=kpis/a.kpi.yaml,line=4,endLine=6,title=S105::a message",
        "::notice file=kpis/a.kpi.yaml,line=8,col=2,endLine=8,endColumn=5,title=T105::a message",
        "kpilint: 1 error, 1 warning, 1 info in 12 files (GitHub shows at most 10 annotations per type; see the step summary)",
    ]
    assert render("github", [], files=3) == "kpilint: no problems found in 3 files\n"


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext\n") == "100%25 done%0D%0Anext%0A"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert "\x1b" not in escape_data("\x1b[31mred") and "\u2028" not in escape_data("a\u2028b")


# -- JUnit ---------------------------------------------------------------------------


def test_junit_parses_with_unique_names_and_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"kpis/messy.kpi.yaml": MESSY, "kpis/clean.kpi.yaml": CLEAN, "two.kpi.yaml": MESSY.replace("sales.messy", "sales.two") + "---\n" + CLEAN.replace("company.revenue", "company.other").replace("Annual recurring", "Monthly recurring").replace("    review: monthly\n", "")})
    monkeypatch.chdir(tmp_path)
    findings = json.loads(cli(".", "--format", "json").output)["diagnostics"]
    out = cli(".", "--format", "junit")
    assert out.exit_code == 1
    root = ET.fromstring(out.output.encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    names = [case.get("name") for case in cases]
    assert len(names) == len(set(names))
    failed = [case for case in cases if case.find("failure") is not None]
    passed = [case for case in cases if case.find("failure") is None]
    assert len(failed) == len(findings)
    assert [case.get("file") for case in passed] == ["kpis/clean.kpi.yaml"]
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == str(len(findings))
    for case, want in zip(failed, findings):
        failure = case.find("failure")
        assert failure is not None
        assert case.get("file") == want["path"] and case.get("line") == str(want["line"])
        assert case.get("classname")
        assert failure.get("type") == want["code"] and failure.get("message") == want["message"]
        assert want["code"] in str(case.get("name")) and want["yaml_path"] in str(case.get("name"))
    assert any("[1]" in str(case.get("name")) for case in failed if case.get("file") == "two.kpi.yaml")


def test_junit_escapes_everything_from_files() -> None:
    nasty = 'a <b> & "c" ]]> \x01\x1b \ud800 ' + PAYLOAD
    out = render("junit", [diag(message=nasty, yaml_path=nasty, path="x&<y>.kpi.yaml"), diag(message=nasty, yaml_path=nasty, path="x&<y>.kpi.yaml")])
    root = ET.fromstring(out.encode("utf-8"))
    cases = root.iter("testcase")
    names = [case.get("name") for case in cases]
    assert len(names) == 3 and len(set(names)) == 3  # two findings (a repeat) and the clean file
    failure = next(root.iter("failure"))
    assert 'a <b> & "c" ]]>' in str(failure.get("message"))


# -- GitLab ----------------------------------------------------------------------------


def test_gitlab_fingerprints_unique_for_a_thousand_findings() -> None:
    many = [diag("S105", line=10 + n, yaml_path=f"spec.plan[{n}]") for n in range(500)]
    many += [diag("S105", line=600, col=n + 1, yaml_path="spec.plan[0]") for n in range(500)]
    report = json.loads(render("gitlab", many))
    assert len(report) == 1000
    assert len({item["fingerprint"] for item in report}) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{64}", item["fingerprint"]) for item in report)
    # Stable across line shifts.
    shifted = json.loads(render("gitlab", [d._replace(line=d.line + 7, end_line=d.end_line + 7) for d in many]))
    assert sorted(i["fingerprint"] for i in shifted) == sorted(i["fingerprint"] for i in report)


def test_gitlab_fields_and_severities() -> None:
    report = json.loads(
        render(
            "gitlab",
            [
                diag("A101", line=2, severity=Severity.ERROR, message="m1"),
                diag("S105", line=4, severity=Severity.WARNING),
                diag("T105", line=8, severity=Severity.INFO),
            ],
        )
    )
    assert [(i["check_name"], i["severity"]) for i in report] == [("A101", "major"), ("S105", "minor"), ("T105", "info")]
    first = report[0]
    assert first["location"] == {"path": "kpis/a.kpi.yaml", "lines": {"begin": 2, "end": 2}}
    assert "m1" in first["description"]
    assert first["yaml_path"] == "spec.plan[0]"
    assert render("gitlab", []) == "[]\n"


# -- Markdown --------------------------------------------------------------------------


def test_markdown_summary_and_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"messy.kpi.yaml": MESSY})
    monkeypatch.chdir(tmp_path)
    findings = json.loads(cli(".", "--format", "json").output)["diagnostics"]
    out = cli(".", "--format", "markdown").output
    assert "| Location | Code | Severity | Message |" in out
    rows = [line for line in out.splitlines() if line.startswith("| messy.kpi.yaml:")]
    assert len(rows) == len(findings)
    for label in ("S (Specific)", "M (Measurable)", "A (Assignable)", "R (Realistic)", "T (Time-bound)", "other"):
        assert re.search(rf"^\| {re.escape(label)} \| \d+ \|$", out, re.M), label
    errors = sum(1 for f in findings if f["severity"] == "error")
    assert f"| error | {errors} |" in out


def test_markdown_escapes_cells() -> None:
    out = render("markdown", [diag(message="a | b\nc\r\n<script>x</script>", path="p|q.kpi.yaml")])
    row = [line for line in out.splitlines() if "S105" in line and line.startswith("| p")]
    assert len(row) == 1
    cells = re.split(r"(?<!\\)\|", row[0])[1:-1]
    assert len(cells) == 4
    assert "<script>" not in out and "a \\| b<br>c<br>&lt;script&gt;" in row[0]
    assert "No problems found in 2 files." in render("markdown", [], files=2)


# -- --write ---------------------------------------------------------------------------


def test_write_several_reports_from_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"messy.kpi.yaml": MESSY, "clean.kpi.yaml": CLEAN})
    monkeypatch.chdir(tmp_path)
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    out = cli(
        ".",
        "--format",
        "concise",
        "--write",
        f"sarif={out_dir / 'k.sarif'}",
        "--write",
        f"junit={out_dir / 'k.xml'}",
        "--write",
        f"gitlab={out_dir / 'gl.json'}",
        "--write",
        f"markdown={out_dir / 'summary.md'}",
        "--write",
        f"json={out_dir / 'k.json'}",
    )
    assert out.exit_code == 1
    concise = out.output.splitlines()
    data = json.loads((out_dir / "k.json").read_text(encoding="utf-8"))
    assert len(concise) == len(data["diagnostics"])
    assert len(json.loads((out_dir / "k.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]) == len(concise)
    assert len(json.loads((out_dir / "gl.json").read_text(encoding="utf-8"))) == len(concise)
    junit = ET.fromstring((out_dir / "k.xml").read_bytes())
    assert len(list(junit.iter("failure"))) == len(concise)
    assert "| Location | Code | Severity | Message |" in (out_dir / "summary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["sarif", "nope=out.txt", "=out.txt", "sarif="])
def test_write_rejects_bad_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    write_project(tmp_path, {"clean.kpi.yaml": CLEAN})
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["check", ".", "--write", value])
    assert out.exit_code == 2, out.output
    assert "--write" in out.output


def test_github_format_is_the_default_on_github_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"messy.kpi.yaml": MESSY})
    monkeypatch.chdir(tmp_path)
    out = cli(".", env={"GITHUB_ACTIONS": "true"})
    assert out.output.startswith("::")


# -- the VS Code problem matcher -------------------------------------------------------


def _problem_matcher() -> dict[str, Any]:
    matcher: dict[str, Any] = json.loads((REPO / "docs" / "problem-matcher.json").read_text(encoding="utf-8"))
    return matcher


def test_problem_matcher_reads_concise_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = _problem_matcher()
    pattern = matcher["pattern"]
    # VS Code uses JavaScript regular expressions; this one is also valid Python.
    regex = re.compile(pattern["regexp"])
    write_project(tmp_path, {"dir: with, odd/messy.kpi.yaml": MESSY})
    monkeypatch.chdir(tmp_path)
    findings = json.loads(cli(".", "--format", "json").output)["diagnostics"]
    lines = cli(".", "--format", "concise").output.splitlines()
    assert len(lines) == len(findings)
    for line, want in zip(lines, findings):
        match = regex.match(line)
        assert match, line
        assert match.group(pattern["file"]) == want["path"]
        assert int(match.group(pattern["line"])) == want["line"]
        assert int(match.group(pattern["column"])) == want["column"]
        assert match.group(pattern["code"]) == want["code"]
        assert match.group(pattern["severity"]) == want["severity"]
        assert match.group(pattern["message"]) == want["message"]


def test_readme_shows_the_problem_matcher() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```jsonc?\n(.*?)```", readme, re.S)
    tasks = [json.loads(block) for block in blocks if '"problemMatcher"' in block]
    assert tasks, "README shows no VS Code task with the problem matcher"
    assert tasks[0]["tasks"][0]["problemMatcher"] == _problem_matcher()
    assert "--write FORMAT=PATH" in readme
    for name in FORMATS:
        assert name in readme
