"""H108 removed-id-in-use in real git repositories: the CLI compares the files
named on the command line with their last commit (one `git cat-file --batch`
process), and says nothing, without an error, where git cannot tell."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpilint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: sales.new-arr, name: New ARR}
spec: {level: company}
"""


def child(name: str, parent: str = "sales.new-arr", level: str = "department") -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: sales.{name}, name: ARR of {name}}}
spec: {{level: {level}, parent: {parent}}}
"""


OWNER = """\
apiVersion: kpilint/v1
kind: Owner
metadata: {id: sales, name: Sales}
spec: {type: department}
"""


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="kpilint tests",
        GIT_AUTHOR_EMAIL="tests@kpilint.invalid",
        GIT_COMMITTER_NAME="kpilint tests",
        GIT_COMMITTER_EMAIL="tests@kpilint.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(repo.parent),
    )
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def make_repo(root: Path, files: dict[str, str], commit: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    write(root, {"kpilint.toml": "", ".gitignore": ".kpilint_cache/\n", **files})
    if commit:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "KPIs")
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def check(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str, select: str = "H") -> tuple[int, list[str], str]:
    """Run `kpilint check` in ``repo``: exit code, concise lines, the output."""
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["check", "--format", "concise", "--select", select, "--today", "2027-01-15", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    lines = [line for line in result.output.splitlines() if line and not line.startswith("kpilint:")]
    return result.exit_code, lines, result.output


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "repo",
        {"parent.kpi.yaml": PARENT, "team/a.kpi.yaml": child("team-a"), "team/b.kpi.yaml": child("team-b")},
    )


def rename(repo: Path, new: str = "sales.new-arr-2027") -> None:
    write(repo, {"parent.kpi.yaml": PARENT.replace("sales.new-arr,", f"{new},")})


# -- the acceptance cases ------------------------------------------------------------


def test_renamed_parent_checked_alone_names_the_children(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rename(repo)
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml")
    assert code == 1
    (line,) = lines
    assert line.startswith("parent.kpi.yaml:3:16: H108 [error] KPI `sales.new-arr` is gone from this file")
    assert "`sales.team-a` (parent, team/a.kpi.yaml:4)" in line
    assert "`sales.team-b` (parent, team/b.kpi.yaml:4)" in line
    assert "2 documents not checked in this run still name it" in line


def test_renamed_parent_checked_with_its_children_is_h101_there(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rename(repo)
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml", "team/a.kpi.yaml", "team/b.kpi.yaml")
    assert code == 1
    assert [line.split(" [")[0] for line in lines] == ["team/a.kpi.yaml:4:35: H101", "team/b.kpi.yaml:4:35: H101"]
    # with one child checked: H101 there, and H108 names only the other one
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml", "team/a.kpi.yaml")
    assert [line.split(" [")[0] for line in lines] == ["parent.kpi.yaml:3:16: H108", "team/a.kpi.yaml:4:35: H101"]
    assert "`sales.team-b`" in lines[0] and "`sales.team-a`" not in lines[0] and "1 document not checked" in lines[0]


def test_removed_document_of_a_multi_document_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = child("other", parent="", level="company").replace("parent: ", "owner: sales")
    repo = make_repo(tmp_path / "repo", {"company.kpi.yaml": other + "---\n" + PARENT, "team/a.kpi.yaml": child("team-a")})
    write(repo, {"company.kpi.yaml": other})
    code, lines, _ = check(repo, monkeypatch, "company.kpi.yaml")
    assert code == 1
    (line,) = lines
    assert line.startswith("company.kpi.yaml:1:1: H108 [error] KPI `sales.new-arr` is gone")
    assert "`sales.team-a` (parent, team/a.kpi.yaml:4)" in line


def test_unrelated_edit_is_no_h108(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"parent.kpi.yaml": "# the top line\n" + PARENT.replace("New ARR", "New annual recurring revenue")})
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml")
    assert (code, lines) == (0, [])


def test_no_head_commit_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo", {"parent.kpi.yaml": PARENT, "a.kpi.yaml": child("team-a")}, commit=False)
    git(repo, "add", "-A")
    rename(repo)
    code, lines, output = check(repo, monkeypatch, "parent.kpi.yaml")
    assert (code, lines) == (0, []), output


def test_not_a_git_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    write(folder, {"kpilint.toml": "", "parent.kpi.yaml": PARENT, "a.kpi.yaml": child("team-a")})
    rename(folder)
    code, lines, output = check(folder, monkeypatch, "parent.kpi.yaml")
    assert (code, lines) == (0, []), output


def test_a_damaged_git_folder_is_no_error(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rename(repo)
    shutil.rmtree(repo / ".git")
    (repo / ".git").write_text("gitdir: /nowhere/at/all\n", encoding="utf-8")
    code, lines, output = check(repo, monkeypatch, "parent.kpi.yaml")
    assert (code, lines) == (0, []), output


# -- what counts as gone, and who is named ---------------------------------------------


def test_an_id_moved_to_another_file_is_not_gone(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rename(repo)
    write(repo, {"moved.kpi.yaml": PARENT.replace("New ARR", "New ARR, moved")})
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml", "moved.kpi.yaml")
    assert (code, lines) == (0, [])


def test_a_new_file_is_not_compared(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"new.kpi.yaml": PARENT.replace("sales.new-arr,", "sales.brand-new,")})
    code, lines, _ = check(repo, monkeypatch, "new.kpi.yaml")
    assert (code, lines) == (0, [])


def test_renamed_owner_named_as_owner_and_as_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    team = "apiVersion: kpilint/v1\nkind: Owner\nmetadata: {id: sales-team, name: Sales team}\nspec: {type: team, parent: sales}\n"
    kpi = PARENT.replace("{level: company}", "{level: company, owner: sales}")
    repo = make_repo(tmp_path / "repo", {"owners.kpi.yaml": OWNER, "team.kpi.yaml": team, "kpi.kpi.yaml": kpi})
    write(repo, {"owners.kpi.yaml": OWNER.replace("id: sales,", "id: sales-dept,")})
    code, lines, _ = check(repo, monkeypatch, "owners.kpi.yaml")
    assert code == 1
    (line,) = lines
    assert line.startswith("owners.kpi.yaml:3:16: H108 [error] Owner `sales` is gone")
    assert "`sales.new-arr` (owner, kpi.kpi.yaml:4)" in line and "`sales-team` (parent, team.kpi.yaml:4)" in line


def test_file_that_no_longer_parses_is_f002s_case(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"parent.kpi.yaml": PARENT.replace("sales.new-arr,", "sales.new-arr-2027,") + "spec: [unclosed\n"})
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml", select="F,H")
    assert code == 1
    assert [line.split(" [")[0].split(": ")[1] for line in lines] == ["F002"]


def test_emptied_file_is_reported_at_its_start(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"parent.kpi.yaml": "# retired\n"})
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml")
    assert code == 1
    (line,) = lines
    assert line.startswith("parent.kpi.yaml:1:1: H108 [error] KPI `sales.new-arr` is gone")


def test_json_twin_and_many_children_listed_at_most_five(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = '{"apiVersion": "kpilint/v1", "kind": "KPI",\n "metadata": {"id": "sales.new-arr", "name": "New ARR"},\n "spec": {"level": "company"}}\n'
    children = {f"team/c{i}.kpi.yaml": child(f"team-{i}") for i in range(7)}
    repo = make_repo(tmp_path / "repo", {"parent.kpi.json": parent, **children})
    write(repo, {"parent.kpi.json": parent.replace('"sales.new-arr"', '"sales.arr"')})
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.json")
    assert code == 1
    (line,) = lines
    assert line.startswith("parent.kpi.json:2:21: H108 [error]")
    assert "7 documents not checked" in line and line.count("(parent, team/") == 5 and "and 2 more;" in line


def test_renamed_in_place_among_several_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = child("first", parent="", level="company").replace("parent: ", "owner: sales")
    repo = make_repo(tmp_path / "repo", {"kpis.kpi.yaml": PARENT + "---\n" + first, "a.kpi.yaml": child("team-a")})
    # the renamed document moved behind the other one: found by its name
    write(repo, {"kpis.kpi.yaml": first + "---\n" + PARENT.replace("sales.new-arr,", "sales.arr,")})
    code, lines, _ = check(repo, monkeypatch, "kpis.kpi.yaml")
    assert [line.split(" [")[0] for line in lines] == ["kpis.kpi.yaml:8:16: H108"]


def test_suppressed_like_any_finding(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"parent.kpi.yaml": PARENT.replace("sales.new-arr,", "sales.arr,").replace("New ARR}", "New ARR}  # kpilint: disable=H108")})
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml")
    assert (code, lines) == (0, [])
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml", "--ignore", "H108")
    assert (code, lines) == (0, [])


def test_cache_follows_the_comparison(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project findings are cached with what the run knows of HEAD: the
    same files give H108 only while the id is gone."""
    for _ in range(2):
        code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml")
        assert (code, lines) == (0, [])
        rename(repo)
        code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml")
        assert code == 1 and "H108" in lines[0]
        code, lines, _ = check(repo, monkeypatch, ".")
        assert [line.split(" [")[0].split(": ")[1] for line in lines] == ["H101", "H101"]
        git(repo, "checkout", "--", "parent.kpi.yaml")


