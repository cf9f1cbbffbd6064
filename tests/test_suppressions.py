"""Inline suppressions, ``disable-file``, ``metadata.lint-disable`` and K001
(SPEC §3 "Suppression")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from kpilint.api import Document, Finding, RuleContext, document_rule
from kpilint.cli import main
from kpilint.testing import codes, lint

HEAD = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\n"  # 3 lines

_WORD = re.compile(r"\bvague\b")


@document_rule(code="X401", name="vague-word", severity="warning", category="S", docs="## What it does\nFinds `vague`.\n")
def vague_word(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    """A test rule: one finding per `vague` in the statement, at the word."""
    for span in doc.find_in_scalar(("spec", "statement"), _WORD):
        yield Finding(("spec", "statement"), "vague word", span=span)


def test_trailing_comment_silences_its_line() -> None:
    text = HEAD + "spec:\n  level: teem  # kpilint: disable=V001\n  owner: 5\n"
    assert codes(text, select="V,K") == [("V001", 6, 10)]


def test_comment_on_its_own_line_silences_the_next_line() -> None:
    text = HEAD + "spec:\n  # kpilint: disable=V001\n  level: teem\n  owner: 5\n"
    assert codes(text, select="V,K") == [("V001", 7, 10)]


def test_own_line_comment_skips_blank_and_comment_lines() -> None:
    text = HEAD + "spec:\n  # kpilint: disable=V001\n\n  # why: legacy\n  level: teem\n  owner: 5\n"
    assert codes(text, select="V,K") == [("V001", 9, 10)]


def test_several_codes_and_a_reason() -> None:
    text = HEAD + "spec:\n  metric: {unit: .nan}  # kpilint: disable=M101, V001 -- imported from the old tool\n"
    assert codes(text, select="V,M101,K") == []


def test_reason_is_not_read_as_codes() -> None:
    text = HEAD + "spec:\n  level: teem  # kpilint: disable=V001 -- V002 is fine too\n"
    assert codes(text, select="V,K") == []


def test_disable_all() -> None:
    text = HEAD + "spec:\n  level: teem  # kpilint: disable=all\n  owner: 5\n"
    assert codes(text, select="V,K") == [("V001", 6, 10)]


def test_disable_file_anywhere() -> None:
    text = HEAD + "spec:\n  level: teem\n  owner: 5\n  metric: {unit: x}\n# kpilint: disable-file=V001\n"
    assert codes(text, select="V,M101,K") == [("M101", 7, 3)]


def test_disable_file_all() -> None:
    text = "# kpilint: disable-file=all -- generated file\n" + HEAD + "spec:\n  level: teem\n"
    assert codes(text, select="V,M101,K") == []


def test_suppression_on_block_scalar_key_covers_the_block() -> None:
    text = HEAD + (
        "spec:\n"
        "  statement: >-  # kpilint: disable=X401\n"
        "    A vague goal,\n"
        "    and another vague one.\n"
        "  plan: [a]\n"
    )
    assert codes(text, select="X401,K", rules=[vague_word]) == []
    unsuppressed = text.replace("  # kpilint: disable=X401", "")
    assert codes(unsuppressed, select="X401,K", rules=[vague_word]) == [("X401", 6, 7), ("X401", 7, 17)]


def test_suppression_before_block_scalar_covers_the_block() -> None:
    text = HEAD + "spec:\n  # kpilint: disable=X401\n  statement: |\n    vague\n    vague\n"
    assert codes(text, select="X401,K", rules=[vague_word]) == []


def test_suppression_on_a_line_inside_a_block_covers_only_that_line() -> None:
    text = HEAD + "spec:\n  statement: |\n    vague  # kpilint: disable=X401\n    vague\n"
    # inside a block scalar, `# kpilint:` is text, not a comment
    assert codes(text, select="X401,K", rules=[vague_word]) == [("X401", 6, 5), ("X401", 7, 5)]


def test_directive_inside_a_quoted_string_is_text() -> None:
    text = HEAD + 'spec:\n  statement: "vague # kpilint: disable=X401"\n'
    assert codes(text, select="X401,K", rules=[vague_word]) == [("X401", 5, 15)]


def test_lint_disable_in_metadata_silences_one_document() -> None:
    text = (
        "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x, lint-disable: [V001, M]}\n"
        "spec:\n  level: teem\n---\n" + HEAD + "spec:\n  level: teem\n"
    )
    found = lint(text, select="V,M101,K")
    assert [(d.code, d.line, d.col, d.doc_index) for d in found] == [("M101", 10, 1, 1), ("V001", 11, 10, 1)]


def test_lint_disable_all_and_in_json() -> None:
    text = '{"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a.b", "name": "x", "lint-disable": ["all"]}, "spec": {"level": "teem"}}\n'
    assert codes({"k.kpi.json": text}, select="V,M101,K") == []
    text = text.replace('["all"]', '["V001"]')
    assert codes({"k.kpi.json": text}, select="V,M101,K") == [("M101", 1, text.index('"spec"') + 1)]


def test_json_comment_like_text_is_not_a_directive() -> None:
    text = '{"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a.b", "name": "# kpilint: disable=V001"}, "spec": {"level": "teem"}}\n'
    assert [c for c, _, _ in codes({"k.kpi.json": text}, select="V,K")] == ["V001"]


def test_unused_suppression_is_k001() -> None:
    text = HEAD + "spec:\n  level: team  # kpilint: disable=V001\n"
    found = lint(text, select="V,K")
    assert [(d.code, d.line, d.col, d.end_col) for d in found] == [("K001", 5, 16, 39)]
    assert "V001" in found[0].message and "unused" in found[0].message


def test_unused_all_is_k001() -> None:
    text = HEAD + "spec:\n  level: team  # kpilint: disable=all\n"
    found = lint(text, select="V,K")
    assert [(d.code, d.line) for d in found] == [("K001", 5)]


def test_unused_disable_file_is_k001() -> None:
    text = "# kpilint: disable-file=V001\n" + HEAD + "spec: {level: team}\n"
    assert codes(text, select="V,K") == [("K001", 1, 1)]


def test_unknown_code_is_k001_and_does_not_stop_the_run() -> None:
    text = HEAD + "spec:\n  level: teem  # kpilint: disable=ZZ999\n  owner: 5\n"
    found = lint(text, select="V,K")
    assert [(d.code, d.line, d.col) for d in found] == [("V001", 5, 10), ("K001", 5, 16), ("V001", 6, 10)]
    assert "unknown code `ZZ999`" in found[1].message


def test_k001_not_reported_for_codes_not_enabled() -> None:
    text = HEAD + "spec:\n  level: team  # kpilint: disable=M101\n"
    assert codes(text, select="V,K") == []


def test_k001_can_be_ignored_and_suppressed() -> None:
    text = HEAD + "spec:\n  level: team  # kpilint: disable=V001\n"
    assert codes(text, select="V") == []
    assert codes(text, select="V,K", ignore="K001") == []
    assert codes("# kpilint: disable-file=K001\n" + text, select="V,K") == []


def test_suppressions_do_not_hide_internal_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules.py").write_text(
        "from kpilint.api import document_rule\n"
        "@document_rule(code='X402', name='boom', severity='error', category=None, docs='## What it does\\nBoom.\\n')\n"
        "def check(doc, ctx):\n    raise ValueError('boom')\n",
        encoding="utf-8",
    )
    (tmp_path / "kpilint.toml").write_text('select = ["X402", "K"]\nrule-paths = ["rules.py"]\n', encoding="utf-8")
    (tmp_path / "a.kpi.yaml").write_text("# kpilint: disable-file=all\n" + HEAD + "spec: {}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "concise"], catch_exceptions=False)
    assert result.exit_code == 2
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["K001", "K900"]


def test_directive_needs_a_comment_start() -> None:
    # `#` glued to a value is part of the value in YAML, not a comment
    text = HEAD + "spec:\n  level: teem#kpilint:disable=V001\n"
    assert [c for c, _, _ in codes(text, select="V,K")] == ["V001"]


def test_directive_with_crlf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kpilint.toml").write_text('select = ["V", "K"]\n', encoding="utf-8")
    text = HEAD + "spec:\n  level: teem  # kpilint: disable=V001\n  owner: 5\n"
    (tmp_path / "a.kpi.yaml").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "concise"], catch_exceptions=False)
    assert result.stdout.splitlines() == ["a.kpi.yaml:6:10: V001 [error] `spec.owner` must be a string, found a number 5"]


# -- one matcher, lint-disable entries, configuration ------------------------------


def test_inline_prefixes_all_and_any_case() -> None:
    text = HEAD + "spec:\n  level: teem  # kpilint: disable=v\n  owner: 5  # kpilint: disable=V0\n  plan: 3  # kpilint: disable=All\n"
    assert codes(text, select="V,K") == []


def test_lint_disable_all_any_case_and_prefixes() -> None:
    for entry in ("ALL", "all", "All", "v", "V0", "v001"):
        text = f"apiVersion: kpilint/v1\nkind: KPI\nmetadata: {{id: a.b, name: x, lint-disable: [{entry}]}}\nspec:\n  level: teem\n"
        assert codes(text, select="V,K") == [], entry


def test_lint_disable_unknown_and_unused_entries_are_k001() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata:\n  id: a.b\n  name: x\n  lint-disable: [V001, ZZ101, V002, S1]\nspec:\n  level: teem\n"
    found = lint(text, select="V,K")  # S1 is not enabled: not judged
    assert [(d.code, d.line, d.col, d.yaml_path) for d in found] == [
        ("K001", 6, 24, "metadata.lint-disable[1]"),
        ("K001", 6, 31, "metadata.lint-disable[2]"),
    ]
    assert "unknown code `ZZ101`" in found[0].message and "unused suppression `V002`" in found[1].message


def test_lint_disable_k001_silences_k001_of_its_document() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x, lint-disable: [K001, ZZ101]}\nspec: {level: team}\n"
    assert codes(text, select="V,K") == []


def test_per_file_ignores_make_no_directive_unused() -> None:
    config = '[per-file-ignores]\n"./sales/*.kpi.yaml" = ["v"]\n'
    text = HEAD + "spec:\n  level: teem  # kpilint: disable=V001\n  owner: x  # kpilint: disable=V001\n"
    assert codes({"sales/a.kpi.yaml": text, "b.kpi.yaml": text}, select="V,K", config=config) == [("K001", 6, 13)]


def test_config_selectors_any_case() -> None:
    config = 'select = ["v", "k"]\nignore = ["k001"]\n[severity]\nv001 = "warning"\n'
    found = lint(HEAD + "spec:\n  level: teem  # kpilint: disable=S101\n", config=config)
    assert [(d.code, d.severity.value) for d in found] == [("V001", "warning")]


# -- what a directive covers ------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "  statement: >-  # kpilint: disable=X401\n    A vague goal\n    and a vague one.\n",
        "  statement:  # kpilint: disable=X401\n    A vague goal\n    and a vague one.\n",
        '  statement:  # kpilint: disable=X401\n    "A vague goal\n    and a vague one."\n',
        "  # kpilint: disable=X401\n  statement: 'A vague goal\n    and a vague one.'\n",
        "  # kpilint: disable=X401\n  statement: A vague goal\n    and a vague one.\n",
        "  plan:\n    - >-  # kpilint: disable=X401\n      A vague goal\n      and a vague one.\n",
    ],
)
def test_directive_on_the_key_line_covers_a_multiline_value(body: str) -> None:
    assert codes(HEAD + "spec:\n" + body, select="X401", rules=[vague_word]) == []


def test_directive_on_a_multiline_value_covers_nothing_else() -> None:
    text = HEAD + "spec:\n  statement: >-  # kpilint: disable=X401\n    vague\n  plan: [vague]\n  owner: vague\n"
    assert codes(text, select="X401,K", rules=[vague_word]) == []
    text = HEAD + "spec:\n  statement: >-  # kpilint: disable=V001\n    x\n  owner: 5\n"
    assert codes(text, select="V,K") == [("K001", 5, 18), ("V001", 7, 10)]


def test_value_through_an_alias_is_silenced_at_the_alias() -> None:
    text = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: &n TODO}\nspec:\n  statement: *n  # kpilint: disable=S105\n"
    assert codes(text, select="S105,K") == [("S105", 3, 30)]
    assert codes(text.replace("  # kpilint: disable=S105", ""), select="S105,K") == [("S105", 3, 30), ("S105", 5, 14)]


def test_directive_in_an_unclosed_string_does_not_silence_the_syntax_error() -> None:
    text = HEAD + 'spec:\n  statement: "Revenue  # kpilint: disable-file=all\n  owner: x\n'
    assert [c for c, _, _ in codes(text, select="F,K")] == ["F002"]
    text = HEAD + "spec:\n  statement: 'Revenue  # kpilint: disable-file=all\n  owner: x\n"
    assert [c for c, _, _ in codes(text, select="F,K")] == ["F002"]


def test_quote_inside_a_plain_scalar_does_not_hide_the_comment() -> None:
    text = HEAD + "spec:\n  level: teem - \"x  # kpilint: disable=V001\n  plan: [it's, \"a\"]  # kpilint: disable=V001\n"
    assert codes(text, select="V,K") == [("K001", 6, 22)]
