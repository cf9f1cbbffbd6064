"""What a run learns of the installation is remembered in the cache folder:
the content hashes of the rule modules by each module's signature (the same
hashes as reading every module, and an edit, even one that keeps the size,
is always seen), and that no plugin is installed, until a folder or file
that says so changes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from kpilint import incremental, ruleindex
from kpilint.incremental import RememberedInstall


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules"
    shutil.copytree(ruleindex.rules_folder(), rules, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    cache.mkdir()
    return rules, cache


def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Signatures trusted at once (as for modules not edited in the last seconds)."""
    monkeypatch.setattr(incremental, "TRUST_AFTER_NS", -3_600_000_000_000)


def test_the_same_hashes_as_reading_every_module(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    rules, cache = folders
    trusted(monkeypatch)
    expected = ruleindex.module_digests(str(rules))
    assert RememberedInstall(cache).module_digests(str(rules)) == expected
    assert (cache / "modules").is_file()
    read: list[str] = []
    monkeypatch.setattr(incremental, "module_digest", lambda path: read.append(path) or "x")
    assert RememberedInstall(cache).module_digests(str(rules)) == expected and read == []  # answered by the signatures


def test_an_edit_that_keeps_the_size_is_seen(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    rules, cache = folders
    trusted(monkeypatch)
    RememberedInstall(cache).module_digests(str(rules))
    time.sleep(0.05)  # the next timestamp tick
    module = rules / "_text.py"
    data = module.read_bytes()
    digit = next(i for i, byte in enumerate(data) if chr(byte).isdigit())
    module.write_bytes(data[:digit] + (b"3" if data[digit : digit + 1] != b"3" else b"6") + data[digit + 1 :])
    now = RememberedInstall(cache).module_digests(str(rules))
    assert now == ruleindex.module_digests(str(rules)) and now["_text"] != ruleindex.content_hash(data)


def test_young_signatures_are_not_remembered(folders: tuple[Path, Path]) -> None:
    rules, cache = folders  # just copied: within the trust window
    assert RememberedInstall(cache).module_digests(str(rules)) == ruleindex.module_digests(str(rules))
    assert not (cache / "modules").exists()


@pytest.mark.parametrize("garbage", [b"", b"\xe3" + os.urandom(100), b"\xda\x05hello"])
def test_a_damaged_memo_is_ignored(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, garbage: bytes) -> None:
    rules, cache = folders
    trusted(monkeypatch)
    (cache / "modules").write_bytes(garbage)
    assert RememberedInstall(cache).module_digests(str(rules)) == ruleindex.module_digests(str(rules))


def test_no_memo_without_a_cache_folder(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    rules, cache = folders
    trusted(monkeypatch)
    assert RememberedInstall(cache / "missing").module_digests(str(rules)) == ruleindex.module_digests(str(rules))
    assert not (cache / "missing").exists()


@pytest.fixture()
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``sys.path`` of one folder holding one distribution without entry points."""
    folder = tmp_path / "site"
    (folder / "other-1.0.dist-info").mkdir(parents=True)
    (folder / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n", encoding="utf-8")
    monkeypatch.setattr("sys.path", [str(folder), str(tmp_path / "not-yet")])
    (tmp_path / "cache").mkdir()
    trusted(monkeypatch)
    return folder


class Looks:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = incremental.may_have_plugins

        def counted(*args: Any) -> bool:
            self.count += 1
            return real(*args)

        monkeypatch.setattr(incremental, "may_have_plugins", counted)


def test_no_plugins_is_remembered(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    looks = Looks(monkeypatch)
    memo = RememberedInstall(site.parent / "cache")
    assert memo.may_have_plugins() is False and memo.may_have_plugins() is False
    assert looks.count == 1


def test_a_plugin_installed_is_seen(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = RememberedInstall(site.parent / "cache")
    assert memo.may_have_plugins() is False
    time.sleep(0.05)
    (site / "acme-1.0.dist-info").mkdir()
    (site / "acme-1.0.dist-info" / "entry_points.txt").write_text("[kpilint.rules]\nacme = acme\n", encoding="utf-8")
    assert memo.may_have_plugins() is True


def test_an_entry_point_added_in_place_is_seen(site: Path) -> None:
    memo = RememberedInstall(site.parent / "cache")
    assert memo.may_have_plugins() is False
    time.sleep(0.05)
    points = site / "other-1.0.dist-info" / "entry_points.txt"
    text = points.read_text(encoding="utf-8")
    with open(points, "r+", encoding="utf-8") as handle:  # same inode, same folder listing
        handle.write(text.replace("[console_scripts]\nother = other:main\n", "[kpilint.rules]\nother=other:rules\n"[: len(text)]))
    assert memo.may_have_plugins() is True


def test_a_folder_of_sys_path_created_is_seen(site: Path) -> None:
    memo = RememberedInstall(site.parent / "cache")
    assert memo.may_have_plugins() is False
    (site.parent / "not-yet" / "acme-1.0.dist-info").mkdir(parents=True)
    (site.parent / "not-yet" / "acme-1.0.dist-info" / "entry_points.txt").write_text("[kpilint.rules]\nacme = acme\n", encoding="utf-8")
    assert memo.may_have_plugins() is True
