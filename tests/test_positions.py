"""Exact positions (code, line, column) of loader and schema findings, for
YAML and JSON, through every encoding and YAML feature (SPEC §2, §3, §8)."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kpilint.diagnostics import Diagnostic
from kpilint.engine import Options, prepare, run
from kpilint.loader import load_text
from kpilint.testing import codes, lint

Triple = tuple[str, int, int]

# -- the same broken KPI, as YAML and as JSON ---------------------------------

BROKEN_YAML = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.revenue
  name: Revenue
spec:
  level: teem
  owner: 5
  metric:
    targt: 2
  timeframe:
    start: 2027-02-30
    end: 2027-03-31
"""

BROKEN_JSON = """\
{
  "apiVersion": "kpilint/v1",
  "kind": "KPI",
  "metadata": {
    "id": "sales.revenue",
    "name": "Revenue"
  },
  "spec": {
    "level": "teem",
    "owner": 5,
    "metric": {
      "targt": 2
    },
    "timeframe": {
      "start": "2027-02-30",
      "end": "2027-03-31"
    }
  }
}
"""


def by_path(diagnostics: list[Diagnostic]) -> dict[str, Diagnostic]:
    return {d.yaml_path: d for d in diagnostics}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "broken.kpi.yaml",
            BROKEN_YAML,
            {
                "spec.level": (7, 10, 7, 14),
                "spec.owner": (8, 10, 8, 11),
                "spec.metric.targt": (10, 5, 10, 10),
                "spec.timeframe.start": (12, 12, 12, 22),
            },
        ),
        (
            "broken.kpi.json",
            BROKEN_JSON,
            {
                "spec.level": (9, 14, 9, 20),
                "spec.owner": (10, 14, 10, 15),
                "spec.metric.targt": (12, 7, 12, 14),
                "spec.timeframe.start": (15, 16, 15, 28),
            },
        ),
    ],
)
def test_schema_findings_are_placed_exactly(name: str, text: str, expected: dict[str, tuple[int, int, int, int]]) -> None:
    found = lint({name: text}, select="V,F")
    assert [d.code for d in found] == ["V001"] * 4
    placed = {path: (d.line, d.col, d.end_line, d.end_col) for path, d in by_path(found).items()}
    assert placed == expected
    messages = {d.yaml_path: d.message for d in found}
    assert "teem" in messages["spec.level"] and "did you mean `team`?" in messages["spec.level"]
    assert "must be a string" in messages["spec.owner"] and "a number" in messages["spec.owner"]
    assert "unknown key `targt`" in messages["spec.metric.targt"]
    assert "did you mean `target`?" in messages["spec.metric.targt"]
    assert "2027-02-30" in messages["spec.timeframe.start"]


def test_end_column_is_exclusive() -> None:
    (diag,) = lint("apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec: {level: abcdef}\n", select="V001")
    assert (diag.line, diag.col, diag.end_line, diag.end_col) == (4, 15, 4, 21)
    assert diag.end_col - diag.col == len("abcdef")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("m.kpi.yaml", "apiVersion: kpilint/v1\nkind: KPI\nmetadata:\n  id: a.b\nspec: {}\n", [("V001", 3, 1)]),
        (
            "m.kpi.json",
            '{\n  "apiVersion": "kpilint/v1",\n  "kind": "KPI",\n  "metadata": {"id": "a.b"},\n  "spec": {}\n}\n',
            [("V001", 4, 3)],
        ),
    ],
)
def test_missing_required_key_points_at_the_mapping_key(name: str, text: str, expected: list[Triple]) -> None:
    found = lint({name: text}, select="V")
    assert [(d.code, d.line, d.col) for d in found] == expected
    assert "missing the required key `name`" in found[0].message
    assert found[0].yaml_path == "metadata.name"


