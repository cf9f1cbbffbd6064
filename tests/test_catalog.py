"""Meta-tests over the whole rule registry: the catalog cannot drift from the
spec or from its docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpilint.api import CODE_PATTERN, NAME_PATTERN
from kpilint.registry import build_registry
from kpilint.rulesdoc import main as rulesdoc_main
from kpilint.rulesdoc import missing_headings, parse, render_reference
from kpilint.testing import codes

REPO = Path(__file__).resolve().parent.parent
REGISTRY = build_registry(plugins=False)
RULES = REGISTRY.sorted()

#: Every code of the specification's rule catalog.
SPEC_CODES = """
F001 F002 F003 F004 F005 V001 V002
S101 S102 S103 S104 S105 S106
M101 M102 M103 M104 M105 M106 M107 M108 M109
A101 A102 A103 A104 A105 A106
R101 R102 R103
T101 T102 T103 T104 T105 T106 T107
H101 H102 H103 H104 H105 H106 H107 H108
K001 K002 K003 K900
""".split()


def test_spec_catalog_has_50_codes() -> None:
    assert len(SPEC_CODES) == 50 == len(set(SPEC_CODES))


@pytest.mark.parametrize("code", SPEC_CODES)
def test_every_spec_code_is_registered(code: str) -> None:
    assert code in REGISTRY.rules, f"{code} is not registered"
    assert REGISTRY.rules[code].code == code


def test_codes_and_names_unique_and_well_formed() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert CODE_PATTERN.match(rule.code), rule.code
        assert NAME_PATTERN.match(rule.name), rule.name
        assert rule.category in (None, "S", "M", "A", "R", "T")
        if rule.code[0] in "FVHK":
            assert rule.category is None, rule.code
        else:
            assert rule.category == rule.code[0], rule.code


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert missing_headings(rule.docs) == []
    docs = parse(rule.docs)
    assert docs.what and docs.why
    assert sorted(docs.options) == sorted(rule.options), "documented options differ from the options schema"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_examples(rule) -> None:  # type: ignore[no-untyped-def]
    docs = parse(rule.docs)
    if not docs.example.strip():
        assert "cannot be written as" in rule.docs, f"{rule.code} has no Example snippet and does not say why"
        return
    found = [c for c, _, _ in codes(docs.example, select=rule.code)]
    assert rule.code in found, f"the Example of {rule.code} does not trigger it"
    found = [c for c, _, _ in codes(docs.use_instead, select=rule.code)]
    assert rule.code not in found, f"the 'Use instead' of {rule.code} triggers it"


def test_rules_reference_is_up_to_date() -> None:
    expected = render_reference(RULES)
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "docs/rules.md is stale: run `python -m kpilint.rulesdoc docs/rules.md`"


def test_rulesdoc_checks_and_never_writes_to_an_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # `--check` and `--help` were once taken for output paths and written to
    monkeypatch.chdir(tmp_path)
    assert rulesdoc_main(["--check", str(REPO / "docs" / "rules.md")]) == 0
    stale = tmp_path / "stale.md"
    stale.write_text("old\n", encoding="utf-8")
    assert rulesdoc_main(["--check", str(stale)]) == 1
    assert "is stale" in capsys.readouterr().err
    assert rulesdoc_main(["--help"]) == 0
    assert "usage:" in capsys.readouterr().out
    assert rulesdoc_main(["--bogus"]) == 2
    assert rulesdoc_main(["--check"]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stale.md"]
    assert stale.read_text(encoding="utf-8") == "old\n"
