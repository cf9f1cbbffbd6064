"""Sharing a list of files between this process and forked workers.

The list is cut into chunks. Every process, this one included, takes the
next chunk that nobody has taken yet, so a process that runs ahead simply
takes more of them, and no core waits while another has work left. Taking
a chunk is reading its number from a pipe that holds all of them: a read of
a few bytes from a pipe is atomic, so no two processes get the same chunk.

A worker is a fork of this process: it already holds the files to lint, the
settings and every imported module, so nothing is sent to it. It writes each
chunk's results, marshalled, to a file of its own (in memory where the system
allows) and tells this process where they are through a second pipe. Results
are yielded in the order of the list, whoever linted them. A chunk whose
worker died before reporting it is linted here: a crash in a worker costs
time, never a result.

Plain ``fork``, pipes and files: no process pool, no pickling, no threads.
"""

from __future__ import annotations

import gc
import marshal
import os
import signal
import struct
from typing import Callable, Iterator, Sequence, TypeVar

from kpilint.core import FileResult

Item = TypeVar("Item")

#: a chunk number, as taken from the pipe of chunks
_TAKE = struct.Struct("<I")
#: a worker's report: its number, the chunk's number, where its results are (offset, length)
_DONE = struct.Struct("<IIQQ")
#: at most this many chunks, so that the pipe of chunk numbers (written before
#: any process reads it) and of reports never fills up on any system
MAX_CHUNKS = 512
#: at most this many files per chunk (fewer when there are few files, so that
#: every process gets several chunks and finishes at about the same time)
CHUNK_FILES = 32
#: this process lints at most this many chunks ahead of the one it must yield
#: next (results waiting in memory)
AHEAD = 4


