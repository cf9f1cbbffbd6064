"""The shape the core keeps: the pipeline knows nothing of the cache, the
records rules see hold no bookkeeping, and rules are called without type
escapes (what ``docs/architecture.md`` promises a new contributor)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kpilint.document import Document
from kpilint.sourcemap import SourceMap

KPILINT = Path(__file__).resolve().parent.parent / "kpilint"


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_pipeline_never_mentions_the_cache() -> None:
    engine = KPILINT / "engine.py"
    assert not re.search(r"cach", engine.read_text(encoding="utf-8"), re.IGNORECASE)
    assert not _imports(engine) & {"kpilint.cache", "kpilint.incremental"}
    for pure in ("core.py", "engine.py", "parallel.py", "workers.py"):
        assert "kpilint.incremental" not in _imports(KPILINT / pure), pure


def test_rules_are_called_without_type_escapes() -> None:
    for module in ("core.py", "engine.py"):
        assert "type: ignore" not in (KPILINT / module).read_text(encoding="utf-8"), module


def test_documents_and_source_maps_keep_no_bookkeeping() -> None:
    # every field is given when the record is made, or a view built from
    # those on first use (positions unpacked, spans made): nothing records
    # what a rule asked for
    assert set(Document.__slots__) == {"file", "index", "data", "source", "reported", "kind", "_closed"}
    assert set(SourceMap.__slots__) == {"_root", "_raw", "_load", "_values", "_keys", "_scalars"}
