"""Incremental checking: the engine's run, with what can be known from
earlier runs taken from the cache instead of computed again.

This module wraps :mod:`kpilint.engine`; the engine knows nothing of it.
Three things are reused:

- a file's :class:`~kpilint.core.FileResult` (the loader's, the schema's and
  the date-free document rules' findings, with the documents and their
  positions), keyed by the content hash of its bytes; the cache folder's
  name is a fingerprint of everything else those results depend on
  (kpilint's version, the configuration, the rule set and its options).
  An edited file whose edit changed nothing its built-in rules could see
  (a comment or a suppression added at its end) keeps its findings: only
  the loader runs again (see :func:`_relaid`);
- the project rules' findings, keyed by what those rules read: every file's
  path and content hash (and the date, when a project rule reads it). When
  files changed but gave the rules the very same documents (data, what the
  loader reported, whether the envelope is known) and every position the
  findings cite is where it was (a comment added, a suppression, a
  reformatted line elsewhere), the findings still hold and the rules do not
  run again. Only built-in project rules are trusted to read nothing else;
  with a plugin's project rule, an edit always re-runs them;
- the walk of the project, while every folder it listed and ``.gitignore``
  it read keeps its signature (see :func:`_project_files`).

Beside the cache folders, what a run learns of the installation (the rule
modules' content hashes, whether plugins may be installed) is remembered
by the signatures that vouch for it (:class:`RememberedInstall`).

The date rules are never cached: the engine runs them on every run.
"""

from __future__ import annotations

import functools
import marshal
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from kpilint.cache import TRUST_AFTER_NS, Body, Cache, Lookup, ProjectFindings, fingerprint, read_bucket
from kpilint.discovery import Discovered, Signature, index_files, walk_key
from kpilint.core import DocFacts, DocMaps, FileResult, ProjectResult, RawFinding, Settings, data_key, lint_text, normalise_newlines
from kpilint.api import DefinedId
from kpilint.engine import History, Plan, Result, check_project, compare_with_head, enabled, lint_files, plan, project_inputs, report
from kpilint.engine import run as run_plain
from kpilint.filestate import UNLOADED, FileReport, FileState, Packed, state_of
from kpilint import __version__
from kpilint.config import DEFAULT_CACHE_DIR
from kpilint.fileio import atomic_write, content_hash, signature_of, still_listed
from kpilint.reading import Limits, ReadError, decode
from kpilint.registry import may_have_plugins
from kpilint.ruleindex import RuleInfo, hashed_modules, module_digest
from kpilint.session import Options, Session
from kpilint.session import prepare as prepare_plain

if TYPE_CHECKING:
    from kpilint.parallel import Work

__all__ = ["ParsedConfigs", "prepare", "run"]


def prepare(paths: list[Path], options: Options) -> Session:
    """:func:`kpilint.engine.prepare`, with config parses remembered in the
    cache folder beside the config file, and what the run learns of the
    installation in the configured cache folder (unless ``options.use_cache``
    is off)."""
    if not options.use_cache:
        return prepare_plain(paths, options)
    return prepare_plain(paths, options, ParsedConfigs(), RememberedInstall)


def run(
    session: Session, paths: list[Path], *, buffers: Mapping[Path, str] | None = None, history: History | None = None
) -> Result:
    """:func:`kpilint.engine.run`, answered from the cache where it can be
    (without ``session.use_cache``: the plain run)."""
    if not session.use_cache:
        return run_plain(session, paths, buffers=buffers, history=history)
    cache = _cache_for(session)
    rules = enabled(session, "project")
    found = plan(session, paths, buffers, _project_files(session, cache) if rules else None)
    compared = compare_with_head(session, history, paths, found)
    files = _Files(session, cache, found)
    files.history = _history_key(compared.previous, found.asked)
    files.look_up()
    reused: ProjectResult | None = None
    before: dict[str, list[DocFacts]] = {}
    if rules and not found.texts:
        if not files.misses:
            key = _project_state(session, files.digests, found.wanted, rules, files.history)
            stored = cache.project_findings(key) if key is not None else None
            reused = _result_of(stored, found.asked) if stored is not None else None
        else:
            before = files.previous_documents(rules)
    files.remember_valid()
    if before:
        files.gather(sorted(set(found.asked).union(files.misses)))
        assert cache.project is not None
        if _same_for_project_rules(cache.project, before, files.states):
            key = _project_state(session, files.digests, found.wanted, rules, files.history)
            if key is not None:
                cache.put_project(cache.project._replace(state=key))
                reused = _result_of(cache.project, found.asked)
    files.gather(found.asked if reused is not None or not rules else found.wanted)
    project = reused
    if rules and project is None:
        inputs = project_inputs(files.states, found.wanted, found.asked, compared.previous)
        project = check_project(session, files.states, found.wanted, inputs)
        key = _project_state(session, files.digests, found.wanted, rules, files.history)
        if key is not None:
            cache.put_project(_stored(key, project, trusted=all(rule.origin == "builtin" for rule in rules)))
    result = report(session, found, files.states, project, compared.unjudged)
    cache.forget(found.wanted)
    cache.save()
    result.notices.extend(cache.notices)
    return result


