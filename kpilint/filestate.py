"""What a run holds for each file: its documents and text (built on first
use for a file whose positions arrive packed), and its own findings."""

from __future__ import annotations

import functools
import marshal
from typing import Callable

from kpilint.core import DocFacts, DocMaps, FileResult, RawFinding
from kpilint.diagnostics import Span
from kpilint.document import Document
from kpilint.sourcemap import RawMaps, SourceMap


class FileReport:
    """What was loaded from one file: its documents, and its text. Both can be
    given as functions, called the first time something asks for them."""

    def __init__(
        self,
        path: str,
        documents: list[Document] | Callable[[], list[Document]],
        is_json: bool,
        text: str | Callable[[], str],
    ) -> None:
        self.path = path
        self.is_json = is_json
        self._documents = documents
        self._text = text

    @property
    def documents(self) -> list[Document]:
        if callable(self._documents):
            self._documents = self._documents()
        return self._documents

    @property
    def text(self) -> str:
        if callable(self._text):
            self._text = self._text()
        return self._text


class FileState:
    """One file of the run: what was loaded, and its findings so far."""

    __slots__ = ("report", "findings", "mentions_directive", "digest", "facts")

    def __init__(
        self,
        report: FileReport,
        findings: list[RawFinding],  # loader, schema and date-free document-rule findings
        mentions_directive: bool,  # the text holds `kpilint:` or `lint-disable`
        digest: str,  # content hash ("" for an in-memory buffer)
        facts: list[DocFacts],
    ) -> None:
        self.report = report
        self.findings = findings
        self.mentions_directive = mentions_directive
        self.digest = digest
        self.facts = facts

    def checkable(self) -> list[Document]:
        """The documents with a known envelope: the rules look at them."""
        return [doc for doc, fact in zip(self.report.documents, self.facts) if fact.ok]

    @property
    def unloaded(self) -> bool:
        """Whether the file could not be loaded (or only in part): an F001-F004 error."""
        return any(found.code in UNLOADED for found in self.findings)


#: The codes of a file that could not be loaded (or only in part).
UNLOADED = frozenset({"F001", "F002", "F003", "F004"})


def state_of(path: str, result: FileResult) -> FileState:
    """The state of a file just linted (its positions packed or plain)."""
    if result.blob is not None and not result.maps:  # from a worker: stays packed
        packed = Packed(path, result.facts, functools.partial(unpack, result.blob))
        report = FileReport(path, packed.documents, result.is_json, packed.text)
        return FileState(report, result.findings, result.mentions_directive, result.digest, result.facts)
    documents = [
        Document(path, fact.doc_index, fact.data, SourceMap(Span(*fact.root), values, keys, scalars, result.text), frozenset(fact.reported))
        for fact, (values, keys, scalars) in zip(result.facts, result.maps)
    ]
    report = FileReport(path, documents, result.is_json, result.text)
    return FileState(report, result.findings, result.mentions_directive, result.digest, result.facts)


def unpack(blob: bytes) -> tuple[str, list[DocMaps]]:
    """Text and positions from their marshalled form."""
    text, maps = marshal.loads(blob)
    return text, maps


class Packed:
    """The documents of a file built from their facts, with the text and
    positions loaded by ``source`` on first use."""

    __slots__ = ("path", "facts", "source", "_maps")

    def __init__(self, path: str, facts: list[DocFacts], source: Callable[[], tuple[str, list[DocMaps]]]) -> None:
        self.path = path
        self.facts = facts
        self.source = source
        self._maps: tuple[str, list[DocMaps]] | None = None

    def maps(self) -> tuple[str, list[DocMaps]]:
        if self._maps is None:
            self._maps = self.source()
        return self._maps

    def text(self) -> str:
        return self.maps()[0]

    def raw_maps(self, position: int) -> RawMaps:
        text, per_doc = self.maps()
        values, keys, scalars = per_doc[position]
        return values, keys, scalars, text

    def documents(self) -> list[Document]:
        return [
            Document(
                self.path,
                fact.doc_index,
                fact.data,
                SourceMap(Span(*fact.root), load=functools.partial(self.raw_maps, position)),
                frozenset(tuple(p) for p in fact.reported),
            )
            for position, fact in enumerate(self.facts)
        ]
