"""The public helpers for rule authors (kpilint.helpers)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpilint.api import Document, Project
from kpilint.diagnostics import Span
from kpilint.helpers.cascade import children_of, level, parent_of, with_parents
from kpilint.helpers.dates import Timeframe, parse_date, timeframe_of
from kpilint.helpers.fields import dig, missing_in
from kpilint.helpers.formatting import listing, show_number, with_article
from kpilint.sourcemap import SourceMap


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2, "2"), (2.0, "2"), (-0.0, "0"), (0.95, "0.95"), (1e15, "1000000000000000"), (1e16, "1e+16"), (1e20, "1e+20"), (-3.5, "-3.5")],
)
def test_show_number_writes_numbers_as_users_do(value: float, shown: str) -> None:
    assert show_number(value) == shown


def test_dates_and_time_frames() -> None:
    assert parse_date("2027-02-28") == dt.date(2027, 2, 28)
    assert parse_date("2027-02-30") is None and parse_date(" 2027-01-01") is None and parse_date(20270101) is None
    frame = timeframe_of({"timeframe": {"start": "2027-01-01", "end": "2027-03-31"}})
    assert frame == Timeframe(dt.date(2027, 1, 1), dt.date(2027, 3, 31)) and frame.days == 90
    assert timeframe_of({"timeframe": {"start": "2027-03-31", "end": "2027-01-01"}}) is None


def test_fields_and_formatting() -> None:
    assert dig({"a": {"b": 1}}, "a", "b") == 1 and dig({"a": [1]}, "a", "b") is None
    assert missing_in({"spec": {"x": " "}}, ("spec", "x")) == "blank"
    assert missing_in({"spec": {}}, ("spec", "x")) == "absent"
    assert listing([f"k{i}" for i in range(7)]) == "k0, k1, k2, k3, k4 and 2 more"
    assert with_article("individual") == "an individual" and with_article("team") == "a team"


def _kpi(ident: str, parent: str | None = None, lvl: str = "team") -> Document:
    spec: dict[str, object] = {"level": lvl}
    if parent is not None:
        spec["parent"] = parent
    data = {"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": ident, "name": ident}, "spec": spec}
    return Document(f"/{ident}.kpi.yaml", 0, data, SourceMap(Span(1, 1, 1, 2)))


def test_the_cascade_leaves_a_kpi_naming_itself_out_unless_asked() -> None:
    top, child, selfish, lost = _kpi("top", lvl="company"), _kpi("child", "top"), _kpi("me", "me"), _kpi("lost", "nowhere")
    project = Project((top, child, selfish, lost))
    assert [(d.id, p.id) for d, _spec, p in with_parents(project)] == [("child", "top")]
    assert [(d.id, p.id) for d, _spec, p in with_parents(project, itself=True)] == [("child", "top"), ("me", "me")]
    assert parent_of(project, child) is top and parent_of(project, selfish) is None and parent_of(project, lost) is None
    assert children_of(project) == {"top": [child]}
    assert level(top) == "company"


def test_valid_id_is_the_schemas_id_pattern() -> None:
    import json
    import re

    from kpilint.helpers.cascade import ID_PATTERN, valid_id
    from kpilint.schema import kind_schema

    text = json.dumps(kind_schema("KPI"))
    assert json.dumps(ID_PATTERN.pattern)[1:-1] in text
    for value, ok in (("co.top", True), ("co.top\n", False), ("co.Top", False), (" co.top", False), ("a-b.c-d", True), ("a..b", False), (3, False)):
        assert valid_id(value) is ok, value
    assert re.compile(ID_PATTERN.pattern + r"(?![\s\S])").match("co.top\n") is None
