"""K003 stale-baseline-entry: reported by the CLI once a baseline applies
(the snippet helpers of kpilint.testing take no baseline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpilint.cli import main

KPI = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: sales, name: Sales}\nspec: {type: team}\n"


def _k003(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: dict[str, object], *paths: str) -> list[tuple[str, str, int, int, str]]:
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    (tmp_path / "owners.kpi.yaml").write_text(KPI, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(entries), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", "--baseline", "b.json", *paths])
    assert out.exit_code == 0, out.output
    return [(d["code"], d["path"], d["line"], d["column"], d["message"]) for d in json.loads(out.stdout)["diagnostics"]]


def test_fixed_entry_at_one_one_of_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _k003(tmp_path, monkeypatch, {"owners.kpi.yaml": {"sales": {"S105": {"metadata.name": 2}}}})
    assert [f[:4] for f in found] == [("K003", "owners.kpi.yaml", 1, 1)]
    assert "S105 at `metadata.name` of document `sales` is recorded 2 times but matches no finding now" in found[0][4]


def test_gone_file_at_one_one_of_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _k003(tmp_path, monkeypatch, {"old/x.kpi.yaml": {"0": {"M101": {"spec.metric.target": 1}}}})
    assert [f[:4] for f in found] == [("K003", "b.json", 1, 1)]
    assert "`old/x.kpi.yaml` (the file is gone)" in found[0][4]


def test_entries_of_files_not_checked_are_not_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = {"other.kpi.yaml": {"0": {"M101": {"spec.metric.target": 1}}}}
    (tmp_path / "other.kpi.yaml").write_text(KPI.replace("sales", "ops"), encoding="utf-8")
    assert _k003(tmp_path, monkeypatch, entries, "owners.kpi.yaml") == []
    assert [f[:4] for f in _k003(tmp_path, monkeypatch, entries)] == [("K003", "other.kpi.yaml", 1, 1)]
