"""What a run holds for each file: its documents and text (built on first
use for a file answered from the cache or by a worker), and its findings."""

from __future__ import annotations

import functools
import marshal
from typing import TYPE_CHECKING, Any, Callable

from kpilint.analysis import Analysis, Checker, DocMaps, RawDiag, analyse
from kpilint.diagnostics import Span
from kpilint.document import Document
from kpilint.reading import Limits
from kpilint.sourcemap import RawMaps, SourceMap

if TYPE_CHECKING:  # imported lazily at run time
    from kpilint.cache import Body, Cache, Located


class FileReport:
    """What was loaded from one file: its documents, and its text. For a file
    answered from the cache both are built only when something asks for them."""

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


def loader_only(limits: Limits) -> Checker:
    """Settings that only load a file (to recompute lost positions)."""
    return Checker(limits=limits, schema=False, rules=(), dated=(), contexts={})


class FileState:
    """One file of the run, fresh or from the cache."""

    __slots__ = ("report", "raw", "dated", "directives", "digest", "ok")

    def __init__(
        self,
        report: FileReport,
        raw: list[RawDiag],  # loader, schema and date-free document-rule findings
        dated: list[RawDiag] | None,  # None: date rules still to run (cached files)
        directives: bool,
        digest: str,
        ok: list[bool],  # per document: a known envelope, so rules look at it
    ) -> None:
        self.report = report
        self.raw = raw
        self.dated = dated
        self.directives = directives
        self.digest = digest
        self.ok = ok

    def checkable(self) -> list[Document]:
        return [doc for doc, ok in zip(self.report.documents, self.ok) if ok]


def fresh_state(path: str, analysis: Analysis, limits: Limits) -> FileState:
    ok = [fact[4] for fact in analysis.facts]
    if analysis.blob is not None and not analysis.maps:  # from a worker: stays packed
        packed = Packed(path, analysis.facts, functools.partial(_unpack, analysis.blob), limits)
        report = FileReport(path, packed.documents, analysis.is_json, packed.text)
        return FileState(report, analysis.raw, analysis.dated, analysis.directives, analysis.digest, ok)
    documents = [
        Document(path, index, data, SourceMap(Span(*root), values, keys, scalars, analysis.text), frozenset(reported))
        for (index, data, reported, root, _ok), (values, keys, scalars) in zip(analysis.facts, analysis.maps)
    ]
    report = FileReport(path, documents, analysis.is_json, analysis.text)
    return FileState(report, analysis.raw, analysis.dated, analysis.directives, analysis.digest, ok)


class Packed:
    """The text and positions of a file, kept marshalled and unpacked on first
    use (recomputed from the file if a cache lost them)."""

    __slots__ = ("path", "facts", "source", "limits", "located", "_maps")

    def __init__(
        self,
        path: str,
        facts: list[Any],
        source: Callable[[], tuple[str, list[DocMaps]]],
        limits: Limits,
        located: Callable[[], Located] | None = None,
    ) -> None:
        self.path = path
        self.facts = facts
        self.source = source
        self.limits = limits
        self.located = located  # where findings were located in this content before
        self._maps: tuple[str, list[DocMaps]] | None = None

    def maps(self) -> tuple[str, list[DocMaps]]:
        if self._maps is None:
            try:
                self._maps = self.source()
            except Exception:  # lost or damaged positions: recompute them
                again = analyse(self.path, loader_only(self.limits), diagnose=False)
                self._maps = (again.text, again.maps)
        return self._maps

    def text(self) -> str:
        return self.maps()[0]

    def raw_maps(self, position: int) -> RawMaps:
        text, per_doc = self.maps()
        values, keys, scalars = per_doc[position]
        return values, keys, scalars, text

    def documents(self) -> list[Document]:
        file = self.path
        located = self.located() if self.located is not None else {}
        return [
            Document(
                file,
                index,
                data,
                SourceMap(Span(*root), load=functools.partial(self.raw_maps, position), located=located.setdefault(index, {})),
                frozenset(tuple(p) for p in reported),
            )
            for position, (index, data, reported, root, _ok) in enumerate(self.facts)
        ]


def _unpack(blob: bytes) -> tuple[str, list[DocMaps]]:
    text, maps = marshal.loads(blob)
    return text, maps


def cached_state(path: str, body: Body, digest: str, cache: Cache, dated: list[RawDiag] | None = None) -> FileState:
    is_json, facts, raw, directives = body
    packed = Packed(path, facts, functools.partial(cache.maps, digest), cache.limits, functools.partial(cache.spans, digest))
    report = FileReport(path, packed.documents, is_json, packed.text)
    ok = [bool(fact[4]) for fact in facts]
    return FileState(report, raw, dated, directives, digest, ok)  # marshal keeps tuples
