"""Without ruamel.yaml's C extension the loader composes in pure Python:
the same documents, the same source positions and the same finding codes
at the same places as with it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from kpilint import loader

REPO = Path(__file__).resolve().parent.parent
TEXTS = [
    "a: 1\nb: [x, y]\nc: {d: e}\n",
    "apiVersion: kpilint/v1\r\nkind: KPI\r\nmetadata: {id: a, name: A}\r\n",
    "base: &b {unit: '%', target: 2}\nspec:\n  metric:\n    <<: *b\n    baseline: 1\n",
    "---\na: 1\n---\nb: 2\n...\n",
    "statement: >-\n  folded text\n  on two lines\nplan:\n  - one\n  - two\n",
    "k: 1\nk: 2\n",
    "a: [1, 2\nb: 3\n",
    "x: .nan\ny: !!python/object/apply:os.system ['true']\n",
    "",
    "# only a comment\n",
    "name: \"quoted \\u00e9 text\"\nother: 'single ''quote'''\n",
]
FILES = sorted([*REPO.glob("examples/**/*.kpi.yaml"), *REPO.glob("tests/smart_repo/**/*.kpi.yaml")])


def outcome(text: str) -> Any:
    loaded = loader.load_text(text, "f.kpi.yaml")
    documents = [(doc.index, doc.data, sorted(doc.reported), doc.source.raw()[:3], tuple(doc.source.root)) for doc in loaded.documents]
    problems = [(p.code, tuple(p.span), p.doc_index, p.path) for p in loaded.problems]
    return documents, problems


def test_files_and_tricky_texts_load_alike_without_the_c_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = TEXTS + [path.read_text(encoding="utf-8") for path in FILES]
    assert len(FILES) > 10
    with_c = [outcome(text) for text in texts]
    monkeypatch.setitem(sys.modules, "ruamel.yaml.cyaml", None)  # `from ruamel.yaml.cyaml import ...` fails
    monkeypatch.setattr(loader, "_COMPOSE", None)
    without_c = [outcome(text) for text in texts]
    assert loader._COMPOSE is not None and loader._COMPOSE.__name__ == "compose_pure"
    for text, one, other in zip(texts, with_c, without_c):
        assert one == other, text
