"""The rule classes of the public API are immutable records with
keyword-only fields: compared, hashed, printed, copied and pickled by their
fields, as frozen dataclasses are."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any, Iterator

import pytest

from kpilint.api import Document, DocumentRule, EngineCode, Finding, ProjectRule, Rule, RuleContext, Severity, document_rule


def check(doc: Document, ctx: RuleContext) -> Iterator[Finding]:
    yield Finding((), "found")


FIELDS: dict[str, Any] = {"code": "X101", "name": "x-rule", "severity": Severity.WARNING, "category": "S", "docs": "## What it does\nChecks x. More."}


def test_fields_defaults_and_keyword_only() -> None:
    rule = DocumentRule(check=check, **FIELDS)
    assert (rule.code, rule.options, rule.uses_date, rule.origin, rule.check) == ("X101", {}, False, "builtin", check)
    assert rule.kind == "document" and rule.summary == "Checks x"
    other = DocumentRule(check=check, **FIELDS)
    assert other.options is not rule.options  # each its own dict
    with pytest.raises(TypeError):
        DocumentRule("X101", "x-rule", Severity.WARNING, "S", "docs", check=check)  # type: ignore[misc]
    with pytest.raises(TypeError):
        DocumentRule(**FIELDS)  # type: ignore[call-arg]
    assert EngineCode(**FIELDS).kind == "engine" and ProjectRule(check=check, **FIELDS).kind == "project"


def test_equality_hash_and_repr_follow_the_fields() -> None:
    rule = DocumentRule(check=check, **FIELDS)
    assert rule == DocumentRule(check=check, **FIELDS)
    assert rule != DocumentRule(check=check, **{**FIELDS, "name": "y-rule"})
    assert rule != ProjectRule(check=check, **FIELDS)  # another kind is never equal
    assert rule != ("X101",) and (rule == 1) is False
    with pytest.raises(TypeError):
        hash(rule)  # its options are a dict
    plain = EngineCode(**FIELDS, options=None)  # type: ignore[arg-type]
    assert hash(plain) == hash(EngineCode(**FIELDS, options=None))  # type: ignore[arg-type]
    assert repr(rule) == (
        "DocumentRule(code='X101', name='x-rule', severity=<Severity.WARNING: 'warning'>, category='S', "
        f"docs='## What it does\\nChecks x. More.', options={{}}, uses_date=False, origin='builtin', check={check!r})"
    )


def test_frozen() -> None:
    rule = DocumentRule(check=check, **FIELDS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.code = "X102"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del rule.name
    with pytest.raises(AttributeError):
        rule.extra = 1  # type: ignore[attr-defined]


def test_replace_copy_and_pickle() -> None:
    rule = document_rule(code="X101", name="x-rule", severity="warning", category=None, docs="d", options={"n": {"default": 1}})(check)
    moved = rule._replace(origin="plugin x")
    assert moved.origin == "plugin x" and moved.code == rule.code and type(moved) is DocumentRule and rule.origin == "builtin"
    with pytest.raises(TypeError):
        rule._replace(nonsense=1)
    assert copy.copy(rule) == rule and copy.deepcopy(rule) == rule
    assert pickle.loads(pickle.dumps(rule)) == rule
    assert isinstance(rule, Rule) and rule.default_options() == {"n": 1}
