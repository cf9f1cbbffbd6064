"""The baseline (SPEC §6 "Baseline"): record today's findings, fail only on
new ones, report and prune entries that no longer match (K003).

The acceptance scenario runs in a scratch copy of ``examples/``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kpilint import baseline
from kpilint.cli import main
from kpilint.diagnostics import Diagnostic, Severity

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
BASE = ["check", "--no-cache", "--jobs", "1", "--today", "2027-01-15"]
FILE = "kpilint-baseline.json"
MIXED = "sales/mixed.kpi.yaml"


def _check(*args: str) -> Result:
    return CliRunner().invoke(main, [*BASE, *args])


def _found(*args: str) -> list[tuple[str, int, int, str]]:
    out = _check("--format", "json", *args)
    assert out.exit_code in (0, 1), out.output
    return [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(out.stdout)["diagnostics"]]


def _split(text: str) -> list[str]:
    return [part.strip("\n") + "\n" for part in re.split(r"^---\n", text, flags=re.M)]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/ whose two KPIs with findings (dana, social reach)
    share one multi-document file."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".kpilint_cache"))
    dana = root / "sales/dana-closed-deals.kpi.yaml"
    social = root / "marketing/social-reach.kpi.yaml"
    (root / MIXED).write_text(dana.read_text(encoding="utf-8") + "---\n" + social.read_text(encoding="utf-8"), encoding="utf-8")
    dana.unlink()
    social.unlink()
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


def _record(root: Path) -> dict[baseline.Key, int]:
    out = _check("--write-baseline", FILE)
    assert out.exit_code == 0, out.output
    assert out.stdout == ""
    assert "wrote kpilint-baseline.json: 6 findings in 4 files" in out.stderr
    return baseline.read(root / FILE)


def test_the_acceptance_scenario(repo: Path) -> None:
    before = _found()
    assert len(before) == 6
    recorded = _record(repo)
    assert sum(recorded.values()) == 6
    assert ("sales/mixed.kpi.yaml", "marketing.content.social-reach", "S101", "spec.statement") in recorded
    assert _check("--baseline", FILE).exit_code == 0
    assert _found("--baseline", FILE) == []

    # lines inserted at the top of every file, documents reordered, a mapping
    # reformatted from block to flow style: the baseline still holds
    for path in repo.rglob("*.kpi.yaml"):
        path.write_text("# moved down\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    mixed = repo / MIXED
    first, second = _split(mixed.read_text(encoding="utf-8"))
    mixed.write_text(second + "---\n" + first, encoding="utf-8")
    owners = repo / "owners/owners.kpi.yaml"
    parts = _split(owners.read_text(encoding="utf-8"))
    owners.write_text("---\n".join(reversed(parts)), encoding="utf-8")
    text = mixed.read_text(encoding="utf-8")
    block = re.search(r"^  metric:\n((?:    .*\n)+)", text, flags=re.M)
    assert block is not None
    items = ", ".join(line.strip() for line in block.group(1).splitlines())
    mixed.write_text(text.replace(block.group(0), f"  metric: {{{items}}}\n"), encoding="utf-8")
    moved = _found()
    assert len(moved) == 6 and moved != before  # the findings did move
    out = _check("--baseline", FILE)
    assert out.exit_code == 0, out.output
    assert _found("--baseline", FILE) == []

    # one new problem: exactly that finding, exit 1
    tier1 = repo / "support/tier1-resolution.kpi.yaml"
    tier1.write_text(tier1.read_text(encoding="utf-8").replace("direction: increase", "direction: decrease"), encoding="utf-8")
    new = [f for f in _found() if f not in moved]
    assert new == [("support/tier1-resolution.kpi.yaml", 22, 13, "M106")]
    assert _check("--baseline", FILE).exit_code == 1
    assert _found("--baseline", FILE) == new
    tier1.write_text(tier1.read_text(encoding="utf-8").replace("direction: decrease", "direction: increase"), encoding="utf-8")

    # one recorded problem fixed: K003 at 1:1 of its file until pruned
    text = mixed.read_text(encoding="utf-8")
    mixed.write_text(text.replace("direction: decrease", "direction: increase"), encoding="utf-8")
    assert _found("--baseline", FILE) == [(MIXED, 1, 1, "K003")]
    out = _check("--baseline", FILE, "--format", "concise")
    assert out.exit_code == 0  # K003 is a warning
    assert "M106 at `spec.metric.target` of document `sales.inside.dana-closed-deals`" in out.stdout
    assert "--prune-baseline" in out.stdout
    size = (repo / FILE).stat().st_size
    out = _check("--baseline", FILE, "--prune-baseline")
    assert out.exit_code == 0, out.output
    assert "pruned kpilint-baseline.json: 1 entry dropped, 0 lowered" in out.stderr
    assert (repo / FILE).stat().st_size < size
    assert sum(baseline.read(repo / FILE).values()) == 5
    assert _found("--baseline", FILE) == []
    assert _check("--baseline", FILE).exit_code == 0


def test_the_config_key_names_the_baseline(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _record(repo)
    config = repo / "kpilint.toml"
    config.write_text(f'baseline = "{FILE}"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert _found() == []
    assert _check().exit_code == 0
    # relative to the config file, not to the current folder
    monkeypatch.chdir(repo / "sales")
    assert _found() == []
    assert _found("--isolated") != []  # no config: no baseline


def _codes_in(fmt: str, text: str) -> list[str]:
    """The codes of the findings a report lists, read the way its consumer reads it."""
    if fmt == "json":
        return [d["code"] for d in json.loads(text)["diagnostics"]]
    if fmt == "sarif":
        return [r["ruleId"] for r in json.loads(text)["runs"][0]["results"]]
    if fmt == "gitlab":
        return [issue["check_name"] for issue in json.loads(text)]
    if fmt == "junit":
        return re.findall(r'<failure [^>]*type="([^"]+)"', text)
    if fmt == "github":
        return re.findall(r"^::\w+ .*?title=(\w+)::", text, flags=re.M)
    if fmt == "markdown":
        return re.findall(r"^\| \S+:\d+ \| (\w+) \|", text, flags=re.M)
    return re.findall(r"^\S+:\d+:\d+: (\w+) \[", text, flags=re.M)  # full, concise


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown"])
def test_every_format_hides_the_same_findings(repo: Path, fmt: str) -> None:
    _record(repo)
    tier1 = repo / "support/tier1-resolution.kpi.yaml"
    tier1.write_text(tier1.read_text(encoding="utf-8").replace("direction: increase", "direction: decrease"), encoding="utf-8")
    everything = _check("--format", fmt)
    assert sorted(_codes_in(fmt, everything.stdout)) == ["ACME101", "H101", "M101", "M106", "M106", "M108", "S101"]
    out = _check("--baseline", FILE, "--format", fmt)
    assert out.exit_code == 1, out.output
    assert _codes_in(fmt, out.stdout) == ["M106"]
    assert "tier1-resolution" in out.stdout
    if fmt not in ("json", "markdown"):  # these two list every KPI besides the findings
        assert "dana-closed-deals" not in out.stdout


def test_statistics_say_how_many_the_baseline_hid(repo: Path) -> None:
    _record(repo)
    out = _check("--baseline", FILE, "--statistics")
    assert out.exit_code == 0
    assert "    6  hidden by the baseline" in out.stdout
    report = json.loads(_check("--baseline", FILE, "--statistics", "--format", "json").stdout)
    assert report["baseline"] == {"hidden": 6}
    assert report["diagnostics"] == [] and report["statistics"] == []
    out = _check("--baseline", FILE, "--statistics", "--format", "sarif")
    json.loads(out.stdout)  # the report stays clean
    assert "hidden by the baseline" in out.stderr
    # without a baseline the statistics say nothing of one
    assert "hidden by the baseline" not in _check("--statistics").stdout
    assert "baseline" not in json.loads(_check("--statistics", "--format", "json").stdout)


def test_the_file_is_byte_stable_sorted_and_without_lines(repo: Path) -> None:
    _record(repo)
    first = (repo / FILE).read_bytes()
    _record(repo)
    assert (repo / FILE).read_bytes() == first
    data = json.loads(first)
    assert first.decode("utf-8") == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert list(data) == sorted(data)
    assert "line" not in first.decode("utf-8")
    assert data["support/sam-csat.kpi.json"] == {"support.tier1.sam-csat": {"M108": {"spec.metric.target": 1}}}


def test_a_deleted_file_is_stale_at_the_baseline_file(repo: Path) -> None:
    _record(repo)
    (repo / "support/sam-csat.kpi.json").unlink()
    found = _found("--baseline", FILE)
    assert (FILE, 1, 1, "K003") in found
    out = _check("--baseline", FILE, "--format", "concise")
    assert "`support/sam-csat.kpi.json` (the file is gone)" in out.stdout
    # a run over other files does not judge it
    assert _found("--baseline", FILE, "sales") == []
    _check("--baseline", FILE, "--prune-baseline")
    assert not any(key[0] == "support/sam-csat.kpi.json" for key in baseline.read(repo / FILE))


def test_a_partial_run_judges_only_what_it_checked(repo: Path) -> None:
    _record(repo)
    # other files and other codes are not stale, nor pruned
    assert _found("--baseline", FILE, "support/tier1-resolution.kpi.yaml") == []
    assert _found("--baseline", FILE, "--select", "M106") == []
    before = (repo / FILE).read_bytes()
    assert "kpilint-baseline.json: nothing to prune" in _check("--baseline", FILE, "--prune-baseline").stderr
    _check("--baseline", FILE, "--select", "M106", "--prune-baseline")
    _check("--baseline", FILE, "--prune-baseline", "support")
    assert (repo / FILE).read_bytes() == before
    # K003 itself follows the selection
    mixed = repo / MIXED
    mixed.write_text(mixed.read_text(encoding="utf-8").replace("direction: decrease", "direction: increase"), encoding="utf-8")
    assert _found("--baseline", FILE, "--ignore", "K003") == []
    assert _found("--baseline", FILE, "--ignore", "M106") == []  # not judged


def test_counts_hide_as_many_as_recorded(repo: Path) -> None:
    _record(repo)
    mixed = repo / MIXED
    text = mixed.read_text(encoding="utf-8")
    # the same problem twice in the same place: one hidden, one reported
    mixed.write_text(text + "---\n" + _split(text)[1].replace("social-reach", "social-reach-2").replace("Social media reach", "Social reach 2"), encoding="utf-8")
    codes = sorted(code for *_, code in _found("--baseline", FILE))
    assert codes == ["M101", "S101"]


def test_write_baseline_never_records_f_codes_nor_k900(repo: Path) -> None:
    (repo / "broken.kpi.yaml").write_text("apiVersion: [\n", encoding="utf-8")
    out = _check("--write-baseline", FILE)
    assert out.exit_code == 0
    recorded = baseline.read(repo / FILE)
    assert not any(key[2].startswith("F") for key in recorded)
    assert ("F002" in {code for *_, code in _found("--baseline", FILE)})


def test_write_baseline_records_the_current_selection(repo: Path) -> None:
    assert _check("--write-baseline", FILE, "--select", "M").exit_code == 0
    assert {key[2] for key in baseline.read(repo / FILE)} == {"M101", "M106", "M108"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "expected an object mapping file"),
        ('{"a.kpi.yaml": {"x": {"S101": {"spec.statement": 0}}}}', "expected a count"),
        ('{"a.kpi.yaml": {"x": {"S101": {"spec.statement": "1"}}}}', "expected a count"),
        ('{"a.kpi.yaml": {"x": ["S101"]}}', "expected an object of codes"),
    ],
)
def test_a_bad_baseline_is_one_line_and_exit_2(repo: Path, text: str, message: str) -> None:
    (repo / FILE).write_text(text, encoding="utf-8")
    out = _check("--baseline", FILE)
    assert out.exit_code == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kpilint: error: baseline file") and message in lines[0], out.stderr


def test_usage_errors(repo: Path) -> None:
    out = _check("--baseline", "missing.json")
    assert out.exit_code == 2 and "does not exist" in out.stderr
    out = _check("--prune-baseline")
    assert out.exit_code == 2 and "no baseline to prune" in out.stderr
    out = _check("--write-baseline", FILE, "--baseline", FILE)
    assert out.exit_code == 2 and "does not combine" in out.stderr
    config = repo / "kpilint.toml"
    config.write_text("baseline = 3\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    out = _check()
    assert out.exit_code == 2 and "baseline" in out.stderr


# -- the pure functions ----------------------------------------------------------


def _diag(code: str, path: str = "spec.x", file: str = "/r/a.kpi.yaml", index: int = 0) -> Diagnostic:
    return Diagnostic("a.kpi.yaml", 1, 1, code, 1, 2, Severity.WARNING, "m", doc_index=index, yaml_path=path, file=file)


def _keyed(*diags: Diagnostic) -> list[baseline.Keyed]:
    return [baseline.Keyed(("a.kpi.yaml", str(d.doc_index), d.code, d.yaml_path), d) for d in diags]


def test_record_apply_prune() -> None:
    found = _keyed(_diag("S101"), _diag("S101"), _diag("F002"), _diag("K900"), _diag("M101"))
    counts = baseline.record(found)
    assert counts == {("a.kpi.yaml", "0", "S101", "spec.x"): 2, ("a.kpi.yaml", "0", "M101", "spec.x"): 1}
    applied = baseline.apply(_keyed(_diag("S101"), _diag("F002"), _diag("S102")), counts)
    assert [d.code for d in applied.kept] == ["F002", "S102"]
    assert applied.hidden == 1
    judged = baseline.judge(frozenset({"a.kpi.yaml"}), lambda code: True, lambda file: False)
    assert baseline.stale(counts, applied.matched, judged) == [
        baseline.Stale(("a.kpi.yaml", "0", "M101", "spec.x"), 1, 0),
        baseline.Stale(("a.kpi.yaml", "0", "S101", "spec.x"), 2, 1),
    ]
    assert baseline.prune(counts, applied.matched, judged) == {("a.kpi.yaml", "0", "S101", "spec.x"): 1}
    unjudged = baseline.judge(frozenset(), lambda code: True, lambda file: False)
    assert baseline.prune(counts, applied.matched, unjudged) == counts
    assert baseline.loads(baseline.dumps(counts), "x") == counts


def test_a_file_that_no_longer_parses_keeps_its_entries(repo: Path) -> None:
    _record(repo)
    tier1 = repo / "support/tier1-resolution.kpi.yaml"
    tier1.write_text(tier1.read_text(encoding="utf-8") + "plan: [\n", encoding="utf-8")
    assert [code for *_, code in _found("--baseline", FILE)] == ["F002"]
    before = (repo / FILE).read_bytes()
    _check("--baseline", FILE, "--prune-baseline")
    assert (repo / FILE).read_bytes() == before


def test_hand_written_keys_are_read_as_written_by_kpilint() -> None:
    text = '{"./sales\\\\a.kpi.yaml": {"x": {"s101": {"spec.statement": 1}}}, "sales/a.kpi.yaml": {"x": {"S101": {"spec.statement": 2}}}}'
    assert baseline.loads(text, "f") == {("sales/a.kpi.yaml", "x", "S101", "spec.statement"): 3}


def test_extra_reports_of_the_run_respect_the_baseline(repo: Path) -> None:
    _record(repo)
    out = _check("--baseline", FILE, "--write", "sarif=extra.sarif", "--output-file", "main.json", "--format", "json")
    assert out.exit_code == 0, out.output
    assert json.loads((repo / "main.json").read_text(encoding="utf-8"))["diagnostics"] == []
    assert json.loads((repo / "extra.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []
