"""What a run is asked to do: the command line's options, and the session
they resolve to (configuration, rules, selection, rule options)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple, Protocol

from kpilint.api import Rule, RuleContext
from kpilint.config import Config, ConfigError, ConfigMemo, conforms, find_config, load_config, project_root
from kpilint.diagnostics import Severity
from kpilint.houserules import house_rules
from kpilint.registry import Registry, RegistryError, build_registry, may_have_plugins
from kpilint.ruleindex import RuleInfo, module_digests
from kpilint.selection import Selection, SelectionError, build_selection, check_selectors


class UsageError(Exception):
    """Bad configuration, unknown codes, missing paths: exit 2, one line."""


class Options(NamedTuple):
    """What the user asked for on the command line (None = from config)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    config_file: Path | None = None
    isolated: bool = False
    force_exclude: bool = False
    today: dt.date | None = None
    use_cache: bool = True
    jobs: int | None = None
    extra_rules: tuple[Rule, ...] = ()  # rules given directly (kpilint.testing)


class Session(NamedTuple):
    """Everything fixed for one run: config, rules, selection, rule options."""

    config: Config
    registry: Registry
    selection: Selection
    rule_options: Mapping[str, Mapping[str, Any]]
    today: dt.date
    fail_on: Severity
    force_exclude: bool = False
    use_cache: bool = True
    jobs: int = 1

    def context(self, rule: Rule | RuleInfo) -> RuleContext:
        return RuleContext(self.rule_options.get(rule.code, {}), self.today, self.rule_options)


def _options_for(registry: Registry, config: Config) -> dict[str, dict[str, Any]]:
    where = config.file or "configuration"
    out: dict[str, dict[str, Any]] = {}
    for code, given in config.rule_options.items():
        rule = registry.get(code)
        if rule is None:
            raise UsageError(f"{where}: `rules.{code}`: unknown rule code (see `kpilint rules`)")
        if conforms(rule.options_schema(), dict(given)) is True:
            continue  # valid: no need to import jsonschema to explain it
        from jsonschema import Draft202012Validator

        errors = list(Draft202012Validator(rule.options_schema()).iter_errors(dict(given)))
        if errors:
            error = errors[0]
            key = ".".join(str(p) for p in error.absolute_path)
            if error.validator == "additionalProperties":
                extra = sorted(set(given) - set(rule.options))
                known = ", ".join(sorted(rule.options)) or "none"
                raise UsageError(f"{where}: `rules.{code}.{extra[0]}`: unknown option (options: {known})")
            raise UsageError(f"{where}: `rules.{code}.{key}`: {error.message}")
    for info in registry.sorted_infos():
        merged = info.default_options()
        merged.update(config.rule_options.get(info.code, {}))
        out[info.code] = merged
    return out


class InstallMemo(Protocol):
    """What a run learns of the installation, remembered between runs (kept
    by the caller; :mod:`kpilint.incremental` keeps it in the cache folder)."""

    def module_digests(self, folder: str) -> Mapping[str, str]:
        """As :func:`kpilint.ruleindex.module_digests`."""

    def may_have_plugins(self) -> bool:
        """As :func:`kpilint.registry.may_have_plugins`."""


def prepare(
    paths: list[Path],
    options: Options,
    memo: ConfigMemo | None = None,
    install: Callable[[Path], InstallMemo] | None = None,
) -> Session:
    """Resolve config, rules and selection; raise UsageError on any user error.
    ``memo`` remembers config parses between runs (see :class:`ConfigMemo`);
    ``install``, given the configured cache folder, what the run learns of
    the installation (see :class:`InstallMemo`)."""
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"path `{path}` does not exist")
    first = paths[0] if paths else Path.cwd()
    try:
        if options.config_file is not None:
            if not options.config_file.is_file():
                raise UsageError(f"config file `{options.config_file}` does not exist")
            config_file: Path | None = options.config_file.resolve()
        elif options.isolated:
            config_file = None
        else:
            config_file = find_config(first.resolve(), memo)
        root = project_root(first, config_file)
        config = load_config(config_file, root, memo)
        known = install(config.cache_path) if install is not None else None
        registry = build_registry(
            plugins=not options.isolated,
            rule_paths=config.rule_paths,
            extra=options.extra_rules,
            house=house_rules(config.custom_rules, config.root, config.file.name if config.file else ""),
            house_where=str(config.file or "configuration"),
            digests_of=known.module_digests if known is not None else module_digests,
            may_have=known.may_have_plugins if known is not None else may_have_plugins,
        )
    except (ConfigError, RegistryError) as exc:
        raise UsageError(str(exc)) from None
    codes = {info.code: info.severity for info in registry.sorted_infos()}
    where = str(config.file) if config.file else "configuration"
    try:
        check_selectors(config.select, codes, f"{where}: `select`")
        check_selectors(config.extend_select, codes, f"{where}: `extend-select`")
        check_selectors(config.ignore, codes, f"{where}: `ignore`")
        check_selectors(config.severity, codes, f"{where}: `severity`")
        for glob, selectors in config.per_file_ignores.items():
            check_selectors(selectors, codes, f"{where}: `per-file-ignores.{glob}`")
        if options.select is not None:
            check_selectors(options.select, codes, "--select")
        check_selectors(options.ignore, codes, "--ignore")
    except SelectionError as exc:
        raise UsageError(str(exc)) from None
    selection = build_selection(
        codes,
        select=config.select,
        extend_select=config.extend_select,
        ignore=config.ignore,
        severity=config.severity,
        per_file_ignores=config.per_file_ignores,
        cli_select=options.select,
        cli_ignore=options.ignore,
    )
    return Session(
        config=config,
        registry=registry,
        selection=selection,
        rule_options=_options_for(registry, config),
        today=options.today or dt.date.today(),
        fail_on=Severity(options.fail_on or config.fail_on),
        force_exclude=options.force_exclude,
        use_cache=options.use_cache,
        jobs=options.jobs or _cores(),
    )


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