def chunk_bounds(count: int, jobs: int) -> list[tuple[int, int]]:
    """``[start, stop)`` of each chunk of ``count`` items for ``jobs``
    processes: chunks shrink as the end nears (each a share of what is left),
    so the processes finish their last chunks at nearly the same time."""
    least = max(1, -(-count // MAX_CHUNKS))
    bounds = []
    start = 0
    while start < count:
        size = max(least, min(CHUNK_FILES, (count - start) // (jobs * 4)))
        bounds.append((start, min(start + size, count)))
        start += size
    return bounds


def _take(fd: int) -> int | None:
    """The next chunk nobody has taken, or None when none is left."""
    data = os.read(fd, _TAKE.size)
    return _TAKE.unpack(data)[0] if len(data) == _TAKE.size else None


def _read_exactly(fd: int, size: int) -> bytes:
    """``size`` bytes from a pipe, or fewer at its end."""
    data = b""
    while len(data) < size:
        more = os.read(fd, size - len(data))
        if not more:
            break
        data += more
    return data


def _write_at(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


def _read_at(fd: int, offset: int, length: int) -> bytes:
    parts = []
    while length > 0:
        part = os.pread(fd, length, offset)
        if not part:
            raise OSError("a worker's results are shorter than it said")
        parts.append(part)
        offset += len(part)
        length -= len(part)
    return b"".join(parts)


def _pipes(count: int) -> list[tuple[int, int]] | None:
    """``count`` pipes, or None (and none left open) when they cannot all be made."""
    made: list[tuple[int, int]] = []
    try:
        for _ in range(count):
            made.append(os.pipe())
    except OSError:
        for ends in made:
            for fd in ends:
                os.close(fd)
        return None
    return made


def _results_file() -> int:
    """A file descriptor for one worker's results: in memory where possible."""
    if hasattr(os, "memfd_create"):
        try:
            return os.memfd_create("kpilint-results", os.MFD_CLOEXEC)
        except OSError:  # pragma: no cover - memfd unavailable
            pass
    import tempfile  # pragma: no cover - systems without memfd

    handle = tempfile.TemporaryFile()  # pragma: no cover
    fd = os.dup(handle.fileno())  # pragma: no cover
    handle.close()  # pragma: no cover
    return fd  # pragma: no cover


def _work_in_child(
    number: int, take: int, done: int, results: int, bounds: list[tuple[int, int]], lint: Callable[[int], FileResult]
) -> None:
    """A worker's whole life: take chunks until none is left, then exit."""
    gc.enable()  # a worker lets go of each file's data: collect as usual
    offset = 0
    while (chunk := _take(take)) is not None:
        start, stop = bounds[chunk]
        blob = marshal.dumps([lint(index).dump() for index in range(start, stop)])
        _write_at(results, blob, offset)
        os.write(done, _DONE.pack(number, chunk, offset, len(blob)))
        offset += len(blob)


def shared(items: Sequence[Item], jobs: int, lint: Callable[[Item], FileResult]) -> Iterator[FileResult]:
    """``lint(item)`` for each item, in order, shared by this process and
    ``jobs - 1`` forked workers."""
    bounds = chunk_bounds(len(items), jobs)
    pipes = _pipes(2)
    if pipes is None:  # no descriptor left: this process lints every file
        yield from (lint(item) for item in items)
        return
    (take_r, take_w), (done_r, done_w) = pipes
    os.write(take_w, b"".join(_TAKE.pack(chunk) for chunk in range(len(bounds))))
    os.close(take_w)
    files: list[int] = []
    children: list[int] = []
    # Out of the collector's sight before forking: a worker's collections then
    # leave the inherited objects alone, and with them the memory pages
    # shared with this process (no copy-on-write of everything loaded).
    gc.freeze()
    try:
        for number in range(jobs - 1):
            try:
                results = _results_file()
            except OSError:  # no descriptor left: fewer workers
                break
            files.append(results)
            try:
                pid = os.fork()
            except OSError:  # no more processes: fewer workers
                break
            if pid == 0:  # pragma: no cover - the child (its coverage is not collected)
                code = 1
                try:
                    os.close(done_r)
                    _work_in_child(number, take_r, done_w, results, bounds, lambda index: lint(items[index]))
                    code = 0
                finally:
                    os._exit(code)
            children.append(pid)
    finally:
        gc.unfreeze()
    os.close(done_w)  # the workers hold the only other ends: end of pipe once all are gone
    try:
        yield from _collect(items, lint, bounds, take_r, done_r, files)
    finally:
        for pid in children:  # stopped early (an error, Ctrl-C): stop the workers too
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except OSError:  # pragma: no cover - already reaped
                pass
        for fd in (take_r, done_r, *files):
            os.close(fd)


def _collect(
    items: Sequence[Item],
    lint: Callable[[Item], FileResult],
    bounds: list[tuple[int, int]],
    take: int,
    done: int,
    files: list[int],
) -> Iterator[FileResult]:
    """This process's share: take chunks, and yield every chunk's results in order."""
    here: dict[int, list[FileResult]] = {}  # chunks linted here, waiting for their turn
    there: dict[int, tuple[int, int, int]] = {}  # chunks a worker linted: (worker, offset, length)
    left = True  # chunks may be left to take
    workers_alive = True

    def lint_chunk(chunk: int) -> list[FileResult]:
        start, stop = bounds[chunk]
        return [lint(items[index]) for index in range(start, stop)]

    for chunk in range(len(bounds)):
        while chunk not in here and chunk not in there:
            if left and len(here) < AHEAD:
                taken = _take(take)
                if taken is None:
                    left = False
                else:
                    here[taken] = lint_chunk(taken)
                continue
            report = _read_exactly(done, _DONE.size) if workers_alive else b""
            if len(report) < _DONE.size:
                # every worker has gone (normally after the last chunk): from
                # here on, whatever is missing is linted here, when its turn comes
                workers_alive = left = False
                here[chunk] = lint_chunk(chunk)
                continue
            worker, number, offset, length = _DONE.unpack(report)
            there[number] = (worker, offset, length)
        if chunk in here:
            yield from here.pop(chunk)
            continue
        worker, offset, length = there.pop(chunk)
        for blob in marshal.loads(_read_at(files[worker], offset, length)):
            yield FileResult.load(blob)
