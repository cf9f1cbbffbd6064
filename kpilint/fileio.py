"""Small file helpers shared by the cache and the configuration: hashing
bytes, and writing a file so that readers see the old or the new one whole."""

from __future__ import annotations

import os
from pathlib import Path

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
