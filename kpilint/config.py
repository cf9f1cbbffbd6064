"""Find, read and validate the configuration (``kpilint.toml``, ``.kpilint.toml``
or ``[tool.kpilint]`` in ``pyproject.toml``)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Protocol

from kpilint.api import CATEGORIES, NAME_PATTERN
from kpilint.codes import HOUSE_CODE_PATTERN
from kpilint.formats import FORMATS
from kpilint.reading import Limits

CONFIG_NAMES = (".kpilint.toml", "kpilint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("**/*.kpi.yaml", "**/*.kpi.yml", "**/*.kpi.json")
DEFAULT_CACHE_DIR = ".kpilint_cache"
SEVERITIES = ("error", "warning", "info")


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
#: One house rule (a `[[custom-rules]]` table); what the schema cannot say
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


class ConfigMemo(Protocol):
    """Parses of config files remembered between runs (kept by the caller;
    :mod:`kpilint.incremental` keeps them in the cache folder). Reading
    the configuration only asks it; only :func:`load_config` tells it."""

    def parsed(self, path: Path, data: bytes) -> dict[str, Any] | None:
        """The parse of these very bytes, if remembered."""

    def remember(self, path: Path, data: bytes, parsed: dict[str, Any]) -> None: ...

    def checked(self, path: Path, data: bytes) -> bool:
        """Whether these very bytes were judged valid before."""

    def remember_checked(self, path: Path, data: bytes) -> None: ...


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _parse_toml(path: Path, data: bytes, memo: ConfigMemo | None = None) -> dict[str, Any]:
    """The parsed file (a remembered parse of the same bytes, when ``memo``
    has one: a run then need not import the TOML parser, ~3 ms)."""
    known = memo.parsed(path, data) if memo is not None else None
    if known is not None:
        return known
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        parsed: dict[str, Any] = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return parsed


def _section(path: Path, parsed: dict[str, Any]) -> dict[str, Any] | None:
    """The kpilint settings in a parsed file, or None (a pyproject without the table)."""
    if path.name == "pyproject.toml":
        tool = parsed.get("tool", {})
        section = tool.get("kpilint") if isinstance(tool, dict) else None
        if section is None:
            return None
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: `tool.kpilint` must be a table")
        return section
    return parsed


def find_config(start: Path, memo: ConfigMemo | None = None) -> Path | None:
    """The nearest config file at or above ``start`` (a ``pyproject.toml``
    counts when it has a ``[tool.kpilint]`` table). It only reads: ``memo``
    may answer a parse, and is never told one."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _section(candidate, _parse_toml(candidate, _read(candidate), memo)) is not None:
                return candidate
    return None


def find_git_root(start: Path) -> Path | None:
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return None


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    # as jsonschema reads them: a bool is no number, ``2.0`` is an integer
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool))
    or (isinstance(value, float) and value.is_integer()),
}
#: Keywords that only annotate a schema.
_ANNOTATIONS = frozenset({"default", "description", "title", "examples"})


def conforms(schema: Mapping[str, Any], value: Any) -> bool | None:
    """Whether ``value`` satisfies ``schema``, decided without jsonschema for
    the few keywords plain settings use (``type``, ``enum``, ``minimum``,
    ``minLength``, ``items``, ``properties``, ``additionalProperties``);
    None when the schema uses another keyword (then ask jsonschema). The
    configuration's and the rules' option schemas are read as written, so
    there is no second copy of them to keep in step."""
    for keyword, expected in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "type":
            names = [expected] if isinstance(expected, str) else list(expected)
            if any(name not in _TYPES for name in names):
                return None
            if not any(_TYPES[name](value) for name in names):
                return False
        elif keyword == "enum":
            if not any(type(value) is type(option) and value == option for option in expected):
                return None if not isinstance(value, str) else False
        elif keyword == "minimum":
            if _TYPES["number"](value) and value < expected:
                return False
        elif keyword == "minLength":
            if isinstance(value, str) and len(value) < expected:
                return False
        elif keyword == "items":
            if isinstance(value, list):
                verdict = _all_conform(expected, value)
                if verdict is not True:
                    return verdict
        elif keyword in ("properties", "additionalProperties"):
            if isinstance(value, dict):
                verdict = _object_conforms(schema, value)
                if verdict is not True:
                    return verdict
        else:
            return None
    return True


def _all_conform(schema: Mapping[str, Any], values: Iterable[Any]) -> bool | None:
    unknown = False
    for item in values:
        verdict = conforms(schema, item)
        if verdict is False:
            return False
        unknown = unknown or verdict is None
    return None if unknown else True


def _object_conforms(schema: Mapping[str, Any], value: dict[Any, Any]) -> bool | None:
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    unknown = False
    for key, item in value.items():
        if key in properties:
            verdict = conforms(properties[key], item)
        elif extra is True:
            continue
        elif extra is False:
            return False
        else:
            verdict = conforms(extra, item)
        if verdict is False:
            return False
        unknown = unknown or verdict is None
    return None if unknown else True


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


def config_is_valid(section: Any) -> bool:
    """Whether ``section`` satisfies :data:`CONFIG_SCHEMA`, decided without
    importing jsonschema when it is valid: :func:`conforms` for the plain
    settings, the compiled validator for ``custom-rules``; jsonschema
    explains an invalid one."""
    if not isinstance(section, dict):
        return False
    plain = {key: value for key, value in section.items() if key != "custom-rules"}
    if conforms(CONFIG_SCHEMA, plain) is not True:
        return False
    return "custom-rules" not in section or _is_house_rules(section["custom-rules"])


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


def load_config(path: Path | None, root: Path, memo: ConfigMemo | None = None) -> Config:
    """Build a :class:`Config` from ``path`` (or defaults when None). ``memo``
    is told the parse, and that house rules were checked, so that a later
    run with the same bytes can skip both."""
    if path is None:
        return Config(root=root)
    data = _read(path)
    parsed = _parse_toml(path, data, memo)
    if memo is not None:
        memo.remember(path, data, parsed)
    section = _section(path, parsed)
    if section is None:
        raise ConfigError(f"{path}: no `[tool.kpilint]` table")
    if "custom-rules" not in section:
        _validate(section, path)
    elif memo is None or not memo.checked(path, data):
        _validate(section, path)
        _check_house_rules(section, path)
        if memo is not None:
            memo.remember_checked(path, data)
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
    """The project root: the config's directory, else the git top level, else the cwd."""
    if config_file is not None:
        return config_file.parent.resolve()
    git = find_git_root(first.resolve())
    return git if git is not None else Path.cwd().resolve()
