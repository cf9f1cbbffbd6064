"""Project-wide rules when only some files are checked (pre-commit passes the
staged files): the index covers the whole project root, the report only the
files asked about (SPEC §3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpilint.cli import main
from kpilint.testing import located, run_project

CHILD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
spec:
  level: team
  parent: marketing.traffic
"""

PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.traffic, name: Website visits}
spec:
  level: department
"""

BROKEN_PARENT = PARENT + "  owner: 5\n  parent: nowhere.at-all\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "kpilint.toml").write_text('select = ["H101", "V"]\n', encoding="utf-8")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "a.kpi.yaml").write_text(CHILD, encoding="utf-8")
    (tmp_path / "b.kpi.yaml").write_text(BROKEN_PARENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def check(*args: str) -> tuple[int, list[tuple[str, str, int, int]]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    found = [(d["path"], d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]]
    return result.exit_code, found


def test_parent_in_another_file_resolves(repo: Path) -> None:
    assert check("team/a.kpi.yaml") == (0, [])


def test_only_the_files_asked_about_are_reported(repo: Path) -> None:
    # b has a V001 and an H101 of its own: not asked about, not reported
    code, found = check("team/a.kpi.yaml")
    assert code == 0 and found == []
    code, found = check()
    assert code == 1
    assert found == [("b.kpi.yaml", "V001", 6, 10), ("b.kpi.yaml", "H101", 7, 11)]


def test_from_a_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "team")
    assert check("a.kpi.yaml") == (0, [])
    # without the config (and no git), the root is the current folder: b is not seen
    assert check("--isolated", "--select", "H101", "a.kpi.yaml") == (1, [("a.kpi.yaml", "H101", 6, 11)])


def test_unknown_parent_with_did_you_mean(repo: Path) -> None:
    (repo / "team" / "a.kpi.yaml").write_text(CHILD.replace("marketing.traffic", "marketing.trafic"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "concise", "team/a.kpi.yaml"], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("team/a.kpi.yaml:6:11: H101 [error] ")
    assert "`marketing.trafic`" in lines[0] and "did you mean `marketing.traffic`?" in lines[0]


def test_parent_in_ignored_or_hidden_file_does_not_count(repo: Path) -> None:
    (repo / "b.kpi.yaml").unlink()
    (repo / ".hidden").mkdir()
    (repo / ".hidden" / "b.kpi.yaml").write_text(PARENT, encoding="utf-8")
    (repo / ".gitignore").write_text("old/\n", encoding="utf-8")
    (repo / "old").mkdir()
    (repo / "old" / "b.kpi.yaml").write_text(PARENT, encoding="utf-8")
    assert check("team/a.kpi.yaml") == (1, [("team/a.kpi.yaml", "H101", 6, 11)])


def test_parent_outside_the_project_root_does_not_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "b.kpi.yaml").write_text(PARENT, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "kpilint.toml").write_text('select = ["H101"]\n', encoding="utf-8")
    (sub / "a.kpi.yaml").write_text(CHILD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert check("sub/a.kpi.yaml") == (1, [("sub/a.kpi.yaml", "H101", 6, 11)])


def test_git_top_level_is_the_root_without_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.kpi.yaml").write_text(PARENT, encoding="utf-8")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "a.kpi.yaml").write_text(CHILD, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "team")
    assert check("--select", "H101", "a.kpi.yaml") == (0, [])


def test_pre_commit_style_subprocess(repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    proc = subprocess.run(
        [sys.executable, "-m", "kpilint", "check", "--force-exclude", "--format", "concise", "team/a.kpi.yaml"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("All checks passed") or proc.stdout == ""


def test_testing_helpers_check_subset() -> None:
    files = {"team/a.kpi.yaml": CHILD, "b.kpi.yaml": BROKEN_PARENT}
    assert located(files, select="H101,V", check=["team/a.kpi.yaml"]) == []
    assert located(files, select="H101,V") == [("b.kpi.yaml", "V001", 6, 10), ("b.kpi.yaml", "H101", 7, 11)]
    result = run_project(files, select="H101", check=["team/a.kpi.yaml"])
    assert len(result.files) == 1


def test_project_shared_builds_once_per_project() -> None:
    from kpilint.api import Project

    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    project = Project(())
    first = project.shared("x.index", build)
    assert project.shared("x.index", build) is first and calls == [1]
    assert Project(()).shared("x.index", build) == {"built": 2}  # another project, another table


def test_ids_in_files_that_failed_to_load_are_whole_words() -> None:
    from kpilint.api import Project

    project = Project((), "", {"broken.kpi.yaml": "metadata:\n\tid: marketing.website-traffic  # parent of marketing.blog.\n"})
    assert project.in_unparsed("marketing.website-traffic") and project.in_unparsed("marketing.blog")
    assert not project.in_unparsed("marketing") and not project.in_unparsed("website-traffic")
    assert not Project(()).in_unparsed("marketing.website-traffic")


def test_a_reference_in_its_own_unparsed_file_needs_a_second_mention() -> None:
    from kpilint.api import Project

    project = Project((), "", {"a.kpi.yaml": "parent: sales.revnue\n", "b.kpi.yaml": "parent: x\n---\nid: x\n"})
    assert project.in_unparsed("sales.revnue") and not project.in_unparsed("sales.revnue", "a.kpi.yaml")
    assert project.in_unparsed("x", "b.kpi.yaml") and project.in_unparsed("sales.revnue", "b.kpi.yaml")
