"""``mypy --strict`` passes on the engine and the rules, as configured in
``[tool.mypy]`` of pyproject.toml.

The rules live in ``rules/`` but are installed as ``kpilint.rules`` (a
setuptools ``package-dir`` mapping), and they import each other by that name.
mypy cannot follow the mapping, so the check runs on a temporary ``kpilint/``
tree laid out as installed: the files of ``kpilint/`` plus ``rules/`` and
``schemas/`` linked in as ``kpilint/rules`` and ``kpilint/schemas``. Reported
paths are mapped back to the checkout.

Run it directly to see mypy's report (extra arguments go to mypy)::

    python tests/test_typing.py
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MAPPED = {"rules": "rules", "schemas": "schemas"}  # kpilint/<name> -> top-level folder
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


def _link(source: Path, target: Path) -> None:
    """A symlink, or a copy where symlinks are not allowed (Windows without
    developer mode)."""
    try:
        target.symlink_to(source, target_is_directory=source.is_dir())
    except OSError:
        if source.is_dir():
            shutil.copytree(source, target, ignore=_SKIP)
        else:
            shutil.copy2(source, target)


def installed_layout(dest: Path) -> Path:
    """``dest/kpilint`` laid out as the wheel installs it; returns that folder."""
    package = dest / "kpilint"
    package.mkdir()
    for entry in sorted((REPO / "kpilint").iterdir()):
        if entry.name != "__pycache__":
            _link(entry, package / entry.name)
    for name, folder in MAPPED.items():
        _link(REPO / folder, package / name)
    return package


def run_mypy(dest: Path, *extra: str) -> tuple[int, str]:
    """mypy on the package, configured by pyproject.toml; the exit code and the
    report with paths relative to the repository root."""
    package = installed_layout(dest)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(dest / ".mypy_cache"),
            *extra,
            str(package),
        ],
        cwd=dest,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = (done.stdout + done.stderr).splitlines(keepends=True)
    for name, folder in MAPPED.items():  # mypy reports paths relative to cwd
        inside = os.path.join("kpilint", name, "")
        lines = [os.path.join(folder, line[len(inside) :]) if line.startswith(inside) else line for line in lines]
    return done.returncode, "".join(lines)


def test_mypy_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    code, report = run_mypy(tmp_path)
    assert code == 0, report


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        code, report = run_mypy(Path(scratch), *sys.argv[1:])
    sys.stdout.write(report)
    sys.exit(code)
