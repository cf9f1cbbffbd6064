"""Find rules: built-ins in ``kpilint.rules``, plugins from the ``kpilint.rules``
entry-point group, and repo-local files named by ``rule-paths``."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

from kpilint.api import DocumentRule, ProjectRule, Rule
from kpilint.codes import plugin_code_problem
from kpilint.fileio import listing_signature
from kpilint.ruleindex import Digests, RuleInfo, info_of, load_index, module_digests, rule_modules, rules_folder

ENTRY_POINT_GROUP = "kpilint.rules"


class RegistryError(Exception):
    """A rule could not be loaded or clashes with another (exit 2)."""


class Registry:
    """All known rules, by code.

    Built-in rules known from the index (:mod:`kpilint.ruleindex`) are
    imported only when something needs more than their :class:`RuleInfo`
    (their check function or docs)."""

    __slots__ = ("infos", "_loaded", "stamps")

    def __init__(self, rules: dict[str, Rule], infos: dict[str, RuleInfo] | None = None) -> None:
        self._loaded = dict(rules)
        self.infos: dict[str, RuleInfo] = {code: info_of(rule) for code, rule in rules.items()}
        self.infos.update(infos or {})
        self.stamps: list[tuple[str, str]] = []  # modules of the rules folder: (name, content hash), for the cache key

    @property
    def rules(self) -> dict[str, Rule]:
        """Every rule, imported."""
        return {code: rule for code in sorted(self.infos) if (rule := self.get(code)) is not None}

    def codes(self) -> list[str]:
        return sorted(self.infos)

    def info(self, code: str) -> RuleInfo | None:
        return self.infos.get(code)

    def get(self, code: str) -> Rule | None:
        rule = self._loaded.get(code)
        if rule is None and code in self.infos:
            module = importlib.import_module(f"kpilint.rules.{self.infos[code].module}")
            for found in rules_in(module):
                self._loaded.setdefault(found.code, found)
            rule = self._loaded.get(code)
        return rule

    def sorted(self) -> list[Rule]:
        return list(self.rules.values())

    def sorted_infos(self) -> list[RuleInfo]:
        return [self.infos[code] for code in sorted(self.infos)]


def rules_in(obj: Any) -> list[Rule]:
    """The rules an object holds: a rule, a module's rules, or a list of them."""
    return _rules_in(obj)


def _rules_in(obj: Any) -> list[Rule]:
    if isinstance(obj, Rule):
        return [obj]
    if isinstance(obj, ModuleType):
        return [value for value in vars(obj).values() if isinstance(value, Rule)]
    if isinstance(obj, (list, tuple)):
        return [rule for item in obj for rule in _rules_in(item)]
    return []


def _add(found: dict[str, Rule], rules: Iterable[Rule], origin: str) -> None:
    for rule in rules:
        if origin != "builtin":
            problem = plugin_code_problem(rule.code)
            if problem is not None:
                raise RegistryError(f"{problem} ({origin})")
            rule = rule._replace(origin=origin)
        other = found.get(rule.code)
        if other is not None and other is not rule and _check_of(other) is not _check_of(rule):
            raise RegistryError(f"rule code {rule.code} from {origin} is already defined by {other.origin}")
        found[rule.code] = rule


def _check_of(rule: Rule) -> object:
    """A rule's check function (None for an engine code): the same module
    imported twice defines equal rules with the very same function."""
    return rule.check if isinstance(rule, (DocumentRule, ProjectRule)) else None


def builtin_rules() -> list[Rule]:
    """Every built-in rule, imported."""
    out: list[Rule] = []
    for name in rule_modules(rules_folder()):
        out.extend(_rules_in(importlib.import_module(f"kpilint.rules.{name}")))
    return out


def may_have_plugins(seen: list[tuple[str, tuple[int, ...] | None]] | None = None) -> bool:
    """Whether any installed distribution declares a ``kpilint.rules`` entry
    point. A cheap look at the ``entry_points.txt`` files on ``sys.path``, so
    that a run without plugins does not pay for importing and scanning
    ``importlib.metadata``; when in doubt, it says yes.

    With ``seen``, also note the signature (inode, mtime_ns, ctime_ns) of
    every folder listed and ``entry_points.txt`` read, each taken before it
    is read (``None`` for a folder of ``sys.path`` that does not exist, ``()``
    for one that cannot be looked at): a caller may remember a "no" until
    one of them changes (a distribution installed or removed changes its
    folder; an entry point added, its own folder)."""
    marker = f"[{ENTRY_POINT_GROUP}]"
    for folder in sys.path:
        where = folder or "."
        try:
            if seen is not None:
                seen.append((os.path.abspath(where), listing_signature(os.stat(where))))
            names = os.listdir(where)
        except OSError as exc:
            if seen is not None:
                seen.append((os.path.abspath(where), None if isinstance(exc, FileNotFoundError) else ()))
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            dist = os.path.join(where, name)
            try:
                if seen is not None:
                    seen.append((os.path.abspath(dist), listing_signature(os.stat(dist))))
                with open(os.path.join(dist, "entry_points.txt"), encoding="utf-8", errors="replace") as handle:
                    if seen is not None:
                        seen.append((os.path.abspath(handle.name), listing_signature(os.fstat(handle.fileno()))))
                    if marker in handle.read():
                        return True
            except FileNotFoundError:
                continue
            except OSError:
                return True
    return False