@pytest.mark.parametrize(("name", "text"), [("d.kpi.yaml", "{}\n"), ("d.kpi.json", "{}\n")])
def test_missing_required_key_at_document_level_is_1_1(name: str, text: str) -> None:
    found = lint({name: text}, select="V")
    assert {(d.code, d.line, d.col) for d in found} == {("V001", 1, 1)}
    assert sorted(d.yaml_path for d in found) == ["apiVersion", "kind", "metadata", "spec"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("dup.kpi.yaml", "apiVersion: kpilint/v1\nkind: KPI\nmetadata:\n  id: a.b\n  name: x\n  name: y\nspec: {}\n", ("F003", 6, 3)),
        (
            "dup.kpi.json",
            '{\n  "apiVersion": "kpilint/v1",\n  "kind": "KPI",\n  "metadata": {"id": "a.b", "name": "x", "name": "y"},\n  "spec": {}\n}\n',
            ("F003", 4, 42),
        ),
    ],
)
def test_duplicate_key_at_second_key(name: str, text: str, expected: Triple) -> None:
    found = lint({name: text}, select="V,F")
    assert [(d.code, d.line, d.col) for d in found] == [expected]
    assert "duplicate key `name`" in found[0].message
    assert "first defined on line" in found[0].message


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # the flow mapping is never closed; the parser stops at the next `:`
        ("syn.kpi.yaml", "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x\nspec: {}\n", ("F002", 4, 5)),
        # a tab-less indentation error
        ("ind.kpi.yaml", "a:\n  b: 1\n c: 2\n", ("F002", 3, 2)),
        # trailing comma (strict JSON)
        ("syn.kpi.json", '{\n  "kind": "KPI",\n  "spec": {"a": 1,}\n}\n', ("F002", 3, 19)),
        # NaN is not JSON
        ("nan.kpi.json", '{"a": NaN}\n', ("F002", 1, 7)),
    ],
)
def test_syntax_error_at_parser_position(name: str, text: str, expected: Triple) -> None:
    found = lint({name: text}, select="V,F")
    assert [(d.code, d.line, d.col) for d in found] == [expected]
    assert "NaN" not in json.dumps([d.message for d in found]).replace("`NaN`", "")


def test_syntax_error_in_second_document_keeps_first() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec: {level: teem}\n---\nkey: [1, 2\n"
    found = lint(text, select="V,F")
    # the unclosed flow sequence is detected at the end of the file
    assert [(d.code, d.line, d.col, d.doc_index) for d in found] == [("V001", 4, 15, 0), ("F002", 7, 1, 1)]


MULTI = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: a.first, name: First}
spec: {level: company}
---
apiVersion: kpilint/v1
kind: KPI
metadata: {id: a.second, name: Second}
spec:
  level: team
  metric: {target: high}
"""


def test_multi_document_error_in_second_document() -> None:
    (diag,) = lint(MULTI, select="V,F")
    assert (diag.code, diag.line, diag.col, diag.doc_index, diag.yaml_path) == ("V001", 11, 20, 1, "spec.metric.target")


def test_multi_document_json_output(tmp_path: Path) -> None:
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    (tmp_path / "multi.kpi.yaml").write_text(MULTI, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kpilint", "check", "--isolated", "--select", "V,F", "--format", "json", "multi.kpi.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    (item,) = json.loads(proc.stdout)["diagnostics"]
    assert item["document"] == 1
    assert item["yaml_path"] == "spec.metric.target"
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (11, 20, 11, 24)


# -- code points, not bytes -----------------------------------------------------


def test_columns_count_code_points() -> None:
    # "é" is 2 bytes, "€" 3, "😀" 4 (and 2 UTF-16 units): columns count 1 each
    text = 'apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: "é€😀", labels: {k: 1}}\nspec: {level: x}\n'
    found = lint(text, select="V")
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("V001", 3, 46, 47), ("V001", 4, 15, 16)]


def test_multiline_value_end_is_in_code_points() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec:\n  plan: {a: \"ééé\",\n    b: 😀}\n"
    (diag,) = lint(text, select="V")
    # a wrong-typed collection is reported at its key
    assert (diag.line, diag.col, diag.end_line, diag.end_col, diag.yaml_path) == (5, 3, 5, 7, "spec.plan")
    doc = load_text(text, "x.kpi.yaml").documents[0]
    assert doc.source.values[("spec", "plan")] == (5, 9, 6, 10)
    assert doc.source.values[("spec", "plan", "b")] == (6, 8, 6, 9)


# -- encodings and line endings ------------------------------------------------------

TWIN = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.revenue
  name: "Umsatz für 😀"
spec:
  level: teem
  metric:
    targt: 2
  timeframe: {start: 2027-02-30}
"""


