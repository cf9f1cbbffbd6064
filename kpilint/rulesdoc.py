"""Rule documentation: parse a rule's docstring into its sections, and render
the rules reference (``docs/rules.md``) from the registry.

Regenerate the reference with ``python -m kpilint.rulesdoc docs/rules.md``;
check it with ``python -m kpilint.rulesdoc --check docs/rules.md``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kpilint.api import CATEGORIES, Rule

HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "Use instead:", "## Options")
_FENCE = re.compile(r"```yaml\n(.*?)```", re.DOTALL)
_OPTION = re.compile(r"^- `([a-z0-9-]+)`", re.MULTILINE)


@dataclass(frozen=True)
class RuleDocs:
    what: str
    why: str
    example: str  # the failing snippet ("" when it cannot be written as text)
    use_instead: str  # the passing snippet
    options: tuple[str, ...]  # option names documented under "## Options"


def missing_headings(docs: str) -> list[str]:
    """Headings absent from ``docs`` or out of order."""
    missing: list[str] = []
    position = 0
    for heading in HEADINGS:
        found = docs.find(heading, position)
        if found < 0:
            missing.append(heading)
        else:
            position = found + len(heading)
    return missing


def parse(docs: str) -> RuleDocs:
    def between(start: str, end: str) -> str:
        head = docs.split(start, 1)[1] if start in docs else ""
        return head.split(end, 1)[0] if end in head else head

    example = _FENCE.search(between("## Example", "Use instead:"))
    good = _FENCE.search(between("Use instead:", "## Options"))
    options_text = docs.split("## Options", 1)[1] if "## Options" in docs else ""
    return RuleDocs(
        what=between("## What it does", "## Why is this bad?").strip(),
        why=between("## Why is this bad?", "## Example").strip(),
        example=example.group(1) if example else "",
        use_instead=good.group(1) if good else "",
        options=tuple(_OPTION.findall(options_text)),
    )


def render_reference(rules: list[Rule]) -> str:
    """The markdown rules reference."""
    out = [
        "# Rules reference",
        "",
        "<!-- Generated from the rules' docstrings by `python -m kpilint.rulesdoc docs/rules.md`; do not edit. -->",
        "",
        "| code | name | SMART | default | what it checks |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        category = CATEGORIES.get(rule.category or "", "-")
        summary = rule.summary.replace("|", "\\|")
        out.append(f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} | {category} | {rule.severity.value} | {summary} |")
    for rule in rules:
        category = CATEGORIES.get(rule.category or "", "none")
        out += [
            "",
            f"## {rule.code} {rule.name}",
            "",
            f"Default severity: **{rule.severity.value}** · SMART category: {category} · {rule.kind} rule",
            "",
            rule.docs.replace("## ", "### "),
        ]
    return "\n".join(out) + "\n"


USAGE = "usage: python -m kpilint.rulesdoc [--check] [PATH]"


def main(argv: list[str] | None = None) -> int:
    """Write the reference to PATH (or standard output); with ``--check``,
    only say whether PATH is up to date (exit 1 when it is stale)."""
    from kpilint.registry import build_registry

    args = sys.argv[1:] if argv is None else argv
    if any(arg in ("-h", "--help") for arg in args):
        print(USAGE)
        return 0
    check = "--check" in args
    paths = [arg for arg in args if arg != "--check"]
    unknown = [arg for arg in paths if arg.startswith("-")]
    if unknown or len(paths) > 1 or (check and not paths):
        problem = f"unknown option {unknown[0]}" if unknown else "--check needs a PATH" if check and not paths else "one PATH at most"
        print(f"{USAGE}\nerror: {problem}", file=sys.stderr)
        return 2
    text = render_reference(build_registry(plugins=False).sorted())
    if check:
        path = Path(paths[0])
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            print(f"{path} is stale: run `python -m kpilint.rulesdoc {path}`", file=sys.stderr)
            return 1
        return 0
    if paths:
        Path(paths[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
