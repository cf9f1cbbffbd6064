"""Property tests over well-formed documents: random KPI and Owner documents,
built from the shapes of the v1 schema, never make a rule raise (no K900),
every diagnostic lies inside its file, and the output is deterministic.

The default profile is bounded (a few seconds); set the environment variable
``HYPOTHESIS_PROFILE=nightly`` for a long run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpilint.engine import Options, Result, Session, prepare, run
from kpilint.reporters import ReportContext, get

settings.register_profile(
    "default",
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "nightly",
    parent=settings.get_profile("default"),
    max_examples=2000,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

TODAY = dt.date(2027, 1, 15)

# Small pools, so that duplicate ids and names, parents, cycles and
# owner/KPI id clashes happen often.
KPI_IDS = ["company", "sales", "sales.emea", "marketing", "marketing.blog", "a", "a.b", "x-1"]
OWNER_IDS = ["content-marketing", "sales", "alice", "company", "ops.team-1"]
NAMES = ["Revenue", "Blog posts per week", "Improve sales", "TBD", "Churn rate %", "Revenue"]
VAGUE = ["more", "better", "improve", "improving", "increase", "optimize", "as much as possible", "ASAP", "some", "various"]
NUMBERS = ["2", "two", "10%", "1,000", "0.5", "half", "doubling", "-3", "1e3", "twice"]
PLACEHOLDERS = ["TBD", "TODO", "N/A", "???", "CHANGE-ME", "lorem ipsum", "tbd."]
FILLER = ["publish", "blog", "posts", "a", "week", "for", "three", "months", "to", "lift", "traffic", "é", "😀", ".", "\n"]

# Text a YAML reader accepts raw (json.dumps leaves non-ASCII unescaped):
# no control characters, surrogates, Unicode line/paragraph separators,
# byte-order marks or non-characters.
chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff")
texts = st.text(alphabet=chars, max_size=40)

words = st.sampled_from(VAGUE + NUMBERS + PLACEHOLDERS + FILLER)
statements = st.one_of(
    st.lists(words, max_size=14).map(" ".join),
    st.sampled_from(PLACEHOLDERS + [""]),
    texts,
)
nonempty_text = st.one_of(st.sampled_from(PLACEHOLDERS + ["cms.posts", "https://example.com/q?a=1", "team x"]), st.text(alphabet=chars, min_size=1, max_size=20))

# Numbers: whole and fractional (M108 looks at [0, 1]), zero (R101 skips a
# zero baseline), negatives, and large magnitudes; all finite.
numbers = st.one_of(
    st.integers(min_value=-5, max_value=200),
    st.sampled_from([0, 0.0, -0.0, 0.5, 0.95, 1, 1.0, 100, 100.5, 1e9, -1e9, 10**20, 1e-7]),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=1, allow_nan=False, allow_infinity=False),
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat)
near_dates = st.dates(min_value=dt.date(2026, 10, 1), max_value=dt.date(2028, 3, 31)).map(dt.date.isoformat)
any_date = st.one_of(near_dates, dates, st.sampled_from(["2027-01-01", "2027-03-31", "2027-01-15", "2024-02-29"]))


def optional_fields(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict in which every field may be absent (often all are present, so
    that the rules comparing several fields get to run)."""
    return st.one_of(st.fixed_dictionaries({}, optional=fields), st.fixed_dictionaries(fields))


baselines = st.one_of(numbers, optional_fields(as_of=any_date).flatmap(lambda extra: numbers.map(lambda v: {"value": v, **extra})))
metrics = optional_fields(
    unit=st.sampled_from(["%", "posts/week", "EUR", "%%", " %", "users"]),
    direction=st.sampled_from(["increase", "decrease", "maintain"]),
    baseline=baselines,
    target=numbers,
    bounds=optional_fields(min=numbers, max=numbers),
    aggregation=st.sampled_from(["sum", "mean", "none"]),
    source=nonempty_text,
    frequency=st.sampled_from(["daily", "weekly", "monthly", "quarterly", "yearly"]),
)
reviews = st.sampled_from(["daily", "weekly", "biweekly", "monthly", "quarterly"])
ordered_timeframes = st.tuples(
    st.dates(min_value=dt.date(2026, 6, 1), max_value=dt.date(2027, 6, 30)), st.integers(min_value=-3, max_value=800)
).map(lambda p: {"start": p[0].isoformat(), "end": (p[0] + dt.timedelta(days=p[1])).isoformat()})
timeframes = st.one_of(
    optional_fields(start=any_date, end=any_date, review=reviews),
    st.tuples(ordered_timeframes, optional_fields(review=reviews)).map(lambda p: {**p[0], **p[1]}),
)
kpi_specs = optional_fields(
    level=st.sampled_from(["company", "department", "team", "individual"]),
    owner=st.one_of(st.sampled_from(OWNER_IDS), st.sampled_from(OWNER_IDS + KPI_IDS), nonempty_text),
    parent=st.sampled_from(KPI_IDS + ["nowhere", "sale"]),
    statement=statements,
    metric=metrics,
    timeframe=timeframes,
    plan=st.lists(nonempty_text, max_size=4),
)
owner_specs = optional_fields(
    type=st.sampled_from(["company", "department", "team", "person"]),
    parent=st.sampled_from(OWNER_IDS + ["nobody"]),
)


