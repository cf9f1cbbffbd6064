"""The lint pipeline: discover -> read -> lint -> project rules -> date
rules -> filter -> sort.

:func:`~kpilint.session.prepare` turns CLI options and the config into a
:class:`Session` (rules, selection, options); :func:`run` lints files (or
in-memory buffers) with it, stage by stage: :func:`plan` (which files),
:func:`lint_files` (each file's text through :func:`kpilint.core.lint_text`),
:func:`check_project` (:func:`kpilint.core.lint_project` over every
document), :func:`report` (date rules, suppressions, selection, sorting).
The stages are public so that a caller can supply some of their results
itself. Nothing here prints: the CLI reports what ``run`` returns.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Iterator, Mapping, NamedTuple

from kpilint.api import DefinedId, DocumentRule, ProjectRule, RuleContext
from kpilint.codes import matches, normalise
from kpilint.core import FileResult, ProjectInputs, ProjectResult, RawFinding, Settings, lint_project, placed, run_document_rules
from kpilint.diagnostics import Diagnostic, Severity, Span
from kpilint.discovery import Discovered, Matcher, discover, index_files
from kpilint.filestate import FileReport, FileState, state_of
from kpilint.fixmodel import placed_fix
from kpilint.lifecycle import is_closed, skipped_when_closed
from kpilint.reading import Limits
from kpilint.ruleindex import RuleInfo
from kpilint.selection import Selection
from kpilint.session import Options, Session, UsageError, prepare
from kpilint import suppressions

if TYPE_CHECKING:
    from kpilint.parallel import Work

__all__ = [
    "HeadComparison",
    "History",
    "Options",
    "Plan",
    "Result",
    "Session",
    "UsageError",
    "check_project",
    "compare_with_head",
    "display_path",
    "lint_files",
    "plan",
    "prepare",
    "report",
    "run",
]

INTERNAL_ERROR = "K900"
#: The rule that compares checked files with their last commit (see :func:`compare_with_head`).
REMOVED_ID_IN_USE = "H108"
UNUSED_SUPPRESSION = "K001"
MALFORMED_DIRECTIVE = "K002"
_UNREADABLE = frozenset({"F001", "F002", "F004"})
#: How much of such a file is read for the ids it mentions.
UNLOADED_READ = 1 << 20


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


# -- placing and filtering ------------------------------------------------------


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


def _make(session: Session, shown: str, file: Path | str, raw: RawFinding) -> Diagnostic:
    rule = session.registry.info(raw.code)
    return Diagnostic(
        path=shown,
        line=raw.line,
        col=raw.col,
        code=raw.code,
        end_line=raw.end_line,
        end_col=raw.end_col,
        severity=session.selection.severities.get(raw.code, rule.severity if rule else Severity.ERROR),
        message=raw.message,
        name=rule.name if rule else "",
        doc_index=raw.doc_index,
        yaml_path=raw.yaml_path,
        file=str(file),
        fix=placed_fix(raw.fix),
    )


def _filter(
    session: Session,
    report: FileReport,
    diagnostics: list[Diagnostic],
    shown: str,
    directives_possible: bool,
    unjudged: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Drop what the selection, ``per-file-ignores``, ``metadata.lint-disable``
    and inline directives silence; add K002 for malformed directives and K001
    for suppressions that silenced nothing."""
    selection = session.selection
    if not diagnostics and not directives_possible:
        return []
    closed = closed_documents(report)
    if closed:
        diagnostics = [d for d in diagnostics if not skipped_in_closed(session, closed, d.doc_index, d.code)]
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
        found.append(_make(session, shown, report.path, placed(MALFORMED_DIRECTIVE, bad.span, bad.message, doc_at(bad.span.line), ())))
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
        kept.extend(_unused_suppressions(session, report, shown, directives, disables, file_globs, closed, unjudged))
    return kept


def closed_documents(report: FileReport) -> frozenset[int]:
    """The indexes of the closed KPIs of a file (``spec.status`` achieved,
    missed or cancelled)."""
    return frozenset(doc.index for doc in report.documents if is_closed(doc.data))


