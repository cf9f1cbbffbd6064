"""``kpilint init [DIR]``: a new KPI repo that passes its own check (SPEC §6, §7)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from kpilint import __version__
from kpilint.cli import main
from kpilint.init import (
    HOOK_FILES,
    KPI_FILE,
    OWNER_FILE,
    PRE_COMMIT_FILE,
    SCHEMA_FILE,
    WORKFLOW_FILE,
    init_repo,
    kpi_text,
    owner_text,
    timeframe,
)
from kpilint.testing import lint

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date.today()
WRITTEN = ("kpilint.toml", OWNER_FILE, KPI_FILE, SCHEMA_FILE, PRE_COMMIT_FILE, WORKFLOW_FILE)


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".kpilint_cache" not in path.parts
    }


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


def _invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(main, list(args), catch_exceptions=False)


def _lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


# -- a new repo passes its own check --------------------------------------------------------


def test_init_in_an_empty_folder_then_check_passes(runner: CliRunner, tmp_path: Path) -> None:
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 0, done.output
    assert _lines(done) == [f"kpilint: wrote repo/{name}" for name in WRITTEN]
    assert done.stdout == ""
    for name in WRITTEN:
        assert (tmp_path / "repo" / name).is_file(), name
    # every rule, info included, today and a year from now
    for today in (TODAY, _a_year_after(TODAY)):
        checked = _invoke(runner, "check", "repo", "--select", "ALL", "--fail-on", "info", "--format", "concise", "--today", today.isoformat())
        assert checked.exit_code == 0, checked.output
        assert checked.stdout == "", checked.stdout


def test_init_defaults_to_the_current_folder(runner: CliRunner, tmp_path: Path) -> None:
    done = _invoke(runner, "init")
    assert done.exit_code == 0, done.output
    assert _lines(done)[0] == "kpilint: wrote kpilint.toml"
    assert (tmp_path / KPI_FILE).is_file()


def test_init_creates_missing_folders(runner: CliRunner, tmp_path: Path) -> None:
    done = _invoke(runner, "init", "a/b/c")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "a/b/c" / WORKFLOW_FILE).is_file()


def test_the_installed_command_sets_up_a_repo_that_passes(tmp_path: Path) -> None:
    executable = Path(sys.executable).parent / ("kpilint.exe" if os.name == "nt" else "kpilint")
    if not executable.exists():
        pytest.skip("no `kpilint` executable in the test environment")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    done = subprocess.run([str(executable), "init", "new"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("kpilint: wrote ") == len(WRITTEN)
    repo = tmp_path / "new"
    for args in ([], ["--today", _a_year_after(TODAY).isoformat()]):
        checked = subprocess.run(
            [str(executable), "check", "--fail-on", "info", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.startswith("All checks passed (2 files)"), checked.stdout


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2028, 2, 29), dt.date(2030, 6, 15)],
    ids=str,
)
def test_the_sample_kpi_is_clean_on_any_day_and_a_year_later(today: dt.date) -> None:
    project = {OWNER_FILE: owner_text(), KPI_FILE: kpi_text(today)}
    for day in (today, _a_year_after(today)):
        assert lint(project, select="ALL", today=day) == [], day
    start, end = timeframe(today)
    assert start <= today < end
    assert (end - start).days + 1 <= 1096  # T103, company level


def test_the_kpi_names_the_written_schema() -> None:
    first = kpi_text(TODAY).splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/kpilint.v1.schema.json"
    target = first.split("$schema=", 1)[1]
    assert (Path(KPI_FILE).parent / target).as_posix().replace("kpis/../", "") == SCHEMA_FILE
    assert owner_text().splitlines()[0] == first


def test_the_written_schema_is_what_kpilint_schema_prints(runner: CliRunner, tmp_path: Path) -> None:
    _invoke(runner, "init", "repo")
    printed = _invoke(runner, "schema")
    assert (tmp_path / "repo" / SCHEMA_FILE).read_text(encoding="utf-8") == printed.stdout
    assert json.loads(printed.stdout)["$schema"]


# -- a second init changes nothing ------------------------------------------------------------


def test_a_second_init_changes_no_file(runner: CliRunner, tmp_path: Path) -> None:
    _invoke(runner, "init", "repo")
    before = _snapshot(tmp_path / "repo")
    again = _invoke(runner, "init", "repo")
    assert again.exit_code == 0, again.output
    assert _snapshot(tmp_path / "repo") == before
    assert all(line.startswith("kpilint: skipped repo/") for line in _lines(again)), again.stderr
    assert len(_lines(again)) == len(WRITTEN)
    # the hook and the workflow it wrote already run kpilint: no snippet to add
    assert again.stdout == ""
    assert "already runs kpilint" in again.stderr


# -- the pre-commit config and the workflow -----------------------------------------------------


def _hook(config: Any) -> dict[str, Any]:
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert isinstance(hook, dict)
    return hook


def test_the_pre_commit_config_pins_this_version(runner: CliRunner, tmp_path: Path) -> None:
    _invoke(runner, "init", "repo")
    hook = _hook(_yaml(tmp_path / "repo" / PRE_COMMIT_FILE))
    assert hook["id"] == "kpilint" and hook["name"]
    assert hook["entry"] == "kpilint check --force-exclude"
    assert hook["language"] == "python"
    assert hook["additional_dependencies"] == [f"kpilint=={__version__}"]
    assert hook["require_serial"] is True
    shipped = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["files"] == shipped[0]["files"] == HOOK_FILES
    files = re.compile(hook["files"])
    assert files.search("kpis/company.kpi.yaml") and files.search("a.kpi.json") and not files.search("a.yaml")


def test_pre_commit_accepts_the_written_config(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    _invoke(runner, "init", "repo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GITHUB_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", PRE_COMMIT_FILE],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_installs_this_version_and_runs_check(runner: CliRunner, tmp_path: Path) -> None:
    _invoke(runner, "init", "repo")
    workflow = _yaml(tmp_path / "repo" / WORKFLOW_FILE)
    assert {"pull_request", "push"} <= set(workflow["on"])
    (job,) = workflow["jobs"].values()
    runs = [step["run"] for step in job["steps"] if "run" in step]
    uses = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python"]
    assert f"pip install kpilint=={__version__}" in runs
    assert "kpilint check" in runs
    assert runs.index("kpilint check") > runs.index(f"pip install kpilint=={__version__}")


# -- what exists is left alone ----------------------------------------------------------------------


def test_an_existing_pre_commit_config_is_untouched_and_the_hook_printed(runner: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    existing = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"
    (repo / PRE_COMMIT_FILE).write_text(existing, encoding="utf-8")
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 0, done.output
    assert (repo / PRE_COMMIT_FILE).read_text(encoding="utf-8") == existing
    assert "kpilint: skipped repo/.pre-commit-config.yaml (exists); add this to it:" in _lines(done)
    printed = YAML(typ="safe").load(done.stdout)
    assert _hook(printed)["additional_dependencies"] == [f"kpilint=={__version__}"]
    # the printed hook fits under the existing `repos:`
    merged = YAML(typ="safe").load(existing + done.stdout.split("repos:\n", 1)[1])
    assert [hook["id"] for repo_ in merged["repos"] for hook in repo_["hooks"]] == ["black", "kpilint"]


def test_an_existing_workflow_is_untouched_and_the_job_printed(runner: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".github/workflows").mkdir(parents=True)
    existing = "name: lint\non: push\njobs: {}\n"
    (repo / ".github/workflows/kpilint.yaml").write_text(existing, encoding="utf-8")
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 0, done.output
    assert not (repo / WORKFLOW_FILE).exists()
    assert (repo / ".github/workflows/kpilint.yaml").read_text(encoding="utf-8") == existing
    assert "kpilint: skipped repo/.github/workflows/kpilint.yaml (exists); add this to it:" in _lines(done)
    printed = YAML(typ="safe").load(done.stdout)
    assert "kpilint check" in [step.get("run") for step in printed["jobs"]["kpilint"]["steps"]]


def test_a_pyproject_without_the_table_gets_it_appended(runner: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    original = '[project]\nname = "kpis"\n\n[tool.black]\nline-length = 100'  # no final newline
    (repo / "pyproject.toml").write_text(original, encoding="utf-8")
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 0, done.output
    assert _lines(done)[0] == "kpilint: added a [tool.kpilint] table to repo/pyproject.toml"
    assert not (repo / "kpilint.toml").exists()
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(original + "\n")
    import tomli

    data = tomli.loads(text)
    assert data["tool"]["black"] == {"line-length": 100}
    assert data["tool"]["kpilint"]["fail-on"] == "error"
    checked = _invoke(runner, "check", "repo", "--fail-on", "info")
    assert checked.exit_code == 0, checked.output
    again = _invoke(runner, "init", "repo")
    assert _lines(again)[0] == "kpilint: skipped repo/pyproject.toml (it has a [tool.kpilint] table)"
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == text


def test_a_crlf_pyproject_is_appended_to_in_crlf(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\r\nname = "kpis"\r\n')
    list(init_repo(tmp_path, TODAY))
    data = (tmp_path / "pyproject.toml").read_bytes()
    assert b"[tool.kpilint]\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_a_pyproject_with_the_table_is_left_alone(runner: CliRunner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    original = '[tool.kpilint]\nfail-on = "warning"\n'
    (repo / "pyproject.toml").write_text(original, encoding="utf-8")
    done = _invoke(runner, "init", "repo")
    assert _lines(done)[0] == "kpilint: skipped repo/pyproject.toml (it has a [tool.kpilint] table)"
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == original
    assert not (repo / "kpilint.toml").exists()


@pytest.mark.parametrize(
    ("pyproject", "why"),
    [
        ('tool = {black = {line-length = 100}}\n', "a [tool.kpilint] table cannot be appended to pyproject.toml"),
        ("[project\n", "pyproject.toml is not valid TOML, so not appended to"),
    ],
    ids=["inline-tool-table", "invalid-toml"],
)
def test_a_pyproject_that_cannot_take_the_table_gets_a_kpilint_toml(
    runner: CliRunner, tmp_path: Path, pyproject: str, why: str
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 0, done.output
    assert _lines(done)[0] == f"kpilint: wrote repo/kpilint.toml ({why})"
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == pyproject
    checked = _invoke(runner, "check", "repo")
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("name", ["kpilint.toml", ".kpilint.toml"])
def test_an_existing_config_is_left_alone(runner: CliRunner, tmp_path: Path, name: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / name).write_text('fail-on = "warning"\n', encoding="utf-8")
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    done = _invoke(runner, "init", "repo")
    assert _lines(done)[0] == f"kpilint: skipped repo/{name} (exists)"
    assert (repo / name).read_text(encoding="utf-8") == 'fail-on = "warning"\n'
    assert (repo / "pyproject.toml").read_text(encoding="utf-8") == '[project]\nname = "x"\n'


def test_a_repo_with_kpis_gets_no_sample_owner_or_kpi(runner: CliRunner, tmp_path: Path) -> None:
    """An Owner added to a repo that declares none would make every existing
    KPI's owner an A102 error: the samples are for a new repo only."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "sales", repo / "sales")
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 0, done.output
    for name in (OWNER_FILE, KPI_FILE):
        assert f"kpilint: skipped repo/{name} (the folder already holds KPI files, e.g. sales/" in done.stderr
        assert not (repo / name).exists()
    assert (repo / "kpilint.toml").is_file() and (repo / SCHEMA_FILE).is_file()


