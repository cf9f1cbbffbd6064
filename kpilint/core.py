"""The plain core: one text in, its findings out; documents in, project
findings out.

:func:`lint_text` parses one file's text, checks its documents against the
schema and runs the document rules that do not read the date;
:func:`lint_project` runs the project rules over every document. Both are
pure: no file is read or written here, nothing is remembered between calls,
and what they return is plain named records (no open files, no closures), so
it can be computed in a worker process, stored and compared. Reading files,
running the date rules, suppressions and the selection are the pipeline's
(:mod:`kpilint.engine`); remembering results between runs is a wrapper's
(:mod:`kpilint.incremental`).
"""

from __future__ import annotations

import marshal
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from kpilint.api import DefinedId, DocumentRule, Finding, Project, ProjectRule, RuleContext
from kpilint.diagnostics import Span, format_yaml_path
from kpilint.document import Document
from kpilint.fixmodel import Fix, RawFix
from kpilint.reading import Limits
from kpilint.sourcemap import RawScalar, RawSpan, YamlPath
from kpilint.suppressions import may_suppress

INTERNAL_ERROR = "K900"


class RawFinding(NamedTuple):
    """A finding placed in its file, before the run's severities and
    suppressions are applied (the engine makes a :class:`Diagnostic` of it)."""

    code: str
    line: int
    col: int
    end_line: int
    end_col: int
    message: str
    doc_index: int
    yaml_path: str
    fix: RawFix | None = None  # a fix placed in the file (plain tuples)


class DocFacts(NamedTuple):
    """What the project rules (and later runs) need of one document."""

    doc_index: int
    data: Any
    reported: tuple[YamlPath, ...]  # paths the loader already reported on
    root: RawSpan  # where the document starts and ends
    ok: bool  # a known envelope: the rules look at it


# the NamedTuple without its generated ``__new__`` (a Python call), for every document
_new_facts = partial(tuple.__new__, DocFacts)

#: (values, keys, scalars) of one document
DocMaps = tuple[dict[YamlPath, RawSpan], dict[YamlPath, RawSpan], dict[YamlPath, RawScalar]]


class Settings(NamedTuple):
    """What :func:`lint_text` needs besides the text, fixed for a run."""

    limits: Limits
    schema: bool  # V001 enabled
    rules: tuple[DocumentRule, ...]  # enabled document rules that do not read the date
    contexts: Mapping[str, RuleContext]


class FileResult:
    """One file, linted. ``findings`` holds the loader's, the schema's and
    the (date-free) document rules' findings.

    The text and positions are either plain (``text``, ``maps``) or packed
    in ``blob`` (a marshalled ``(text, maps)``, as sent back by a worker
    process), unpacked only when a finding needs them."""

    __slots__ = ("is_json", "text", "digest", "facts", "maps", "findings", "signature", "blob", "_mentions_directive")

    def __init__(
        self,
        is_json: bool,
        text: str,
        digest: str,  # content hash ("" for in-memory buffers)
        facts: list[DocFacts],
        maps: list[DocMaps],
        findings: list[RawFinding],
        signature: tuple[int, int, int] | None = None,  # (size, mtime_ns, inode) when read from disk
        blob: bytes | None = None,
        mentions_directive: bool = False,
    ) -> None:
        self.is_json = is_json
        self.text = text
        self.digest = digest
        self.facts = facts
        self.maps = maps
        self.findings = findings
        self.signature = signature
        self.blob = blob
        self._mentions_directive = mentions_directive

    @property
    def mentions_directive(self) -> bool:
        """Whether the text holds ``kpilint:`` or ``lint-disable`` (a
        suppression may be there: only then are they parsed)."""
        return self._mentions_directive if self.blob is not None else may_suppress(self.text)

    def packed(self) -> bytes:
        """``(text, maps)`` marshalled."""
        if self.blob is None:
            self._mentions_directive = may_suppress(self.text)
            self.blob = marshal.dumps((self.text, self.maps))
        return self.blob

    def dump(self) -> bytes:
        """The whole result, marshalled, positions packed (for workers)."""
        return marshal.dumps(
            (
                self.is_json,
                self.digest,
                [tuple(fact) for fact in self.facts],
                [tuple(found) for found in self.findings],
                self.signature,
                self.packed(),
                self.mentions_directive,
            )
        )

    @classmethod
    def load(cls, blob: bytes) -> FileResult:
        is_json, digest, facts, findings, signature, packed, directive = marshal.loads(blob)
        return cls(
            is_json,
            "",
            digest,
            [DocFacts(*fact) for fact in facts],
            [],
            [RawFinding(*found) for found in findings],
            signature,
            packed,
            directive,
        )


def data_key(data: Any) -> bytes:
    """A document's data as bytes that are equal only for the very same data:
    marshal format 0 tells ``1`` from ``1.0`` and ``true`` (``==`` does not)
    and writes values only, whatever objects they share."""
    return marshal.dumps(data, 0)


def is_json_path(path: Path | str) -> bool:
    return str(path).lower().endswith(".json")


