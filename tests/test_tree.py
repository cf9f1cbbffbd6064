"""``kpilint tree``: the model (every KPI once, unplaced, loops, --root and
--depth), the attribution of findings, each renderer's escaping, the
splitting limits, and the CLI (snapshot of ``examples/``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kpilint.attribution import Against, counts_against, judge
from kpilint.cli import main
from kpilint.tree import data, dot, mermaid, text
from kpilint.tree.adapter import lint_cascade
from kpilint.tree.model import UNPLACED, Forest, Kpi, build, cut, subtree
from conftest import CLEAN_KPI
from tree_cases import cascade, chain, fan, kpi

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT = Path(__file__).resolve().parent / "tree" / "examples.txt"
# -- the model -------------------------------------------------------------------


def shown(forest: Forest) -> list[int]:
    return [index for index, _ in forest.walk() if index != UNPLACED]


def test_every_kpi_once_with_unplaced_and_a_loop() -> None:
    kpis = [
        kpi("co", level="company"),
        kpi("dep", "co"),
        kpi("lost", "nowhere", parent_found=False),
        kpi("outside", "elsewhere"),
        kpi("lost.kid", "lost"),
        kpi("loop.b", "loop.a"),
        kpi("loop.a", "loop.c"),
        kpi("loop.c", "loop.b"),
        kpi("under.loop", "loop.b"),
        kpi("self", "self"),
        kpi("orphan"),
    ]
    forest = build(kpis)
    ids = [forest.kpis[i].id for i in shown(forest)]
    assert sorted(ids) == sorted(k.id for k in kpis)
    assert len(ids) == len(set(ids))
    tops = [forest.kpis[i].id if i != UNPLACED else "unplaced" for i in forest.tops]
    assert tops == ["co", "orphan", "outside", "loop.a", "self", "unplaced"]
    loop_top = forest.tops[3]
    assert forest.loops[loop_top] == ("loop.a", "loop.c", "loop.b", "loop.a")
    assert [forest.kpis[i].id for i in forest.unplaced] == ["lost"]
    assert forest.loops[forest.tops[4]] == ("self", "self")
    assert "outside · Name of outside · team · owner team-a · active · target 10 posts/week · S✔ M✔ A✔ R✔ T✔ · SMART (parent elsewhere not shown)\n" in text.render(forest)
    assert list(forest.walk()).count((UNPLACED, 0)) == 1


def test_duplicate_ids_are_both_shown_children_under_the_first() -> None:
    forest = build([kpi("a", path="x.kpi.yaml"), kpi("a", path="y.kpi.yaml"), kpi("b", "a")])
    assert len(shown(forest)) == 3
    first = forest.tops[0]
    assert forest.kpis[first].path == "x.kpi.yaml"
    assert [forest.kpis[c].id for c in forest.children[first]] == ["b"]


def test_root_and_depth() -> None:
    forest = build(cascade(300))
    part = subtree(forest, "d3")
    ids = {part.kpis[i].id for i in shown(part)}
    assert "d3" in ids and "co" not in ids and "d4" not in ids
    assert all(i == "d3" or i.startswith("d3.") for i in ids)
    top = cut(part, 1)
    assert shown(top) == [top.tops[0]]
    assert top.cut[top.tops[0]] == len(ids) - 1
    two = cut(forest, 2)
    assert {two.kpis[i].level for i in shown(two)} == {"company", "department"}
    assert two.cut[two.tops[0]] == 0 and sum(two.cut) == len(forest.kpis) - 11


def test_deep_chain_needs_no_recursion() -> None:
    forest = build(chain(3000))
    assert len(shown(forest)) == 3000
    assert text.render(forest).count("\n") == 3000
    deep = data.render(forest)
    assert deep.count('"children": [') == 3000 and deep.endswith("]}" * 3000 + "\n]}\n")
    assert dot.render(forest).count(" -> ") == 2999
    shallow = json.loads(data.render(build(chain(300))))["tree"]
    assert len(shallow) == 1 and shallow[0]["children"][0]["id"] == "c00001"


# -- attribution -------------------------------------------------------------------


def _category(code: str) -> str | None:
    return code[0] if code[0] in "SMART" else None


def test_far_ends_do_not_count() -> None:
    assert not counts_against("T106", "spec.timeframe")
    assert counts_against("T106", "spec.timeframe.start")
    assert not counts_against("H103", "spec.level")
    assert counts_against("H103", "spec.parent")
    assert not counts_against("A103", "spec.owner", kind="Owner")
    assert counts_against("A103", "spec.owner")
    for symmetric in ("S104", "H105", "R103"):
        assert counts_against(symmetric, "spec.metric.target")


def test_letters_smart_and_errors() -> None:
    verdict = judge([Against("S103", "info", "spec.statement"), Against("H101", "error", "spec.parent")], _category)
    assert verdict.smart and verdict.has_errors and all(ok for _, ok in verdict.letters)
    broken = judge([Against("V001", "error", "spec.metric.target")], _category)
    assert not broken.smart and all(ok for _, ok in broken.letters)
    far = judge([Against("T106", "warning", "spec.timeframe")], _category)
    assert far.smart
    near = judge([Against("T106", "warning", "spec.timeframe.start"), Against("R103", "warning", "x")], _category)
    assert not near.smart and not near.letter("T") and not near.letter("R") and near.letter("S")


def test_clean_parent_with_a_child_starting_before_it_is_smart(tmp_path: Path) -> None:
    (tmp_path / "kpilint.toml").write_text("")
    (tmp_path / "company.kpi.yaml").write_text(CLEAN_KPI)
    child = (
        CLEAN_KPI.replace("id: company.revenue", "id: sales.revenue")
        .replace("level: company", "level: department\n  parent: company.revenue")
        .replace("name: Annual recurring revenue", "name: Sales revenue")
        .replace("start: 2098-01-01", "start: 2097-12-01")
        .replace("end: 2099-06-30", "end: 2098-06-30")
    )
    (tmp_path / "sales.kpi.yaml").write_text(child)
    found = {k.id: k for k in lint_cascade([tmp_path], None).kpis}
    assert found["company.revenue"].smart and dict(found["company.revenue"].letters)["T"]
    assert not found["sales.revenue"].smart and not dict(found["sales.revenue"].letters)["T"]


# -- escaping -------------------------------------------------------------------

HOSTILE = 'Q "quoted" <b>bold</b> #35; a;b `tick` ]) --> x["y"] %% é 😀 ünïcode &amp;\x1b[31m'


def test_mermaid_label_cannot_break_out() -> None:
    forest = build([kpi("a.b", name=HOSTILE, owner='o"<', unit="<%>")])
    (diagram,) = mermaid.diagrams(forest)
    line = next(x for x in diagram.text.splitlines() if x.startswith("  k0["))
    label = line[len('  k0["') : -len('"]')]
    bare = re.sub(r"#\d+;", "", label)
    assert not set(bare) & set('"<>`;#&[]%') or set(bare) & set('"<>`;#&[]%') == {"<", ">"}
    assert bare.count("<") == bare.count("<br/>") == 3
    assert "\x1b" not in label and "%%" not in label
    assert set(re.sub(r"#\d+;|<br/>", "", label)) <= set(mermaid._SAFE) | {c for c in label if c.isalnum()}
    assert "é" in label and "ünïcode" in label


def test_dot_label_is_escaped() -> None:
    source = dot.render(build([kpi("a.b", name='x"y\\N z\nw')]))
    assert 'x\\"y\\\\N z w' in source


def test_text_makes_control_characters_visible() -> None:
    out = text.render(build([kpi("a", name="red\x1b[31m")]), unicode=True)
    assert "\x1b" not in out and "\\x1b" in out


def test_text_colour_and_box_drawing() -> None:
    forest = build([kpi("a"), kpi("b", "a", status="missed")])
    plain = text.render(forest)
    assert "`-- b" in plain and "\033" not in plain
    fancy = text.render(forest, unicode=True, color=True)
    assert "└── " in fancy and "\033[2m" in fancy


# -- splitting -------------------------------------------------------------------


def _check_split(kpis: list[Kpi]) -> list[mermaid.Diagram]:
    forest = build(kpis)
    parts = mermaid.diagrams(forest)
    seen: list[str] = []
    for number, part in enumerate(parts):
        if part.repeated is not None:
            assert part.origin is not None and part.origin < number
            assert f"  {mermaid.node_id(part.repeated)}[" in parts[part.origin].text
        assert part.text.count(" --> ") == part.edges <= mermaid.MAX_EDGES
        assert mermaid.units(part.text) <= mermaid.MAX_TEXT
        ids = re.findall(r'^  (\w+)\["', part.text, re.M)
        assert len(ids) == len(set(ids))
        repeated = mermaid.node_id(part.repeated) if part.repeated is not None else None
        seen.extend(i for i in ids if i != repeated)
    # every KPI once (apart from the repeated tops)
    assert sorted(seen) == sorted(mermaid.node_id(i) for i, _ in forest.walk())
    return parts


@pytest.mark.parametrize(
    "kpis",
    [chain(3000), fan(5000), cascade(2000), fan(499), fan(500), fan(501), chain(501)],
    ids=["chain-3000", "fan-5000", "cascade-2000", "fan-499", "fan-500", "fan-501", "chain-501"],
)
def test_split_within_limits(kpis: list[Kpi]) -> None:
    parts = _check_split(kpis)
    assert (len(parts) == 1) == (len(kpis) - 1 <= 500 and sum(mermaid.units(mermaid.node_lines(build(kpis), i)) for i in range(len(kpis))) < 45_000)


def test_long_labels_split_by_text_size() -> None:
    parts = _check_split([kpi(f"k{i}", name="ä" * 400) for i in range(300)])
    assert len(parts) > 1 and all(p.edges == 0 for p in parts)


def test_split_note_names_the_repeated_top() -> None:
    out = mermaid.render(build(fan(1200)))
    count = out.count("```mermaid")
    assert count > 2 and out.startswith(f"The cascade is split into {count} diagrams")
    assert out.count("`root` (first shown in diagram 1) is repeated at the top") == count - 1


# -- the command -------------------------------------------------------------------


def _tree(*args: str) -> Any:
    return CliRunner().invoke(main, ["tree", *args])


def test_examples_snapshot() -> None:
    result = _tree(str(REPO / "examples"), "--today", "2027-02-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == SNAPSHOT.read_text(encoding="utf-8")


def test_examples_json_has_every_kpi_once() -> None:
    result = _tree(str(REPO / "examples"), "--today", "2027-02-01", "--format", "json")
    assert result.exit_code == 0
    tree = json.loads(result.stdout)["tree"]
    found: list[str] = []
    stack = list(tree)
    while stack:
        node = stack.pop()
        assert set(node) >= {"id", "children", "kind"}
        if node["kind"] == "kpi":
            found.append(node["id"])
            assert all(child["parent"] == node["id"] for child in node["children"])
        else:
            assert node["kind"] == "unplaced" and node["id"] is None
        stack.extend(node["children"])
    ids = sorted(
        m.group(1)
        for path in (REPO / "examples").rglob("*.kpi.*")
        if path.parent.name != "owners"
        for m in re.finditer(r'^(?:  id: |    "id": ")([a-z0-9.-]+)', path.read_text(), re.M)
    )
    assert sorted(found) == ids and len(found) == 12


def test_usage_errors() -> None:
    bad = _tree(str(REPO / "examples"), "--root", "company.annual-revenu")
    assert bad.exit_code == 2 and "did you mean `company.annual-revenue`" in bad.stderr
    assert _tree(str(REPO / "nowhere")).exit_code == 2
    assert _tree(str(REPO / "examples"), "--today", "tomorrow").exit_code == 2
    assert _tree(str(REPO / "examples"), "--depth", "0").exit_code == 2


def test_root_and_depth_from_the_command_line() -> None:
    result = _tree(str(REPO / "examples"), "--today", "2027-02-01", "--root", "sales.new-customers", "--depth", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("sales.new-customers · ")
    assert len(result.stdout.splitlines()) == 2 and "(+1 below)" in result.stdout


def test_unreadable_file_is_named_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "kpilint.toml").write_text("")
    (tmp_path / "a.kpi.yaml").write_text(CLEAN_KPI)
    (tmp_path / "b.kpi.yaml").write_text("metadata: [unclosed\n")
    result = _tree(str(tmp_path))
    assert result.exit_code == 0
    assert "b.kpi.yaml" in result.stderr and "F002" in result.stderr
    assert result.stdout.startswith("company.revenue · ")


def test_readme_shows_the_snapshot() -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_parent_outside_the_paths_shown_is_not_unplaced() -> None:
    result = _tree(str(REPO / "examples" / "sales"), "--today", "2027-02-01")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("sales.new-customers · ") and first.endswith("(parent company.annual-revenue not shown)")
    assert "unplaced" not in result.stdout
