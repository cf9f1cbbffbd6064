"""Find, read and validate the configuration (SPEC §5)."""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

from kpilint.api import CATEGORIES, NAME_PATTERN
from kpilint.codes import HOUSE_CODE_PATTERN
from kpilint.fileio import atomic_write, content_hash
from kpilint.reading import Limits

CONFIG_NAMES = (".kpilint.toml", "kpilint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("**/*.kpi.yaml", "**/*.kpi.yml", "**/*.kpi.json")
DEFAULT_CACHE_DIR = ".kpilint_cache"
SEVERITIES = ("error", "warning", "info")
FORMATS = ("full", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown")


class ConfigError(Exception):
    """A configuration problem; the message names the file and key (exit 2)."""


class Config(NamedTuple):
    """The settings of one run, after file and CLI are merged."""

    root: Path
    file: Path | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: Mapping[str, str] = MappingProxyType({})
    per_file_ignores: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    rule_paths: tuple[Path, ...] = ()
    fail_on: str = "error"
    format: str | None = None
    cache_dir: Path | None = None
    limits: Limits = Limits()
    rule_options: Mapping[str, Mapping[str, Any]] = MappingProxyType({})
    custom_rules: tuple[Mapping[str, Any], ...] = ()  # house rule definitions, as written
    baseline: Path | None = None  # the baseline file (`baseline`, relative to the config file)

    @property
    def cache_path(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else self.root / DEFAULT_CACHE_DIR


_CODES = {"type": "array", "items": {"type": "string", "minLength": 1}}
_LIMIT = {"type": "integer", "minimum": 1}
_WHEN_VALUE = {"type": ["string", "number", "boolean"]}
_NOT_BLANK = "[^\\s\\x1c-\\x1f\\x85\\ufeff]"  # as the format's `metadata.name`: some visible text
#: One house rule (SPEC §4 "Declarative rules"); what the schema cannot say
#: (paths, placeholders, the fragment itself) is judged by kpilint.houserules.
HOUSE_RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "name", "description", "path"],
    "properties": {
        "code": {"type": "string", "pattern": HOUSE_CODE_PATTERN.pattern},
        "name": {"type": "string", "pattern": NAME_PATTERN.pattern},
        "severity": {"enum": list(SEVERITIES)},
        "category": {"enum": list(CATEGORIES)},
        "description": {"type": "string", "pattern": _NOT_BLANK},
        "kind": {"enum": ["KPI", "Owner"]},
        "when": {
            "type": "object",
            "additionalProperties": {
                "anyOf": [_WHEN_VALUE, {"type": "array", "items": _WHEN_VALUE, "minItems": 1}]
            },
        },
        "path": {"type": "string", "minLength": 1},
        "require": {"type": "boolean"},
        "schema": {"type": ["object", "boolean"]},
        "message": {"type": "string", "pattern": _NOT_BLANK},
    },
}
CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "include": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "select": _CODES,
        "ignore": _CODES,
        "extend-select": _CODES,
        "severity": {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}},
        "per-file-ignores": {"type": "object", "additionalProperties": _CODES},
        "rule-paths": {"type": "array", "items": {"type": "string"}},
        "fail-on": {"enum": list(SEVERITIES)},
        "format": {"enum": list(FORMATS)},
        "cache-dir": {"type": "string"},
        "baseline": {"type": "string", "minLength": 1},
        "limits": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "max-file-bytes": _LIMIT,
                "max-depth": _LIMIT,
                "max-nodes": _LIMIT,
                "max-line-length": _LIMIT,
            },
        },
        "rules": {"type": "object", "additionalProperties": {"type": "object"}},
        "custom-rules": {"type": "array", "items": HOUSE_RULE_SCHEMA},
    },
}


_PARSED = "toml"  # in the cache folder: parsed config files, by content hash
_PARSED_MAGIC = "kpilint-toml-v1"


def _read_toml(path: Path, remember: bool = False) -> dict[str, Any]:
    """The parsed file. With ``remember``, a parse kept in the cache folder
    beside the file (when there is one) answers for the same bytes, so a run
    need not import the TOML parser (~3 ms) to read an unchanged config."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    memo = path.parent / DEFAULT_CACHE_DIR / _PARSED if remember and (path.parent / DEFAULT_CACHE_DIR).is_dir() else None
    key = content_hash(data)
    known = _remembered(memo)
    if isinstance(known.get(key), dict):
        parsed: dict[str, Any] = known[key]
        return parsed
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if memo is not None:
        try:  # the latest few parses; a table marshal cannot hold (a date) is not kept
            atomic_write(memo, marshal.dumps((_PARSED_MAGIC, {key: parsed, **dict(list(known.items())[:3])})))
        except (OSError, ValueError):
            pass
    return parsed


def _remembered(memo: Path | None) -> dict[str, Any]:
    if memo is None:
        return {}
    try:
        magic, known = marshal.loads(memo.read_bytes())
    except Exception:  # missing, corrupt or foreign: parsed again
        return {}
    return known if magic == _PARSED_MAGIC and isinstance(known, dict) else {}


def _section(path: Path, remember: bool = False) -> dict[str, Any] | None:
    """The kpilint settings in ``path``, or None (a pyproject without the table)."""
    data = _read_toml(path, remember)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        section = tool.get("kpilint") if isinstance(tool, dict) else None
        if section is None:
            return None
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: `tool.kpilint` must be a table")
        return section
    return data


def find_config(start: Path, remember: bool = False) -> Path | None:
    """The nearest config file at or above ``start`` (``remember``: see
    :func:`_read_toml`)."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _section(candidate, remember) is not None):
                return candidate
    return None


def find_git_root(start: Path) -> Path | None:
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return None


_LIMIT_KEYS = ("max-file-bytes", "max-depth", "max-nodes", "max-line-length")


def _is_int_at_least_one(value: Any) -> bool:
    """``{"type": "integer", "minimum": 1}`` as jsonschema reads it (``2.0`` is an integer)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, float) and value.is_integer():
        return value >= 1
    return isinstance(value, int) and value >= 1


def _is_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_codes(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and len(item) >= 1 for item in value)


def _is_one_of(options: tuple[str, ...]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, str) and value in options

    return check


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_path(value: Any) -> bool:
    return isinstance(value, str) and len(value) >= 1


def _is_severities(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(item, str) and item in SEVERITIES for item in value.values())


def _is_per_file_ignores(value: Any) -> bool:
    return isinstance(value, dict) and all(_is_codes(codes) for codes in value.values())


def _is_limits(value: Any) -> bool:
    return isinstance(value, dict) and all(key in _LIMIT_KEYS and _is_int_at_least_one(item) for key, item in value.items())


def _is_rule_tables(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(options, dict) for options in value.values())


def _is_house_rules(value: Any) -> bool:
    """The ``custom-rules`` part of the schema, decided by the compiled
    validator (jsonschema when it rejects them, or is missing). Asked only
    when a config's content is first seen (see :func:`load_config`)."""
    from kpilint.schema import compile_fast_check

    fast = compile_fast_check(CONFIG_SCHEMA["properties"]["custom-rules"])
    if fast is not None and fast(value):
        return True
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator(CONFIG_SCHEMA["properties"]["custom-rules"]).is_valid(value))


# One check per key of CONFIG_SCHEMA, deciding exactly what jsonschema decides.
_CONFIG_CHECKS: dict[str, Callable[[Any], bool]] = {
    "include": _is_strings,
    "exclude": _is_strings,
    "select": _is_codes,
    "ignore": _is_codes,
    "extend-select": _is_codes,
    "severity": _is_severities,
    "per-file-ignores": _is_per_file_ignores,
    "rule-paths": _is_strings,
    "fail-on": _is_one_of(SEVERITIES),
    "format": _is_one_of(FORMATS),
    "cache-dir": _is_string,
    "baseline": _is_path,
    "limits": _is_limits,
    "rules": _is_rule_tables,
    "custom-rules": _is_house_rules,
}


def config_is_valid(section: Any) -> bool:
    """Whether ``section`` satisfies :data:`CONFIG_SCHEMA`, decided without jsonschema.

    A hand-written equivalent of the schema's few keys, so that a valid
    configuration costs no import; jsonschema explains an invalid one."""
    return isinstance(section, dict) and all(
        key in _CONFIG_CHECKS and _CONFIG_CHECKS[key](value) for key, value in section.items()
    )


def _validate(section: dict[str, Any], path: Path) -> None:
    """Raise :class:`ConfigError` for the first schema error of ``section``."""
    if config_is_valid(section):
        return
    from jsonschema import Draft202012Validator

    errors = sorted(Draft202012Validator(CONFIG_SCHEMA).iter_errors(section), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    if error.absolute_path and error.absolute_path[0] == "custom-rules" and len(error.absolute_path) > 1:
        raise ConfigError(f"{path}: {_house_rule_error(section, error, path)}")
    if list(error.absolute_path) == ["custom-rules"]:
        table = "tool.kpilint.custom-rules" if path.name == "pyproject.toml" else "custom-rules"
        raise ConfigError(f"{path}: `{table}` must be an array of tables, one `[[{table}]]` per rule, found {_shown(error.instance)}")
    where = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        prefix = "tool.kpilint" if path.name == "pyproject.toml" else ""
        key = ".".join(filter(None, [prefix, where, extra[0] if extra else ""]))
        import difflib

        close = difflib.get_close_matches(extra[0] if extra else "", sorted(allowed), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise ConfigError(f"{path}: unknown key `{key}`{hint}")
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        raise ConfigError(f"{path}: `{where}` must be one of {options}, found {error.instance!r}")
    raise ConfigError(f"{path}: `{where or 'kpilint'}`: {error.message}")


_HOUSE_SHAPES = {
    "code": "a code of 2-5 capital letters and 3 digits, e.g. ACME101",
    "name": "a kebab-case name, e.g. warehouse-source",
    "description": "a sentence saying what the rule checks",
    "message": "a message (placeholders: {value} {path} {id} {file})",
}


def _house_rule_error(section: dict[str, Any], error: Any, path: Path) -> str:
    """One line on a definition the config schema rejects: the rule, the key, what is wrong."""
    from kpilint.houserules import label

    index = error.absolute_path[1]
    entry = section["custom-rules"][index]
    table = "tool.kpilint.custom-rules" if path.name == "pyproject.toml" else "custom-rules"
    who = f"custom rule {label(index, entry)}"
    if len(error.absolute_path) == 2 and not isinstance(entry, dict):
        return f"{who}: each entry of `{table}` must be a table ([[{table}]]), found {entry!r}"
    rest = list(error.absolute_path)[2:]
    key = ".".join(str(p) for p in rest)
    if error.validator == "additionalProperties" and not rest:
        import difflib

        allowed = sorted(HOUSE_RULE_SCHEMA["properties"])
        extra = sorted(k for k in entry if k not in allowed)
        close = difflib.get_close_matches(extra[0], allowed, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else f" (keys: {', '.join(allowed)})"
        return f"{who}: unknown key `{extra[0]}`{hint}"
    if error.validator == "required":
        missing = [k for k in HOUSE_RULE_SCHEMA["required"] if k not in entry][0]
        return f"{who}: `{missing}` is required: {_HOUSE_SHAPES.get(missing, 'a path such as spec.metric.source')}"
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return f"{who}: `{key}` must be one of {options}, found {error.instance!r}"
    if rest and rest[0] == "code":
        problem = "house-rule codes have 2-5 capital letters and 3 digits (e.g. ACME101)"
        if isinstance(error.instance, str) and len(error.instance) == 4 and error.instance[0].isalpha():
            problem += "; one letter alone is for built-in and plugin rules"
        return f"{who}: `code` {error.instance!r}: {problem}"
    if rest and rest[0] in _HOUSE_SHAPES:
        return f"{who}: `{key}` must be {_HOUSE_SHAPES[rest[0]]}, found {error.instance!r}"
    if rest and rest[0] == "when":
        return f"{who}: `{key}`: a `when` value is a string, number or boolean, or a list of them (any of), found {_shown(error.instance)}"
    if rest and rest[0] == "require":
        return f"{who}: `require` must be true or false, found {error.instance!r}"
    if rest and rest[0] == "schema":
        return f"{who}: `schema` must be a JSON Schema (an inline table), found {error.instance!r}"
    return f"{who}: `{key}`: {error.message}"


def _shown(value: Any) -> str:
    """A config value as a message shows it (a TOML date as a date, to be quoted)."""
    import datetime as dt

    if isinstance(value, (dt.date, dt.time)):
        return f"the date {value.isoformat()} (quote it to compare text)"
    return repr(value)


def _checked_key(path: Path) -> str:
    from kpilint import __version__

    try:
        return f"checked:{__version__}:{content_hash(path.read_bytes())}"
    except OSError:
        return ""


def _checked_before(path: Path, remember: bool) -> bool:
    """Whether this very content was judged valid by this kpilint version
    before (remembered beside the parsed TOML, see :func:`_read_toml`)."""
    memo = path.parent / DEFAULT_CACHE_DIR / _PARSED
    if not remember or not memo.is_file():
        return False
    key = _checked_key(path)
    return bool(key) and _remembered(memo).get(key) is True


def _remember_checked(path: Path, remember: bool) -> None:
    folder = path.parent / DEFAULT_CACHE_DIR
    key = _checked_key(path)
    if not remember or not folder.is_dir() or not key:
        return
    memo = folder / _PARSED
    known = _remembered(memo)
    try:
        atomic_write(memo, marshal.dumps((_PARSED_MAGIC, {key: True, **dict(list(known.items())[:5])})))
    except (OSError, ValueError):
        pass


def _check_house_rules(section: dict[str, Any], path: Path) -> None:
    """What the schema cannot say about the definitions: unique codes,
    paths of the format, a valid fragment, known placeholders."""
    from kpilint.houserules import definition_problem, label

    seen: set[str] = set()
    for index, entry in enumerate(section.get("custom-rules", ())):
        who = f"custom rule {label(index, entry)}"
        if entry["code"] in seen:
            raise ConfigError(f"{path}: {who}: `code` {entry['code']} is declared twice in `custom-rules`")
        seen.add(entry["code"])
        problem = definition_problem(entry)
        if problem is not None:
            raise ConfigError(f"{path}: {who}: {problem}")


def load_config(path: Path | None, root: Path, remember: bool = False) -> Config:
    """Build a :class:`Config` from ``path`` (or defaults when None);
    ``remember``: see :func:`_read_toml`."""
    if path is None:
        return Config(root=root)
    section = _section(path, remember)
    if section is None:
        raise ConfigError(f"{path}: no `[tool.kpilint]` table")
    if "custom-rules" not in section:
        _validate(section, path)
    elif not _checked_before(path, remember):
        _validate(section, path)
        _check_house_rules(section, path)
        _remember_checked(path, remember)
    base = path.parent
    for entry in section.get("rule-paths", ()):
        if not (base / entry).exists():
            raise ConfigError(f"{path}: `rule-paths`: {entry} does not exist (paths are relative to the config file)")
    limits = section.get("limits", {})
    try:
        return Config(
            root=root,
            file=path,
            include=tuple(section.get("include", DEFAULT_INCLUDE)),
            exclude=tuple(section.get("exclude", ())),
            select=tuple(section.get("select", ("ALL",))),
            ignore=tuple(section.get("ignore", ())),
            extend_select=tuple(section.get("extend-select", ())),
            severity=dict(section.get("severity", {})),
            per_file_ignores=_per_file_ignores(section.get("per-file-ignores", {})),
            rule_paths=tuple(base / p for p in section.get("rule-paths", ())),
            fail_on=section.get("fail-on", "error"),
            format=section.get("format"),
            cache_dir=(base / section["cache-dir"]) if "cache-dir" in section else None,
            limits=Limits(
                max_file_bytes=limits.get("max-file-bytes", Limits().max_file_bytes),
                max_depth=limits.get("max-depth", Limits().max_depth),
                max_nodes=limits.get("max-nodes", Limits().max_nodes),
                max_line_length=limits.get("max-line-length", Limits().max_line_length),
            ),
            rule_options={code: dict(opts) for code, opts in section.get("rules", {}).items()},
            custom_rules=tuple(section.get("custom-rules", ())),
            baseline=(base / section["baseline"]) if "baseline" in section else None,
        )
    except (TypeError, ValueError) as exc:  # pragma: no cover - the schema guards these
        raise ConfigError(f"{path}: {exc}") from None


def _per_file_ignores(given: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """``per-file-ignores`` with its keys normalised: paths relative to the
    project root with ``/`` (``./sales/x.kpi.yaml`` is ``sales/x.kpi.yaml``);
    codes given twice for one key (``./a`` and ``a``) are merged."""
    out: dict[str, tuple[str, ...]] = {}
    for key, codes in given.items():
        glob = key
        while glob.startswith("./"):
            glob = glob[2:].lstrip("/")
        glob = glob or "*"
        out[glob] = out.get(glob, ()) + tuple(codes)
    return out


def project_root(first: Path, config_file: Path | None) -> Path:
    """SPEC §3: the config's directory, else the git top level, else the cwd."""
    if config_file is not None:
        return config_file.parent.resolve()
    git = find_git_root(first.resolve())
    return git if git is not None else Path.cwd().resolve()
