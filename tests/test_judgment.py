"""Judicious: S101, S102 and S103 on labelled goal statements.

``tests/data/statements.tsv`` holds goal statements written for this test,
one a line: the label (``vague``: it states no amount of the thing measured
and should be flagged; ``specific``: it states one and should pass), the
statement, a one-line reason, and the split: ``seen`` rows were written
before the quantity detector, but the detector was once run on them while it
was built, so they are not a clean test; ``heldout`` rows were written after
that and before any further tuning, and measured at precision 0.912 and
recall 0.969; their three false positives ("by a third", "by a quarter",
"2,500 5G customers") then led to a detector change, so they are no longer
untuned; ``tuned`` rows were written while tuning; ``untuned`` rows (88)
were written from the rule catalog alone, without reading the detector or
the other rows, and committed before that change: they are the untuned
part, never tuned against, and both bars are asserted on them.
Lines starting with ``#`` are comments.

``tests/data/statements-fresh.tsv`` has the same columns, every row of split
``fresh``: a second held-out set, written blind (before the detector or the
S rules were ever run on it, without reading the corpus above or the
detector). Measured blind, it gave precision 0.967 and recall 0.983; its
two false positives then showed two kinds of amount the detector did not
read (a range between two bare numbers, a share in words), which it now
reads. Its rows are unchanged, but it is no longer untuned.

``tests/data/statements-blind.tsv`` (split ``blind``) was written after the
detector's change before last, by someone who read only the rule catalog,
and measured once: precision 0.977, recall 0.956. Its one false positive
("by a third") is among those the last change fixed, so it too is no longer
untuned; its rows are unchanged.

A statement is *flagged* when S101, S102 or S103 reports it as the
``spec.statement`` of a KPI whose name is neutral (no vague word) and whose
metric has no unit (so no time is taken as measured from the metric).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest

from kpilint.testing import lint

CORPUS = Path(__file__).parent / "data" / "statements.tsv"
FRESH = Path(__file__).parent / "data" / "statements-fresh.tsv"
BLIND = Path(__file__).parent / "data" / "statements-blind.tsv"


class Labelled(NamedTuple):
    label: str
    statement: str
    reason: str
    split: str


def load(path: Path = CORPUS, splits: tuple[str, ...] = ("seen", "heldout", "tuned", "untuned")) -> list[Labelled]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        assert len(parts) == 4, f"{path.name}:{number}: expected 4 tab-separated columns"
        label, statement, reason, split = parts
        assert label in ("vague", "specific"), f"{path.name}:{number}: label {label!r}"
        assert split in splits, f"{path.name}:{number}: split {split!r}"
        rows.append(Labelled(label, statement, reason, split))
    return rows


def flagged(statements: list[str]) -> list[bool]:
    """For each statement, whether S101, S102 or S103 flags it."""
    documents = [
        "apiVersion: kpilint/v1\nkind: KPI\n"
        f"metadata: {{id: corpus.kpi{index}, name: Corpus KPI}}\n"
        f"spec:\n  statement: {json.dumps(statement)}\n"
        for index, statement in enumerate(statements)
    ]
    found = {d.doc_index for d in lint("---\n".join(documents), select="S101,S102,S103") if d.yaml_path == "spec.statement"}
    return [index in found for index in range(len(statements))]


class Score(NamedTuple):
    precision: float
    recall: float
    false_positives: list[str]
    misses: list[str]


def score(rows: list[Labelled]) -> Score:
    marks = flagged([row.statement for row in rows])
    tp = sum(1 for row, m in zip(rows, marks) if m and row.label == "vague")
    fp = [row.statement for row, m in zip(rows, marks) if m and row.label == "specific"]
    fn = [row.statement for row, m in zip(rows, marks) if not m and row.label == "vague"]
    precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
    recall = tp / (tp + len(fn)) if tp + len(fn) else 1.0
    return Score(precision, recall, fp, fn)


@pytest.fixture(scope="module")
def rows() -> list[Labelled]:
    return load()


def scored(name: str, rows: list[Labelled]) -> Score:
    """The score of ``rows``, printed with what it got wrong."""
    result = score(rows)
    print(f"\n{name} ({len(rows)}): precision {result.precision:.3f}, recall {result.recall:.3f}")
    print("false positives:", result.false_positives)
    print("misses:", result.misses)
    return result


def test_corpus_size(rows: list[Labelled]) -> None:
    assert len(rows) >= 250
    assert sum(1 for row in rows if row.split == "heldout") >= 60
    assert sum(1 for row in rows if row.split == "untuned") >= 60
    assert len({row.statement for row in rows}) == len(rows), "a statement appears twice"


def test_precision_and_recall_on_the_whole_corpus(rows: list[Labelled]) -> None:
    result = scored("whole corpus", rows)
    assert result.precision >= 0.95, result.false_positives
    assert result.recall >= 0.90, result.misses


def test_precision_and_recall_on_the_held_out_part(rows: list[Labelled]) -> None:
    held = [row for row in rows if row.split == "heldout"]
    result = scored("held out", held)
    # Measured the first time at precision 0.909 and recall 0.938 (68 rows),
    # later at 0.912 and 0.969; its false positives then led to a detector
    # change, so it is no longer untuned and only recall is asserted here.
    assert result.recall >= 0.90, result.misses


def test_precision_and_recall_on_the_untuned_part(rows: list[Labelled]) -> None:
    untuned = [row for row in rows if row.split == "untuned"]
    result = scored("untuned", untuned)
    assert result.precision >= 0.95, result.false_positives
    assert result.recall >= 0.90, result.misses


@pytest.fixture(scope="module")
def fresh_rows() -> list[Labelled]:
    return load(FRESH, ("fresh",))


def test_fresh_set_size(fresh_rows: list[Labelled], rows: list[Labelled]) -> None:
    assert len(fresh_rows) >= 80
    assert len({row.statement for row in fresh_rows}) == len(fresh_rows), "a statement appears twice"
    seen = {row.statement.casefold() for row in rows}
    assert not [row.statement for row in fresh_rows if row.statement.casefold() in seen], "also in statements.tsv"


def test_precision_and_recall_on_the_fresh_set(fresh_rows: list[Labelled]) -> None:
    result = scored("fresh", fresh_rows)
    # Written blind (before anyone ran the rules on it); measured blind at
    # precision 0.967 and recall 0.983, then two of its false positives fixed.
    assert result.precision >= 0.95, result.false_positives
    assert result.recall >= 0.90, result.misses


def test_precision_and_recall_on_the_blind_set(rows: list[Labelled], fresh_rows: list[Labelled]) -> None:
    blind = load(BLIND, ("blind",))
    assert len(blind) >= 60
    known = {row.statement.casefold() for row in rows + fresh_rows}
    assert not [row.statement for row in blind if row.statement.casefold() in known], "also in another set"
    result = scored("blind", blind)
    assert result.precision >= 0.95, result.false_positives
    assert result.recall >= 0.90, result.misses


# The statements quoted in the request for this judgment, as its lists say.
QUOTED_SPECIFIC = [
    "Reduce customer churn by 2%.",
    "Cut processing time by 20%.",
    "Increase output by 10%.",
    "Improve revenue by £123,546",
    "Conduct 20 user interviews",
]
QUOTED_VAGUE = [
    "To make more money in the next 12 months.",
    "Publish more blog posts in 2027.",
    "Drive strong activation for new users in Q3.",
    "Launch the new CI/CD platform by Q3.",
    "Increase social media marketing in 2018.",
    "Be the number one consultant in my niche by the end of the year",
    "Completely transform the company in three months",
    "Improve our web3 presence",
    "Increase MP3 downloads",
]


def test_quoted_examples_are_judged_as_quoted() -> None:
    marks = flagged(QUOTED_SPECIFIC + QUOTED_VAGUE)
    assert marks[: len(QUOTED_SPECIFIC)] == [False] * len(QUOTED_SPECIFIC)
    assert marks[len(QUOTED_SPECIFIC) :] == [True] * len(QUOTED_VAGUE)
