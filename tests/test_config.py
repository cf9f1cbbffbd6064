"""Configuration: discovery, project root, selection, severities, per-file
ignores, include/exclude, .gitignore, rule options (SPEC §3, §5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kpilint.cli import main
from kpilint.config import find_config, project_root
from kpilint.engine import Options, prepare

# V001 at 7:10 (enum), M101 at 8:3 (no target)
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

OPTION_RULE = '''\
"""## What it does
Reports the configured greeting at `metadata.name`.
"""
from kpilint.api import Finding, document_rule

@document_rule(
    code="X301", name="greeting", severity="info", category=None, docs=__doc__,
    options={"greeting": {"type": "string", "default": "hello"}, "times": {"type": "integer", "minimum": 1, "default": 1}},
)
def check(doc, ctx):
    yield Finding(("metadata", "name"), f"{ctx.options['greeting']} x{ctx.options['times']}")
'''


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def reported(*args: str) -> list[tuple[str, str, int, int, str]]:
    """(path, code, line, col, severity) from a json run."""
    result = invoke("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [(d["path"], d["code"], d["line"], d["column"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]]


def found_codes(*args: str) -> list[str]:
    return [item[1] for item in reported(*args)]


# -- discovery of the config file -------------------------------------------------------


def test_nearest_config_wins_walking_up_from_first_path(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\n')
    write(cwd, "team/kpilint.toml", 'select = ["M101"]\n')
    write(cwd, "team/sub/bad.kpi.yaml", BAD)
    write(cwd, "other/bad.kpi.yaml", BAD)
    assert found_codes("team/sub") == ["M101"]
    assert found_codes("team/sub/bad.kpi.yaml") == ["M101"]
    assert found_codes("other") == ["V001"]
    # only the first path decides
    assert found_codes("other", "team") == ["V001", "V001"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({".kpilint.toml": 'select = ["V"]', "kpilint.toml": 'select = ["M101"]'}, ".kpilint.toml"),
        ({"kpilint.toml": 'select = ["M101"]', "pyproject.toml": '[tool.kpilint]\nselect = ["V"]'}, "kpilint.toml"),
        ({"pyproject.toml": '[tool.kpilint]\nselect = ["V"]'}, "pyproject.toml"),
    ],
)
def test_config_names_in_order_of_precedence(cwd: Path, files: dict[str, str], expected: str) -> None:
    for name, text in files.items():
        write(cwd / "p", name, text + "\n")
    assert find_config(cwd / "p") == cwd / "p" / expected


def test_pyproject_without_table_is_skipped(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\n')
    write(cwd, "sub/pyproject.toml", "[project]\nname = 'x'\n")
    write(cwd, "sub/bad.kpi.yaml", BAD)
    assert find_config(cwd / "sub" / "bad.kpi.yaml") == cwd / "kpilint.toml"
    assert found_codes("sub") == ["V001"]


def test_pyproject_table(cwd: Path) -> None:
    write(cwd, "pyproject.toml", '[project]\nname = "x"\n\n[tool.kpilint]\nselect = ["M101"]\n')
    write(cwd, "bad.kpi.yaml", BAD)
    assert found_codes() == ["M101"]


def test_project_root_is_config_dir_else_git_else_cwd(cwd: Path) -> None:
    write(cwd, "repo/.git/HEAD", "ref: refs/heads/main\n")
    write(cwd, "repo/a/b/x.kpi.yaml", BAD)
    assert project_root(cwd / "repo" / "a" / "b" / "x.kpi.yaml", None) == (cwd / "repo").resolve()
    write(cwd, "repo/a/kpilint.toml", "")
    assert project_root(cwd / "repo" / "a" / "b", cwd / "repo" / "a" / "kpilint.toml") == (cwd / "repo" / "a").resolve()
    write(cwd, "loose/x.kpi.yaml", BAD)
    assert project_root(cwd / "loose", None) == cwd.resolve()
    session = prepare([cwd / "repo" / "a" / "b"], Options())
    assert session.config.root == (cwd / "repo" / "a").resolve()


def test_explicit_config_file(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\n')
    write(cwd, "ci/strict.toml", 'select = ["M101"]\n')
    write(cwd, "bad.kpi.yaml", BAD)
    assert found_codes("--config", "ci/strict.toml") == ["M101"]
    result = invoke("check", "--config", "ci/missing.toml")
    assert result.exit_code == 2
    assert "ci/missing.toml" in result.stderr


def test_isolated_ignores_config(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\nbad-key = 1\n')
    write(cwd, "bad.kpi.yaml", BAD)
    assert invoke("check").exit_code == 2  # the config is broken...
    codes = found_codes("--isolated", "--select", "V,M101")  # ...and ignored
    assert codes == ["V001", "M101"] or sorted(codes) == ["M101", "V001"]


def test_cli_flags_override_config(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\nextend-select = ["M101"]\n')
    write(cwd, "bad.kpi.yaml", BAD)
    assert found_codes() == ["V001", "M101"]
    assert found_codes("--select", "M101") == ["M101"]
    # the command line is a layer on top of the file: its --ignore wins over
    # a more specific extend-select of the file, its --select over the file's ignore
    assert found_codes("--ignore", "M") == ["V001"]
    write(cwd, "kpilint.toml", 'select = ["V"]\nignore = ["M101"]\n')
    assert found_codes("--select", "M101") == ["M101"]
    assert found_codes("--select", "M", "--ignore", "M1") == []
    assert found_codes("--select", "M101", "--ignore", "M") == ["M101"]


# -- selection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('select = ["V001"]', ["V001"]),
        ('select = ["V", "M101"]', ["V001", "M101"]),
        ('select = ["V0", "M10"]\nignore = ["M102", "M103", "M104", "M105", "M106", "M107", "M108", "M109"]', ["V001", "M101"]),
        ('select = ["ALL"]\nignore = ["A", "F", "H", "K", "M", "R", "S", "T"]', ["V001"]),
        # longest prefix wins: M is ignored, but M101 is more specific
        ('select = ["V", "M101"]\nignore = ["M"]', ["V001", "M101"]),
        ('select = ["V", "M"]\nignore = ["M1"]\nextend-select = ["M101"]', ["V001", "M101"]),
        # ties go to ignore
        ('select = ["V001", "M101"]\nignore = ["M101"]', ["V001"]),
        ('select = ["ALL"]\nignore = ["ALL"]\nextend-select = ["M101"]', ["M101"]),
    ],
)
def test_select_ignore_prefixes_and_all(cwd: Path, config: str, expected: list[str]) -> None:
    write(cwd, "kpilint.toml", config + "\n")
    write(cwd, "bad.kpi.yaml", BAD)
    assert found_codes() == expected


def test_severity_overrides(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V", "M101"]\n[severity]\nM101 = "warning"\nV = "info"\n')
    write(cwd, "bad.kpi.yaml", BAD)
    assert [(code, sev) for _, code, _, _, sev in reported()] == [("V001", "info"), ("M101", "warning")]
    assert invoke("check").exit_code == 0
    assert invoke("check", "--fail-on", "warning").exit_code == 1
    assert invoke("check", "--fail-on", "info").exit_code == 1


def test_severity_longest_prefix_wins(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V", "M101"]\n[severity]\nALL = "info"\nM1 = "warning"\nM101 = "error"\n')
    write(cwd, "bad.kpi.yaml", BAD)
    assert [(code, sev) for _, code, _, _, sev in reported()] == [("V001", "info"), ("M101", "error")]


def test_per_file_ignores(cwd: Path) -> None:
    write(
        cwd,
        "kpilint.toml",
        'select = ["V", "M101"]\n[per-file-ignores]\n"legacy/**" = ["M101"]\n"**/drafts/*.kpi.yaml" = ["V"]\n',
    )
    write(cwd, "legacy/old.kpi.yaml", BAD)
    write(cwd, "team/drafts/d.kpi.yaml", BAD)
    write(cwd, "team/new.kpi.yaml", BAD)
    assert [(p, c) for p, c, *_ in reported()] == [
        ("legacy/old.kpi.yaml", "V001"),
        ("team/drafts/d.kpi.yaml", "M101"),
        ("team/new.kpi.yaml", "V001"),
        ("team/new.kpi.yaml", "M101"),
    ]
    # the same when the files are named one by one, from another folder
    import os

    os.chdir(cwd / "team")
    assert [(p, c) for p, c, *_ in reported("drafts/d.kpi.yaml", "../legacy/old.kpi.yaml")] == [
        ("../legacy/old.kpi.yaml", "V001"),
        ("drafts/d.kpi.yaml", "M101"),
    ]


def test_per_file_ignores_unknown_code_is_an_error(cwd: Path) -> None:
    write(cwd, "kpilint.toml", '[per-file-ignores]\n"legacy/**" = ["Q123"]\n')
    write(cwd, "bad.kpi.yaml", BAD)
    result = invoke("check")
    assert result.exit_code == 2
    assert "per-file-ignores" in result.stderr and "Q123" in result.stderr


# -- include / exclude / ignored files ---------------------------------------------------------


def test_include_and_exclude(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\ninclude = ["**/*.okr.yaml", "**/*.kpi.yaml"]\nexclude = ["vendor/", "**/*.skip.kpi.yaml"]\n')
    write(cwd, "a.okr.yaml", BAD)
    write(cwd, "b.kpi.yaml", BAD)
    write(cwd, "c.kpi.json", "{}")
    write(cwd, "vendor/v.kpi.yaml", BAD)
    write(cwd, "x/y.skip.kpi.yaml", BAD)
    assert [p for p, *_ in reported()] == ["a.okr.yaml", "b.kpi.yaml"]
    # an excluded file named explicitly is still linted ...
    assert [p for p, *_ in reported("vendor/v.kpi.yaml")] == ["vendor/v.kpi.yaml"]
    # ... unless --force-exclude (what the pre-commit hook passes)
    result = invoke("check", "--force-exclude", "vendor/v.kpi.yaml", "x/y.skip.kpi.yaml")
    assert result.exit_code == 0
    assert "no KPI files found" in result.stderr
    assert [p for p, *_ in reported("--force-exclude", "vendor/v.kpi.yaml", "b.kpi.yaml")] == ["b.kpi.yaml"]


def test_force_exclude_matches_files_under_excluded_folder(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\nexclude = ["vendor/"]\n')
    write(cwd, "vendor/deep/v.kpi.yaml", BAD)
    result = invoke("check", "--force-exclude", "vendor/deep/v.kpi.yaml")
    assert result.exit_code == 0, result.stdout


def test_gitignored_and_hidden_are_skipped(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\n')
    write(cwd, ".gitignore", "build/\n*.tmp.kpi.yaml\n")
    write(cwd, "team/.gitignore", "local.kpi.yaml\n!keep.tmp.kpi.yaml\n")
    write(cwd, "build/b.kpi.yaml", BAD)
    write(cwd, "x.tmp.kpi.yaml", BAD)
    write(cwd, "team/local.kpi.yaml", BAD)
    write(cwd, "team/keep.tmp.kpi.yaml", BAD)
    write(cwd, "team/ok.kpi.yaml", BAD)
    write(cwd, ".hidden/h.kpi.yaml", BAD)
    write(cwd, "team/.venv/v.kpi.yaml", BAD)
    write(cwd, ".kpilint_cache/c.kpi.yaml", BAD)
    write(cwd, "node/.git/g.kpi.yaml", BAD)
    assert [p for p, *_ in reported()] == ["team/keep.tmp.kpi.yaml", "team/ok.kpi.yaml"]
    # a subfolder still honours the .gitignore files above it
    assert [p for p, *_ in reported("team")] == ["team/keep.tmp.kpi.yaml", "team/ok.kpi.yaml"]


def test_cache_dir_from_config_is_skipped(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["V"]\ncache-dir = "cachehere"\n')
    write(cwd, "cachehere/c.kpi.yaml", BAD)
    write(cwd, "a.kpi.yaml", BAD)
    assert [p for p, *_ in reported()] == ["a.kpi.yaml"]


# -- rule options ------------------------------------------------------------------------------


def _option_project(cwd: Path, options: str) -> None:
    write(cwd, "lint/greeting.py", OPTION_RULE)
    write(cwd, "kpilint.toml", f'select = ["X301"]\nrule-paths = ["lint/greeting.py"]\n{options}')
    write(cwd, "a.kpi.yaml", BAD)


def test_rule_options_defaults_and_values(cwd: Path) -> None:
    _option_project(cwd, "")
    result = invoke("check", "--format", "concise")
    assert result.stdout == "a.kpi.yaml:5:9: X301 [info] hello x1\n"
    _option_project(cwd, '[rules.X301]\ngreeting = "hi"\ntimes = 3\n')
    assert invoke("check", "--format", "concise").stdout == "a.kpi.yaml:5:9: X301 [info] hi x3\n"


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ("[rules.X301]\ngreting = 1\n", "`rules.X301.greting`"),
        ('[rules.X301]\ntimes = "many"\n', "`rules.X301.times`"),
        ("[rules.X301]\ntimes = 0\n", "`rules.X301.times`"),
        ("[rules.X999]\ntimes = 1\n", "`rules.X999`"),
        ('[rules]\nX301 = "on"\n', "`rules.X301`"),
    ],
)
def test_rule_options_are_validated(cwd: Path, options: str, needle: str) -> None:
    _option_project(cwd, options)
    result = invoke("check")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "kpilint.toml" in lines[0] and needle in lines[0]


def test_limits_are_applied(cwd: Path) -> None:
    write(cwd, "kpilint.toml", 'select = ["F"]\n[limits]\nmax-file-bytes = 50\n')
    write(cwd, "a.kpi.yaml", BAD)
    assert [(c, line, col) for _, c, line, col, _ in reported()] == [("F004", 1, 1)]
    write(cwd, "kpilint.toml", 'select = ["F"]\n[limits]\nmax-depth = 2\n')
    assert [(c, line, col) for _, c, line, col, _ in reported()] == [("F004", 9, 11)]
    write(cwd, "kpilint.toml", 'select = ["F"]\n[limits]\nmax-line-length = 22\n')
    assert [(c, line, col) for _, c, line, col, _ in reported()] == [("F004", 5, 1)]


def test_a_config_parse_is_remembered_for_the_same_bytes_only(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "a.kpi.yaml").write_text(
        "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a, name: A KPI}\nspec: {level: company}\n", encoding="utf-8"
    )
    config = tmp_path / "kpilint.toml"
    config.write_text('select = ["M101"]\n', encoding="utf-8")
    probe = (
        "import sys\nfrom kpilint.cli import main\n"
        "try:\n    main(['check', 'a.kpi.yaml', '--format', 'concise', *sys.argv[1:]])\nexcept SystemExit:\n    pass\n"
        "print('tomllib' in sys.modules)\n"
    )

    def lint(*args: str) -> tuple[str, bool]:
        run = subprocess.run([sys.executable, "-c", probe, *args], cwd=tmp_path, capture_output=True, text=True, check=True)
        *report, imported = run.stdout.strip().splitlines()
        return "\n".join(report), imported == "True"

    first, parsed = lint()
    assert "M101" in first and parsed  # parsed; this run creates the cache folder
    assert lint() == (first, True)  # parsed, and remembered in the cache folder
    again, parsed = lint()
    assert again == first and not parsed
    config.write_text('select = ["A101"]\n', encoding="utf-8")  # new bytes: parsed again
    edited, parsed = lint()
    assert "A101" in edited and "M101" not in edited and parsed
    (tmp_path / ".kpilint_cache" / "toml").write_bytes(b"\x00garbage")
    assert lint() == (edited, True)
    assert lint("--no-cache") == (edited, True)  # --no-cache reads nothing the cache holds
