"""Linting many files at once, at the edge of the core: each file is read
here and its text handed to :func:`kpilint.core.lint_text`. This process and
forked workers share the work (:mod:`kpilint.workers`), and the results come
back in order (deterministic output)."""

from __future__ import annotations

import os
from typing import Iterator, Mapping, NamedTuple

from kpilint.core import FileResult, Settings, is_json_path, lint_text, whole_file
from kpilint.fileio import content_hash, signature_of
from kpilint.reading import ReadError, decode, read_file

#: below this many files to lint, forking workers costs more than it saves
POOL_MIN_FILES = 48


class Work(NamedTuple):
    """One file to lint: its path, and the bytes already read (``data``) or
    the text of an in-memory buffer (``buffer``); ``diagnose=False`` only
    loads it; ``valid``: see :func:`~kpilint.core.lint_text`."""

    path: str
    data: bytes | None = None
    buffer: str | None = None
    diagnose: bool = True
    valid: Mapping[int, bytes] | None = None



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


def lint_all(settings: Settings, work: list[Work], jobs: int, pool_min: int = POOL_MIN_FILES) -> Iterator[FileResult]:
    """Lint files in order (lazily, so each result can be let go of once
    used). From ``pool_min`` files up, ``jobs`` processes share the work:
    this one and ``jobs - 1`` forked workers (see :mod:`kpilint.workers`);
    where processes cannot be forked, this one lints every file."""
    if jobs > 1 and len(work) >= pool_min and hasattr(os, "fork"):
        from kpilint.workers import shared

        warm_up()  # import the parser and build the validators once, before forking
        yield from shared(work, jobs, lambda item: lint_file(item, settings))
        return
    for item in work:
        yield lint_file(item, settings)