def _cache_for(session: Session) -> Cache:
    config = session.config
    rule_files = []
    for path in config.rule_paths:
        for file in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            try:
                rule_files.append((str(file), file.read_bytes().hex()))
            except OSError:
                rule_files.append((str(file), ""))
    key = fingerprint(
        [
            str(config.root),
            list(config.limits),
            session.selection.is_enabled("V001"),
            [(i.code, i.origin) for i in enabled(session, "document") if not i.uses_date],
            {code: dict(options) for code, options in session.rule_options.items()},
            [(i.code, i.origin) for i in session.registry.sorted_infos()],
            session.registry.stamps,
            rule_files,
            [sorted(definition.items()) for definition in config.custom_rules],  # house rules
        ]
    )
    cache = Cache(config.cache_path, key, config.limits)
    cache.load()
    return cache


def _project_files(session: Session, cache: Cache) -> Discovered:
    """Every KPI file of the project: as the last walk found them when every
    folder it listed and ``.gitignore`` it read has kept its signature, else
    walked now (and remembered when every signature is older than the trust
    window: a change within the same timestamp tick cannot hide)."""
    config = session.config
    key = walk_key(config)
    known = cache.walk(key)
    if known is not None and still_listed(known[0]):
        seen, files, notices = known
        if all(type(file) is str for file in files) and all(type(notice) is str for notice in notices):
            out = Discovered()
            out.files, out.notices = files, notices
            return out
    noted: list[tuple[str, Signature | None]] = []
    out = index_files(config, noted)
    if _settled(noted, missing_ok=False):
        cache.put_walk(key, noted, out.files, out.notices)
    return out


def _settled(seen: list[tuple[str, Any]], *, missing_ok: bool) -> bool:
    """Whether every listing signature of ``seen`` is older than the trust
    window (a change within the same timestamp tick could hide behind a
    younger one); ``missing_ok``: a path noted as missing (``None``) counts."""
    fresh = time.time_ns() - TRUST_AFTER_NS
    return all(
        (missing_ok and signature is None) or (signature is not None and len(signature) == 3 and max(signature[1], signature[2]) <= fresh)
        for _path, signature in seen
    )


def _project_state(
    session: Session, digests: Mapping[str, str], wanted: list[str], rules: list[RuleInfo], history: str = ""
) -> str | None:
    """A key for the exact state of the project (None when a file has no
    content hash, e.g. an in-memory buffer); ``history`` is the key of what
    the project rules know of the last commit (see :func:`_history_key`)."""
    parts = [history] if history else []
    for path in wanted:
        digest = digests.get(path)
        if not digest:
            return None
        parts.append(f"{path}\0{digest}\n")
    if any(rule.uses_date for rule in rules):
        parts.append(session.today.isoformat())
    return content_hash("".join(parts).encode("utf-8", "surrogateescape"))


def _history_key(previous: Mapping[str, tuple[DefinedId, ...]], asked: list[str]) -> str:
    """A key for what the project rules know of the last commit: the previous
    ids and, as they make the files checked matter, those files ("" when
    nothing is known: the project findings are then the usual ones)."""
    if not previous:
        return ""
    parts = [repr(sorted((file, list(ids)) for file, ids in previous.items())), *asked]
    return content_hash("\0".join(parts).encode("utf-8", "surrogateescape"))


# -- project findings as stored ------------------------------------------------------


