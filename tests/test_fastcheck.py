"""The fast validity check (jsonschema-rs) in front of jsonschema.

jsonschema is the reference for every V001 message and position; the fast
check only decides whether jsonschema must be asked. It must never accept a
document jsonschema rejects. On the documents the loaders build it agrees
with jsonschema exactly; wherever it could still be stricter (values no YAML
or JSON file produces), jsonschema explains the document and the final
diagnostics are the same as without the fast check.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpilint import schema
from kpilint.config import CONFIG_SCHEMA, FORMATS, SEVERITIES, config_is_valid
from kpilint.schema import SchemaFinding, compile_fast_check, fast_is_valid, reference_findings, validate
from kpilint.testing import lint

pytest.importorskip("jsonschema_rs")

SETTINGS = settings(
    max_examples=70,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

KPI: dict[str, Any] = {
    "$schema": "https://kpilint.dev/schemas/kpi.v1.schema.json",
    "apiVersion": "kpilint/v1",
    "kind": "KPI",
    "metadata": {
        "id": "marketing.content.blog-cadence",
        "name": "Blog posts per week",
        "description": "How often we publish.",
        "labels": {"department": "marketing"},
        "lint-disable": ["T104", "S", "all"],
    },
    "spec": {
        "level": "team",
        "owner": "content-marketing",
        "parent": "marketing.website-traffic",
        "statement": "Publish two blog posts a week for three months.",
        "metric": {
            "unit": "posts/week",
            "direction": "increase",
            "baseline": {"value": 0.5, "as_of": "2026-12-31"},
            "target": 2,
            "bounds": {"min": 0, "max": 14},
            "aggregation": "sum",
            "source": "cms.posts",
            "frequency": "weekly",
        },
        "timeframe": {"start": "2027-01-01", "end": "2027-03-31", "review": "biweekly"},
        "plan": ["Draft an editorial calendar", "Hire a freelance writer"],
    },
}

OWNER: dict[str, Any] = {
    "apiVersion": "kpilint/v1",
    "kind": "Owner",
    "metadata": {"id": "content-marketing", "name": "Content marketing"},
    "spec": {"type": "team", "parent": "marketing"},
}

_MISSING = object()  # a mutation value that deletes the key


def mutate(base: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with ``value`` at ``path`` (or the key removed)."""
    doc = copy.deepcopy(base)
    node: Any = doc
    for step in path[:-1]:
        node = node[step]
    if value is _MISSING:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


DATE_FIELDS = (("spec", "timeframe", "start"), ("spec", "timeframe", "end"), ("spec", "metric", "baseline", "as_of"))
DATES = [
    ("2027-02-28", True),
    ("2024-02-29", True),
    ("2000-02-29", True),
    ("0001-01-01", True),
    ("9999-12-31", True),
    ("2027-02-30", False),
    ("2027-13-01", False),
    ("99999-01-01", False),
    ("2027-1-1", False),
    ("20270101", False),
    ("0000-01-01", False),
    ("2023-02-29", False),
    ("1900-02-29", False),
    ("2027-00-10", False),
    ("2027-01-00", False),
    ("2027-01-01\n", False),
    (" 2027-01-01", False),
    ("2027-01-01T00:00", False),
    ("2027-W01-1", False),
    ("2027-001", False),
    ("\uff12\uff10\uff12\uff17-01-01", False),
    ("", False),
]
IDS = [
    ("sales", True),
    ("sales.new-customers", True),
    ("a1.b2-c3-d4.e", True),
    ("sales\n", False),  # the pattern ends without `$`, which in Python allows a final line break
    ("Sales", False),
    ("sales..new", False),
    ("-sales", False),
    ("sales-", False),
    ("sales.", False),
    ("sales_new", False),
    ("sal es", False),
    ("sales\n\n", False),
    ("\nsales", False),
    ("sal\u00e9s", False),
    ("", False),
]
LINT_DISABLE = [
    (["V001"], True),
    (["all"], True),
    (["ALL", "T", "T10"], True),
    (["all\n"], True),
    ([], True),
    (["V0001"], False),
    (["v001", "s1", "All", "ACME101", "acme"], True),
    (["ABCDEF"], False),
    (["S-1"], False),
    (["S1010"], False),
    (["V001", "V001"], False),
    ([1], False),
    (["V001", None], False),
    ("V001", False),
]