def skipped_in_closed(session: Session, closed: frozenset[int], doc_index: int, code: str) -> bool:
    """Whether a finding of ``code`` in document ``doc_index`` is skipped
    because that document is a closed KPI and the rule has a SMART category
    (built-in, plugin or house rule alike). The one place that decides it:
    such findings are never located in a closed KPI, whichever rule made
    them (its own, or the far end of a cross-file finding)."""
    if doc_index not in closed:
        return False
    rule = session.registry.info(code)
    return rule is not None and skipped_when_closed(rule.category)


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
    closed: frozenset[int] = frozenset(),
    unjudged: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """K001 for suppressions (directive codes, ``lint-disable`` entries) that
    silenced nothing or name an unknown code. A code not enabled in this run,
    ignored for this file by ``per-file-ignores``, or that the run could not
    report (``unjudged``), is not judged; nor, in a closed KPI, a name that
    covers a code whose findings are skipped there. K001 can itself be
    silenced by a suppression naming it."""
    selection = session.selection
    known = list(session.registry.infos)
    doc_at = _doc_finder(report)
    documents = {doc.index: doc for doc in report.documents}

    def problem(name: str, used: bool, doc_index: int) -> str | None:
        if used:
            return None
        if doc_index in closed and any(matches(name, code) and skipped_in_closed(session, closed, doc_index, code) for code in known):
            return None  # the rules it names were skipped here: it cannot be judged
        if normalise(name) == "ALL":
            return f"unused suppression `{name}`: nothing was silenced here; remove it"
        covered = [code for code in known if matches(name, code)]
        if not covered:
            return f"suppression names unknown code `{name}` (see `kpilint rules`)"
        if any(_shown(selection, file_globs, code) and code not in unjudged for code in covered):
            return f"unused suppression `{name}`: no {name} finding here; remove it"
        return None

    unused: list[Diagnostic] = []

    def add(into: list[Diagnostic], span: Span, message: str, doc_index: int, path: tuple[str | int, ...] = ()) -> None:
        into.append(_make(session, shown, report.path, placed(UNUSED_SUPPRESSION, span, message, doc_index, path)))

    for directive in directives:
        for name in directive.codes:
            at = doc_at(directive.span.line)
            if not _names_k001(name) and (message := problem(name, name in directive.used, at)):
                add(unused, directive.span, message, at)
    for index, entries in disables.items():
        for entry in entries:
            if not _names_k001(entry.code) and (message := problem(entry.code, entry.used, index)):
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


def enabled(session: Session, kind: str) -> list[RuleInfo]:
    """The enabled rules of one kind, sorted by code (nothing imported)."""
    return [i for i in session.registry.sorted_infos() if i.kind == kind and session.selection.is_enabled(i.code)]


def document_rules(session: Session, infos: list[RuleInfo]) -> tuple[DocumentRule, ...]:
    rules = (session.registry.get(info.code) for info in infos)
    return tuple(rule for rule in rules if isinstance(rule, DocumentRule))


def project_rules(session: Session, infos: list[RuleInfo]) -> tuple[ProjectRule, ...]:
    rules = (session.registry.get(info.code) for info in infos)
    return tuple(rule for rule in rules if isinstance(rule, ProjectRule))


def contexts(session: Session) -> dict[str, RuleContext]:
    return {code: RuleContext(options, session.today, session.rule_options) for code, options in session.rule_options.items()}


def settings_for(session: Session) -> Settings:
    """What :func:`~kpilint.core.lint_text` needs, with the enabled document
    rules that do not read the date imported (those that do run once per
    run, see :func:`per_file_findings`)."""
    infos = [info for info in enabled(session, "document") if not info.uses_date]
    return Settings(
        limits=session.config.limits,
        schema=session.selection.is_enabled("V001"),
        rules=document_rules(session, infos),
        contexts=contexts(session),
    )


# -- the pipeline ----------------------------------------------------------------


class Plan(NamedTuple):
    """Which files a run reports on (``asked``), which it needs to read
    (``wanted``: the asked ones, plus every KPI file of the project when
    project rules run) and the in-memory buffers among them."""

    asked: list[str]  # absolute paths, sorted
    wanted: list[str]
    texts: Mapping[str, str]  # in-memory buffers, by absolute path
    notices: list[str]
    with_project_rules: bool


def plan(
    session: Session, paths: list[Path], buffers: Mapping[Path, str] | None = None, project: Discovered | None = None
) -> Plan:
    """Discover the files of a run (``buffers`` replace file contents;
    ``project``, when given, is every KPI file of the project, as
    :func:`~kpilint.discovery.index_files` finds them)."""
    texts = {os.path.abspath(p): text for p, text in (buffers or {}).items()}
    with_project_rules = bool(enabled(session, "project"))
    walked = (project or index_files(session.config)) if with_project_rules else None
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
    wanted = asked
    if walked is not None:  # the project's files are sorted and unique already
        listed = set(walked.files)
        wanted = walked.files if listed.issuperset(asked) else sorted(listed.union(asked))
    return Plan(asked, wanted, texts, list(found.notices), with_project_rules)


def lint_files(session: Session, work: list[Work]) -> Iterator[tuple[Work, FileResult]]:
    """Each file of ``work`` linted, in order (the document rules are
    imported only when there is a file to lint)."""
    if not work:
        return
    from kpilint.parallel import lint_all

    yield from zip(work, lint_all(settings_for(session), work, session.jobs))


def project_inputs(
    states: Mapping[str, FileState],
    wanted: list[str],
    asked: list[str] | None = None,
    previous: Mapping[str, tuple[DefinedId, ...]] | None = None,
) -> ProjectInputs:
    """What the project rules need besides the documents, read here (the
    edge): the text of each file that could not be loaded; the files checked
    (``asked``) and what some of them defined in their last commit
    (``previous``, see :func:`compare_with_head`)."""
    return ProjectInputs(
        unparsed={path: _readable_text(path, states[path]) for path in wanted if states[path].unloaded},
        checked=frozenset(asked) if asked is not None else None,
        previous_ids=previous,
    )


