"""The incremental wrapper gives exactly what the plain pipeline gives, and
re-runs the project rules only when what they read changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kpilint import engine, incremental
from kpilint.diagnostics import Diagnostic
from kpilint.session import Options, prepare

TODAY = dt.date(2027, 1, 15)

PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.revenue, name: Revenue}
spec:
  level: company
  statement: Grow revenue to 12 MEUR by the end of 2027.
  timeframe: {start: 2027-01-01, end: 2027-12-31}
"""

CHILD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.emea, name: EMEA revenue}
spec:
  level: department
  parent: sales.revenu
  statement: Grow EMEA revenue to 5 MEUR by the end of 2027.
  timeframe: {start: 2027-01-01, end: 2028-06-30}
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "kpilint.toml").write_text('select = ["H", "T106", "K"]\n', encoding="utf-8")
    (tmp_path / "parent.kpi.yaml").write_text(PARENT, encoding="utf-8")
    (tmp_path / "child.kpi.yaml").write_text(CHILD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Counted:
    """Counts the wrapper's calls of the project rules."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = incremental.check_project

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(incremental, "check_project", counted)


def both(root: Path) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The wrapper's diagnostics, and the plain pipeline's."""
    cached = incremental.run(prepare([root], Options(today=TODAY, jobs=1)), [root])
    plain = engine.run(prepare([root], Options(today=TODAY, jobs=1, use_cache=False)), [root])
    return cached.diagnostics, plain.diagnostics


def test_an_unchanged_project_reuses_the_project_findings(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    first, plain = both(project)
    assert first == plain and [d.code for d in first] == ["H101"]
    again, _ = both(project)
    assert again == first and counted.calls == 1


def test_a_comment_appended_keeps_the_project_findings(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    both(project)
    with open(project / "child.kpi.yaml", "a", encoding="utf-8") as handle:
        handle.write("# reviewed\n")
    cached, plain = both(project)
    assert cached == plain and counted.calls == 1


def test_a_suppression_keeps_the_project_findings_and_silences_them(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    both(project)
    child = project / "child.kpi.yaml"
    child.write_text(CHILD.replace("parent: sales.revenu\n", "parent: sales.revenu  # kpilint: disable=H101\n"), encoding="utf-8")
    cached, plain = both(project)
    assert cached == plain == [] and counted.calls == 1


def test_moved_lines_move_the_findings(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same documents, but the finding's line moved: the rules run again
    (or the findings would point at the old line)."""
    counted = Counted(monkeypatch)
    (before,), _ = both(project)
    (project / "child.kpi.yaml").write_text("# owner: sales\n# since 2026\n" + CHILD, encoding="utf-8")
    cached, plain = both(project)
    assert cached == plain and cached[0].line == before.line + 2 and counted.calls == 2


def test_a_line_a_message_names_is_followed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """T106 names the parent's ``file:line``: lines added above it in the
    parent's file change the child's message."""
    child = project / "child.kpi.yaml"
    child.write_text(CHILD.replace("sales.revenu\n", "sales.revenue\n"), encoding="utf-8")
    first, plain = both(project)
    assert first == plain and [(d.path, d.code) for d in first] == [("child.kpi.yaml", "T106"), ("parent.kpi.yaml", "T106")]
    (project / "parent.kpi.yaml").write_text("# the top of the cascade\n" + PARENT, encoding="utf-8")
    cached, plain = both(project)
    assert cached == plain and cached[0].message != first[0].message


def test_an_edited_parent_id_runs_the_rules_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    both(project)
    child = project / "child.kpi.yaml"
    child.write_text(CHILD.replace("sales.revenu\n", "sales.revenue\n"), encoding="utf-8")
    cached, plain = both(project)
    assert cached == plain and [d.code for d in cached] == ["T106", "T106"] and counted.calls == 2


def test_an_in_memory_buffer_is_linted_afresh(project: Path) -> None:
    both(project)
    buffers = {project / "child.kpi.yaml": CHILD.replace("sales.revenu\n", "sales.revenue\n")}
    session = prepare([project], Options(today=TODAY, jobs=1))
    cached = incremental.run(session, [project / "child.kpi.yaml"], buffers=buffers)
    plain = engine.run(session._replace(use_cache=False), [project / "child.kpi.yaml"], buffers=buffers)
    assert cached.diagnostics == plain.diagnostics and [d.code for d in cached.diagnostics] == ["T106"]
