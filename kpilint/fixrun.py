"""``check --fix`` / ``--unsafe-fixes`` / ``--diff``: fix passes over a run.

Each pass applies the fixes of the current findings to the texts in memory
(:mod:`kpilint.fixes`), re-parses each changed text (a text that no longer
parses is rolled back to its previous state, keeping only the fixes that
parse on their own), and lints the changed texts again, up to
:data:`~kpilint.fixes.MAX_PASSES` passes or until nothing changes. Files are
written (or diffed) only at the end.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kpilint.diagnostics import Diagnostic, Fix
from kpilint.fixes import MAX_PASSES, Encoded, apply_fixes, decode_exact, encode_exact, fixes_wanted

if TYPE_CHECKING:
    from kpilint.engine import Result, Session


class Fixed(NamedTuple):
    """One file changed by the fix passes."""

    file: str  # absolute
    shown: str  # as reports name it
    encoded: Encoded  # the text as read, and how to write it
    text: str  # the fixed text
    applied: int  # fixes applied


class Outcome(NamedTuple):
    files: tuple[Fixed, ...]
    result: Result  # the run over the fixed texts


def _parses(text: str, file: str, session: Session) -> bool:
    from kpilint.core import is_json_path
    from kpilint.loader import load_text

    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    if plain.startswith("\ufeff"):
        plain = plain[1:]
    loaded = load_text(plain, file, session.config.limits, is_json=is_json_path(file))
    return not any(p.code in ("F001", "F002", "F003", "F004") for p in loaded.problems)


def _apply_parsing(text: str, fixes: list[Fix], file: str, session: Session, failed: set[Fix]) -> tuple[str, int]:
    """``text`` with ``fixes`` applied, or with the first fix that parses on
    its own when all together do not (the others that fail are remembered)."""
    new, count = apply_fixes(text, fixes)
    if new == text or _parses(new, file, session):
        return new, count
    for fix in fixes:
        alone, applied = apply_fixes(text, [fix])
        if applied and alone != text and _parses(alone, file, session):
            return alone, 1
        failed.add(fix)
    return text, 0


def fix_run(session: Session, targets: list[Path], result: Result, *, unsafe: bool) -> Outcome:
    """Apply the fixes of ``result`` (and of the findings left after each pass)
    in memory; nothing is written here."""
    from kpilint.incremental import run

    read: dict[str, Encoded] = {}
    current: dict[str, str] = {}
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    failed: set[Fix] = set()
    for _ in range(MAX_PASSES):
        by_file: dict[str, list[Diagnostic]] = {}
        for diag in result.diagnostics:
            by_file.setdefault(diag.file or os.path.abspath(diag.path), []).append(diag)
        changed = False
        for file, diags in sorted(by_file.items()):
            fixes = [fix for fix in fixes_wanted(diags, unsafe) if fix not in failed]
            if not fixes:
                continue
            if file not in read:
                try:
                    read[file] = decode_exact(Path(file).read_bytes())
                except (OSError, ValueError):
                    continue
                shown[file] = diags[0].path
            text = current.get(file, read[file].text)
            new, count = _apply_parsing(text, fixes, file, session, failed)
            if new != text:
                current[file] = new
                counts[file] = counts.get(file, 0) + count
                changed = True
        if not changed:
            break
        result = run(session, targets, buffers={Path(file): text for file, text in current.items()})
    files = tuple(
        Fixed(file, shown[file], read[file], text, counts.get(file, 0))
        for file, text in sorted(current.items())
        if text != read[file].text
    )
    return Outcome(files, result)


def write(fixed: Fixed) -> None:
    """Write a fixed file back in place (its permissions kept), in its
    encoding, with its BOM."""
    Path(fixed.file).write_bytes(encode_exact(fixed.encoded, fixed.text))
