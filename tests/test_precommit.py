"""The pre-commit hook (.pre-commit-hooks.yaml), checked the way pre-commit uses it.

``pre-commit try-repo`` builds the hook's virtual environment by pip-installing
this repository, which needs kpilint's dependencies. These tests never reach
the network: they pack the dependencies already installed in the test
environment back into wheels (a local "wheelhouse") and point pip at it with
``PIP_NO_INDEX=1`` and ``PIP_FIND_LINKS``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Iterable

import pytest
from ruamel.yaml import YAML

from conftest import CLEAN_KPI

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
#: What the hook's virtual environment needs: kpilint's dependencies and its build backend.
BUILD_REQUIREMENTS = ("setuptools>=64", "wheel")
#: The parts of the repository a build needs (see pyproject.toml).
SOURCE_PARTS = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "kpilint", "rules", "schemas")

GOOD = CLEAN_KPI

BAD = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.bad
  name: Sales
spec:
  level: company
  owner: sales
  statement: Sell more and better things to more customers than ever before.
  metric:
    unit: deals
"""

CONFIG = 'exclude = ["vendor/**"]\n'


def _hook() -> dict[str, object]:
    hooks = YAML(typ="safe").load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook: dict[str, object] = hooks[0]
    return hook


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=kpilint tests", "-c", "user.email=tests@kpilint.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _scratch_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    _git(root, "init", "-q")
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PRE_COMMIT", "PIP_", "VIRTUALENV_"))}
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


# -- the manifest --------------------------------------------------------------------


def test_manifest_fields() -> None:
    hook = _hook()
    assert hook["id"] == "kpilint"
    assert hook["name"]
    assert hook["entry"] == "kpilint check --force-exclude"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True
    assert hook["minimum_pre_commit_version"] == "3.0.0"
    files = re.compile(str(hook["files"]))
    for name in ("a.kpi.yaml", "dir/b.kpi.yml", "c.kpi.json", "deep/er/x.y.kpi.yaml"):
        assert files.search(name), name
    for name in ("a.yaml", "kpi.yaml", "a.kpi.yaml.bak", "a.kpi.toml", "a.kpiyaml"):
        assert not files.search(name), name


def test_manifest_validates() -> None:
    pytest.importorskip("pre_commit")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=_clean_env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- the hook's entry, run as pre-commit runs it (offline, no virtualenv) ----------------


def _kpilint_executable() -> str:
    here = Path(sys.executable).parent / ("kpilint.exe" if os.name == "nt" else "kpilint")
    found = str(here) if here.exists() else shutil.which("kpilint")
    if found is None:
        pytest.skip("no `kpilint` executable in the test environment")
    return found


def _run_entry(repo: Path) -> subprocess.CompletedProcess[str]:
    """What pre-commit does for a commit: the staged files matching `files`, passed to `entry`."""
    hook = _hook()
    staged = _git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").split("\0")
    pattern = re.compile(str(hook["files"]))
    chosen = sorted(name for name in staged if name and pattern.search(name))
    entry = shlex.split(str(hook["entry"]))
    command = [_kpilint_executable(), *entry[1:], *chosen]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=_clean_env())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _scratch_repo(
        tmp_path / "project",
        {
            "kpilint.toml": CONFIG,
            "kpis/good.kpi.yaml": GOOD,
            "kpis/bad.kpi.yaml": BAD,
            "vendor/third-party.kpi.yaml": BAD.replace("sales.bad", "vendor.bad"),
            "notes.yaml": "not: [a KPI\n",
        },
    )


