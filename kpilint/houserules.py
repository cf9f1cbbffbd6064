"""House rules declared in the config (``custom-rules``): declarative rules
without Python.

A definition names the documents it applies to (``kind``, ``when``), the node
it checks (``path``, where ``[*]`` walks every item of a list or mapping) and
what that node must be (``require``: present and not blank; ``schema``: a
JSON Schema fragment it must match). :func:`definition_problem` says what is
wrong with a definition (run once, when a config's content is first seen);
:func:`house_rules` turns valid definitions into ordinary rules built with
:func:`kpilint.api.document_rule`, so selection, severities, suppressions,
the cache and every output format treat them like any other rule.

Cheap to import: jsonschema and the format's schema are read only to judge a
definition, and jsonschema-rs only when a rule first checks a value.

Choices the spec leaves open (``docs/house-rules.md`` says them to users):
severity defaults to warning and category to none; ``description`` and
``path`` are required, and so is ``require = true`` or a ``schema``; blank
(null, blank text, ``[]``, ``{}``) counts as missing; ``[*]`` over a scalar
yields nothing; ``when`` compares as JSON values do and a missing field does
not match; a fragment's ``$ref`` stays inside it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from kpilint.api import Document, Finding, Rule, RuleContext, document_rule
from kpilint.diagnostics import format_yaml_path
from kpilint.sourcemap import YamlPath

#: The placeholders a ``message`` may use.
PLACEHOLDERS = ("value", "path", "id", "file")
#: How a missing or blank value reads in a message.
NOTHING = "nothing"
#: One step of a path: a field name, or ``[*]`` (every item of a list or mapping).
_STEP = re.compile(r"\.([^.\[\]\s]+)|\[\*\]")
_FIRST = re.compile(r"[^.\[\]\s]+")
_MISSING = object()
_SHOWN_LENGTH = 80

#: A parsed path: field names, and None for ``[*]``.
Steps = tuple[Any, ...]


class HouseRuleProblem(Exception):
    """What is wrong with one definition: the key and the problem."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"`{key}`: {problem}")
        self.key = key


def label(index: int, entry: Any) -> str:
    """How messages name a definition: its code, or its place when the code is unusable."""
    from kpilint.codes import HOUSE_CODE_PATTERN

    code = entry.get("code") if isinstance(entry, dict) else None
    if isinstance(code, str) and HOUSE_CODE_PATTERN.match(code):
        return code
    return f"#{index + 1}"


def parse_path(text: str) -> Steps | None:
    """``spec.plan[*]`` as ``("spec", "plan", None)``; None when it is no path."""
    first = _FIRST.match(text)
    if first is None:
        return None
    steps: list[Any] = [first.group()]
    at = first.end()
    while at < len(text):
        step = _STEP.match(text, at)
        if step is None:
            return None
        steps.append(step.group(1))
        at = step.end()
    return tuple(steps)


def show_steps(steps: Sequence[Any]) -> str:
    out = ""
    for step in steps:
        out += "[*]" if step is None else ("." if out else "") + step
    return out


# -- judging a definition (once per config content) ----------------------------------------


def definition_problem(entry: Mapping[str, Any]) -> HouseRuleProblem | None:
    """What is wrong with a definition the config schema accepted (None when nothing)."""
    from kpilint.api import NAME_PATTERN
    from kpilint.codes import HOUSE_CODE_PATTERN

    if not HOUSE_CODE_PATTERN.fullmatch(entry["code"]):
        return HouseRuleProblem("code", f"{entry['code']!r}: house-rule codes have 2-5 capital letters and 3 digits (e.g. ACME101)")
    if not NAME_PATTERN.fullmatch(entry["name"]):
        return HouseRuleProblem("name", f"must be a kebab-case name, e.g. warehouse-source, found {entry['name']!r}")
    kind = entry.get("kind", "KPI")
    path = entry["path"]
    steps = parse_path(path)
    if steps is None:
        return HouseRuleProblem("path", f"`{path}` is not a path (field names joined by dots, `[*]` for every item: `spec.plan[*]`)")
    problem = _field_problem(kind, steps)
    if problem:
        return HouseRuleProblem("path", f"`{path}` {problem}")
    for key in entry.get("when", {}):
        when_steps = parse_path(key)
        if when_steps is None or None in when_steps:
            return HouseRuleProblem(f"when.{key}", f"`{key}` is not a path to one field (field names joined by dots, no `[*]`)")
        problem = _field_problem(kind, when_steps)
        if problem:
            return HouseRuleProblem(f"when.{key}", f"`{key}` {problem}")
    if "schema" in entry:
        problem = _schema_problem(entry["schema"])
        if problem:
            return HouseRuleProblem("schema", problem)
    elif not entry.get("require", False):
        return HouseRuleProblem("require", "the rule checks nothing: give `require = true`, a `schema`, or both")
    if "message" in entry:
        problem = _message_problem(entry["message"])
        if problem:
            return HouseRuleProblem("message", problem)
    return None


