"""The one place the language server calls the lint engine.

Everything the server needs from a run is copied here into plain records
(:class:`FileLint`), so a change of the engine's internals touches only this
module. Buffers (unsaved editor texts) are linted in process: they replace
the files on disk for the run, so the project-wide rules see the project on
disk plus every open buffer. The engine never stores a buffer's analysis in
its per-file cache, and keys cached project findings by the content hash of
every file, so a buffer's result is never served for the file on disk, nor
the other way round.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, NamedTuple

from kpilint.diagnostics import Diagnostic, Fix, TextEdit

__all__ = ["Block", "FileLint", "Fix", "LintOptions", "ProjectKey", "SetupError", "TextEdit", "fix_of"]

if TYPE_CHECKING:
    from kpilint.engine import Session


class Block(NamedTuple):
    """A scalar value that spans several lines (1-based lines)."""

    key_line: int  # the line of its key, or where it starts (a sequence item)
    start: int  # the line the value starts on
    end: int  # the line it ends on
    style: str  # "" plain, "'" or '"' quoted, "|" literal, ">" folded


class FileLint(NamedTuple):
    """What a run found in one file, with what the code actions need."""

    path: str  # absolute
    diagnostics: tuple[Diagnostic, ...]
    blocks: tuple[Block, ...]
    is_json: bool


class LintOptions(NamedTuple):
    """The settings that shape a run (from the client's initializationOptions)."""

    config_file: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    today: dt.date | None = None


class ProjectKey(NamedTuple):
    """The project a file belongs to: the config file found for it and its root."""

    root: str
    config: str


class SetupError(Exception):
    """The configuration cannot be used (a bad key, an unknown code): one line."""


def open_project(folder: Path, options: LintOptions) -> tuple[ProjectKey, Session]:
    """Prepare a lint session for the project holding ``folder`` (an existing
    directory). Raises :class:`SetupError` on a configuration error."""
    from kpilint.engine import Options, UsageError, prepare

    try:
        session = prepare(
            [folder],
            Options(select=options.select, ignore=options.ignore, config_file=options.config_file, today=options.today, jobs=1),
        )
    except UsageError as exc:
        raise SetupError(str(exc)) from None
    config = session.config
    return ProjectKey(str(config.root), str(config.file or "")), session


def wants(session: Session, path: Path) -> bool:
    """Whether ``path`` is a KPI file of the session's project (its include
    globs, not excluded)."""
    from kpilint.discovery import Matcher
    matcher = Matcher.from_config(session.config)
    return matcher.included(path) and not matcher.excluded(path)


def lint_buffers(session: Session, buffers: Mapping[Path, str]) -> dict[str, FileLint]:
    """Lint the open ``buffers`` (absolute path -> text) of one project, with
    the rest of the project read from disk. Keyed by absolute path."""
    from kpilint.engine import run

    collecting = gc.isenabled()
    gc.disable()  # a run allocates much and frees little: collecting meanwhile only rescans it
    try:
        result = run(session, list(buffers), buffers=buffers)
    finally:
        if collecting:
            gc.freeze()  # what survived goes straight to the oldest generation
            gc.enable()
            gc.unfreeze()
    found: dict[str, list[Diagnostic]] = {}
    for diag in result.diagnostics:
        found.setdefault(diag.file or os.path.abspath(diag.path), []).append(diag)
    out: dict[str, FileLint] = {}
    for path in buffers:
        key = os.path.abspath(path)
        report = result.reports.get(key)
        blocks: list[Block] = []
        is_json = key.endswith(".json")
        if report is not None:
            is_json = report.is_json
            for doc in report.documents:
                source = doc.source
                values, keys = source.values, source.keys
                for yaml_path, scalar in source.scalars.items():
                    value = values.get(yaml_path)
                    if value is None or value.end_line <= value.line:
                        continue
                    key_span = keys.get(yaml_path)
                    key_line = key_span.line if key_span is not None else value.line
                    blocks.append(Block(key_line, value.line, value.end_line, scalar.style))
        out[key] = FileLint(key, tuple(found.get(key, ())), tuple(blocks), is_json)
    return out


def fix_of(diag: Diagnostic, newline: str = "\n") -> Fix | None:
    """The fix a rule attached to ``diag`` (edits in 1-based lines and
    code-point columns), its line breaks written as ``newline`` (the
    buffer's line ending)."""
    fix = diag.fix
    if fix is None or newline == "\n":
        return fix
    return fix._replace(edits=tuple(edit._replace(text=edit.text.replace("\n", newline)) for edit in fix.edits))
