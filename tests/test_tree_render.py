"""The tree's Mermaid and DOT output in the real renderers: Mermaid 12 (the
npm package in ``tests/mermaid``) in headless Chromium, and Graphviz's
``dot``. Skipped, with the reason, only when they are not installed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kpilint.cli import main
from kpilint.tree import dot, labels, mermaid
from kpilint.tree.model import build
import browser
from tree_cases import cascade, kpi

REPO = Path(__file__).resolve().parent.parent
needs_mermaid = pytest.mark.skipif(browser.mermaid_missing() is not None, reason=str(browser.mermaid_missing()))
needs_dot = pytest.mark.skipif(browser.graphviz_missing() is not None, reason=str(browser.graphviz_missing()))


def _examples(fmt: str) -> str:
    result = CliRunner().invoke(main, ["tree", str(REPO / "examples"), "--today", "2027-02-01", "--format", fmt])
    assert result.exit_code == 0
    return result.stdout


def _check(markdown: str, expected_nodes: int) -> list[dict[str, object]]:
    diagrams = browser.fences(markdown)
    assert diagrams
    for text in diagrams:
        assert text.count(" --> ") <= mermaid.MAX_EDGES and mermaid.units(text) <= mermaid.MAX_TEXT
    rendered = browser.render_mermaid(diagrams)
    assert [r.get("error") for r in rendered] == [None] * len(diagrams)
    assert all(r["injected"] == 0 for r in rendered)
    assert sum(int(str(r["nodes"])) for r in rendered) == expected_nodes
    return rendered


@needs_mermaid
def test_examples_render_one_node_per_kpi_and_unplaced() -> None:
    markdown = _examples("mermaid")
    assert markdown.startswith("```mermaid\nflowchart TD\n")
    (rendered,) = _check(markdown, 12 + 1)
    assert "unplaced(parent not found)" in rendered["labels"]  # type: ignore[operator]


@needs_mermaid
def test_a_2000_kpi_cascade_renders_split() -> None:
    forest = build(cascade(2000))
    markdown = mermaid.render(forest)
    parts = mermaid.diagrams(forest)
    assert len(parts) > 1
    repeats = sum(1 for part in parts if part.repeated is not None)
    _check(markdown, 2000 + repeats)


@needs_mermaid
def test_hostile_labels_render_as_written() -> None:
    names = [
        'Say "hi" & <script>alert(1)</script>',
        "#quot; #35; #lt;b#gt; stay as typed; a;b",
        "Backticks `code` and **stars** %% not a comment",
        'Close ]) early --> k9["x"] and { } |pipes|',
        "Ünïcödé 中文 emoji 😀 and math 𝐀",
    ]
    kpis = [kpi(f"hostile.k{i}", name=name, owner=f'o<{i}>"', unit="<%>") for i, name in enumerate(names)]
    forest = build(kpis)
    (rendered,) = _check(mermaid.render(forest), len(kpis))
    shown = rendered["labels"]
    assert isinstance(shown, list)
    for index, kpi_ in enumerate(forest.kpis):
        expected = "".join(
            [labels.ident(kpi_), labels.clip(kpi_.name, mermaid.FIELD), labels.clip(labels.facts(kpi_), 2 * mermaid.FIELD), labels.letters(kpi_)]
        )
        assert shown[index] == expected


@needs_dot
def test_dot_renders_one_node_per_kpi() -> None:
    svg = browser.render_dot(_examples("dot"))
    assert len(re.findall(r'<g id="node\d+" class="node">', svg)) == 12 + 1  # the KPIs of examples/ and the "unplaced" node
    hostile = build([kpi("a", name='q"\\N<b>'), kpi("b", "a", status="missed", has_errors=True)])
    svg = browser.render_dot(dot.render(hostile))
    assert len(re.findall(r'class="node"', svg)) == 2 and "q&quot;\\N&lt;b&gt;" in svg
