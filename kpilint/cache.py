"""The content cache (``.kpilint_cache/``).

The storage behind :mod:`kpilint.incremental`. Per file it keeps a
:class:`~kpilint.core.FileResult`: the findings of the loader, the schema and
the document rules that read neither other documents nor the date, plus the
documents themselves (data, positions, text) that the project rules and the
date rules run on. Entries are keyed by
path and validated by content hash; a stat signature (size, mtime_ns, inode)
stands in for the hash only when it matches exactly and was recorded at
least two seconds after the file last changed. Everything lives under a
folder named by a fingerprint of kpilint's version, the configuration and
the rule set, so a change to any of them starts afresh.

Layout of that folder, all written with :mod:`marshal`:

- ``index``: per path, the signature and the content hash, plus the
  project-rule findings of the last project state (packed per file, and
  the positions they cite packed apart: a run unpacks what it reads);
- ``bodies-X``: per content hash, the documents and findings, in 16 buckets
  by the hash's first hex digit, each body unpacked only when a run needs it;
- ``blobs-XX``: text and positions per content hash, in 256 buckets by the
  hash's first two hex digits, read only when a finding needs a position
  and rewritten bucket by bucket, so one edited file rewrites one bucket;
- ``walk``: the files the last walk of the project found, with the
  signature of every folder it listed and ``.gitignore`` it read (a run
  whose folders all kept their signature need not walk again).

Beside those folders, in the configured cache folder itself, what a run
learns of the installation (``modules``, ``plugins``: see
:class:`kpilint.incremental.RememberedInstall`).

Writes are atomic (write to a temporary file, then rename); a corrupt or
foreign cache is ignored and rebuilt; an unwritable one only costs a notice.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from kpilint import __version__
from kpilint.core import DocMaps, FileResult
from kpilint.fileio import atomic_write, content_hash, signature_of
from kpilint.reading import Limits, ReadError, read_file

MAGIC = "kpilint-cache-v6"
_WALK = "walk"  # the last walk of the project (see Cache.walk)
TRUST_AFTER_NS = 2_000_000_000  # a signature younger than this may hide an edit
_PRUNE_AFTER_S = 24 * 3600  # caches of other fingerprints unused this long are removed

class Body(NamedTuple):
    """A file's result as stored; the documents and findings are plain tuples
    of :class:`~kpilint.core.DocFacts` and :class:`~kpilint.core.RawFinding`
    fields (the wrapper turns them back into records)."""

    is_json: bool
    facts: list[tuple[Any, ...]]
    findings: list[tuple[Any, ...]]
    mentions_directive: bool


class Entry:
    """What the cache knows about one file; its body is read from the
    ``bodies-X`` buckets when a run first needs it."""

    __slots__ = ("signature", "digest", "body")

    def __init__(self, signature: tuple[int, int, int] | None, digest: str, body: Body | None = None) -> None:
        self.signature = signature
        self.digest = digest
        self.body = body

    def dump(self, trusted: bool) -> tuple[Any, ...]:
        return (self.signature if trusted else None, self.digest)


def _unpack_body(packed: bytes) -> Body | None:
    try:
        is_json, facts, raw, directives = marshal.loads(packed)
    except Exception:
        return None
    if not isinstance(facts, list) or not isinstance(raw, list):
        return None
    return Body(bool(is_json), facts, raw, bool(directives))


class ProjectFindings(NamedTuple):
    """Project-rule findings for one exact state of the project (every file's
    path and content hash), so an unchanged project need not re-run them.

    ``by_file`` holds each file's findings and ``depends`` the positions the
    findings cite, per file (document index, YAML path,
    "auto"/"key"/"value"/"span", span), both marshalled: a run unpacks only
    what it reads (the findings of the files it reports on; the positions
    only after an edit). ``watched`` says that the rules are known to read
    nothing else of the text or positions. Together they let a file whose
    documents are unchanged (a comment added) keep the findings."""

    state: str
    by_file: dict[str, bytes]  # per file, a marshalled list of plain finding tuples
    crashes: list[tuple[Any, ...]]
    depends: bytes  # a marshalled dict: per file, the positions cited there
    watched: bool

    def findings_of(self, path: str) -> list[tuple[Any, ...]]:
        """The findings of one file (raises ValueError when damaged)."""
        packed = self.by_file.get(path)
        if packed is None:
            return []
        found = _unpacked(packed)
        if not isinstance(found, list):
            raise ValueError("malformed project findings")
        return found

    def cited(self) -> dict[str, list[Any]]:
        """Per file, the positions the findings cite (raises ValueError when damaged)."""
        depends = _unpacked(self.depends)
        if not isinstance(depends, dict):
            raise ValueError("malformed project findings")
        return depends


def _unpacked(packed: Any) -> Any:
    try:
        return marshal.loads(packed)
    except Exception:  # damaged, or not bytes at all
        raise ValueError("malformed project findings") from None


def fingerprint(parts: Iterable[Any]) -> str:
    """A short hash of everything cached results depend on besides content."""
    text = repr([__version__, sys.version, marshal.version, *parts])
    return content_hash(text.encode("utf-8", "surrogateescape"), size=12)


class Lookup(NamedTuple):
    entry: Entry | None
    data: bytes | None = None  # the bytes read while checking, for a miss
    signature: tuple[int, int, int] | None = None


def _bucket(digest: str) -> str:
    return "blobs-" + digest[:2]


def _body_bucket(digest: str) -> str:
    return "bodies-" + digest[:1]


class Cache:
    """One run's view of the cache folder."""

    def __init__(self, root: Path, key: str, limits: Limits) -> None:
        self.root = root  # the configured cache folder
        self.key = key  # the fingerprint
        self.limits = limits
        # entries as read from the index (checked and wrapped when first used),
        # and the entries in use or written by this run
        self._items: dict[str, Any] = {}
        self._entries: dict[str, Entry] = {}
        self.project: ProjectFindings | None = None
        self.changed = False
        self.notices: list[str] = []
        # text and positions per content hash, by bucket, read on first use
        self._buckets: dict[str, dict[str, bytes]] = {}
        self._new_blobs: dict[str, bytes] = {}
        self._new_bodies: dict[str, bytes] = {}
        self._new_walk: bytes | None = None

    @property
    def folder(self) -> Path:
        return self.root / self.key

    # -- reading ---------------------------------------------------------
    def load(self) -> None:
        try:
            with open(os.path.join(self.folder, "index"), "rb") as handle:
                blob = handle.read()
        except OSError:
            return
        try:
            magic, key, items, project = marshal.loads(blob)
            if magic != MAGIC or key != self.key or not isinstance(items, dict):
                raise ValueError("foreign cache")
            self._items = items
            if project is not None:
                state, by_file, crashes, depends, watched = project
                if not isinstance(state, str) or not isinstance(by_file, dict) or not isinstance(crashes, list):
                    raise ValueError("malformed project findings")
                if not isinstance(depends, bytes):
                    raise ValueError("malformed project findings")
                self.project = ProjectFindings(state, by_file, crashes, depends, watched is True)
        except Exception:  # corrupt or foreign: never trusted, rebuilt
            self._items = {}
            self.project = None
            self.changed = True

    def entry(self, path: str) -> Entry | None:
        """The entry of ``path``; a malformed one counts as missing."""
        entry = self._entries.get(path)
        if entry is None and path in self._items:
            entry = _entry_from(self._items.pop(path))
            if entry is None:
                self.changed = True
            else:
                self._entries[path] = entry
        return entry

    def unchanged(self, paths: Iterable[str]) -> dict[str, str]:
        """The content hash of each file whose recorded signature still
        matches (one tight loop of ``stat`` calls over the index as read:
        the common case of a warm run)."""
        found: dict[str, str] = {}
        stat = os.stat
        entries, known = self._entries, self._items.get
        for path in paths:
            entry = entries.get(path) if entries else None
            item = (entry.signature, entry.digest) if entry is not None else known(path)
            if item is None:
                continue
            try:
                signature, digest = item
                if not signature or type(digest) is not str:
                    continue
                info = stat(path)
                if signature == (info.st_size, info.st_mtime_ns, info.st_ino):  # signature_of, inlined: the warm run's hot loop
                    found[path] = digest
            except (OSError, TypeError, ValueError):
                continue
        return found

    def lookup(self, path: str) -> Lookup:
        """Read a file :meth:`unchanged` did not vouch for and compare its
        content hash with the entry's (the bytes are kept for a miss)."""
        entry = self.entry(path)
        try:
            data, info = read_file(path, self.limits)
        except ReadError:
            try:
                return Lookup(None, signature=signature_of(os.stat(path)))
            except OSError:
                return Lookup(None)
        signature = signature_of(info)
        if entry is not None and entry.digest == content_hash(data):
            entry.signature = signature
            if signature[1] <= time.time_ns() - TRUST_AFTER_NS:
                self.changed = True  # worth writing: from now on the signature vouches for the content
            return Lookup(entry, signature=signature)
        return Lookup(None, data, signature)

    def body(self, path: str) -> Body | None:
        """The body of a file's entry; None (and the entry dropped) when it
        is lost or damaged."""
        entry = self.entry(path)
        if entry is None:
            return None
        if entry.body is None:
            packed = self._stored(_body_bucket(entry.digest)).get(entry.digest)
            entry.body = _unpack_body(packed) if isinstance(packed, bytes) else None
            if entry.body is None:
                del self._entries[path]
                self.changed = True
        return entry.body

    def _stored(self, name: str) -> dict[str, bytes]:
        if name not in self._buckets:
            try:
                with open(os.path.join(self.folder, name), "rb") as handle:
                    magic, key, blobs = marshal.loads(handle.read())
                if magic != MAGIC or key != self.key or not isinstance(blobs, dict):
                    raise ValueError("foreign cache")
                self._buckets[name] = blobs
            except Exception:  # missing, corrupt or foreign: recomputed on demand
                self._buckets[name] = {}
        return self._buckets[name]

    def walk(self, walk_key: str) -> tuple[list[Any], list[str], list[str]] | None:
        """The last walk of the project recorded for ``walk_key`` (see
        :func:`kpilint.discovery.walk_key`): the signatures of the folders
        and ``.gitignore`` files it read, the files it found and its
        notices; None when there is none, or it is damaged or foreign."""
        try:
            with open(os.path.join(self.folder, _WALK), "rb") as handle:
                magic, key, stored_key, seen, files, notices = marshal.loads(handle.read())
            if magic != MAGIC or key != self.key or stored_key != walk_key:
                return None
            if not isinstance(seen, list) or not isinstance(files, list) or not isinstance(notices, list):
                return None
            return seen, files, notices
        except Exception:  # missing, corrupt or foreign: the project is walked
            return None

    def put_walk(self, walk_key: str, seen: list[Any], files: list[str], notices: list[str]) -> None:
        self._new_walk = marshal.dumps((MAGIC, self.key, walk_key, seen, files, notices))
        self.changed = True

    def project_findings(self, state: str) -> ProjectFindings | None:
        return self.project if self.project is not None and self.project.state == state else None

    # -- writing ---------------------------------------------------------
    def put(self, path: str, result: FileResult) -> Entry | None:
        if not result.digest:
            return None
        self._new_blobs[result.digest] = result.packed()
        body = Body(
            result.is_json,
            [tuple(fact) for fact in result.facts],
            [tuple(found) for found in result.findings],
            result.mentions_directive,
        )
        self._new_bodies[result.digest] = marshal.dumps(tuple(body))
        entry = Entry(result.signature, result.digest, body)
        self._entries[path] = entry
        self._items.pop(path, None)
        self.changed = True
        return entry

    def put_project(self, findings: ProjectFindings) -> None:
        self.project = findings
        self.changed = True

    def forget(self, keep: Iterable[str]) -> None:
        """Drop entries of files that no longer exist in the project."""
        wanted = set(keep)
        for known in (self._entries, self._items):
            for path in [p for p in known if p not in wanted and not os.path.exists(p)]:
                del known[path]
                self.changed = True

    def save(self) -> None:
        if self.changed:
            self._save_index()
        if self._new_walk is not None and not self.notices:
            try:
                if self.folder.is_dir():  # beside an index (nothing to walk for otherwise)
                    atomic_write(self.folder / _WALK, self._new_walk)
            except (OSError, ValueError) as exc:
                self.notices.append(f"cache not written ({self.root}): {getattr(exc, 'strerror', None) or exc}; the run is unaffected")
            self._new_walk = None

    def _save_index(self) -> None:
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True)
                self._prune()
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                atomic_write(ignore, b"# created by kpilint\n*\n")
            items = {path: item for path, item in self._items.items() if _valid(item)}
            live = {entry.digest for entry in self._entries.values()}  # the content hashes the index refers to
            live.update([item[1] for item in items.values()])
            self._save_buckets(self._new_blobs, _bucket, live)
            self._save_buckets(self._new_bodies, _body_bucket, live)
            self._new_blobs, self._new_bodies = {}, {}
            fresh = time.time_ns() - TRUST_AFTER_NS
            for path, entry in self._entries.items():
                # a signature younger than the trust window may hide an edit: not vouched for
                items[path] = entry.dump(trusted=entry.signature is not None and entry.signature[1] <= fresh)
            project: Any = tuple(self.project) if self.project is not None else None
            atomic_write(self.folder / "index", marshal.dumps((MAGIC, self.key, items, project)))
        except (OSError, ValueError) as exc:
            self.notices.append(f"cache not written ({self.root}): {getattr(exc, 'strerror', None) or exc}; the run is unaffected")

    def _prune(self) -> None:
        """Remove caches of other fingerprints (another kpilint version,
        configuration or rule set) left unused for a day; recent ones stay,
        so alternating between two configurations does not thrash."""
        import re
        import shutil

        stale = time.time() - _PRUNE_AFTER_S
        for entry in os.scandir(self.root):
            if entry.name == self.key or not re.fullmatch(r"[0-9a-f]{24}", entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < stale:
                    shutil.rmtree(entry.path, ignore_errors=True)
            except OSError:
                continue

    def _save_buckets(self, new: dict[str, bytes], bucket: Callable[[str], str], live: set[str]) -> None:
        """Rewrite the buckets that gained an item, keeping only live ones."""
        touched: dict[str, dict[str, bytes]] = {}
        for digest, blob in new.items():
            if digest in live:
                touched.setdefault(bucket(digest), {})[digest] = blob
        for name, fresh in touched.items():
            kept = {d: b for d, b in self._stored(name).items() if d in live}
            kept.update(fresh)
            atomic_write(self.folder / name, marshal.dumps((MAGIC, self.key, kept)))
            self._buckets[name] = kept



def _valid(item: Any) -> bool:
    """Whether an index item has the shape (signature or None, content hash)."""
    if type(item) is not tuple or len(item) != 2:
        return False
    signature, digest = item
    return (
        type(digest) is str
        and len(digest) >= 2
        and (signature is None or (type(signature) is tuple and len(signature) == 3))
    )


def _entry_from(item: Any) -> Entry | None:
    """An index item as an :class:`Entry`; None when it is malformed."""
    return Entry(item[0], item[1]) if _valid(item) else None


def read_bucket(folder: Path, key: str, digest: str) -> tuple[str, list[DocMaps]]:
    """Text and positions of a stored file, read from its ``blobs-XX`` bucket;
    raises when they are lost, damaged or of another fingerprint."""
    with open(os.path.join(folder, _bucket(digest)), "rb") as handle:
        magic, stored_key, blobs = marshal.loads(handle.read())
    if magic != MAGIC or stored_key != key or not isinstance(blobs, dict):
        raise ValueError("foreign cache")
    text, maps = marshal.loads(blobs[digest])
    if not isinstance(text, str) or not isinstance(maps, list):
        raise ValueError("malformed positions")
    return text, maps
