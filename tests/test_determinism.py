"""The same files give the same report, byte for byte, on every run: nothing
in a report may follow the order in which Python iterates a set or a dict
of strings, which changes with each process's hash seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SEEDS = ("0", "1", "2", "3")


def _project(root: Path) -> Path:
    """A project of many near-identical KPIs, with misspelt parents and owners
    (ties everywhere for "did you mean"), a duplicate id and a cycle."""
    root.mkdir()
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    owners = "".join(
        f"---\napiVersion: kpilint/v1\nkind: Owner\nmetadata:\n  id: team-{n}\n  name: Team {n}\nspec:\n  type: team\n"
        for n in range(12)
    )
    (root / "owners.kpi.yaml").write_text(owners.removeprefix("---\n"), encoding="utf-8")
    for n in range(90):
        level = ("company", "department", "team")[n % 3]
        parent = "" if level == "company" else f"  parent: sales.revenue-{'nort' if n % 4 else 'north'}{n % 7}\n"
        text = (
            "apiVersion: kpilint/v1\nkind: KPI\nmetadata:\n"
            f"  id: sales.revenue-north{n if n != 5 else 4}\n  name: Revenue north {n % 30}\n"
            f"spec:\n  level: {level}\n  owner: team-{n % 13}\n{parent}"
            "  statement: Grow revenue a lot.\n"
        )
        (root / f"k{n:03d}.kpi.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("case", ["generated", "examples", "smart_repo", "probe"])
def test_same_report_whatever_the_hash_seed(tmp_path: Path, case: str) -> None:
    if case == "generated":
        root = _project(tmp_path / "project")
    else:
        source = {"examples": HERE.parent / "examples", "smart_repo": HERE / "smart_repo", "probe": HERE / "probes" / "h101-suggestion-same-on-every-run"}[case]
        root = tmp_path / case
        shutil.copytree(source, root)
    reports = set()
    for seed in SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-m", "kpilint", "check", ".", "--no-cache", "--format", "json", "--select", "ALL", "--today", "2027-01-15"],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
        )
        assert run.returncode in (0, 1), run.stderr
        reports.add(run.stdout)
    assert len(reports) == 1
