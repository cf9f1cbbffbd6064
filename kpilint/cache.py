"""The content cache (``.kpilint_cache/``).

Per file it keeps what the per-file work produced: the findings of the
loader, the schema and the document rules that read neither other documents
nor the date, plus the documents themselves (data, positions, text) that the
project rules and the date rules re-run on every time. Entries are keyed by
path and validated by content hash; a stat signature (size, mtime_ns, inode)
stands in for the hash only when it matches exactly and was recorded at
least two seconds after the file last changed. Everything lives under a
folder named by a fingerprint of kpilint's version, the configuration and
the rule set, so a change to any of them starts afresh.

Writes are atomic (write to a temporary file, then rename); a corrupt or
foreign cache is ignored and rebuilt; an unwritable one only costs a notice.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kpilint import __version__
from kpilint.analysis import Analysis, DocFacts, DocMaps, RawDiag, digest_of, signature_of
from kpilint.reading import Limits, ReadError, read_bytes

MAGIC = "kpilint-cache-v1"
_TRUST_AFTER_NS = 2_000_000_000  # a signature younger than this may hide an edit


@dataclass
class Entry:
    signature: tuple[int, int, int] | None
    digest: str
    is_json: bool
    facts: list[DocFacts]
    raw: list[RawDiag]
    directives: bool
    blob: bytes  # marshal of (text, positions per document), decoded on first use

    def dump(self) -> tuple[Any, ...]:
        return (self.signature, self.digest, self.is_json, self.facts, self.raw, self.directives, self.blob)

    @classmethod
    def load(cls, item: Any) -> Entry:
        signature, digest, is_json, facts, raw, directives, blob = item
        if not isinstance(digest, str) or not isinstance(facts, list) or not isinstance(raw, list) or not isinstance(blob, bytes):
            raise ValueError("malformed entry")
        return cls(tuple(signature) if signature else None, digest, bool(is_json), facts, raw, bool(directives), blob)

    def maps(self) -> tuple[str, list[DocMaps]]:
        """Text and positions of the file."""
        text, maps = marshal.loads(self.blob)
        return text, maps


def fingerprint(parts: Iterable[Any]) -> str:
    """A short hash of everything cached results depend on besides content."""
    text = json.dumps([__version__, sys.version, marshal.version, *parts], sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


@dataclass
class Lookup:
    entry: Entry | None
    data: bytes | None = None  # the bytes read while checking, for a miss
    signature: tuple[int, int, int] | None = None


@dataclass
class Cache:
    """One run's view of the cache folder."""

    root: Path  # the configured cache folder
    key: str  # the fingerprint
    limits: Limits
    entries: dict[str, Entry] = field(default_factory=dict)
    changed: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.root / self.key

    # -- reading ---------------------------------------------------------
    def load(self) -> None:
        index = self.folder / "index"
        try:
            blob = index.read_bytes()
        except OSError:
            return
        try:
            magic, key, items = marshal.loads(blob)
            if magic != MAGIC or key != self.key or not isinstance(items, dict):
                raise ValueError("foreign cache")
            self.entries = {str(path): Entry.load(item) for path, item in items.items()}
        except Exception:  # corrupt or foreign: never trusted, rebuilt
            self.entries = {}
            self.changed = True

    def lookup(self, path: Path) -> Lookup:
        entry = self.entries.get(str(path))
        try:
            signature = signature_of(os.stat(path))
        except OSError:
            return Lookup(None)
        if entry is not None and entry.signature is not None and entry.signature == signature:
            return Lookup(entry, signature=signature)
        try:
            data = read_bytes(str(path), self.limits)
        except ReadError:
            return Lookup(None, signature=signature)
        if entry is not None and entry.digest == digest_of(data):
            entry.signature = signature
            self.changed = True
            return Lookup(entry, signature=signature)
        return Lookup(None, data, signature)

    # -- writing ---------------------------------------------------------
    def put(self, path: Path, analysis: Analysis) -> Entry | None:
        if not analysis.digest:
            return None
        blob = marshal.dumps((analysis.text, analysis.maps))
        entry = Entry(
            analysis.signature, analysis.digest, analysis.is_json, analysis.facts, analysis.raw, analysis.directives, blob
        )
        self.entries[str(path)] = entry
        self.changed = True
        return entry

    def forget(self, keep: Iterable[Path]) -> None:
        """Drop entries of files that no longer exist in the project."""
        wanted = {str(p) for p in keep}
        for path in [p for p in self.entries if p not in wanted and not os.path.exists(p)]:
            del self.entries[path]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                _atomic_write(ignore, b"# created by kpilint\n*\n")
            fresh = time.time_ns() - _TRUST_AFTER_NS
            items = {}
            for path, entry in self.entries.items():
                item = entry.dump()
                if entry.signature is not None and entry.signature[1] > fresh:
                    item = (None, *item[1:])  # too recent to vouch for the content
                items[path] = item
            _atomic_write(self.folder / "index", marshal.dumps((MAGIC, self.key, items)))
        except (OSError, ValueError) as exc:
            self.notices.append(f"cache not written ({self.root}): {getattr(exc, 'strerror', None) or exc}; the run is unaffected")


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
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
