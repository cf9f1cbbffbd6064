"""Read a file's bytes and decode them to text (F001 / F004 on failure)."""

from __future__ import annotations

import codecs
import os
import stat
from typing import NamedTuple


class ReadError(Exception):
    """A file could not be turned into text; ``code`` is F001 or F004."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Limits(NamedTuple):
    """Resource limits (F004). Defaults no real KPI file reaches."""

    max_file_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 100_000
    max_line_length: int = 20_000


#: Byte-order marks and the encodings they announce (longest first: the
#: UTF-32 LE mark starts with the UTF-16 LE one); the fixer reads them too.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_file(path: str, limits: Limits) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes, and its ``stat`` taken before reading (so a
    signature made from it never vouches for a later edit).

    Nothing but a regular file is opened (a device can act when opened); the
    open is non-blocking in case one was swapped in since. The file is read
    with one call sized from the ``stat``, more only if it grew meanwhile."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReadError("F001", f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("F001", "cannot read file: not a regular file")
    limit = limits.max_file_bytes
    if info.st_size > limit:
        raise ReadError(
            "F004",
            f"file is {info.st_size} bytes, above the limit of {limit} "
            "(raise `limits.max-file-bytes` if this is intended)",
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            want = info.st_size + 1  # one byte more: to see whether it grew
            chunks = [os.read(fd, want)]
            size = len(chunks[0])
            if size == want:  # it grew since: read on to its end, or just past the limit
                while size <= limit:
                    chunk = os.read(fd, min(1 << 16, limit + 1 - size))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise ReadError("F001", f"cannot read file: {exc.strerror or exc}") from None
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > limit:
        raise ReadError("F004", f"file is larger than the limit of {limit} bytes")
    return data, info


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM.

    Line endings are normalised to ``\\n`` (CRLF and lone CR keep their line
    count, so positions are unchanged).
    """
    encoding = "utf-8"
    for bom, name in BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in data:
        offset = data.index(b"\x00")
        raise ReadError("F001", f"file looks binary (NUL byte at offset {offset}); KPI files are text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(
            "F001",
            f"file is not valid {encoding.upper().replace('-LE', '').replace('-BE', '')}: "
            f"{exc.reason} at byte {exc.start}",
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
