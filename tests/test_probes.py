"""The probe suite: small KPI projects that sit on an edge of a rule, each
with the exact findings kpilint must report for it.

Every folder under ``tests/probes/`` is one case: its KPI files (and a
``kpilint.toml`` when the case needs one) and a file named ``expected``,
read line by line:

``# text``
    a comment: say what the case probes and why the answer is right.
``args: --select V001``
    extra arguments for ``kpilint check`` (shell-style quoting).
``check: a.kpi.yaml b.kpi.yaml``
    the paths given to ``kpilint check`` (default: ``.``).
``head: HEAD``
    the case is a git repository: the files of that folder are committed
    first (its ``HEAD``), then the case's other files are written over them,
    uncommitted (a file only in the folder is deleted, as staged for a
    commit would be).
``stdin: a.kpi.yaml``
    feed that file on standard input with ``--stdin-filename`` (it is not
    copied into the project).
``exit: 1``
    the exit code the run must end with. A run that ends with 2 on a usage
    or configuration error prints no report: it must list no finding, and
    ``stderr`` says what it must print instead (an internal error, K900,
    also ends with 2 but reports as usual).
``stderr: text``
    standard error (of the ``json`` run) must contain the text.
``mode: subset``
    the findings listed must be reported, others may be too (default
    ``exact``: the findings listed are all that is reported).
``absent: V001, H101``
    none of these codes may be reported (always checked).
``contains: text`` / ``lacks: text``
    the report (``full`` format: messages, help and source lines) must
    (must not) contain the text.
``smart: ID true``
    the JSON report's per-KPI summary lists the KPI ``ID`` once, SMART
    (``true``) or not (``false``).
``unreadable: PATH CODE``
    the JSON report lists ``PATH`` among the files that could not be read,
    with that error code.
``path:line:col CODE``
    a finding, located at that 1-based line and column.

The case is copied into a temporary folder (with an empty ``kpilint.toml``
when it has none, so it is a project of its own) and checked through the
CLI with ``--today 2027-01-15`` unless ``args`` says otherwise.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kpilint.cli import main

PROBES = Path(__file__).resolve().parent / "probes"
TODAY = "2027-01-15"
_FINDING = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+)\s+(?P<code>[A-Za-z]+\d{3})$")


@dataclass
class Expected:
    args: list[str] = field(default_factory=list)
    check: list[str] = field(default_factory=list)
    stdin: str | None = None
    head: str | None = None
    exit: int | None = None
    mode: str = "exact"
    absent: set[str] = field(default_factory=set)
    contains: list[str] = field(default_factory=list)
    lacks: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    findings: list[tuple[str, int, int, str]] = field(default_factory=list)
    smart: dict[str, bool] = field(default_factory=dict)
    unreadable: list[tuple[str, str]] = field(default_factory=list)


def read_expected(case: Path) -> Expected:
    expected = Expected()
    for number, raw in enumerate((case / "expected").read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        found = _FINDING.match(line)
        if found:
            expected.findings.append((found["path"], int(found["line"]), int(found["col"]), found["code"].upper()))
            continue
        key, sep, value = line.partition(":")
        value = value.strip()
        if not sep:
            raise AssertionError(f"{case.name}/expected:{number}: cannot read {raw!r}")
        if key == "args":
            expected.args += shlex.split(value)
        elif key == "check":
            expected.check += shlex.split(value)
        elif key == "stdin":
            expected.stdin = value
        elif key == "head":
            expected.head = value
        elif key == "exit":
            expected.exit = int(value)
        elif key == "mode":
            assert value in ("exact", "subset"), f"{case.name}: mode {value!r}"
            expected.mode = value
        elif key == "absent":
            expected.absent |= {c.strip().upper() for c in value.split(",") if c.strip()}
        elif key == "contains":
            expected.contains.append(value)
        elif key == "lacks":
            expected.lacks.append(value)
        elif key == "stderr":
            expected.stderr.append(value)
        elif key == "smart":
            ident, verdict = value.split()
            assert verdict in ("true", "false"), f"{case.name}: smart {value!r}"
            expected.smart[ident] = verdict == "true"
        elif key == "unreadable":
            path, code = value.split()
            expected.unreadable.append((path, code.upper()))
        else:
            raise AssertionError(f"{case.name}/expected:{number}: unknown key {key!r}")
    return expected


CASES = sorted(p.parent for p in PROBES.glob("*/expected"))


def test_the_suite_covers_every_rule_group() -> None:
    assert len(CASES) >= 150, f"only {len(CASES)} probe cases"
    named = {code[0] for case in CASES for *_, code in read_expected(case).findings}
    assert set("FVSMARTHK") <= named, sorted(named)


def _commit_head(head: Path, project: Path) -> None:
    """Make ``project`` a git repository whose ``HEAD`` holds the files of
    ``head``, with the project's own files written over them, uncommitted."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    working = {path.relative_to(project): path.read_bytes() for path in project.rglob("*") if path.is_file()}
    for path in working:
        (project / path).unlink()
    shutil.copytree(head, project, dirs_exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "HEAD of the case"]):
        subprocess.run(
            ["git", "-c", "user.name=kpilint tests", "-c", "user.email=tests@kpilint.invalid", "-c", "commit.gpgsign=false", *args],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
        )
    for path in head.rglob("*"):
        if path.is_file():
            (project / path.relative_to(head)).unlink()
    for path, data in working.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_bytes(data)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_probe(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = read_expected(case)
    project = tmp_path / case.name
    shutil.copytree(case, project, ignore=shutil.ignore_patterns("expected", *([expected.head] if expected.head else [])))
    if expected.head is not None:
        _commit_head(case / expected.head, project)
    if not any((project / name).exists() for name in ("kpilint.toml", ".kpilint.toml", "pyproject.toml")):
        (project / "kpilint.toml").write_text("", encoding="utf-8")
    stdin_text = None
    if expected.stdin is not None:
        stdin_file = project / expected.stdin
        stdin_text = stdin_file.read_bytes()
        stdin_file.unlink()
    monkeypatch.chdir(project)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    base = ["check", "--no-cache", "--jobs", "1"]
    if not any(a == "--today" or a.startswith("--today=") for a in expected.args):
        base += ["--today", TODAY]
    if expected.stdin is not None:
        base += ["--stdin-filename", expected.stdin]
    paths = expected.check or ([] if expected.stdin is not None else ["."])
    runner = CliRunner()
    result = runner.invoke(main, [*base, "--format", "json", *expected.args, *paths], input=stdin_text)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report: dict[str, Any] = {"documents": [], "unreadable": []}
    if result.exit_code == 2 and not result.stdout:  # a usage error: no report at all
        got = []
    else:
        report = json.loads(result.stdout)
        got = sorted((d["path"], d["line"], d["column"], d["code"]) for d in report["diagnostics"])
    shown = "\n".join(f"{p}:{l}:{c} {code}" for p, l, c, code in got)
    if expected.mode == "exact":
        assert got == sorted(expected.findings), f"reported:\n{shown}"
    else:
        missing = set(expected.findings) - set(got)
        assert not missing, f"missing {sorted(missing)}; reported:\n{shown}"
    reported_codes = {code for *_, code in got}
    assert not (reported_codes & expected.absent), f"reported:\n{shown}"
    if expected.exit is not None:
        assert result.exit_code == expected.exit, f"exit {result.exit_code}; reported:\n{shown}\n{result.stderr}"
    for ident, smart in expected.smart.items():
        verdicts = [d["smart"] for d in report["documents"] if d["id"] == ident]
        assert verdicts == [smart], f"{ident}: {verdicts}; documents: {report['documents']}"
    unreadable = [(u["path"], u["code"]) for u in report["unreadable"]]
    for item in expected.unreadable:
        assert item in unreadable, f"{item} not in {unreadable}"
    for text in expected.stderr:
        assert text in result.stderr, f"{text!r} not in stderr:\n{result.stderr}"
    if expected.contains or expected.lacks:
        full = runner.invoke(main, [*base, "--format", "full", *expected.args, *paths], input=stdin_text)
        for text in expected.contains:
            assert text in full.output, f"{text!r} not in:\n{full.output}"
        for text in expected.lacks:
            assert text not in full.output, f"{text!r} in:\n{full.output}"