# -- what git is asked, and when -------------------------------------------------------


@pytest.fixture
def logged_git(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose `git` records each call in a log, then runs git."""
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "git.log"
    script = folder / "git"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    env = dict(os.environ, PATH=f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return env, log


def _cli(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "kpilint", "check", "--format", "concise", "--today", "2027-01-15", *args]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for git")
def test_one_git_call_for_files_and_none_for_folders(repo: Path, logged_git: tuple[dict[str, str], Path]) -> None:
    env, log = logged_git
    rename(repo)
    done = _cli(repo, env, "parent.kpi.yaml", "team/a.kpi.yaml", "--select", "H")
    assert done.returncode == 1 and "H108" in done.stdout, done.stdout + done.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [f"-C {os.path.realpath(repo)} cat-file --batch"]
    log.unlink()
    for args in ([".", "--select", "H"], ["team", "--select", "H"], []):
        done = _cli(repo, env, *args)
        assert "Traceback" not in done.stderr
        assert not log.exists(), args
    # nor when H108 is not selected
    done = _cli(repo, env, "parent.kpi.yaml", "--select", "H101")
    assert done.returncode == 0 and not log.exists()


def test_git_missing_is_no_error(repo: Path) -> None:
    rename(repo)
    env = dict(os.environ, PATH=str(repo / "no-such-folder"))
    done = _cli(repo, env, "parent.kpi.yaml", "--select", "H")
    assert (done.returncode, done.stdout, "Traceback" in done.stderr) == (0, "", False)


def test_many_files_at_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A request too large to write before reading git's answer takes the
    other way (subprocess, which does both at once): the same finding."""
    others = {f"others/an-unrelated-kpi-with-a-long-file-name-{i:03d}.kpi.yaml": child(f"x{i}", parent="sales.x") for i in range(90)}
    write(repo, others)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more")
    rename(repo)
    code, lines, _ = check(repo, monkeypatch, "parent.kpi.yaml", *sorted(others), select="H108")
    assert code == 1
    assert [line.split(" [")[0] for line in lines] == ["parent.kpi.yaml:3:16: H108"]


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for git")
@pytest.mark.parametrize("files", [1, 90])
def test_a_git_that_hangs_is_given_up(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int) -> None:
    from kpilint import gitstate
    from kpilint.reading import Limits

    folder = tmp_path / "slow-bin"
    folder.mkdir()
    script = folder / "git"
    script.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(gitstate, "GIT_TIMEOUT", 0.3)
    rename(repo)
    paths = [str(repo / "parent.kpi.yaml")] + [str(repo / f"long-name-of-a-file-that-is-not-there-{i:03d}.kpi.yaml") for i in range(files - 1)]
    assert gitstate.head_ids(paths, Limits()) == {}


def test_answers_are_remembered_in_the_cache_folder(repo: Path) -> None:
    """Checking an edited file again neither parses its two versions again
    (the answer is remembered in the cache folder) nor loses the finding; a
    damaged memo is answered afresh."""
    rename(repo)
    probe = (
        "import sys\n"
        "from kpilint.cli import main\n"
        "try:\n"
        "    main(['check', 'parent.kpi.yaml', '--format', 'concise', '--select', 'H', '--today', '2027-01-15'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('loader imported' if 'kpilint.loader' in sys.modules else 'loader not imported')\n"
    )

    def once() -> str:
        return subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, check=True).stdout

    for _ in range(2):  # the first run creates the cache folder, the second remembers there
        first = once()
        assert "parent.kpi.yaml:3:16: H108" in first and "loader imported" in first
    assert (repo / ".kpilint_cache" / "head-ids").is_file()
    again = once()
    assert "parent.kpi.yaml:3:16: H108" in again and "loader not imported" in again
    (repo / ".kpilint_cache" / "head-ids").write_bytes(b"\x00 damaged")
    assert "parent.kpi.yaml:3:16: H108" in once()
    # without the cache nothing is written or read
    (repo / ".kpilint_cache" / "head-ids").unlink()
    done = _cli(repo, dict(os.environ), "parent.kpi.yaml", "--select", "H", "--no-cache")
    assert "H108" in done.stdout and not (repo / ".kpilint_cache" / "head-ids").exists()
