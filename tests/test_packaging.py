"""The wheel carries the engine, the rules and the schemas, and an installed
kpilint works outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path


def _bin(venv: Path, name: str) -> str:
    return str(venv / ("Scripts" if os.name == "nt" else "bin") / name)


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    return subprocess.run([_bin(venv, "kpilint"), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_wheel_contents(built_wheel: Path, repo: Path) -> None:
    names = set(zipfile.ZipFile(built_wheel).namelist())
    for module in ("kpilint/__init__.py", "kpilint/engine.py", "kpilint/cli.py", "kpilint/loader.py", "kpilint/testing.py"):
        assert module in names
    assert "kpilint/rules/__init__.py" in names
    for rule in (repo / "rules").glob("*.py"):
        assert f"kpilint/rules/{rule.name}" in names, rule.name
    assert "kpilint/schemas/kpilint.v1.schema.json" in names
    assert not any(name.startswith(("rules/", "schemas/", "tests/")) for name in names)


def test_installed_kpilint_checks_examples_from_elsewhere(installed_venv: Path, repo: Path, tmp_path: Path) -> None:
    done = _run(installed_venv, "check", str(repo / "examples"), "--format", "concise", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(":" in line for line in lines)
    assert any("social-reach.kpi.yaml" in line and " S101 " in line for line in lines)
    assert any("tier1-resolution.kpi.yaml" in line and " H101 " in line for line in lines)
    # the engine in use is the installed one, not the checkout
    where = subprocess.run(
        [_bin(installed_venv, "python"), "-c", "import kpilint.engine, kpilint.rules; print(kpilint.engine.__file__, kpilint.rules.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert str(repo) not in where.stdout and "site-packages" in where.stdout


def test_installed_commands(installed_venv: Path, tmp_path: Path) -> None:
    version = _run(installed_venv, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("kpilint ")
    rules = _run(installed_venv, "rules", cwd=tmp_path)
    assert rules.returncode == 0 and "M101" in rules.stdout and "H101" in rules.stdout
    schema = _run(installed_venv, "schema", cwd=tmp_path)
    assert schema.returncode == 0
    assert json.loads(schema.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    module = subprocess.run([_bin(installed_venv, "python"), "-m", "kpilint", "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert module.returncode == 0 and "kpilint" in module.stdout


def test_ci_script_fails_when_no_test_runs(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "test_nothing.py").write_text("# no tests here\n", encoding="utf-8")
    done = subprocess.run(
        ["bash", str(repo / ".ci" / "run-tests"), "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "no tests" in done.stderr