def _message_problem(message: str) -> str | None:
    import string

    try:
        fields = [(name, spec, conv) for _text, name, spec, conv in string.Formatter().parse(message) if name is not None]
    except ValueError as exc:
        return f"{exc} (write `{{{{` and `}}}}` for a brace)"
    for name, spec, conv in fields:
        if name not in PLACEHOLDERS:
            import difflib

            close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
            hint = f"; did you mean `{{{close[0]}}}`?" if close else ""
            known = " ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            return f"unknown placeholder `{{{name}}}`{hint} (placeholders: {known}; `{{{{` for a brace)"
        if spec or conv:
            return f"placeholder `{{{name}}}` takes no format or conversion (write `{{{name}}}`)"
    return None


def _outside_refs(node: Any) -> Iterator[str]:
    """``$ref`` values that point outside the fragment (another file, a URL)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$ref", "$dynamicRef") and isinstance(value, str) and not value.startswith("#"):
                yield value
            else:
                yield from _outside_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _outside_refs(item)


def _schema_problem(fragment: Any) -> str | None:
    outside = next(_outside_refs(fragment), None)
    if outside is not None:
        return f"`$ref` {outside!r} points outside the fragment; a house rule's schema is self-contained (`#/$defs/...`)"
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError, best_match

    try:
        Draft202012Validator.check_schema(fragment)
    except SchemaError:
        meta = Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
        error = best_match(meta.iter_errors(fragment))
        if error is None:  # pragma: no cover - check_schema and iter_errors agree
            return "not a valid JSON Schema (Draft 2020-12)"
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        return f"not a valid JSON Schema (Draft 2020-12): at `schema{where}`: {error.message}"
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - the compiled validator is optional
        return None
    from kpilint.schema import _for_fast_check

    try:
        jsonschema_rs.Draft202012Validator(_for_fast_check(fragment), validate_formats=False)
    except Exception as exc:
        return f"cannot be compiled: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    return None


def _field_problem(kind: str, steps: Steps) -> str | None:
    """Why ``steps`` reaches no field of the shipped schema for ``kind`` (None when it does)."""
    from kpilint.schema import document_schema

    defs = document_schema()["$defs"]
    nodes = _branches(defs["owner" if kind == "Owner" else "kpi"], defs)
    for depth, step in enumerate(steps):
        following: list[dict[str, Any]] = []
        names: list[str] = []
        for node in nodes:
            properties = node.get("properties", {})
            extra = node.get("additionalProperties", True)
            names.extend(properties)
            if step is None:
                following.extend(properties.values())
                if isinstance(node.get("items"), dict):
                    following.append(node["items"])
                if isinstance(extra, dict):
                    following.append(extra)
            elif step in properties:
                following.append(properties[step])
            elif isinstance(extra, dict):
                following.append(extra)
        nodes = [branch for node in following for branch in _branches(node, defs)]
        if not nodes:
            article = "an Owner" if kind == "Owner" else "a KPI"
            shown = show_steps(steps[: depth + 1])
            if step is None:
                return f"names no field of {article}: `{show_steps(steps[:depth])}` holds no list or mapping to walk with `[*]`"
            import difflib

            close = difflib.get_close_matches(step, sorted(set(names)), n=1)
            hint = f"; did you mean `{show_steps((*steps[:depth], close[0], *steps[depth + 1:]))}`?" if close else ""
            part = f" (`{shown}` is not in the format)" if depth + 1 < len(steps) else ""
            return f"names no field of {article}{part}{hint}"
    return None


def _branches(node: Any, defs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``node`` with its ``$ref`` resolved and its alternatives spread out."""
    if not isinstance(node, dict):
        return []
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _branches(defs.get(ref[len("#/$defs/") :]), defs)
    out = [node]
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, ()):
            out.extend(_branches(branch, defs))
    for key in ("then", "else"):
        out.extend(_branches(node.get(key), defs))
    return out


# -- building the rules --------------------------------------------------------------------


def house_rules(definitions: Sequence[Mapping[str, Any]], root: Path, config_name: str) -> list[Rule]:
    """The rules of valid definitions (see :func:`definition_problem`);
    ``root`` is the project root ({file} is relative to it)."""
    origin = f"custom-rules in {config_name}"
    return [_rule(entry, str(root), config_name)._replace(origin=origin) for entry in definitions]


def _rule(entry: Mapping[str, Any], root: str, config_name: str) -> Rule:
    steps = parse_path(entry["path"]) or ()
    kind = entry.get("kind", "KPI")
    when = [(tuple(key.split(".")), value if isinstance(value, list) else [value]) for key, value in entry.get("when", {}).items()]
    require = bool(entry.get("require", False))
    valid = _value_check(entry["schema"]) if "schema" in entry else None
    message = entry.get("message")
    default = f"`{{path}}` breaks house rule {entry['name']}: found `{{value}}`"
    template = message if isinstance(message, str) else default

    def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        if doc.kind != kind or not _applies(doc, when):
            return
        for path, value in _walk(doc.data, steps):
            if _blank(value):
                if require:
                    yield Finding(path, _say(template, doc, path, None, root))
            elif valid is not None and not valid(value):
                yield Finding(path, _say(template, doc, path, value, root))

    return document_rule(
        code=entry["code"],
        name=entry["name"],
        severity=entry.get("severity", "warning"),
        category=entry.get("category"),
        docs=_docs(entry, config_name),
    )(check)


