"""An edited file whose edit changed nothing its rules could see (a comment
added after the last line, a suppression) keeps its findings without its
rules running again; any other edit is linted as usual. Either way the run
gives exactly what the plain pipeline gives."""

from __future__ import annotations

import datetime as dt
import marshal
from pathlib import Path
from typing import Any, Callable

import pytest

from kpilint import engine, incremental
from kpilint.session import Options, prepare

TODAY = dt.date(2027, 1, 15)

KPI = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: sales.deals
  name: Deals closed
spec:
  level: company
  owner: sales
  statement: |
    Close 40 deals a quarter.
  metric:
    unit: deals
    direction: increase
    baseline: 10
    target: 40
  timeframe:
    start: 2027-01-01
    end: 2027-03-31
"""

FRACTION = KPI.replace("unit: deals", 'unit: "%"').replace("baseline: 10", "baseline: 0.5").replace("target: 40", "target: 0.8")


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Linted:
    """Counts the files the wrapper hands to the rules."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files = 0
        real = incremental.lint_files

        def counted(session: Any, work: list[Any]) -> Any:
            self.files += len(work)
            return real(session, work)

        monkeypatch.setattr(incremental, "lint_files", counted)


def run(root: Path, name: str) -> list[tuple[int, int, str, str]]:
    paths = [root / name]
    cached = incremental.run(prepare(paths, Options(today=TODAY, jobs=1)), paths)
    plain = engine.run(prepare(paths, Options(today=TODAY, jobs=1, use_cache=False)), paths)
    assert cached.diagnostics == plain.diagnostics
    return [(d.line, d.col, d.code, d.message) for d in cached.diagnostics]


def append(text: str) -> Callable[[str], str]:
    return lambda before: before + text


EDITS: list[tuple[str, str, Callable[[str], str], bool]] = [
    # (what, file text, the edit, whether the findings are kept without the rules)
    ("a comment appended", KPI, append("# reviewed in March\n"), True),
    ("blank lines and a comment appended", KPI, append("\n\n   # reviewed\n"), True),
    ("a suppression appended", KPI, append("# kpilint: disable-file=M\n"), True),
    ("a malformed directive appended", KPI, append("# kpilint: disabled=M101\n"), True),
    ("a comment above the first line", KPI, lambda before: "# sales\n" + before, False),
    ("a comment after a value", KPI, lambda before: before.replace("target: 40\n", "target: 40  # stretch\n"), False),
    ("a value edited", KPI, lambda before: before.replace("target: 40", "target: 45"), False),
    ("the same value quoted otherwise", KPI, lambda before: before.replace("unit: deals", "unit: 'deals'"), False),
    ("a line appended to the block scalar", KPI.replace("  metric:", "  plan:\n    - |\n      Call every lead.\n  metric:").replace("  timeframe:\n    start: 2027-01-01\n    end: 2027-03-31\n", "  timeframe: {start: 2027-01-01, end: 2027-03-31}\n  notes: |\n    first\n"), append("    second\n"), False),
    ("a comment after a finding with a fix", FRACTION, append("# reviewed\n"), False),
]


@pytest.mark.parametrize("what, text, edit, kept", EDITS, ids=[case[0] for case in EDITS])
def test_an_edit_gives_what_a_plain_run_gives(project: Path, monkeypatch: pytest.MonkeyPatch, what: str, text: str, edit: Callable[[str], str], kept: bool) -> None:
    target = project / "a.kpi.yaml"
    target.write_text(text, encoding="utf-8")
    run(project, "a.kpi.yaml")
    linted = Linted(monkeypatch)
    target.write_text(edit(text), encoding="utf-8")
    run(project, "a.kpi.yaml")  # equal to the plain run
    assert linted.files == (0 if kept else 1), what


