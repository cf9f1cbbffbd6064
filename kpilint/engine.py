"""The lint pipeline: discover -> load -> check -> filter -> sort.

``prepare`` turns CLI options and the config into a :class:`Session` (rules,
selection, options); ``run`` lints files (or in-memory buffers) with it.
Nothing here prints: the CLI reports what ``run`` returns.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, NamedTuple

from kpilint.api import DefinedId, Project, Rule, RuleContext
from kpilint.codes import matches, normalise
from kpilint.config import Config, ConfigError, find_config, load_config, project_root
from kpilint.diagnostics import Diagnostic, Severity, Span, format_yaml_path
from kpilint.discovery import Matcher, discover, index_files
from kpilint.analysis import Analysis, Checker, RawDiag, crash_diag, data_key, finding_diag, homeless_diag, run_rules
from kpilint.fileio import content_hash
from kpilint.houserules import house_rules
from kpilint.filestate import FileReport, FileState, cached_state, fresh_state
from kpilint.parallel import POOL_MIN_FILES, analyse_all
from kpilint.registry import Registry, RegistryError, build_registry
from kpilint.reading import Limits
from kpilint.ruleindex import RuleInfo
from kpilint.selection import Selection, SelectionError, build_selection, check_selectors
from kpilint import suppressions

if TYPE_CHECKING:  # imported lazily at run time
    from kpilint.cache import Body, Cache, Lookup, ProjectFindings

INTERNAL_ERROR = "K900"
#: The rule that compares checked files with their last commit (see ``run``'s ``history``).
REMOVED_ID_IN_USE = "H108"
UNUSED_SUPPRESSION = "K001"
MALFORMED_DIRECTIVE = "K002"
_UNREADABLE = frozenset({"F001", "F002", "F004"})
#: The codes of a file that could not be loaded (or only in part).
UNLOADED = frozenset({"F001", "F002", "F003", "F004"})
#: How much of such a file is read for the ids it mentions.
UNLOADED_READ = 1 << 20


class UsageError(Exception):
    """Bad configuration, unknown codes, missing paths: exit 2, one line."""


class Options(NamedTuple):
    """What the user asked for on the command line (None = from config)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    config_file: Path | None = None
    isolated: bool = False
    force_exclude: bool = False
    today: dt.date | None = None
    use_cache: bool = True
    jobs: int | None = None
    extra_rules: tuple[Rule, ...] = ()  # rules given directly (kpilint.testing)


class Session(NamedTuple):
    """Everything fixed for one run: config, rules, selection, rule options."""

    config: Config
    registry: Registry
    selection: Selection
    rule_options: Mapping[str, Mapping[str, Any]]
    today: dt.date
    fail_on: Severity
    force_exclude: bool = False
    use_cache: bool = True
    jobs: int = 1

    def context(self, rule: Rule | RuleInfo) -> RuleContext:
        return RuleContext(self.rule_options.get(rule.code, {}), self.today, self.rule_options)


class Result:
    """What a run found: sorted diagnostics, the files checked, their loaded
    reports (for source lines and summaries) and notices for stderr."""

    __slots__ = ("diagnostics", "files", "reports", "notices", "internal_error")

    def __init__(self, diagnostics: list[Diagnostic], files: list[str], notices: list[str] | None = None) -> None:
        self.diagnostics = diagnostics
        self.files = files  # absolute paths
        self.reports: dict[str, FileReport] = {}  # by absolute path
        self.notices: list[str] = notices if notices is not None else []
        self.internal_error = False

    def exit_code(self, fail_on: Severity, exit_zero: bool = False) -> int:
        if self.internal_error:
            return 2
        if exit_zero:
            return 0
        return 1 if any(d.severity.rank >= fail_on.rank for d in self.diagnostics) else 0


