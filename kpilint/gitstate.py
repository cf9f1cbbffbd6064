"""What the checked files defined in the last commit (git ``HEAD``).

Used at the edge of a run that checks explicit files (the pre-commit hook
passes the staged ones): for the files that lie in a git work tree with a
``HEAD`` commit and differ from it, the ids their documents defined in
``HEAD``. It costs one ``git cat-file --batch`` process for all the files
(no git library); the texts that differ are parsed with the project's
loader (the answer for a pair of texts is remembered in the cache folder,
so checking the same edit again parses nothing). Whatever goes wrong — git
missing, not a work tree, no commit yet, a file new to git, a version that
does not parse — simply gives no ids: the rule that uses them (H108) then
has nothing to say. Nothing here is ever an error of the run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Sequence

from kpilint.api import DefinedId
from kpilint.fileio import atomic_write, content_hash
from kpilint.reading import Limits, ReadError, decode, read_file

#: How long the one git process may take before its answer is ignored.
GIT_TIMEOUT = 10.0
#: The kinds whose ids other documents name (`parent`, `owner`).
KINDS = ("KPI", "Owner")


def head_ids(files: Sequence[str], limits: Limits, memo: str | None = None) -> dict[str, tuple[DefinedId, ...]]:
    """The ids each of ``files`` (absolute paths) defined in ``HEAD``, for the
    files from which an id has gone since (renamed, document removed); the
    others are left out, as are files that do not parse now (their own error
    says what is wrong) and files outside the work tree of the first file.

    ``memo`` names a file (in the cache folder) that remembers the answer
    for a pair of texts, so that checking an edited file again does not
    parse both of its versions again; it is written only where its folder
    exists, and ignored when unreadable."""
    top = None
    wanted: list[tuple[str, str]] = []  # (file as given, path relative to the top level)
    tops: dict[str, str | None] = {}
    for file in files:
        real = os.path.realpath(file)
        found = _work_tree(os.path.dirname(real), tops)
        if found is None or (top is not None and found != top):
            continue
        top = found
        relative = os.path.relpath(real, top).replace(os.sep, "/")
        if relative.startswith("../") or "\n" in relative or "\r" in relative:
            continue
        wanted.append((file, relative))
    if top is None or not wanted:
        return {}
    blobs = _head_blobs(top, [relative for _file, relative in wanted])
    out: dict[str, tuple[DefinedId, ...]] = {}
    remembered: dict[str, tuple[DefinedId, ...]] | None = None
    learnt: dict[str, tuple[DefinedId, ...]] = {}
    for (file, _relative), blob in zip(wanted, blobs):
        if blob is None:
            continue  # new to git, or not a file in HEAD
        try:
            current, _info = read_file(file, limits)
        except ReadError:
            continue  # F001/F004: the run reports it
        if current == blob:
            continue
        if remembered is None:
            remembered = _recall(memo, limits) if memo else {}
        key = f"{content_hash(blob)}{content_hash(current)}{int(_is_json(file))}"
        answer = remembered.get(key)
        if answer is None:
            answer = learnt[key] = _gone(blob, current, file, limits)
        if answer:
            out[file] = answer
    if memo and learnt:
        _remember(memo, limits, {**learnt, **(remembered or {})})
    return out


def _gone(before_data: bytes, now_data: bytes, file: str, limits: Limits) -> tuple[DefinedId, ...]:
    """The ids of the earlier text when one of them is gone from the later
    one (which must load completely), else nothing."""
    before, _complete = _ids(before_data, file, limits)
    now, complete = _ids(now_data, file, limits)
    kept = {(each.kind, each.id) for each in now}
    if before and complete and any((each.kind, each.id) not in kept for each in before):
        return tuple(before)
    return ()


def _is_json(file: str) -> bool:
    return file.lower().endswith(".json")


#: What a memo file holds besides its entries: a format mark, and what the
#: answers depend on (the loader's version, the limits).
_MEMO_MAGIC = "kpilint-head-ids-v1"
#: How many answers a memo file keeps (the latest).
MEMO_KEPT = 256


def _recall(memo: str, limits: Limits) -> dict[str, tuple[DefinedId, ...]]:
    import marshal

    from kpilint import __version__

    try:
        with open(memo, "rb") as handle:
            magic, version, kept_limits, entries = marshal.loads(handle.read())
        if (magic, version, tuple(kept_limits)) != (_MEMO_MAGIC, __version__, tuple(limits)):
            return {}
        return {str(key): tuple(DefinedId(*each) for each in ids) for key, ids in entries.items()}
    except Exception:  # missing, damaged or foreign: answered afresh
        return {}


def _remember(memo: str, limits: Limits, entries: dict[str, tuple[DefinedId, ...]]) -> None:
    import marshal

    from kpilint import __version__

    if not os.path.isdir(os.path.dirname(memo)):
        return
    latest = dict(list(entries.items())[:MEMO_KEPT])
    data = marshal.dumps((_MEMO_MAGIC, __version__, tuple(limits), {key: [tuple(each) for each in ids] for key, ids in latest.items()}))
    try:
        atomic_write(Path(memo), data)
    except (OSError, ValueError):
        pass  # the next run parses again


def _work_tree(folder: str, seen: dict[str, str | None]) -> str | None:
    """The top level of the git work tree holding ``folder`` (the nearest
    folder with a ``.git`` entry, a directory or a file), or None; remembered
    per folder in ``seen``. Found with a few ``stat`` calls: a run outside a
    work tree never starts git."""
    walked: list[str] = []
    found: str | None = None
    here = folder
    while True:
        if here in seen:
            found = seen[here]
            break
        walked.append(here)
        if os.path.lexists(os.path.join(here, ".git")):
            found = here
            break
        up = os.path.dirname(here)
        if up == here:
            break
        here = up
    for each in walked:
        seen[each] = found
    return found


def _head_blobs(top: str, paths: Sequence[str]) -> list[bytes | None]:
    """The ``HEAD`` contents of ``paths`` (relative to ``top``, with ``/``),
    in order; None for a path that ``HEAD`` does not hold as a file (and for
    all of them when there is no ``HEAD``, no git, or no work tree)."""
    request = b"".join(b"HEAD:" + os.fsencode(path) + b"\n" for path in paths)
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0")
    argv = ["git", "-C", top, "cat-file", "--batch"]
    spawn = getattr(os, "posix_spawnp", None)
    if spawn is not None and len(request) <= SMALL_REQUEST:
        output = _spawned(argv, request, env)
    else:
        output = _subprocess(argv, request, env)
    return _parse_batch(output, len(paths)) if output is not None else [None] * len(paths)


#: A request this small fits a pipe's buffer on every system: it is written
#: whole before git's answer is read (a larger one goes through subprocess,
#: which writes and reads at the same time).
SMALL_REQUEST = 4096


def _spawned(argv: list[str], request: bytes, env: dict[str, str]) -> bytes | None:
    """``argv``'s output for ``request`` on its input, or None when it cannot
    start, fails or outlasts :data:`GIT_TIMEOUT`. Started with
    ``posix_spawn`` and pipes: a run on a few files (the pre-commit hook)
    need not import :mod:`subprocess`."""
    import select  # a small C module

    stdin_read, stdin_write = os.pipe()
    stdout_read, stdout_write = os.pipe()
    devnull = os.open(os.devnull, os.O_WRONLY)
    child = [stdin_read, stdout_write, devnull]
    try:
        pid = os.posix_spawnp(
            argv[0],
            argv,
            env,
            file_actions=[(os.POSIX_SPAWN_DUP2, stdin_read, 0), (os.POSIX_SPAWN_DUP2, stdout_write, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)],
        )
    except OSError:
        for fd in (*child, stdin_write, stdout_read):
            os.close(fd)
        return None
    for fd in child:
        os.close(fd)
    chunks: list[bytes] = []
    finished = False
    try:
        try:
            os.write(stdin_write, request)  # fits the pipe: never blocks
        finally:
            os.close(stdin_write)
        deadline = time.monotonic() + GIT_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stdout_read], [], [], left)[0]:
                break
            chunk = os.read(stdout_read, 1 << 16)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    except OSError:  # git went away early (a broken pipe)
        pass
    finally:
        os.close(stdout_read)
        if not finished:
            _stop(pid)
    try:
        _, status = os.waitpid(pid, 0)
    except OSError:
        return None
    return b"".join(chunks) if finished and os.waitstatus_to_exitcode(status) == 0 else None


def _stop(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _subprocess(argv: list[str], request: bytes, env: dict[str, str]) -> bytes | None:
    """``argv``'s output for ``request`` on its input, through subprocess."""
    import subprocess

    try:
        done = subprocess.run(argv, input=request, capture_output=True, timeout=GIT_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return done.stdout if done.returncode == 0 else None


def _parse_batch(output: bytes, count: int) -> list[bytes | None]:
    """Split ``git cat-file --batch`` output into one answer per request:
    a blob's bytes, else None (``missing``, ``ambiguous``, a tree...)."""
    answers: list[bytes | None] = []
    at = 0
    while len(answers) < count:
        end = output.find(b"\n", at)
        if end < 0:
            break
        header = output[at:end].split(b" ")
        at = end + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            body = output[at : at + size]
            at += size + 1  # the contents end with a newline of git's own
            answers.append(body if header[1] == b"blob" and len(body) == size else None)
        else:  # `<name> missing`, `<name> ambiguous`
            answers.append(None)
    return answers + [None] * (count - len(answers))


def _ids(data: bytes, file: str, limits: Limits) -> tuple[list[DefinedId], bool]:
    """The ids defined by the documents of a file's ``data``, in document
    order (what loaded, whatever else failed), and whether the text loaded
    completely (if not, which ids it defines is not known)."""
    from kpilint.loader import load_text  # already imported by any run that lints a file

    if len(data) > limits.max_file_bytes:
        return [], False
    try:
        text = decode(data)
    except ReadError:
        return [], False
    loaded = load_text(text, file, limits, is_json=_is_json(file))
    complete = not any(problem.code in ("F001", "F002", "F004") for problem in loaded.problems)
    found = [_defined(doc.data, doc.index) for doc in loaded.documents]
    return [each for each in found if each is not None], complete


def _defined(data: object, index: int) -> DefinedId | None:
    if not isinstance(data, dict):
        return None
    kind, metadata = data.get("kind"), data.get("metadata")
    if kind not in KINDS or not isinstance(metadata, dict):
        return None
    ident, name = metadata.get("id"), metadata.get("name")
    if not isinstance(ident, str) or not ident.strip():
        return None
    return DefinedId(str(kind), ident, index, name if isinstance(name, str) else None)