# (path, value, valid) on the KPI; handwritten edge cases of every keyword the schema uses.
KPI_CASES: list[tuple[tuple[str | int, ...], Any, bool]] = [
    *[(field, value, ok) for field in DATE_FIELDS for value, ok in DATES],
    *[(("metadata", "id"), value, ok) for value, ok in IDS],
    *[(("metadata", "lint-disable"), value, ok) for value, ok in LINT_DISABLE],
    # const
    (("apiVersion",), "kpilint/v2", False),
    (("apiVersion",), "kpilint/v1 ", False),
    (("kind",), "Kpi", False),
    (("kind",), None, False),
    # required
    (("apiVersion",), _MISSING, False),
    (("metadata",), _MISSING, False),
    (("spec",), _MISSING, False),
    (("metadata", "name"), _MISSING, False),
    (("metadata", "id"), _MISSING, False),
    (("$schema",), _MISSING, True),
    (("spec", "plan"), _MISSING, True),
    (("spec", "metric", "baseline", "as_of"), _MISSING, True),
    (("spec", "metric", "baseline", "value"), _MISSING, False),
    # additionalProperties
    (("status",), "draft", False),
    (("metadata", "owner"), "x", False),
    (("spec", "target"), 3, False),
    (("spec", "metric", "goal"), 3, False),
    (("spec", "metric", "bounds", "avg"), 3, False),
    (("spec", "metric", "baseline", "date"), "2027-01-01", False),
    (("spec", "timeframe", "duration"), "P3M", False),
    (("metadata", "labels", "anything-goes"), "yes", True),
    # enum
    (("spec", "level"), "teem", False),
    (("spec", "level"), "Team", False),
    (("spec", "level"), "individual", True),
    (("spec", "timeframe", "review"), "yearly", False),
    (("spec", "metric", "frequency"), "biweekly", False),
    (("spec", "metric", "frequency"), "yearly", True),
    (("spec", "metric", "direction"), "up", False),
    (("spec", "metric", "aggregation"), None, True),
    (("spec", "metric", "aggregation"), "none", True),
    # anyOf baseline
    (("spec", "metric", "baseline"), 3, True),
    (("spec", "metric", "baseline"), -2.5, True),
    (("spec", "metric", "baseline"), 10**30, True),
    (("spec", "metric", "baseline"), True, False),
    (("spec", "metric", "baseline"), "3", False),
    (("spec", "metric", "baseline"), None, True),
    (("spec", "metric", "baseline"), [3], False),
    (("spec", "metric", "baseline"), {}, False),
    (("spec", "metric", "baseline"), {"value": 3}, True),
    (("spec", "metric", "baseline"), {"value": False}, False),
    (("spec", "metric", "baseline"), {"value": 3, "as_of": "0000-12-31"}, False),
    (("spec", "metric", "baseline"), {"value": 3, "as_of": 20261231}, False),
    # types: a boolean is no number; 1.0 is a number
    (("spec", "metric", "target"), True, False),
    (("spec", "metric", "target"), False, False),
    (("spec", "metric", "target"), 1.0, True),
    (("spec", "metric", "target"), -0.0, True),
    (("spec", "metric", "target"), 10**100, True),
    (("spec", "metric", "target"), "2", False),
    (("spec", "metric", "target"), None, True),
    (("spec", "metric", "bounds", "max"), 1e308, True),
    (("spec", "metric", "bounds"), [0, 14], False),
    (("spec", "metric"), None, True),
    (("spec", "timeframe", "start"), 20270101, False),
    (("spec", "statement"), 42, False),
    (("spec", "plan"), "one step", False),
    (("spec", "plan"), [], True),
    (("spec", "plan"), [1], False),
    (("metadata", "labels"), {"cost": 3}, False),
    (("metadata", "labels"), ["a"], False),
    (("metadata", "description"), True, False),
    (("$schema",), 1, False),
    # the required name is not blank; optional fields may be empty (the SMART rules report them)
    (("metadata", "name"), "", False),
    (("metadata", "name"), " ", False),
    (("metadata", "name"), "\x1c\u3000\t", False),
    (("metadata", "name"), None, False),
    (("metadata", "name"), "\U0001f600", True),
    (("metadata", "name"), " x", True),
    (("spec", "owner"), "", True),
    (("spec", "parent"), "", True),
    (("spec", "metric", "unit"), "", True),
    (("spec", "metric", "source"), "", True),
    (("spec", "plan"), ["Hire", ""], True),
    (("spec", "plan"), ["Hire", None], True),
    *[
        (path, None, True)
        for path in (
            ("$schema",),
            ("metadata", "description"),
            ("metadata", "labels"),
            ("metadata", "lint-disable"),
            ("spec", "level"),
            ("spec", "owner"),
            ("spec", "parent"),
            ("spec", "statement"),
            ("spec", "metric"),
            ("spec", "metric", "unit"),
            ("spec", "metric", "direction"),
            ("spec", "metric", "baseline"),
            ("spec", "metric", "baseline", "as_of"),
            ("spec", "metric", "target"),
            ("spec", "metric", "bounds"),
            ("spec", "metric", "bounds", "min"),
            ("spec", "metric", "aggregation"),
            ("spec", "metric", "source"),
            ("spec", "metric", "frequency"),
            ("spec", "timeframe"),
            ("spec", "timeframe", "start"),
            ("spec", "timeframe", "end"),
            ("spec", "timeframe", "review"),
            ("spec", "plan"),
        )
    ],
    # required fields may not be empty
    (("apiVersion",), None, False),
    (("metadata",), None, False),
    (("metadata", "id"), None, False),
    (("spec", "metric", "baseline", "value"), None, False),
    (("spec", "plan"), ["Hire", "Hire"], True),  # plan items may repeat
    (("spec", "statement"), "", True),
]

