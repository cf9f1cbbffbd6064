"""The README's commands work as written.

Every command of a ```` ```console ```` block (a line starting with ``$ ``;
``&&`` separates commands) runs in a scratch copy of what it reads, and ends
with the exit code the README's "Exit codes" table gives for it. Commands
that need the network (installing with pip) or would run this test suite
inside itself (``pytest``) are named here and skipped; any other command
must be listed in ``EXPECTED``, so a new one cannot go untested.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"

#: commands that are not run here, and why
SKIPPED = {
    "pip": "installs from the package index (network)",
    "pytest": "runs this test suite",
}

#: the exit code of each command run (README, "Exit codes": 1 when a finding
#: reaches --fail-on; examples/ holds deliberate errors)
EXPECTED = {
    "kpilint check examples": 1,
    "kpilint schema --output schemas/kpilint.v1.schema.json": 0,
    "kpilint check --format concise examples/marketing/social-reach.kpi.yaml": 1,
    "kpilint check --format concise --stdin-filename examples/marketing/social-reach.kpi.yaml - "
    "< examples/marketing/social-reach.kpi.yaml": 1,
    "kpilint tree examples --today 2027-02-01": 0,
    "kpilint tree examples --format mermaid --root company.annual-revenue": 0,
}


def console_commands(text: str) -> list[str]:
    """The commands of every console block, in order, without comments."""
    out: list[str] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.M | re.S):
        for line in block.splitlines():
            if not line.startswith("$ "):
                continue
            line = re.sub(r"\s{2,}#.*$", "", line[2:]).strip()
            out.extend(part.strip() for part in line.split(" && "))
    return out


COMMANDS = console_commands(README.read_text(encoding="utf-8"))
RUN = [c for c in COMMANDS if c.split()[0] not in SKIPPED]


def test_every_console_command_is_known() -> None:
    assert COMMANDS, "no console block found in the README"
    assert sorted(set(RUN)) == sorted(EXPECTED), "a README command changed: update EXPECTED (and check it works)"
    assert {c.split()[0] for c in COMMANDS if c not in RUN} <= set(SKIPPED)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A folder with the README's material (examples/) and no config above it."""
    shutil.copytree(REPO / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns(".kpilint_cache"))
    return tmp_path


def run_shown(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")}
    env["PATH"] = str(bin_dir) + os.pathsep + env.get("PATH", "")
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    if shutil.which("kpilint", path=env["PATH"]) is None:
        pytest.skip("no `kpilint` executable in the test environment")
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", sorted(set(RUN)))
def test_readme_command_works(command: str, scratch: Path) -> None:
    done = run_shown(command, scratch)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == EXPECTED[command], f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    if command.startswith("kpilint schema --output "):
        written = scratch / command.split("--output ", 1)[1]
        assert json.loads(written.read_text(encoding="utf-8"))["$schema"]


def test_the_shown_output_is_what_the_first_command_prints(scratch: Path) -> None:
    """The excerpt below the first console block is real output of
    `kpilint check examples` (location, source line, caret and help)."""
    text = README.read_text(encoding="utf-8")
    shown = re.search(r"^```console\n.*?^```\n\n```text\n(.*?)^```", text, flags=re.M | re.S)
    assert shown is not None
    head, *rest = shown.group(1).splitlines()
    done = run_shown("kpilint check examples", scratch)
    lines = done.stdout.splitlines()
    assert head in lines, f"{head} not in:\n{done.stdout}"  # the message word for word
    at = lines.index(head)
    assert lines[at + 1 : at + 1 + len(rest)] == rest


def test_the_stdin_form_reports_like_the_file_form(scratch: Path) -> None:
    piped, named = (run_shown(c, scratch) for c in sorted(c for c in RUN if "--format concise" in c))
    assert piped.stdout == named.stdout and piped.stdout
