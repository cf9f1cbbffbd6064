"""H106 missing-level: a KPI without `spec.level`."""

from __future__ import annotations

import pytest

from kpilint.testing import codes

HEAD = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: marketing.blog, name: Blog posts per week}
"""


def test_absent_level_is_reported_at_spec_key() -> None:
    assert codes(HEAD + "spec:\n  owner: content\n", select="H106") == [("H106", 4, 1)]


@pytest.mark.parametrize("value", ["", " null", " ''", " '   '", " ~"])
def test_empty_level_is_reported_at_its_key(value: str) -> None:
    assert codes(HEAD + f"spec:\n  owner: content\n  level:{value}\n", select="H106") == [("H106", 6, 3)]


def test_flow_spec_without_level() -> None:
    assert codes(HEAD + "spec: {owner: content}\n", select="H106") == [("H106", 4, 1)]


def test_present_level_passes() -> None:
    assert codes(HEAD + "spec:\n  level: team\n", select="H106") == []


def test_wrong_level_is_the_schema_alone() -> None:
    assert codes(HEAD + "spec:\n  level: squad\n", select="H106") == []


def test_owners_are_not_checked() -> None:
    owner = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: sales, name: Sales}\nspec: {type: team}\n"
    assert codes(owner, select="H106") == []


def test_message_says_what_cannot_be_checked() -> None:
    from kpilint.testing import lint

    (diag,) = lint(HEAD + "spec: {}\n", select="H106")
    assert "no level" in diag.message and "`spec.level`" in diag.message
