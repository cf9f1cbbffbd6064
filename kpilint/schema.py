"""JSON Schema validation of documents: V001 and V002 findings, placed by path."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from functools import lru_cache
from typing import Any, Callable, Iterator, NamedTuple, Sequence

from kpilint.fixmodel import Fix
from kpilint.sourcemap import YamlPath

API_VERSION = "kpilint/v1"
KINDS = ("KPI", "Owner")
SCHEMA_FILE = "kpilint.v1.schema.json"


class SchemaFinding(NamedTuple):
    code: str  # V001 or V002
    path: YamlPath
    message: str
    at: str = "auto"  # "key" for unknown keys
    fix: Fix | None = None


def _close_matches(word: str, choices: Sequence[str], n: int, cutoff: float) -> list[str]:
    import difflib  # only to word a message

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The shipped v1 schema (both kinds)."""
    import kpilint.schemas

    try:  # the file beside the package (no importlib.resources: ~5 ms to import)
        with open(os.path.join(os.path.dirname(kpilint.schemas.__file__ or ""), SCHEMA_FILE), encoding="utf-8") as handle:
            text = handle.read()
    except OSError:  # pragma: no cover - an install that is not a folder (a zip)
        from importlib.resources import files

        text = files("kpilint.schemas").joinpath(SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def kind_schema(kind: str | None) -> dict[str, Any]:
    """A standalone schema: both kinds (``None``), or only ``KPI`` / ``Owner``."""
    full = document_schema()
    if kind is None:
        return full
    name = {"KPI": "kpi", "Owner": "owner"}[kind]
    out = {key: value for key, value in full.items() if key not in ("if", "then", "else", "$defs")}
    out["$id"] = full["$id"].replace("kpilint.v1", f"{name}.v1")
    out["title"] = f"kpilint {kind} (v1)"
    out["description"] = full["$defs"][name]["description"]
    out["$ref"] = f"#/$defs/{name}"
    out["$defs"] = full["$defs"]
    return out


def schema_text(kind: str | None) -> str:
    """The schema as ``kpilint schema`` prints and ``kpilint init`` writes it."""
    return json.dumps(kind_schema(kind), indent=2) + "\n"


class _Validators:
    """Validators built once and reused for every document."""

    def __init__(self) -> None:
        from jsonschema import Draft202012Validator, FormatChecker

        schema = document_schema()
        checker = FormatChecker(["date"])
        self.by_kind = {
            kind: Draft202012Validator(
                {"$ref": f"#/$defs/{'kpi' if kind == 'KPI' else 'owner'}", "$defs": schema["$defs"]},
                format_checker=checker,
            )
            for kind in KINDS
        }


@lru_cache(maxsize=1)
def _validators() -> _Validators:
    return _Validators()


# -- the fast validity check -----------------------------------------------------
#
# A compiled validator (jsonschema-rs) answers "is this document valid?" in a
# few microseconds and without importing jsonschema. jsonschema stays the
# reference: it explains every document the fast check rejects, so messages
# and positions never depend on the fast check. The fast check must therefore
# never accept a document jsonschema rejects; where the two libraries differ,
# the schema or the checker handed to jsonschema-rs is adjusted below.

FastCheck = Callable[[Any], bool]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@lru_cache(maxsize=4096)
def is_date(value: str) -> bool:
    """``format: date`` exactly as jsonschema's format checker decides it.

    jsonschema-rs accepts the year ``0000``, which Python's calendar (and so
    jsonschema) rejects; checking dates with the reference's own rule keeps
    the two in step. Pure, and asked about the same few dates over and over
    (every document's time frame): memoised."""
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _python_pattern(pattern: str) -> str:
    """``pattern`` rewritten so an ECMA-style engine matches what ``re.search`` does.

    Without MULTILINE, Python's ``$`` also matches just before a final line
    break (``"abc\\n"`` matches ``^abc$``); jsonschema-rs' ``$`` matches only at
    the very end. A final ``$`` becomes ``\\n?$`` so both accept the same
    strings; nothing follows a final ``$``, which keeps the rewrite exact.
    Other syntax is left as it is: the shipped schemas use only ASCII classes,
    repetition and groups, on which both engines agree (the tests compare
    them on the same documents)."""
    body = pattern[:-1]
    escaped = (len(body) - len(body.rstrip("\\"))) % 2 == 1
    if pattern.endswith("$") and not escaped:
        return body + "\\n?$"
    return pattern


def _for_fast_check(node: Any) -> Any:
    """A copy of a schema with every ``pattern`` made Python-compatible."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                out[key] = _python_pattern(value)
            elif key == "patternProperties" and isinstance(value, dict):
                out[key] = {_python_pattern(name): _for_fast_check(sub) for name, sub in value.items()}
            elif key in ("properties", "$defs") and isinstance(value, dict):
                out[key] = {name: _for_fast_check(sub) for name, sub in value.items()}
            else:
                out[key] = _for_fast_check(value)
        return out
    if isinstance(node, list):
        return [_for_fast_check(item) for item in node]
    return node


def compile_fast_check(schema: dict[str, Any], *, dates: bool = False) -> FastCheck | None:
    """A compiled Draft 2020-12 validity check of ``schema``, or None without jsonschema-rs.

    ``dates`` asserts ``format: date`` as jsonschema's ``FormatChecker(["date"])``
    does; otherwise formats are annotations, as in a validator without a format
    checker. The check answers ``False`` for any value it cannot read (a
    non-string key, a lone surrogate, ...): the caller then asks jsonschema.
    It is meant for JSON data (dicts with string keys, lists, strings,
    numbers, booleans and None), which is what the loaders build."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        if dates:
            compiled = jsonschema_rs.Draft202012Validator(
                _for_fast_check(schema), validate_formats=True, formats={"date": is_date}
            )
        else:
            compiled = jsonschema_rs.Draft202012Validator(_for_fast_check(schema), validate_formats=False)
    except Exception:  # pragma: no cover - a schema the compiled validator cannot handle
        return None
    is_valid = compiled.is_valid

    def check(instance: Any) -> bool:
        try:
            return bool(is_valid(instance))
        except Exception:  # unreadable for jsonschema-rs: let jsonschema decide
            return False

    return check


@lru_cache(maxsize=1)
def _fast_checks() -> dict[str, FastCheck] | None:
    """Fast checks per kind, built once; None when jsonschema-rs is missing."""
    defs = document_schema()["$defs"]
    out: dict[str, FastCheck] = {}
    for kind in KINDS:
        check = compile_fast_check(
            {"$ref": f"#/$defs/{'kpi' if kind == 'KPI' else 'owner'}", "$defs": defs}, dates=True
        )
        if check is None:
            return None
        out[kind] = check
    return out


def fast_is_valid(data: Any) -> bool | None:
    """The fast check's verdict on one document, or None when it is unavailable."""
    checks = _fast_checks()
    if checks is None:
        return None
    kind = data.get("kind") if isinstance(data, dict) else None
    return checks["Owner" if kind == "Owner" else "KPI"](data)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _not_a(where: str, value: Any, wanted: str) -> str:
    """The message for a value that is not what the schema wants (``type``, ``const``)."""
    if value is None:
        return f"`{where}` is empty: expected {wanted}"
    return f"`{where}` must be {wanted}, found {_found(value)}"


def _found(value: Any) -> str:
    """``a string "x"``, ``a number 5``, or ``nothing`` (null) for a message."""
    if value is None:
        return "nothing"
    return f"{_describe(value)} {_show(value)}"


_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "object": "a mapping",
    "array": "a list",
    "boolean": "a boolean",
    "null": "null",
}

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
    "null": (type(None),),
}

