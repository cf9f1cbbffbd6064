"""``kpilint server`` end to end over stdio (pytest-lsp), with the recorded
capabilities of real clients: neovim 0.7 and VS Code push diagnostics,
neovim 0.10 pulls them. Positions are checked in UTF-16 code units, the
encoding these clients use."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from kpilint.server import actions, engine_adapter, positions

CLIENTS = ["neovim@v0.7.0", "visual-studio-code@v1.65.2"]

#: a KPI whose name and statement are vague (S101); a line of non-BMP
#: characters stands before the name, and the name's vague word follows some
KPI = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.leads
  # 🚀🚀 launch notes
  name: "🚀🚀 Get more leads"
spec:
  level: company
  owner: sales
  statement: >-
    Win better deals and
    more of them every quarter.
  metric:
    unit: deals
    direction: increase
    baseline: 40
    target: 50
    source: crm.deals
    frequency: monthly
  timeframe:
    start: 2031-01-01
    end: 2031-06-30
    review: monthly
  plan:
    - Call every lead within a day
"""


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to ``text``, last first."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        line = lines[pos.line]
        units, index = 0, 0
        while index < len(line) and units < pos.character:
            units += utf16(line[index])
            index += 1
        return sum(len(each) + 1 for each in lines[: pos.line]) + index

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "kpilint", "server"]))
async def client(lsp_client: LanguageClient) -> Any:
    yield
    await lsp_client.shutdown_session()


def project(tmp_path: Path, text: str = KPI, name: str = "sales.kpi.yaml") -> Path:
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def start(client: LanguageClient, spec: str, root: Path, **options: Any) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(spec),
            root_uri=root.as_uri(),
            initialization_options={"today": "2027-01-15", **options},
        )
    )


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="yaml", version=version, text=text)
        )
    )


def change(client: LanguageClient, path: Path, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    await notified(client)
    return list(client.diagnostics[path.as_uri()])


async def notified(client: LanguageClient) -> None:
    """The next publication (failing, not hanging, when none comes)."""
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 20)


