"""H108 removed-id-in-use, given what the files defined before as plain data
(the rule never reads git: the run hands it the previous ids)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Mapping

import pytest

from kpilint.api import DefinedId
from kpilint.engine import Options, prepare, run
from kpilint.reading import Limits

PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.arr, name: ARR}
spec: {level: company}
"""
CHILD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.team, name: Team ARR}
spec: {level: department, parent: sales.arr}
"""
BEFORE = {"parent.kpi.yaml": (DefinedId("KPI", "sales.arr", 0, "ARR"),)}


def lint(
    tmp_path: Path,
    files: Mapping[str, str],
    check: list[str],
    before: Mapping[str, tuple[DefinedId, ...]],
    select: str = "H",
) -> list[tuple[str, str, int, int, str]]:
    """Lint ``files`` checking ``check``, with ``before`` as the previous ids."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    asked: list[list[str]] = []

    def history(paths: list[str], limits: Limits) -> dict[str, tuple[DefinedId, ...]]:
        asked.append([Path(p).relative_to(tmp_path).as_posix() for p in paths])
        return {str(tmp_path / name): ids for name, ids in before.items() if str(tmp_path / name) in paths}

    targets = [tmp_path / name for name in check]
    session = prepare(targets, Options(select=tuple(select.split(",")), today=dt.date(2027, 1, 15), use_cache=False, jobs=1))
    result = run(session, targets, history=history)
    explicit = sorted(name for name in check if (tmp_path / name).is_file())
    assert asked == ([explicit] if explicit and session.selection.is_enabled("H108") else [])
    return [(Path(d.file).relative_to(tmp_path).as_posix(), d.code, d.line, d.col, d.message) for d in result.diagnostics]


def test_renamed_id_at_the_new_id(tmp_path: Path) -> None:
    files = {"parent.kpi.yaml": PARENT.replace("sales.arr,", "sales.arr-2027,"), "child.kpi.yaml": CHILD}
    ((file, code, line, col, message),) = lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE)
    assert (file, code, line, col) == ("parent.kpi.yaml", "H108", 3, 16)
    assert message.startswith("KPI `sales.arr` is gone from this file since the last commit (HEAD), but 1 document")
    assert "`sales.team` (parent, child.kpi.yaml:4)" in message


def test_nothing_gone_nothing_reported(tmp_path: Path) -> None:
    files = {"parent.kpi.yaml": PARENT, "child.kpi.yaml": CHILD}
    assert lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE) == []


def test_nobody_names_it(tmp_path: Path) -> None:
    files = {"parent.kpi.yaml": PARENT.replace("sales.arr,", "sales.arr-2027,"), "child.kpi.yaml": CHILD.replace("parent: sales.arr", "parent: sales.arr-2027")}
    assert lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE) == []


def test_folder_runs_never_ask(tmp_path: Path) -> None:
    files = {"parent.kpi.yaml": PARENT.replace("sales.arr,", "sales.arr-2027,"), "child.kpi.yaml": CHILD}
    assert [d[1] for d in lint(tmp_path, files, ["."], BEFORE)] == ["H101"]


def test_not_asked_when_h108_is_not_selected(tmp_path: Path) -> None:
    files = {"parent.kpi.yaml": PARENT.replace("sales.arr,", "sales.arr-2027,"), "child.kpi.yaml": CHILD}
    assert lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE, select="H101") == []


def test_silent_when_an_unloadable_file_may_define_it(tmp_path: Path) -> None:
    files = {
        "parent.kpi.yaml": PARENT.replace("sales.arr,", "sales.arr-2027,"),
        "child.kpi.yaml": CHILD,
        "broken.kpi.yaml": "metadata: {id: sales.arr\n",
    }
    assert lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE) == []


def test_a_checked_file_that_no_longer_loads(tmp_path: Path) -> None:
    files = {"parent.kpi.yaml": "metadata: [\n", "child.kpi.yaml": CHILD}
    assert [d[1] for d in lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE, select="F,H")] == ["F002"]


def test_two_ids_gone_each_at_its_own_document(tmp_path: Path) -> None:
    second = PARENT.replace("sales.arr,", "sales.mrr,").replace("ARR}", "MRR}")
    now = PARENT.replace("sales.arr,", "sales.a2,") + "---\n" + second.replace("sales.mrr,", "sales.m2,")
    children = CHILD + "---\n" + CHILD.replace("sales.team,", "sales.team2,").replace("parent: sales.arr", "parent: sales.mrr")
    before = {"parent.kpi.yaml": (DefinedId("KPI", "sales.arr", 0, "ARR"), DefinedId("KPI", "sales.mrr", 1, "MRR"))}
    found = lint(tmp_path, {"parent.kpi.yaml": now, "child.kpi.yaml": children}, ["parent.kpi.yaml"], before)
    assert [(d[1], d[2], d[3]) for d in found] == [("H108", 3, 16), ("H108", 8, 16)]
    assert "`sales.arr`" in found[0][4] and "`sales.mrr`" in found[1][4]


def test_kinds_are_told_apart(tmp_path: Path) -> None:
    """A KPI id that is gone while an Owner of that id remains is gone (a
    parent must be a KPI); an Owner id named only as `parent` by KPIs is not
    named (a KPI's parent is never an Owner)."""
    owner = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: sales.arr, name: Sales}\nspec: {type: team}\n"
    files = {"parent.kpi.yaml": PARENT.replace("sales.arr,", "sales.arr-2027,"), "owner.kpi.yaml": owner, "child.kpi.yaml": CHILD}
    assert [d[1] for d in lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE)] == ["H108"]
    before = {"owner.kpi.yaml": (DefinedId("Owner", "sales.old", 0, "Sales"),)}
    files = {"owner.kpi.yaml": owner, "child.kpi.yaml": CHILD.replace("parent: sales.arr", "parent: sales.old")}
    assert [d[1] for d in lint(tmp_path, files, ["owner.kpi.yaml"], before, select="H108")] == []


@pytest.mark.parametrize("now", ["", "# nothing left\n", "---\n"])
def test_a_file_with_no_document_left(tmp_path: Path, now: str) -> None:
    files = {"parent.kpi.yaml": now, "child.kpi.yaml": CHILD}
    found = lint(tmp_path, files, ["parent.kpi.yaml"], BEFORE, select="H108")
    assert [(d[0], d[1], d[2], d[3]) for d in found] == [("parent.kpi.yaml", "H108", 1, 1)]