_DATE_HELP = "a date written YYYY-MM-DD (e.g. `2027-01-01`)"


def _field(path: YamlPath) -> str:
    from kpilint.diagnostics import format_yaml_path

    return format_yaml_path(path) or "the document"


def _where(path: YamlPath) -> str:
    """How a message names a mapping: ```spec.metric``` or ``the document``."""
    return f"`{_field(path)}`" if path else "the document"


def _has_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("number", "integer"):
        return False
    return isinstance(value, _JSON_TYPES.get(name, ()))


def _fits(branch: Any, value: Any) -> bool:
    """Whether ``value`` has a JSON type the subschema ``branch`` allows."""
    if not isinstance(branch, dict):
        return True
    wanted = branch.get("type")
    if wanted is None:
        return True
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    return any(_has_type(value, name) for name in names)


def _branch_name(branch: Any) -> str:
    """How a message names one alternative of an ``anyOf``."""
    if not isinstance(branch, dict):
        return "a value"  # pragma: no cover
    wanted = branch.get("type")
    name = wanted if isinstance(wanted, str) else "value"
    if name == "object" and isinstance(branch.get("properties"), dict):
        return f"a mapping `{{{', '.join(branch['properties'])}}}`"
    return _TYPE_NAMES.get(name, "a value")


@lru_cache(maxsize=2)
def _key_places(kind: str) -> dict[str, tuple[YamlPath, ...]]:
    """Every key the format knows for ``kind``, with the mappings it belongs in
    (read from the schema once; only to word messages about unknown keys)."""
    defs = document_schema()["$defs"]
    out: dict[str, list[YamlPath]] = {}

    def walk(node: Any, path: YamlPath, depth: int) -> None:
        if not isinstance(node, dict) or depth > 8:
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            walk(defs.get(ref[len("#/$defs/") :]), path, depth + 1)
        for branch in node.get("anyOf", ()):
            walk(branch, path, depth + 1)
        properties = node.get("properties")
        if isinstance(properties, dict):
            for key, sub in properties.items():
                out.setdefault(key, []).append(path)
                walk(sub, path + (key,), depth + 1)

    walk(defs["owner" if kind == "Owner" else "kpi"], (), 0)
    return {key: tuple(paths) for key, paths in out.items()}