def _options_for(registry: Registry, config: Config) -> dict[str, dict[str, Any]]:
    where = config.file or "configuration"
    out: dict[str, dict[str, Any]] = {}
    for code, given in config.rule_options.items():
        rule = registry.get(code)
        if rule is None:
            raise UsageError(f"{where}: `rules.{code}`: unknown rule code (see `kpilint rules`)")
        # Imported here: a run without `[rules.CODE]` options never pays for jsonschema.
        from jsonschema import Draft202012Validator

        errors = list(Draft202012Validator(rule.options_schema()).iter_errors(dict(given)))
        if errors:
            error = errors[0]
            key = ".".join(str(p) for p in error.absolute_path)
            if error.validator == "additionalProperties":
                extra = sorted(set(given) - set(rule.options))
                known = ", ".join(sorted(rule.options)) or "none"
                raise UsageError(f"{where}: `rules.{code}.{extra[0]}`: unknown option (options: {known})")
            raise UsageError(f"{where}: `rules.{code}.{key}`: {error.message}")
    for info in registry.sorted_infos():
        merged = info.default_options()
        merged.update(config.rule_options.get(info.code, {}))
        out[info.code] = merged
    return out


def prepare(paths: list[Path], options: Options) -> Session:
    """Resolve config, rules and selection; raise UsageError on any user error."""
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"path `{path}` does not exist")
    first = paths[0] if paths else Path.cwd()
    try:
        if options.config_file is not None:
            if not options.config_file.is_file():
                raise UsageError(f"config file `{options.config_file}` does not exist")
            config_file: Path | None = options.config_file.resolve()
        elif options.isolated:
            config_file = None
        else:
            config_file = find_config(first.resolve(), remember=options.use_cache)
        root = project_root(first, config_file)
        config = load_config(config_file, root, remember=options.use_cache)
        registry = build_registry(
            plugins=not options.isolated,
            rule_paths=config.rule_paths,
            extra=options.extra_rules,
            house=house_rules(config.custom_rules, config.root, config.file.name if config.file else ""),
            house_where=str(config.file or "configuration"),
        )
    except (ConfigError, RegistryError) as exc:
        raise UsageError(str(exc)) from None
    codes = {info.code: info.severity for info in registry.sorted_infos()}
    where = str(config.file) if config.file else "configuration"
    try:
        check_selectors(config.select, codes, f"{where}: `select`")
        check_selectors(config.extend_select, codes, f"{where}: `extend-select`")
        check_selectors(config.ignore, codes, f"{where}: `ignore`")
        check_selectors(config.severity, codes, f"{where}: `severity`")
        for glob, selectors in config.per_file_ignores.items():
            check_selectors(selectors, codes, f"{where}: `per-file-ignores.{glob}`")
        if options.select is not None:
            check_selectors(options.select, codes, "--select")
        check_selectors(options.ignore, codes, "--ignore")
    except SelectionError as exc:
        raise UsageError(str(exc)) from None
    selection = build_selection(
        codes,
        select=config.select,
        extend_select=config.extend_select,
        ignore=config.ignore,
        severity=config.severity,
        per_file_ignores=config.per_file_ignores,
        cli_select=options.select,
        cli_ignore=options.ignore,
    )
    return Session(
        config=config,
        registry=registry,
        selection=selection,
        rule_options=_options_for(registry, config),
        today=options.today or dt.date.today(),
        fail_on=Severity(options.fail_on or config.fail_on),
        force_exclude=options.force_exclude,
        use_cache=options.use_cache,
        jobs=options.jobs or _cores(),
    )


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# -- loading -------------------------------------------------------------------


def display_path(path: Path | str, here: str | None = None) -> str:
    """Relative to the current directory (``here``), with ``/`` separators."""
    text = str(path)
    here = here or os.getcwd()
    if text.startswith(here) and text[len(here) : len(here) + 1] == os.sep:
        return text[len(here) + 1 :].replace(os.sep, "/")  # the common case, without relpath
    try:
        text = os.path.relpath(text)
    except ValueError:  # pragma: no cover - another drive on Windows
        pass
    return text.replace(os.sep, "/")


def _make(session: Session, shown: str, file: Path | str, raw: RawDiag) -> Diagnostic:
    code, line, col, end_line, end_col, message, doc_index, yaml_path = raw
    rule = session.registry.info(code)
    return Diagnostic(
        path=shown,
        line=line,
        col=col,
        code=code,
        end_line=end_line,
        end_col=end_col,
        severity=session.selection.severities.get(code, rule.severity if rule else Severity.ERROR),
        message=message,
        name=rule.name if rule else "",
        doc_index=doc_index,
        yaml_path=yaml_path,
        file=str(file),
    )