def _applies(doc: Document, when: Sequence[tuple[tuple[str, ...], list[Any]]]) -> bool:
    for path, wanted in when:
        value = doc.get(*path, default=_MISSING)
        if value is _MISSING or not any(_same(value, each) for each in wanted):
            return False
    return True


def _same(value: Any, wanted: Any) -> bool:
    """Equal as JSON values are: ``true`` is not ``1``, ``2`` is ``2.0``."""
    if isinstance(value, bool) != isinstance(wanted, bool):
        return False
    return bool(value == wanted)


def _blank(value: Any) -> bool:
    """Missing, null, a blank string (the loader reads it as null), or an empty list or mapping."""
    return value is _MISSING or value is None or value == [] or value == {}


def _walk(node: Any, steps: Steps, at: YamlPath = ()) -> Iterator[tuple[YamlPath, Any]]:
    """Every node ``steps`` reaches from ``node``, with its path. A missing
    field, or a ``[*]`` over an empty list or mapping, gives the path as far
    as it goes with the missing marker (one node that is not there)."""
    if not steps:
        yield at, node
        return
    step, rest = steps[0], steps[1:]
    if step is None:
        if isinstance(node, list) and node:
            for index, item in enumerate(node):
                yield from _walk(item, rest, (*at, index))
        elif isinstance(node, dict) and node:
            for key, item in node.items():
                yield from _walk(item, rest, (*at, key))
        elif node is None or node == [] or node == {}:
            yield at, _MISSING
        # a scalar where a list or mapping belongs: the schema check reports its type
        return
    if isinstance(node, dict) and step in node:
        yield from _walk(node[step], rest, (*at, step))
    else:
        yield (*at, step), _MISSING


def _value_check(fragment: Any) -> Callable[[Any], bool]:
    """Whether a value matches ``fragment``: the compiled validator first
    (compiled on first use), jsonschema to confirm a value it rejects."""
    compiled: list[Callable[[Any], bool] | None] = []

    def valid(value: Any) -> bool:
        if not compiled:
            from kpilint.schema import compile_fast_check

            compiled.append(compile_fast_check(fragment if isinstance(fragment, dict) else {"allOf": [fragment]}))
        fast = compiled[0]
        if fast is not None and fast(value):
            return True
        from jsonschema import Draft202012Validator

        return bool(Draft202012Validator(fragment).is_valid(value))

    return valid


def _say(template: str, doc: Document, path: YamlPath, value: Any, root: str) -> str:
    file = doc.file
    if root and os.path.isabs(file):
        try:
            file = os.path.relpath(file, root)
        except ValueError:  # pragma: no cover - another drive
            pass
    return template.format_map(
        {
            "value": NOTHING if _blank(value) else show(value),
            "path": format_yaml_path(path),
            "id": doc.id or NOTHING,
            "file": file.replace(os.sep, "/"),
        }
    )


def show(value: Any) -> str:
    """A value as a message shows it: text as it is (on one line, cut at 80
    characters), numbers and booleans as in YAML, lists and mappings in flow style."""
    if isinstance(value, str):
        text = " ".join(value.split())
        return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return show("[" + ", ".join(show(item) for item in value) + "]")
    if isinstance(value, dict):
        return show("{" + ", ".join(f"{key}: {show(item)}" for key, item in value.items()) + "}")
    return str(value)


# -- docs ----------------------------------------------------------------------------------


def _docs(entry: Mapping[str, Any], config_name: str) -> str:
    table = "[[tool.kpilint.custom-rules]]" if config_name == "pyproject.toml" else "[[custom-rules]]"
    lines = [table] + [f"{key} = {_toml(value)}" for key, value in entry.items()]
    definition = "\n".join(lines)
    return (
        f"## What it does\n\n{entry['description']}\n\n"
        f"## Why is this bad?\n\nIt breaks a house rule of this project, declared in `{config_name}`"
        " (`custom-rules`) rather than in Python.\n\n"
        f"## Definition\n\n```toml\n{definition}\n```\n\n"
        "## Options\n\nNone: the definition above is the rule."
    )


def _toml(value: Any) -> str:
    """``value`` written as TOML (strings, numbers, booleans, arrays, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        out = ['"']
        for char in value:
            if char in '"\\':
                out.append("\\" + char)
            elif char == "\n":
                out.append("\\n")
            elif char == "\t":
                out.append("\\t")
            elif ord(char) < 0x20 or ord(char) == 0x7F:
                out.append(f"\\u{ord(char):04x}")
            else:
                out.append(char)
        out.append('"')
        return "".join(out)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_toml_key(str(key))} = {_toml(item)}" for key, item in value.items()) + " }"
    return str(value)


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml(key)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