def _belongs(places: Sequence[YamlPath]) -> str:
    return " or ".join(f"under `{_field(place)}`" if place else "at the top of the document" for place in places)


def _unknown_key(key: str, path: YamlPath, allowed: list[str], kind: str, present: Any = ()) -> tuple[str, Fix | None]:
    """The message for one unknown key: where it belongs (a known key at the
    wrong indentation), else the closest key of this mapping, else the
    closest key of another mapping and where that one belongs. With the fix:
    moving the key where it belongs (unsafe: the value lands in another
    field) when it belongs in one place only, or renaming it to the one close
    key of this mapping that is not already there (safe)."""
    from kpilint.fixmodel import Fix, move_entry, rename_key

    where = _where(path)
    places = _key_places(kind)
    elsewhere = [place for place in places.get(key, ()) if place != path]
    if elsewhere:
        move = None
        if len(elsewhere) == 1:
            move = Fix(f"Move `{key}` under `{_field(elsewhere[0])}`", (move_entry(path + (key,), elsewhere[0]),), "unsafe")
        return f"unknown key `{key}` in {where}: `{key}` belongs {_belongs(elsewhere)}; move it there", move
    hint = _close_matches(key, allowed, n=2, cutoff=0.6)
    if hint:
        rename = None
        if (len(hint) == 1 or _similarity(key, hint[0]) > _similarity(key, hint[1])) and hint[0] not in present:
            rename = Fix(f"Rename `{key}` to `{hint[0]}`", (rename_key(path + (key,), hint[0]),))
        return f"unknown key `{key}` in {where}; did you mean `{hint[0]}`?", rename
    others = [name for name, at in places.items() if name not in allowed and path not in at]
    close = _close_matches(key, others, n=1, cutoff=0.75)
    if close:
        return f"unknown key `{key}` in {where}; did you mean `{close[0]}`? It belongs {_belongs(places[close[0]])}", None
    return f"unknown key `{key}` in {where}; allowed keys: {', '.join(allowed)}", None