def _stored(key: str, project: ProjectResult, trusted: bool) -> ProjectFindings:
    """Project findings in the cache's plain form: per file, the positions
    they depend on (document index, YAML path, how it was located, span)."""
    depends: dict[str, list[Any]] = {}
    for cited in project.cited:
        depends.setdefault(cited.file, []).append((cited.doc_index, cited.path, cited.at, cited.span))
    by_file = {path: marshal.dumps([tuple(found) for found in findings]) for path, findings in project.by_file.items()}
    return ProjectFindings(key, by_file, [tuple(found) for found in project.crashes], marshal.dumps(depends), trusted)


def _result_of(stored: ProjectFindings, asked: list[str]) -> ProjectResult | None:
    """The stored findings of the files ``asked`` about (the run reports no others)."""
    try:
        by_file = {path: [RawFinding(*found) for found in stored.findings_of(path)] for path in asked if path in stored.by_file}
        return ProjectResult(by_file, [RawFinding(*found) for found in stored.crashes], [])
    except (TypeError, ValueError):  # a malformed entry: the rules run again
        return None


def _same_for_project_rules(findings: ProjectFindings, before: Mapping[str, list[DocFacts]], states: Mapping[str, FileState]) -> bool:
    """Whether files that changed since ``findings`` were made still give the
    project rules the same inputs: the same documents and, at every position
    the findings cite in them, the same span. Then the findings still hold
    (e.g. after a comment was added: a suppression)."""
    if not findings.watched:
        return False
    try:
        depends = findings.cited()
    except ValueError:
        return False
    for path, old_facts in before.items():
        state = states[path]
        if state.unloaded:  # the rules read its text: findings may differ
            return False
        if _inputs(old_facts) != _inputs(state.facts):
            return False
        documents = {doc.index: doc for doc in state.report.documents}
        for index, yaml_path, at, span in depends.get(path, ()):
            doc = documents.get(index)
            if doc is None or at == "span" or tuple(doc.source.locate(tuple(yaml_path), at=at)) != tuple(span):
                return False
    return True


def _inputs(facts: list[DocFacts]) -> bytes:
    """What the project rules see of a file's documents, positions aside."""
    return data_key([(f.doc_index, f.data, tuple(tuple(p) for p in f.reported), bool(f.ok)) for f in facts])


# -- files ---------------------------------------------------------------------------


