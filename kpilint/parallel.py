"""Linting many files at once, at the edge of the core: each file is read
here and its text handed to :func:`kpilint.core.lint_text`. This process and
forked workers share the work, and the results come back in order
(deterministic output)."""

from __future__ import annotations

import gc
import os
from typing import Iterator, Mapping, NamedTuple

from kpilint.core import FileResult, Settings, is_json_path, lint_text, whole_file
from kpilint.fileio import content_hash
from kpilint.reading import ReadError, decode, read_file

#: below this many files to lint, a process pool costs more than it saves
POOL_MIN_FILES = 48

# the worker process's settings (set once per worker by the pool initializer)
_WORKER: dict[str, Settings] = {}


class Work(NamedTuple):
    """One file to lint: its path, and the bytes already read (``data``) or
    the text of an in-memory buffer (``buffer``); ``diagnose=False`` only
    loads it; ``valid``: see :func:`~kpilint.core.lint_text`."""

    path: str
    data: bytes | None = None
    buffer: str | None = None
    diagnose: bool = True
    valid: Mapping[int, bytes] | None = None


def signature_of(info: os.stat_result) -> tuple[int, int, int]:
    """(size, mtime_ns, inode): what tells that a file may have changed."""
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def lint_file(work: Work, settings: Settings) -> FileResult:
    """Read one file (unless its bytes or text are given) and lint its text."""
    if work.buffer is not None:
        return lint_text(work.path, work.buffer, settings, diagnose=work.diagnose, valid=work.valid)
    signature = None
    digest = ""
    data = work.data
    try:
        if data is None:
            data, info = read_file(work.path, settings.limits)
            signature = signature_of(info)
        digest = content_hash(data)
        text = decode(data)
    except ReadError as exc:
        return FileResult(is_json_path(work.path), "", digest, [], [], [whole_file(exc.code, exc.message)], signature)
    except OSError as exc:
        message = f"cannot read file: {exc.strerror or exc}"
        return FileResult(is_json_path(work.path), "", digest, [], [], [whole_file("F001", message)])
    result = lint_text(work.path, text, settings, digest=digest, diagnose=work.diagnose, valid=work.valid)
    result.signature = signature
    return result


def warm_up() -> None:
    """Import the parser and build the schema validators now (before forking
    workers, so that each worker does not pay for them again)."""
    import kpilint.loader  # noqa: F401
    from kpilint.schema import validate

    list(validate({"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a", "name": "a"}, "spec": {}}))


def _worker_init(settings: Settings) -> None:
    gc.enable()  # a worker lets go of each file's data: collect as usual
    _WORKER["settings"] = settings


def _worker(items: list[Work]) -> list[bytes]:
    settings = _WORKER["settings"]
    return [lint_file(item, settings).dump() for item in items]


def lint_all(settings: Settings, work: list[Work], jobs: int, pool_min: int = POOL_MIN_FILES) -> Iterator[FileResult]:
    """Lint files in order (lazily, so each result can be let go of once
    used). From ``pool_min`` files up, ``jobs`` processes share the work in
    chunks taken in turn: this one and ``jobs - 1`` forked workers. This
    process lints its own chunks in place (nothing to copy between
    processes) while the workers run ahead on theirs."""
    if jobs > 1 and len(work) >= pool_min:
        import multiprocessing
        from concurrent.futures import Future, ProcessPoolExecutor

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - no fork on this platform
            context = None
        if context is not None:
            size = max(1, min(64, len(work) // (jobs * 8)))
            chunks = [work[start : start + size] for start in range(0, len(work), size)]
            warm_up()  # import the parser and build the validators once, before forking
            # Out of the collector's sight before forking: a worker's collections
            # then leave the inherited objects alone, and with them the pages
            # shared with this process (no copy-on-write of everything loaded).
            gc.freeze()
            try:
                with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_worker_init, initargs=(settings,)) as pool:
                    futures: dict[int, Future[list[bytes]]] = {
                        number: pool.submit(_worker, [item._replace(data=None) for item in chunk if item.buffer is None])
                        for number, chunk in enumerate(chunks)
                        if number % jobs  # every jobs-th chunk, the first included, is this process's
                    }
                    for number, chunk in enumerate(chunks):
                        future = futures.pop(number, None)
                        done = iter(future.result()) if future is not None else None
                        for item in chunk:
                            if done is None or item.buffer is not None:
                                yield lint_file(item, settings)
                            else:
                                yield FileResult.load(next(done))
            finally:
                gc.unfreeze()
            return
    for item in work:
        yield lint_file(item, settings)
