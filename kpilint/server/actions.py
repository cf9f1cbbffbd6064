"""Code actions for the server's own diagnostics.

Each action is a list of text edits in kpilint's coordinates (1-based lines,
code-point columns, end exclusive), turned into LSP edits by the server. Two
sources of actions:

- a fix a rule attached to a finding (``safe`` or ``unsafe``), offered as is;
- "Disable CODE for this line": a ``# kpilint: disable=CODE -- `` directive
  written where it covers the finding (SPEC §3, suppression): trailing on the
  finding's line, or on the key line of a value that spans several lines (a
  block scalar, a multi-line plain or quoted scalar, a block sequence item).
  A line whose comment already is a ``disable=`` directive gets the code added
  to it. When no trailing comment can stand on that line (a multi-line plain
  or quoted value starts there, or its comment is another ``kpilint:``
  directive), the directive goes on a line of its own just above, which
  covers the next line. JSON has no comments, and a finding on a line that is
  only a comment cannot be covered by a line directive: neither gets the
  action (``metadata.lint-disable`` or ``disable-file`` remain).
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from kpilint.server.engine_adapter import Block, Fix, TextEdit

#: codes no line directive silences: the run's own failure, and files whose
#: text could not be read at all
NOT_DISABLED = frozenset({"K900", "F001", "F004"})
_CODES = re.compile(r"[ \t]*kpilint:[ \t]*disable[ \t]*=[ \t]*[A-Za-z0-9]+(?:[ \t]*,[ \t]*[A-Za-z0-9]+)*", re.I)


class Action(NamedTuple):
    """One code action: a title, its edits, and whether editors may apply it
    by default (a safe fix)."""

    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False


def fix_action(fix: Fix) -> Action:
    title = fix.title if fix.applicability == "safe" else f"{fix.title} (unsafe)"
    return Action(title, fix.edits, preferred=fix.applicability == "safe")


def disable_action(text: str, lines: Sequence[str], blocks: Sequence[Block], line: int, code: str) -> Action | None:
    """"Disable CODE for this line", or None where no line directive can cover it."""
    if code in NOT_DISABLED:
        return None
    edit = directive_edit(text, lines, blocks, line, code)
    return Action(f"Disable {code} for this line", (edit,)) if edit is not None else None


def directive_line(blocks: Sequence[Block], line: int) -> int:
    """The line whose trailing directive covers a finding on ``line``."""
    for block in blocks:
        if block.start <= line <= block.end:
            return block.key_line
    return line


def directive_edit(text: str, lines: Sequence[str], blocks: Sequence[Block], line: int, code: str) -> TextEdit | None:
    """The edit that silences ``code`` on ``line`` with a directive."""
    from kpilint import suppressions

    target = directive_line(blocks, line)
    if not 1 <= target <= len(lines):
        return None
    content = lines[target - 1]
    hash_col = next((col for number, col, _ in suppressions.comments(text) if number == target), None)
    before = content[: hash_col - 1] if hash_col is not None else content
    if not before.strip():
        return None  # a blank or comment-only line: a directive there covers the next line
    # a plain or quoted value that starts here and goes on: a `#` at the end
    # of the line would end it (or be text)
    trailing = not any(b.start == target < b.end and b.style not in ("|", ">") for b in blocks)
    if trailing:
        if hash_col is None:
            end = len(content) + 1
            return TextEdit(target, end, target, end, f"  # kpilint: disable={code} -- ")
        comment = content[hash_col:]
        if comment.lstrip(" \t").startswith("kpilint:"):
            codes = _CODES.match(comment)
            if codes is not None and _valid_line_directive(comment):
                at = hash_col + 1 + codes.end()
                return TextEdit(target, at, target, at, f",{code}")
        else:
            return TextEdit(target, hash_col, target, hash_col, f"# kpilint: disable={code} -- ")
    indent = content[: len(content) - len(content.lstrip(" \t"))]
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
    return TextEdit(target, 1, target, 1, f"{indent}# kpilint: disable={code} -- {newline}")


def _valid_line_directive(comment: str) -> bool:
    """Whether the text after a ``#`` is a valid ``disable=`` directive."""
    from kpilint import suppressions

    parsed = suppressions.parse("#" + comment, [])
    return not parsed.malformed and len(parsed.directives) == 1 and not parsed.directives[0].whole_file