#: Given the explicit files of a run and the limits: the ids each defined in
#: the last commit, for files from which an id has gone (``kpilint.gitstate.head_ids``).
History = Callable[[list[str], Limits], Mapping[str, tuple[DefinedId, ...]]]


class HeadComparison(NamedTuple):
    """The files of a run compared with their last commit (``files``), and
    the ids some of them defined there and lost since (``previous``)."""

    files: tuple[str, ...] = ()
    previous: Mapping[str, tuple[DefinedId, ...]] = MappingProxyType({})

    @property
    def unjudged(self) -> frozenset[str]:
        """The codes this run could not report: a suppression naming them
        is not called unused (H108 when no file was compared)."""
        return frozenset() if self.files else frozenset({REMOVED_ID_IN_USE})


def compare_with_head(session: Session, history: History | None, paths: list[Path], found: Plan) -> HeadComparison:
    """What ``history`` says of the files named on the command line (not
    folders, not buffers) that are checked; asked only when the rule that
    uses it (H108) is enabled, so a run on folders never asks."""
    if history is None or not found.with_project_rules or not session.selection.is_enabled(REMOVED_ID_IN_USE):
        return HeadComparison()
    asked = set(found.asked)
    explicit = set()
    for path in paths:
        full = os.path.abspath(path)
        if full in asked and full not in found.texts and os.path.isfile(full):
            explicit.add(full)
    if not explicit:
        return HeadComparison()
    files = tuple(sorted(explicit))
    return HeadComparison(files, dict(history(list(files), session.config.limits)))


def check_project(session: Session, states: Mapping[str, FileState], wanted: list[str], inputs: ProjectInputs) -> ProjectResult:
    """Run the enabled project rules over the documents of ``wanted``."""
    documents = [doc for path in wanted for doc in states[path].checkable()]
    rules = project_rules(session, enabled(session, "project"))
    return lint_project(documents, rules, contexts(session), str(session.config.root), inputs)


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


def per_file_findings(session: Session, states: Mapping[str, FileState], asked: list[str]) -> dict[str, list[RawFinding]]:
    """Each asked file's own findings: those it was linted with, and those
    of the document rules that read the date (the one place they run)."""
    out: dict[str, list[RawFinding]] = {}
    dated = document_rules(session, [info for info in enabled(session, "document") if info.uses_date])
    context = contexts(session) if dated else {}
    for path in asked:
        state = states[path]
        out[path] = list(state.findings)
        if dated:
            out[path].extend(run_document_rules(dated, state.checkable(), context))
    return out


def report(
    session: Session,
    found: Plan,
    states: Mapping[str, FileState],
    project: ProjectResult | None,
    unjudged: frozenset[str] = frozenset(),
) -> Result:
    """The run's result: every asked file's findings, placed, filtered by
    the selection and the suppressions, and sorted; a suppression naming
    only ``unjudged`` codes (which this run could not report) is not
    called unused."""
    asked = found.asked
    result = Result(diagnostics=[], files=list(asked), notices=list(found.notices))
    out = per_file_findings(session, states, asked)
    if project is not None:
        for path in asked:
            out[path].extend(project.by_file.get(path, ()))
        if asked:
            out[asked[0]].extend(project.crashes)
    here = os.getcwd()
    for path in asked:
        state = states[path]
        shown = display_path(path, here)
        raws = out[path]
        if any(raw.code == INTERNAL_ERROR for raw in raws):
            result.internal_error = True
        diagnostics = [_make(session, shown, path, raw) for raw in raws]
        result.diagnostics.extend(_filter(session, state.report, diagnostics, shown, state.mentions_directive, unjudged))
        result.reports[path] = state.report
    result.diagnostics.sort()
    return result


def run(
    session: Session, paths: list[Path], *, buffers: Mapping[Path, str] | None = None, history: History | None = None
) -> Result:
    """Lint ``paths`` (files or folders); ``buffers`` replace file contents;
    ``history`` tells what the files named explicitly defined in their last
    commit (the CLI passes :func:`kpilint.gitstate.head_ids`).

    Every file is read and linted afresh; :func:`kpilint.incremental.run` is
    the same run with results kept between runs."""
    from kpilint.parallel import Work

    found = plan(session, paths, buffers)
    compared = compare_with_head(session, history, paths, found)
    asked = set(found.asked)
    work = [
        Work(path, buffer=found.texts.get(path), diagnose=path in asked)
        for path in (found.wanted if found.with_project_rules else found.asked)
    ]
    states = {item.path: state_of(item.path, result) for item, result in lint_files(session, work)}
    project = None
    if found.with_project_rules:
        project = check_project(session, states, found.wanted, project_inputs(states, found.wanted, found.asked, compared.previous))
    return report(session, found, states, project, compared.unjudged)
