"""Small file helpers shared by the cache, the configuration and the
workers: hashing bytes, writing a file so that readers see the old or the
new one whole, and the signatures that tell that a file or a folder may
have changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

try:  # the same BLAKE2 that hashlib offers, without loading OpenSSL's bindings (~2 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b


def content_hash(data: bytes, size: int = 16) -> str:
    """A content hash (BLAKE2b, ``size`` bytes, in hex)."""
    return blake2b(data, digest_size=size).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a new, uniquely named file beside ``path``, then
    rename it over ``path``: readers see the old file or the new one, whole.
    (No ``tempfile``: importing it costs more than a small cache write.)"""
    tmp = os.path.join(path.parent, f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def signature_of(info: os.stat_result) -> tuple[int, int, int]:
    """A file's content signature, (size, mtime_ns, inode): what tells that
    its bytes may have changed."""
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def listing_signature(info: os.stat_result) -> tuple[int, int, int]:
    """A folder's (or a small file read whole) signature, (inode, mtime_ns,
    ctime_ns). Adding, removing or renaming an entry of a folder changes its
    times, and so do ``chmod`` and ``touch``: an unchanged signature means the
    listing and the permissions seen are still those of the folder."""
    return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


def still_listed(seen: Iterable[tuple[str, Any]]) -> bool:
    """Whether every path of ``seen`` still has the listing signature noted
    for it (``None``: the path was missing, and still is)."""
    try:
        for path, then in seen:
            try:
                info = os.stat(path)
            except FileNotFoundError:
                if then is None:
                    continue
                return False
            if listing_signature(info) != then:
                return False
    except (OSError, TypeError, ValueError):
        return False
    return True
