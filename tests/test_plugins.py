"""Third-party rules: the ``kpilint.rules`` entry-point group, ``rule-paths``
files, and a rule that raises (K900) (SPEC §4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KPI = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.revenue
  name: Quarterly revenue
spec:
  level: teem
  metric: {unit: EUR, target: 10}
"""

PLUGIN = '''\
"""## What it does
Reports every KPI id (a test plugin).
"""
from kpilint.api import Finding, document_rule


@document_rule(code="X101", name="every-id", severity="warning", category="S", docs=__doc__)
def check(doc, ctx):
    if doc.is_kpi:
        yield Finding(("metadata", "id"), f"saw {doc.id}")
'''


def kpilint(cwd: Path, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR", "PYTHONPATH")}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-m", "kpilint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def diagnostics(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int, int]]:
    assert "Traceback" not in proc.stderr, proc.stderr
    return [(d["path"], d["code"], d["line"], d["column"]) for d in json.loads(proc.stdout)["diagnostics"]]


@pytest.fixture
def installed_plugin(tmp_path: Path) -> Path:
    """A distribution ``kpx-plugin`` on a path of its own, declaring the entry point."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "kpx_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "kpx_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kpx-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[kpilint.rules]\nx101 = kpx_plugin\n", encoding="utf-8")
    return site


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "kpilint.toml").write_text('select = ["V", "X"]\n', encoding="utf-8")
    (root / "a.kpi.yaml").write_text(KPI, encoding="utf-8")
    return root


def test_entry_point_plugin_is_loaded(installed_plugin: Path, project: Path) -> None:
    proc = kpilint(project, "check", "--format", "json", pythonpath=installed_plugin)
    assert proc.returncode == 1, proc.stderr
    assert diagnostics(proc) == [("a.kpi.yaml", "X101", 4, 7), ("a.kpi.yaml", "V001", 7, 10)]
    (item,) = [d for d in json.loads(proc.stdout)["diagnostics"] if d["code"] == "X101"]
    assert (item["name"], item["severity"], item["message"]) == ("every-id", "warning", "saw sales.revenue")


def test_entry_point_plugin_in_rules_and_docs(installed_plugin: Path, project: Path) -> None:
    listing = kpilint(project, "rules", pythonpath=installed_plugin)
    assert any(line.startswith("X101") and "every-id" in line for line in listing.stdout.splitlines())
    docs = kpilint(project, "rule", "X101", pythonpath=installed_plugin)
    assert docs.returncode == 0
    assert "Reports every KPI id" in docs.stdout
    (row,) = [line for line in listing.stdout.splitlines() if line.startswith("X101")]
    assert row.endswith("[plugin x101 (kpx-plugin 1.0)]")  # its origin is shown
    assert "Origin: plugin " in docs.stdout
    assert "Origin: built-in" in kpilint(project, "rule", "M101", pythonpath=installed_plugin).stdout
    isolated = kpilint(project, "rules", "--isolated", pythonpath=installed_plugin)
    assert not any(line.startswith("X101") for line in isolated.stdout.splitlines())
    assert kpilint(project, "rule", "X101", "--isolated", pythonpath=installed_plugin).returncode == 2


def test_isolated_skips_installed_plugins(installed_plugin: Path, project: Path) -> None:
    proc = kpilint(project, "check", "--isolated", "--select", "V", "--format", "json", pythonpath=installed_plugin)
    assert proc.returncode == 1, proc.stderr
    assert diagnostics(proc) == [("a.kpi.yaml", "V001", 7, 10)]
    # selecting the plugin's code without the plugin is a usage error
    proc = kpilint(project, "check", "--isolated", "--select", "X101", pythonpath=installed_plugin)
    assert proc.returncode == 2
    assert "X101" in proc.stderr and "Traceback" not in proc.stderr


def test_broken_plugin_is_a_usage_error(tmp_path: Path, project: Path) -> None:
    site = tmp_path / "broken"
    site.mkdir()
    (site / "kpx_broken.py").write_text("raise ImportError('missing dependency')\n", encoding="utf-8")
    info = site / "kpx_broken-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kpx-broken\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[kpilint.rules]\nbroken = kpx_broken\n", encoding="utf-8")
    proc = kpilint(project, "check", pythonpath=site)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken" in lines[0] and "missing dependency" in lines[0]
    assert kpilint(project, "check", "--isolated", pythonpath=site).returncode == 1


def test_rule_paths_file_is_loaded(project: Path) -> None:
    (project / "lint").mkdir()
    (project / "lint" / "local_rule.py").write_text(PLUGIN.replace("X101", "X102"), encoding="utf-8")
    (project / "kpilint.toml").write_text('select = ["V"]\n', encoding="utf-8")
    proc = kpilint(project, "check", "--format", "json")
    assert diagnostics(proc) == [("a.kpi.yaml", "V001", 7, 10)]  # not named: not loaded
    proc = kpilint(project, "check", "--select", "X102")
    assert proc.returncode == 2 and "X102" in proc.stderr
    (project / "kpilint.toml").write_text('select = ["V", "X"]\nrule-paths = ["lint/local_rule.py"]\n', encoding="utf-8")
    proc = kpilint(project, "check", "--format", "json")
    assert proc.returncode == 1
    assert diagnostics(proc) == [("a.kpi.yaml", "X102", 4, 7), ("a.kpi.yaml", "V001", 7, 10)]


def test_rule_paths_rules_are_listed_and_documented(project: Path, tmp_path: Path) -> None:
    (project / "lint").mkdir()
    (project / "lint" / "local_rule.py").write_text(PLUGIN.replace("X101", "X105"), encoding="utf-8")
    (project / "kpilint.toml").write_text("", encoding="utf-8")
    listing = kpilint(project, "rules")
    assert listing.returncode == 0 and not any(line.startswith("X105") for line in listing.stdout.splitlines())
    (project / "kpilint.toml").write_text('rule-paths = ["lint/local_rule.py"]\n', encoding="utf-8")
    listing = kpilint(project, "rules")
    assert listing.returncode == 0, listing.stderr
    (row,) = [line for line in listing.stdout.splitlines() if line.startswith("X105")]
    assert "every-id" in row and row.endswith("[rule file local_rule.py]")
    assert any(line.startswith("M101") for line in listing.stdout.splitlines())
    docs = kpilint(project, "rule", "x105")
    assert docs.returncode == 0, docs.stderr
    assert docs.stdout.startswith("# X105 every-id") and "Reports every KPI id" in docs.stdout
    assert "Origin: rule file local_rule.py" in docs.stdout
    # from a subfolder the config above is found; from elsewhere `--config` names it
    (project / "deep" / "er").mkdir(parents=True)
    assert kpilint(project / "deep" / "er", "rule", "X105").returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert kpilint(elsewhere, "rule", "X105").returncode == 2
    config = str(project / "kpilint.toml")
    assert kpilint(elsewhere, "rule", "X105", "--config", config).returncode == 0
    assert any(line.startswith("X105") for line in kpilint(elsewhere, "rules", "--config", config).stdout.splitlines())
    # --isolated reads no config: no rule-paths
    assert kpilint(project, "rule", "X105", "--isolated").returncode == 2


def test_rules_with_a_broken_config_is_one_line_error(project: Path) -> None:
    (project / "kpilint.toml").write_text('rule-paths = ["missing.py"]\n', encoding="utf-8")
    for args in (("rules",), ("rule", "M101")):
        proc = kpilint(project, *args)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "missing.py" in lines[0] and "Traceback" not in proc.stderr
    assert kpilint(project, "rules", "--isolated").returncode == 0


def test_rule_paths_folder_is_loaded(project: Path) -> None:
    (project / "lint").mkdir()
    (project / "lint" / "one.py").write_text(PLUGIN.replace("X101", "X103"), encoding="utf-8")
    (project / "lint" / "two.py").write_text(PLUGIN.replace("X101", "X104").replace("every-id", "every-id-2"), encoding="utf-8")
    (project / "lint" / "_helper.py").write_text("raise RuntimeError('never imported')\n", encoding="utf-8")
    (project / "kpilint.toml").write_text('select = ["X"]\nrule-paths = ["lint"]\n', encoding="utf-8")
    proc = kpilint(project, "check", "--format", "json")
    assert [c for _, c, _, _ in diagnostics(proc)] == ["X103", "X104"]


def test_rule_paths_with_clashing_code_is_a_usage_error(project: Path) -> None:
    (project / "dup.py").write_text(PLUGIN.replace("X101", "M101"), encoding="utf-8")
    (project / "kpilint.toml").write_text('rule-paths = ["dup.py"]\n', encoding="utf-8")
    proc = kpilint(project, "check")
    assert proc.returncode == 2
    assert "M101" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


BOOM = '''\
from kpilint.api import Finding, document_rule, project_rule


@document_rule(code="X201", name="boom", severity="error", category=None, docs="## What it does\\nRaises.\\n")
def check(doc, ctx):
    raise RuntimeError("kaboom")
    yield


@project_rule(code="X202", name="project-boom", severity="error", category=None, docs="## What it does\\nRaises.\\n")
def project_check(project, ctx):
    yield Finding(("metadata",), "first finding survives", document=project.documents[0])
    raise KeyError("nope")
'''


def test_rule_that_raises_is_k900_and_exit_2(project: Path) -> None:
    (project / "boom.py").write_text(BOOM, encoding="utf-8")
    (project / "kpilint.toml").write_text('select = ["V", "X201"]\nrule-paths = ["boom.py"]\n', encoding="utf-8")
    (project / "b.kpi.yaml").write_text(KPI.replace("sales.revenue", "sales.other") + "---\n" + KPI, encoding="utf-8")
    for extra in ((), ("--exit-zero",)):
        proc = kpilint(project, "check", "--format", "json", *extra)
        assert proc.returncode == 2, proc.stderr
        found = json.loads(proc.stdout)["diagnostics"]
        crashes = [d for d in found if d["code"] == "K900"]
        # exactly one K900 per file (b.kpi.yaml has two documents)
        assert [(d["path"], d["line"], d["column"], d["severity"]) for d in crashes] == [
            ("a.kpi.yaml", 1, 1, "error"),
            ("b.kpi.yaml", 1, 1, "error"),
        ]
        assert all("X201" in d["message"] and "kaboom" in d["message"] and "boom.py" in d["message"] for d in crashes)
        # the other diagnostics are still reported
        assert [(d["path"], d["line"]) for d in found if d["code"] == "V001"] == [
            ("a.kpi.yaml", 7),
            ("b.kpi.yaml", 7),
            ("b.kpi.yaml", 16),
        ]
        assert "Traceback" not in proc.stderr


def test_k900_cannot_be_ignored_or_suppressed(project: Path) -> None:
    (project / "boom.py").write_text(BOOM, encoding="utf-8")
    (project / "kpilint.toml").write_text('select = ["X201"]\nignore = ["K"]\nrule-paths = ["boom.py"]\n', encoding="utf-8")
    (project / "a.kpi.yaml").write_text("# kpilint: disable-file=all\n" + KPI, encoding="utf-8")
    proc = kpilint(project, "check", "--format", "concise", "--exit-zero")
    assert proc.returncode == 2
    assert [line.split(" ")[1] for line in proc.stdout.splitlines()] == ["K900"]


def test_project_rule_that_raises(project: Path) -> None:
    (project / "boom.py").write_text(BOOM, encoding="utf-8")
    (project / "kpilint.toml").write_text('select = ["X202"]\nrule-paths = ["boom.py"]\n', encoding="utf-8")
    proc = kpilint(project, "check", "--format", "concise")
    assert proc.returncode == 2
    lines = proc.stdout.splitlines()
    assert [line.split(" ")[1] for line in lines] == ["K900", "X202"]
    assert "X202" in lines[0] and "KeyError" in lines[0]


def test_rules_api_validates_declarations() -> None:
    from kpilint.api import document_rule

    def check(doc: object, ctx: object) -> list[object]:
        return []

    with pytest.raises(ValueError, match="ABC123"):
        document_rule(code="x1", name="ok-name", severity="error", category=None, docs="")(check)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kebab-case"):
        document_rule(code="X111", name="Bad_Name", severity="error", category=None, docs="")(check)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="category"):
        document_rule(code="X111", name="ok", severity="error", category="Q", docs="")(check)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="default"):
        document_rule(code="X111", name="ok", severity="error", category=None, docs="", options={"n": {"type": "integer"}})(check)  # type: ignore[arg-type]


def test_project_finding_without_a_document_is_k900() -> None:
    from kpilint.api import Finding, project_rule
    from kpilint.testing import run_project

    @project_rule(code="X301", name="homeless", severity="warning", category=None, docs="## What it does\nTest.")
    def homeless(project, ctx):  # type: ignore[no-untyped-def]
        yield Finding(("spec",), "one")
        yield Finding(("spec",), "two")
        yield Finding(("spec",), "three", document=project.documents[0])

    result = run_project({"a.kpi.yaml": KPI, "b.kpi.yaml": KPI.replace("sales.revenue", "sales.cost")}, select="X301", rules=[homeless])
    found = [(d.path, d.code) for d in result.diagnostics]
    assert found == [("a.kpi.yaml", "K900"), ("a.kpi.yaml", "X301")]
    (crash,) = [d for d in result.diagnostics if d.code == "K900"]
    assert "X301" in crash.message and "2 findings that name no document" in crash.message and '"one"' in crash.message
    assert result.internal_error