def _filter(session: Session, report: FileReport, diagnostics: list[Diagnostic], shown: str, directives_possible: bool) -> list[Diagnostic]:
    """Drop what the selection, ``per-file-ignores``, ``metadata.lint-disable``
    and inline directives silence; add K002 for malformed directives and K001
    for suppressions that silenced nothing."""
    selection = session.selection
    if not diagnostics and not directives_possible:
        return []
    file_globs: list[str] = []
    if selection.per_file_ignores:
        matcher = Matcher.from_config(session.config)
        file = Path(report.path)
        rel = matcher.relative(file.resolve()) if file.is_absolute() else report.path
        file_globs = [glob for glob in selection.per_file_ignores if _glob_match(glob, rel)]
    disables: dict[int, tuple[suppressions.Entry, ...]] = {}
    parsed = suppressions.Parsed([], [])
    if directives_possible:  # the text holds `kpilint:` or `lint-disable`
        disables = {doc.index: entries for doc in report.documents if (entries := suppressions.document_disables(doc))}
        if not report.is_json and report.text:
            parsed = suppressions.parse(report.text, report.documents)
    directives = parsed.directives
    if not disables and not directives and not parsed.malformed:
        return [d for d in diagnostics if d.code == INTERNAL_ERROR or _shown(selection, file_globs, d.code)]
    doc_at = _doc_finder(report)
    found = list(diagnostics)
    for bad in parsed.malformed:
        found.append(_make(session, shown, report.path, (MALFORMED_DIRECTIVE, *bad.span, bad.message, doc_at(bad.span.line), "")))
    kept: list[Diagnostic] = []
    for diag in found:
        if diag.code == INTERNAL_ERROR:
            kept.append(diag)
            continue
        if not selection.is_enabled(diag.code):
            continue
        # silenced by the configuration, a finding still "uses" the suppressions
        # that name it: they are not reported as unused
        silenced = selection.ignored_in(file_globs, diag.code)
        for entry in disables.get(diag.doc_index, ()):
            if matches(entry.code, diag.code):
                entry.used = silenced = True
        for directive in directives:
            name = directive.covers(diag.line, diag.code)
            if name is not None:
                directive.used.add(name)
                silenced = True
        if not silenced:
            kept.append(diag)
    # in a file that cannot be read or parsed the rules did not run: nothing
    # can be judged unused there (the F finding is the one problem)
    unreadable = any(d.code in _UNREADABLE for d in diagnostics)
    if not unreadable and _shown(selection, file_globs, UNUSED_SUPPRESSION):
        kept.extend(_unused_suppressions(session, report, shown, directives, disables, file_globs))
    return kept


def _shown(selection: Selection, file_globs: list[str], code: str) -> bool:
    return selection.is_enabled(code) and not selection.ignored_in(file_globs, code)


def _doc_finder(report: FileReport) -> Callable[[int], int]:
    """The index of the document a line belongs to."""
    starts = sorted((doc.source.values.get((), doc.source.root).line, doc.index) for doc in report.documents)

    def doc_at(line: int) -> int:
        return max((index for first, index in starts if first <= line), default=0)

    return doc_at


def _names_k001(name: str) -> bool:
    """Whether a suppression names K001 itself (not through ALL): judged last."""
    return normalise(name) != "ALL" and matches(name, UNUSED_SUPPRESSION)


