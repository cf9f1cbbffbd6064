"""The shared "did you mean" helper: the closest known id above the cut-off,
found through a trigram index, as a comparison with every id would find it."""

from __future__ import annotations

import difflib
import random

from kpilint.rules._suggest import CUTOFF, Suggester


def test_cut_off_is_strict() -> None:
    suggester = Suggester(["marketing.probe"])
    assert difflib.SequenceMatcher(None, "marketing", "marketing.probe").ratio() == CUTOFF
    assert suggester.closest("marketing") is None
    assert suggester.closest("marketing.p") == "marketing.probe"


def test_skip_and_prefer() -> None:
    suggester = Suggester(["sales.deals-won", "sales.deals-wom2"])
    assert suggester.closest("sales.deals-wom") == "sales.deals-wom2"
    assert suggester.closest("sales.deals-wom", prefer=lambda ident: ident == "sales.deals-won") == "sales.deals-won"
    assert suggester.closest("sales.deals-wom", skip=lambda ident: ident.endswith("2")) == "sales.deals-won"
    assert suggester.closest("sales.deals-won") == "sales.deals-wom2"  # never the word itself


def test_same_answer_as_a_comparison_with_every_id() -> None:
    rng = random.Random(7)
    words = ["marketing", "sales", "support", "web", "traffic", "revenue", "churn", "deals", "team", "north"]
    ids = sorted({".".join(rng.choice(words) for _ in range(3)) + f"-{n}" for n in range(800)})
    suggester = Suggester(ids)
    for _ in range(60):
        ident = rng.choice(ids)
        at = rng.randrange(len(ident))
        word = ident[:at] + rng.choice(["", "x", "qq"]) + ident[at + 1 :]
        scores = sorted(((difflib.SequenceMatcher(None, word, i).ratio(), i) for i in ids if i != word), reverse=True)
        best = [i for score, i in scores if score == scores[0][0] and score > CUTOFF]
        found = suggester.closest(word)
        assert (found in best) if best else found is None, (word, found, best[:3])


def test_a_word_close_to_nothing_gets_nothing() -> None:
    ids = [f"sales.team-{n:04d}.deals" for n in range(400)]
    assert Suggester(ids).closest("finance.cash") is None
    assert Suggester(ids).closest("sales.team-0007.deal") == "sales.team-0007.deals"


def test_same_answer_whatever_the_hash_seed() -> None:
    """Thirty ids tie on shared trigrams with the word: which of them are
    compared exactly must not follow a set's iteration order, which changes
    with the hash seed of each process (the probe
    ``h101-suggestion-same-on-every-run``)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    case = Path(__file__).parent / "probes" / "h101-suggestion-same-on-every-run"
    code = (
        "import sys\n"
        "from kpilint.rules._suggest import Suggester\n"
        "ids = [line.split(': ', 1)[1].strip() for line in open(sys.argv[1], encoding='utf-8') if line.startswith('  id: ')]\n"
        "print(Suggester(ids).closest('sales.revenue-north', prefer=lambda i: i == 'sales.revenur-north'))\n"
    )
    answers = set()
    for seed in ("0", "1", "4", "5", "7", "11"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code, str(case / "regions.kpi.yaml")], capture_output=True, text=True, env=env, check=True)
        answers.add(out.stdout.strip())
    assert answers == {"sales.revenur-north"}