def test_a_json_twin(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON has no comments: blank lines after the document are the edit
    that keeps the findings; a space before a value moves them."""
    target = project / "a.kpi.json"
    text = '{"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "a", "name": "A"}, "spec": {"level": "team"}}\n'
    target.write_text(text, encoding="utf-8")
    run(project, "a.kpi.json")
    linted = Linted(monkeypatch)
    target.write_text(text + "\n\n", encoding="utf-8")
    run(project, "a.kpi.json")
    assert linted.files == 0
    target.write_text(text.replace('"level": "team"', '"level":  "team"'), encoding="utf-8")
    run(project, "a.kpi.json")
    assert linted.files == 1


def test_a_rule_that_is_not_built_in_always_runs_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "rules.py").write_text(
        "from kpilint.api import Finding, document_rule\n\n"
        '@document_rule(code="X101", name="text-length", severity="info", category=None, docs="Reads the text.")\n'
        "def check(doc, ctx):\n"
        '    yield Finding((), f"{len(doc.text)} characters")\n',
        encoding="utf-8",
    )
    (project / "kpilint.toml").write_text('rule-paths = ["rules.py"]\n', encoding="utf-8")
    target = project / "a.kpi.yaml"
    target.write_text(KPI, encoding="utf-8")
    run(project, "a.kpi.yaml")
    linted = Linted(monkeypatch)
    target.write_text(KPI + "# reviewed\n", encoding="utf-8")
    assert ("X101", f"{len(KPI) + 11} characters") in [(code, message) for _l, _c, code, message in run(project, "a.kpi.yaml")]
    assert linted.files == 1


def test_a_finding_placed_where_a_node_now_ends_is_not_kept(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mapping at the end of the file ends after a comment appended to it:
    a finding placed on that mapping could move, so the rules run again."""
    target = project / "a.kpi.yaml"
    target.write_text(KPI, encoding="utf-8")
    run(project, "a.kpi.yaml")
    # a finding as a rule could place it: on `spec.timeframe`, the mapping the file ends with
    from kpilint.core import Settings, lint_text
    from kpilint.reading import Limits

    values = lint_text(str(target), KPI, Settings(Limits(), False, (), {}), diagnose=False).maps[0][0]
    line, col, end_line, end_col = values[("spec", "timeframe")]
    (folder,) = [p for p in (project / ".kpilint_cache").iterdir() if p.is_dir()]
    for bucket in folder.glob("bodies-*"):
        magic, key, packed = marshal.loads(bucket.read_bytes())
        for digest, blob in packed.items():
            is_json, facts, findings, directives = marshal.loads(blob)
            findings.append(("T105", line, col, end_line, end_col, "made up", 0, "spec.timeframe", None))
            packed[digest] = marshal.dumps((is_json, facts, findings, directives))
        bucket.write_bytes(marshal.dumps((magic, key, packed)))
    linted = Linted(monkeypatch)
    target.write_text(KPI + "# reviewed\n", encoding="utf-8")
    assert "made up" not in [message for _l, _c, _code, message in run(project, "a.kpi.yaml")]
    assert linted.files == 1


def test_built_in_rules_read_no_position_or_text_but_through_find_in_scalar() -> None:
    """What lets an edit keep the findings of built-in rules: they read a
    document's data, and its text only through ``find_in_scalar`` (a
    scalar's own text and place). A rule that reads the text, a position or
    the loader's reports otherwise must make the wrapper run it again."""
    import re

    import kpilint.helpers
    from kpilint import ruleindex

    reads = re.compile(r"(?<!metric)\.source\b|\.text\b|\.raw\(|\.locate\(|\.scalars\b|\.reported\b|\.where\(")
    folders = [Path(ruleindex.rules_folder()), Path(list(kpilint.helpers.__path__)[0])]
    found = [
        f"{module.name}:{number}"
        for folder in folders
        for module in sorted(folder.glob("*.py"))
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1)
        if reads.search(line) and module.name != "_index.py"
    ]
    project_rules = {"a102", "a103", "a104", "a106", "h101", "h102", "h103", "h105", "h107", "h108", "r103", "s104", "t106"}
    assert [f for f in found if f[:4] not in project_rules] == []


def test_many_edited_files_are_linted_as_usual(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout, not an edit being typed: the files go to the rules (in parallel when many)."""
    names = [f"k{number}.kpi.yaml" for number in range(incremental._RELAID_AT_MOST + 1)]
    for number, name in enumerate(names):
        (project / name).write_text(KPI.replace("sales.deals", f"sales.deals{number}"), encoding="utf-8")
    run(project, ".")
    linted = Linted(monkeypatch)
    for name in names:
        with open(project / name, "a", encoding="utf-8") as handle:
            handle.write("# reviewed\n")
    run(project, ".")
    assert linted.files == len(names)


def test_random_edits_of_the_examples_give_what_a_plain_run_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits that keep the findings and edits that do not, at random, each
    checked against the plain pipeline (signatures trusted at once, so the
    edits are found by their size or time)."""
    import random
    import shutil

    examples = Path(__file__).resolve().parent.parent / "examples"
    root = tmp_path / "examples"
    shutil.copytree(examples, root)
    config = (root / "kpilint.toml").read_text(encoding="utf-8")
    (root / "kpilint.toml").write_text(config.split("[[custom-rules]]")[0], encoding="utf-8")  # built-in rules only
    monkeypatch.chdir(root)
    monkeypatch.setattr(incremental, "TRUST_AFTER_NS", -3_600_000_000_000)
    edits: list[Callable[[str], str]] = [
        append("# reviewed\n"),
        append("\n\n"),
        append("   # indented\n"),
        append("# kpilint: disable-file=M\n"),
        append("# kpilint: disabled=M101\n"),
        append("    more text\n"),
        append("---\n"),
        lambda text: "# top\n" + text,
        lambda text: text.replace("\n", "  # c\n", 1),
        lambda text: text.rstrip("\n"),
        lambda text: text.replace(": ", ":  ", 1),
    ]
    files = sorted(root.rglob("*.kpi.yaml"))
    rng = random.Random(20261201)
    for _step in range(25):
        target = rng.choice(files)
        target.write_text(rng.choice(edits)(target.read_text(encoding="utf-8")), encoding="utf-8")
        run(root, str(target.relative_to(root)) if rng.random() < 0.7 else ".")