class _Files:
    """One run's files: what the cache says of each, and their states once
    known (from the cache, or linted now)."""

    def __init__(self, session: Session, cache: Cache, found: Plan) -> None:
        self.session = session
        self.cache = cache
        self.found = found
        self.asked = set(found.asked)
        self.hits: dict[str, str] = {}  # files the cache answers: their content hash
        self.misses: dict[str, Lookup] = {}  # files to lint again
        self.digests: dict[str, str] = {}  # every file's content hash, once known
        self.states: dict[str, FileState] = {}
        self.valid: dict[str, dict[int, bytes]] = {}  # see `remember_valid`
        self.builtin_only: bool | None = None  # every date-free document rule is built in (see `_relaid`)
        self.history = ""  # the key of what the run knows of the last commit (`_history_key`)

    def look_up(self) -> None:
        """Sort files into cache hits and misses."""
        cache, texts = self.cache, self.found.texts
        wanted = self.found.wanted
        unchanged = cache.unchanged(wanted)
        for path in wanted:
            if path in texts:
                continue
            if path in unchanged:
                self.hits[path] = self.digests[path] = unchanged[path]
                continue
            hit = cache.lookup(path)
            if hit.entry is not None:
                self.hits[path] = self.digests[path] = hit.entry.digest
            else:
                self.misses[path] = hit

    def remember_valid(self) -> None:
        """For edited files: their documents that passed the schema before
        (the same data needs no schema check, nor its import)."""
        for path in self.misses:
            body = self.cache.body(path)
            if body is not None:
                self.valid[path] = _valid_documents(body)

    def gather(self, paths: list[str]) -> None:
        """The state of each of ``paths``: from the cache, else linted now."""
        texts = self.found.texts
        todo: list[tuple[str, dict[str, Any]]] = []  # files to lint, with what is known of each
        for path in paths:
            if path in self.states:
                continue
            if path in texts:
                todo.append((path, {"buffer": texts[path]}))
                continue
            if path in self.hits:
                state = self._cached(path)
                if state is not None:
                    self.states[path] = state
                    continue
                todo.append((path, {}))  # a damaged entry: linted again
                continue
            miss = self.misses.get(path)
            relaid = self._relaid(path, miss) if miss is not None else None
            if relaid is not None:
                self._keep(path, relaid, on_disk=True)
                continue
            todo.append((path, {"data": miss.data if miss is not None else None, "valid": self.valid.get(path)}))
        if not todo:
            return
        from kpilint.parallel import Work  # only when a file is linted

        work: list[Work] = [Work(path, **known) for path, known in todo]
        del todo
        for index, (item, result) in enumerate(lint_files(self.session, work)):
            work[index] = item._replace(data=None)  # let go of the bytes read
            miss = self.misses.get(item.path)
            if result.signature is None and miss is not None:
                result.signature = miss.signature
            self._keep(item.path, result, on_disk=item.buffer is None)

    def _keep(self, path: str, result: FileResult, on_disk: bool) -> None:
        """Record a file's fresh result (and store it, for a file on disk)."""
        self.digests[path] = result.digest
        if result.digest and on_disk:
            self.cache.put(path, result)
            if result.maps:  # positions stay packed until needed (memory)
                result.maps, result.text = [], ""
        self.states[path] = state_of(path, result)

    def _relaid(self, path: str, miss: Lookup) -> FileResult | None:
        """An edited file's result without running its rules, when the edit
        only moved what no finding depends on (see :func:`_relaid`)."""
        if self.builtin_only is None:
            infos = [info for info in enabled(self.session, "document") if not info.uses_date]
            self.builtin_only = all(info.origin == "builtin" for info in infos)
        entry, body = self.cache.entry(path), self.cache.body(path)
        if not self.builtin_only or len(self.misses) > _RELAID_AT_MOST or miss.data is None or entry is None or body is None:
            return None
        return _relaid(path, miss, entry.digest, body, self.cache, self.session.config.limits)

    def _cached(self, path: str) -> FileState | None:
        body = self.cache.body(path)
        if body is None:
            return None
        digest = self.hits[path]
        try:
            facts = [DocFacts(*fact) for fact in body.facts]
            findings = [RawFinding(*found) for found in body.findings]
        except TypeError:  # a malformed body: linted again
            return None
        reader = functools.partial(_positions, self.cache.folder, self.cache.key, digest, path, self.session.config.limits)
        packed = Packed(path, facts, reader)
        report = FileReport(path, packed.documents, body.is_json, packed.text)
        return FileState(report, findings, body.mentions_directive, digest, facts)

    def previous_documents(self, rules: list[RuleInfo]) -> dict[str, list[DocFacts]]:
        """The documents the edited files held when the cached project
        findings were made (empty when those findings are of another state,
        or a file is new or unknown)."""
        cache = self.cache
        previous: dict[str, str] = dict(self.digests)
        before: dict[str, list[DocFacts]] = {}
        for path in self.misses:
            entry, body = cache.entry(path), cache.body(path)
            if entry is None or body is None:
                return {}
            try:
                facts = [DocFacts(*fact) for fact in body.facts]
                unloaded = any(RawFinding(*found).code in UNLOADED for found in body.findings)
            except TypeError:
                return {}
            if unloaded:  # it failed to load: the rules read its text
                return {}
            previous[path], before[path] = entry.digest, facts
        key = _project_state(self.session, previous, self.found.wanted, rules, self.history)
        return before if key is not None and cache.project_findings(key) is not None else {}



#: Edited files a run tries to keep the findings of without their rules (more
#: are linted as usual, in parallel: a checkout, not an edit being typed).
_RELAID_AT_MOST = 8


