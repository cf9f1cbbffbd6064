"""The public rule API, used by the built-in rules and by plugins alike.

A rule module declares its rule with :func:`document_rule` or
:func:`project_rule`; the decorated function yields :class:`Finding` objects
addressed by a YAML path, and the engine places them::

    \"\"\"## What it does ... (the module docstring is the rule's docs)\"\"\"
    from kpilint.api import Finding, document_rule

    @document_rule(code="X101", name="my-rule", severity="warning",
                   category="M", docs=__doc__)
    def check(doc, ctx):
        if doc.is_kpi and doc.get("spec", "metric", "unit") is None:
            yield Finding(("spec", "metric", "unit"), "no unit")

:func:`quantities` (and :func:`states_quantity`) tell which amounts a text
states, and which of its numbers are years, quarters, dates, time windows,
ranks or parts of names instead (see :mod:`kpilint.quantities`); S101,
S102, S103 and S106 judge statements with it.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from collections import Counter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Literal, Mapping, NamedTuple, TypeVar

from kpilint.codes import CODE_PATTERN
from kpilint.diagnostics import Severity, Span
from kpilint.document import Document, number, text
from kpilint.fixmodel import Edit, Fix, move_entry, rename_key, replace_span, replace_value
from kpilint.sourcemap import YamlPath

__all__ = [
    "CATEGORIES",
    "DefinedId",
    "Document",
    "DocumentRule",
    "Edit",
    "EngineCode",
    "Finding",
    "Fix",
    "Project",
    "ProjectRule",
    "Quantity",
    "Rule",
    "RuleContext",
    "Severity",
    "Span",
    "YamlPath",
    "document_rule",
    "engine_rule",
    "move_entry",
    "number",
    "project_rule",
    "quantities",
    "rename_key",
    "replace_span",
    "replace_value",
    "states_quantity",
    "text",
]

if TYPE_CHECKING:
    from kpilint.quantities import Quantity, quantities, states_quantity

_FROM_QUANTITIES = frozenset({"Quantity", "quantities", "states_quantity"})


def __getattr__(name: str) -> Any:
    """The quantity detector's names, imported on first use: a run that
    judges no statement (most runs answered from the cache) never builds
    its patterns."""
    if name in _FROM_QUANTITIES:
        from kpilint import quantities as module

        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: SMART letters; ``None`` is for F, V, H and K codes, which belong to no letter.
CATEGORIES = {
    "S": "Specific",
    "M": "Measurable",
    "A": "Assignable",
    "R": "Realistic",
    "T": "Time-bound",
}

RuleKind = Literal["document", "project", "engine"]
_T = TypeVar("_T")


class Finding(NamedTuple):
    """What a rule found: a path into the document and a message.

    ``document`` is required for project rules (which document the finding
    belongs to) and defaults to the checked document for document rules.
    ``at`` chooses the key or the value of a mapping entry (default: the
    most precise node); ``span`` overrides the position entirely (e.g. a
    word inside a scalar, see :meth:`Document.find_in_scalar`). ``fix``
    offers a change that solves it (:class:`Fix`, built from
    :func:`replace_value`, :func:`rename_key`, :func:`move_entry` or
    :func:`replace_span`); the engine places it in the file, and drops it
    when a node cannot be edited where it is written.
    """

    path: YamlPath
    message: str
    document: Document | None = None
    at: Literal["auto", "key", "value"] = "auto"
    span: Span | None = None
    fix: Fix | None = None


class RuleContext(NamedTuple):
    """What a rule may know besides the document: its options and the date.

    ``rule_options`` holds the options of every rule of the run, by code, for
    a rule that reads another's (S103 uses S101's vague words): see
    :meth:`options_of`."""

    options: Mapping[str, Any]
    today: _dt.date
    rule_options: Mapping[str, Mapping[str, Any]] = MappingProxyType({})

    def options_of(self, code: str) -> Mapping[str, Any]:
        """The options of the rule ``code`` in this run (empty when unknown)."""
        return self.rule_options.get(code, MappingProxyType({}))


class DefinedId(NamedTuple):
    """An id a file defined in an earlier version of it (the git ``HEAD``):
    the document's kind (``KPI`` or ``Owner``), id, index in that version,
    and ``metadata.name`` (None when it had none)."""

    kind: str
    id: str
    doc_index: int
    name: str | None = None


class Project:
    """Every document of the project (all KPI files under the project root).

    ``checked`` holds the files checked in this run (the others are only
    read); ``previous_ids`` the ids some checked files defined in the last
    commit, by file, when the run knows them (explicit files in a git work
    tree, and only files from which an id has gone): plain data, no rule
    reads git itself."""

    __slots__ = ("documents", "root", "unparsed", "checked", "previous_ids", "_locate", "_memo")

    def __init__(
        self,
        documents: tuple[Document, ...],
        root: str = "",
        unparsed: Mapping[str, str] | None = None,
        *,
        locate: Callable[[Document, YamlPath], Span] | None = None,
        checked: frozenset[str] | None = None,
        previous_ids: Mapping[str, tuple[DefinedId, ...]] | None = None,
    ) -> None:
        self.documents = documents
        self.root = root  # the project root (absolute), for naming other files
        # the files that could not be loaded (an F001-F004 error), by path: their
        # text, as far as it could be read (their documents are not in `documents`)
        self.unparsed: Mapping[str, str] = MappingProxyType(dict(unparsed or {}))
        # how `where` finds a position (the engine passes one that also notes
        # which positions the messages cite)
        self._locate = locate or _locate
        # None: every file is checked (a rule cannot tell the checked ones apart)
        self.checked = checked
        self.previous_ids: Mapping[str, tuple[DefinedId, ...]] = MappingProxyType(dict(previous_ids or {}))
        # computed once, shared by every project rule of the run (copies are handed out)
        self._memo: dict[str, Any] = {}

    def in_unparsed(self, word: str, mentioned_in: str | None = None) -> bool:
        """Whether ``word`` (an id) appears, as a whole word, in the text of a
        file that could not be loaded: the file may well define it, so a rule
        should not call the id unknown (the file's own error says what is wrong).

        ``mentioned_in`` is the file of the document that names the id: when
        that file is one of them, the id counts there only if it appears twice
        (once is the reference being checked)."""
        if not self.unparsed:
            return False
        counts: dict[str, Counter[str]] = self.shared("kpilint.unparsed_words", self._unparsed_words)
        word = word.strip()
        return any(found[word] >= (2 if file == mentioned_in else 1) for file, found in counts.items())

    def _unparsed_words(self) -> dict[str, Counter[str]]:
        counts: dict[str, Counter[str]] = {}
        for file, content in self.unparsed.items():
            found: Counter[str] = Counter()
            for each in _WORD.findall(content):
                found[each] += 1
                trimmed = each.strip(".-")
                if trimmed != each:
                    found[trimmed] += 1
            counts[file] = found
        return counts

    def __repr__(self) -> str:
        return f"Project({len(self.documents)} documents, root={self.root!r})"

    def where(self, doc: Document, path: YamlPath = ()) -> str:
        """``file:line`` of ``path`` in ``doc``, the file relative to the project
        root, for messages that name another document."""
        return f"{_relative(doc.file, self.root)}:{self._locate(doc, path).line}"

    def shared(self, name: str, build: Callable[[], _T]) -> _T:
        """``build()``, computed once per project and handed to every rule
        that asks for ``name``: a way for rules to share derived tables (an
        index of KPIs by parent, parsed time frames...). Treat it as
        read-only; use a name that says what it holds and whose it is."""
        memo = self._memo
        if name not in memo:
            memo[name] = build()
        value: _T = memo[name]
        return value

    def _kinds(self) -> dict[str, Any]:
        """KPIs, Owners and both by id, in one pass over the documents."""
        if "kinds" not in self._memo:
            kpis: list[Document] = []
            owners: list[Document] = []
            ids: dict[str, dict[str, list[Document]]] = {}
            for doc in self.documents:
                kind = doc.kind
                if kind is None:
                    continue
                if kind == "KPI":
                    kpis.append(doc)
                elif kind == "Owner":
                    owners.append(doc)
                ident = doc.id
                if ident is not None:
                    ids.setdefault(kind, {}).setdefault(ident, []).append(doc)
            self._memo["kinds"] = {"KPI": kpis, "Owner": owners, "ids": ids}
        kinds: dict[str, Any] = self._memo["kinds"]
        return kinds

    def kpis(self) -> list[Document]:
        return list(self._kinds()["KPI"])

    def open_kpis(self) -> list[Document]:
        """The KPIs that are not closed (``spec.status`` draft, active or
        none): the ones a SMART rule compares with each other. A closed KPI
        takes no part in a SMART comparison (a duplicate name, an owner's
        load, a roll-up, a time frame), and no SMART finding is ever located
        in it (the engine drops them)."""
        return self.shared("kpilint.open_kpis", lambda: [doc for doc in self._kinds()["KPI"] if not doc.is_closed])[:]

    def owners(self) -> list[Document]:
        return list(self._kinds()["Owner"])

    def by_id(self, kind: str = "KPI") -> dict[str, list[Document]]:
        """Documents of ``kind`` grouped by ``metadata.id`` (a fresh copy)."""
        return {ident: list(docs) for ident, docs in self._kinds()["ids"].get(kind, {}).items()}


def _locate(doc: Document, path: YamlPath) -> Span:
    return doc.source.locate(path)


#: A word that could be an id (or a misspelt one) in a file's text.
_WORD = re.compile(r"[A-Za-z0-9_.-]+")


@functools.lru_cache(maxsize=4096)
def _relative(file: str, root: str) -> str:
    """``file`` relative to ``root`` with ``/`` separators (pure, memoised)."""
    name = file
    if root:
        try:
            name = os.path.relpath(file, root)
        except ValueError:  # pragma: no cover - another drive on Windows
            pass
    return name.replace(os.sep, "/")


DocumentCheck = Callable[[Document, RuleContext], Iterable[Finding]]
ProjectCheck = Callable[[Project, RuleContext], Iterable[Finding]]
_Check = TypeVar("_Check", DocumentCheck, ProjectCheck)


#: ``Rule(options=...)`` left out: each rule gets its own empty dict.
_NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})


class Rule:
    """What every registered code has: identity, defaults, options schema and
    docs. A code is one of three kinds: :class:`DocumentRule`,
    :class:`ProjectRule` (each with its check function) or :class:`EngineCode`
    (a code the engine itself emits)."""

    # An immutable record with keyword-only fields, compared, hashed and
    # printed by its fields as a frozen dataclass is; written out rather
    # than generated, as every run imports it and generating the methods
    # of the four classes took as long as the rest of this module.
    __slots__ = ("code", "name", "severity", "category", "docs", "options", "uses_date", "origin")
    __match_args__ = ()
    _fields: tuple[str, ...] = __slots__

    code: str
    name: str
    severity: Severity
    category: str | None
    docs: str
    options: Mapping[str, Any]  # JSON Schema "properties"
    uses_date: bool  # reads ``ctx.today`` (never cached)
    origin: str  # "builtin", the plugin's distribution, or a rule-path file

    def __init__(
        self,
        *,
        code: str,
        name: str,
        severity: Severity,
        category: str | None,
        docs: str,
        options: Mapping[str, Any] = _NO_OPTIONS,
        uses_date: bool = False,
        origin: str = "builtin",
    ) -> None:
        init = object.__setattr__
        init(self, "code", code)
        init(self, "name", name)
        init(self, "severity", severity)
        init(self, "category", category)
        init(self, "docs", docs)
        init(self, "options", {} if options is _NO_OPTIONS else options)
        init(self, "uses_date", uses_date)
        init(self, "origin", origin)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[Any]:
        return list(self._values())

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self._fields, state):
            object.__setattr__(self, name, value)

    @property
    def kind(self) -> RuleKind:
        raise NotImplementedError

    @property
    def summary(self) -> str:
        """The first sentence of the docs' "What it does" section."""
        body = self.docs.split("## What it does", 1)[-1].strip()
        paragraph = body.split("\n\n", 1)[0].replace("\n", " ").strip()
        sentence = paragraph.split(". ", 1)[0].rstrip(".")
        return sentence or self.name

    def default_options(self) -> dict[str, Any]:
        return default_options(self.options)

    def options_schema(self) -> dict[str, Any]:
        return {"type": "object", "properties": dict(self.options), "additionalProperties": False}

    def _replace(self: _R, **changes: Any) -> _R:
        """A copy with ``changes`` (as a NamedTuple's ``_replace``)."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)


class _CheckedRule(Rule, Generic[_Check]):
    """A rule with a check function (its type given by the subclass)."""

    __slots__ = ("check",)
    _fields = (*Rule._fields, "check")

    check: _Check

    def __init__(
        self,
        *,
        code: str,
        name: str,
        severity: Severity,
        category: str | None,
        docs: str,
        options: Mapping[str, Any] = _NO_OPTIONS,
        uses_date: bool = False,
        origin: str = "builtin",
        check: _Check,
    ) -> None:
        super().__init__(
            code=code, name=name, severity=severity, category=category, docs=docs, options=options, uses_date=uses_date, origin=origin
        )
        object.__setattr__(self, "check", check)


class DocumentRule(_CheckedRule[DocumentCheck]):
    """A rule that sees one document at a time."""

    __slots__ = ()

    @property
    def kind(self) -> RuleKind:
        return "document"


class ProjectRule(_CheckedRule[ProjectCheck]):
    """A rule that sees every document of the project at once."""

    __slots__ = ()

    @property
    def kind(self) -> RuleKind:
        return "project"


class EngineCode(Rule):
    """A code the engine emits itself (F, V and K codes): docs and a severity,
    selectable like any rule, but no check function."""

    __slots__ = ()

    @property
    def kind(self) -> RuleKind:
        return "engine"


_R = TypeVar("_R", bound=Rule)


def default_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options' defaults, from the ``default`` of each option's schema."""
    return {key: spec.get("default") for key, spec in options.items()}


def _fields(
    code: str, name: str, severity: str, category: str | None, docs: str | None, options: Mapping[str, Any] | None, uses_date: bool
) -> dict[str, Any]:
    """A declaration's fields, checked (a ValueError names what is wrong)."""
    if not CODE_PATTERN.match(code):
        raise ValueError(f"rule code {code!r} must look like ABC123 (1-5 capitals, 3 digits)")
    if not NAME_PATTERN.match(name):
        raise ValueError(f"rule name {name!r} must be kebab-case")
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"rule {code}: category must be one of {', '.join(CATEGORIES)} or None")
    for key, spec in (options or {}).items():
        if "default" not in spec:
            raise ValueError(f"rule {code}: option {key!r} needs a default")
    return {
        "code": code,
        "name": name,
        "severity": Severity(severity),
        "category": category,
        "docs": (docs or "").strip(),
        "options": dict(options or {}),
        "uses_date": uses_date,
    }


