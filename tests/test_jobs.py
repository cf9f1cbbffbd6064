"""Parallel analysis gives exactly what sequential analysis gives, whatever the
files hold; a file that vanishes mid-run is F001."""

from __future__ import annotations

import marshal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpilint.core import FileResult
from kpilint.engine import Options, prepare, settings_for
from kpilint.parallel import Work, lint_all, lint_file

LINES = [
    "apiVersion: kpilint/v1",
    "kind: KPI",
    "metadata: {id: a.b, name: Some KPI}",
    "spec:",
    "  level: team",
    "  statement: Get more posts out.",
    "  metric: {unit: '%', baseline: 0.5, target: 0.7, direction: decrease}",
    "  timeframe: {start: 2027-03-01, end: 2027-01-01}",
    "  plan: [TBD]",
    "---",
    "a: [1, 2",
    "  bad: indentation",
    "x: .nan",
    "y: !!python/object/apply:os.system ['true']",
    "k: 1\nk: 2",
]

files = st.lists(st.lists(st.sampled_from(LINES), max_size=12).map("\n".join), min_size=1, max_size=5)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(contents=files)
def test_pool_and_sequential_agree(tmp_path_factory, contents: list[str]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("jobs")
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    paths = []
    for number, text in enumerate(contents):
        path = root / f"f{number}.kpi.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    session = prepare([root], Options(use_cache=False))
    checker = settings_for(session)
    work = [Work(str(path)) for path in paths]
    def plain(result: FileResult) -> tuple[object, ...]:
        text, maps = marshal.loads(result.packed())
        return (result.is_json, result.digest, result.facts, result.findings, result.mentions_directive, text, maps)

    one = [plain(a) for a in lint_all(checker, list(work), 1)]
    two = [plain(a) for a in lint_all(checker, list(work), 2, pool_min=1)]
    assert one == two
    # three processes (this one and two workers), with an in-memory buffer among the files
    mixed = list(work) + [Work(str(root / "buffer.kpi.yaml"), buffer=contents[0])]
    alone = [plain(a) for a in lint_all(checker, list(mixed), 1)]
    three = [plain(a) for a in lint_all(checker, list(mixed), 3, pool_min=1)]
    assert alone == three


def test_vanished_file_is_f001(tmp_path: Path) -> None:
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    session = prepare([tmp_path], Options(use_cache=False))
    result = lint_file(Work(str(tmp_path / "gone.kpi.yaml")), settings_for(session))
    assert [found.code for found in result.findings] == ["F001"]
    assert (result.findings[0].line, result.findings[0].col) == (1, 1)
