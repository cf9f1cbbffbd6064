"""The SMART example repository, and one mutation per rule.

``tests/smart_repo`` is a small, fully SMART KPI repository (Owners at every
level, a company KPI, department, team and individual KPIs, a JSON KPI and
multi-document files). Linted with every rule enabled and today set to
2027-01-15 it produces no diagnostic at any severity.

Each mutation case then breaks that repository with a small text edit (most
often a single field) and states the exact set of diagnostics, as
``(code, file, line, column)``, that the full run must produce: every other
rule must stay silent. When a mutation legitimately triggers more than one
rule, the extra findings are declared and explained in a comment.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kpilint.diagnostics import Diagnostic
from kpilint.engine import Options, prepare, run

REPO = Path(__file__).resolve().parent / "smart_repo"
TODAY = dt.date(2027, 1, 15)

CONFIG = "kpilint.toml"
OWNERS = "owners/owners.kpi.yaml"
REVENUE = "company/annual-revenue.kpi.yaml"
TRAFFIC = "marketing/website-traffic.kpi.yaml"
BLOG = "marketing/blog-visits.kpi.yaml"
SEO = "marketing/seo-organic-visits.kpi.json"
NEW_CUSTOMERS = "sales/new-customers.kpi.yaml"
INSIDE = "sales/inside-sales.kpi.yaml"  # two team KPIs: new-customers, demo-conversion (%)
DANA = "sales/dana-closed-deals.kpi.yaml"  # the individual KPI

Found = tuple[str, str, int, int]  # (code, file, line, column)


def repo_files() -> dict[str, str]:
    """Every file of the example repository, by path relative to its root."""
    files = {}
    for path in sorted(REPO.rglob("*")):
        if path.is_file():
            files[path.relative_to(REPO).as_posix()] = path.read_text(encoding="utf-8")
    return files


def diagnostics(root: Path) -> list[Diagnostic]:
    """Lint the project at ``root`` like `kpilint check ROOT --select ALL --today 2027-01-15`."""
    options = Options(select=("ALL",), today=TODAY, use_cache=False, jobs=1)
    session = prepare([root], options)
    return run(session, [root]).diagnostics


def located(root: Path, found: list[Diagnostic]) -> list[Found]:
    base = root.resolve()
    return sorted((d.code, Path(d.file).resolve().relative_to(base).as_posix(), d.line, d.col) for d in found)


def lint_tree(root: Path) -> list[Found]:
    return located(root, diagnostics(root))


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")


# --------------------------------------------------------------------------
# The clean repository
# --------------------------------------------------------------------------


def test_repo_has_the_expected_shape() -> None:
    files = repo_files()
    for name in (CONFIG, OWNERS, REVENUE, TRAFFIC, BLOG, SEO, NEW_CUSTOMERS, INSIDE, DANA):
        assert name in files, name
    kpi_files = [name for name in files if name != CONFIG]
    assert 6 <= len(kpi_files) <= 10
    assert any(name.endswith(".kpi.json") for name in kpi_files)
    assert sum("\n---\n" in text for text in files.values()) >= 1  # a multi-document file
    text = "\n".join(files.values())
    for level in ("company", "department", "team", "individual"):
        assert f"level: {level}" in text or f'"level": "{level}"' in text, level
    for kind in ("company", "department", "team", "person"):
        assert f"type: {kind}" in files[OWNERS], kind


def test_smart_repo_has_no_diagnostic(tmp_path: Path) -> None:
    # Linted in place ...
    assert lint_tree(REPO) == []
    # ... and as a copy, the way every mutation below is linted.
    write_tree(tmp_path, repo_files())
    assert lint_tree(tmp_path) == []


def test_smart_repo_cli_reports_nothing() -> None:
    from click.testing import CliRunner

    from kpilint.cli import main

    args = ["check", str(REPO), "--select", "ALL", "--today", "2027-01-15", "--fail-on", "info"]
    result = CliRunner().invoke(main, [*args, "--format", "json", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["diagnostics"] == []
    assert report["summary"]["files"] == len(repo_files()) - 1  # every file but the config
    smart = {document["id"] for document in report["documents"] if document["smart"]}
    assert smart >= {
        "company.annual-revenue",
        "marketing.website-traffic",
        "marketing.content.blog-visits",
        "marketing.seo.organic-visits",
        "sales.new-customers",
        "sales.inside.new-customers",
        "sales.inside.demo-conversion",
        "sales.inside.dana-closed-deals",
    }


# --------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """Text edits of one file of the repository, and what they must produce."""

    file: str
    edits: tuple[tuple[str, str], ...]
    expected: frozenset[Found] = field(default_factory=frozenset)
    says: tuple[str, ...] = ()  # text that some message must contain
    bug: str | None = None  # a known rule bug: the case is a strict xfail until it is fixed


def mutation(
    file: str,
    *edits: tuple[str, str],
    expect: set[Found] | list[Found],
    says: tuple[str, ...] = (),
    bug: str | None = None,
) -> Mutation:
    return Mutation(file, tuple(edits), frozenset(expect), says, bug)


def removed(line: str) -> tuple[str, str]:
    return (line, "")


PLAN_OF_BLOG = (
    "  plan:\n"
    "    - Hire a freelance writer\n"
    "    - Keep an editorial calendar\n"
    "    - Share every post in the newsletter\n"
)
METRIC_OF_DANA = (
    "  metric:\n"
    "    unit: deals\n"
    "    direction: increase\n"
    "    baseline: 15\n"
    "    target: 20\n"
    "    bounds: {min: 0}\n"
    "    aggregation: none\n"
    "    source: crm.closed_won_deals_by_rep\n"
    "    frequency: weekly\n"
)
TIMEFRAME_OF_DANA = "  timeframe:\n    start: 2027-01-01\n    end: 2027-03-31\n    review: weekly\n"
STATEMENT_OF_BLOG = (
    "    Grow monthly blog visits from 16,000 to 20,000 by publishing two posts a\n"
    "    week until the end of June 2027.\n"
)

CASES: dict[str, Mutation] = {
    # --- Specific -----------------------------------------------------------
    "S101-vague-statement": mutation(
        BLOG,
        (STATEMENT_OF_BLOG, "    Publish more blog posts and improve our website traffic this spring.\n"),
        expect={("S101", BLOG, 12, 13)},  # at "more", the first vague word
        says=("`more` and `improve`",),  # one finding per field, listing every vague word
    ),
    "S101-vague-name": mutation(
        BLOG,
        ("  name: Blog visits per month\n", "  name: Better blog reach\n"),
        expect={("S101", BLOG, 5, 9)},
    ),
    "S102-short-statement": mutation(
        DANA,
        # "Close 20 deals." states an amount, so it is a complete key result: only a
        # short statement with no amount is reported (and S103 adds its advice)
        ("  statement: Close 20 new customer deals in the first quarter of 2027.\n", "  statement: Close new deals.\n"),
        expect={("S102", DANA, 10, 14), ("S103", DANA, 10, 14)},
    ),
    "S101-vague-statement-json": mutation(
        SEO,
        (
            '"Raise monthly search visits to product pages from 36,000 to 45,000 by the end of June 2027."',
            '"Raise search visits with better titles and various fixes on product pages."',
        ),
        expect={("S101", SEO, 14, 44)},  # at "better", inside the JSON string
        says=("`better` and `various`",),
    ),
    "S102-no-statement": mutation(
        DANA,
        removed("  statement: Close 20 new customer deals in the first quarter of 2027.\n"),
        expect={("S102", DANA, 6, 1)},  # at `spec:`
    ),
    "S103-statement-without-number": mutation(
        DANA,
        (
            "  statement: Close 20 new customer deals in the first quarter of 2027.\n",
            "  statement: Close new customer deals over the phone in the first quarter.\n",
        ),
        expect={("S103", DANA, 10, 14)},
    ),
    "S104-duplicate-name": mutation(
        BLOG,
        ("  name: Blog visits per month\n", "  name: Search visits to product pages per month\n"),
        # reported at both KPIs' names, the YAML one and the JSON one
        expect={("S104", BLOG, 5, 9), ("S104", SEO, 7, 13)},
    ),
    "S105-placeholder-source": mutation(
        INSIDE,
        ("    source: crm.closed_won_deals\n", "    source: TBD\n"),
        expect={("S105", INSIDE, 19, 13)},
    ),
    "S101-inflected-word": mutation(
        BLOG,
        ("  name: Blog visits per month\n", "  name: Improving blog reach\n"),
        expect={("S101", BLOG, 5, 9)},
    ),
    "S105-placeholder-plan-item": mutation(
        BLOG,
        ("    - Keep an editorial calendar\n", "    - TODO\n"),
        expect={("S105", BLOG, 29, 7)},
    ),
    # --- Measurable ---------------------------------------------------------
    "M101-missing-target": mutation(
        DANA, removed("    target: 20\n"), expect={("M101", DANA, 11, 3)}  # at `metric:`
    ),
    "M101-no-metric-at-all": mutation(
        DANA,
        removed(METRIC_OF_DANA),
        # SPEC §3: when `metric` itself is missing, every missing-field rule fires, at `spec:`
        expect={(code, DANA, 6, 1) for code in ("M101", "M102", "M103", "M104", "M105", "M109")},
    ),
    "M102-missing-unit": mutation(DANA, removed("    unit: deals\n"), expect={("M102", DANA, 11, 3)}),
    "M102-missing-unit-json": mutation(
        SEO, removed('      "unit": "visits/month",\n'), expect={("M102", SEO, 15, 5)}  # at "metric"
    ),
    "M103-missing-baseline": mutation(DANA, removed("    baseline: 15\n"), expect={("M103", DANA, 11, 3)}),
    "M104-missing-source": mutation(
        DANA, removed("    source: crm.closed_won_deals_by_rep\n"), expect={("M104", DANA, 11, 3)}
    ),
    "M105-missing-frequency": mutation(DANA, removed("    frequency: weekly\n"), expect={("M105", DANA, 11, 3)}),
    "M109-missing-direction": mutation(
        DANA,
        removed("    direction: increase\n"),
        expect={("M109", DANA, 11, 3)},  # at `metric:`; M106 cannot check the target then
    ),
    "M106-direction-contradicts-target": mutation(
        BLOG,
        ("    direction: increase\n", "    direction: decrease\n"),
        expect={("M106", BLOG, 18, 13)},  # at the target
    ),
    "M106-maintain-with-other-target": mutation(
        DANA,
        ("    direction: increase\n", "    direction: maintain\n"),
        expect={("M106", DANA, 15, 13)},
    ),
    "M107-frequency-coarser-than-timeframe": mutation(
        DANA,
        ("    frequency: weekly\n", "    frequency: quarterly\n"),  # 90-day time frame
        expect={("M107", DANA, 19, 16)},
    ),
    "M108-percent-as-fraction": mutation(
        INSIDE,
        ("    baseline: 30\n", "    baseline: 0.3\n"),
        ("    target: 36\n", "    target: 0.36\n"),
        expect={("M108", INSIDE, 43, 13)},
    ),
    # --- Assignable ---------------------------------------------------------
    "A101-missing-owner": mutation(
        BLOG, removed("  owner: content-marketing\n"), expect={("A101", BLOG, 7, 1)}  # at `spec:`
    ),
    "A102-unknown-owner": mutation(
        BLOG,
        ("  owner: content-marketing\n", "  owner: content-marketting\n"),
        expect={("A102", BLOG, 9, 10)},
        says=("did you mean `content-marketing`?",),
    ),
    "A103-owner-level-mismatch": mutation(
        DANA,
        ("  owner: dana.kowalski\n", "  owner: inside-sales\n"),
        # at the individual KPI's owner, and once at the team Owner's `spec.type`
        expect={("A103", DANA, 8, 10), ("A103", OWNERS, 52, 9)},
    ),
    "A104-owner-overloaded": mutation(
        CONFIG,
        ("max-kpis = 5\n", "max-kpis = 1\n"),
        # inside-sales holds two KPIs over the same half year: both are reported
        expect={("A104", INSIDE, 9, 10), ("A104", INSIDE, 36, 10)},
    ),
    "A105-missing-plan": mutation(BLOG, removed(PLAN_OF_BLOG), expect={("A105", BLOG, 7, 1)}),
    # --- Realistic ----------------------------------------------------------
    "R101-target-too-ambitious": mutation(
        DANA,
        ("    target: 20\n", "    target: 31\n"),  # 15 -> 31 is +107 %
        # the statement still says "Close 20 new customer deals": S106 too
        expect={("R101", DANA, 15, 13), ("S106", DANA, 15, 13)},
    ),
    "R102-impossible-target": mutation(
        INSIDE,
        ("    bounds: {min: 0, max: 100}\n", "    bounds: {min: 0, max: 35}\n"),  # target 36
        expect={("R102", INSIDE, 43, 13)},
    ),
    "R102-percent-defaults-to-0-100": mutation(
        INSIDE,
        removed("    bounds: {min: 0, max: 100}\n"),
        ("    baseline: 30\n", "    baseline: 90\n"),
        ("    target: 36\n", "    target: 101\n"),
        # the statement still says "36 percent": S106 too
        expect={("R102", INSIDE, 43, 13), ("S106", INSIDE, 43, 13)},
    ),
    "R102-inverted-bounds": mutation(
        INSIDE,
        ("    bounds: {min: 0, max: 100}\n", "    bounds: {min: 100, max: 0}\n"),
        # one finding at `bounds`, none for the baseline or the target
        expect={("R102", INSIDE, 44, 5)},
        says=("inverted",),
    ),
    "R102-percent-word-unit": mutation(
        INSIDE,
        removed("    bounds: {min: 0, max: 100}\n"),
        ('    unit: "%"\n', "    unit: percent\n"),
        ("    baseline: 30\n", "    baseline: 90\n"),
        ("    target: 36\n", "    target: 101\n"),  # `percent` is bounded to 0..100 too
        # the statement still says 36 %: S106 beside R102
        expect={("R102", INSIDE, 43, 13), ("S106", INSIDE, 43, 13)},
    ),
    "R103-children-exceed-parent": mutation(
        BLOG,
        ("    target: 20000\n", "    target: 30000\n"),  # 30,000 + 45,000 > 70,000
        # at the parent's target, and at each child's target
        expect={("R103", TRAFFIC, 19, 13), ("R103", BLOG, 18, 13), ("R103", SEO, 19, 17)},
    ),
    # --- Time-bound ---------------------------------------------------------
    "T101-missing-end": mutation(
        BLOG, removed("    end: 2027-06-30\n"), expect={("T101", BLOG, 23, 3)}  # at `timeframe:`
    ),
    "T101-no-timeframe-at-all": mutation(
        DANA,
        removed(TIMEFRAME_OF_DANA),
        # one T101 at `spec:`; implied: no review cadence either (T105, info, also at `spec:`)
        expect={("T101", DANA, 6, 1), ("T105", DANA, 6, 1)},
    ),
    "T102-end-before-start": mutation(
        BLOG,
        ("    start: 2027-01-01\n", "    start: 2027-07-01\n"),  # after the end, 2027-06-30
        expect={("T102", BLOG, 25, 10)},  # at the end date
    ),
    "T102-end-on-start-day": mutation(
        BLOG,
        ("    start: 2027-01-01\n", "    start: 2027-06-30\n"),
        expect={("T102", BLOG, 25, 10)},
    ),
    "T103-timeframe-too-long": mutation(
        DANA,
        ("    end: 2027-03-31\n", "    end: 2027-04-30\n"),  # 120 days for an individual KPI
        expect={("T103", DANA, 22, 10)},
    ),
    "T104-expired": mutation(
        DANA,
        ("    end: 2027-03-31\n", "    end: 2027-01-10\n"),
        # implied: a 10-day time frame cannot hold two weekly measurements (M107)
        expect={("T104", DANA, 22, 10), ("M107", DANA, 19, 16)},
    ),
    "T105-missing-review": mutation(
        BLOG, removed("    review: biweekly\n"), expect={("T105", BLOG, 23, 3)}  # at `timeframe:`
    ),
    "T106-outside-parent-timeframe": mutation(
        DANA,
        ("    start: 2027-01-01\n", "    start: 2026-12-31\n"),  # 91 days, still short enough
        # at the child's start, and once at the parent's `timeframe:`
        expect={("T106", DANA, 21, 12), ("T106", INSIDE, 21, 3)},
    ),
    "T107-baseline-after-start": mutation(
        BLOG,
        ("as_of: 2026-12-31}\n", "as_of: 2027-01-02}\n"),
        expect={("T107", BLOG, 17, 37)},
    ),
    # --- Hierarchy ----------------------------------------------------------
    "H101-unknown-parent": mutation(
        BLOG,
        ("  parent: marketing.website-traffic\n", "  parent: marketing.website-trafic\n"),
        expect={("H101", BLOG, 10, 11)},
        says=("did you mean `marketing.website-traffic`?",),
    ),
    "H102-parent-cycle": mutation(
        INSIDE,
        # the two team KPIs of the file name each other as parent
        ("sales.new-customers\n  statement: Close", "sales.inside.demo-conversion\n  statement: Close"),
        ("sales.new-customers\n  statement: Convert", "sales.inside.new-customers\n  statement: Convert"),
        expect={
            ("H102", INSIDE, 10, 11),
            ("H102", INSIDE, 37, 11),
            # implied (H102's docs): a loop always holds a level inversion, reported at
            # each member's `parent` and, as a parent, at each member's `level`
            ("H103", INSIDE, 10, 11),
            ("H103", INSIDE, 37, 11),
            ("H103", INSIDE, 8, 10),
            ("H103", INSIDE, 35, 10),
        },
        says=(
            "sales.inside.new-customers -> sales.inside.demo-conversion -> sales.inside.new-customers",
            "sales.inside.demo-conversion -> sales.inside.new-customers -> sales.inside.demo-conversion",
        ),
    ),
    "H102-own-parent": mutation(
        BLOG,
        ("  parent: marketing.website-traffic\n", "  parent: marketing.content.blog-visits\n"),
        # a loop of one; implied: a KPI is not below itself (H103, at `parent` only)
        expect={("H102", BLOG, 10, 11), ("H103", BLOG, 10, 11)},
        says=("marketing.content.blog-visits -> marketing.content.blog-visits",),
    ),
    "H103-level-inversion": mutation(
        BLOG,
        ("  level: team\n", "  level: department\n"),  # same level as its parent
        # at the child's `parent`, and once at the parent's `level`
        expect={("H103", BLOG, 10, 11), ("H103", TRAFFIC, 9, 10)},
    ),
    "H104-orphan": mutation(
        BLOG, removed("  parent: marketing.website-traffic\n"), expect={("H104", BLOG, 7, 1)}  # at `spec:`
    ),
    "H106-missing-level": mutation(
        DANA,
        removed("  level: individual\n"),
        # at `spec:`; the cascade rules (H103, H104, A103, T103) cannot check it then
        expect={("H106", DANA, 6, 1)},
    ),
    "H105-duplicate-id": mutation(
        BLOG,
        ("  id: marketing.content.blog-visits\n", "  id: marketing.seo.organic-visits\n"),
        expect={("H105", BLOG, 4, 7), ("H105", SEO, 6, 11)},  # at both documents
        says=("seo-organic-visits.kpi.json:6", "blog-visits.kpi.yaml:4"),  # each names the other
    ),
    # --- File and schema ----------------------------------------------------
    "F003-duplicate-key": mutation(
        DANA,
        ("    unit: deals\n", "    unit: deals\n    unit: deals\n"),
        expect={("F003", DANA, 13, 5)},  # at the second occurrence
    ),
    "V001-wrong-type": mutation(
        DANA,
        ("    target: 20\n", '    target: "twenty"\n'),
        expect={("V001", DANA, 15, 13)},
    ),
    "V001-unknown-key": mutation(
        BLOG,
        ("    review: biweekly\n", "    reveiw: biweekly\n"),
        # implied: the misspelt key leaves the review cadence missing (T105, info)
        expect={("V001", BLOG, 26, 5), ("T105", BLOG, 23, 3)},
    ),
    "V001-every-unknown-key": mutation(
        DANA,
        ("    unit: deals\n", "    unit: deals\n    targt: 20\n    freq: weekly\n"),
        expect={("V001", DANA, 13, 5), ("V001", DANA, 14, 5)},  # one per unknown key, not only the first
    ),
    "V001-inside-dated-baseline": mutation(
        DANA,
        ("    baseline: 15\n", "    baseline: {value: 15, asof: 2026-12-31}\n"),
        expect={("V001", DANA, 14, 27)},  # at the misspelt key, not at `baseline`
        says=("did you mean `as_of`?",),
    ),
    "V001-date-with-a-space": mutation(
        DANA,
        ("    start: 2027-01-01\n", "    start: ' 2027-01-01'\n"),
        expect={("V001", DANA, 21, 12)},  # one finding; no rule computes with the bad date
    ),
    "V001-wrong-indentation": mutation(
        DANA,
        ("    target: 20\n", ""),
        ("  timeframe:\n", "  target: 20\n  timeframe:\n"),
        expect={("V001", DANA, 19, 3), ("M101", DANA, 11, 3)},
        says=("`target` belongs under `spec.metric`",),
    ),
    # --- Empty and blank values: the field's own rule alone, no V001 ----------
    "M102-empty-unit": mutation(DANA, ("    unit: deals\n", "    unit:\n"), expect={("M102", DANA, 12, 5)}),
    "A101-blank-owner": mutation(
        DANA, ("  owner: dana.kowalski\n", "  owner: '  '\n"), expect={("A101", DANA, 8, 3)}
    ),
    "A105-blank-plan-item": mutation(
        DANA,
        ("  plan:\n    - Make 40 calls a day to qualified leads\n    - Ask every new customer for a referral\n", "  plan: [' ']\n"),
        expect={("A105", DANA, 24, 3)},  # a list of blank items is no plan
    ),
    "V001-not-in-enum-json": mutation(
        SEO,
        ('"frequency": "weekly"', '"frequency": "fortnightly"'),
        expect={("V001", SEO, 23, 20)},
    ),
    "F002-yaml-syntax-error": mutation(
        DANA,
        ("    bounds: {min: 0}\n", "    bounds: {min: 0\n"),  # unclosed flow mapping
        # where the parser gives up: the `:` after `aggregation` on the next line
        expect={("F002", DANA, 17, 16)},
    ),
    "F005-stray-document-separator": mutation(
        DANA,
        ("    - Ask every new customer for a referral\n", "    - Ask every new customer for a referral\n---\n"),
        expect={("F005", DANA, 27, 1)},  # at the stray `---` (the file's last line)
    ),
    "F005-empty-document-between-two": mutation(
        INSIDE,
        ("---\n", "---\n---\n"),
        expect={("F005", INSIDE, 28, 1)},  # at the `---` that starts the empty document
    ),
    "V002-unknown-api-version": mutation(
        DANA,
        ("apiVersion: kpilint/v1\n", "apiVersion: kpilint/v9\n"),
        expect={("V002", DANA, 1, 13)},
    ),
}


def apply(files: dict[str, str], case: Mutation) -> dict[str, str]:
    text = files[case.file]
    for old, new in case.edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {case.file}"
        text = text.replace(old, new)
    return {**files, case.file: text}


def _params() -> list[object]:
    params: list[object] = []
    for name in sorted(CASES):
        bug = CASES[name].bug
        marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.mark.parametrize("name", _params())
def test_mutation(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    write_tree(tmp_path, apply(repo_files(), case))
    found = diagnostics(tmp_path)
    actual = located(tmp_path, found)
    assert set(actual) == set(case.expected), actual
    assert len(actual) == len(case.expected), actual  # no finding reported twice
    messages = [d.message for d in found]
    for text in case.says:
        assert any(text in message for message in messages), (text, messages)


def test_every_smart_and_hierarchy_rule_has_a_mutation() -> None:
    covered = {code for case in CASES.values() for code, *_ in case.expected}
    wanted = {
        *(f"S10{i}" for i in range(1, 6)),
        *(f"M10{i}" for i in range(1, 9)),
        *(f"A10{i}" for i in range(1, 6)),
        *(f"R10{i}" for i in range(1, 4)),
        *(f"T10{i}" for i in range(1, 8)),
        *(f"H10{i}" for i in range(1, 6)),
    }
    assert wanted <= covered, sorted(wanted - covered)
    for name, case in CASES.items():
        assert name.split("-")[0] in {code for code, *_ in case.expected}, name