# -- errors ---------------------------------------------------------------------------------------------


def test_a_file_as_dir_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    done = _invoke(runner, "init", "taken")
    assert done.exit_code == 2
    assert _lines(done) == ["kpilint: error: taken: not a folder"]
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "x"


def test_a_folder_in_the_way_of_a_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "schemas").write_text("not a folder", encoding="utf-8")
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 2
    *told, error = _lines(done)
    assert error == "kpilint: error: repo/schemas: cannot create this folder: a file is in the way"
    assert told[0] == "kpilint: wrote repo/kpilint.toml"  # what was written before is still told


@pytest.mark.skipif(os.name == "nt" or (hasattr(os, "geteuid") and os.geteuid() == 0), reason="needs POSIX permissions")
def test_an_unwritable_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        done = _invoke(runner, "init", "locked")
    finally:
        locked.chmod(0o755)
    assert done.exit_code == 2
    (line,) = _lines(done)
    assert line.startswith("kpilint: error: ") and "cannot write" in line and "ermission denied" in line


# -- the written hook, run by pre-commit itself (offline) -----------------------------------------


@pytest.fixture(scope="module")
def kpilint_wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheelhouse of the pre-commit tests plus a wheel of this kpilint, so
    that the hook's ``additional_dependencies`` install without the network."""
    from test_precommit import BUILD_REQUIREMENTS, SOURCE_PARTS, _repack, _requirement_closure

    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    import tomli

    dest = tmp_path_factory.mktemp("wheels")
    dependencies = tomli.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for dist in _requirement_closure([*dependencies, *BUILD_REQUIREMENTS]):
        _repack(dist, dest)
    source = tmp_path_factory.mktemp("source")
    for part in SOURCE_PARTS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, source / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif (REPO / part).is_file():
            shutil.copy2(REPO / part, source / part)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(dest), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a kpilint wheel offline: {built.stderr[-300:]}")
    return dest


