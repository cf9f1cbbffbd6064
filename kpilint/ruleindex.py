"""The index of the built-in rules: what a run needs to know about each rule
(code, name, severity, kind, options...) without importing its module.

A run answered from the cache imports only the rules it has to run (the
date rules, and the project rules when the project changed); the index
tells it about the others. ``rules/_index.py`` is generated from the rules
themselves (``python -m kpilint.ruleindex``) and a test fails when it is
stale. At run time the index is used only when it matches the rule modules
on disk exactly: the same set of modules, each with the content hash
recorded. A rule edited without regenerating the index (even an edit that
keeps the file's size, such as an option default changed from 6 to 3) is
simply imported as before, so ``kpilint rules`` and the engine never
disagree. Hashing the modules costs well under a millisecond; importing them
all costs tens.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from kpilint.api import Rule, RuleKind, default_options
from kpilint.diagnostics import Severity
from kpilint.fileio import content_hash

INDEX_MODULE = "_index"


class RuleInfo(NamedTuple):
    """A rule's identity and defaults, without its check function or docs."""

    code: str
    name: str
    severity: Severity
    category: str | None
    kind: RuleKind
    uses_date: bool
    options: Mapping[str, Any]
    origin: str
    module: str  # the module that defines the rule ("" if not importable by name)

    def default_options(self) -> dict[str, Any]:
        return default_options(self.options)


def info_of(rule: Rule, module: str = "") -> RuleInfo:
    return RuleInfo(
        rule.code, rule.name, rule.severity, rule.category, rule.kind, rule.uses_date, rule.options, rule.origin, module
    )


def rules_folder() -> str:
    import kpilint.rules

    return list(kpilint.rules.__path__)[0]


def rule_modules(folder: str) -> list[str]:
    """The names of the built-in rule modules (one rule each, or a few)."""
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and not name.startswith("_"))


def hashed_modules(folder: str) -> list[str]:
    """The file names of the modules :func:`module_digests` hashes, sorted."""
    return sorted(name for name in os.listdir(folder) if name.endswith(".py") and name != INDEX_MODULE + ".py")


def module_digest(path: str) -> str:
    """The content hash of one module, line endings normalised (a checkout
    with CRLF is the same rule)."""
    with open(path, "rb", buffering=0) as handle:  # unbuffered: one read
        return content_hash(handle.readall().replace(b"\r\n", b"\n"))


def module_digests(folder: str) -> dict[str, str]:
    """The content hash of every Python module in the rules folder, by name:
    the rule modules and their shared helpers (``_text``, ``_evidence``), not
    the generated index."""
    return {name[:-3]: module_digest(os.path.join(folder, name)) for name in hashed_modules(folder)}


#: How a run learns :func:`module_digests` (a caller may remember them between runs).
Digests = Callable[[str], Mapping[str, str]]


def check_index(
    index: Iterable[Any], folder: str, digests_of: Digests = module_digests
) -> tuple[list[RuleInfo], list[tuple[str, str]]] | None:
    """The built-in rules described by ``index``, and the content hash of each
    module of the rules folder (for the cache key); None when the index does
    not describe the rule modules in ``folder`` exactly."""
    try:
        digests = digests_of(folder)
        entries = list(index)
        if [module for module, _digest, _rules in entries] != rule_modules(folder):
            return None
        infos: list[RuleInfo] = []
        for module, digest, rules in entries:
            if digests.get(module) != digest:
                return None
            for code, name, severity, category, kind, uses_date, options in rules:
                if kind not in ("document", "project", "engine"):
                    return None
                infos.append(RuleInfo(code, name, Severity(severity), category, kind, uses_date, options, "builtin", module))
        return infos, sorted(digests.items())
    except (OSError, ValueError, TypeError):
        return None


def load_index(folder: str, digests_of: Digests = module_digests) -> tuple[list[RuleInfo], list[tuple[str, str]]] | None:
    """The built-in rules from the generated index, and the content hash of
    each module; None when the index is missing or stale."""
    try:
        from kpilint.rules._index import INDEX  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return check_index(INDEX, folder, digests_of)


def render_index(folder: str, by_module: Iterable[tuple[str, list[Rule]]]) -> str:
    import pprint

    digests = module_digests(folder)
    entries = []
    for module, rules in by_module:
        described = tuple(
            (r.code, r.name, r.severity.value, r.category, r.kind, r.uses_date, dict(r.options)) for r in rules
        )
        entries.append((module, digests[module], described))
    body = pprint.pformat(tuple(entries), width=120, sort_dicts=False)
    return (
        '"""Generated by `python -m kpilint.ruleindex` from the rule modules; do not edit.\n\n'
        "Per module: its name, the hash of its content, and per rule: code, name, default\n"
        'severity, SMART category, kind, whether it reads the date, and its options."""\n\n'
        "from typing import Any\n\n"
        f"INDEX: tuple[Any, ...] = {body}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Write ``rules/_index.py`` (or check it with ``--check``)."""
    import importlib

    from kpilint.registry import rules_in

    args = sys.argv[1:] if argv is None else argv
    folder = rules_folder()
    by_module = [(name, rules_in(importlib.import_module(f"kpilint.rules.{name}"))) for name in rule_modules(folder)]
    text = render_index(folder, by_module)
    path = os.path.join(folder, INDEX_MODULE + ".py")
    if "--check" in args:
        with open(path, encoding="utf-8") as handle:
            current = handle.read()
        if current != text:
            print(f"{path} is stale: run `python -m kpilint.ruleindex`", file=sys.stderr)
            return 1
        return 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