def _relaid(path: str, miss: Lookup, digest: str, body: Body, cache: Cache, limits: Limits) -> FileResult | None:
    """The result of an edited file from its previous one, when the edit
    changed nothing the rules that do not read the date could see or a
    finding depends on: then only the loader runs (no rule is imported).

    That is: the file loads without a problem now and had no F finding
    before; every document has the very same data, reported paths, start
    and envelope; every scalar and key sits where it sat, with the same
    source text; a mapping or sequence may only end elsewhere (a comment
    added after it), and no finding was placed at a node that did, nor
    carries a fix. A finding is placed at the position of a node (or within
    a scalar's text), so each one would be placed as before. Built-in rules
    read a document only through its data and these positions (only then is
    this called); their messages name no position. None when any of this
    does not hold: the file is linted as usual."""
    try:
        old_findings = [RawFinding(*found) for found in body.findings]
        if any(found.code.startswith("F") or found.fix is not None for found in old_findings):
            return None
        old_facts = [DocFacts(*fact) for fact in body.facts]
        old_text, old_maps = read_bucket(cache.folder, cache.key, digest)
        text = decode(miss.data or b"")
        # a quick look first: an edit before the end of the last scalar is linted as usual
        last = max((end for _values, _keys, scalars in old_maps for _start, end, _style in scalars.values()), default=0)
        if normalise_newlines(text).lstrip("\ufeff")[:last] != old_text[:last]:
            return None
    except (ReadError, TypeError, ValueError, KeyError, OSError, EOFError):
        return None
    loaded = lint_text(path, text, Settings(limits, False, (), {}), digest=content_hash(miss.data or b""), diagnose=False)
    if loaded.findings or loaded.is_json != body.is_json or len(loaded.facts) != len(old_facts) or len(old_maps) != len(old_facts):
        return None
    moved: dict[int, set[tuple[Any, ...]]] = {}
    for old, new, (old_values, old_keys, old_scalars), (values, keys, scalars) in zip(old_facts, loaded.facts, old_maps, loaded.maps):
        if (old.doc_index, tuple(old.root), bool(old.ok)) != (new.doc_index, tuple(new.root), bool(new.ok)):
            return None
        if tuple(tuple(p) for p in old.reported) != tuple(tuple(p) for p in new.reported) or data_key(old.data) != data_key(new.data):
            return None
        if old_keys != keys or old_scalars != scalars:
            return None
        for start, end, _style in scalars.values():
            if old_text[start:end] != loaded.text[start:end]:
                return None
        ends: set[tuple[Any, ...]] = set()
        for yaml_path in old_values.keys() | values.keys():
            before, now = old_values.get(yaml_path), values.get(yaml_path)
            if before == now:
                continue
            if before is None or now is None or yaml_path in scalars or tuple(before[:2]) != tuple(now[:2]):
                return None
            ends.add(tuple(before))
        moved[new.doc_index] = ends
    for found in old_findings:
        if (found.line, found.col, found.end_line, found.end_col) in moved.get(found.doc_index, ()):
            return None
    loaded.findings = old_findings
    loaded.signature = miss.signature
    return loaded


def _valid_documents(body: Body) -> dict[int, bytes]:
    """The documents of a cached file that passed the schema, as data keys."""
    try:
        facts = [DocFacts(*fact) for fact in body.facts]
        findings = [RawFinding(*found) for found in body.findings]
    except TypeError:  # a malformed body: every document is checked again
        return {}
    failed = {found.doc_index for found in findings if found.code in ("V001", "V002")}
    return {fact.doc_index: data_key(fact.data) for fact in facts if fact.ok and fact.doc_index not in failed}


def _positions(folder: Path, key: str, digest: str, path: str, limits: Limits) -> tuple[str, list[DocMaps]]:
    """Text and positions of a file answered from the cache, read from the
    cache folder on first use; lost or damaged ones are recomputed from the
    file (its content hash vouched for it at the start of the run)."""
    try:
        return read_bucket(folder, key, digest)
    except Exception:
        from kpilint.parallel import Work, lint_file

        again = lint_file(Work(path, diagnose=False), Settings(limits, False, (), {}))
        return again.text, again.maps




# -- the installation --------------------------------------------------------------

_MODULES = "modules"  # in the configured cache folder: content hashes of rule modules, by signature
_MODULES_MAGIC = "kpilint-modules-v1"
_PLUGINS = "plugins"  # in the configured cache folder: "no plugins", with the signatures that vouch for it
_PLUGINS_MAGIC = "kpilint-plugins-v1"


