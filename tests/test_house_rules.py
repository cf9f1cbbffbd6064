"""House rules declared in the config (``custom-rules``, SPEC §4 "Declarative
rules"): what they report and where, how they fit selection, severities,
suppressions, output formats, the cache and the rule listing, and the errors
a definition can have."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpilint.cli import main
from kpilint.testing import lint

WAREHOUSE = r'''
[[custom-rules]]
code = "ACME101"
name = "warehouse-source"
severity = "error"
category = "M"
description = "Company KPIs must read their numbers from the data warehouse."
kind = "KPI"
when = { "spec.level" = "company" }
path = "spec.metric.source"
require = true
schema = { type = "string", pattern = "^warehouse\\." }
message = "company KPIs read from the warehouse, found `{value}`"
'''


def kpi(ident: str, level: str, metric: str = "", extra: str = "") -> str:
    return (
        f"apiVersion: kpilint/v1\nkind: KPI\nmetadata:\n  id: {ident}\n  name: {ident}\n{extra}"
        f"spec:\n  level: {level}\n" + (f"  metric:\n{metric}" if metric else "")
    )


COMPANY = "---\n".join(
    [
        kpi("acme.revenue", "company", "    unit: EUR\n    source: crm.deals\n"),  # 10:13
        kpi("acme.margin", "company", "    unit: EUR\n"),  # metric: at 19:3
        kpi("acme.cash", "company", "    source: warehouse.cash\n"),  # fine
        kpi("acme.team", "team", "    source: crm.deals\n"),  # not a company KPI
        kpi("acme.blank", "company", "    source: ''\n"),  # blank: 50:13
    ]
)


def run(tmp_path: Path, config: str, files: dict[str, str], *args: str) -> tuple[int, str, str]:
    (tmp_path / "kpilint.toml").write_text(textwrap.dedent(config), encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", ".", "--today", "2027-01-15", *args])
    finally:
        os.chdir(here)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def found(tmp_path: Path, config: str, files: dict[str, str], *args: str) -> list[tuple[str, str, int, int, str]]:
    code, out, err = run(tmp_path, config, files, "--format", "json", *args)
    assert code in (0, 1), err
    return [(d["path"], d["code"], d["line"], d["column"], d["message"]) for d in json.loads(out)["diagnostics"]]


def test_the_specs_example_reports_company_kpis_not_reading_from_the_warehouse(tmp_path: Path) -> None:
    assert found(tmp_path, WAREHOUSE, {"a.kpi.yaml": COMPANY}, "--select", "ACME") == [
        ("a.kpi.yaml", "ACME101", 10, 13, "company KPIs read from the warehouse, found `crm.deals`"),
        ("a.kpi.yaml", "ACME101", 19, 3, "company KPIs read from the warehouse, found `nothing`"),
        ("a.kpi.yaml", "ACME101", 50, 13, "company KPIs read from the warehouse, found `nothing`"),
    ]


def test_without_require_a_missing_value_is_not_checked(tmp_path: Path) -> None:
    config = WAREHOUSE.replace("require = true\n", "")
    assert [f[2:4] for f in found(tmp_path, config, {"a.kpi.yaml": COMPANY}, "--select", "ACME")] == [(10, 13)]


def test_the_rule_works_through_the_testing_helpers() -> None:
    codes = [(d.code, d.line, d.col) for d in lint(COMPANY, config=WAREHOUSE, select="ACME101")]
    assert codes == [("ACME101", 10, 13), ("ACME101", 19, 3), ("ACME101", 50, 13)]


def test_pyproject_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(WAREHOUSE.replace("[[custom-rules]]", "[[tool.kpilint.custom-rules]]"))
    (tmp_path / "a.kpi.yaml").write_text(COMPANY)
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--select", "ACME", "--format", "concise"])
    assert result.exit_code == 1
    assert result.stdout.count("ACME101") == 3


PLACEHOLDERS = WAREHOUSE.replace(
    'message = "company KPIs read from the warehouse, found `{value}`"',
    'message = "{{id}} {id} in {file} at {path}: found {value}"',
)
ODD = kpi("acme.odd", "company", "    source: 'crm<\"x\">&%y'\n")


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "junit", "gitlab", "full"])
def test_placeholders_are_filled_and_escaped_in_every_format(tmp_path: Path, fmt: str) -> None:
    code, out, _ = run(tmp_path, PLACEHOLDERS, {"sub/odd.kpi.yaml": ODD}, "--select", "ACME", "--format", fmt)
    assert code == 1
    message = 'found crm<"x">&%y'
    head = "{id} acme.odd in sub/odd.kpi.yaml at spec.metric.source: "
    if fmt == "json":
        assert json.loads(out)["diagnostics"][0]["message"] == head + message
    elif fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["message"]["text"] == head + message
    elif fmt == "gitlab":
        assert json.loads(out)[0]["description"] == "ACME101 " + head + message
    elif fmt == "junit":
        failure = ET.fromstring(out).find(".//failure")
        assert failure is not None and failure.get("message") == head + message
    elif fmt == "github":
        assert "::" + head + 'found crm<"x">&%25y' in out
    else:
        assert head + message in out


def test_when_with_one_value_and_with_a_list(tmp_path: Path) -> None:
    files = {"a.kpi.yaml": COMPANY}
    listed = WAREHOUSE.replace('"company" }', '["company", "team"] }')
    assert len(found(tmp_path, listed, files, "--select", "ACME")) == 4
    numbers = WAREHOUSE.replace('when = { "spec.level" = "company" }', 'when = { "spec.metric.target" = 2 }')
    files = {"a.kpi.yaml": kpi("a.b", "team", "    target: 2.0\n    source: crm\n") + "---\n" + kpi("a.c", "team", "    target: true\n")}
    assert [f[2] for f in found(tmp_path, numbers, files, "--select", "ACME")] == [10]


LIST_RULE = '''
[[custom-rules]]
code = "HR101"
name = "short-plan-steps"
description = "Every step of the plan is one short line."
path = "spec.plan[*]"
require = true
schema = { type = "string", maxLength = 20 }
message = "plan step {path} is too long or blank: `{value}`"
'''


def test_path_walks_every_item_of_a_list(tmp_path: Path) -> None:
    text = kpi("a.b", "team") + "  plan:\n    - short\n    - a step that is far too long\n    -\n"
    assert found(tmp_path, LIST_RULE, {"a.kpi.yaml": text}, "--select", "HR") == [
        ("a.kpi.yaml", "HR101", 10, 7, "plan step spec.plan[1] is too long or blank: `a step that is far too long`"),
        ("a.kpi.yaml", "HR101", 11, 6, "plan step spec.plan[2] is too long or blank: `nothing`"),
    ]
    # no plan at all: one finding, at the nearest key there is
    assert [f[2:4] for f in found(tmp_path, LIST_RULE, {"a.kpi.yaml": kpi("a.b", "team")}, "--select", "HR")] == [(6, 1)]


LABELS_RULE = '''
[[custom-rules]]
code = "HR102"
name = "lowercase-labels"
description = "Label values are lowercase slugs."
path = "metadata.labels[*]"
schema = { type = "string", pattern = "^[a-z-]+$" }
message = "label {path} = {value}"
'''


def test_path_walks_every_value_of_a_mapping(tmp_path: Path) -> None:
    text = kpi("a.b", "team", extra="  labels: {department: Sales, team: north, region: eu-west}\n")
    assert found(tmp_path, LABELS_RULE, {"a.kpi.yaml": text}, "--select", "HR") == [
        ("a.kpi.yaml", "HR102", 6, 24, "label metadata.labels.department = Sales"),
    ]


OWNER_RULE = '''
[[custom-rules]]
code = "HR201"
name = "owner-type"
description = "Every Owner says what it is."
kind = "Owner"
path = "spec.type"
require = true
message = "Owner {id} has no type"
'''


def test_a_rule_on_owners_sees_only_owners(tmp_path: Path) -> None:
    owner = "apiVersion: kpilint/v1\nkind: Owner\nmetadata:\n  id: sales\n  name: Sales\nspec:\n  parent: acme\n"
    files = {"o.kpi.yaml": owner, "k.kpi.yaml": kpi("a.b", "team", "    unit: EUR\n")}
    assert found(tmp_path, OWNER_RULE, files, "--select", "HR") == [("o.kpi.yaml", "HR201", 6, 1, "Owner sales has no type")]


ONLY_REQUIRE = '''
[[custom-rules]]
code = "HR301"
name = "department-label"
description = "Every KPI carries the label department."
path = "metadata.labels.department"
require = true
'''

ONLY_SCHEMA = '''
[[custom-rules]]
code = "HR302"
name = "whole-eur-targets"
description = "Targets in EUR are whole numbers."
when = { "spec.metric.unit" = "EUR" }
path = "spec.metric.target"
schema = { type = "integer" }
'''


def test_a_rule_with_only_require(tmp_path: Path) -> None:
    files = {
        "a.kpi.yaml": kpi("a.a", "team", extra="  labels: {department: sales}\n"),
        "b.kpi.yaml": kpi("a.b", "team", extra="  labels: {team: x}\n"),
        "c.kpi.yaml": kpi("a.c", "team"),
    }
    assert [f[:4] for f in found(tmp_path, ONLY_REQUIRE, files, "--select", "HR")] == [
        ("b.kpi.yaml", "HR301", 6, 3),
        ("c.kpi.yaml", "HR301", 3, 1),
    ]
    message = found(tmp_path, ONLY_REQUIRE, files, "--select", "HR")[0][4]
    assert message == "`metadata.labels.department` breaks house rule department-label: found `nothing`"


def test_a_rule_with_only_schema(tmp_path: Path) -> None:
    files = {
        "a.kpi.yaml": kpi("a.a", "team", "    unit: EUR\n    target: 1000.5\n"),
        "b.kpi.yaml": kpi("a.b", "team", "    unit: EUR\n    target: 1000\n"),
        "c.kpi.yaml": kpi("a.c", "team", "    unit: EUR\n"),  # no target: not checked
        "d.kpi.yaml": kpi("a.d", "team", "    unit: USD\n    target: 1.5\n"),  # not EUR
    }
    assert [f[:4] for f in found(tmp_path, ONLY_SCHEMA, files, "--select", "HR")] == [("a.kpi.yaml", "HR302", 10, 13)]


def test_suppressions_selection_and_severity_apply(tmp_path: Path) -> None:
    inline = COMPANY.replace("source: crm.deals\n", "source: crm.deals  # kpilint: disable=ACME101\n", 1)
    inline = inline.replace("  name: acme.margin\n", "  name: acme.margin\n  lint-disable: [ACME]\n")
    assert [f[2] for f in found(tmp_path, WAREHOUSE, {"a.kpi.yaml": inline}, "--select", "ACME")] == [51]
    assert found(tmp_path, WAREHOUSE, {"a.kpi.yaml": COMPANY}, "--select", "S101") == []
    assert len(found(tmp_path, WAREHOUSE, {"a.kpi.yaml": COMPANY}, "--select", "acme1")) == 3
    assert found(tmp_path, WAREHOUSE, {"a.kpi.yaml": COMPANY}, "--ignore", "ACME101", "--select", "ACME") == []
    graded = 'severity = { ACME101 = "info" }\n' + WAREHOUSE
    code, out, _ = run(tmp_path, graded, {"a.kpi.yaml": COMPANY}, "--select", "ACME", "--format", "json")
    assert code == 0 and {d["severity"] for d in json.loads(out)["diagnostics"]} == {"info"}


RULE_FILE = '''\
"""## What it does
Reports nothing (a repo-local rule).
"""
from kpilint.api import document_rule


@document_rule(code="LOC101", name="local-rule", severity="info", category=None, docs=__doc__)
def check(doc, ctx):
    return ()
'''


def test_rules_and_rule_list_house_rules_beside_a_rule_path_rule(tmp_path: Path) -> None:
    (tmp_path / "local.py").write_text(RULE_FILE)
    (tmp_path / "kpilint.toml").write_text('rule-paths = ["local.py"]\n' + WAREHOUSE)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        listing = CliRunner().invoke(main, ["rules"])
        house = CliRunner().invoke(main, ["rule", "acme101"])
        local = CliRunner().invoke(main, ["rule", "LOC101"])
    finally:
        os.chdir(here)
    lines = {line.split()[0]: line for line in listing.stdout.splitlines()}
    assert "warehouse-source" in lines["ACME101"] and "[custom-rules in kpilint.toml]" in lines["ACME101"]
    assert "Company KPIs must read their numbers from the data warehouse" in lines["ACME101"]
    assert "[rule file local.py]" in lines["LOC101"]
    assert house.exit_code == 0
    assert "Origin: custom-rules in kpilint.toml" in house.stdout
    assert "Company KPIs must read their numbers from the data warehouse." in house.stdout
    assert 'schema = { type = "string", pattern = "^warehouse\\\\." }' in house.stdout
    assert 'when = { "spec.level" = "company" }' in house.stdout
    assert "Origin: rule file local.py" in local.stdout


def _error(tmp_path: Path, config: str) -> str:
    code, out, err = run(tmp_path, config, {"a.kpi.yaml": COMPANY})
    assert code == 2, out
    assert "Traceback" not in err and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


BASE = '[[custom-rules]]\nname = "warehouse-source"\ndescription = "d."\n'


@pytest.mark.parametrize(
    ("definition", "wanted"),
    [
        ('code = "ACME101"\npath = "spec.metric.sorce"\nrequire = true',
         "custom rule ACME101: `path`: `spec.metric.sorce` names no field of a KPI; did you mean `spec.metric.source`?"),
        ('code = "ACME101"\npath = "spec.metric.source"\nsevrity = "error"\nrequire = true',
         "custom rule ACME101: unknown key `sevrity`; did you mean `severity`?"),
        ('code = "X101"\npath = "spec.metric.source"\nrequire = true',
         "custom rule #1: `code` 'X101': house-rule codes have 2-5 capital letters and 3 digits"),
        ('code = "ACME1011"\npath = "spec.metric.source"\nrequire = true', "custom rule #1: `code` 'ACME1011'"),
        ('code = "ACME101"\npath = "spec.metric.source"\nschema = { type = "strin" }',
         "custom rule ACME101: `schema`: not a valid JSON Schema (Draft 2020-12): at `schema.type`"),
        ('code = "ACME101"\npath = "spec.metric.source"\nschema = { type = "string", pattern = "(" }',
         "custom rule ACME101: `schema`: not a valid JSON Schema (Draft 2020-12): at `schema.pattern`: '(' is not a 'regex'"),
        ('code = "ACME101"\npath = "spec.metric.source"\nwhen = { "spec.levl" = "company" }\nrequire = true',
         "custom rule ACME101: `when.spec.levl`: `spec.levl` names no field of a KPI; did you mean `spec.level`?"),
        ('code = "ACME101"\npath = "spec.metric.source"\nwhen = { "spec.plan[*]" = "x" }\nrequire = true',
         "custom rule ACME101: `when.spec.plan[*]`: `spec.plan[*]` is not a path to one field"),
        ('code = "ACME101"\npath = "spec.metric.source"\nseverity = "fatal"\nrequire = true',
         "custom rule ACME101: `severity` must be one of error, warning, info, found 'fatal'"),
        ('code = "ACME101"\npath = "spec.metric.source"\ncategory = "X"\nrequire = true',
         "custom rule ACME101: `category` must be one of S, M, A, R, T, found 'X'"),
        ('code = "ACME101"\npath = "spec.metric.source"\nkind = "Team"\nrequire = true',
         "custom rule ACME101: `kind` must be one of KPI, Owner, found 'Team'"),
        ('code = "ACME101"\npath = "spec.metric.source"\nmessage = "found {vaule}"\nrequire = true',
         "custom rule ACME101: `message`: unknown placeholder `{vaule}`; did you mean `{value}`?"),
        ('code = "ACME101"\npath = "spec.metric.source"\nmessage = "found {value"\nrequire = true',
         "custom rule ACME101: `message`:"),
        ('code = "ACME101"\npath = "spec..source"\nrequire = true', "custom rule ACME101: `path`: `spec..source` is not a path"),
        ('code = "ACME101"\npath = "spec.metric.source"', "custom rule ACME101: `require`: the rule checks nothing"),
        ('code = "ACME101"\npath = "spec.metric.source"\nrequire = "yes"',
         "custom rule ACME101: `require` must be true or false, found 'yes'"),
        ('code = "ACME101"\nrequire = true', "custom rule ACME101: `path` is required"),
        ('code = "ACME101"\npath = "spec.metric.target"\nkind = "Owner"\nrequire = true',
         "custom rule ACME101: `path`: `spec.metric.target` names no field of an Owner (`spec.metric` is not in the format)"),
        ('code = "ACME101"\npath = "spec.metric.source"\nrequire = true\n' + BASE + 'code = "ACME101"\npath = "spec"\nrequire = true',
         "custom rule ACME101: `code` ACME101 is declared twice"),
    ],
)
def test_definition_errors_are_one_line_config_errors(tmp_path: Path, definition: str, wanted: str) -> None:
    line = _error(tmp_path, BASE + definition + "\n")
    assert line.startswith("kpilint: error: ") and "kpilint.toml: " in line
    assert wanted in line, line


def test_a_code_taken_by_a_rule_path_rule_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "local.py").write_text(RULE_FILE.replace("LOC101", "ACME101"))
    line = _error(tmp_path, 'rule-paths = ["local.py"]\n' + WAREHOUSE)
    assert "custom rule ACME101: `code` ACME101 is already the code of rule file local.py" in line


def test_a_definition_error_stops_the_run_even_from_the_cache(tmp_path: Path) -> None:
    files = {"a.kpi.yaml": COMPANY}
    for _ in range(2):  # the second run has a cache folder and a remembered parse
        assert run(tmp_path, WAREHOUSE, files, "--select", "ACME")[0] == 1
    for _ in range(2):
        assert "`spec.metric.sorce`" in _error(tmp_path, WAREHOUSE.replace("metric.source", "metric.sorce"))


def test_editing_a_house_rule_invalidates_the_cache(tmp_path: Path) -> None:
    files = {"a.kpi.yaml": COMPANY}
    for _ in range(2):
        assert len(found(tmp_path, WAREHOUSE, files, "--select", "ACME")) == 3
    assert (tmp_path / ".kpilint_cache").is_dir()
    edited = WAREHOUSE.replace('pattern = "^warehouse\\\\." ', 'pattern = "^crm\\\\." ')
    assert edited != WAREHOUSE
    assert [f[2] for f in found(tmp_path, edited, files, "--select", "ACME")] == [19, 30, 50]
    worded = WAREHOUSE.replace("found `{value}`", "saw {value}")
    assert found(tmp_path, worded, files, "--select", "ACME")[0][4] == "company KPIs read from the warehouse, saw crm.deals"


_MODULES = """\
import sys
from kpilint.cli import main
try:
    main(["check", "a.kpi.yaml", "--today", "2027-01-15"])