def _lint_bytes(tmp_path: Path, name: str, data: bytes, select: tuple[str, ...] = ("V", "F")) -> list[tuple[str, int, int, int, int]]:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    (folder / "kpilint.toml").write_text("", encoding="utf-8")
    target = folder / name
    target.write_bytes(data)
    session = prepare([target], Options(select=select, isolated=True, config_file=folder / "kpilint.toml"))
    result = run(session, [target])
    return [(d.code, d.line, d.col, d.end_line, d.end_col) for d in result.diagnostics]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode("utf-8"), id="cr"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"), id="utf8-bom-crlf"),
        pytest.param(lambda t: t.encode("utf-16"), id="utf16-bom"),
        pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="utf16be-bom"),
        pytest.param(lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), id="utf32-bom"),
    ],
)
def test_encodings_and_line_endings_match_the_plain_twin(tmp_path: Path, encode: object) -> None:
    plain = _lint_bytes(tmp_path, "plain.kpi.yaml", TWIN.encode("utf-8"))
    assert [c[:3] for c in plain] == [("V001", 7, 10), ("V001", 9, 5), ("V001", 10, 22)]
    other = _lint_bytes(tmp_path, "twin.kpi.yaml", encode(TWIN))  # type: ignore[operator]
    assert other == plain


def test_json_with_bom_and_crlf_matches_plain_twin(tmp_path: Path) -> None:
    plain = _lint_bytes(tmp_path, "plain.kpi.json", BROKEN_JSON.encode("utf-8"))
    assert len(plain) == 4
    twin = _lint_bytes(tmp_path, "twin.kpi.json", codecs.BOM_UTF8 + BROKEN_JSON.replace("\n", "\r\n").encode("utf-8"))
    assert twin == plain
    utf16 = _lint_bytes(tmp_path, "u16.kpi.json", BROKEN_JSON.encode("utf-16"))
    assert utf16 == plain


def test_undecodable_bytes_are_f001(tmp_path: Path) -> None:
    assert _lint_bytes(tmp_path, "latin.kpi.yaml", "name: caf\xe9\n".encode("latin-1")) == [("F001", 1, 1, 1, 2)]
    assert _lint_bytes(tmp_path, "bin.kpi.yaml", b"a: 1\n\x00\x01\x02") == [("F001", 1, 1, 1, 2)]


# -- YAML features ---------------------------------------------------------------


def test_anchors_aliases_and_merge_keys() -> None:
    text = textwrap.dedent(
        """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: sales.revenue, name: Revenue}
        spec:
          metric: &m
            unit: EUR
            target: 10
          timeframe:
            <<: {start: 2027-01-01, review: monthly}
            end: 2027-03-31
          plan: [*m]
        """
    )
    found = lint(text, select="V,F,M101")
    # the alias expands to a mapping where the plan wants strings: reported
    # at the alias, where the plan uses it (a directive on that line covers it)
    assert [(d.code, d.line, d.col, d.yaml_path) for d in found] == [("V001", 11, 10, "spec.plan[0]")]


def test_merge_key_values_are_checked_at_their_source() -> None:
    text = textwrap.dedent(
        """\
        apiVersion: kpilint/v1
        kind: KPI
        metadata: {id: sales.revenue, name: Revenue}
        spec:
          metric:
            <<: {unit: EUR, target: lots}
            unit: USD
        """
    )
    found = lint(text, select="V,F,M101")
    assert [(d.code, d.line, d.col, d.yaml_path) for d in found] == [("V001", 6, 29, "spec.metric.target")]


def test_merged_keys_count_as_present() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec:\n  metric:\n    <<: {target: 2}\n"
    assert codes(text, select="V,F,M101") == []


def test_python_tag_is_reported_and_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\n"
        f"spec: !!python/object/apply:os.system [\"touch {marker}\"]\n"
    )
    found = lint(text, select="V,F")
    assert [(d.code, d.line, d.col) for d in found] == [("V001", 4, 7)]
    assert "!!python/object/apply:os.system" in found[0].message
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!custom", "!!binary"])
def test_other_tags_are_v001(tag: str) -> None:
    text = f"apiVersion: kpilint/v1\nkind: KPI\nmetadata: {{id: a.b, name: {tag} x}}\nspec: {{}}\n"
    found = lint(text, select="V,F")
    assert [(d.code, d.line, d.col) for d in found] == [("V001", 3, 27)]


def _strict_json(text: str) -> object:
    def reject(name: str) -> object:
        raise AssertionError(f"non-finite number {name} in JSON output")

    return json.loads(text, parse_constant=reject)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "-.Inf"])
