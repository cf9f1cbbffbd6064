"""The suffix fast path for include/exclude globs matches exactly what
pathspec (gitignore semantics) matches."""

from __future__ import annotations

import pathspec
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kpilint.config import DEFAULT_INCLUDE
from kpilint.discovery import Globs

PARTS = ["a", "b.kpi", ".kpi.yaml", "x.kpi.yaml", "kpi.yaml", ".hidden", "y.kpi.json", "z.kpi.yml", "w.yaml", "kpi", "."]
names = st.lists(st.sampled_from(PARTS), min_size=1, max_size=4).map(lambda parts: "/".join(parts))
pattern_sets = st.sampled_from(
    [DEFAULT_INCLUDE, ("*.kpi.yaml",), ("**/*.kpi.json", "*.yml"), (), ("**/*.yaml",)]
)


@settings(max_examples=300, deadline=None)
@given(rel=names, patterns=pattern_sets)
def test_fast_path_agrees_with_pathspec(rel: str, patterns: tuple[str, ...]) -> None:
    globs = Globs(patterns)
    assert globs._suffixes is not None  # these all take the fast path
    spec = pathspec.GitIgnoreSpec.from_lines(list(patterns))
    folders = rel.split("/")[:-1]
    # gitignore semantics also match everything inside a matching folder; a
    # KPI file is chosen by its own name, so such paths are out of scope here
    assume(not any(spec.match_file("/".join(folders[: i + 1]) + "/") for i in range(len(folders))))
    reference = spec.match_file(rel)
    assert globs.match_file(rel) == bool(reference), (rel, patterns)


def test_other_patterns_use_pathspec() -> None:
    for patterns in (["archive/"], ["**/*.kpi.yaml", "!keep.kpi.yaml"], ["teams/*.kpi.yaml"], ["*.kpi.yaml "]):
        assert Globs(patterns)._suffixes is None
    assert Globs(["teams/*.kpi.yaml"]).match_file("teams/a.kpi.yaml")
    assert not Globs(["teams/*.kpi.yaml"]).match_file("other/a.kpi.yaml")
