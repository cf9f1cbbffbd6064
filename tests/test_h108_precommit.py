"""H108 through the real pre-commit hook: a commit that renames a parent's id
without its children fails; the same commit with the children passes.

Installed offline, as in ``test_precommit.py`` (whose helpers and fixtures
this reuses): pip finds kpilint's dependencies in a local wheelhouse.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_precommit import _clean_env, _git, _scratch_repo, hook_repo, wheelhouse  # noqa: F401 (fixtures)

PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-arr, name: New ARR}
spec: {level: company}
"""
CHILD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.team-NAME, name: ARR of team NAME}
spec: {level: department, parent: sales.new-arr}
"""


def _env(project: Path, wheelhouse: Path) -> dict[str, str]:  # noqa: F811
    return _clean_env(
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        PRE_COMMIT_HOME=str(project.parent / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
    )


def _commit(project: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=kpilint tests", "-c", "user.email=tests@kpilint.invalid", "-c", "commit.gpgsign=false", "commit", "-m", message],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_commit_renaming_a_parent_without_its_children_fails(
    hook_repo: Path, wheelhouse: Path, tmp_path: Path  # noqa: F811
) -> None:
    rev = _git(hook_repo, "rev-parse", "HEAD").strip()
    config = f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: kpilint\n        args: [--select, H]\n"
    project = _scratch_repo(
        tmp_path / "project",
        {
            "kpilint.toml": "",
            ".gitignore": ".kpilint_cache/\n",
            ".pre-commit-config.yaml": config,
            "parent.kpi.yaml": PARENT,
            "team/a.kpi.yaml": CHILD.replace("NAME", "a"),
            "team/b.kpi.yaml": CHILD.replace("NAME", "b"),
        },
    )
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "KPIs")
    env = _env(project, wheelhouse)
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=project, capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (project / "parent.kpi.yaml").write_text(PARENT.replace("sales.new-arr,", "sales.new-arr-2027,"), encoding="utf-8")
    _git(project, "add", "parent.kpi.yaml")
    done = _commit(project, env, "Rename the parent")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "parent.kpi.yaml:3:16: H108" in output, output
    assert "team/a.kpi.yaml:4" in output and "team/b.kpi.yaml:4" in output
    assert _git(project, "rev-list", "--count", "HEAD").strip() == "1"  # nothing was committed

    for name in ("a", "b"):
        child = project / "team" / f"{name}.kpi.yaml"
        child.write_text(child.read_text(encoding="utf-8").replace("sales.new-arr}", "sales.new-arr-2027}"), encoding="utf-8")
    _git(project, "add", "-A")
    done = _commit(project, env, "Rename the parent, with its children")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output
    assert _git(project, "rev-list", "--count", "HEAD").strip() == "2"

