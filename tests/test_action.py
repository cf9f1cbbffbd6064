"""The composite GitHub Action (action.yml): its run steps, executed locally with bash.

The install step is skipped (it would pip-install); the steps after it run
with the ``kpilint`` of the test environment first on PATH, the inputs given
as the environment the action maps them to, and the variables a runner sets.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import CLEAN_KPI

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
EXPRESSION = re.compile(r"^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$")

MESSY = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.messy
  name: TBD
spec:
  level: team
  statement: Improve things
  metric:
    unit: deals
"""

CLEAN = CLEAN_KPI


def load_action() -> dict[str, Any]:
    action: dict[str, Any] = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    return action


def steps_after_install(action: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = action["runs"]["steps"]
    index = next(i for i, step in enumerate(steps) if step.get("id") == "install")
    return steps[index + 1 :]


def kpilint_bin() -> str:
    here = Path(sys.executable).parent
    if (here / "kpilint").exists() or (here / "kpilint.exe").exists():
        return str(here)
    found = shutil.which("kpilint")
    if found is None:
        pytest.skip("no `kpilint` executable in the test environment")
    return str(Path(found).parent)


class Run:
    def __init__(self, returncode: int, stdout: str, stderr: str, summary: str, outputs: dict[str, str]) -> None:
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.summary = summary
        self.outputs = outputs


def run_action(tmp_path: Path, workspace: Path, **given: str) -> Run:
    """Run the action's steps after the install step, as a runner would."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    action = load_action()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    for name, value in given.items():
        key = name.replace("_", "-")
        assert key in inputs, f"unknown input {key}"
        inputs[key] = value
    summary = tmp_path / "step-summary.md"
    outputs = tmp_path / "github-output"
    summary.write_text("", encoding="utf-8")
    outputs.write_text("", encoding="utf-8")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_"))}
    base.pop("NO_COLOR", None)
    base.update(
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(outputs),
        GITHUB_ACTION_PATH=str(REPO),
        RUNNER_TEMP=str(tmp_path),
        PATH=kpilint_bin() + os.pathsep + os.environ.get("PATH", ""),
    )
    stdout = stderr = ""
    code = 0
    for step in steps_after_install(action):
        assert step.get("shell") == "bash"
        env = dict(base)
        for key, value in (step.get("env") or {}).items():
            match = EXPRESSION.match(str(value))
            env[key] = inputs[match.group(1)] if match else str(value)
        script = tmp_path / f"step-{step.get('id', 'x')}.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        stdout += done.stdout
        stderr += done.stderr
        code = done.returncode
        if code != 0:
            break
    parsed = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines() if "=" in line)
    return Run(code, stdout, stderr, summary.read_text(encoding="utf-8"), parsed)


def workspace_with(tmp_path: Path, files: dict[str, str]) -> Path:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "kpilint.toml").write_text("", encoding="utf-8")
    for name, text in files.items():
        target = workspace / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return workspace


# -- the action's definition --------------------------------------------------------------


def test_action_definition() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert {name: spec.get("default") for name, spec in inputs.items()} == {
        "paths": ".",
        "version": "",
        "format": "github",
        "fail-on": "error",
        "sarif-file": "",
        "args": "",
    }
    steps = action["runs"]["steps"]
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    install = next(step for step in steps if step.get("id") == "install")
    assert "pip install" in install["run"] and "$GITHUB_ACTION_PATH" in install["run"] and "INPUT_VERSION" in install["run"]
    assert steps_after_install(action), "no step runs kpilint"


def test_inputs_never_reach_a_script_as_text() -> None:
    """`${{ inputs.x }}` pasted into `run:` would let an input inject shell code."""
    for step in load_action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


# -- running it -----------------------------------------------------------------------------


def test_findings_annotate_summarise_and_fail(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/messy.kpi.yaml": MESSY, "kpis/clean.kpi.yaml": CLEAN})
    run = run_action(tmp_path, workspace)
    assert run.returncode == 1, run.stdout + run.stderr
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert annotations
    assert any(line.startswith("::error file=kpis/messy.kpi.yaml,line=") for line in annotations)
    assert all("file=kpis/messy.kpi.yaml," in line for line in annotations)
    last = run.stdout.rstrip("\n").splitlines()[-1]
    assert last.startswith("kpilint: ") and "in 2 files" in last
    assert "| Location | Code | Severity | Message |" in run.summary
    assert "kpis/messy.kpi.yaml:" in run.summary
    assert run.outputs["exit-code"] == "1"


def test_clean_workspace_passes(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/clean.kpi.yaml": CLEAN})
    run = run_action(tmp_path, workspace)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert "No problems found in 1 file" in run.summary
    assert run.outputs["exit-code"] == "0"


def test_sarif_file_fail_on_and_args(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/messy.kpi.yaml": MESSY, "other/skip.kpi.yaml": MESSY.replace("sales.messy", "x.y")})
    run = run_action(
        tmp_path,
        workspace,
        paths="kpis",
        fail_on="warning",
        sarif_file="reports/kpilint.sarif",
        args="--select S --today 2027-01-15",
    )
    assert run.returncode == 1, run.stdout + run.stderr
    log = json.loads((workspace / "reports" / "kpilint.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert results and all(r["ruleId"].startswith("S") for r in results)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {"kpis/messy.kpi.yaml"}
    assert all(r["level"] == "warning" for r in results)  # S findings are warnings: they fail with fail-on warning
    assert run.outputs["sarif-file"] == "reports/kpilint.sarif"


def test_warnings_pass_with_the_default_fail_on(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/messy.kpi.yaml": MESSY})
    run = run_action(tmp_path, workspace, args="--select S")
    assert run.returncode == 0, run.stdout + run.stderr
    assert any(line.startswith("::warning file=kpis/messy.kpi.yaml,") for line in run.stdout.splitlines())


def test_usage_errors_keep_exit_status_two(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/clean.kpi.yaml": CLEAN})
    run = run_action(tmp_path, workspace, paths="does-not-exist")
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.outputs["exit-code"] == "2"


def test_format_input(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/messy.kpi.yaml": MESSY})
    run = run_action(tmp_path, workspace, format="concise")
    assert run.returncode == 1
    assert run.stdout.startswith("kpis/messy.kpi.yaml:")


# -- exit 2: a usage, configuration or internal error ----------------------------------------

BOOM_RULE = '''\
from kpilint.api import document_rule


@document_rule(code="X201", name="boom", severity="error", category=None, docs="## What it does\\nRaises.\\n")
def check(doc, ctx):
    raise RuntimeError("kaboom")
    yield
'''


def workflow_commands(run: Run) -> list[str]:
    return [line for line in run.stdout.splitlines() if line.startswith("::")]


def test_bad_config_is_an_annotation_and_in_the_summary(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/clean.kpi.yaml": CLEAN})
    (workspace / "kpilint.toml").write_text("selct = ['S']\n", encoding="utf-8")
    (workspace / "reports").mkdir()
    (workspace / "reports" / "kpilint.sarif").write_text("{}", encoding="utf-8")  # left from an earlier run
    run = run_action(tmp_path, workspace, sarif_file="reports/kpilint.sarif")
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.outputs["exit-code"] == "2"
    (command,) = workflow_commands(run)
    assert command.startswith("::error title=kpilint::kpilint: error: ") and "unknown key `selct`" in command
    assert "kpilint stopped with an error (exit 2)" in run.summary
    assert "unknown key `selct`" in run.summary
    assert "unknown key `selct`" in run.stderr  # still in the log as printed
    assert run.outputs["sarif-file"] == ""  # never written by this run
    assert not (workspace / "reports" / "kpilint.sarif").exists()


def test_usage_error_of_an_argument_is_an_annotation(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/clean.kpi.yaml": CLEAN})
    run = run_action(tmp_path, workspace, args="--no-such-option")
    assert run.returncode == 2
    (command,) = workflow_commands(run)
    assert command.startswith("::error title=kpilint::") and "--no-such-option" in command
    assert "Usage: kpilint check" in run.summary


def test_error_annotation_cannot_inject_a_workflow_command(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/clean.kpi.yaml": CLEAN})
    (workspace / "kpilint.toml").write_text('"x%0A::warning::injected\\r::notice::y" = 1\n', encoding="utf-8")
    run = run_action(tmp_path, workspace)
    assert run.returncode == 2
    (command,) = workflow_commands(run)
    assert command.startswith("::error title=kpilint::")
    assert "%250A::warning::injected" in command and "\r" not in command
    assert "\n    " in run.summary  # the message is an indented code block, never markdown


def test_internal_error_keeps_the_sarif_it_wrote(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/clean.kpi.yaml": CLEAN, "boom.py": BOOM_RULE})
    (workspace / "kpilint.toml").write_text('rule-paths = ["boom.py"]\n', encoding="utf-8")
    run = run_action(tmp_path, workspace, sarif_file="reports/kpilint.sarif")
    assert run.returncode == 2, run.stdout + run.stderr
    commands = workflow_commands(run)
    assert any("title=K900::" in line for line in commands)
    assert commands[-1].startswith("::error title=kpilint::") and "K900" in commands[-1]
    assert run.outputs["sarif-file"] == "reports/kpilint.sarif"
    log = json.loads((workspace / "reports" / "kpilint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["K900"]
    assert "K900" in run.summary and "kpilint stopped with an error (exit 2)" in run.summary


def test_sarif_output_is_empty_without_the_input(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path, {"kpis/clean.kpi.yaml": CLEAN})
    run = run_action(tmp_path, workspace)
    assert run.returncode == 0
    assert run.outputs["sarif-file"] == ""