def _unused_suppressions(
    session: Session,
    report: FileReport,
    shown: str,
    directives: list[suppressions.Suppression],
    disables: Mapping[int, tuple[suppressions.Entry, ...]],
    file_globs: list[str],
) -> list[Diagnostic]:
    """K001 for suppressions (directive codes, ``lint-disable`` entries) that
    silenced nothing or name an unknown code. A code not enabled in this run,
    or ignored for this file by ``per-file-ignores``, is not judged. K001 can
    itself be silenced by a suppression naming it."""
    selection = session.selection
    known = list(session.registry.infos)
    doc_at = _doc_finder(report)
    documents = {doc.index: doc for doc in report.documents}

    def problem(name: str, used: bool) -> str | None:
        if used:
            return None
        if normalise(name) == "ALL":
            return f"unused suppression `{name}`: nothing was silenced here; remove it"
        covered = [code for code in known if matches(name, code)]
        if not covered:
            return f"suppression names unknown code `{name}` (see `kpilint rules`)"
        if any(_shown(selection, file_globs, code) for code in covered):
            return f"unused suppression `{name}`: no {name} finding here; remove it"
        return None

    unused: list[Diagnostic] = []

    def add(into: list[Diagnostic], span: Span, message: str, doc_index: int, path: tuple[str | int, ...] = ()) -> None:
        into.append(_make(session, shown, report.path, (UNUSED_SUPPRESSION, *span, message, doc_index, format_yaml_path(path))))

    for directive in directives:
        for name in directive.codes:
            if not _names_k001(name) and (message := problem(name, name in directive.used)):
                add(unused, directive.span, message, doc_at(directive.span.line))
    for index, entries in disables.items():
        for entry in entries:
            if not _names_k001(entry.code) and (message := problem(entry.code, entry.used)):
                span = documents[index].source.locate(entry.path)
                add(unused, span, message, index, entry.path)
    out: list[Diagnostic] = []
    for diag in unused:
        silenced = False
        for entry in disables.get(diag.doc_index, ()):
            if _names_k001(entry.code):
                entry.used = silenced = True
        for directive in directives:
            if directive.reaches(diag.line):
                for name in directive.codes:
                    if _names_k001(name):
                        directive.used.add(name)
                        silenced = True
        if not silenced:
            out.append(diag)
    own: list[Diagnostic] = []
    for directive in directives:
        for name in directive.codes:
            if _names_k001(name) and name not in directive.used:
                add(own, directive.span, f"unused suppression `{name}`: no {UNUSED_SUPPRESSION} finding here; remove it", doc_at(directive.span.line))
    for index, entries in disables.items():
        for entry in entries:
            if _names_k001(entry.code) and not entry.used:
                span = documents[index].source.locate(entry.path)
                add(own, span, f"unused suppression `{entry.code}`: no {UNUSED_SUPPRESSION} finding here; remove it", index, entry.path)
    return out + own


def _glob_match(glob: str, rel: str) -> bool:
    from kpilint.discovery import _spec

    return _spec([glob]).match_file(rel)


def _enabled(session: Session, kind: str) -> list[RuleInfo]:
    """The enabled rules of one kind, sorted by code (nothing imported)."""
    return [i for i in session.registry.sorted_infos() if i.kind == kind and session.selection.is_enabled(i.code)]


def _imported(session: Session, infos: list[RuleInfo]) -> tuple[Rule, ...]:
    rules = (session.registry.get(info.code) for info in infos)
    return tuple(rule for rule in rules if rule is not None and rule.check is not None)


def _contexts(session: Session) -> dict[str, RuleContext]:
    return {code: RuleContext(options, session.today, session.rule_options) for code, options in session.rule_options.items()}


def _checker(session: Session) -> Checker:
    """The per-file settings, with the enabled document rules imported."""
    infos = _enabled(session, "document")
    return Checker(
        limits=session.config.limits,
        schema=session.selection.is_enabled("V001"),
        rules=_imported(session, [i for i in infos if not i.uses_date]),
        dated=_imported(session, [i for i in infos if i.uses_date]),
        contexts=_contexts(session),
    )


def _cache_for(session: Session) -> Cache:
    from kpilint.cache import Cache, fingerprint

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
            [config.limits.max_file_bytes, config.limits.max_depth, config.limits.max_nodes, config.limits.max_line_length],
            session.selection.is_enabled("V001"),
            [(i.code, i.origin) for i in _enabled(session, "document") if not i.uses_date],
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


def _run_project_rules(
    session: Session,
    rules: tuple[Rule, ...],
    states: Mapping[str, FileState],
    wanted: list[str],
    checked: frozenset[str] | None = None,
    previous_ids: Mapping[str, tuple[DefinedId, ...]] | None = None,
) -> ProjectFindings:
    """Run the project rules, watching what they read besides the data: the
    positions they locate (recorded per file), and whether any read a text
    or the positions directly (then the findings depend on every byte)."""
    from kpilint.cache import ProjectFindings

    documents = tuple(doc for path in wanted for doc in states[path].checkable())
    for each in documents:
        each.source.asked, each.source.read = set(), False
    unparsed = {path: _readable_text(path, states[path]) for path in wanted if _unparsed(states[path])}
    project = Project(documents, str(session.config.root), unparsed, checked=checked, previous_ids=previous_ids)
    by_file: dict[str, list[RawDiag]] = {}
    crashes: list[RawDiag] = []
    for rule in rules:
        homeless: list[str] = []  # messages of findings that name no document
        try:
            for finding in rule.check(project, session.context(rule)):  # type: ignore[arg-type, misc]
                doc = finding.document
                if doc is not None:
                    by_file.setdefault(doc.file, []).append(finding_diag(rule, finding, doc))
                else:
                    homeless.append(str(finding.message))
        except Exception as exc:
            crashes.append(crash_diag(rule, exc, "the project (reported at the first file checked)"))
        if homeless:
            crashes.append(homeless_diag(rule, homeless))
    depends: dict[str, list[Any]] = {}
    watched = True
    for each in documents:
        source = each.source
        watched = watched and not source.read
        for path, at in sorted(source.asked or (), key=repr):
            depends.setdefault(each.file, []).append((each.index, path, at, source.located[(path, at)]))
        source.asked = None
    return ProjectFindings("", by_file, crashes, depends if watched else {}, watched)


