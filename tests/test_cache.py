"""The content cache and parallel jobs: same output whatever the route,
never stale, and a broken cache never breaks a run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kpilint.parallel import POOL_MIN_FILES

TODAY = "2027-01-15"


def kpi(ident: str, parent: str | None, *, level: str = "team", end: str = "2027-06-30", statement: str | None = None) -> str:
    parent_line = f"  parent: {parent}\n" if parent else ""
    text = statement or "Publish two blog posts a week for three months to lift traffic."
    return (
        "apiVersion: kpilint/v1\n"
        "kind: KPI\n"
        f"metadata: {{id: {ident}, name: KPI {ident}}}\n"
        "spec:\n"
        f"  level: {level}\n"
        "  owner: content-marketing\n"
        f"{parent_line}"
        f"  statement: {text}\n"
        "  metric: {unit: posts/week, direction: increase, baseline: 1, target: 2, source: cms.posts, frequency: weekly}\n"
        f"  timeframe: {{start: 2027-01-01, end: {end}, review: monthly}}\n"
        "  plan: [Hire a writer]\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "teams").mkdir(parents=True)
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    (root / "company.kpi.yaml").write_text(
        kpi("company.goal", None, level="company", end="2027-12-31"), encoding="utf-8"
    )
    for number in range(POOL_MIN_FILES + 12):
        statement = "Publish more posts." if number % 5 == 0 else None
        parent = "company.goal" if number % 7 else "company.gaol"
        (root / "teams" / f"t{number:03d}.kpi.yaml").write_text(
            kpi(f"team.t{number:03d}", parent, statement=statement), encoding="utf-8"
        )
    return root


def check(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [sys.executable, "-m", "kpilint", "check", *args, "--format", "concise", "--today", TODAY],
        cwd=cwd or root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_output_identical_cold_warm_and_across_jobs(project: Path) -> None:
    cold1 = check(project, ".", "--no-cache", "--jobs", "1")
    cold2 = check(project, ".", "--no-cache", "--jobs", "2")
    first = check(project, ".", "--jobs", "2")  # fills the cache
    warm1 = check(project, ".", "--jobs", "1")
    warm2 = check(project, ".", "--jobs", "2")
    assert cold1.returncode == 1 and "H101" in cold1.stdout and "S101" in cold1.stdout
    for other in (cold2, first, warm1, warm2):
        assert other.stdout == cold1.stdout
        assert other.returncode == cold1.returncode
        assert "Traceback" not in other.stderr


def test_no_cache_neither_reads_nor_writes(project: Path) -> None:
    check(project, ".", "--no-cache")
    assert not (project / ".kpilint_cache").exists()
    check(project, ".")
    cache = project / ".kpilint_cache"
    assert cache.is_dir() and (cache / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_changed_file_is_never_stale(project: Path) -> None:
    before = check(project, ".")
    target = project / "teams" / "t001.kpi.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("target: 2", "target: 0"), encoding="utf-8")
    after = check(project, ".")
    assert "M106" not in before.stdout
    assert any(line.startswith("teams/t001.kpi.yaml:9:") and " M106 " in line for line in after.stdout.splitlines())
    assert after.stdout == check(project, ".", "--no-cache").stdout


def test_remembered_positions_follow_the_content(project: Path) -> None:
    """Project rules re-run after an edit place their findings from positions
    remembered per content: an edited file's findings move with its lines."""
    check(project, ".")
    check(project, ".")  # positions of the H101 findings remembered
    before = check(project, "teams/t000.kpi.yaml").stdout
    assert "teams/t000.kpi.yaml:7:11: H101 " in before and "(teams/t001.kpi.yaml:6)" in before
    for name in ("t000", "t001"):  # t000: its parent is unknown (H101); t001: named in its A104 message
        moved = project / "teams" / f"{name}.kpi.yaml"
        moved.write_text("# a line that moves the rest down\n" + moved.read_text(encoding="utf-8"), encoding="utf-8")
    after = check(project, "teams/t000.kpi.yaml").stdout
    assert "teams/t000.kpi.yaml:8:11: H101 " in after and "(teams/t001.kpi.yaml:7)" in after
    assert check(project, ".").stdout == check(project, ".", "--no-cache").stdout