def plugin_rules(may_have: Callable[[], bool] = may_have_plugins) -> list[tuple[str, list[Rule]]]:
    if not may_have():
        return []
    from importlib.metadata import entry_points

    out: list[tuple[str, list[Rule]]] = []
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        origin = f"plugin {entry.name}" + (f" ({entry.dist.name} {entry.dist.version})" if entry.dist else "")
        try:
            loaded = entry.load()
        except Exception as exc:
            raise RegistryError(f"cannot load rule plugin {entry.name!r} ({entry.value}): {exc}") from None
        rules = _rules_in(loaded)
        if not rules:
            raise RegistryError(f"rule plugin {entry.name!r} ({entry.value}) defines no rule")
        out.append((origin, rules))
    return out


def file_rules(path: Path) -> list[Rule]:
    """Load the rules defined in one Python file (a ``rule-paths`` entry)."""
    name = "kpilint_local_rules_" + "".join(c if c.isalnum() else "_" for c in str(path.resolve()))
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RegistryError(f"cannot load rule file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(name, None)
        raise RegistryError(f"cannot load rule file {path}: {type(exc).__name__}: {exc}") from None
    rules = _rules_in(module)
    if not rules:
        raise RegistryError(f"rule file {path} defines no rule")
    return rules


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Expand ``rule-paths`` entries: a ``.py`` file, or every ``.py`` in a folder."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.glob("*.py") if not p.name.startswith("_")))
        elif path.is_file():
            out.append(path)
        else:
            raise RegistryError(f"rule path {path} does not exist")
    return out


def _add_house(found: dict[str, Rule], builtin: Iterable[str], rules: Iterable[Rule], where: str) -> None:
    """House rules (declared in the config, origin already set): a code another
    rule has is a config error naming the rule and its ``code``."""
    taken = set(builtin)
    for rule in rules:
        other = found.get(rule.code)
        if other is not None or rule.code in taken:
            owner = "a built-in rule" if other is None or other.origin == "builtin" else _origin_text(other.origin)
            raise RegistryError(f"{where}: custom rule {rule.code}: `code` {rule.code} is already the code of {owner}")
        found[rule.code] = rule


def _origin_text(origin: str) -> str:
    return origin if origin.startswith(("plugin", "rule file")) else f"a rule from {origin}"


def build_registry(
    *,
    plugins: bool = True,
    rule_paths: Iterable[Path] = (),
    extra: Iterable[Rule] = (),
    house: Iterable[Rule] = (),
    house_where: str = "configuration",
    digests_of: Digests = module_digests,
    may_have: Callable[[], bool] = may_have_plugins,
) -> Registry:
    """Every rule of a run; ``digests_of`` gives the content hashes of the
    modules of the rules folder (by default, read and hashed now), and
    ``may_have`` whether plugins may be installed (by default, looked up now)."""
    found: dict[str, Rule] = {}
    folder = rules_folder()
    indexed = load_index(folder, digests_of)
    if indexed is None:
        _add(found, builtin_rules(), "builtin")
    if plugins:
        for origin, rules in plugin_rules(may_have):
            _add(found, rules, origin)
    for path in rule_files(rule_paths):
        _add(found, file_rules(path), f"rule file {path.name}")
    _add(found, extra, "given")
    _add_house(found, [info.code for info in indexed[0]] if indexed is not None else (), house, house_where)
    if indexed is None:
        registry = Registry(found)
        registry.stamps = sorted(digests_of(folder).items())  # the cache still sees every edit
        return registry
    infos, stamps = indexed
    clashes = {info.module for info in infos if info.code in found}
    if clashes:  # judged as above, with the built-in rules involved imported
        merged: dict[str, Rule] = {}
        for module in sorted(clashes):
            _add(merged, _rules_in(importlib.import_module(f"kpilint.rules.{module}")), "builtin")
        for rule in found.values():
            _add(merged, [rule], rule.origin)
        found = merged
    registry = Registry(found, {info.code: info for info in infos if info.code not in found})
    registry.stamps = stamps
    return registry