OWNER_CASES: list[tuple[tuple[str | int, ...], Any, bool]] = [
    (("spec", "type"), "person", True),
    (("spec", "type"), "team ", False),
    (("spec", "type"), "individual", False),
    (("spec", "parent"), "", True),
    (("spec", "parent"), None, True),
    (("spec", "type"), None, True),
    (("spec", "parent"), _MISSING, True),
    (("spec", "level"), "team", False),
    (("spec",), {}, True),
    (("spec",), None, False),
    (("kind",), "KPI", False),
    (("metadata", "id"), "Content", False),
    (("metadata", "lint-disable"), ["A101", "A101"], False),
]


def corpus() -> Iterator[tuple[str, dict[str, Any], bool]]:
    yield "kpi", copy.deepcopy(KPI), True
    yield "owner", copy.deepcopy(OWNER), True
    for base_name, base, cases in (("kpi", KPI, KPI_CASES), ("owner", OWNER, OWNER_CASES)):
        for path, value, ok in cases:
            shown = "<missing>" if value is _MISSING else repr(value)
            yield f"{base_name}:{'.'.join(map(str, path))}={shown}", mutate(base, path, value), ok


CORPUS = list(corpus())


def test_corpus_is_large_and_mixed() -> None:
    assert len(CORPUS) >= 60
    assert sum(ok for _, _, ok in CORPUS) >= 20
    assert sum(not ok for _, _, ok in CORPUS) >= 40


def reference_is_valid(doc: dict[str, Any]) -> bool:
    return not list(reference_findings(doc))


def assert_agrees(doc: dict[str, Any]) -> None:
    """The fast check and jsonschema agree, and the final V001 list is unchanged."""
    expected = list(reference_findings(doc))
    fast = fast_is_valid(doc)
    assert fast is not None
    if expected:
        assert fast is False, f"the fast check accepts a document jsonschema rejects: {expected}"
    assert fast == (not expected)
    assert list(validate(doc)) == expected


@pytest.mark.parametrize(("doc", "valid"), [(doc, ok) for _, doc, ok in CORPUS], ids=[name for name, _, _ in CORPUS])
def test_fast_check_agrees_with_jsonschema(doc: dict[str, Any], valid: bool) -> None:
    assert reference_is_valid(doc) is valid  # the corpus labels are right
    assert_agrees(doc)


# -- generated documents -------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["kpilint/v1", "KPI", "Owner", "team", "sum", "weekly", "2027-02-30", "2027-01-01", "V001"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=5)
DATE_LIKE = st.one_of(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.builds(lambda y, m, d, sep: f"{y}{sep}{m}{sep}{d}", DIGITS, DIGITS, DIGITS, st.sampled_from(["-", "/", ""])),
    st.dates().map(dt.date.isoformat),
)
SLUG_LIKE = st.text(alphabet="abz09.-A_\n \u00e9", max_size=12)


def _paths(node: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield prefix + (index,)
            yield from _paths(value, prefix + (index,))


KPI_PATHS = list(_paths(KPI))
OWNER_PATHS = list(_paths(OWNER))


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    owner = draw(st.booleans())
    doc = copy.deepcopy(OWNER if owner else KPI)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        try:
            for step in path[:-1]:
                parent = parent[step]
            leaf = path[-1]
            action = draw(st.sampled_from(["replace", "date", "slug", "delete", "add"]))
            if action == "delete" and isinstance(parent, dict):
                del parent[leaf]
            elif action == "add" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "value", "as_of", "min", "name", "type"]))] = draw(JSON)
            elif action == "date":
                parent[leaf] = draw(DATE_LIKE)
            elif action == "slug":
                parent[leaf] = draw(SLUG_LIKE)
            else:
                parent[leaf] = draw(JSON)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