def _unparsed(state: FileState) -> bool:
    """Whether the file could not be loaded (or only in part): an F001-F004 error."""
    return any(raw[0] in UNLOADED for raw in state.raw)


def _readable_text(path: str, state: FileState) -> str:
    """The text of a file that failed to load, as far as it can be read: the
    loaded text, else its first bytes decoded leniently (a file that is not
    valid text or too large), so the project rules can tell which ids it
    mentions."""
    text = state.report.text
    if text or not os.path.isfile(path):  # never open a FIFO or a device
        return text
    try:
        with open(path, "rb") as handle:
            data = handle.read(UNLOADED_READ)
    except OSError:
        return ""
    return data.replace(b"\x00", b"").decode("utf-8", "replace")


def _same_for_project_rules(
    findings: ProjectFindings, before: Mapping[str, list[Any]], after: Mapping[str, list[Any]], states: Mapping[str, FileState]
) -> bool:
    """Whether files that changed since ``findings`` were made still give the
    project rules the same inputs: the same documents (data, what the loader
    reported, whether the envelope is known) and, at every position the rules
    located in them, the same span. Then the findings still hold (e.g. after
    a comment was added: a suppression)."""
    if not findings.watched:
        return False
    for path, old_facts in before.items():
        if _unparsed(states[path]):  # the rules read its text: findings may differ
            return False
        new_facts = after.get(path)
        if new_facts is None or _inputs(old_facts) != _inputs(new_facts):
            return False
        documents = {doc.index: doc for doc in states[path].report.documents}
        for index, path_, at, span in findings.depends.get(path, ()):
            doc = documents.get(index)
            if doc is None or tuple(doc.source.locate(tuple(path_), at=at)) != tuple(span):
                return False
    return True


