"""The one code matcher (SPEC §3 "Suppression"): codes, prefixes, ALL, any case,
and the shapes of built-in, plugin and house-rule codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpilint.api import document_rule
from kpilint.codes import (
    CODE_PATTERN,
    HOUSE_CODE_PATTERN,
    SELECTOR_SCHEMA_PATTERN,
    best,
    is_selector,
    matches,
    plugin_code_problem,
)
from kpilint.registry import RegistryError, build_registry

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "kpilint.v1.schema.json"


@pytest.mark.parametrize(
    ("selector", "code", "expected"),
    [
        ("S101", "S101", True),
        ("s101", "S101", True),
        ("S1", "S101", True),
        ("S", "S101", True),
        ("s", "S101", True),
        ("ALL", "S101", True),
        ("all", "ACME101", True),
        ("A", "A101", True),
        ("A", "ACME101", False),
        ("ACME", "ACME101", True),
        ("acme1", "ACME101", True),
        ("ACME2", "ACME101", False),
        ("AC", "ACME101", False),
        ("S2", "S101", False),
        ("S1010", "S101", False),
        ("S-1", "S101", False),
        ("", "S101", False),
    ],
)
def test_matches(selector: str, code: str, expected: bool) -> None:
    assert matches(selector, code) is expected


def test_longer_prefix_is_more_specific() -> None:
    assert best(["ALL"], "S101") == 0
    assert best(["S", "S10"], "S101") == 3
    assert best(["T"], "S101") == -1


@pytest.mark.parametrize("selector", ["S101", "s1", "ALL", "all", "ACME", "acme101", "X1"])
def test_selector_shapes(selector: str) -> None:
    assert is_selector(selector)


@pytest.mark.parametrize("selector", ["S-101", "S1010", "ABCDEF1", "1", "", "S 101", "AL L"])
def test_not_selectors(selector: str) -> None:
    assert not is_selector(selector)


def test_code_shapes() -> None:
    assert CODE_PATTERN.match("S101") and CODE_PATTERN.match("ACME101") and CODE_PATTERN.match("ABCDE101")
    assert not CODE_PATTERN.match("ABCDEF101") and not CODE_PATTERN.match("s101")
    assert HOUSE_CODE_PATTERN.match("AC101") and not HOUSE_CODE_PATTERN.match("X101")
    assert plugin_code_problem("X101") is None
    assert plugin_code_problem("ACME101") is None
    assert plugin_code_problem("SA101") is None
    assert "built-in letter" in (plugin_code_problem("S901") or "")
    assert "ABC123" in (plugin_code_problem("x101") or "")


def test_schema_pattern_for_lint_disable_is_the_matchers() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    text = json.dumps(schema)
    assert json.dumps(SELECTOR_SCHEMA_PATTERN) in text


def test_plugin_with_a_builtin_letter_alone_is_refused() -> None:
    def check(doc: object, ctx: object) -> list[object]:
        return []

    rule = document_rule(code="S901", name="house-words", severity="warning", category="S", docs="")(check)  # type: ignore[arg-type]
    with pytest.raises(RegistryError, match="built-in letter S alone"):
        build_registry(plugins=False, extra=[rule])
    five = document_rule(code="ACME101", name="acme-words", severity="warning", category=None, docs="")(check)  # type: ignore[arg-type]
    assert "ACME101" in build_registry(plugins=False, extra=[five]).rules
