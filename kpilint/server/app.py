"""The language server: documents in, diagnostics and code actions out.

Diagnostics are pushed (``textDocument/publishDiagnostics``) when a document
is opened or saved, and after a change once the debounce delay has passed
without another change; a client that advertises pull diagnostics
(``textDocument.diagnostic``) gets none pushed and pulls them instead. Every
run lints all open buffers of the project at once, so a change that moves a
cross-file finding into another open document updates that one too.
Runs happen one at a time on a worker thread, so the server keeps reading
messages while it lints.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Sequence

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from kpilint import __version__
from kpilint.diagnostics import Diagnostic, Severity
from kpilint.fixes import newline_of
from kpilint.server import actions, engine_adapter, positions
from kpilint.server.engine_adapter import FileLint, ProjectKey, SetupError
from kpilint.server.settings import Settings, docs_href, read_settings

if TYPE_CHECKING:
    from kpilint.engine import Session

#: the names of the files a configuration is read from (saving one reloads it)
CONFIG_NAMES = frozenset({"kpilint.toml", ".kpilint.toml", "pyproject.toml"})
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class Published(NamedTuple):
    """The last lint of an open document: the text it saw, what it found,
    and those findings as LSP diagnostics (in the same order)."""

    version: int | None
    text: str
    lines: list[str]
    lint: FileLint
    diagnostics: list[types.Diagnostic]


class KpilintServer(LanguageServer):
    """pygls' server with the state of one editor connection."""

    def __init__(self) -> None:
        super().__init__("kpilint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = Settings()
        self.problems: list[str] = []
        self.sessions: dict[tuple[str, dt.date], tuple[ProjectKey, Session]] = {}  # by folder and day
        self.results: dict[str, Published] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.tasks: set[asyncio.Future[Any]] = set()
        self.shown: set[str] = set()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpilint-lint")

    # -- capabilities ----------------------------------------------------------

    @property
    def pulls(self) -> bool:
        """Whether the client pulls diagnostics (then none are pushed)."""
        text_document = self.client_capabilities.text_document
        return text_document is not None and text_document.diagnostic is not None

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    # -- messages to the user ----------------------------------------------------

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Show ``message`` once per connection."""
        if message in self.shown:
            return
        self.shown.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"kpilint: {message}"))

    def log(self, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Log, message=message))

    # -- linting -----------------------------------------------------------------

    def project_of(self, path: Path) -> tuple[ProjectKey, Session]:
        """The prepared session of the project holding ``path`` (cached by
        folder; prepared again on another day, for T104)."""
        folder = path.parent
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        key = (str(folder), dt.date.today())
        found = self.sessions.get(key)
        if found is None:
            found = self.sessions[key] = engine_adapter.open_project(folder, self.settings.lint)
        return found

    def run_engine(self, path: Path, texts: dict[Path, str]) -> dict[str, FileLint] | None:
        """On the worker thread (every engine call is made there, one at a
        time): lint ``path`` with the open buffers of its project; None when
        it is not a KPI file of its project."""
        project, session = self.project_of(path)
        if not engine_adapter.wants(session, path):
            return None
        buffers: dict[Path, str] = {}
        for other, text in texts.items():
            if other != path:
                other_project, other_session = self.project_of(other)
                if other_project != project or not engine_adapter.wants(other_session, other):
                    continue
            buffers[other] = text
        return engine_adapter.lint_buffers(session, buffers)

    def schedule(self, uri: str) -> None:
        """Lint ``uri`` once the debounce delay passes with no other change."""
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self.timers[uri] = loop.call_later(self.settings.debounce, lambda: self.spawn(self.lint(uri)))

    def spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def lint(self, uri: str) -> Published | None:
        """Lint ``uri`` with the other open buffers of its project; publish
        what changed (push mode) and return ``uri``'s result."""
        self.timers.pop(uri, None)
        try:
            return await self._lint(uri)
        except SetupError as exc:
            self.tell(str(exc), types.MessageType.Error)
        except Exception:  # never let a lint failure take the server down
            self.log("kpilint: internal error while linting " + uri + "\n" + traceback.format_exc())
            self.tell("internal error while linting; see the language server's log", types.MessageType.Error)
        return None

    async def _lint(self, uri: str) -> Published | None:
        path = _path_of(uri)
        if path is None or uri not in self.workspace.text_documents:
            return None
        snapshot: dict[str, tuple[str, int | None, str]] = {}  # path -> uri, version, text
        for other_uri, document in list(self.workspace.text_documents.items()):
            other = _path_of(other_uri)
            if other is not None:
                snapshot[str(other)] = (other_uri, document.version, document.source)
        texts = {Path(key): text for key, (_uri, _version, text) in snapshot.items()}
        loop = asyncio.get_running_loop()
        lints = await loop.run_in_executor(self.executor, self.run_engine, path, texts)
        if lints is None:
            return None
        mine: Published | None = None
        refresh = False
        for key, lint in lints.items():
            if key not in snapshot:
                continue
            doc_uri, version, text = snapshot[key]
            if doc_uri not in self.workspace.text_documents:
                continue  # closed meanwhile
            published = self.convert(version, text, lint)
            before = self.results.get(doc_uri)
            self.results[doc_uri] = published
            if doc_uri == uri:
                mine = published
            elif before is not None and before.diagnostics == published.diagnostics:
                continue
            elif before is None:
                continue  # not linted before: its own open or pull will publish it
            if self.pulls:
                refresh = refresh or doc_uri != uri
            else:
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=doc_uri, diagnostics=published.diagnostics, version=version)
                )
        if refresh and _refresh_supported(self.client_capabilities):
            self.workspace_diagnostic_refresh(None)
        return mine

    def convert(self, version: int | None, text: str, lint: FileLint) -> Published:
        lines = positions.split_lines(text)
        encoding = self.encoding
        docs = self.settings.docs_url
        out = [_lsp_diagnostic(diag, lines, encoding, docs) for diag in lint.diagnostics]
        return Published(version, text, lines, lint, out)

    async def current(self, uri: str) -> Published | None:
        """The result for the document's current text (linting it if stale)."""
        published = self.results.get(uri)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        if published is not None and published.version == document.version and published.text == document.source:
            return published
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        return await self.lint(uri)

    def forget(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if self.results.pop(uri, None) is not None and not self.pulls:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _path_of(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(os.path.abspath(path)) if path else None


def _refresh_supported(capabilities: types.ClientCapabilities) -> bool:
    workspace = capabilities.workspace
    return bool(workspace and workspace.diagnostics and workspace.diagnostics.refresh_support)


def _lsp_range(lines: list[str], line: int, col: int, end_line: int, end_col: int, encoding: str) -> types.Range:
    start = positions.to_client(lines, line, col, encoding)
    end = positions.to_client(lines, end_line, end_col, encoding)
    if end < start:
        end = start
    return types.Range(types.Position(*start), types.Position(*end))


def _lsp_diagnostic(diag: Diagnostic, lines: list[str], encoding: str, docs: str | None) -> types.Diagnostic:
    href = docs_href(docs, diag.code, diag.name)
    return types.Diagnostic(
        range=_lsp_range(lines, diag.line, diag.col, diag.end_line, diag.end_col, encoding),
        message=diag.message,
        severity=_SEVERITY.get(diag.severity, types.DiagnosticSeverity.Error),
        code=diag.code,
        source="kpilint",
        code_description=types.CodeDescription(href=href) if href else None,
        data={"yamlPath": diag.yaml_path, "docIndex": diag.doc_index},
    )


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _wants_quickfix(only: Sequence[str] | None) -> bool:
    if not only:
        return True
    kind = str(types.CodeActionKind.QuickFix)
    return any(str(k) == "" or kind == str(k) or kind.startswith(str(k) + ".") for k in only)


def _code_actions(server: KpilintServer, uri: str, published: Published, wanted: types.Range) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    lint, lines, encoding = published.lint, published.lines, server.encoding
    for diag, lsp in zip(lint.diagnostics, published.diagnostics):
        if not _overlaps(lsp.range, wanted):
            continue
        found: list[actions.Action] = []
        fix = engine_adapter.fix_of(diag, newline_of(published.text))
        if fix is not None:
            found.append(actions.fix_action(fix))
        if not lint.is_json:
            disable = actions.disable_action(published.text, lines, lint.blocks, diag.line, diag.code)
            if disable is not None:
                found.append(disable)
        for action in found:
            edits = [
                types.TextEdit(range=_lsp_range(lines, e.line, e.col, e.end_line, e.end_col, encoding), new_text=e.text)
                for e in action.edits
            ]
            out.append(
                types.CodeAction(
                    title=action.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    is_preferred=action.preferred or None,
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                )
            )
    return out


def make_server() -> KpilintServer:
    """A server with every feature registered (no global state: one per call)."""
    server = KpilintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: KpilintServer, params: types.InitializeParams) -> None:
        root = _path_of(params.root_uri) if params.root_uri else (Path(params.root_path) if params.root_path else None)
        if params.workspace_folders:
            root = _path_of(params.workspace_folders[0].uri) or root
        if root is not None and root.is_dir():
            os.chdir(root)  # a project without a config or git is rooted here (SPEC §3)
        ls.settings, ls.problems = read_settings(params.initialization_options, root)

    @server.feature(types.INITIALIZED)
    def initialized(ls: KpilintServer, params: types.InitializedParams) -> None:
        for problem in ls.problems:
            ls.tell(f"settings: {problem}")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: KpilintServer, params: types.DidOpenTextDocumentParams) -> None:
        if not ls.pulls:
            await ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KpilintServer, params: types.DidChangeTextDocumentParams) -> None:
        if not ls.pulls:
            ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: KpilintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = _path_of(uri)
        if path is not None and path.name in CONFIG_NAMES:
            ls.executor.submit(ls.sessions.clear)  # on the worker: it owns the sessions
            ls.shown.clear()
            for other in list(ls.results):
                ls.spawn(ls.lint(other))
            return
        if not ls.pulls:
            await ls.lint(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KpilintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="kpilint", inter_file_dependencies=True, workspace_diagnostics=False),
    )
    async def pull(ls: KpilintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        published = await ls.current(params.text_document.uri)
        items = published.diagnostics if published is not None else []
        return types.RelatedFullDocumentDiagnosticReport(items=items)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
    )
    async def code_action(ls: KpilintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        if not _wants_quickfix(params.context.only):
            return None
        uri = params.text_document.uri
        published = await ls.current(uri)
        if published is None:
            return None
        return _code_actions(ls, uri, published, params.range)

    return server
