"""Messages stay short at any scale: a message names at most five other
KPIs, files or values and counts the rest, so the output of a run grows
linearly with its findings (SPEC §3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kpilint.cli import main

CLONE = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.rep-{n}.deals
  name: Deals closed per rep
spec:
  level: individual
  owner: sales
  parent: sales.deals
  timeframe: {start: 2027-01-01, end: 2027-03-31}
"""
PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.deals
  name: Deals closed
spec:
  level: department
  metric: {aggregation: sum, target: 10, unit: deals}
"""


def test_two_thousand_clones_sharing_a_name_give_short_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    (tmp_path / "parent.kpi.yaml").write_text(PARENT, encoding="utf-8")
    for n in range(2000):
        text = CLONE.replace("{n}", str(n)) + "  metric: {unit: deals, target: 1}\n"
        (tmp_path / f"rep-{n}.kpi.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["check", ".", "--no-cache", "--today", "2027-01-15", "--select", "S104,H105,R103,A104", "--format", "concise"],
    )
    lines = result.output.splitlines()
    codes = {line.split(" ")[1] for line in lines if " " in line}
    assert {"S104", "R103", "A104"} <= codes, result.output[:2000]
    assert len(lines) >= 2000
    assert max(len(line) for line in lines) < 500
