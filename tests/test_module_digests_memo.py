"""The content hashes of the rule modules are remembered in the cache folder
by each module's signature: the same hashes as reading every module, and an
edit (even one that keeps the size) is always seen."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kpilint import incremental, ruleindex
from kpilint.incremental import RememberedDigests


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
    assert RememberedDigests(cache)(str(rules)) == expected
    assert (cache / "modules").is_file()
    read: list[str] = []
    monkeypatch.setattr(incremental, "module_digest", lambda path: read.append(path) or "x")
    assert RememberedDigests(cache)(str(rules)) == expected and read == []  # answered by the signatures


def test_an_edit_that_keeps_the_size_is_seen(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    rules, cache = folders
    trusted(monkeypatch)
    RememberedDigests(cache)(str(rules))
    time.sleep(0.05)  # the next timestamp tick
    module = rules / "_text.py"
    data = module.read_bytes()
    digit = next(i for i, byte in enumerate(data) if chr(byte).isdigit())
    module.write_bytes(data[:digit] + (b"3" if data[digit : digit + 1] != b"3" else b"6") + data[digit + 1 :])
    now = RememberedDigests(cache)(str(rules))
    assert now == ruleindex.module_digests(str(rules)) and now["_text"] != ruleindex.content_hash(data)


def test_young_signatures_are_not_remembered(folders: tuple[Path, Path]) -> None:
    rules, cache = folders  # just copied: within the trust window
    assert RememberedDigests(cache)(str(rules)) == ruleindex.module_digests(str(rules))
    assert not (cache / "modules").exists()


@pytest.mark.parametrize("garbage", [b"", b"\xe3" + os.urandom(100), b"\xda\x05hello"])
def test_a_damaged_memo_is_ignored(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, garbage: bytes) -> None:
    rules, cache = folders
    trusted(monkeypatch)
    (cache / "modules").write_bytes(garbage)
    assert RememberedDigests(cache)(str(rules)) == ruleindex.module_digests(str(rules))


def test_no_memo_without_a_cache_folder(folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    rules, cache = folders
    trusted(monkeypatch)
    assert RememberedDigests(cache / "missing")(str(rules)) == ruleindex.module_digests(str(rules))
    assert not (cache / "missing").exists()
