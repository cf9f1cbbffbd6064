"""Reading a file: one read sized from its ``stat``, yet never short of a
file that grew since, and never past the size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kpilint.reading import Limits, ReadError, read_file


def test_reads_the_whole_file_and_returns_the_stat_taken_before(tmp_path: Path) -> None:
    path = tmp_path / "a.kpi.yaml"
    path.write_bytes(b"kind: KPI\n" * 50)
    data, info = read_file(str(path), Limits())
    assert data == path.read_bytes() and info.st_size == len(data)


@pytest.mark.parametrize("grown", [1, 5_000, 200_000])
def test_a_file_that_grew_after_its_stat_is_read_to_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grown: int) -> None:
    path = tmp_path / "a.kpi.yaml"
    path.write_bytes(b"x" * 100)
    before = os.stat(path)
    path.write_bytes(b"x" * (100 + grown))  # grows between the stat and the read
    monkeypatch.setattr(os, "stat", lambda *_args, **_kw: before)
    data, _info = read_file(str(path), Limits())
    assert len(data) == 100 + grown


def test_growing_past_the_limit_is_f004(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.kpi.yaml"
    path.write_bytes(b"x" * 100)
    before = os.stat(path)
    path.write_bytes(b"x" * 5_000)
    monkeypatch.setattr(os, "stat", lambda *_args, **_kw: before)
    with pytest.raises(ReadError) as caught:
        read_file(str(path), Limits(max_file_bytes=1_000))
    assert caught.value.code == "F004"


def test_not_a_regular_file_is_f001(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read_file(str(tmp_path), Limits())
    assert caught.value.code == "F001"