def where(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    return [(str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) for d in diagnostics]


async def disable(client: LanguageClient, path: Path, text: str, diagnostic: types.Diagnostic) -> str:
    """Ask for the code actions at ``diagnostic`` (with no context
    diagnostics, as neovim 0.7 sends) and apply "Disable CODE for this line"."""
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=types.Range(diagnostic.range.start, diagnostic.range.start),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert found is not None
    titles = [a.title for a in found if isinstance(a, types.CodeAction)]
    action = next(a for a in found if isinstance(a, types.CodeAction) and a.title == f"Disable {diagnostic.code} for this line")
    assert action.edit is not None and action.edit.changes is not None, titles
    return apply(text, list(action.edit.changes[path.as_uri()]))


@pytest.mark.asyncio
@pytest.mark.parametrize("spec", CLIENTS)
async def test_open_publishes_diagnostics_in_utf16(client: LanguageClient, tmp_path: Path, spec: str) -> None:
    path = project(tmp_path)
    await start(client, spec, tmp_path, select=["S101"], docsUrl="https://example.org/rules#{anchor}")
    open_doc(client, path, KPI)
    diagnostics = await published(client, path)
    name_col = utf16('  name: "🚀🚀 Get ')  # each rocket is two UTF-16 units
    assert where(diagnostics) == [("S101", 5, name_col, 5, name_col + 4), ("S101", 10, 8, 10, 14)]
    first = diagnostics[0]
    assert first.source == "kpilint"
    assert first.severity == types.DiagnosticSeverity.Warning
    assert first.code_description is not None
    assert first.code_description.href == "https://example.org/rules#s101-vague-statement"


@pytest.mark.asyncio
@pytest.mark.parametrize("spec", CLIENTS)
async def test_change_updates_the_unsaved_buffer(client: LanguageClient, tmp_path: Path, spec: str) -> None:
    path = project(tmp_path)
    await start(client, spec, tmp_path, select=["S101", "M101"], debounce=50)
    open_doc(client, path, KPI)
    assert [d.code for d in await published(client, path)] == ["S101", "S101"]
    edited = KPI.replace("Get more leads", "Forty qualified leads").replace("    target: 50\n", "")
    change(client, path, edited, 2)
    assert [(d.code, d.range.start.line) for d in await published(client, path)] == [("S101", 10), ("M101", 12)]
    assert path.read_text(encoding="utf-8") == KPI  # linted the buffer, not the file


@pytest.mark.asyncio
@pytest.mark.parametrize("spec", CLIENTS)
async def test_disable_for_this_line_silences_the_finding(client: LanguageClient, tmp_path: Path, spec: str) -> None:
    path = project(tmp_path)
    await start(client, spec, tmp_path, select=["S101", "K"], debounce=0)
    open_doc(client, path, KPI)
    diagnostics = await published(client, path)
    text = await disable(client, path, KPI, diagnostics[0])  # the name
    assert '  name: "🚀🚀 Get more leads"  # kpilint: disable=S101 -- \n' in text
    change(client, path, text, 2)
    diagnostics = await published(client, path)
    assert where(diagnostics) == [("S101", 10, 8, 10, 14)]
    text = await disable(client, path, text, diagnostics[0])  # inside the `>-` statement
    assert "  statement: >-  # kpilint: disable=S101 -- \n    Win better deals and\n" in text
    change(client, path, text, 3)
    assert await published(client, path) == []


@pytest.mark.asyncio
async def test_pull_diagnostics_when_the_client_pulls(client: LanguageClient, tmp_path: Path) -> None:
    path = project(tmp_path)
    await start(client, "neovim@v0.10.0", tmp_path, select=["S101"])
    open_doc(client, path, KPI)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [(d.code, d.range.start.line) for d in report.items] == [("S101", 5), ("S101", 10)]
    assert path.as_uri() not in client.diagnostics  # nothing pushed


@pytest.mark.asyncio
async def test_settings_from_initialization_options(client: LanguageClient, tmp_path: Path) -> None:
    expired = KPI.replace("2031-06-30", "2026-06-30").replace("2031-01-01", "2026-01-01")
    path = project(tmp_path, expired)
    config = tmp_path / "other.toml"
    config.write_text("[rules.T103]\ncompany = 10\n", encoding="utf-8")
    await start(client, "neovim@v0.7.0", tmp_path, config="other.toml", select="T", ignore=["T105"], today="2026-02-01", bogus=1)
    open_doc(client, path, expired)
    assert [d.code for d in await published(client, path)] == ["T103"]  # max 10 days; not expired on 2026-02-01
    assert any("unknown setting `bogus`" in m.message for m in client.messages)


@pytest.mark.asyncio
async def test_a_cross_file_finding_follows_the_other_buffer(client: LanguageClient, tmp_path: Path) -> None:
    parent = project(tmp_path)
    child_text = KPI.replace("id: sales.leads", "id: sales.team-leads").replace("level: company", "level: team\n  parent: sales.leads")
    child = project(tmp_path, child_text, "child.kpi.yaml")
    await start(client, "neovim@v0.7.0", tmp_path, select=["H101"], debounce=0)
    open_doc(client, child, child_text)
    assert await published(client, child) == []
    open_doc(client, parent, KPI)
    await published(client, parent)
    change(client, parent, KPI.replace("id: sales.leads", "id: sales.renamed"), 2)
    while True:  # the parent's own publication, then the child's
        await notified(client)
        if client.diagnostics.get(child.as_uri()):
            break
    assert [d.code for d in client.diagnostics[child.as_uri()]] == ["H101"]
    assert parent.read_text(encoding="utf-8") == KPI


# -- the directive's place, checked against the engine ----------------------------

NAME = '  name: "🚀🚀 Get more leads"\n'
META = 'metadata:\n  id: sales.leads\n  # 🚀🚀 launch notes\n' + NAME

#: case -> (text replaced in KPI, its replacement, what the edited text holds,
#: the code and YAML path of the finding silenced)
DIRECTIVE_CASES: dict[str, tuple[str, str, str, str, str]] = {
    "plain value": (NAME, "  name: Get more leads\n", "  name: Get more leads  # kpilint: disable=S101 -- \n", "S101", "metadata.name"),
    "non-BMP characters before": (NAME, NAME, '  name: "🚀🚀 Get more leads"  # kpilint: disable=S101 -- \n', "S101", "metadata.name"),
    "after a comment": (
        NAME,
        "  name: Get more leads  # the old name\n",
        "  name: Get more leads  # kpilint: disable=S101 -- # the old name\n",
        "S101",
        "metadata.name",
    ),
    "added to a directive": (
        NAME,
        "  name: Get more leads  # kpilint: disable=S105 -- legacy\n",
        "  name: Get more leads  # kpilint: disable=S105,S101 -- legacy\n",
        "S101",
        "metadata.name",
    ),
    "multi-line plain on the key line": (
        NAME,
        "  name: Get more leads for the\n    team this year\n",
        "  # kpilint: disable=S101 -- \n  name: Get more leads for the\n    team this year\n",
        "S101",
        "metadata.name",
    ),
    "multi-line quoted on the key line": (
        NAME,
        '  name: "Get the team\n    more leads"\n',
        '  # kpilint: disable=S101 -- \n  name: "Get the team\n    more leads"\n',
        "S101",
        "metadata.name",
    ),
    "plain value below its key": (
        NAME,
        "  name:\n    Get the team\n    more leads\n",
        "  name:  # kpilint: disable=S101 -- \n    Get the team\n    more leads\n",
        "S101",
        "metadata.name",
    ),
    "beside a disable-file directive": (
        NAME,
        "  name: Get more leads  # kpilint: disable-file=S105\n",
        "  # kpilint: disable=S101 -- \n  name: Get more leads  # kpilint: disable-file=S105\n",
        "S101",
        "metadata.name",
    ),
    "block sequence item": (
        "    - Call every lead within a day\n",
        "    - Call every lead within a day\n    - >-\n      TBD once the\n      team is hired\n",
        "    - >-  # kpilint: disable=S105 -- \n      TBD once the\n",
        "S105",
        "spec.plan[1]",
    ),
    "flow mapping": (
        META,
        "metadata: {id: sales.leads, name: Get more leads}\n",
        "metadata: {id: sales.leads, name: Get more leads}  # kpilint: disable=S101 -- \n",
        "S101",
        "metadata.name",
    ),
    "flow mapping over two lines": (
        META,
        "metadata: {id: sales.leads,\n  name: Get more leads}\n",
        "  name: Get more leads}  # kpilint: disable=S101 -- \n",
        "S101",
        "metadata.name",
    ),
    "quoted key": (NAME, '  "name": Get more leads\n', '  "name": Get more leads  # kpilint: disable=S101 -- \n', "S101", "metadata.name"),
    "second document": (
        "apiVersion: kpilint/v1\n",
        "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: sales, name: Sales}\nspec: {type: team}\n---\napiVersion: kpilint/v1\n",
        "  name: \"🚀🚀 Get more leads\"  # kpilint: disable=S101 -- \n",
        "S101",
        "metadata.name",
    ),
}


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("case", sorted(DIRECTIVE_CASES))
def test_the_directive_covers_the_finding(tmp_path: Path, case: str, crlf: bool) -> None:
    old, replacement, expected, code, yaml_path = DIRECTIVE_CASES[case]
    assert old in KPI
    text = KPI.replace(old, replacement)
    if crlf:
        text, expected = text.replace("\n", "\r\n"), expected.replace("\n", "\r\n")
    path = project(tmp_path, text)
    _key, session = engine_adapter.open_project(tmp_path, engine_adapter.LintOptions(select=("S101", "S105", "K")))
    lint = engine_adapter.lint_buffers(session, {path: text})[str(path)]
    found = [d for d in lint.diagnostics if d.code == code and d.yaml_path == yaml_path]
    assert len(found) == 1, lint.diagnostics
    action = actions.disable_action(text, positions.split_lines(text), lint.blocks, found[0].line, code)
    assert action is not None and action.title == f"Disable {code} for this line"
    (edit,) = action.edits
    lines = positions.split_lines(text)
    newline = 2 if crlf else 1
    start = sum(len(line) + newline for line in lines[: edit.line - 1]) + edit.col - 1
    new = text[:start] + edit.text + text[start:]
    assert expected in new
    again = engine_adapter.lint_buffers(session, {path: new})[str(path)]
    left = [(d.code, d.yaml_path) for d in again.diagnostics]
    before = [(d.code, d.yaml_path) for d in lint.diagnostics]
    before.remove((code, yaml_path))
    assert left == before  # that finding gone, no K001 or K002 added


def test_a_comment_line_gets_no_directive() -> None:
    text = "# a note\napiVersion: kpilint/v1\n"
    assert actions.disable_action(text, positions.split_lines(text), [], 1, "V001") is None
    assert actions.disable_action(text, positions.split_lines(text), [], 2, "K900") is None


def test_a_buffer_result_is_never_served_for_the_file_on_disk(tmp_path: Path) -> None:
    path = project(tmp_path)
    _key, session = engine_adapter.open_project(tmp_path, engine_adapter.LintOptions(select=("S101",)))
    vague = [d.yaml_path for d in engine_adapter.lint_buffers(session, {path: KPI})[str(path)].diagnostics]
    clean = KPI.replace("Get more leads", "Forty leads").replace("Win better deals and\n    more of them", "Win 40 deals")
    assert engine_adapter.lint_buffers(session, {path: clean})[str(path)].diagnostics == ()
    from kpilint.engine import run

    assert [d.yaml_path for d in run(session, [path]).diagnostics] == vague  # the disk, after the buffer
    assert engine_adapter.lint_buffers(session, {path: clean})[str(path)].diagnostics == ()


def test_a_fix_attached_to_a_finding_becomes_an_action() -> None:
    """A finding's fix is offered as an action (safe: preferred; unsafe:
    said in the title); its line breaks follow the buffer's."""
    from kpilint.diagnostics import Diagnostic, Fix, Severity, TextEdit

    edit = TextEdit(3, 3, 3, 8, "target")
    for applicability, title, preferred in (("safe", "Rename `targt`", True), ("unsafe", "Rename `targt` (unsafe)", False)):
        diag = Diagnostic("x.kpi.yaml", 3, 3, "V001", 3, 8, Severity.ERROR, "m", fix=Fix("Rename `targt`", applicability, (edit,)))
        fix = engine_adapter.fix_of(diag)
        assert fix is not None
        action = actions.fix_action(fix)
        assert (action.title, action.preferred, action.edits) == (title, preferred, (edit,))
    moved = Diagnostic("x", 1, 1, "V001", 1, 2, Severity.ERROR, "m", fix=Fix("Move", "unsafe", (TextEdit(1, 1, 1, 1, "a: 1\n"),)))
    crlf = engine_adapter.fix_of(moved, "\r\n")
    assert crlf is not None and crlf.edits[0].text == "a: 1\r\n"


@pytest.mark.asyncio
async def test_changes_within_the_debounce_are_linted_once(client: LanguageClient, tmp_path: Path) -> None:
    path = project(tmp_path)
    await start(client, "neovim@v0.7.0", tmp_path, select=["S101"], debounce=300)
    open_doc(client, path, KPI)
    await published(client, path)
    change(client, path, KPI.replace("Get more leads", "Get more good leads"), 2)
    change(client, path, KPI.replace("Get more leads", "Forty leads"), 3)
    params = await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 20)
    assert params.version == 3  # the first change was never linted on its own
    assert [d.range.start.line for d in params.diagnostics] == [10]


