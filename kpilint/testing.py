"""Test helpers for rule authors: lint a snippet or a small project in one line.

    from kpilint.testing import codes

    def test_my_rule():
        assert codes(SNIPPET, select="X101") == [("X101", 7, 5)]

A snippet is YAML text (dedented automatically); a project is a mapping of
relative file names to contents. Extra rules (e.g. the one under test, not
yet installed) are passed with ``rules=``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import textwrap
from pathlib import Path
from typing import Iterable, Mapping

from kpilint.api import Rule
from kpilint.diagnostics import Diagnostic
from kpilint.engine import Options, Result, prepare, run

DEFAULT_TODAY = dt.date(2027, 1, 15)
DEFAULT_FILE = "test.kpi.yaml"


def _selectors(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(value)


def run_project(
    files: str | Mapping[str, str],
    *,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] = (),
    config: str | None = None,
    rules: Iterable[Rule] = (),
    today: dt.date = DEFAULT_TODAY,
    check: Iterable[str] | None = None,
) -> Result:
    """Write ``files`` into a temporary project and lint it.

    ``config`` is the text of a ``kpilint.toml``; ``check`` names the files to
    report on (default: all of them, like ``kpilint check .``).
    """
    project = {DEFAULT_FILE: files} if isinstance(files, str) else dict(files)
    with tempfile.TemporaryDirectory(prefix="kpilint-test-") as tmp:
        root = Path(tmp)
        (root / "kpilint.toml").write_text(textwrap.dedent(config or ""), encoding="utf-8")
        for name, text in project.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        targets = [root / name for name in check] if check is not None else [root]
        options = Options(
            select=_selectors(select),
            ignore=_selectors(ignore) or (),
            today=today,
            use_cache=False,
            jobs=1,
            extra_rules=tuple(rules),
            isolated=False,
        )
        session = prepare(targets, options)
        result = run(session, targets)
        root_text = str(root.resolve())
        fixed = [
            d._replace(path=Path(d.file).resolve().relative_to(root_text).as_posix(), file="")
            for d in result.diagnostics
        ]
        result.diagnostics = sorted(fixed)
        return result


def lint(files: str | Mapping[str, str], **kwargs: object) -> list[Diagnostic]:
    """Diagnostics for a snippet or project (paths relative to the project)."""
    return run_project(files, **kwargs).diagnostics  # type: ignore[arg-type]


def codes(files: str | Mapping[str, str], **kwargs: object) -> list[tuple[str, int, int]]:
    """``(code, line, column)`` for each diagnostic, in output order."""
    return [(d.code, d.line, d.col) for d in lint(files, **kwargs)]


def located(files: Mapping[str, str], **kwargs: object) -> list[tuple[str, str, int, int]]:
    """``(path, code, line, column)`` for a multi-file project."""
    return [(d.path, d.code, d.line, d.col) for d in lint(files, **kwargs)]
