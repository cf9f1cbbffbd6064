"""Fixes: ``check --fix`` / ``--unsafe-fixes`` / ``--diff`` and JSON output.

Every case writes a file, fixes it, and compares the result with the
expected bytes: what the fix changes is spelled out, so everything outside
its edits is compared byte for byte. A second ``--fix`` must change nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kpilint.cli import main
from kpilint.fixes import apply_fixes, unified_diff
from kpilint.diagnostics import Fix, TextEdit

#: a complete KPI (no finding) with %TARGET% standing for its metric's target line
HEAD = "apiVersion: kpilint/v1\nkind: KPI\n"
OWNERS = (
    "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: content-marketing, name: Content team}\n"
    "spec: {type: company}\n"
)


def kpi(metric: str, *, ident: str = "co.posts", extra: str = "") -> str:
    return (
        f"{HEAD}metadata:\n  id: {ident}\n  name: Blog posts a week {ident}\n"
        "spec:\n  level: company\n  owner: content-marketing\n"
        "  statement: Publish two blog posts a week for three months.\n"
        f"{extra}"
        f"  metric:\n{metric}"
        "  timeframe:\n    start: 2027-01-01\n    end: 2027-03-31\n    review: monthly\n"
        "  plan:\n    - Hire a writer\n"
    )


METRIC = (
    "    unit: posts/week\n    direction: increase\n    baseline: 1\n    target: 2\n"
    "    source: cms.posts\n    frequency: weekly\n"
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--no-cache", "--today", "2027-01-15", *args], catch_exceptions=False)


def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, name: str = "k.kpi.yaml", owners: bool = True) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    if owners:
        (tmp_path / "owners.kpi.yaml").write_text(OWNERS, encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(data)
    return path


def fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: bytes, *args: str, name: str = "k.kpi.yaml") -> tuple[bytes, Result]:
    """The file after ``--fix`` (and the flags ``args``); checks that a second
    run changes nothing."""
    path = setup(tmp_path, monkeypatch, before, name)
    result = invoke("--fix", *args, name)
    after = path.read_bytes()
    again = invoke("--fix", *args, name)
    assert path.read_bytes() == after, "a second --fix changed the file"
    assert "kpilint: applied" not in again.output
    return after, result


# --- one before/after test per fix -------------------------------------------------


def test_misspelt_key_is_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = kpi(METRIC.replace("    target: 2", "    tagret: 2"))
    after, result = fixed(tmp_path, monkeypatch, before.encode())
    assert after == kpi(METRIC).encode()
    assert result.exit_code == 0, result.output


def test_misspelt_key_already_present_is_not_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = kpi(METRIC + "    tagret: 3\n").encode()
    after, result = fixed(tmp_path, monkeypatch, before)
    assert after == before
    assert "V001" in result.output


def test_key_at_the_wrong_indentation_is_moved_only_when_unsafe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metric = METRIC.replace("    target: 2\n", "")
    before = kpi(metric, extra="  target: 2\n").encode()
    after, result = fixed(tmp_path, monkeypatch, before)
    assert after == before  # unsafe: not with --fix alone
    assert "1 unsafe fix not applied (they change values): add --unsafe-fixes" in result.stderr
    after, result = fixed(tmp_path, monkeypatch, before, "--unsafe-fixes")
    assert after == kpi("    target: 2\n" + metric).encode()
    assert result.exit_code == 0, result.output


def test_tabs_in_indentation_become_spaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = kpi(METRIC)
    before = good.replace("\n  id:", "\n\tid:").replace("\n  name:", "\n\tname:")
    assert before != good
    after, result = fixed(tmp_path, monkeypatch, before.encode())
    assert after == good.encode()
    assert result.exit_code == 0, result.output


def test_tabs_that_do_not_make_the_file_parse_are_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (kpi(METRIC).replace("\n  id:", "\n\tid:") + "spec: [unclosed\n").encode()
    after, result = fixed(tmp_path, monkeypatch, before)
    assert after == before
    assert "F002" in result.output


def test_owner_in_the_wrong_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = kpi(METRIC).replace("owner: content-marketing", "owner: Content-Marketing")
    after, _ = fixed(tmp_path, monkeypatch, before.encode())
    assert after == kpi(METRIC).encode()


def test_parent_in_the_wrong_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child = kpi(METRIC, ident="co.child").replace("level: company", "level: department\n  parent: CO.Posts")
    path = setup(tmp_path, monkeypatch, child.encode(), "child.kpi.yaml")
    (tmp_path / "parent.kpi.yaml").write_text(kpi(METRIC), encoding="utf-8")
    invoke("--fix", "child.kpi.yaml")
    assert path.read_text(encoding="utf-8") == child.replace("parent: CO.Posts", "parent: co.posts")


def test_percent_fractions_are_multiplied_with_the_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metric = (
        '    unit: "%"\n    direction: increase\n    baseline: {value: 0.9, as_of: 2026-12-31}\n'
        "    target: 0.955  # stretch\n    bounds: {min: 0, max: 1}\n    source: survey\n    frequency: weekly\n"
    )
    before = kpi(metric).encode()
    after, _ = fixed(tmp_path, monkeypatch, before)
    assert after == before  # unsafe
    after, _ = fixed(tmp_path, monkeypatch, before, "--unsafe-fixes")
    want = metric.replace("value: 0.9,", "value: 90,").replace("0.955  #", "95.5  #").replace("min: 0, max: 1", "min: 0, max: 100")
    assert after == kpi(want).encode()


@pytest.mark.parametrize("missing", ["    frequency: weekly\n", "    review: monthly\n"])
def test_a_missing_value_is_not_fixable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    before = kpi(METRIC).replace(missing, "").encode()
    after, _ = fixed(tmp_path, monkeypatch, before, "--unsafe-fixes")
    assert after == before


# --- adversarial placements: everything outside the edit is kept -----------------

TYPO = kpi(METRIC.replace("    target: 2", "    tagret: 2"))
RIGHT = kpi(METRIC)

ADVERSARIAL = {
    "comment between key and value": (
        TYPO.replace("    tagret: 2\n", "    tagret:   # the goal\n      2\n"),
        RIGHT.replace("    target: 2\n", "    target:   # the goal\n      2\n"),
    ),
    "crlf": (TYPO.replace("\n", "\r\n"), RIGHT.replace("\n", "\r\n")),
    "lone cr": (TYPO.replace("\n", "\r"), RIGHT.replace("\n", "\r")),
    "bom": ("\ufeff" + TYPO, "\ufeff" + RIGHT),
    "flow mapping": (
        TYPO.replace("    unit: posts/week\n", "    {unit: posts/week, tagret: 2, direction: increase, baseline: 1, source: cms.posts, frequency: weekly}\n")
        .replace("    direction: increase\n    baseline: 1\n    tagret: 2\n    source: cms.posts\n    frequency: weekly\n", ""),
        RIGHT.replace("    unit: posts/week\n", "    {unit: posts/week, target: 2, direction: increase, baseline: 1, source: cms.posts, frequency: weekly}\n")
        .replace("    direction: increase\n    baseline: 1\n    target: 2\n    source: cms.posts\n    frequency: weekly\n", ""),
    ),
    "double-quoted key": (TYPO.replace("tagret:", '"tagret":'), RIGHT.replace("target:", '"target":')),
    "single-quoted key": (TYPO.replace("tagret:", "'tagret':"), RIGHT.replace("target:", "'target':")),
    "multi-document": (RIGHT.replace("co.posts", "co.other") + "---\n" + TYPO, RIGHT.replace("co.posts", "co.other") + "---\n" + RIGHT),
    "two documents with the same typo": (
        TYPO + "---\n" + TYPO.replace("co.posts", "co.other"),
        RIGHT + "---\n" + RIGHT.replace("co.posts", "co.other"),
    ),
    "anchored value": (TYPO.replace("tagret: 2", "tagret: &goal 2"), RIGHT.replace("target: 2", "target: &goal 2")),
    "no newline at the end": (TYPO.rstrip("\n"), RIGHT.rstrip("\n")),
    "non-ascii before the key": (
        TYPO.replace("name: Blog", "name: Blög 🚀").replace("    tagret: 2", "    tagret: 2  # ✓ ok"),
        RIGHT.replace("name: Blog", "name: Blög 🚀").replace("    target: 2", "    target: 2  # ✓ ok"),
    ),
    "trailing spaces and comments kept": (
        TYPO.replace("    tagret: 2\n", "    tagret:    2    # two   \n"),
        RIGHT.replace("    target: 2\n", "    target:    2    # two   \n"),
    ),
    "owner quoted in the wrong case": (
        RIGHT.replace("owner: content-marketing", "owner: 'Content-Marketing'  # team"),
        RIGHT.replace("owner: content-marketing", "owner: 'content-marketing'  # team"),
    ),
    "owner double-quoted in the wrong case, second document": (
        RIGHT.replace("co.posts", "co.other") + "---\n" + RIGHT.replace("owner: content-marketing", 'owner: "CONTENT-marketing"'),
        RIGHT.replace("co.posts", "co.other") + "---\n" + RIGHT.replace("owner: content-marketing", 'owner: "content-marketing"'),
    ),
    "tabs in the second document only": (
        RIGHT.replace("co.posts", "co.other") + "---\n" + RIGHT.replace("\n  id:", "\n\tid:"),
        RIGHT.replace("co.posts", "co.other") + "---\n" + RIGHT,
    ),
    "tabs with crlf": (
        RIGHT.replace("\n  id:", "\n\tid:").replace("\n  name:", "\n\tname:").replace("\n", "\r\n"),
        RIGHT.replace("\n", "\r\n"),
    ),
}


@pytest.mark.parametrize("case", sorted(ADVERSARIAL))
def test_adversarial_fix_keeps_everything_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    before, want = ADVERSARIAL[case]
    after, _ = fixed(tmp_path, monkeypatch, before.encode("utf-8"))
    assert after == want.encode("utf-8")


NOT_FIXED = {
    # a key reached through a merge key is not where it is written
    "merged key": "base: &b {tagret: 2}\n" + TYPO.replace("    tagret: 2\n", "    <<: *b\n"),
    # a key that appears twice is F003: the file is never touched
    "key twice": TYPO.replace("    tagret: 2\n", "    tagret: 2\n    tagret: 3\n"),
}


@pytest.mark.parametrize("case", ["merged key", "key twice"])
def test_not_fixed_where_it_cannot_be_sure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    before = NOT_FIXED[case].encode()
    after, _ = fixed(tmp_path, monkeypatch, before)
    assert after == before


def test_move_in_a_crlf_file_with_a_bom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metric = METRIC.replace("    target: 2\n", "")
    before = "\ufeff" + kpi(metric, extra="  target: 2   # two a week\n").replace("\n", "\r\n")
    after, _ = fixed(tmp_path, monkeypatch, before.encode(), "--unsafe-fixes")
    assert after.decode() == "\ufeff" + kpi("    target: 2   # two a week\n" + metric).replace("\n", "\r\n")


def test_percent_fractions_in_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metric = {"unit": "%", "direction": "increase", "baseline": 0.5, "target": 0.75, "bounds": {"min": 0, "max": 1}}
    doc = {"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "co.posts", "name": "Blog"}, "spec": {"metric": metric}}
    before = json.dumps(doc, indent=2).replace("\n", "\r\n")
    after, _ = fixed(tmp_path, monkeypatch, before.encode(), "--unsafe-fixes", name="k.kpi.json")
    want = before.replace(": 0.5,", ": 50,").replace(": 0.75,", ": 75,").replace('"max": 1', '"max": 100')
    assert after.decode() == want


def test_json_file_is_fixed_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = {
        "apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "co.posts", "name": "Blog posts"},
        "spec": {"level": "company", "owner": "Content-Marketing", "metric": {"tagret": 2}},
    }
    before = json.dumps(doc, indent=3)
    after, _ = fixed(tmp_path, monkeypatch, before.encode(), name="k.kpi.json")
    assert after.decode() == before.replace('"tagret"', '"target"').replace("Content-Marketing", "content-marketing")


def test_utf16_file_keeps_its_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = TYPO.encode("utf-16")
    after, _ = fixed(tmp_path, monkeypatch, before)
    assert after == RIGHT.encode("utf-16")


# --- --diff and JSON output ------------------------------------------------------


def test_diff_prints_a_patch_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = TYPO.replace("\n", "\r\n").rstrip("\r\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    (tmp_path / "owners.kpi.yaml").write_text(OWNERS, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "k.kpi.yaml"
    path.write_bytes(before.encode())
    result = CliRunner().invoke(main, ["check", "--no-cache", "--diff", "sub"], catch_exceptions=False)
    assert result.exit_code == 1
    assert path.read_bytes() == before.encode()
    assert result.stdout.startswith("--- a/sub/k.kpi.yaml\n+++ b/sub/k.kpi.yaml\n")
    assert b"-    tagret: 2\r\n+    target: 2\r\n" in result.stdout_bytes  # the file's line endings
    clean = CliRunner().invoke(main, ["check", "--no-cache", "--diff", "owners.kpi.yaml"], catch_exceptions=False)
    assert (clean.exit_code, clean.stdout) == (0, "")
    if shutil.which("patch") is None:
        pytest.skip("the `patch` command is not installed")
    (tmp_path / "fix.diff").write_bytes(result.stdout_bytes)
    done = subprocess.run(["patch", "-p1", "-i", "fix.diff"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert path.read_bytes() == RIGHT.replace("\n", "\r\n").rstrip("\r\n").encode()


def test_json_output_carries_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup(tmp_path, monkeypatch, TYPO.encode())
    result = invoke("--format", "json", "k.kpi.yaml")
    [found] = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "V001"]
    assert found["fix"] == {
        "title": "Rename `tagret` to `target`",
        "applicability": "safe",
        "edits": [{"line": 14, "column": 5, "end_line": 14, "end_column": 11, "text": "target"}],
    }
    assert all(d["fix"] is None for d in json.loads(result.stdout)["diagnostics"] if d["code"] != "V001")


def test_fix_does_not_combine_with_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    setup(tmp_path, monkeypatch, TYPO.encode())
    result = CliRunner().invoke(main, ["check", "--fix", "--stdin-filename", "k.kpi.yaml"], input=TYPO)
    assert result.exit_code == 2
    assert "--stdin-filename" in result.output


# --- the pure functions ------------------------------------------------------------


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    first = Fix("a", "safe", (TextEdit(1, 1, 1, 4, "xyz"),))
    second = Fix("b", "safe", (TextEdit(1, 3, 1, 5, "!"),))
    third = Fix("c", "safe", (TextEdit(2, 1, 2, 1, "new\n"),))
    assert apply_fixes("abcdef\r\nline\r\n", [first, second, third]) == ("xyzdef\r\nnew\r\nline\r\n", 2)


def test_unified_diff_of_identical_texts_is_empty() -> None:
    assert unified_diff("a\n", "a\n", "x") == ""


def test_percent_bounds_already_in_percent_stay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metric = (
        '    unit: "%"\n    direction: increase\n    baseline: 0.9\n    target: 0.95\n'
        "    bounds:\n      min: 0\n      max: 100\n    source: survey\n    frequency: weekly\n"
    )
    after, _ = fixed(tmp_path, monkeypatch, kpi(metric).encode(), "--unsafe-fixes")
    assert after == kpi(metric.replace("0.9\n", "90\n").replace("0.95\n", "95\n")).encode()


def test_percent_through_an_alias_is_not_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metric = '    unit: "%"\n    direction: maintain\n    baseline: &b 0.9\n    target: *b\n    source: s\n    frequency: weekly\n'
    before = kpi(metric).encode()
    after, result = fixed(tmp_path, monkeypatch, before, "--unsafe-fixes")
    assert "M108" in result.output
    assert after == before  # the target is written at the anchor: no fix


def test_a_misplaced_key_in_json_is_not_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = {
        "apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "co.posts", "name": "Blog posts"},
        "spec": {"level": "company", "metric": {"unit": "posts"}, "target": 2},
    }
    before = json.dumps(doc, indent=2).encode()
    after, result = fixed(tmp_path, monkeypatch, before, "--unsafe-fixes", name="k.kpi.json")
    assert after == before
    assert "belongs under `spec.metric`" in result.output


def test_a_file_with_an_empty_document_is_not_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (TYPO + "---\n---\n" + RIGHT.replace("co.posts", "co.other")).encode()
    after, result = fixed(tmp_path, monkeypatch, before)
    assert "F005" in result.output
    assert after == before


def test_a_key_in_a_sequence_item_is_not_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = kpi(METRIC).replace("    - Hire a writer\n", "    - Hire a writer\n    - target: 3\n").encode()
    after, _ = fixed(tmp_path, monkeypatch, before, "--unsafe-fixes")
    assert after == before


def test_fixes_follow_an_edit_with_the_cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached run places the fixes where the nodes are now: a line added
    above moves a project rule's fix (A102) and a document's (V001) with it."""
    before = TYPO.replace("owner: content-marketing", "owner: Content-Marketing")
    path = setup(tmp_path, monkeypatch, before.encode())
    run = lambda *args: CliRunner().invoke(main, ["check", "--today", "2027-01-15", *args, "."], catch_exceptions=False)  # noqa: E731
    first = json.loads(run("--format", "json").stdout)["diagnostics"]
    path.write_text("# a note\n" + before, encoding="utf-8")
    second = json.loads(run("--format", "json").stdout)["diagnostics"]
    lines = lambda found: sorted((d["code"], d["fix"]["edits"][0]["line"]) for d in found if d["fix"])  # noqa: E731
    assert [(code, line + 1) for code, line in lines(first)] == lines(second)
    run("--fix")
    assert path.read_text(encoding="utf-8") == "# a note\n" + RIGHT