def envelope(kind: str, ids: list[str], spec: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    metadata = st.fixed_dictionaries(
        # a required name of spaces only is malformed (V001): the generator writes none
        {"id": st.sampled_from(ids), "name": st.one_of(st.sampled_from(NAMES), st.text(alphabet=chars, min_size=1, max_size=20).filter(str.strip))},
        optional={"labels": st.dictionaries(st.sampled_from(["department", "tier"]), st.sampled_from(["sales", "1"]), max_size=2)},
    )
    return st.fixed_dictionaries({"apiVersion": st.just("kpilint/v1"), "kind": st.just(kind), "metadata": metadata, "spec": spec})


documents = st.one_of(
    envelope("KPI", KPI_IDS, kpi_specs),
    envelope("KPI", KPI_IDS, kpi_specs),
    envelope("Owner", OWNER_IDS + KPI_IDS[:2], owner_specs),
)


def dump(doc: dict[str, Any], indent: int | None) -> str:
    return json.dumps(doc, indent=indent, ensure_ascii=False, allow_nan=False)


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    """1-3 files, each holding one or more documents (JSON is valid YAML)."""
    docs = draw(st.lists(documents, min_size=1, max_size=10))
    n_files = draw(st.integers(min_value=1, max_value=min(3, len(docs))))
    cuts = sorted(draw(st.lists(st.integers(min_value=1, max_value=len(docs) - 1), min_size=n_files - 1, max_size=n_files - 1, unique=True))) if n_files > 1 else []
    bounds = [0, *cuts, len(docs)]
    files: dict[str, str] = {}
    for i, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        indent = draw(st.sampled_from([None, 2]))
        text = "\n---\n".join(dump(doc, indent) for doc in docs[lo:hi])
        if draw(st.booleans()):
            text += "\n"
        files[f"dir{i % 2}/kpis{i}.kpi.yaml"] = text
    return files


# A low A104 threshold, so that overloaded owners show up in small projects.
CONFIG = "[rules.A104]\nmax-kpis = 1\n"


def _write(root: Path, files: dict[str, str]) -> None:
    (root / "kpilint.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _lint(root: Path) -> tuple[Session, Result]:
    options = Options(select=("ALL",), today=TODAY, use_cache=False, jobs=1, isolated=False, config_file=root / "kpilint.toml")
    session = prepare([root], options)
    return session, run(session, [root])


def _json(session: Session, result: Result) -> str:
    return get("json")(result, ReportContext(registry=session.registry))


def _lines(text: str) -> int:
    return len(text.split("\n"))


@given(files=projects())
def test_no_rule_raises_on_well_formed_documents(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="kpilint-fuzz-") as tmp:
        root = Path(tmp)
        _write(root, files)
        _, result = _lint(root)
    crashes = [d for d in result.diagnostics if d.code == "K900"]
    assert not crashes, [(d.path, d.message) for d in crashes]
    assert result.internal_error is False
    # The generator only builds well-formed documents: nothing for the
    # loader or the schema to report.
    malformed = [(d.code, d.yaml_path, d.message) for d in result.diagnostics if d.code[0] in "FV"]
    assert not malformed


@given(files=projects())
def test_diagnostics_lie_inside_their_file(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="kpilint-fuzz-") as tmp:
        root = Path(tmp)
        _write(root, files)
        _, result = _lint(root)
        for diag in result.diagnostics:
            text = Path(diag.file).read_text(encoding="utf-8")
            n = _lines(text)
            where = (diag.code, diag.path, diag.line, diag.col, diag.end_line, diag.end_col)
            assert 1 <= diag.line <= n + 1, where
            assert diag.col >= 1, where
            assert 1 <= diag.end_line <= n + 1, where
            assert diag.end_col >= 1, where
            assert (diag.end_line, diag.end_col) >= (diag.line, diag.col), where
            if diag.line <= n:
                assert diag.col <= len(text.split("\n")[diag.line - 1]) + 2, where


@given(files=projects())
def test_output_is_deterministic(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="kpilint-fuzz-") as tmp:
        root = Path(tmp)
        _write(root, files)
        first = _json(*_lint(root))
        second = _json(*_lint(root))
    assert first == second
    json.loads(first)
