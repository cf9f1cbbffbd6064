"""Shared "did you mean" helper for the rules that name an unknown id (H101,
A102, A106): the known ids close to a misspelt one, fast on large projects.

Similarity is :class:`difflib.SequenceMatcher`'s ratio (2 * matches / total
length); an id is suggested only when its ratio is above :data:`CUTOFF`, so a
far-off id is never offered. Comparing a word with every id costs too much
when a project has thousands of ids and many unknown ones, so the ids are
indexed by their character trigrams once, and only the ids that share the
most trigrams with the word (and whose length allows the cut-off at all) are
compared exactly (first counting only the trigrams that few ids share,
then, when those give nothing above the cut-off, all of them); ids that
share as many trigrams are taken in sort order, so the answer is the same
on every run, and the preferred ids that share the most trigrams are compared
too, since one of them wins over any other id above the cut-off. This module is private: its name starts with an
underscore, so the registry does not scan it for rules.
"""

from __future__ import annotations

import itertools
from collections import Counter
from difflib import SequenceMatcher
from typing import Callable, Iterable

from kpilint.api import Project

#: Suggest an id only when its similarity is above this (strictly).
CUTOFF = 0.75
#: Ids compared exactly per word: those sharing the most trigrams with it.
COMPARED = 24
_EDGE = "\x00"


def _grams(word: str) -> set[str]:
    padded = f"{_EDGE}{word}{_EDGE}"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _fits(size: int, other: int) -> bool:
    """Whether two lengths allow a ratio above the cut-off at all."""
    return 2 * min(size, other) > CUTOFF * (size + other)


class Suggester:
    """Known ids, indexed once; :meth:`closest` answers per unknown word."""

    __slots__ = ("ids", "_index")

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids: tuple[str, ...] = tuple(sorted(set(ids)))
        index: dict[str, list[int]] = {}
        for number, ident in enumerate(self.ids):
            for gram in _grams(ident):
                index.setdefault(gram, []).append(number)
        self._index = index

    def _candidates(self, word: str, *, common: bool, prefer: Callable[[str], bool] | None = None) -> list[str]:
        """The ids most likely to be close to ``word``: those sharing the most
        of its trigrams (``common``: counting the trigrams most ids share too),
        and as many of those ``prefer`` accepts (a preferred id ranks above
        any other, so it is compared even when others share more trigrams)."""
        index, ids, size = self._index, self.ids, len(word)
        postings = [index[gram] for gram in _grams(word) if gram in index]
        if not common:  # trigrams most ids share tell little and cost the most
            postings = [posting for posting in postings if len(posting) <= max(COMPARED, len(ids) // 8)]
        shared = Counter(itertools.chain.from_iterable(postings))
        # most shared trigrams first, ties in sort order: never in the order a
        # set of trigrams happens to iterate (it changes with each process's hash seed)
        ranked = [ids[n] for _minus, n in sorted([(-count, n) for n, count in shared.items()]) if _fits(size, len(ids[n]))]
        if len(ranked) < COMPARED and size < 6:  # short words share few trigrams
            seen = set(ranked)
            ranked.extend(i for i in ids if i not in seen and _fits(size, len(i)))
        chosen = ranked[:COMPARED]
        if prefer is not None:
            chosen.extend(itertools.islice((i for i in ranked[COMPARED:] if prefer(i)), COMPARED))
        return chosen

    def closest(
        self,
        word: str,
        *,
        skip: Callable[[str], bool] | None = None,
        prefer: Callable[[str], bool] | None = None,
    ) -> str | None:
        """The known id most similar to ``word`` above the cut-off, or None.

        ``skip`` leaves ids out (e.g. the asking KPI's own id); among the ids
        above the cut-off, those ``prefer`` accepts come first, then the most
        similar, then the first in sort order. The ids sharing the word's
        rarer trigrams are compared first; the others only when those gave
        nothing."""
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(word)
        first = self._candidates(word, common=False, prefer=prefer)
        found = _best(matcher, word, first, skip, prefer)
        if found is None:
            compared = set(first)
            others = [ident for ident in self._candidates(word, common=True, prefer=prefer) if ident not in compared]
            found = _best(matcher, word, others, skip, prefer)
        return found


def _best(
    matcher: SequenceMatcher[str],
    word: str,
    candidates: list[str],
    skip: Callable[[str], bool] | None,
    prefer: Callable[[str], bool] | None,
) -> str | None:
    """The best of ``candidates`` for ``word``, already ``matcher``'s second
    sequence (see :meth:`Suggester.closest`), or None."""
    best: tuple[bool, float] = (False, 0.0)
    found: str | None = None
    if prefer is not None:  # the preferred first: once one is found, no other needs an exact ratio
        candidates = sorted(candidates, key=lambda ident: not prefer(ident))
    for ident in candidates:
        if ident == word or (skip is not None and skip(ident)):
            continue
        preferred = prefer is not None and prefer(ident)
        if best[0] and not preferred:  # a preferred id was found: no other can win
            continue
        matcher.set_seq1(ident)
        bound = matcher.quick_ratio()  # at least the ratio: can it beat the best so far?
        if bound <= CUTOFF or (found is not None and (preferred, bound) < best):
            continue
        ratio = matcher.ratio()
        if ratio <= CUTOFF:
            continue
        rank = (preferred, ratio)
        if found is None or rank > best or (rank == best and ident < found):
            best, found = rank, ident
    return found


def owner_suggester(project: Project) -> Suggester:
    """The declared Owner ids, indexed for "did you mean" (built once per
    project, shared by the rules that name an unknown Owner)."""
    return project.shared("kpilint.owner_suggester", lambda: Suggester(project.by_id("Owner")))