class _Files:
    """One run's files: what the cache says of each, and their states once
    loaded (from the cache, or analysed now)."""

    def __init__(self, session: Session, cache: Cache | None, texts: Mapping[str, str], asked: list[str]) -> None:
        self.session = session
        self.cache = cache
        self.texts = texts  # in-memory buffers, by absolute path
        self.asked = set(asked)
        self.hits: dict[str, str] = {}  # files the cache answers: their content hash
        self.misses: dict[str, Lookup] = {}  # files to analyse again
        self.digests: dict[str, str] = {}  # every file's content hash, once known
        self.states: dict[str, FileState] = {}
        self.facts: dict[str, list[Any]] = {}  # the documents of the files analysed now
        self.valid: dict[str, dict[int, bytes]] = {}  # see `analyse`
        self.history = ""  # the key of what the run knows of the last commit

    def look_up(self, wanted: list[str]) -> None:
        """Sort files into cache hits and misses (without a cache: neither)."""
        cache = self.cache
        if cache is None:
            return
        unchanged = cache.unchanged(wanted)
        for path in wanted:
            if path in self.texts:
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
        """For a few edited files: their documents that passed the schema
        before (the same data needs no schema check, nor its import)."""
        if self.cache is None or len(self.misses) >= POOL_MIN_FILES:
            return
        for path in self.misses:
            body = self.cache.body(path)
            if body is not None:
                self.valid[path] = _valid_documents(body)

    def gather(self, paths: Iterable[str]) -> None:
        """The state of each of ``paths``: from the cache, else analysed now."""
        cache, session = self.cache, self.session
        work: list[tuple[str, bytes | None, str | None, bool]] = []
        for path in paths:
            if path in self.states:
                continue
            if path in self.texts:
                work.append((path, None, self.texts[path], True))
            elif cache is None:
                work.append((path, None, None, path in self.asked))
            elif path in self.hits:
                body = cache.body(path)
                if body is not None:
                    self.states[path] = cached_state(path, body, self.hits[path], cache)
                else:  # a damaged entry: analysed again
                    work.append((path, None, None, True))
            else:
                work.append((path, self.misses[path].data, None, True))
        # the document rules are imported only when some file is analysed
        analysed: Iterable[Analysis] = analyse_all(_checker(session), work, session.jobs, valid=self.valid) if work else ()
        for index, analysis in enumerate(analysed):
            path, _data, buffer, _diagnose = work[index]
            work[index] = (path, None, buffer, _diagnose)  # let go of the bytes read
            if analysis.signature is None and path in self.misses:
                analysis.signature = self.misses[path].signature
            self.digests[path] = analysis.digest
            self.facts[path] = analysis.facts
            entry = cache.put(path, analysis) if cache is not None and buffer is None else None
            if entry is not None and cache is not None:  # positions stay packed until needed (memory)
                fresh: Body = (analysis.is_json, analysis.facts, analysis.raw, analysis.directives)
                self.states[path] = cached_state(path, fresh, entry.digest, cache, analysis.dated)
            else:
                self.states[path] = fresh_state(path, analysis, session.config.limits)

    def previous_documents(self, wanted: list[str], rules: list[RuleInfo]) -> dict[str, list[Any]]:
        """The documents the edited files held when the cached project
        findings were made (empty when those findings are of another state,
        or a file is new or unknown)."""
        cache = self.cache
        if cache is None or not self.misses or self.texts:
            return {}
        previous, before = dict(self.digests), {}
        for path in self.misses:
            entry, body = cache.entry(path), cache.body(path)
            if entry is None or body is None or any(raw[0] in UNLOADED for raw in body[2]):
                return {}  # unknown, or it failed to load: the rules read its text
            previous[path], before[path] = entry.digest, body[1]
        key = _project_state(self.session, previous, wanted, rules, self.history)
        return before if key is not None and cache.project_findings(key) is not None else {}


def _per_file_findings(session: Session, states: Mapping[str, FileState], asked: list[str]) -> dict[str, list[RawDiag]]:
    """Each asked file's own findings; date rules run here for cached files."""
    out: dict[str, list[RawDiag]] = {}
    dated_rules: tuple[Rule, ...] | None = None  # imported when a cached file needs them
    contexts: dict[str, RuleContext] = {}
    for path in asked:
        state = states[path]
        dated = state.dated
        if dated is None:
            if dated_rules is None:
                dated_rules = _imported(session, [i for i in _enabled(session, "document") if i.uses_date])
                contexts = _contexts(session)
            dated = run_rules(dated_rules, state.checkable(), contexts)
        out[path] = list(state.raw) + list(dated)
    return out


def _valid_documents(body: Body) -> dict[int, bytes]:
    """The documents of a cached file that passed the schema, as data keys."""
    _is_json, facts, raw, _directives = body
    failed = {diag[6] for diag in raw if diag[0] in ("V001", "V002")}
    return {index: data_key(data) for index, data, _reported, _root, ok in facts if ok and index not in failed}


def _inputs(facts: list[Any]) -> bytes:
    """What the project rules see of a file's documents, positions aside."""
    return data_key([(index, data, tuple(tuple(p) for p in reported), bool(ok)) for index, data, reported, _root, ok in facts])


#: Given the explicit files of a run and the limits: the ids each defined in
#: the last commit, for files from which an id has gone (see ``kpilint.gitstate``).
History = Callable[[list[str], Limits], Mapping[str, tuple[DefinedId, ...]]]


def _previous_ids(
    session: Session, history: History | None, paths: list[Path], texts: Mapping[str, str], asked: set[str]
) -> dict[str, tuple[DefinedId, ...]]:
    """What ``history`` says of the files named on the command line (not
    folders, not buffers) that are checked: only when the rule that uses it
    is enabled, so a run on folders never asks."""
    if history is None or not session.selection.is_enabled(REMOVED_ID_IN_USE):
        return {}
    explicit = []
    for path in paths:
        full = os.path.abspath(path)
        if full in asked and full not in texts and os.path.isfile(full):
            explicit.append(full)
    return dict(history(sorted(set(explicit)), session.config.limits)) if explicit else {}


