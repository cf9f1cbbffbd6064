"""The index of built-in rules: current, equal to the rules themselves, and
what lets a run answered from the cache skip importing them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kpilint import ruleindex
from kpilint.registry import build_registry, builtin_rules


def test_index_is_up_to_date() -> None:
    assert ruleindex.main(["--check"]) == 0, "rules/_index.py is stale: run `python -m kpilint.ruleindex`"


def test_index_describes_every_builtin_rule_exactly() -> None:
    from_index = build_registry(plugins=False).sorted_infos()
    imported = [ruleindex.info_of(rule) for rule in sorted(builtin_rules(), key=lambda r: r.code)]
    assert [info._replace(module="") for info in from_index] == imported


def test_a_stale_index_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ruleindex.rules_folder()
    assert ruleindex.load_index(folder) is not None
    from kpilint.rules import _index  # type: ignore[attr-defined]

    module, digest, rules = _index.INDEX[0]
    monkeypatch.setattr(_index, "INDEX", ((module, "0" * len(digest), rules), *_index.INDEX[1:]))
    assert ruleindex.load_index(folder) is None  # a rule edited since: imported instead
    monkeypatch.setattr(_index, "INDEX", _index.INDEX[1:])
    assert ruleindex.load_index(folder) is None  # a rule added since
    registry = build_registry(plugins=False)
    assert len(registry.codes()) == len(builtin_rules())


def test_an_edit_that_keeps_the_size_makes_the_index_stale(tmp_path: Path) -> None:
    from kpilint.rules import _index  # type: ignore[attr-defined]

    folder = tmp_path / "rules"
    shutil.copytree(ruleindex.rules_folder(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    assert ruleindex.check_index(_index.INDEX, str(folder)) is not None
    module = folder / (ruleindex.rule_modules(str(folder))[0] + ".py")
    data = module.read_bytes()
    digit = next(i for i, byte in enumerate(data) if chr(byte).isdigit())
    edited = data[:digit] + (b"3" if data[digit : digit + 1] != b"3" else b"6") + data[digit + 1 :]  # e.g. a default 6 -> 3
    assert len(edited) == len(data)
    module.write_bytes(edited)
    assert ruleindex.check_index(_index.INDEX, str(folder)) is None  # the edited rule is imported, not trusted


def test_an_edited_helper_changes_the_cache_key(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(ruleindex.rules_folder(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    before = ruleindex.module_digests(str(folder))
    (folder / "_text.py").write_text((folder / "_text.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = ruleindex.module_digests(str(folder))
    assert before["_text"] != after["_text"] and "_index" not in after
    assert {k: v for k, v in before.items() if k != "_text"} == {k: v for k, v in after.items() if k != "_text"}


def test_the_index_ignores_line_endings(tmp_path: Path) -> None:
    from kpilint.rules import _index  # type: ignore[attr-defined]

    folder = tmp_path / "rules"
    shutil.copytree(ruleindex.rules_folder(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    for module in folder.glob("*.py"):
        module.write_bytes(module.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert ruleindex.check_index(_index.INDEX, str(folder)) is not None


def test_a_warm_run_imports_only_the_rules_it_runs(tmp_path: Path) -> None:
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.kpi.yaml").write_text(
        "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a, name: Get more results}\nspec: {level: company}\n",
        encoding="utf-8",
    )
    probe = textwrap.dedent(
        """
        import sys
        from kpilint.cli import main
        try:
            main(["check", "a.kpi.yaml", "--format", "concise", "--today", "2027-01-01"])
        except SystemExit:
            pass
        print(sorted(m.rpartition(".")[2] for m in sys.modules if m.startswith(("kpilint.rules.", "kpilint.reporters."))))
        """
    )

    def imported_rules() -> tuple[str, list[str]]:
        run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
        *report, modules = run.stdout.strip().splitlines()
        return "\n".join(report), eval(modules)  # noqa: S307 - our own printed list

    cold_report, cold = imported_rules()
    warm_report, warm = imported_rules()
    assert warm_report == cold_report and "S101" in warm_report
    assert "s101_vague_statement" in cold  # the file was analysed
    assert "s101_vague_statement" not in warm  # answered from the cache
    assert "t104_expired" in warm  # date rules always run
    assert "concise" in warm and not {"full", "json_format", "sarif", "junit", "gitlab", "github", "markdown"} & set(warm)
