"""Applying fixes to a file's text (pure functions; the CLI reads and writes).

Edits are in the engine's coordinates (1-based lines, code-point columns,
end exclusive) and are applied to the file's text as written: its own line
endings (CRLF, CR or LF) and no BOM (the caller keeps the BOM and the
encoding). A line break in new text is written as the file's line ending.
Edits of one pass never overlap: a fix whose edits overlap one already
taken waits for the next pass. They are applied back to front, so earlier
positions stay valid.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, NamedTuple, Sequence

from kpilint.diagnostics import Diagnostic, Fix, TextEdit
from kpilint.reading import BOMS

#: at most this many passes of fixing per run (as ESLint)
MAX_PASSES = 10
_BREAK = re.compile(r"\r\n|\r|\n")
_F_CODE = re.compile(r"F\d{3}$")
TAB_FIX_CODE = "F002"


class Encoded(NamedTuple):
    """A file's text as written, and how to write it back."""

    text: str
    bom: bytes
    encoding: str


def decode_exact(data: bytes) -> Encoded:
    """The text of ``data`` with its line endings kept (raises ValueError
    when it cannot be decoded)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return Encoded(data[len(bom) :].decode(name), bom, name)
    return Encoded(data.decode("utf-8"), b"", "utf-8")


def encode_exact(encoded: Encoded, text: str) -> bytes:
    return encoded.bom + text.encode(encoded.encoding)


def newline_of(text: str) -> str:
    """The file's line ending (its first one; ``\\n`` when it has none)."""
    found = _BREAK.search(text)
    return found.group(0) if found else "\n"


def fixes_wanted(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[Fix]:
    """The fixes to apply to one file, in report order. A file with an
    F-code gets none, except the tab-indentation fix attached to F002."""
    diagnostics = list(diagnostics)
    broken = any(_F_CODE.match(d.code) for d in diagnostics)
    out: list[Fix] = []
    for diag in diagnostics:
        fix = diag.fix
        if fix is None or (fix.applicability == "unsafe" and not unsafe) or fix.applicability not in ("safe", "unsafe"):
            continue
        if broken and diag.code != TAB_FIX_CODE:
            continue
        out.append(fix)
    return out


def _offsets(text: str) -> list[int]:
    return [0] + [m.end() for m in _BREAK.finditer(text)]


def _offset(text: str, starts: Sequence[int], line: int, col: int) -> int | None:
    if line == len(starts) + 1 and col == 1:
        return len(text)
    if not 1 <= line <= len(starts) or col < 1:
        return None
    begin = starts[line - 1]
    stop = starts[line] if line < len(starts) else len(text)
    content = _BREAK.sub("", text[begin:stop])
    if col - 1 > len(content):
        return None
    return begin + col - 1


def _ranges(text: str, starts: Sequence[int], fix: Fix) -> list[tuple[int, int, str]] | None:
    out = []
    newline = newline_of(text)
    for edit in fix.edits:
        start = _offset(text, starts, edit.line, edit.col)
        end = _offset(text, starts, edit.end_line, edit.end_col)
        if start is None or end is None or end < start:
            return None
        out.append((start, end, edit.text.replace("\n", newline) if newline != "\n" else edit.text))
    return out


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    """``text`` with every fix of ``fixes`` whose edits overlap none of an
    earlier one applied; and how many were applied."""
    starts = _offsets(text)
    taken: list[tuple[int, int, str]] = []
    applied = 0
    for fix in fixes:
        ranges = _ranges(text, starts, fix)
        if not ranges or any(_overlap(a, b) for a in ranges for b in taken) or any(
            _overlap(a, b) for i, a in enumerate(ranges) for b in ranges[i + 1 :]
        ):
            continue
        taken.extend(ranges)
        applied += 1
    out = text
    for start, end, new in sorted(taken, key=lambda r: (r[0], r[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out, applied


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """``text`` with ``edits`` (one fix's edits) applied."""
    return apply_fixes(text, [Fix("", "safe", tuple(edits))])[0]


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of one file that ``patch -p1`` (and ``git apply``)
    applies: ``a/NAME`` and ``b/NAME`` headers, line endings kept, and the
    "No newline at end of file" marker where one is missing."""
    if before == after:
        return ""
    old = _lines(before)
    new = _lines(after)
    out = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=3):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    out = []
    begin = 0
    for match in _BREAK.finditer(text):
        out.append(text[begin : match.end()])
        begin = match.end()
    if begin < len(text):
        out.append(text[begin:])
    return out