def _history_key(previous: Mapping[str, tuple[DefinedId, ...]], asked: list[str]) -> str:
    """A key for what the project rules know of the last commit: the previous
    ids and, as they make the files checked matter, those files ("" when
    nothing is known: the project findings are then the usual ones)."""
    if not previous:
        return ""
    parts = [repr(sorted((file, list(ids)) for file, ids in previous.items())), *asked]
    return content_hash("\0".join(parts).encode("utf-8", "surrogateescape"))


def run(
    session: Session,
    paths: list[Path],
    *,
    buffers: Mapping[Path, str] | None = None,
    history: History | None = None,
) -> Result:
    """Lint ``paths`` (files or folders); ``buffers`` replace file contents;
    ``history`` tells what the files named explicitly defined in the last
    commit (the CLI passes :func:`kpilint.gitstate.head_ids`)."""
    texts = {os.path.abspath(p): text for p, text in (buffers or {}).items()}
    project_rules = _enabled(session, "project")
    walked = index_files(session.config) if project_rules else None
    found = discover(
        [p for p in paths if os.path.abspath(p) not in texts],
        session.config,
        force_exclude=session.force_exclude,
        project=walked,
    )
    if session.force_exclude:  # an editor linting an excluded file through stdin
        matcher = Matcher.from_config(session.config)
        texts = {path: text for path, text in texts.items() if not matcher.excluded(Path(path))}
    asked = sorted(set(found.files) | set(texts))
    asked_set = set(asked)
    result = Result(diagnostics=[], files=list(asked), notices=list(found.notices))
    wanted = sorted(asked_set.union(walked.files)) if walked is not None else asked

    previous = _previous_ids(session, history, paths, texts, asked_set) if project_rules else {}
    cache = _cache_for(session) if session.use_cache else None
    files = _Files(session, cache, texts, asked)
    files.history = _history_key(previous, asked)
    files.look_up(wanted)
    states, digests = files.states, files.digests

    # Project-rule findings are kept for an identical project; for one whose
    # edited files give the rules the same inputs as before (known once those
    # files are analysed); else the rules run, and need every file.
    reused = None
    before: dict[str, list[Any]] = {}
    if project_rules and cache is not None and not texts:
        if not files.misses:
            key = _project_state(session, digests, wanted, project_rules, files.history)
            reused = cache.project_findings(key) if key is not None else None
        else:
            before = files.previous_documents(wanted, project_rules)
    files.remember_valid()
    if before:
        files.gather(sorted(asked_set.union(files.misses)))
        assert cache is not None and cache.project is not None
        if _same_for_project_rules(cache.project, before, files.facts, states):
            key = _project_state(session, digests, wanted, project_rules, files.history)
            reused = cache.project._replace(state=key) if key is not None else None
            if reused is not None:
                cache.put_project(reused)
    files.gather(asked if reused is not None or not project_rules else wanted)

    out = _per_file_findings(session, states, asked)
    if project_rules:
        findings = reused
        if findings is None:
            findings = _run_project_rules(
                session, _imported(session, project_rules), states, wanted, frozenset(asked), previous
            )
            key = _project_state(session, digests, wanted, project_rules, files.history) if cache is not None else None
            if cache is not None and key is not None:
                cache.put_project(findings._replace(state=key))
        for path in asked:
            out[path].extend(tuple(raw) for raw in findings.by_file.get(path, ()))  # type: ignore[misc]
        if asked:
            out[asked[0]].extend(tuple(raw) for raw in findings.crashes)  # type: ignore[misc]

    here = os.getcwd()
    for path in asked:
        state = states[path]
        shown = display_path(path, here)
        raws = out[path]
        if any(raw[0] == INTERNAL_ERROR for raw in raws):
            result.internal_error = True
        diagnostics = [_make(session, shown, path, raw) for raw in raws]
        result.diagnostics.extend(_filter(session, state.report, diagnostics, shown, state.directives))
        result.reports[path] = state.report
    if cache is not None:
        cache.forget(wanted)
        cache.save()
        result.notices.extend(cache.notices)
    result.diagnostics.sort()
    return result
