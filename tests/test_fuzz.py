"""Property tests: no input, however malformed, makes the loader or the engine
raise, and every diagnostic lies inside the file (SPEC §8 "Robust")."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpilint.engine import Options, Session, prepare, run
from kpilint.loader import load_text
from kpilint.reading import ReadError, decode

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

VALID = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: marketing.content.blog-cadence
  name: Blog posts published per week  # kpilint: disable=S101
  lint-disable: [T104]
spec:
  level: team
  owner: content-marketing
  parent: marketing.website-traffic
  statement: >-
    Publish two blog posts a week for three months to lift organic
    website traffic.
  metric: &m
    unit: posts/week
    direction: increase
    baseline: {value: 1, as_of: 2026-12-31}
    target: 2
    bounds: {min: 0}
    aggregation: none
    source: cms.published_posts
    frequency: weekly
  timeframe:
    <<: {review: monthly}
    start: 2027-01-01
    end: 2027-03-31
  plan:
    - Hire a freelance writer
    - "Keep an editorial calendar"
---
apiVersion: kpilint/v1
kind: Owner
metadata: {id: content-marketing, name: Content marketing team}
spec: {type: team, parent: marketing}
"""

YAML_ALPHABET = list("abcdekiKPI:-[]{},#&*!|>'\"\n \t?%@`~.0123456789_=\\/") + ["é", "😀", "\r", "\ufeff", "\u2028", "\x00", "\x1b"]
yamlish = st.text(alphabet=st.sampled_from(YAML_ALPHABET), max_size=300)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The valid KPI with a few characters deleted, inserted or replaced."""
    text = VALID
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = draw(st.text(alphabet=st.sampled_from(YAML_ALPHABET), min_size=1, max_size=4))
        if action == "delete":
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=8)) :]
        elif action == "insert":
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


texts = st.one_of(st.text(max_size=300), yamlish, mutated())


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, Path]:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    (root / "parent.kpi.yaml").write_text(VALID.replace("marketing.content.blog-cadence", "marketing.website-traffic"), encoding="utf-8")
    return prepare([root], Options(isolated=False, config_file=root / "kpilint.toml")), root


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _assert_inside(text: str, line: int, col: int, end_line: int, end_col: int) -> None:
    lines = _lines(text.lstrip("\ufeff"))
    assert 1 <= line <= len(lines) + 1
    assert col >= 1 and end_col >= 1
    assert (end_line, end_col) >= (line, col)
    assert end_line <= len(lines) + 1
    if line <= len(lines):
        assert col <= len(lines[line - 1]) + 2


def _lint(session: tuple[Session, Path], text: str, name: str) -> None:
    active, root = session
    target = root / name
    result = run(active, [target], buffers={target: text})
    json.dumps([d._asdict() for d in result.diagnostics], allow_nan=False, default=str)  # no NaN anywhere
    for diag in result.diagnostics:
        _assert_inside(text, diag.line, diag.col, diag.end_line, diag.end_col)
        assert diag.code != "K900", diag.message
        assert diag.message


def _check_data(value: object) -> None:
    """Loaded data holds only plain, finite values."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            _check_data(item)
    elif isinstance(value, list):
        for item in value:
            _check_data(item)
    elif isinstance(value, float):
        assert math.isfinite(value)
    else:
        assert value is None or isinstance(value, (str, int, bool))


@SETTINGS
@given(text=texts, is_json=st.booleans())
def test_loader_never_raises_and_positions_are_inside(text: str, is_json: bool) -> None:
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    loaded = load_text(normal, "fuzz.kpi.yaml", is_json=is_json)
    for problem in loaded.problems:
        _assert_inside(normal, *problem.span)
    for doc in loaded.documents:
        _check_data(doc.data)
        for span in list(doc.source.values.values()) + list(doc.source.keys.values()):
            _assert_inside(normal, *span)


@SETTINGS
@given(text=texts)
def test_engine_on_yaml_text(session: tuple[Session, Path], text: str) -> None:
    _lint(session, text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"), "fuzz.kpi.yaml")


@SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=10),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
            max_leaves=20,
        ).map(lambda v: json.dumps(v, indent=2, ensure_ascii=False)),
        mutated().map(lambda t: json.dumps(t)),
    )
)
def test_engine_on_json_text(session: tuple[Session, Path], text: str) -> None:
    _lint(session, text.replace("\r\n", "\n").replace("\r", "\n"), "fuzz.kpi.json")


@SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=300),
        mutated().map(lambda t: t.encode("utf-16")),
        mutated().map(lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8")),
        st.binary(max_size=40).map(lambda b: b"\xff\xfe" + b),
        st.binary(max_size=40).map(lambda b: VALID.encode("utf-8") + b),
    )
)
def test_decode_and_engine_on_random_bytes(session: tuple[Session, Path], data: bytes) -> None:
    try:
        text = decode(data)
    except ReadError as exc:
        assert exc.code in ("F001", "F004")
        assert exc.message
        return
    assert "\r" not in text
    _lint(session, text.lstrip("\ufeff"), "fuzz.kpi.yaml")


def test_valid_fixture_is_clean_of_loader_problems() -> None:
    loaded = load_text(VALID, "valid.kpi.yaml")
    assert loaded.problems == []
    assert len(loaded.documents) == 2