def test_non_finite_numbers_are_v001_and_never_printed_as_nan(tmp_path: Path, value: str) -> None:
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    (tmp_path / "n.kpi.yaml").write_text(
        f"apiVersion: kpilint/v1\nkind: KPI\nmetadata: {{id: a.b, name: x}}\nspec:\n  metric: {{target: {value}}}\n",
        encoding="utf-8",
    )
    for fmt in ("json", "concise", "full"):
        proc = subprocess.run(
            [sys.executable, "-m", "kpilint", "check", "--isolated", "--format", fmt, "--select", "V,F,M101", "n.kpi.yaml"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr
        # the source text (`.NaN`) may be quoted, never a computed NaN
        shown = proc.stdout.replace(value, "")
        assert "nan" not in shown.lower() and "infinity" not in shown.lower()
        assert "V001" in proc.stdout
        if fmt == "json":
            (item,) = _strict_json(proc.stdout)["diagnostics"]  # type: ignore[index]
            assert (item["code"], item["line"], item["column"], item["yaml_path"]) == ("V001", 5, 20, "spec.metric.target")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("e.kpi.yaml", ""),
        ("c.kpi.yaml", "# only a comment\n\n# and another\n"),
        ("w.kpi.yaml", "\n\n   \n"),
        ("e.kpi.json", ""),
        ("w.kpi.json", "  \n"),
    ],
)
def test_empty_file_is_f005(name: str, text: str) -> None:
    assert codes({name: text}, select="ALL") == [("F005", 1, 1)]


def test_empty_second_document_is_f005() -> None:
    text = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: sales, name: Sales}\nspec: {type: team}\n---\n"
    found = lint(text, select="F,V")
    # at the stray `---` (the empty node itself is past the end of the file)
    assert [(d.code, d.line, d.col, d.end_col, d.doc_index) for d in found] == [("F005", 5, 1, 4, 1)]


@pytest.mark.parametrize(
    ("name", "text", "what"),
    [
        ("s.kpi.yaml", "hello\n", "a string"),
        ("l.kpi.yaml", "- 1\n- 2\n", "a list"),
        ("n.kpi.yaml", "42\n", "a number"),
        ("l.kpi.json", "[1, 2]\n", "a list"),
        ("s.kpi.json", '"x"\n', "a string"),
    ],
)
def test_non_mapping_top_level_is_v001(name: str, text: str, what: str) -> None:
    found = lint({name: text}, select="ALL")
    assert [(d.code, d.line, d.col) for d in found] == [("V001", 1, 1)]
    assert what in found[0].message


def test_missing_spec_fires_m101_at_1_1() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\n"
    found = lint(text, select="M101,V")
    assert [(d.code, d.line, d.col) for d in found] == [("M101", 1, 1), ("V001", 1, 1)]
    assert found[0].yaml_path == "spec.metric.target"


def test_missing_metric_fires_m101_at_spec_key() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec:\n  level: team\n"
    assert codes(text, select="M101") == [("M101", 4, 1)]


def test_missing_target_fires_m101_at_metric_key() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec:\n  level: team\n  metric:\n    unit: EUR\n"
    assert codes(text, select="M101") == [("M101", 6, 3)]


def test_json_missing_target_fires_m101_at_metric_key() -> None:
    text = '{\n  "apiVersion": "kpilint/v1",\n  "kind": "KPI",\n  "metadata": {"id": "a.b", "name": "x"},\n  "spec": {\n    "metric": {"unit": "EUR"}\n  }\n}\n'
    assert codes({"k.kpi.json": text}, select="M101") == [("M101", 6, 5)]


def test_json_schema_key_is_allowed() -> None:
    text = '{"$schema": "../schemas/kpi.json", "apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a.b", "name": "x"}, "spec": {}}\n'
    assert codes({"k.kpi.json": text}, select="V,F") == []


def test_unknown_api_version_and_kind_are_v002() -> None:
    text = "apiVersion: kpilint/v9\nkind: KPl\nmetadata: {id: a.b, name: x}\nspec: {}\n"
    found = lint(text, select="V,F,M")
    assert [(d.code, d.line, d.col) for d in found] == [("V002", 1, 13), ("V002", 2, 7)]
    assert "did you mean `KPI`?" in found[1].message


@pytest.mark.parametrize("brk", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_count_as_lines(brk: str) -> None:
    # YAML 1.1 breaks lines at these; editors and kpilint positions do not
    text = f'apiVersion: kpilint/v1\nkind: KPI\n# note\nmetadata: {{id: a.b, name: "x{brk}y"}}\nspec: {{level: x, owner: 5}}\n'
    found = lint(text, select="V,F")
    assert [(d.code, d.line, d.col, d.end_line, d.end_col) for d in found] == [
        ("V001", 5, 15, 5, 16),
        ("V001", 5, 25, 5, 26),
    ]
