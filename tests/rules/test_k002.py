from __future__ import annotations

import pytest

from kpilint.testing import codes, lint

HEAD = "apiVersion: kpilint/v1\nkind: KPI\nmetadata: {id: a.b, name: x}\nspec:\n"  # 4 lines


@pytest.mark.parametrize(
    ("comment", "says"),
    [
        ("# kpilint: disabled=V001", "`disabled` is not a directive; did you mean `disable`?"),
        ("# kpilint: ignore=V001", "`ignore` is not a directive"),
        ("# kpilint: disable V001", "`disable` needs `=`"),
        ("# kpilint: disable=", "names no code"),
        ("# kpilint: disable=V001,", "empty code"),
        ("# kpilint: disable=V-001", "`V-001` is not a code"),
        ("# kpilint: disable=V001 legacy", "unexpected `legacy`"),
        ("# kpilint:", "names no directive"),
        ("#kpilint: noqa", "`noqa` is not a directive"),
    ],
)
def test_malformed_directive(comment: str, says: str) -> None:
    text = HEAD + f"  level: teem  {comment}\n"
    found = lint(text, select="V,K")
    assert [(d.code, d.line, d.col) for d in found] == [("V001", 5, 10), ("K002", 5, 16)]
    assert says in found[1].message
    assert "disable=CODE" in found[1].message and "disable-file=CODE" in found[1].message


def test_own_line_and_file_level_malformed() -> None:
    text = "# kpilint: disable-file V001\n" + HEAD + "  # kpilint: disable-line=V001\n  level: teem\n"
    assert codes(text, select="V,K") == [("K002", 1, 1), ("K002", 6, 3), ("V001", 7, 10)]


def test_valid_forms_are_not_k002() -> None:
    text = HEAD + "  level: teem  # kpilint: disable=v001 -- legacy  # and a note\n  owner: 5  #kpilint:disable = V\n"
    assert codes(text, select="V,K") == []


@pytest.mark.parametrize(
    "line",
    [
        '  statement: "a  # kpilint: ignore=V001"\n',
        "  statement: 'a  # kpilint: ignore=V001'\n",
        "  statement: |\n    a  # kpilint: ignore=V001\n",
        "  statement: a#kpilint: ignore=V001\n",
        "  statement: a  # see kpilint: docs\n",
    ],
)
def test_only_comments_that_start_with_kpilint(line: str) -> None:
    assert codes(HEAD + line, select="K002") == []


def test_k002_can_be_silenced_and_ignored() -> None:
    text = HEAD + "  level: team  # kpilint: ignore=V001\n"
    assert codes(text, select="V,K") == [("K002", 5, 16)]
    assert codes(text, select="V,K", ignore="k002") == []
    assert codes("# kpilint: disable-file=K002\n" + text, select="V,K") == []
