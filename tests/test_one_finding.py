"""One problem, one finding: empty and blank values, values that fail the
schema, and unknown keys.

An empty (null) or blank optional field counts as missing: the rule for that
field reports it, and the schema does not report it again. A required field
that is empty or blank is a schema error. A value that fails the schema is
reported by V001 alone: no other rule treats it as missing or computes with it.
"""

from __future__ import annotations

import textwrap

import pytest

from kpilint.loader import load_text
from kpilint.schema import reference_findings, validate
from kpilint.testing import codes, lint

COMPLETE = textwrap.dedent(
    """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata:
      id: company.revenue
      name: Annual recurring revenue
    spec:
      level: company
      owner: finance
      statement: Grow annual recurring revenue from 10 to 12 million EUR by the end of the period.
      metric:
        unit: EUR
        direction: increase
        baseline: 10000000
        target: 12000000
        source: warehouse.finance.arr
        frequency: monthly
      timeframe:
        start: 2027-01-01
        end: 2027-12-31
        review: monthly
      plan:
        - Launch the enterprise tier
    """
)

# (field line as written, the code that reports the field missing)
FIELDS = [
    ("  owner: finance", "A101"),
    ("  statement: Grow annual recurring revenue from 10 to 12 million EUR by the end of the period.", "S102"),
    ("    unit: EUR", "M102"),
    ("    baseline: 10000000", "M103"),
    ("    target: 12000000", "M101"),
    ("    source: warehouse.finance.arr", "M104"),
    ("    frequency: monthly", "M105"),
    ("    start: 2027-01-01", "T101"),
    ("    end: 2027-12-31", "T101"),
    ("    review: monthly", "T105"),
]
EMPTY = ["", " null", " ~", " ''", " '   '", ' "\\t "']


def replaced(line: str, value: str) -> str:
    key = line.split(":", 1)[0]
    assert COMPLETE.count(line + "\n") == 1
    return COMPLETE.replace(line + "\n", f"{key}:{value}\n")


def test_the_complete_kpi_is_clean() -> None:
    assert codes(COMPLETE) == []


@pytest.mark.parametrize("value", EMPTY, ids=repr)
@pytest.mark.parametrize(("line", "code"), FIELDS, ids=[code + ":" + line.split(":")[0].strip() for line, code in FIELDS])
def test_an_empty_or_blank_optional_field_gives_exactly_its_own_finding(line: str, code: str, value: str) -> None:
    found = codes(replaced(line, value))
    number = COMPLETE.splitlines().index(line) + 1
    indent = len(line) - len(line.lstrip()) + 1
    assert found == [(code, number, indent)]  # at the field's own key, nothing else


@pytest.mark.parametrize("value", EMPTY, ids=repr)
def test_a_plan_of_only_blank_items_is_no_plan(value: str) -> None:
    snippet = COMPLETE.replace("    - Launch the enterprise tier\n", f"    -{value}\n")
    assert codes(snippet) == [("A105", 21, 3)]


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("  level: company", ""),
        ("  level: company", " '  '"),
        ("    direction: increase", " null"),
        ("    direction: increase", " ' '"),
    ],
)
def test_an_empty_level_or_direction_is_no_schema_error(line: str, value: str) -> None:
    assert codes(replaced(line, value), select="V") == []


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("apiVersion: kpilint/v1", ""),
        ("apiVersion: kpilint/v1", " ' '"),
        ("kind: KPI", " null"),
        ("  id: company.revenue", ""),
        ("  name: Annual recurring revenue", " '   '"),
        ("  name: Annual recurring revenue", ' ""'),
    ],
)
def test_an_empty_or_blank_required_field_is_v001_alone(line: str, value: str) -> None:
    found = lint(replaced(line, value))
    assert [d.code for d in found] == ["V001"]
    assert "is empty" in found[0].message


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("    target: 12000000", ' "12"'),
        ("    baseline: 10000000", ' "10"'),
        ("    start: 2027-01-01", " 2027-13-01"),
        ("    start: 2027-01-01", " ' 2027-01-01'"),
        ("    end: 2027-12-31", " 2027-02-30"),
        ("    end: 2027-12-31", " 20271231"),
        ("    frequency: monthly", " fortnightly"),
        ("    review: monthly", " yearly"),
        ("  owner: finance", " 42"),
        ("  statement: Grow annual recurring revenue from 10 to 12 million EUR by the end of the period.", " [a, b]"),
        ("  metric:", " weekly"),
    ],
)
def test_a_value_that_fails_the_schema_is_v001_alone(line: str, value: str) -> None:
    text = replaced(line, value)
    if line == "  metric:":  # the metric's fields go with it
        start = text.index("  metric: weekly\n") + len("  metric: weekly\n")
        text = text[:start] + text[text.index("  timeframe:") :]
    assert [code for code, _, _ in codes(text)] == ["V001"]


def test_a_date_with_a_space_is_not_used_by_m107() -> None:
    text = COMPLETE.replace("    start: 2027-01-01\n", "    start: ' 2027-01-01'\n")
    text = text.replace("    end: 2027-12-31\n", "    end: 2027-03-31\n").replace("frequency: monthly", "frequency: quarterly")
    assert codes(text) == [("V001", 18, 12)]


def test_every_unknown_key_is_its_own_finding_yaml_and_json() -> None:
    yaml_text = COMPLETE.replace("    unit: EUR\n", "    unit: EUR\n    targt: 2\n    freq: weekly\n")
    assert codes(yaml_text, select="V001") == [("V001", 12, 5), ("V001", 13, 5)]
    flow = (
        "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a, name: A}\n"
        "spec: {levl: team, ownr: x, metric: {unit: x, targt: 2, freq: weekly}}\n"
    )
    assert codes(flow, select="V001") == [("V001", 4, 8), ("V001", 4, 20), ("V001", 4, 47), ("V001", 4, 57)]
    json_text = (
        '{"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a", "name": "A"},\n'
        ' "spec": {"levl": "team", "ownr": "x", "metric": {"unit": "x", "targt": 2, "freq": "weekly"}}}\n'
    )
    found = lint({"a.kpi.json": json_text}, select="V001")
    assert sorted(d.message.split("`")[1] for d in found) == ["freq", "levl", "ownr", "targt"]


def test_blank_strings_read_as_null() -> None:
    loaded = load_text("a: '  '\nb: \"\\t\"\nc: ''\nd: [' ', x]\ne: ' x '\n", "a.kpi.yaml")
    assert loaded.documents[0].data == {"a": None, "b": None, "c": None, "d": [None, "x"], "e": " x "}


def test_the_fast_check_and_jsonschema_agree_on_empty_optional_fields() -> None:
    data = load_text(replaced("    unit: EUR", ""), "a.kpi.yaml").documents[0].data
    assert list(validate(data)) == list(reference_findings(data)) == []