except SystemExit:
    pass
print(sorted(sys.modules))
"""


def _warm_modules(folder: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PYTHONPATH")}
    out = ""
    for _ in range(3):  # the first runs fill the cache and remember the config
        proc = subprocess.run([sys.executable, "-c", _MODULES], cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert "Traceback" not in proc.stderr, proc.stderr
        out = proc.stdout.strip().splitlines()[-1]
    modules: list[str] = json.loads(out.replace("'", '"'))
    return modules


def test_a_warm_run_with_house_rules_imports_no_more_than_one_without(tmp_path: Path) -> None:
    with_rules, without = tmp_path / "with", tmp_path / "without"
    text = kpi("acme.revenue", "company", "    unit: EUR\n    source: crm.deals\n")
    for folder, config in ((with_rules, WAREHOUSE + ONLY_SCHEMA + LIST_RULE), (without, 'fail-on = "error"\n')):
        folder.mkdir()
        (folder / "kpilint.toml").write_text(config)
        (folder / "a.kpi.yaml").write_text(text)
    extra = sorted(set(_warm_modules(with_rules)) - set(_warm_modules(without)))
    assert extra == []


def test_the_readmes_house_rules_are_valid_and_run(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## House rules", 1)[1]
    block = section.split("```toml\n", 1)[1].split("```", 1)[0]
    files = {
        "a.kpi.yaml": COMPANY,
        "p.kpi.yaml": kpi("acme.dana", "individual", "    unit: EUR\n    target: 10.5\n", extra="  labels: {department: sales}\n")
        + "  timeframe: {review: quarterly}\n",
        "o.kpi.yaml": "apiVersion: kpilint/v1\nkind: Owner\nmetadata:\n  id: sales\n  name: Sales\nspec:\n  type: department\n",
    }
    reported = {(f[0], f[1]) for f in found(tmp_path, block, files, "--select", "ACME")}
    assert reported == {
        ("a.kpi.yaml", "ACME101"),
        ("a.kpi.yaml", "ACME102"),
        ("p.kpi.yaml", "ACME103"),
        ("p.kpi.yaml", "ACME104"),
        ("o.kpi.yaml", "ACME105"),
    }


def test_the_examples_house_rule_fires_on_exactly_one_kpi(tmp_path: Path) -> None:
    import shutil

    examples = Path(__file__).resolve().parents[1] / "examples"
    shutil.copytree(examples, tmp_path / "examples", ignore=shutil.ignore_patterns(".kpilint_cache"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "examples"), "--select", "ACME", "--format", "json"])
    reported = [(Path(d["path"]).name, d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert reported == [("customer-satisfaction.kpi.yaml", "ACME101", 6, 1)]


@pytest.mark.parametrize(
    ("config", "wanted"),
    [
        ('[custom-rules]\ncode = "ACME101"\n', "`custom-rules` must be an array of tables, one `[[custom-rules]]` per rule"),
        ("custom-rules = [1]\n", "custom rule #1: each entry of `custom-rules` must be a table"),
        (BASE + 'code = "ACME101"\npath = "spec.level"\nrequire = true\nwhen = { "spec.level" = 2027-01-01 }\n',
         "custom rule ACME101: `when.spec.level`: a `when` value is a string, number or boolean, or a list of them (any of), "
         "found the date 2027-01-01"),
        (BASE + 'code = "ACME101"\npath = "spec.level"\nrequire = true\nmessage = "{value!r}"\n',
         "custom rule ACME101: `message`: placeholder `{value}` takes no format or conversion"),
        (BASE.replace("warehouse-source", "Warehouse") + 'code = "ACME101"\npath = "spec.level"\nrequire = true\n',
         "custom rule ACME101: `name` must be a kebab-case name"),
        (BASE + 'code = "ACME101"\npath = "spec.level"\nschema = { "$ref" = "other.json" }\n',
         "custom rule ACME101: `schema`: `$ref` 'other.json' points outside the fragment"),
    ],
)
def test_more_definition_errors(tmp_path: Path, config: str, wanted: str) -> None:
    assert wanted in _error(tmp_path, config)