def _similarity(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio()


def _message(error: Any, path: YamlPath, kind: str) -> Iterator[tuple[YamlPath, str, str] | tuple[YamlPath, str, str, Fix | None]]:
    """(path, message, at[, fix]) for one jsonschema error (several for unknown keys)."""
    keyword = error.validator
    value = error.instance
    where = _field(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [key for key in value if key not in allowed] if isinstance(value, dict) else []
        for key in extras:  # every unknown key is its own finding
            message, fix = _unknown_key(key, path, allowed, kind, value)
            yield path + (key,), message, "key", fix
        return
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        yield path + (missing,), f"{_where(path)} is missing the required key `{missing}`", "auto"
        return
    if schema.get("format") == "date" and keyword in ("type", "format", "pattern"):
        yield path, f"`{where}` must be {_DATE_HELP}, found {_found(value)}", "auto"
        return
    if keyword == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else [name for name in expected if name != "null"]
        yield path, _not_a(where, value, " or ".join(_TYPE_NAMES.get(name, name) for name in names)), "auto"
        return
    if keyword == "enum":
        choices = [option for option in error.validator_value if option is not None]
        options = ", ".join(f"`{option}`" for option in choices)
        hint = ""
        if isinstance(value, str):
            close = _close_matches(value, [str(o) for o in choices], n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
        yield path, f"`{where}` must be one of {options}, found {_show(value)}{hint}", "auto"
        return
    if keyword == "const":
        yield path, _not_a(where, value, _show(error.validator_value)), "auto"
        return
    if keyword == "pattern":
        if path and path[-1] == "id":
            message = f"`{where}` must be lowercase slugs separated by dots (e.g. `sales.new-customers`), found {_show(value)}"
        elif path and path[-1] == "name":
            message = f"`{where}` must not be blank"
        else:
            message = f"`{where}` is not in the expected form, found {_show(value)}"
        yield path, message, "auto"
        return
    if keyword == "minLength":
        yield path, f"`{where}` must not be empty", "auto"
        return
    if keyword == "uniqueItems":
        yield path, f"`{where}` lists the same item twice", "auto"
        return
    yield path, f"`{where}`: {error.message}", "auto"


def _explain(error: Any, kind: str) -> Iterator[tuple[YamlPath, str, str] | tuple[YamlPath, str, str, Fix | None]]:
    """(path, message, at) for one jsonschema error, looking inside ``anyOf``.

    For a value that may take several forms (the baseline: a number or a
    dated mapping), the form with the value's type is the one meant: its own
    errors are reported, at the failing key or value inside it. A value of
    none of the forms gets one message naming them all."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        path = tuple(error.absolute_path)
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        fitting = [index for index, branch in enumerate(branches) if _fits(branch, error.instance)]
        if len(fitting) == 1:
            for sub in error.context:
                if sub.relative_schema_path and sub.relative_schema_path[0] == fitting[0]:
                    yield from _explain(sub, kind)
            return
        if not fitting:
            named = [_branch_name(branch) for branch in branches if not (isinstance(branch, dict) and branch.get("type") == "null")]
            wanted = " or ".join(named)
            yield path, f"`{_field(path)}` must be {wanted}, found {_found(error.instance)}", "auto"
            return
        from jsonschema.exceptions import best_match

        error = best_match(error.context)
    yield from _message(error, tuple(error.absolute_path), kind)


def check_envelope(data: Any) -> list[SchemaFinding]:
    """V001 for a non-mapping root or an empty `apiVersion`/`kind`; V002 for an
    unknown apiVersion or kind."""
    if not isinstance(data, dict):
        return [
            SchemaFinding(
                "V001",
                (),
                f"a document must be a mapping with `apiVersion`, `kind`, `metadata` and `spec`, found {_describe(data)}",
            )
        ]
    found: list[SchemaFinding] = []
    version = data.get("apiVersion")
    if "apiVersion" in data and version is None:
        found.append(SchemaFinding("V001", ("apiVersion",), f"`apiVersion` is empty: expected `{API_VERSION}`"))
    elif "apiVersion" in data and version != API_VERSION:
        found.append(
            SchemaFinding(
                "V002",
                ("apiVersion",),
                f"unknown `apiVersion` {_show(version)}: this kpilint knows `{API_VERSION}`",
            )
        )
    kind = data.get("kind")
    if "kind" in data and kind is None:
        found.append(SchemaFinding("V001", ("kind",), "`kind` is empty: expected `KPI` or `Owner`"))
    elif "kind" in data and kind not in KINDS:
        same_case = [known for known in KINDS if known.casefold() == str(kind).strip().casefold()]
        close = same_case or _close_matches(str(kind), KINDS, n=1, cutoff=0.5)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        found.append(
            SchemaFinding("V002", ("kind",), f"unknown `kind` {_show(kind)}: expected `KPI` or `Owner`{hint}")
        )
    return found


def validate(data: Any) -> Iterator[SchemaFinding]:
    """Every schema error of one document (after :func:`check_envelope` passed).

    A valid document is answered by the fast check alone; jsonschema is
    imported and run only to explain a document the fast check rejects."""
    if fast_is_valid(data):
        return iter(())
    return reference_findings(data)


def reference_findings(data: Any) -> Iterator[SchemaFinding]:
    """Every schema error of one document, found by jsonschema (the reference).

    One finding per problem: a node that fails several keywords of one
    field (a date failing its pattern and its format) is reported once."""
    kind = data.get("kind") if isinstance(data, dict) else None
    kind = "Owner" if kind == "Owner" else "KPI"
    validator = _validators().by_kind[kind]
    seen: set[tuple[YamlPath, str]] = set()
    for error in validator.iter_errors(data):
        for explained in _explain(error, kind):
            target, message, at = explained[:3]
            if (target, at) in seen and at != "key":
                continue
            seen.add((target, at))
            yield SchemaFinding("V001", target, message, at, explained[3] if len(explained) > 3 else None)