def test_pre_commit_runs_the_written_hook(kpilint_wheels: Path, tmp_path: Path) -> None:
    from test_precommit import _clean_env, _git

    repo = tmp_path / "repo"
    steps = list(init_repo(repo, TODAY))
    assert all(step.action == "wrote" for step in steps)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    env = _clean_env(
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(kpilint_wheels),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
    )
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    done = subprocess.run(run, cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^kpilint\.+Passed$", done.stdout, flags=re.M), done.stdout
    # the hook fails a commit that breaks the sample KPI
    kpi = repo / KPI_FILE
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("    target: 500\n", ""), encoding="utf-8")
    _git(repo, "add", "-A")
    done = subprocess.run(run, cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "kpis/company.kpi.yaml:" in done.stdout and "M101" in done.stdout


def test_an_empty_pyproject_gets_the_table_alone(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (step, *_) = init_repo(tmp_path, TODAY)
    assert step.action == "appended"
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8").startswith("[tool.kpilint]\n")


def test_a_write_the_system_refuses_is_a_usage_error(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as an unwritable folder, for runs where permissions do not bite (root)."""
    import kpilint.init as init_module

    def refuse(path: Path, text: str) -> bool:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(init_module, "_create", refuse)
    done = _invoke(runner, "init", "repo")
    assert done.exit_code == 2
    assert _lines(done) == ["kpilint: error: repo/kpilint.toml: cannot write: Permission denied"]
