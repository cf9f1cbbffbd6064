"""The ``kpilint`` command line: exit codes, formats and sub-commands (SPEC §6)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kpilint import __version__
from kpilint.cli import main

GOOD = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.revenue
  name: Quarterly revenue
spec:
  level: company
  metric:
    unit: EUR
    target: 120000
"""

# one V001 (enum) at 7:10 and one M101 (no target) at 8:3
BAD = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.costs
  name: Quarterly costs
spec:
  level: teem
  metric:
    unit: EUR
"""

# a warning only: an empty second document (F005)
WARN = GOOD + "---\n"

CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{1,3}\d{3}) \[(?P<sev>error|warning|info)\] (?P<msg>.+)$")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project (a kpilint.toml selecting the core codes) as the cwd."""
    (tmp_path / "kpilint.toml").write_text('select = ["F", "V", "M101", "K"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def kpilint(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "kpilint", *args],
        cwd=cwd,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def one_line_error(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert lines[0].startswith("kpilint: error: ")
    return lines[0]


# -- exit codes ------------------------------------------------------------------


def test_clean_exits_0(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    result = invoke("check")
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.stdout


def test_errors_exit_1(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    assert invoke("check").exit_code == 1


def test_warnings_pass_by_default_and_fail_with_fail_on_warning(project: Path) -> None:
    write(project, "warn.kpi.yaml", WARN)
    result = invoke("check", "--format", "concise")
    assert result.exit_code == 0
    assert "F005 [warning]" in result.stdout
    assert invoke("check", "--fail-on", "warning").exit_code == 1
    assert invoke("check", "--fail-on", "error").exit_code == 0


def test_fail_on_from_config(project: Path) -> None:
    write(project, "warn.kpi.yaml", WARN)
    write(project, "kpilint.toml", 'select = ["F", "V"]\nfail-on = "warning"\n')
    assert invoke("check").exit_code == 1
    assert invoke("check", "--fail-on", "error").exit_code == 0  # the flag wins


def test_exit_zero(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    result = invoke("check", "--exit-zero", "--format", "concise")
    assert result.exit_code == 0
    assert "V001" in result.stdout


def test_missing_path_is_usage_error(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    result = invoke("check", "good.kpi.yaml", "nope.kpi.yaml")
    assert result.exit_code == 2
    assert "nope.kpi.yaml" in one_line_error(result)
    assert result.stdout == ""


def test_unknown_select_code_is_usage_error(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    for flag in ("--select", "--ignore"):
        result = invoke("check", flag, "XYZ999")
        assert result.exit_code == 2
        assert "XYZ999" in one_line_error(result)
    result = invoke("check", "--select", "V01")
    assert result.exit_code == 2
    assert "did you mean `V001`?" in one_line_error(result)


def test_select_codes_in_any_case(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    for selector in ("s101", "s1", "s", "all", "k"):
        result = invoke("check", "--select", selector, "--ignore", "s102")
        assert result.exit_code in (0, 1), (selector, result.output)
        assert "did you mean" not in result.output


def test_selector_of_the_wrong_shape_is_usage_error(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    result = invoke("check", "--select", "S-101")
    assert result.exit_code == 2
    assert "`S-101` is not a rule code, a prefix or ALL" in one_line_error(result)
    write(project, "kpilint.toml", '[per-file-ignores]\n"./x.kpi.yaml" = ["ACME"]\n')
    result = invoke("check")
    assert result.exit_code == 2
    assert "unknown rule code `ACME`" in one_line_error(result)


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ('selct = ["V"]\n', "`selct`"),
        ('fail-on = "bad"\n', "`fail-on`"),
        ('select = "V"\n', "`select`"),
        ("fail-on = \n", "invalid TOML"),
        ('[severity]\nM101 = "warn"\n', "`severity.M101`"),
        ("[limits]\nmax-depth = 0\n", "`limits.max-depth`"),
        ("[limits]\nmax-dept = 3\n", "`limits.max-dept`"),
        ('ignore = ["Q"]\n', "`ignore`"),
        ("[rules.M101]\nfoo = 1\n", "`rules.M101.foo`"),
        ("[rules.ZZ999]\nfoo = 1\n", "`rules.ZZ999`"),
        ('rule-paths = ["missing.py"]\n', "missing.py"),
    ],
)
def test_config_errors_are_one_line_naming_file_and_key(project: Path, config: str, needle: str) -> None:
    write(project, "good.kpi.yaml", GOOD)
    write(project, "kpilint.toml", config)
    result = invoke("check")
    assert result.exit_code == 2
    line = one_line_error(result)
    assert "kpilint.toml" in line
    assert needle in line


def test_pyproject_errors_name_the_full_key(project: Path) -> None:
    (project / "kpilint.toml").unlink()
    write(project, "good.kpi.yaml", GOOD)
    write(project, "pyproject.toml", "[tool.kpilint]\nbad-key = 1\n")
    result = invoke("check")
    assert result.exit_code == 2
    line = one_line_error(result)
    assert "pyproject.toml" in line and "`tool.kpilint.bad-key`" in line


def test_invalid_today_is_usage_error(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    result = invoke("check", "--today", "2027-13-01")
    assert result.exit_code == 2
    assert "--today" in one_line_error(result)
    assert invoke("check", "--today", "2027-01-15").exit_code == 0


def test_unknown_format_choice_is_usage_error(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    assert invoke("check", "--format", "xml").exit_code == 2


# -- formats ---------------------------------------------------------------------


def test_concise_exact_lines(project: Path) -> None:
    write(project, "sub/bad.kpi.yaml", BAD)
    result = invoke("check", "--format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "sub/bad.kpi.yaml:7:10: V001 [error] `spec.level` must be one of `company`, `department`, `team`, "
        '`individual`, found "teem"; did you mean `team`?',
        "sub/bad.kpi.yaml:8:3: M101 [error] no target: add `spec.metric.target` with the number this KPI should reach",
    ]
    for line in result.stdout.splitlines():
        assert CONCISE.match(line), line


def test_output_is_sorted_by_path_line_col_code(project: Path) -> None:
    write(project, "b.kpi.yaml", BAD)
    write(project, "a.kpi.yaml", BAD)
    write(project, "a/z.kpi.yaml", BAD)
    lines = invoke("check", "--format", "concise").stdout.splitlines()
    keys = [(m["path"], int(m["line"]), int(m["col"]), m["code"]) for m in map(CONCISE.match, lines) if m]
    assert len(keys) == 6
    assert keys == sorted(keys)
    assert [k[0] for k in keys[::2]] == ["a.kpi.yaml", "a/z.kpi.yaml", "b.kpi.yaml"]


def test_concise_escapes_control_characters(project: Path) -> None:
    write(project, "esc.kpi.yaml", 'apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec: {level: "te\\e[31mem"}\n')
    out = invoke("check", "--format", "concise").stdout
    assert "\x1b" not in out
    assert "\\u001b[31m" in out
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(CONCISE.match(line) for line in lines)


def test_full_shows_source_line_and_caret(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    out = invoke("check", "--format", "full").stdout
    lines = out.splitlines()
    head = lines.index(
        "bad.kpi.yaml:7:10: V001 [error] `spec.level` must be one of `company`, `department`, `team`, "
        '`individual`, found "teem"; did you mean `team`?'
    )
    source, caret = lines[head + 1], lines[head + 2]
    assert source.endswith("7 |   level: teem")
    bar = source.index("|")
    assert caret.index("^") - (bar + 2) == 9  # column 10, 1-based
    assert caret.strip() == "^^^^"
    assert "help" in lines[head + 3] and "kpilint rule V001" in lines[head + 3]
    assert "\x1b[" not in out
    assert out.rstrip().splitlines()[-1].startswith("Found 2 problems")


def test_full_caret_under_non_ascii(project: Path) -> None:
    write(project, "u.kpi.yaml", 'apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: "Ümsätz", labels: {k: 1}}\nspec: {}\n')
    lines = invoke("check", "--format", "full").stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("u.kpi.yaml:3:"))
    source, caret = lines[head + 1], lines[head + 2]
    assert caret.index("^") == source.index("1}")
    assert caret.strip() == "^"


def _source_and_caret(lines: list[str], head: str) -> tuple[str, str]:
    at = next(i for i, line in enumerate(lines) if line.startswith(head))
    return lines[at + 1], lines[at + 2]


def test_full_shows_a_tab_and_keeps_the_caret_under_its_column(project: Path) -> None:
    write(project, "t.kpi.yaml", "apiVersion: kpilint/v1\nkind: KPI\nmetadata:\n\tid: a.b\n  name: x\n")
    write(project, "u.kpi.yaml", 'apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: "x\ty", labels: {k: 1}}\nspec: {}\n')
    lines = invoke("check", "--format", "full").stdout.splitlines()
    source, caret = _source_and_caret(lines, "t.kpi.yaml:4:1: F002")
    assert source.endswith("4 | \u2192id: a.b")  # the tab is visible, not a space
    assert caret.index("^") == source.index("\u2192")
    source, caret = _source_and_caret(lines, "u.kpi.yaml:3:")
    assert 'name: "x\u2192y"' in source and "\t" not in source
    assert caret.index("^") == source.index("1}")  # a tab before the finding moves nothing


def test_full_shows_control_characters_as_pictures(project: Path) -> None:
    write(project, "c.kpi.yaml", "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: \"x\x1b[31my\x7f\"}\n")
    out = invoke("check", "--format", "full").stdout
    assert "\x1b" not in out and "\x7f" not in out
    source, caret = _source_and_caret(out.splitlines(), "c.kpi.yaml:3:")
    assert 'name: "x\u241b[31my' in source
    found = next(line for line in out.splitlines() if line.startswith("c.kpi.yaml:3:"))
    col = int(found.split(":")[2])
    bar = source.index("|")
    assert caret.index("^") - (bar + 2) == col - 1  # one picture, one column


def test_full_caret_after_wide_characters(project: Path) -> None:
    write(project, "w.kpi.yaml", 'apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: "\u65e5\u672c", labels: {k: 1}}\nspec: {}\n')
    source, caret = _source_and_caret(invoke("check", "--format", "full").stdout.splitlines(), "w.kpi.yaml:3:")
    # two wide characters take four columns of the terminal: the caret is two further right
    assert caret.index("^") == source.index("1}") + 2


def test_full_of_a_crlf_file_shows_no_carriage_return(project: Path) -> None:
    write(project, "r.kpi.yaml", BAD.replace("\n", "\r\n"))
    out = invoke("check", "--format", "full").stdout
    assert "\u240d" not in out and "\\x0d" not in out and "7 |   level: teem\n" in out


def test_is_default_format_full(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    assert invoke("check").stdout == invoke("check", "--format", "full").stdout


def _tty_run(cwd: Path, env: dict[str, str]) -> str:
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    try:
        full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
        full_env.update(env)
        proc = subprocess.run(
            [sys.executable, "-m", "kpilint", "check", "--format", "full"],
            cwd=cwd,
            env=full_env,
            stdout=child_fd,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
        os.close(child_fd)
        chunks = []
        while True:
            try:
                data = os.read(main_fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        assert proc.returncode == 1
        return b"".join(chunks).decode("utf-8")
    finally:
        os.close(main_fd)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_only_on_a_terminal_and_no_color_respected(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    assert "\x1b[" in _tty_run(project, {})
    assert "\x1b[" not in _tty_run(project, {"NO_COLOR": "1"})
    piped = kpilint("check", "--format", "full", cwd=project)
    assert piped.returncode == 1 and "\x1b[" not in piped.stdout


def test_json_structure(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    result = invoke("check", "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["summary"] == {"files": 1, "diagnostics": 2, "error": 2, "warning": 0, "info": 0}
    first = payload["diagnostics"][0]
    assert first == {
        "path": "bad.kpi.yaml",
        "line": 7,
        "column": 10,
        "end_line": 7,
        "end_column": 14,
        "code": "V001",
        "name": "schema-violation",
        "severity": "error",
        "message": first["message"],
        "document": 0,
        "yaml_path": "spec.level",
        "fix": None,
    }
    assert payload["diagnostics"][1]["yaml_path"] == "spec.metric.target"
    assert payload["diagnostics"][1]["name"] == "missing-target"


def test_json_clean_run(project: Path) -> None:
    write(project, "good.kpi.yaml", GOOD)
    result = invoke("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["diagnostics"] == []


def test_format_from_config(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    write(project, "kpilint.toml", 'select = ["V"]\nformat = "concise"\n')
    assert invoke("check").stdout.startswith("bad.kpi.yaml:7:10: V001 [error] ")


def test_output_file(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    result = invoke("check", "--format", "json", "--output-file", "report.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    payload = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert len(payload["diagnostics"]) == 2


def test_output_file_in_missing_folder_is_usage_error(project: Path) -> None:
    write(project, "bad.kpi.yaml", BAD)
    result = invoke("check", "--output-file", "no/such/dir/report.txt")
    assert result.exit_code == 2
    assert "--output-file" in one_line_error(result)


def test_statistics(project: Path) -> None:
    write(project, "a.kpi.yaml", BAD)
    write(project, "b.kpi.yaml", BAD.replace("level: teem", "level: team"))
    result = invoke("check", "--format", "concise", "--statistics")
    lines = result.stdout.splitlines()
    stats = [line for line in lines if not CONCISE.match(line)]
    assert [line.split() for line in stats] == [
        ["2", "M101", "[error]", "missing-target"],
        ["1", "V001", "[error]", "schema-violation"],
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "gitlab", "markdown"])
def test_statistics_never_corrupt_a_machine_readable_report(project: Path, fmt: str) -> None:
    write(project, "a.kpi.yaml", BAD)
    result = invoke("check", "--format", fmt, "--statistics")
    plain = invoke("check", "--format", fmt)
    if fmt == "json":
        payload = json.loads(result.stdout)
        assert payload["statistics"] == [
            {"code": "M101", "name": "missing-target", "severity": "error", "count": 1},
            {"code": "V001", "name": "schema-violation", "severity": "error", "count": 1},
        ]
        assert "statistics" not in json.loads(plain.stdout)
        assert "M101" not in result.stderr
        return
    assert result.stdout == plain.stdout  # the report itself is untouched
    assert [line.split() for line in result.stderr.splitlines()] == [
        ["1", "M101", "[error]", "missing-target"],
        ["1", "V001", "[error]", "schema-violation"],
    ]
    if fmt == "sarif":
        from test_reporters import assert_valid_sarif

        assert_valid_sarif(json.loads(result.stdout))
    elif fmt == "gitlab":
        json.loads(result.stdout)
    elif fmt == "junit":
        import xml.etree.ElementTree as ET

        ET.fromstring(result.stdout)


def test_statistics_with_output_file_json(project: Path) -> None:
    write(project, "a.kpi.yaml", BAD)
    invoke("check", "--format", "json", "--statistics", "--output-file", "r.json")
    assert [row["code"] for row in json.loads((project / "r.json").read_text(encoding="utf-8"))["statistics"]] == ["M101", "V001"]


def test_schema_output_creates_missing_folders(project: Path) -> None:
    result = invoke("schema", "--output", "schemas/deep/kpilint.v1.schema.json")
    assert result.exit_code == 0, result.output
    assert json.loads((project / "schemas/deep/kpilint.v1.schema.json").read_text(encoding="utf-8"))["$schema"]


def test_schema_output_under_a_file_is_one_line_error(project: Path) -> None:
    write(project, "taken", "a file, not a folder\n")
    result = invoke("schema", "--output", "taken/x.json")
    assert result.exit_code == 2
    assert one_line_error(result).startswith("kpilint: error: --output taken/x.json")


# -- stdin ---------------------------------------------------------------------------


def test_stdin_filename_lints_stdin_as_that_file(project: Path) -> None:
    write(project, "sub/bad.kpi.yaml", GOOD)  # on disk: clean; on stdin: broken
    result = invoke("check", "--format", "concise", "--stdin-filename", "sub/bad.kpi.yaml", stdin=BAD)
    assert result.exit_code == 1
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == ["sub/bad.kpi.yaml:7:10:", "sub/bad.kpi.yaml:8:3:"]


def test_stdin_filename_that_does_not_exist_yet(project: Path) -> None:
    result = invoke("check", "--format", "concise", "--stdin-filename", "new/dir/x.kpi.yaml", stdin=BAD)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("new/dir/x.kpi.yaml:7:10: V001")


def test_stdin_sees_the_rest_of_the_project(project: Path) -> None:
    write(project, "kpilint.toml", 'select = ["H101", "V"]\n')
    write(project, "parent.kpi.yaml", GOOD)
    child = (
        "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: sales.team-revenue, name: Team revenue}\n"
        "spec: {level: team, parent: sales.revenue}\n"
    )
    result = invoke("check", "--format", "concise", "--stdin-filename", "team/child.kpi.yaml", stdin=child)
    assert result.exit_code == 0, result.stdout
    result = invoke(
        "check", "--format", "concise", "--stdin-filename", "team/child.kpi.yaml", stdin=child.replace("sales.revenue", "sales.revenu")
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("team/child.kpi.yaml:4:29: H101 [error] ")
    assert "did you mean `sales.revenue`?" in result.stdout


def test_stdin_respects_force_exclude(project: Path) -> None:
    write(project, "kpilint.toml", 'select = ["V"]\nexclude = ["vendor/"]\n')
    result = invoke("check", "--format", "concise", "--stdin-filename", "vendor/x.kpi.yaml", stdin=BAD)
    assert result.exit_code == 1  # named explicitly: linted
    result = invoke("check", "--force-exclude", "--format", "concise", "--stdin-filename", "vendor/x.kpi.yaml", stdin=BAD)
    assert result.exit_code == 0
    assert result.stdout == "" or "All checks passed" in result.stdout


def test_stdin_with_crlf_and_bom(project: Path) -> None:
    data = ("\ufeff" + BAD.replace("\n", "\r\n")).encode("utf-8")
    result = invoke("check", "--format", "concise", "--stdin-filename", "x.kpi.yaml", stdin=data)
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == ["x.kpi.yaml:7:10:", "x.kpi.yaml:8:3:"]


def test_stdin_json(project: Path) -> None:
    result = invoke("check", "--format", "concise", "--stdin-filename", "x.kpi.json", stdin='{"a": 1,}')
    assert result.stdout.startswith("x.kpi.json:1:9: F002 [error] invalid JSON")


# -- paths -----------------------------------------------------------------------------


def test_paths_are_relative_to_cwd_with_slashes(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, "team/sub/bad.kpi.yaml", BAD)
    monkeypatch.chdir(project / "team")
    out = invoke("check", "--format", "concise", "sub").stdout
    assert out.startswith("sub/bad.kpi.yaml:7:10:")
    out = invoke("check", "--format", "concise", str(project / "team" / "sub" / "bad.kpi.yaml")).stdout
    assert out.startswith("sub/bad.kpi.yaml:7:10:")
    out = invoke("check", "--format", "concise", "../team/./sub/").stdout
    assert out.startswith("sub/bad.kpi.yaml:7:10:")
    monkeypatch.chdir(project / "team" / "sub")
    out = invoke("check", "--format", "json", "../../team").stdout
    assert json.loads(out)["diagnostics"][0]["path"] == "bad.kpi.yaml"


def test_no_kpi_files_is_exit_0_with_notice(project: Path) -> None:
    write(project, "notes.yaml", "a: 1\n")
    result = invoke("check")
    assert result.exit_code == 0
    assert "no KPI files found" in result.stderr


def test_explicit_file_is_linted_whatever_its_name(project: Path) -> None:
    write(project, "kpi.yaml", BAD)
    result = invoke("check", "--format", "concise", "kpi.yaml")
    assert result.exit_code == 1
    assert result.stdout.startswith("kpi.yaml:7:10:")


# -- other commands ------------------------------------------------------------------------


def test_rules_lists_every_rule(project: Path) -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    for code in ("F001", "F002", "F003", "F004", "F005", "V001", "V002", "K001", "K900", "M101", "H101"):
        assert code in rows
    assert "missing-target" in rows["M101"] and "Measurable" in rows["M101"] and "error" in rows["M101"]


def test_rule_docs(project: Path) -> None:
    result = invoke("rule", "M101")
    assert result.exit_code == 0
    assert result.stdout.startswith("# M101 missing-target")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "Use instead:", "## Options"):
        assert heading in result.stdout
    assert invoke("rule", "m101").stdout == result.stdout


def test_unknown_rule_is_usage_error(project: Path) -> None:
    result = invoke("rule", "XYZ")
    assert result.exit_code == 2
    assert "XYZ" in one_line_error(result)
    result = invoke("rule", "M1O1")
    assert result.exit_code == 2
    assert "did you mean `M101`?" in one_line_error(result)


def test_schema_prints_both_kinds(project: Path) -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"kpi", "owner"} <= set(schema["$defs"])


@pytest.mark.parametrize("kind", ["KPI", "Owner"])
def test_schema_kind_output_file(project: Path, kind: str) -> None:
    from jsonschema import Draft202012Validator

    result = invoke("schema", "--kind", kind, "--output", "f.json")
    assert result.exit_code == 0
    schema = json.loads((project / "f.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    kpi = {"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a.b", "name": "x"}, "spec": {"level": "team"}}
    owner = {"apiVersion": "kpilint/v1", "kind": "Owner", "metadata": {"id": "a", "name": "x"}, "spec": {"type": "team"}}
    good, other = (kpi, owner) if kind == "KPI" else (owner, kpi)
    assert validator.is_valid(good)
    assert not validator.is_valid(other)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kpilint {__version__}"


def test_python_m_version(tmp_path: Path) -> None:
    proc = kpilint("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"kpilint {__version__}"


def test_subprocess_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "kpilint.toml").write_text('select = ["V", "M101"]\n', encoding="utf-8")
    write(tmp_path, "bad.kpi.yaml", BAD)
    proc = kpilint("check", "--format", "concise", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("bad.kpi.yaml:7:10: V001 [error]")
    assert proc.stderr == ""
    proc = kpilint("check", "missing", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_the_command_flushes_a_long_report_before_it_exits(tmp_path: Path) -> None:
    """`kpilint` ends the process without tearing the interpreter down: every
    line of a long report must still reach the pipe, with the right exit code."""
    (tmp_path / "kpilint.toml").write_text('select = ["V", "M101"]\n', encoding="utf-8")
    for index in range(120):
        write(tmp_path, f"k/bad{index:03d}.kpi.yaml", BAD)
    proc = kpilint("check", "--format", "concise", "--no-cache", cwd=tmp_path)
    in_process = CliRunner().invoke(main, ["check", str(tmp_path), "--format", "concise", "--no-cache"])
    assert proc.returncode == in_process.exit_code == 1
    assert len(proc.stdout.splitlines()) == len(in_process.stdout.splitlines()) >= 240
    assert proc.stdout.endswith("\n") and proc.stderr == ""


def test_stdin_dash_is_the_stdin_filename(project: Path) -> None:
    write(project, "sub/bad.kpi.yaml", GOOD)  # on disk: clean; on stdin: broken
    result = invoke("check", "--format", "concise", "--stdin-filename", "sub/bad.kpi.yaml", "-", stdin=BAD)
    assert result.exit_code == 1, result.output
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == ["sub/bad.kpi.yaml:7:10:", "sub/bad.kpi.yaml:8:3:"]


def test_stdin_dash_as_a_real_process(project: Path) -> None:
    run = kpilint("check", "--format", "concise", "--stdin-filename", "x.kpi.yaml", "-", cwd=project, stdin=BAD)
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith("x.kpi.yaml:7:10: V001")


def test_stdin_dash_without_a_name_is_one_line_error(project: Path) -> None:
    result = invoke("check", "-", stdin=BAD)
    assert result.exit_code == 2
    assert "--stdin-filename" in one_line_error(result)


def test_stdin_filename_beside_other_paths_checks_both(project: Path) -> None:
    write(project, "b.kpi.yaml", BAD.replace("sales.costs", "sales.other"))
    result = invoke("check", "--format", "concise", "--stdin-filename", "a.kpi.yaml", "b.kpi.yaml", stdin=BAD)
    assert result.exit_code == 1, result.output
    assert sorted({line.split(":")[0] for line in result.stdout.splitlines()}) == ["a.kpi.yaml", "b.kpi.yaml"]


@pytest.mark.parametrize(("name", "said"), [("", "found nothing"), ("  ", "found nothing"), ("sub", "names a folder")])
def test_stdin_filename_must_name_a_file(project: Path, name: str, said: str) -> None:
    (project / "sub").mkdir()
    for args in (("--stdin-filename", name), ("--stdin-filename", name, "-")):
        result = invoke("check", *args, stdin=BAD)
        assert result.exit_code == 2
        assert said in one_line_error(result)