def test_a_plugin_rule_attaches_a_fix_by_path() -> None:
    """The public API: a rule speaks of nodes by path; the engine places the
    edits (an anchored value is replaced after its anchor)."""
    from kpilint.api import Document, Finding, Fix as PathFix, RuleContext, document_rule, rename_key, replace_value
    from kpilint.testing import lint

    @document_rule(code="X901", name="shout-source", severity="warning", category="M", docs="## What it does\nx")
    def rule(doc: Document, ctx: RuleContext):  # type: ignore[no-untyped-def]
        source = doc.get("spec", "metric", "source")
        if isinstance(source, str) and source != source.upper():
            fix = PathFix("Upper-case the source", (replace_value(("spec", "metric", "source"), source.upper()),), "unsafe")
            yield Finding(("spec", "metric", "source"), "lower-case source", fix=fix)
        if doc.get("spec", "metric", "frequency") is not None:
            yield Finding(("spec", "metric", "frequency"), "x", fix=PathFix("Rename", (rename_key(("spec", "metric", "frequency"), "freq"),)))

    text = kpi(METRIC).replace("source: cms.posts", "source: &s cms.posts\n    x-copy: *s")
    found = [(d.line, d.fix) for d in lint(text, rules=[rule], select="X901")]
    assert found == [
        (15, Fix("Upper-case the source", "unsafe", (TextEdit(15, 16, 15, 25, "CMS.POSTS"),))),  # the anchor stays
        (17, Fix("Rename", "safe", (TextEdit(17, 5, 17, 14, "freq"),))),
    ]