class RememberedInstall:
    """What a run learns of the installation, remembered in the configured
    cache folder (``cache_dir``) when a run has created it.

    - :meth:`module_digests`: each rule module's content hash, by its
      signature (size, mtime_ns, inode, ctime_ns): a module whose signature
      is unchanged is not read again;
    - :meth:`may_have_plugins`: a "no", with the signature of every folder of
      ``sys.path`` and every distribution's folder and ``entry_points.txt``
      read: while none changes, none is read again.

    As for KPI files, a signature is taken before what it vouches for is read,
    and remembered only once it is older than the trust window, so an edit
    within the same timestamp tick cannot hide."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = str(cache_dir)

    def module_digests(self, folder: str) -> dict[str, str]:
        known = _load(os.path.join(self.folder, _MODULES), _MODULES_MAGIC, folder)
        known = known if isinstance(known, dict) else {}
        kept: dict[str, tuple[Any, str]] = {}
        out: dict[str, str] = {}
        fresh = time.time_ns() - TRUST_AFTER_NS
        for name in hashed_modules(folder):
            path = os.path.join(folder, name)
            info = os.stat(path)
            signature = (*signature_of(info), info.st_ctime_ns)
            hit = known.get(name)
            if type(hit) is tuple and len(hit) == 2 and hit[0] == signature and type(hit[1]) is str:
                digest = hit[1]
            else:
                digest = module_digest(path)
            out[name[:-3]] = digest
            if max(signature[1], signature[3]) <= fresh:
                kept[name] = (signature, digest)
        if kept != known:
            self._keep(_MODULES, (_MODULES_MAGIC, folder, kept))
        return out

    def may_have_plugins(self) -> bool:
        key = repr((sys.path, os.getcwd() if "" in sys.path else ""))
        known = _load(os.path.join(self.folder, _PLUGINS), _PLUGINS_MAGIC, key)
        if isinstance(known, list) and known and still_listed(known):
            return False
        seen: list[tuple[str, tuple[int, ...] | None]] = []
        if may_have_plugins(seen):
            return True
        if _settled(seen, missing_ok=True):
            self._keep(_PLUGINS, (_PLUGINS_MAGIC, key, seen))
        return False

    def _keep(self, name: str, value: Any) -> None:
        if os.path.isdir(self.folder):  # a run has made it
            try:
                atomic_write(Path(self.folder, name), marshal.dumps(value))
            except (OSError, ValueError):
                pass


def _load(path: str, magic: str, key: str) -> Any:
    """What a memo file of the installation holds for ``key`` (None when it
    is missing, damaged, foreign or of another key)."""
    try:
        with open(path, "rb") as handle:
            stored_magic, stored_key, value = marshal.loads(handle.read())
    except Exception:
        return None
    return value if stored_magic == magic and stored_key == key else None


# -- config parses -------------------------------------------------------------------

_PARSED = "toml"  # in the cache folder beside a config file: parses, by content hash
_PARSED_MAGIC = "kpilint-toml-v1"
_PARSES_KEPT = 4  # the latest few parses (and "checked" marks) are kept


class ParsedConfigs:
    """Config parses remembered in ``.kpilint_cache/toml`` beside the config
    file, by content hash, when that folder exists (a run has created it):
    the same bytes need neither the TOML parser nor the house-rule checks
    again. A table marshal cannot hold (a TOML date) is not kept. The file
    is read once per run and config file."""

    def __init__(self) -> None:
        self._read: dict[Path, dict[str, Any]] = {}

    def parsed(self, path: Path, data: bytes) -> dict[str, Any] | None:
        known = self._known(path).get(content_hash(data))
        return known if isinstance(known, dict) else None

    def remember(self, path: Path, data: bytes, parsed: dict[str, Any]) -> None:
        key = content_hash(data)
        known = self._known(path)
        if key not in known:
            self._keep(path, {key: parsed, **dict(list(known.items())[: _PARSES_KEPT - 1])})

    def checked(self, path: Path, data: bytes) -> bool:
        return self._known(path).get(_checked_key(data)) is True

    def remember_checked(self, path: Path, data: bytes) -> None:
        known = self._known(path)
        self._keep(path, {_checked_key(data): True, **dict(list(known.items())[: _PARSES_KEPT + 1])})

    def _known(self, path: Path) -> dict[str, Any]:
        if path not in self._read:
            self._read[path] = _remembered(path)
        return self._read[path]

    def _keep(self, path: Path, known: dict[str, Any]) -> None:
        self._read[path] = known
        _keep(path, known)


def _checked_key(data: bytes) -> str:
    return f"checked:{__version__}:{content_hash(data)}"


def _remembered(config: Path) -> dict[str, Any]:
    try:
        magic, known = marshal.loads((config.parent / DEFAULT_CACHE_DIR / _PARSED).read_bytes())
    except Exception:  # missing, corrupt or foreign: parsed again
        return {}
    return known if magic == _PARSED_MAGIC and isinstance(known, dict) else {}


def _keep(config: Path, known: dict[str, Any]) -> None:
    folder = config.parent / DEFAULT_CACHE_DIR
    if not folder.is_dir():
        return
    try:
        atomic_write(folder / _PARSED, marshal.dumps((_PARSED_MAGIC, known)))
    except (OSError, ValueError):
        pass