def whole_file(code: str, message: str) -> RawFinding:
    """A finding about a file as a whole (placed at its first character)."""
    return RawFinding(code, 1, 1, 1, 2, message, 0, "")


def crash_finding(rule: DocumentRule | ProjectRule, exc: BaseException, scope: str = "this file") -> RawFinding:
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    message = (
        f"rule {rule.code} ({rule.name}, {rule.origin}) raised {type(exc).__name__}: {exc}{at} "
        f"while checking {scope}; other rules still ran. Please report it to the rule's author."
    )
    return whole_file(INTERNAL_ERROR, message)


def homeless_finding(rule: ProjectRule, messages: list[str]) -> RawFinding:
    """K900 for a project rule's findings that name no document (``document=``
    is required there): reported, never dropped."""
    count = len(messages)
    first = messages[0] if len(messages[0]) <= 200 else messages[0][:199] + "…"
    what = "a finding that names" if count == 1 else f"{count} findings that name"
    message = (
        f"rule {rule.code} ({rule.name}, {rule.origin}) gave {what} no document "
        f"(a project rule must pass `document=`): \"{first}\"; other rules still ran. "
        "Please report it to the rule's author."
    )
    return whole_file(INTERNAL_ERROR, message)


def _raw(span: Span) -> RawSpan:
    return (span.line, span.col, span.end_line, span.end_col)


def placed(code: str, span: Span, message: str, doc_index: int, path: YamlPath) -> RawFinding:
    return RawFinding(code, span.line, span.col, span.end_line, span.end_col, message, doc_index, format_yaml_path(path))


def place(code: str, finding: Finding, doc: Document) -> RawFinding:
    path = tuple(finding.path)
    span = finding.span or doc.source.locate(path, at=finding.at)
    return with_fix(placed(code, span, finding.message, doc.index, path), finding.fix, doc)


def with_fix(found: RawFinding, fix: Fix | None, doc: Document) -> RawFinding:
    """``found`` with ``fix`` placed in ``doc``'s file (unchanged when there
    is none or it cannot be placed: a fix never makes a finding fail)."""
    if fix is None:
        return found
    from kpilint.fixmodel import resolve

    try:
        raw = resolve(fix, doc) if isinstance(fix, Fix) else None
    except Exception:  # a fix that cannot be placed is dropped; the finding stays
        raw = None
    return found if raw is None else found._replace(fix=raw)


def run_document_rules(
    rules: Iterable[DocumentRule], docs: Iterable[Document], contexts: Mapping[str, RuleContext]
) -> list[RawFinding]:
    """Document rules over documents; a rule that raises gives one K900 per file."""
    out: list[RawFinding] = []
    docs = list(docs)
    if len(docs) == 1:  # most files hold one document: no loop over documents per rule
        doc = docs[0]
        for rule in rules:
            try:
                for finding in rule.check(doc, contexts[rule.code]):
                    out.append(place(rule.code, finding, finding.document or doc))
            except Exception as exc:  # a rule's bug must not stop the run
                out.append(crash_finding(rule, exc))
        return out
    for rule in rules:
        check = rule.check
        context = contexts[rule.code]
        crashed = False
        for doc in docs:
            try:
                for finding in check(doc, context):
                    out.append(place(rule.code, finding, finding.document or doc))
            except Exception as exc:  # a rule's bug must not stop the run
                if not crashed:  # one K900 per rule and file
                    crashed = True
                    out.append(crash_finding(rule, exc))
    return out


def _schema(doc: Document, schema: bool, known_valid: bool = False) -> tuple[bool, list[RawFinding]]:
    from kpilint.schema import check_envelope, fast_is_valid, validate

    envelope = check_envelope(doc.data)
    if not envelope and (not schema or known_valid or fast_is_valid(doc.data)):
        return True, []  # the common case: a valid document
    out: list[RawFinding] = []
    for found in envelope:
        out.append(placed(found.code, doc.source.locate(found.path, at=found.at), found.message, doc.index, found.path))
    if envelope:
        return False, out
    if schema and not known_valid:
        for found in validate(doc.data):
            if any(found.path[: len(p)] == p for p in doc.reported):
                continue  # the loader already explained this node
            at = doc.source.locate(found.path, at=found.at)
            out.append(with_fix(placed(found.code, at, found.message, doc.index, found.path), found.fix, doc))
    return True, out


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _with_tab_fix(findings: list[RawFinding], text: str, path: str, limits: Limits) -> list[RawFinding]:
    """The first F002 of ``findings`` with the tab-indentation fix attached,
    when replacing the tabs makes the file parse."""
    from kpilint.fixmodel import tab_indentation_fix
    from kpilint.loader import load_text

    at = next((i for i, found in enumerate(findings) if found.code == "F002"), None)
    if at is None:
        return findings

    def load(candidate: str) -> Any:
        loaded = load_text(candidate, path, limits)
        if any(p.code in ("F001", "F002", "F003", "F004") for p in loaded.problems):
            return None
        return [doc.data for doc in loaded.documents]

    fix = tab_indentation_fix(text, load)
    if fix is None:
        return findings
    out = list(findings)
    out[at] = findings[at]._replace(fix=fix)
    return out


def lint_text(
    path: str,
    text: str,
    settings: Settings,
    *,
    digest: str = "",
    diagnose: bool = True,
    valid: Mapping[int, bytes] | None = None,
) -> FileResult:
    """Load and check one file's text (``path`` names it and tells JSON from YAML).

    ``diagnose=False`` only loads (a file read for the project rules alone).
    ``valid`` maps document indexes to the :func:`data_key` of documents known
    to pass the schema: such a document is not validated again (its data
    is compared, not its text, so this can never hide a schema error)."""
    from kpilint.loader import load_text

    is_json = is_json_path(path)
    text = normalise_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    loaded = load_text(text, path, settings.limits, is_json=is_json)
    problems = loaded.problems
    findings = [placed(p.code, p.span, p.message, p.doc_index, p.path) for p in problems] if problems else []
    if diagnose and not is_json and "\t" in text:
        findings = _with_tab_fix(findings, text, path, settings.limits)
    facts: list[DocFacts] = []
    maps: list[DocMaps] = []
    checkable: list[Document] = []
    for doc in loaded.documents:
        values, keys, scalars, _ = doc.source.raw()
        maps.append((values, keys, scalars))
        if diagnose:
            known = valid is not None and doc.index in valid and valid[doc.index] == data_key(doc.data)
            ok, found = _schema(doc, settings.schema, known_valid=known)
            findings.extend(found)
        else:
            from kpilint.schema import check_envelope

            ok = not check_envelope(doc.data)
        facts.append(_new_facts((doc.index, doc.data, tuple(doc.reported), tuple(doc.source.root), ok)))
        if ok:
            checkable.append(doc)
    if diagnose:
        findings.extend(run_document_rules(settings.rules, checkable, settings.contexts))
    return FileResult(is_json, loaded.text, digest, facts, maps, findings)


# -- project rules -----------------------------------------------------------------


class ProjectInputs(NamedTuple):
    """What the project rules may know besides the documents, gathered at the
    edge (files read, other sources asked) and passed in as data."""

    #: the text (as far as it could be read) of each file that could not be
    #: loaded: an id it mentions is not called unknown
    unparsed: Mapping[str, str]
    #: the files checked in this run (None: all of them)
    checked: frozenset[str] | None = None
    #: the ids some checked files defined in their last commit, by file (only
    #: files from which an id has gone; see :mod:`kpilint.gitstate`)
    previous_ids: Mapping[str, tuple[DefinedId, ...]] | None = None


class Cited(NamedTuple):
    """A position the project rules' output depends on: where a finding was
    placed, or a ``file:line`` a message names (``at`` is ``"span"`` for a
    span a rule gave itself)."""

    file: str
    doc_index: int
    path: YamlPath
    at: str
    span: RawSpan


class ProjectResult(NamedTuple):
    """The project rules' findings by file, their crashes (reported at the
    first file checked), and every position those findings depend on."""

    by_file: dict[str, list[RawFinding]]
    crashes: list[RawFinding]
    cited: list[Cited]


def lint_project(
    documents: Sequence[Document],
    rules: Sequence[ProjectRule],
    contexts: Mapping[str, RuleContext],
    root: str,
    inputs: ProjectInputs,
) -> ProjectResult:
    """Run the project rules over every checkable document of the project."""
    cited: list[Cited] = []

    def locate(doc: Document, path: YamlPath, at: str = "auto") -> Span:
        span = doc.source.locate(path, at=at)
        cited.append(Cited(doc.file, doc.index, path, at, _raw(span)))
        return span

    project = Project(
        tuple(documents), root, inputs.unparsed, locate=locate, checked=inputs.checked, previous_ids=inputs.previous_ids
    )
    by_file: dict[str, list[RawFinding]] = {}
    crashes: list[RawFinding] = []
    for rule in rules:
        homeless: list[str] = []  # messages of findings that name no document
        try:
            for finding in rule.check(project, contexts[rule.code]):
                doc = finding.document
                if doc is None:
                    homeless.append(str(finding.message))
                    continue
                path = tuple(finding.path)
                if finding.span is not None:
                    span = finding.span
                    cited.append(Cited(doc.file, doc.index, path, "span", _raw(span)))
                else:
                    span = locate(doc, path, finding.at)
                found = with_fix(placed(rule.code, span, finding.message, doc.index, path), finding.fix, doc)
                if found.fix is not None:  # its edits sit at positions of their own: never kept across an edit
                    cited.append(Cited(doc.file, doc.index, path, "span", _raw(span)))
                by_file.setdefault(doc.file, []).append(found)
        except Exception as exc:
            crashes.append(crash_finding(rule, exc, "the project (reported at the first file checked)"))
        if homeless:
            crashes.append(homeless_finding(rule, homeless))
    return ProjectResult(by_file, crashes, cited)
