"""Forked workers share a run's files: every result comes back once, in the
order of the files, whoever linted it, and a worker that dies costs time,
never a result."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kpilint.core import FileResult, RawFinding
from kpilint.workers import AHEAD, CHUNK_FILES, MAX_CHUNKS, chunk_bounds, shared

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _result(number: int) -> FileResult:
    """A small result that names its item (and where it was made)."""
    finding = RawFinding("K900", number + 1, 1, number + 1, 2, f"item {number} from {os.getpid()}", 0, "")
    return FileResult(False, f"text {number}\n", f"digest-{number}", [], [], [finding])


def _numbers(results: list[FileResult]) -> list[int]:
    return [int(result.digest.split("-")[1]) for result in results]


@pytest.mark.parametrize("count", [1, 7, 48, 200, 1000])
@pytest.mark.parametrize("jobs", [2, 3])
def test_every_item_once_in_order(count: int, jobs: int) -> None:
    results = list(shared(list(range(count)), jobs, _result))
    assert _numbers(results) == list(range(count))
    assert [result.findings[0].line for result in results] == [n + 1 for n in range(count)]


def test_the_workers_take_part() -> None:
    here = os.getpid()

    def slow(number: int) -> FileResult:
        time.sleep(0.0005)  # long enough for the worker to start before this process is done
        return _result(number)

    results = list(shared(list(range(600)), 2, slow))
    makers = {result.findings[0].message.rsplit(" ", 1)[1] for result in results}
    assert str(here) in makers and len(makers) == 2


def test_a_worker_that_dies_costs_no_result() -> None:
    parent = os.getpid()

    def dies_in_a_worker(number: int) -> FileResult:
        if os.getpid() != parent:
            os._exit(3)  # a crash in the worker, whatever the item
        return _result(number)

    results = list(shared(list(range(300)), 3, dies_in_a_worker))
    assert _numbers(results) == list(range(300))


def test_a_worker_that_fails_midway_costs_no_result() -> None:
    parent = os.getpid()

    def fails_late(number: int) -> FileResult:
        if number == 250 and os.getpid() != parent:
            raise MemoryError("out of memory in a worker")
        return _result(number)

    results = list(shared(list(range(400)), 2, fails_late))
    assert _numbers(results) == list(range(400))


def test_stopping_early_leaves_no_process_behind() -> None:
    results = shared(list(range(500)), 3, _result)
    assert _numbers([next(results) for _ in range(5)]) == [0, 1, 2, 3, 4]
    results.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_no_descriptor_is_left_open() -> None:
    before = set(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else None
    list(shared(list(range(100)), 2, _result))
    if before is not None:
        assert set(os.listdir("/proc/self/fd")) <= before | {str(fd) for fd in range(3)}


@pytest.mark.parametrize("count", [1, 2, 47, 48, 500, 2000, 10_000, 100_000])
@pytest.mark.parametrize("jobs", [2, 4, 16])
def test_chunks_cover_the_items(count: int, jobs: int) -> None:
    bounds = chunk_bounds(count, jobs)
    assert bounds[0][0] == 0 and bounds[-1][1] == count
    assert all(stop == start for (_, stop), (start, _) in zip(bounds, bounds[1:]))
    assert len(bounds) <= MAX_CHUNKS
    if count <= MAX_CHUNKS * CHUNK_FILES:
        assert all(stop - start <= CHUNK_FILES for start, stop in bounds)
    assert AHEAD >= 1


def test_no_process_can_be_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError("fork: resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert _numbers(list(shared(list(range(100)), 3, _result))) == list(range(100))


def test_no_pipe_can_be_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> tuple[int, int]:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(os, "pipe", refuse)
    assert _numbers(list(shared(list(range(100)), 2, _result))) == list(range(100))


def test_a_second_pipe_refused_leaves_the_first_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[int, int]] = []
    real = os.pipe

    def once() -> tuple[int, int]:
        if made:
            raise OSError(24, "Too many open files")
        made.append(real())
        return made[-1]

    monkeypatch.setattr(os, "pipe", once)
    assert _numbers(list(shared(list(range(50)), 2, _result))) == list(range(50))
    for fd in made[0]:
        with pytest.raises(OSError):
            os.fstat(fd)
