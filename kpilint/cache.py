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

import marshal
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from kpilint import __version__
from kpilint.analysis import Analysis, DocFacts, DocMaps, RawDiag, digest_of, signature_of
from kpilint.reading import Limits, ReadError, read_bytes

MAGIC = "kpilint-cache-v1"
_TRUST_AFTER_NS = 2_000_000_000  # a signature younger than this may hide an edit


class Entry:
    """What the cache knows about one file."""

    __slots__ = ("signature", "digest", "is_json", "facts", "raw", "directives")

    def __init__(
        self,
        signature: tuple[int, int, int] | None,
        digest: str,
        is_json: bool,
        facts: list[DocFacts],
        raw: list[RawDiag],
        directives: bool,
    ) -> None:
        self.signature = signature
        self.digest = digest
        self.is_json = is_json
        self.facts = facts
        self.raw = raw
        self.directives = directives

    def dump(self) -> tuple[Any, ...]:
        return (self.signature, self.digest, self.is_json, self.facts, self.raw, self.directives)

    @classmethod
    def load(cls, item: Any) -> Entry:
        signature, digest, is_json, facts, raw, directives = item
        if not isinstance(digest, str) or not isinstance(facts, list) or not isinstance(raw, list):
            raise ValueError("malformed entry")
        return cls(tuple(signature) if signature else None, digest, bool(is_json), facts, raw, bool(directives))


class ProjectFindings(NamedTuple):
    """Project-rule findings for one exact state of the project (every file's
    path and content hash), so an unchanged project need not re-run them."""

    state: str
    by_file: dict[str, list[RawDiag]]
    crashes: list[RawDiag]


def fingerprint(parts: Iterable[Any]) -> str:
    """A short hash of everything cached results depend on besides content."""
    from hashlib import blake2b

    text = repr([__version__, sys.version, marshal.version, *parts])
    return blake2b(text.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


class Lookup(NamedTuple):
    entry: Entry | None
    data: bytes | None = None  # the bytes read while checking, for a miss
    signature: tuple[int, int, int] | None = None


class Cache:
    """One run's view of the cache folder."""

    def __init__(self, root: Path, key: str, limits: Limits) -> None:
        self.root = root  # the configured cache folder
        self.key = key  # the fingerprint
        self.limits = limits
        self.entries: dict[str, Entry] = {}
        self.project: ProjectFindings | None = None
        self.changed = False
        self.notices: list[str] = []
        # text and positions per content hash, in their own file, read on first use
        self._blobs: dict[str, bytes] | None = None
        self._new_blobs: dict[str, bytes] = {}

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
            magic, key, items, project = marshal.loads(blob)
            if magic != MAGIC or key != self.key or not isinstance(items, dict):
                raise ValueError("foreign cache")
            self.entries = {str(path): Entry.load(item) for path, item in items.items()}
            if project is not None:
                state, by_file, crashes = project
                if not isinstance(state, str) or not isinstance(by_file, dict) or not isinstance(crashes, list):
                    raise ValueError("malformed project findings")
                self.project = ProjectFindings(state, by_file, crashes)
        except Exception:  # corrupt or foreign: never trusted, rebuilt
            self.entries = {}
            self.project = None
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

    def _stored_blobs(self) -> dict[str, bytes]:
        if self._blobs is None:
            try:
                magic, key, blobs = marshal.loads((self.folder / "blobs").read_bytes())
                if magic != MAGIC or key != self.key or not isinstance(blobs, dict):
                    raise ValueError("foreign cache")
                self._blobs = blobs
            except Exception:  # missing, corrupt or foreign: recomputed on demand
                self._blobs = {}
        return self._blobs

    def maps(self, digest: str) -> tuple[str, list[DocMaps]]:
        """Text and positions of a cached file; raises KeyError when lost."""
        blob = self._new_blobs.get(digest) or self._stored_blobs()[digest]
        text, maps = marshal.loads(blob)
        if not isinstance(text, str) or not isinstance(maps, list):
            raise ValueError("malformed positions")
        return text, maps

    def project_findings(self, state: str) -> ProjectFindings | None:
        return self.project if self.project is not None and self.project.state == state else None

    # -- writing ---------------------------------------------------------
    def put(self, path: Path, analysis: Analysis) -> Entry | None:
        if not analysis.digest:
            return None
        self._new_blobs[analysis.digest] = analysis.packed()
        entry = Entry(analysis.signature, analysis.digest, analysis.is_json, analysis.facts, analysis.raw, analysis.directives)
        self.entries[str(path)] = entry
        self.changed = True
        return entry

    def put_project(self, findings: ProjectFindings) -> None:
        self.project = findings
        self.changed = True

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
            if self._new_blobs or self._blobs is not None and len(self._blobs) > len(self.entries):
                live = {entry.digest for entry in self.entries.values()}
                blobs = {d: b for d, b in {**self._stored_blobs(), **self._new_blobs}.items() if d in live}
                _atomic_write(self.folder / "blobs", marshal.dumps((MAGIC, self.key, blobs)))
            fresh = time.time_ns() - _TRUST_AFTER_NS
            items = {}
            for path, entry in self.entries.items():
                item = entry.dump()
                if entry.signature is not None and entry.signature[1] > fresh:
                    item = (None, *item[1:])  # too recent to vouch for the content
                items[path] = item
            project = None
            if self.project is not None:
                project = (self.project.state, self.project.by_file, self.project.crashes)
            _atomic_write(self.folder / "index", marshal.dumps((MAGIC, self.key, items, project)))
        except (OSError, ValueError) as exc:
            self.notices.append(f"cache not written ({self.root}): {getattr(exc, 'strerror', None) or exc}; the run is unaffected")


def _atomic_write(path: Path, data: bytes) -> None:
    import tempfile

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