@pytest.mark.asyncio
async def test_files_that_are_not_kpi_files_are_left_alone(client: LanguageClient, tmp_path: Path) -> None:
    project(tmp_path)
    other = tmp_path / "docker-compose.yaml"
    other.write_text("services: {}\n", encoding="utf-8")
    broken = tmp_path / "broken.kpi.yaml"
    await start(client, "neovim@v0.10.0", tmp_path)
    open_doc(client, other, "services: {}\n")
    open_doc(client, broken, "apiVersion: [\n\x00")
    for path, codes in ((other, []), (broken, ["F002"])):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert [d.code for d in report.items] == codes


def test_positions_in_each_encoding() -> None:
    lines = positions.split_lines("a: 🚀é x\r\nb")
    assert lines == ["a: 🚀é x", "b"]
    assert positions.to_client(lines, 1, 7, "utf-16") == (0, 7)
    assert positions.to_client(lines, 1, 7, "utf-8") == (0, 10)
    assert positions.to_client(lines, 1, 7, "utf-32") == (0, 6)
    assert positions.to_client(lines, 9, 1, "utf-16") == (1, 1)  # past the end: clamped
    assert positions.from_client(lines, positions.Position(0, 7), "utf-16") == (1, 7)


@pytest.mark.asyncio
async def test_a_bad_configuration_is_one_message(client: LanguageClient, tmp_path: Path) -> None:
    path = project(tmp_path)
    (tmp_path / "kpilint.toml").write_text("selectt = ['S']\n", encoding="utf-8")
    await start(client, "neovim@v0.10.0", tmp_path)
    open_doc(client, path, KPI)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport) and not report.items
    (message,) = [m for m in client.messages if "selectt" in m.message]
    assert message.type == types.MessageType.Error and message.message.startswith("kpilint: ")
    assert "\n" not in message.message


@pytest.mark.asyncio
@pytest.mark.parametrize("spec", CLIENTS)
async def test_a_safe_fix_is_a_quick_fix(client: LanguageClient, tmp_path: Path, spec: str) -> None:
    """A misspelt key (V001) is offered as a preferred quick fix with its
    edit; applying it makes the diagnostic go away."""
    typo = KPI.replace("    target: 50\n", "    tagret: 50\n")
    path = project(tmp_path, typo)
    await start(client, spec, tmp_path, select=["V001"], debounce=0)
    open_doc(client, path, typo)
    [diagnostic] = await published(client, path)
    assert where([diagnostic]) == [("V001", 16, 4, 16, 10)]
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=types.Range(diagnostic.range.start, diagnostic.range.start),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert found is not None
    action = next(a for a in found if isinstance(a, types.CodeAction) and a.title == "Rename `tagret` to `target`")
    assert action.is_preferred and action.kind == types.CodeActionKind.QuickFix
    assert action.edit is not None and action.edit.changes is not None
    text = apply(typo, list(action.edit.changes[path.as_uri()]))
    assert text == KPI
    change(client, path, text, 2)
    assert await published(client, path) == []
