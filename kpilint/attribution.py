"""Which findings count against a KPI, and what that makes of its SMART
letters (a SMART letter is satisfied by a KPI when no finding of that
letter counts against it).

Pure functions over plain values, shared by everything that judges a KPI
(the tree, the scorecard, the JSON report's per-KPI summary):

* a finding counts against the KPI it is located in, except the far end of
  a cross-file finding whose fix lies elsewhere: the parent's side of T106
  (reported at the parent's ``spec.timeframe``) and of H103 (at the parent's
  ``spec.level``), and the Owner's side of A103 (an Owner is no KPI);
* symmetric findings (S104, H105, R103) count at every KPI they are
  reported at, since either side may be what is wrong;
* a letter holds when no warning or error of its category counts against
  the KPI (info findings are advice); F, V, H and K codes belong to no
  letter;
* a KPI is SMART when all five letters hold and no F or V error counts
  against it.
"""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple

LETTERS = ("S", "M", "A", "R", "T")

#: The far end of a cross-file finding: (code, YAML path of that end).
_FAR_ENDS = frozenset({("T106", "spec.timeframe"), ("H103", "spec.level")})
#: Codes whose far end sits in an Owner document.
_OWNER_SIDE = frozenset({"A103"})


class Against(NamedTuple):
    """What is needed of a finding to judge it: its code, severity
    (``error``, ``warning``, ``info``) and YAML path."""

    code: str
    severity: str
    yaml_path: str


class Verdict(NamedTuple):
    """A KPI's judgement: each letter (in S M A R T order), SMART, errors."""

    letters: tuple[tuple[str, bool], ...]
    smart: bool
    has_errors: bool

    def letter(self, name: str) -> bool:
        return dict(self.letters)[name]


def counts_against(code: str, yaml_path: str, kind: str | None = "KPI") -> bool:
    """Whether a finding located in a document of ``kind`` counts against
    that document's KPI."""
    if kind != "KPI":
        return False  # an Owner (the far side of A103) or no KPI at all
    return (code, yaml_path) not in _FAR_ENDS


def judge(findings: Iterable[Against], category_of: Callable[[str], str | None]) -> Verdict:
    """The verdict on a KPI from the findings located in it (the far ends
    are dropped here). ``category_of`` gives a code's SMART letter or None."""
    failed: set[str] = set()
    errors = False
    broken = False  # an F or V error
    for finding in findings:
        if not counts_against(finding.code, finding.yaml_path):
            continue
        if finding.severity == "error":
            errors = True
            if finding.code[:1] in ("F", "V") and finding.code[1:].isdigit():
                broken = True
        if finding.severity == "info":
            continue
        letter = category_of(finding.code)
        if letter in LETTERS:
            failed.add(letter)
    letters = tuple((letter, letter not in failed) for letter in LETTERS)
    return Verdict(letters, smart=not failed and not broken, has_errors=errors)