@SETTINGS
@given(mutated_documents())
def test_generated_documents_agree(doc: dict[str, Any]) -> None:
    assert_agrees(doc)


@SETTINGS
@given(DATE_LIKE, st.sampled_from(DATE_FIELDS))
def test_generated_dates_agree(value: str, field: tuple[str, ...]) -> None:
    assert_agrees(mutate(KPI, field, value))


def test_every_month_and_day_of_sample_years() -> None:
    """``format: date`` decided alike on a full month/day grid (leap years, year 0)."""
    from jsonschema import Draft202012Validator, FormatChecker

    date_schema = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    fast = compile_fast_check(date_schema, dates=True)
    assert fast is not None
    reference = Draft202012Validator(date_schema, format_checker=FormatChecker(["date"]))
    years = (0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999)
    for year, month, day in itertools.product(years, range(14), range(33)):
        text = f"{year:04d}-{month:02d}-{day:02d}"
        assert fast(text) == reference.is_valid(text), text


# -- values the loaders never build: stricter is allowed, the result is not -----------

ODD_VALUES: list[tuple[tuple[str, ...], Any]] = [
    (("metadata", "labels"), {1: "a"}),  # a non-string key
    (("metadata", "name"), "\ud800"),  # a lone surrogate
    (("spec", "metric", "target"), math.nan),
    (("spec", "metric", "target"), math.inf),
    (("spec", "metric", "baseline"), -math.inf),
]


@pytest.mark.parametrize(("path", "value"), ODD_VALUES, ids=[repr(value) for _, value in ODD_VALUES])
def test_unusual_values_fall_back_to_jsonschema(path: tuple[str, ...], value: Any) -> None:
    doc = mutate(KPI, path, value)
    expected = list(reference_findings(doc))
    if expected:
        assert fast_is_valid(doc) is False
    assert list(validate(doc)) == expected


# -- without jsonschema-rs ------------------------------------------------------------


@pytest.fixture
def without_fast_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """jsonschema-rs made unimportable, and every cached fast check forgotten."""
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # `import jsonschema_rs` raises ImportError
    schema._fast_checks.cache_clear()
    yield
    schema._fast_checks.cache_clear()


def test_without_jsonschema_rs_jsonschema_decides(without_fast_check: None) -> None:
    assert compile_fast_check({"type": "string"}) is None
    for _, doc, ok in CORPUS[:40]:
        assert fast_is_valid(doc) is None
        findings = list(validate(doc))
        assert all(isinstance(item, SchemaFinding) for item in findings)
        assert findings == list(reference_findings(doc))
        assert (not findings) is ok


# YAML that fails the schema in several ways; the V001 diagnostics must not
# depend on whether the fast check is there.
INVALID_YAML = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: Sales.Costs
  name: ""
  lint-disable: [M101, M101]
spec:
  level: teem
  owner: finance
  metrics: {}
  metric:
    unit: EUR
    baseline: {value: 3, as_of: 2027-02-30}
    target: yes
  timeframe:
    start: 0000-01-01
    end: 2027-13-01