def test_project_rules_see_changes_in_files_not_checked(project: Path) -> None:
    one = "teams/t001.kpi.yaml"
    assert "H101" not in check(project, one).stdout
    company = project / "company.kpi.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("company.goal", "company.renamed"), encoding="utf-8")
    assert "H101" in check(project, one).stdout  # its parent vanished from another file


def test_date_rules_rerun_on_a_warm_cache(project: Path) -> None:
    assert "T104" not in check(project, ".").stdout
    later = subprocess.run(
        [sys.executable, "-m", "kpilint", "check", ".", "--format", "concise", "--today", "2028-01-01"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert "T104" in later.stdout


def test_config_change_invalidates(project: Path) -> None:
    check(project, ".")
    (project / "kpilint.toml").write_text("[rules.S102]\nmin-words = 30\n", encoding="utf-8")
    out = check(project, ".").stdout
    assert "S102" in out
    assert out == check(project, ".", "--no-cache").stdout


@pytest.mark.parametrize("garbage", [b"", b"not a cache", b"\x00" * 64, b"\xe3" + os.urandom(200)])
def test_corrupt_cache_is_ignored_and_rebuilt(project: Path, garbage: bytes) -> None:
    expected = check(project, ".", "--no-cache").stdout
    check(project, ".")
    for index in (project / ".kpilint_cache").rglob("index"):
        index.write_bytes(garbage)
    for spans in (project / ".kpilint_cache").rglob("spans"):
        spans.write_bytes(garbage)
    damaged = check(project, ".")
    assert damaged.stdout == expected and "Traceback" not in damaged.stderr
    assert check(project, ".").stdout == expected


def test_foreign_cache_is_not_trusted(project: Path) -> None:
    import marshal

    expected = check(project, ".", "--no-cache").stdout
    check(project, ".")
    indexes = list((project / ".kpilint_cache").rglob("index"))
    assert indexes
    for index in indexes:
        magic, key, items, _project = marshal.loads(index.read_bytes())
        forged = {path: (None, "0" * 32) for path in items}
        index.write_bytes(marshal.dumps(("something-else", key, forged, None)))
    assert check(project, ".").stdout == expected
    for index in indexes:
        magic, key, items, _project = marshal.loads(index.read_bytes())
        forged = {path: (None, "0" * 32) for path in items}
        # right header, wrong content hashes, and project findings for another state
        index.write_bytes(marshal.dumps((magic, key, forged, ("0" * 32, {}, []))))
    assert check(project, ".").stdout == expected
    # right signatures and hashes, damaged or lost bodies: those files are analysed again
    for number, bodies in enumerate(sorted((project / ".kpilint_cache").rglob("bodies-*"))):
        if number % 2:
            bodies.write_bytes(b"\xe3garbage")
        else:
            magic, key, packed = marshal.loads(bodies.read_bytes())
            bodies.write_bytes(marshal.dumps((magic, key, {digest: b"\xe3garbage" for digest in packed})))
    assert check(project, ".").stdout == expected
    full = subprocess.run(
        [sys.executable, "-m", "kpilint", "check", ".", "--no-cache", "--format", "full", "--today", TODAY],
        cwd=project, capture_output=True, text=True,
    ).stdout
    for blobs in (project / ".kpilint_cache").rglob("blobs-*"):
        blobs.write_bytes(b"garbage")  # text and positions lost: recomputed when needed
    again = subprocess.run(
        [sys.executable, "-m", "kpilint", "check", ".", "--format", "full", "--today", TODAY],
        cwd=project, capture_output=True, text=True,
    )
    assert again.stdout == full and "Traceback" not in again.stderr


def test_unwritable_cache_is_a_notice_not_a_failure(project: Path) -> None:
    (project / "blocker").write_text("a file where a folder should be\n", encoding="utf-8")
    (project / "kpilint.toml").write_text('cache-dir = "blocker/cache"\n', encoding="utf-8")
    expected = check(project, ".", "--no-cache")
    done = check(project, ".")
    assert done.stdout == expected.stdout and done.returncode == expected.returncode
    assert "cache not written" in done.stderr and "Traceback" not in done.stderr


def test_in_memory_buffers_are_not_cached(project: Path) -> None:
    check(project, ".")
    text = kpi("team.t001", "company.goal", statement="Get more posts.")
    done = subprocess.run(
        [sys.executable, "-m", "kpilint", "check", "--stdin-filename", "teams/t001.kpi.yaml", "--format", "concise", "--today", TODAY],
        cwd=project,
        input=text,
        capture_output=True,
        text=True,
    )
    assert "S101" in done.stdout
    assert "S101" not in check(project, "teams/t001.kpi.yaml").stdout  # the file on disk is unchanged


def test_caches_of_other_fingerprints_are_pruned_once_stale(project: Path) -> None:
    cache = project / ".kpilint_cache"
    check(project, ".")
    (current,) = [p for p in cache.iterdir() if p.is_dir()]
    stale, recent, foreign = cache / ("a" * 24), cache / ("b" * 24), cache / "notes"
    for folder in (stale, recent, foreign):
        folder.mkdir()
        (folder / "index").write_bytes(b"old")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    os.utime(foreign, (two_days_ago, two_days_ago))
    (project / "kpilint.toml").write_text('ignore = ["S105"]\n', encoding="utf-8")  # a new fingerprint
    check(project, ".")
    assert current.is_dir() and recent.is_dir() and foreign.is_dir()
    assert not stale.exists()


def test_a_comment_added_keeps_project_findings_that_still_hold(project: Path) -> None:
    """Project findings survive an edit that changes no document and moves no
    position the rules located (a suppression comment, a trailing note), and
    are found again when the edit moves one."""
    one = "teams/t000.kpi.yaml"  # its parent is unknown (H101), and A104 names other files by line
    check(project, ".")
    expected = check(project, one).stdout
    target = project / one
    target.write_text(target.read_text(encoding="utf-8") + "# reviewed in the planning meeting\n", encoding="utf-8")
    assert check(project, one).stdout == expected == check(project, one, "--no-cache").stdout
    named = project / "teams" / "t001.kpi.yaml"  # named with its line in t000's A104 message
    named.write_text("# moved down\n" + named.read_text(encoding="utf-8"), encoding="utf-8")
    moved = check(project, one).stdout
    assert "(teams/t001.kpi.yaml:7)" in moved and moved == check(project, one, "--no-cache").stdout
    assert check(project, ".").stdout == check(project, ".", "--no-cache").stdout


def test_project_rules_that_read_the_text_always_run_again(project: Path) -> None:
    (project / "text_rule.py").write_text(
        '"""## What it does\\nCounts comment lines.\\n\\n## Why is this bad?\\nA test.\\n\\n## Example\\n'
        'Cannot be written as a single file.\\n\\n## Options\\nNone.\\n"""\n'
        "from kpilint.api import Finding, project_rule\n\n\n"
        '@project_rule(code="X901", name="comment-count", severity="info", category=None, docs=__doc__)\n'
        "def check(project, ctx):\n"
        "    for doc in project.kpis():\n"
        '        count = doc.text.count("#")\n'
        "        if count:\n"
        '            yield Finding(("metadata",), f"{count} comment marks", document=doc)\n',
        encoding="utf-8",
    )
    (project / "kpilint.toml").write_text('rule-paths = ["text_rule.py"]\n', encoding="utf-8")
    one = "teams/t002.kpi.yaml"
    check(project, one)
    target = project / one
    target.write_text(target.read_text(encoding="utf-8") + "# one\n", encoding="utf-8")
    assert "X901" in check(project, one).stdout and "1 comment marks" in check(project, one).stdout
    target.write_text(target.read_text(encoding="utf-8") + "# two\n", encoding="utf-8")
    assert "2 comment marks" in check(project, one).stdout


@pytest.mark.parametrize("before, after", [("target: 1", "target: true"), ("baseline: 1", "baseline: true")])
def test_an_edit_the_schema_rejects_is_reported_though_its_value_compares_equal(
    project: Path, before: str, after: str
) -> None:
    """A document that passed the schema is not validated again only when its
    data is the very same: `true` equals 1 in Python, yet is no number."""
    one = "teams/t003.kpi.yaml"
    target = project / one
    text = target.read_text(encoding="utf-8").replace("target: 2", "target: 1")
    target.write_text(text, encoding="utf-8")
    assert " V001 " not in check(project, one).stdout
    target.write_text(text.replace(before, after, 1) + "# edited\n", encoding="utf-8")
    edited = check(project, one).stdout
    assert " V001 " in edited and edited == check(project, one, "--no-cache").stdout


def test_a_comment_edit_needs_neither_the_schema_check_nor_the_project_rules(project: Path) -> None:
    one = "teams/t004.kpi.yaml"
    probe = (
        "import sys\n"
        "from kpilint.cli import main\n"
        "try:\n"
        f"    main(['check', {one!r}, '--format', 'concise', '--today', {TODAY!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "project = ('h101', 'h102', 'h103', 'h105', 'a102', 'a103', 'a104')\n"
        "print(sorted(m for m in sys.modules if m.startswith('jsonschema') or m.rpartition('.')[2][:4] in project))\n"
    )
    check(project, ".")
    target = project / one
    target.write_text(target.read_text(encoding="utf-8") + "# kpilint: disable=S103\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout
    assert check(project, ".").stdout == check(project, ".", "--no-cache").stdout


def test_concurrent_runs_leave_a_sound_cache(project: Path) -> None:
    """Runs that read and write the same cache at once: each gives the right
    report, and the cache they leave behind gives it again."""
    expected = check(project, ".", "--no-cache").stdout
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    command = [sys.executable, "-m", "kpilint", "check", ".", "--format", "concise", "--today", TODAY]
    for round_ in range(3):
        edited = project / "teams" / f"t00{round_}.kpi.yaml"
        edited.write_text(edited.read_text(encoding="utf-8") + f"# round {round_}\n", encoding="utf-8")
        runs = [
            subprocess.Popen([*command, "--jobs", str(1 + n % 2)], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(4)
        ]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert out == expected and "Traceback" not in err
    assert check(project, ".").stdout == expected


def test_an_edit_that_keeps_size_and_mtime_is_seen_while_its_signature_is_recent(project: Path) -> None:
    """A signature recorded within two seconds of the file's last change does
    not vouch for it: an edit of the same size that also restores the mtime
    (as a fast tool, or a checkout, can) is still seen."""
    target = project / "teams" / "t001.kpi.yaml"
    text = target.read_text(encoding="utf-8").replace("target: 2", "target: 3")
    target.write_text(text, encoding="utf-8")
    before = os.stat(target)
    check(project, ".")
    target.write_text(text.replace("target: 3", "target: 0"), encoding="utf-8")  # same size: M106
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(target).st_size == before.st_size
    assert " M106 " in check(project, "teams/t001.kpi.yaml").stdout


def test_an_edit_to_a_file_that_does_not_parse_reruns_the_project_rules(project: Path) -> None:
    """A file that fails to load keeps children that name an id in its text
    free of H101: an edit that changes which ids it mentions (it still fails
    to load, so it still holds no document) must be seen with a warm cache."""
    broken = project / "company.kpi.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  level: company", "\tlevel: company"), encoding="utf-8")
    one = "teams/t001.kpi.yaml"  # its parent is `company.goal`, named only in the broken file
    check(project, ".")
    assert "H101" not in check(project, one).stdout
    broken.write_text(broken.read_text(encoding="utf-8").replace("company.goal", "company.target"), encoding="utf-8")
    warm = check(project, one).stdout
    assert "H101" in warm and warm == check(project, one, "--no-cache").stdout
    assert check(project, ".").stdout == check(project, ".", "--no-cache").stdout
