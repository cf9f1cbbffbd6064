"""The per-file work: read, load, validate and run the document rules.

Everything here depends on one file's content and the run's settings only,
and returns plain data (no open files, no Spans), so the result can be cached
and computed in a worker process. Positions are raw tuples; the engine turns
them into diagnostics.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple

from kpilint.api import Finding, Fix, Rule, RuleContext
from kpilint.diagnostics import format_yaml_path
from kpilint.fileio import content_hash
from kpilint.document import Document
from kpilint.reading import Limits, ReadError, decode, read_file
from kpilint.sourcemap import RawScalar, RawSpan, YamlPath
from kpilint.suppressions import may_suppress

INTERNAL_ERROR = "K900"

#: (code, line, col, end_line, end_col, message, doc_index, yaml_path), and
#: a placed fix (:data:`kpilint.fixmodel.RawFix`) as a ninth item when there is one
RawDiag = tuple[str, int, int, int, int, str, int, str]
#: (index, data, reported paths, root span, envelope ok)
DocFacts = tuple[int, Any, tuple[YamlPath, ...], RawSpan, bool]
#: (values, keys, scalars) of one document
DocMaps = tuple[dict[YamlPath, RawSpan], dict[YamlPath, RawSpan], dict[YamlPath, RawScalar]]


class Checker(NamedTuple):
    """The settings the per-file work needs, fixed for a run."""

    limits: Limits
    schema: bool  # V001 enabled
    rules: tuple[Rule, ...]  # document rules that do not read the date
    dated: tuple[Rule, ...]  # document rules that read the date (never cached)
    contexts: Mapping[str, RuleContext]


class Analysis:
    """One file, analysed. ``raw`` holds loader, schema and (date-free)
    document-rule findings; ``dated`` the findings of date-reading rules.

    The text and positions are either plain (``text``, ``maps``) or packed in
    ``blob`` (a marshalled ``(text, maps)``, as sent back by a worker process
    and kept by the cache), unpacked only when a finding needs them."""

    __slots__ = ("is_json", "text", "digest", "facts", "maps", "raw", "dated", "signature", "blob", "packed_directives")

    def __init__(
        self,
        is_json: bool,
        text: str,
        digest: str,  # content hash ("" for in-memory buffers)
        facts: list[DocFacts],
        maps: list[DocMaps],
        raw: list[RawDiag],
        dated: list[RawDiag],
        signature: tuple[int, int, int] | None = None,
        blob: bytes | None = None,
        packed_directives: bool = False,
    ) -> None:
        self.is_json = is_json
        self.text = text
        self.digest = digest
        self.facts = facts
        self.maps = maps
        self.raw = raw
        self.dated = dated
        self.signature = signature
        self.blob = blob
        self.packed_directives = packed_directives

    @property
    def directives(self) -> bool:
        return self.packed_directives if self.blob is not None else may_suppress(self.text)

    def packed(self) -> bytes:
        """``(text, maps)`` marshalled."""
        if self.blob is None:
            self.packed_directives = may_suppress(self.text)
            self.blob = marshal.dumps((self.text, self.maps))
        return self.blob

    def dump(self) -> bytes:
        """The whole analysis, marshalled, positions packed (for workers)."""
        return marshal.dumps(
            (self.is_json, self.digest, self.facts, self.raw, self.dated, self.signature, self.packed(), self.directives)
        )

    @classmethod
    def load(cls, blob: bytes) -> Analysis:
        is_json, digest, facts, raw, dated, signature, packed, directives = marshal.loads(blob)
        return cls(is_json, "", digest, facts, [], raw, dated, signature, packed, directives)


def warm_up() -> None:
    """Import the parser and build the schema validators now (before forking
    workers, so that each worker does not pay for them again)."""
    import kpilint.loader  # noqa: F401
    from kpilint.schema import validate

    list(validate({"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a", "name": "a"}, "spec": {}}))


def data_key(data: Any) -> bytes:
    """A document's data as bytes that are equal only for the very same data:
    marshal format 0 tells ``1`` from ``1.0`` and ``true`` (``==`` does not)
    and writes values only, whatever objects they share."""
    return marshal.dumps(data, 0)


def signature_of(info: os.stat_result) -> tuple[int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def is_json_path(path: Path | str) -> bool:
    return str(path).lower().endswith(".json")


def crash_diag(rule: Rule, exc: BaseException, scope: str = "this file") -> RawDiag:
    import traceback

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    message = (
        f"rule {rule.code} ({rule.name}, {rule.origin}) raised {type(exc).__name__}: {exc}{at} "
        f"while checking {scope}; other rules still ran. Please report it to the rule's author."
    )
    return (INTERNAL_ERROR, 1, 1, 1, 2, message, 0, "")


def homeless_diag(rule: Rule, messages: list[str]) -> RawDiag:
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
    return (INTERNAL_ERROR, 1, 1, 1, 2, message, 0, "")


def finding_diag(rule: Rule, finding: Finding, doc: Document) -> RawDiag:
    path = tuple(finding.path)
    span = finding.span or doc.source.locate(path, at=finding.at)
    found: RawDiag = (rule.code, span.line, span.col, span.end_line, span.end_col, finding.message, doc.index, format_yaml_path(path))
    fix = getattr(finding, "fix", None)
    return found if fix is None else with_fix(found, fix, doc)


def with_fix(found: RawDiag, fix: Fix, doc: Document) -> RawDiag:
    """``found`` with ``fix`` placed in ``doc``'s file appended (unchanged when
    the fix cannot be placed)."""
    from kpilint.fixmodel import resolve

    try:
        placed = resolve(fix, doc) if isinstance(fix, Fix) else None
    except Exception:  # a fix that cannot be placed is dropped; the finding stays
        placed = None
    return found if placed is None else (*found, placed)  # type: ignore[return-value]


def run_rules(rules: Iterable[Rule], docs: Iterable[Document], contexts: Mapping[str, RuleContext]) -> list[RawDiag]:
    """Document rules over documents; a rule that raises gives one K900 per file."""
    out: list[RawDiag] = []
    docs = list(docs)
    for rule in rules:
        check = rule.check
        context = contexts[rule.code]
        crashed = False
        for doc in docs:
            try:
                for finding in check(doc, context):  # type: ignore[arg-type, misc]
                    out.append(finding_diag(rule, finding, finding.document or doc))
            except Exception as exc:  # a rule's bug must not stop the run
                if not crashed:  # one K900 per rule and file
                    crashed = True
                    out.append(crash_diag(rule, exc))
    return out


def _schema(doc: Document, checker: Checker, known_valid: bool = False) -> tuple[bool, list[RawDiag]]:
    from kpilint.schema import check_envelope, validate

    out: list[RawDiag] = []

    def add(code: str, path: YamlPath, at: str, message: str, fix: Fix | None = None) -> None:
        span = doc.source.locate(path, at=at)
        found: RawDiag = (code, span.line, span.col, span.end_line, span.end_col, message, doc.index, format_yaml_path(path))
        out.append(found if fix is None else with_fix(found, fix, doc))

    envelope = check_envelope(doc.data)
    for found in envelope:
        add(found.code, found.path, found.at, found.message)
    if envelope:
        return False, out
    if checker.schema and not known_valid:
        for found in validate(doc.data):
            if any(found.path[: len(p)] == p for p in doc.reported):
                continue  # the loader already explained this node
            add(found.code, found.path, found.at, found.message, found.fix)
    return True, out


def _with_tab_fix(raw: list[RawDiag], text: str, path: str, limits: Limits) -> list[RawDiag]:
    """The first F002 of ``raw`` with the tab-indentation fix attached, when
    replacing the tabs makes the file parse."""
    from kpilint.fixmodel import tab_indentation_fix
    from kpilint.loader import load_text

    at = next((i for i, found in enumerate(raw) if found[0] == "F002"), None)
    if at is None:
        return raw

    def load(candidate: str) -> Any:
        loaded = load_text(candidate, path, limits)
        if any(p.code in ("F001", "F002", "F003", "F004") for p in loaded.problems):
            return None
        return [doc.data for doc in loaded.documents]

    fix = tab_indentation_fix(text, load)
    if fix is None:
        return raw
    out = list(raw)
    out[at] = (*raw[at], fix)  # type: ignore[assignment]
    return out


def analyse(
    path: Path | str,
    checker: Checker,
    *,
    data: bytes | None = None,
    buffer: str | None = None,
    diagnose: bool = True,
    valid: Mapping[int, bytes] | None = None,
) -> Analysis:
    """Read (unless ``data``/``buffer`` is given), load and check one file.

    ``diagnose=False`` only loads (a file indexed for project rules, no cache).
    ``valid`` maps document indexes to the :func:`data_key` of documents known
    to pass the schema (the file's previous version): such a document is not
    validated again."""
    from kpilint.loader import load_text

    is_json = is_json_path(path)
    signature = None
    digest = ""
    text = ""
    try:
        if buffer is not None:
            text = buffer.replace("\r\n", "\n").replace("\r", "\n") if "\r" in buffer else buffer
        else:
            if data is None:
                data, info = read_file(str(path), checker.limits)
                signature = signature_of(info)
            digest = content_hash(data)
            text = decode(data)
    except ReadError as exc:
        return Analysis(is_json, "", digest, [], [], [(exc.code, 1, 1, 1, 2, exc.message, 0, "")], [], signature)
    except OSError as exc:
        message = f"cannot read file: {exc.strerror or exc}"
        return Analysis(is_json, "", digest, [], [], [("F001", 1, 1, 1, 2, message, 0, "")], [], None)
    if text.startswith("\ufeff"):
        text = text[1:]
    loaded = load_text(text, str(path), checker.limits, is_json=is_json)
    raw: list[RawDiag] = [
        (p.code, p.span.line, p.span.col, p.span.end_line, p.span.end_col, p.message, p.doc_index, format_yaml_path(p.path))
        for p in loaded.problems
    ]
    if diagnose and not is_json and "\t" in text:
        raw = _with_tab_fix(raw, text, str(path), checker.limits)
    facts: list[DocFacts] = []
    maps: list[DocMaps] = []
    checkable: list[Document] = []
    for doc in loaded.documents:
        values, keys, scalars, _ = doc.source.raw()
        maps.append((values, keys, scalars))
        if diagnose:
            # a document whose very data passed the schema before passes it again
            known = valid is not None and doc.index in valid and valid[doc.index] == data_key(doc.data)
            ok, found = _schema(doc, checker, known_valid=known)
            raw.extend(found)
        else:
            from kpilint.schema import check_envelope

            ok = not check_envelope(doc.data)
        facts.append((doc.index, doc.data, tuple(doc.reported), tuple(doc.source.root), ok))  # type: ignore[arg-type]
        if ok:
            checkable.append(doc)
    dated: list[RawDiag] = []
    if diagnose:
        raw.extend(run_rules(checker.rules, checkable, checker.contexts))
        dated = run_rules(checker.dated, checkable, checker.contexts)
    return Analysis(is_json, loaded.text, digest, facts, maps, raw, dated, signature)
