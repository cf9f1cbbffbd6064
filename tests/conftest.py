"""Shared fixtures: the repository root, and kpilint built and installed from a
wheel into a fresh environment (built once per test session)."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: A KPI with no finding at all (its time frame lies far ahead), for the
#: integration tests that need a clean file beside a messy one.
CLEAN_KPI = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: company.revenue
  name: Annual recurring revenue
spec:
  level: company
  owner: finance
  statement: Grow annual recurring revenue from 10 to 12 million EUR by the end of the period.
  metric:
    unit: EUR
    direction: increase
    baseline: 10000000
    target: 12000000
    source: warehouse.finance.arr
    frequency: monthly
  timeframe:
    start: 2098-01-01
    end: 2099-06-30
    review: monthly
  plan:
    - Launch the enterprise tier
    - Expand the sales team
"""


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout (no network: no build isolation)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        check=True,
        cwd=out,
        capture_output=True,
    )
    wheels = sorted(out.glob("kpilint-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="session")
def installed_venv(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (dependencies are borrowed from the
    test environment through a .pth file, so no index is needed)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    Path(purelib, "_kpilint_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(built_wheel)],
        check=True,
        capture_output=True,
    )
    return venv
