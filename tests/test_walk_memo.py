"""The cache remembers the last walk of the project: a run whose folders
and ``.gitignore`` files all kept their signature takes the files from it
instead of listing every folder, and finds exactly what a walk would."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest

from kpilint import engine, incremental
from kpilint.session import Options, prepare

TODAY = dt.date(2027, 1, 15)


def kpi(ident: str, parent: str | None = None) -> str:
    level = "team" if parent else "company"
    return (
        "apiVersion: kpilint/v1\nkind: KPI\n"
        f"metadata: {{id: {ident}, name: KPI {ident}}}\n"
        f"spec:\n  level: {level}\n"
        + (f"  parent: {parent}\n" if parent else "")
        + "  timeframe: {start: 2027-01-01, end: 2027-03-31}\n"
    )


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "kpilint.toml").write_text('select = ["H101", "H105"]\n', encoding="utf-8")
    (tmp_path / "top.kpi.yaml").write_text(kpi("top"), encoding="utf-8")
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "a.kpi.yaml").write_text(kpi("team.a", "top"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".kpilint_cache").mkdir()  # as a first run leaves it
    return tmp_path


class Walks:
    """Counts the walks of the project; with ``trusted``, a folder's
    signature is trusted at once (no two-second window), as it is for a
    project not edited in the last seconds."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, trusted: bool = True) -> None:
        self.count = 0
        real = incremental.index_files

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(incremental, "index_files", counted)
        if trusted:
            monkeypatch.setattr(incremental, "TRUST_AFTER_NS", -3_600_000_000_000)


def run(root: Path, target: Path | None = None) -> list[tuple[str, int, str]]:
    """The cached run's findings (path, line, code), checked against the plain pipeline's."""
    paths = [target or root]
    cached = incremental.run(prepare(paths, Options(today=TODAY, jobs=1)), paths)
    plain = engine.run(prepare(paths, Options(today=TODAY, jobs=1, use_cache=False)), paths)
    assert cached.diagnostics == plain.diagnostics and cached.notices == plain.notices
    return [(d.path, d.line, d.code) for d in cached.diagnostics]


def settle() -> None:
    """Let the file system's timestamps move on (one tick is a few ms at most)."""
    time.sleep(0.05)


def test_an_unchanged_project_is_not_walked_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walks = Walks(monkeypatch)
    first = run(project, project / "top.kpi.yaml")
    assert run(project, project / "top.kpi.yaml") == first == []
    assert run(project) == []
    assert walks.count == 1


def test_a_file_added_or_removed_in_a_subfolder_is_seen(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walks = Walks(monkeypatch)
    run(project)
    settle()
    (project / "teams" / "b.kpi.yaml").write_text(kpi("team.b", "missing"), encoding="utf-8")
    assert run(project, project / "top.kpi.yaml") == []
    assert run(project) == [("teams/b.kpi.yaml", 6, "H101")]
    settle()
    (project / "teams" / "b.kpi.yaml").unlink()
    assert run(project) == []
    assert walks.count == 3


def test_a_duplicate_id_added_deep_down_is_seen_from_another_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Walks(monkeypatch)
    run(project, project / "top.kpi.yaml")
    settle()
    (project / "teams" / "deep").mkdir()
    (project / "teams" / "deep" / "copy.kpi.yaml").write_text(kpi("top"), encoding="utf-8")
    assert run(project, project / "top.kpi.yaml") == [("top.kpi.yaml", 3, "H105")]


def test_a_gitignore_edited_in_place_is_followed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walks = Walks(monkeypatch)
    (project / ".gitignore").write_text("nothing/\n", encoding="utf-8")
    (project / "teams" / "b.kpi.yaml").write_text(kpi("team.b", "missing"), encoding="utf-8")
    assert run(project) == [("teams/b.kpi.yaml", 6, "H101")]
    settle()
    with open(project / ".gitignore", "r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write("teams/ \n")
    assert run(project) == []
    assert walks.count == 2


def test_a_new_gitignore_in_a_subfolder_is_followed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Walks(monkeypatch)
    (project / "teams" / "b.kpi.yaml").write_text(kpi("team.b", "missing"), encoding="utf-8")
    assert run(project) == [("teams/b.kpi.yaml", 6, "H101")]
    settle()
    (project / "teams" / ".gitignore").write_text("b.kpi.yaml\n", encoding="utf-8")
    assert run(project) == []


def test_include_patterns_are_part_of_what_is_remembered(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Walks(monkeypatch)
    (project / "teams" / "b.goal.yaml").write_text(kpi("team.b", "missing"), encoding="utf-8")
    assert run(project) == []
    (project / "kpilint.toml").write_text('select = ["H101", "H105"]\ninclude = ["*.kpi.yaml", "*.goal.yaml"]\n', encoding="utf-8")
    assert run(project) == [("teams/b.goal.yaml", 6, "H101")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_project_with_a_symbolic_link_is_always_walked(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link's target may change without its folder changing: never remembered."""
    walks = Walks(monkeypatch)
    target = project.parent / f"{project.name}-elsewhere.kpi.yaml"
    target.write_text(kpi("team.linked", "missing"), encoding="utf-8")
    os.symlink(target, project / "teams" / "linked.kpi.yaml")
    assert run(project) == [("teams/linked.kpi.yaml", 6, "H101")]
    target.unlink()
    run(project)  # a broken link now: a notice, as a fresh walk says
    assert walks.count == 2


def test_a_walk_of_freshly_changed_folders_is_not_remembered(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders changed within the trust window could change again within the
    same timestamp tick: such a walk is not kept."""
    walks = Walks(monkeypatch, trusted=False)
    run(project)
    run(project)
    assert walks.count == 2
    assert not list((project / ".kpilint_cache").rglob("walk"))


def test_damaged_project_findings_run_the_rules_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project findings are stored packed, file by file: a damaged pack
    is never trusted, whichever part a run unpacks."""
    import marshal

    (project / "teams" / "b.kpi.yaml").write_text(kpi("team.b", "missing"), encoding="utf-8")
    expected = run(project, project / "teams" / "b.kpi.yaml")
    assert expected == [("teams/b.kpi.yaml", 6, "H101")]
    (index,) = list((project / ".kpilint_cache").rglob("index"))
    magic, key, items, (state, by_file, crashes, depends, watched) = marshal.loads(index.read_bytes())
    damaged = {path: b"\xe3garbage" for path in by_file}
    index.write_bytes(marshal.dumps((magic, key, items, (state, damaged, crashes, depends, watched))))
    assert run(project, project / "teams" / "b.kpi.yaml") == expected
    magic, key, items, (state, by_file, crashes, depends, watched) = marshal.loads(index.read_bytes())
    index.write_bytes(marshal.dumps((magic, key, items, (state, by_file, crashes, b"\xe3garbage", watched))))
    with open(project / "teams" / "b.kpi.yaml", "a", encoding="utf-8") as handle:
        handle.write("# reviewed\n")  # an edit the findings could survive, were their positions readable
    assert run(project, project / "teams" / "b.kpi.yaml") == expected


def test_the_cache_takes_a_signature_as_the_reader_does(tmp_path: Path) -> None:
    import os

    from kpilint import cache, parallel

    (tmp_path / "a").write_text("x", encoding="utf-8")
    info = os.stat(tmp_path / "a")
    assert cache.signature_of is parallel.signature_of  # one definition (kpilint.fileio)
    assert cache.signature_of(info) == parallel.signature_of(info)
