"""Analysing many files at once: this process and forked workers share the
work, and the results come back in order (deterministic output)."""

from __future__ import annotations

import gc
from typing import Iterator, Mapping

from kpilint.analysis import Analysis, Checker, analyse, warm_up

#: below this many files to analyse, a process pool costs more than it saves
POOL_MIN_FILES = 48

# the worker process's checker (set once per worker by the pool initializer)
_WORKER: dict[str, Checker] = {}


def _worker_init(checker: Checker) -> None:
    gc.enable()  # a worker lets go of each file's data: collect as usual
    _WORKER["checker"] = checker


def _worker(items: list[tuple[str, bool]]) -> list[bytes]:
    checker = _WORKER["checker"]
    return [analyse(path, checker, diagnose=diagnose).dump() for path, diagnose in items]


def analyse_all(
    checker: Checker,
    work: list[tuple[str, bytes | None, str | None, bool]],
    jobs: int,
    pool_min: int = POOL_MIN_FILES,
    valid: Mapping[str, Mapping[int, bytes]] | None = None,
) -> Iterator[Analysis]:
    """Analyse files in order (lazily, so each result can be let go of once
    used). From ``pool_min`` files up, ``jobs`` processes share the work in
    chunks taken in turn: this one and ``jobs - 1`` forked workers. This
    process analyses its own chunks in place (nothing to copy between
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
                with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_worker_init, initargs=(checker,)) as pool:
                    futures: dict[int, Future[list[bytes]]] = {
                        number: pool.submit(_worker, [(path, diagnose) for path, _data, text, diagnose in chunk if text is None])
                        for number, chunk in enumerate(chunks)
                        if number % jobs  # every jobs-th chunk, the first included, is this process's
                    }
                    for number, chunk in enumerate(chunks):
                        future = futures.pop(number, None)
                        done = iter(future.result()) if future is not None else None
                        for path, data, text, diagnose in chunk:
                            if done is None or text is not None:
                                yield analyse(path, checker, data=data, buffer=text, diagnose=diagnose)
                            else:
                                yield Analysis.load(next(done))
            finally:
                gc.unfreeze()
            return
    valid = valid or {}
    for path, data, buffer, diagnose in work:
        yield analyse(path, checker, data=data, buffer=buffer, diagnose=diagnose, valid=valid.get(path))