def test_entry_passes_on_good_staged_files(project: Path) -> None:
    _git(project, "add", "kpilint.toml", "kpis/good.kpi.yaml", "notes.yaml")
    done = _run_entry(project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bad.kpi.yaml" not in done.stdout


def test_entry_fails_on_a_bad_staged_file(project: Path) -> None:
    _git(project, "add", "-A")
    done = _run_entry(project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "kpis/bad.kpi.yaml:" in done.stdout and "M101" in done.stdout
    # `--force-exclude` keeps excluded files out even when passed explicitly.
    assert "vendor/" not in done.stdout
    assert "notes.yaml" not in done.stdout


# -- pre-commit try-repo ---------------------------------------------------------------


def _requirement_closure(roots: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions ``roots`` need, extras and markers applied."""
    requirements = pytest.importorskip("packaging.requirements")
    utils = pytest.importorskip("packaging.utils")
    found: dict[str, metadata.Distribution] = {}
    extras: dict[str, set[str]] = {}
    todo = [(requirements.Requirement(text), "") for text in roots]
    while todo:
        req, parent_extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": parent_extra}):
            continue
        key = utils.canonicalize_name(req.name)
        wanted = set(req.extras)
        if key in found and wanted <= extras[key]:
            continue
        try:
            dist = found.get(key) or metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            pytest.skip(f"{req.name} is not installed in the test environment, so the hook cannot be built offline")
        found[key] = dist
        extras.setdefault(key, set()).update(wanted)
        for text in dist.requires or []:
            for extra in extras[key] | {""}:
                todo.append((requirements.Requirement(text), extra))
    return list(found.values())


def _repack(dist: metadata.Distribution, dest: Path) -> Path:
    """Pack an installed distribution back into a wheel (its files as installed)."""
    files = list(dist.files or [])
    info_dirs = {f.parts[0] for f in files if f.parts and f.parts[0].endswith(".dist-info")}
    wheel_info = dist.read_text("WHEEL") or ""
    tags = re.findall(r"^Tag: *(\S+)", wheel_info, re.M)
    if len(info_dirs) != 1 or not tags:
        pytest.skip(f"{dist.metadata['Name']} was not installed from a wheel; cannot repack it offline")
    info_dir = info_dirs.pop()
    skip = {f"{info_dir}/{name}" for name in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")}
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    target = dest / f"{name}-{dist.version}-{tags[0]}.whl"
    record: list[str] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            arcname = file.as_posix()
            if arcname.startswith("../") or "__pycache__" in file.parts or arcname in skip:
                continue  # scripts (pip recreates them), byte code, install records
            data = Path(str(file.locate())).read_bytes()
            archive.writestr(arcname, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
            record.append(f"{arcname},sha256={digest},{len(data)}")
        record.append(f"{info_dir}/RECORD,,")
        archive.writestr(f"{info_dir}/RECORD", "\n".join(record) + "\n")
    return target


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Wheels of kpilint's dependencies and build backend, from the test environment."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    dest = tmp_path_factory.mktemp("wheelhouse")
    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    dependencies = tomllib.loads(project)["project"]["dependencies"]
    for dist in _requirement_closure([*dependencies, *BUILD_REQUIREMENTS]):
        _repack(dist, dest)
    return dest


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding this checkout's working tree (committed)."""
    root = tmp_path_factory.mktemp("hook-repo") / "kpilint"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for part in SOURCE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, root / part)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "kpilint under test")
    return root


def _try_repo(hook_repo: Path, wheelhouse: Path, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = _clean_env(
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        PRE_COMMIT_HOME=str(project.parent / "pre-commit-home"),
        PRE_COMMIT_COLOR="never",
    )
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "kpilint", "--color", "never", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_try_repo_fails_on_a_bad_kpi(hook_repo: Path, wheelhouse: Path, project: Path) -> None:
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "kpis")
    done = _try_repo(hook_repo, wheelhouse, project, "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "kpilint" in output and "Failed" in output
    assert "kpis/bad.kpi.yaml:" in output and "M101" in output
    assert "vendor/" not in output and "kpis/good.kpi.yaml:" not in output


def test_try_repo_passes_on_good_kpis(hook_repo: Path, wheelhouse: Path, tmp_path: Path) -> None:
    project = _scratch_repo(tmp_path / "good-project", {"kpilint.toml": CONFIG, "kpis/good.kpi.yaml": GOOD, "notes.yaml": "not: [a KPI\n"})
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "kpis")
    done = _try_repo(hook_repo, wheelhouse, project, "--all-files")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output


def test_try_repo_checks_only_the_staged_files(hook_repo: Path, wheelhouse: Path, project: Path) -> None:
    _git(project, "add", "kpilint.toml", "kpis/good.kpi.yaml")
    done = _try_repo(hook_repo, wheelhouse, project)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output and "bad.kpi.yaml" not in output

    _git(project, "add", "kpis/bad.kpi.yaml")
    done = _try_repo(hook_repo, wheelhouse, project)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "kpis/bad.kpi.yaml:" in output and "kpis/good.kpi.yaml:" not in output