# The two decorators take the same keywords on purpose: each names the type of
# the check it wraps, so that mypy checks a rule's signature against its kind.
def document_rule(
    *,
    code: str,
    name: str,
    severity: str,
    category: str | None,
    docs: str | None,
    options: Mapping[str, Any] | None = None,
    uses_date: bool = False,
) -> Callable[[DocumentCheck], DocumentRule]:
    """Declare a rule that sees one document at a time."""
    fields = _fields(code, name, severity, category, docs, options, uses_date)
    return lambda check: DocumentRule(check=check, **fields)


def project_rule(  # the keywords of document_rule, see there
    *,
    code: str,
    name: str,
    severity: str,
    category: str | None,
    docs: str | None,
    options: Mapping[str, Any] | None = None,
    uses_date: bool = False,
) -> Callable[[ProjectCheck], ProjectRule]:
    """Declare a rule that sees every document of the project at once."""
    fields = _fields(code, name, severity, category, docs, options, uses_date)
    return lambda check: ProjectRule(check=check, **fields)


def engine_rule(
    *, code: str, name: str, severity: str, docs: str | None, options: Mapping[str, Any] | None = None
) -> EngineCode:
    """Register a code the engine itself emits (F, V and K codes) so it has docs
    and can be selected, ignored and re-graded like any rule."""
    return EngineCode(**_fields(code, name, severity, None, docs, options, False))
