"""The lint pipeline: discover -> load -> check -> filter -> sort.

``prepare`` turns CLI options and the config into a :class:`Session` (rules,
selection, options); ``run`` lints files (or in-memory buffers) with it.
Nothing here prints: the CLI reports what ``run`` returns.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from kpilint.api import Finding, Project, Rule, RuleContext
from kpilint.config import Config, ConfigError, find_config, load_config, project_root
from kpilint.diagnostics import Diagnostic, Severity, Span, format_yaml_path
from kpilint.discovery import Matcher, discover, index_files
from kpilint.document import Document
from kpilint.loader import Loaded, Problem, load_text
from kpilint.reading import ReadError, decode, read_bytes
from kpilint.registry import Registry, RegistryError, build_registry
from kpilint.selection import Selection, SelectionError, build_selection, check_selectors
from kpilint import suppressions

INTERNAL_ERROR = "K900"
UNUSED_SUPPRESSION = "K001"


class UsageError(Exception):
    """Bad configuration, unknown codes, missing paths: exit 2, one line."""


@dataclass(frozen=True)
class Options:
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


@dataclass(frozen=True)
class Session:
    """Everything fixed for one run: config, rules, selection, rule options."""

    config: Config
    registry: Registry
    selection: Selection
    rule_options: Mapping[str, Mapping[str, Any]]
    today: dt.date
    fail_on: Severity
    force_exclude: bool = False

    def context(self, rule: Rule) -> RuleContext:
        return RuleContext(self.rule_options.get(rule.code, {}), self.today)


@dataclass
class FileReport:
    """What was loaded from one file."""

    path: Path
    text: str
    documents: list[Document]
    problems: list[Problem]
    is_json: bool


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    files: list[Path]
    reports: dict[Path, FileReport] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    internal_error: bool = False

    def exit_code(self, fail_on: Severity, exit_zero: bool = False) -> int:
        if self.internal_error:
            return 2
        if exit_zero:
            return 0
        return 1 if any(d.severity.rank >= fail_on.rank for d in self.diagnostics) else 0


def _options_for(registry: Registry, config: Config) -> dict[str, dict[str, Any]]:
    from jsonschema import Draft202012Validator

    where = config.file or "configuration"
    out: dict[str, dict[str, Any]] = {}
    for code, given in config.rule_options.items():
        rule = registry.get(code)
        if rule is None:
            raise UsageError(f"{where}: `rules.{code}`: unknown rule code (see `kpilint rules`)")
        errors = list(Draft202012Validator(rule.options_schema()).iter_errors(dict(given)))
        if errors:
            error = errors[0]
            key = ".".join(str(p) for p in error.absolute_path)
            if error.validator == "additionalProperties":
                extra = sorted(set(given) - set(rule.options))
                known = ", ".join(sorted(rule.options)) or "none"
                raise UsageError(f"{where}: `rules.{code}.{extra[0]}`: unknown option (options: {known})")
            raise UsageError(f"{where}: `rules.{code}.{key}`: {error.message}")
    for rule in registry.sorted():
        merged = rule.default_options()
        merged.update(config.rule_options.get(rule.code, {}))
        out[rule.code] = merged
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
            config_file = find_config(first.resolve())
        root = project_root(first, config_file)
        config = load_config(config_file, root)
        registry = build_registry(
            plugins=not options.isolated, rule_paths=config.rule_paths, extra=options.extra_rules
        )
    except (ConfigError, RegistryError) as exc:
        raise UsageError(str(exc)) from None
    codes = {rule.code: rule.severity for rule in registry.sorted()}
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
    )


# -- loading -------------------------------------------------------------------


def is_json_path(path: Path | str) -> bool:
    return str(path).lower().endswith(".json")


def load_file(path: Path, session: Session, buffer: str | None = None) -> FileReport:
    """Read and parse one file (or an in-memory buffer standing for it)."""
    is_json = is_json_path(path)
    try:
        text = buffer if buffer is not None else decode(read_bytes(str(path), session.config.limits))
    except ReadError as exc:
        return FileReport(path, "", [], [Problem(exc.code, Span(1, 1, 1, 2), exc.message)], is_json)
    if buffer is not None and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    loaded: Loaded = load_text(text, str(path), session.config.limits, is_json=is_json)
    return FileReport(path, text, loaded.documents, loaded.problems, is_json)


# -- checking ------------------------------------------------------------------


def display_path(path: Path | str) -> str:
    """Relative to the current directory, with ``/`` separators."""
    text = str(path)
    try:
        text = os.path.relpath(text)
    except ValueError:  # pragma: no cover - another drive on Windows
        pass
    return text.replace(os.sep, "/")


@dataclass
class _Collector:
    """Builds diagnostics for one file."""

    session: Session
    report: FileReport
    shown: str
    out: list[Diagnostic] = field(default_factory=list)
    internal_error: bool = False
    crashed: set[str] = field(default_factory=set)

    def add(self, code: str, span: Span, message: str, doc_index: int = 0, path: tuple[Any, ...] = ()) -> None:
        rule = self.session.registry.get(code)
        self.out.append(
            Diagnostic(
                path=self.shown,
                line=span.line,
                col=span.col,
                code=code,
                end_line=span.end_line,
                end_col=span.end_col,
                severity=self.session.selection.severities.get(code, rule.severity if rule else Severity.ERROR),
                message=message,
                name=rule.name if rule else "",
                doc_index=doc_index,
                yaml_path=format_yaml_path(path),
                file=str(self.report.path),
            )
        )

    def finding(self, rule: Rule, finding: Finding, doc: Document) -> None:
        span = finding.span or doc.source.locate(tuple(finding.path), at=finding.at)
        self.add(rule.code, span, finding.message, doc.index, tuple(finding.path))

    def crash(self, rule: Rule, exc: BaseException) -> None:
        """K900, once per rule and file (a rule failing on every document of a
        file is one bug, not one per document)."""
        self.internal_error = True
        if rule.code in self.crashed:
            return
        self.crashed.add(rule.code)
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
        scope = "the project (reported at the first file checked)" if rule.kind == "project" else "this file"
        self.add(
            INTERNAL_ERROR,
            Span(1, 1, 1, 2),
            f"rule {rule.code} ({rule.name}, {rule.origin}) raised {type(exc).__name__}: {exc}{at} "
            f"while checking {scope}; other rules still ran. Please report it to the rule's author.",
        )


def checkable(doc: Document) -> bool:
    """Documents SMART rules look at: a mapping of a known apiVersion and kind."""
    from kpilint.schema import check_envelope

    return not check_envelope(doc.data)


def _schema_pass(collect: _Collector, doc: Document) -> bool:
    from kpilint.schema import check_envelope, validate

    envelope = check_envelope(doc.data)
    for found in envelope:
        collect.add(found.code, doc.source.locate(found.path, at=found.at), found.message, doc.index, found.path)
    if envelope:
        return False
    enabled = collect.session.selection.is_enabled
    if not enabled("V001"):
        return True
    for found in validate(doc.data):
        if any(found.path[: len(p)] == p for p in doc.reported):
            continue  # the loader already explained this node
        collect.add(found.code, doc.source.locate(found.path, at=found.at), found.message, doc.index, found.path)
    return True


def _check_file(session: Session, report: FileReport, rules: list[Rule]) -> _Collector:
    collect = _Collector(session, report, display_path(report.path))
    for problem in report.problems:
        collect.add(problem.code, problem.span, problem.message, problem.doc_index, problem.path)
    for doc in report.documents:
        if not _schema_pass(collect, doc):
            continue
        for rule in rules:
            try:
                for finding in rule.check(doc, session.context(rule)):  # type: ignore[arg-type, union-attr]
                    collect.finding(rule, finding, finding.document or doc)
            except Exception as exc:  # a rule's bug must not stop the run
                collect.crash(rule, exc)
    return collect


def _filter(session: Session, report: FileReport, diagnostics: list[Diagnostic], collect: _Collector) -> list[Diagnostic]:
    selection = session.selection
    matcher = Matcher.from_config(session.config)
    rel = matcher.relative(report.path.resolve()) if report.path.is_absolute() else str(report.path)
    file_globs = [glob for glob in selection.per_file_ignores if _glob_match(glob, rel)]
    disables = {doc.index: suppressions.document_disables(doc) for doc in report.documents}
    kept: list[Diagnostic] = []
    for diag in diagnostics:
        if diag.code != INTERNAL_ERROR:
            if not selection.is_enabled(diag.code) or selection.ignored_in(file_globs, diag.code):
                continue
            if suppressions.disabled_by_document(disables.get(diag.doc_index, ()), diag.code):
                continue
        kept.append(diag)
    if report.is_json or not report.text:
        return kept
    directives = suppressions.parse(report.text, report.documents)
    if not directives:
        return kept
    final: list[Diagnostic] = []
    for diag in kept:
        silenced = False
        if diag.code != INTERNAL_ERROR:
            for directive in directives:
                name = directive.covers(diag.line, diag.code)
                if name is not None:
                    directive.used.add(name)
                    silenced = True
        if not silenced:
            final.append(diag)
    if selection.is_enabled(UNUSED_SUPPRESSION) and not selection.ignored_in(file_globs, UNUSED_SUPPRESSION):
        final.extend(_unused_suppressions(session, report, collect.shown, directives, disables))
    return final


def _unused_suppressions(
    session: Session,
    report: FileReport,
    shown: str,
    directives: list[suppressions.Suppression],
    disables: Mapping[int, tuple[str, ...]],
) -> list[Diagnostic]:
    """K001 for directive codes that silenced nothing or are unknown. K001 can
    itself be silenced by a directive naming it (or ``metadata.lint-disable``)."""
    selection = session.selection
    known = session.registry.rules
    starts = sorted((doc.source.values.get((), doc.source.root).line, doc.index) for doc in report.documents)

    def doc_at(line: int) -> int:
        return max((index for first, index in starts if first <= line), default=0)

    unused = _Collector(session, report, shown)
    for directive in directives:
        doc_index = doc_at(directive.span.line)
        for name in directive.codes:
            if name == UNUSED_SUPPRESSION:
                continue  # judged below, once the other K001 are known
            if name.lower() == "all":
                if name not in directive.used:
                    unused.add(UNUSED_SUPPRESSION, directive.span, "unused suppression `all`: nothing was silenced here; remove it", doc_index)
            elif name not in known:
                unused.add(UNUSED_SUPPRESSION, directive.span, f"suppression names unknown code `{name}` (see `kpilint rules`)", doc_index)
            elif name not in directive.used and selection.is_enabled(name):
                unused.add(UNUSED_SUPPRESSION, directive.span, f"unused suppression `{name}`: no {name} finding here; remove it", doc_index)
    out: list[Diagnostic] = []
    for diag in unused.out:
        if suppressions.disabled_by_document(disables.get(diag.doc_index, ()), UNUSED_SUPPRESSION):
            continue
        covering = [
            d for d in directives if UNUSED_SUPPRESSION in d.codes and (d.whole_file or d.first <= diag.line <= d.last)
        ]
        for directive in covering:
            directive.used.add(UNUSED_SUPPRESSION)
        if not covering:
            out.append(diag)
    own = _Collector(session, report, shown)
    for directive in directives:
        if UNUSED_SUPPRESSION in directive.codes and UNUSED_SUPPRESSION not in directive.used:
            message = f"unused suppression `{UNUSED_SUPPRESSION}`: no {UNUSED_SUPPRESSION} finding here; remove it"
            own.add(UNUSED_SUPPRESSION, directive.span, message, doc_at(directive.span.line))
    return out + own.out


def _glob_match(glob: str, rel: str) -> bool:
    from kpilint.discovery import _spec

    return _spec([glob]).match_file(rel)


def run(
    session: Session,
    paths: list[Path],
    *,
    buffers: Mapping[Path, str] | None = None,
) -> Result:
    """Lint ``paths`` (files or folders); ``buffers`` replace file contents."""
    buffers = {Path(os.path.abspath(p)): text for p, text in (buffers or {}).items()}
    found = discover([p for p in paths if Path(os.path.abspath(p)) not in buffers], session.config, force_exclude=session.force_exclude)
    if session.force_exclude:  # an editor linting an excluded file through stdin
        matcher = Matcher.from_config(session.config)
        buffers = {path: text for path, text in buffers.items() if not matcher.excluded(path)}
    asked = sorted(set(found.files) | set(buffers))
    result = Result(diagnostics=[], files=asked, notices=list(found.notices))
    rules = [r for r in session.registry.sorted() if r.check is not None and session.selection.is_enabled(r.code)]
    doc_rules = [r for r in rules if r.kind == "document"]
    project_rules = [r for r in rules if r.kind == "project"]

    reports: dict[Path, FileReport] = {}
    for path in asked:
        reports[path] = load_file(path, session, buffers.get(path))
    collectors: dict[Path, _Collector] = {}
    for path in asked:
        collectors[path] = _check_file(session, reports[path], doc_rules)

    if project_rules:
        everything = dict(reports)
        for path in index_files(session.config).files:
            if path not in everything:
                everything[path] = load_file(path, session)
        documents = tuple(doc for rep in everything.values() for doc in rep.documents if checkable(doc))
        project = Project(documents, str(session.config.root))
        asked_set = set(asked)
        for rule in project_rules:
            try:
                for finding in rule.check(project, session.context(rule)):  # type: ignore[arg-type, union-attr]
                    doc = finding.document
                    if doc is None:
                        continue
                    target = Path(doc.file)
                    if target in asked_set:
                        collectors[target].finding(rule, finding, doc)
            except Exception as exc:
                if asked:
                    collectors[asked[0]].crash(rule, exc)

    for path in asked:
        collect = collectors[path]
        result.internal_error |= collect.internal_error
        result.diagnostics.extend(_filter(session, reports[path], collect.out, collect))
    result.reports = reports
    result.diagnostics.sort()
    return result