"""


def _v001(text: str) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.message) for d in lint({"a.kpi.yaml": text}, select="V")]


def test_final_diagnostics_are_the_same_without_the_fast_check(monkeypatch: pytest.MonkeyPatch) -> None:
    with_fast = _v001(INVALID_YAML)
    assert len(with_fast) >= 7
    monkeypatch.setattr(schema, "fast_is_valid", lambda data: None)
    assert _v001(INVALID_YAML) == with_fast


# -- the configuration schema ---------------------------------------------------------

CONFIGS: list[tuple[dict[str, Any], bool]] = [
    ({}, True),
    ({"select": ["ALL"], "ignore": ["T104"], "fail-on": "warning", "format": "concise"}, True),
    ({"limits": {"max-depth": 1, "max-nodes": 10**12}}, True),
    ({"limits": {"max-depth": 1.0}}, True),
    ({"limits": {"max-depth": 0}}, False),
    ({"limits": {"max-depth": True}}, False),
    ({"limits": {"max-depth": 1.5}}, False),
    ({"limits": {"max-depth": math.nan}}, False),
    ({"limits": {"max-bytes": 3}}, False),
    ({"select": [""]}, False),
    ({"select": "ALL"}, False),
    ({"select": [1]}, False),
    ({"severity": {"T104": "warning"}}, True),
    ({"severity": {"T104": "fatal"}}, False),
    ({"per-file-ignores": {"legacy/**": ["T"]}}, True),
    ({"per-file-ignores": {"legacy/**": "T"}}, False),
    ({"fail-on": "never"}, False),
    ({"format": "xml"}, False),
    ({"cache-dir": ".cache"}, True),
    ({"cache-dir": dt.date(2027, 1, 1)}, False),  # a TOML date
    ({"baseline": "kpilint-baseline.json"}, True),
    ({"baseline": ""}, False),
    ({"baseline": ["kpilint-baseline.json"]}, False),
    ({"rules": {"S102": {"min-words": 3}}}, True),
    ({"rules": {"S102": 3}}, False),
    ({"selct": ["V"]}, False),
    ({"include": ["**/*.yaml"], "exclude": [], "rule-paths": ["rules"]}, True),
    ({"include": [None]}, False),
]


def _config_reference(section: Any) -> bool:
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator(CONFIG_SCHEMA).is_valid(section))


def test_config_check_reads_every_plain_key_of_the_schema() -> None:
    """The schema is read as written: every key but the house rules (left to
    the compiled validator) uses only keywords the plain check knows."""
    known = {"type", "enum", "minimum", "minLength", "items", "properties", "additionalProperties"}

    def keywords(schema: Any) -> set[str]:
        if not isinstance(schema, dict):
            return set()
        found = set(schema)
        for name in ("items", "additionalProperties"):
            found |= keywords(schema.get(name))
        for sub in schema.get("properties", {}).values():
            found |= keywords(sub)
        return found

    for key, schema in CONFIG_SCHEMA["properties"].items():
        if key != "custom-rules":
            assert keywords(schema) <= known, key


@pytest.mark.parametrize(("section", "valid"), CONFIGS)
def test_config_check_agrees_with_jsonschema(section: dict[str, Any], valid: bool) -> None:
    assert _config_reference(section) is valid
    assert config_is_valid(section) is valid


CONFIG_VALUES = st.recursive(
    SCALARS | st.sampled_from([*SEVERITIES, *FORMATS, "V", "", 0, 1, 2.0, -1, math.nan, math.inf]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
CONFIG_KEYS = st.sampled_from([*CONFIG_SCHEMA["properties"], "selct", "limit"])
LIMITS = st.dictionaries(
    st.sampled_from(["max-depth", "max-nodes", "max-file-bytes", "max-line-length", "max-bytes"]),
    st.one_of(st.integers(-2, 3), st.floats(-2, 3), st.booleans(), st.just("3")),
    max_size=3,
)


@SETTINGS
@given(st.dictionaries(CONFIG_KEYS, CONFIG_VALUES | LIMITS, max_size=4))
def test_generated_configs_agree(section: dict[str, Any]) -> None:
    assert config_is_valid(section) == _config_reference(section)


# -- no jsonschema import on the hot path -----------------------------------------------

CLEAN = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: company.annual-revenue
  name: Annual recurring revenue
spec:
  level: company
  owner: finance
  statement: >-
    Grow annual recurring revenue from 10 to 12 million euros by the end of
    2027 to fund the expansion into two new markets.
  metric:
    unit: MEUR
    direction: increase
    baseline: {value: 10, as_of: 2026-12-31}
    target: 12
    source: finance.arr_monthly
    frequency: monthly
  timeframe:
    start: 2027-01-01
    end: 2027-12-31
    review: monthly
  plan:
    - Launch the self-serve plan in the first quarter
    - Hire two account executives for the new markets
"""

_IMPORTED = re.compile(r"^import time:\s*\d+\s*\|\s*\d+\s*\|\s*(\S+)\s*$")


def imported_modules(cwd: Path, *args: str) -> tuple[int, set[str]]:
    """The exit code and the modules a ``kpilint`` run imports."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kpilint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    modules = {match.group(1) for line in run.stderr.splitlines() if (match := _IMPORTED.match(line))}
    assert "kpilint.cli" in modules, run.stderr[-2000:]
    return run.returncode, modules


def test_checking_a_valid_file_does_not_import_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "revenue.kpi.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "kpilint.toml").write_text('fail-on = "error"\nexclude = ["build/**"]\n', encoding="utf-8")
    code, modules = imported_modules(
        tmp_path, "check", "revenue.kpi.yaml", "--no-cache", "--today", "2027-06-01", "--format", "concise"
    )
    assert code == 0
    assert "jsonschema_rs" in modules
    assert not [name for name in modules if name == "jsonschema" or name.startswith("jsonschema.")]


def test_an_invalid_file_is_explained_by_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "bad.kpi.yaml").write_text(CLEAN.replace("level: company", "level: teem"), encoding="utf-8")
    code, modules = imported_modules(tmp_path, "check", "bad.kpi.yaml", "--isolated", "--no-cache", "--select", "V")
    assert code == 1
    assert "jsonschema" in modules
