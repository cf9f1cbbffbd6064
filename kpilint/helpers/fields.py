"""Reading fields and paths of a document, fast and defensively: rules run
on every document, most of them only on KPIs."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterator, Literal, Mapping

from kpilint.api import Document, Finding, Project
from kpilint.document import number

__all__ = [
    "baseline_path",
    "baseline_value",
    "dig",
    "kpi_data",
    "kpi_specs",
    "metric_baseline",
    "missing",
    "missing_field",
    "missing_in",
    "name_of",
    "open_kpi_specs",
    "section",
    "spec_of",
]


def kpi_data(doc: Document) -> dict[str, Any] | None:
    """The document's data when it is a KPI (``doc.is_kpi``), else None: the
    document's ``kind``, read once when it was made, is compared, as
    ``doc.is_kpi`` does, without a property call."""
    return doc.data if doc.kind == "KPI" else None


def dig(node: Any, *path: str) -> Any:
    """``doc.get(*path)`` (string keys, default None) on data already at hand,
    so a rule reading several fields of one section walks to it once."""
    for part in path:
        if node.__class__ is not dict and not isinstance(node, dict):  # the exact type first: faster
            return None
        node = node.get(part)
    return node


_NO_SECTION: Mapping[str, Any] = MappingProxyType({})


def section(node: Any, key: str) -> Mapping[str, Any]:
    """``node[key]`` when both are mappings, else an empty read-only mapping:
    a rule that reads several fields of one section walks to it once and then
    uses plain ``.get`` (``section(section(data, "spec"), "metric")``)."""
    value = node.get(key) if node.__class__ is dict or isinstance(node, dict) else None
    return value if value.__class__ is dict or isinstance(value, dict) else _NO_SECTION


def spec_of(doc: Document) -> Any:
    """The document's ``spec`` node (None when there is none)."""
    data = doc.data
    return data.get("spec") if isinstance(data, dict) else None


def kpi_specs(project: Project) -> list[tuple[Document, dict[str, Any]]]:
    """Each KPI of the project with its ``spec`` mapping, in project order;
    KPIs without one are left out (they have no field a project rule reads
    there). Built once per project and shared by the rules: read-only."""
    return project.shared("kpilint.kpi_specs", lambda: _kpi_specs(project))


def open_kpi_specs(project: Project) -> list[tuple[Document, dict[str, Any]]]:
    """:func:`kpi_specs` without the closed KPIs (``spec.status`` achieved,
    missed or cancelled): the KPIs a SMART rule compares with each other (a
    closed KPI takes no part in an owner's load, a roll-up, a duplicate name
    or a time-frame comparison). Built once per project: read-only."""
    return project.shared("kpilint.open_kpi_specs", lambda: [(doc, spec) for doc, spec in kpi_specs(project) if not doc.is_closed])


def _kpi_specs(project: Project) -> list[tuple[Document, dict[str, Any]]]:
    out = []
    for doc in project.kpis():
        spec = doc.data.get("spec")
        if isinstance(spec, dict):
            out.append((doc, spec))
    return out


def name_of(doc: Document) -> str:
    """How a message names a document: its id in backticks."""
    ident = dig(doc.data, "metadata", "id")  # doc.id, read directly
    return f"`{ident}`" if isinstance(ident, str) else "a document without an id"


def missing(doc: Document, path: tuple[str, ...]) -> Literal["absent", "blank"] | None:
    """Whether the field at ``path`` has no value.

    ``"absent"``: the key (or an ancestor mapping) is not there, or an
    optional ancestor is null; ``"blank"``: the key is there with a null or
    whitespace-only value; None: the field has a value (valid or not), or an
    ancestor is malformed (a list or a scalar) or is an empty required
    section (``spec: null``) — the schema reports those, and a value that
    fails the schema is never treated as missing.

    Every missing-field rule asks this one helper, so they all agree on
    what "no value" means.
    """
    return missing_in(doc.data, path)


_ABSENT = object()  # a key not there (a field's value is never this object)


def missing_in(node: Any, path: tuple[str, ...]) -> Literal["absent", "blank"] | None:
    """:func:`missing` on a document's data (or any mapping) already at hand."""
    depth = 0
    for part in path:
        if node.__class__ is not dict:
            if node is None:
                return "absent" if depth > 1 else None
            if not isinstance(node, dict):
                return None
        node = node.get(part, _ABSENT)
        if node is _ABSENT:
            return "absent"
        depth += 1
    if path and (node is None or (isinstance(node, str) and not node.strip())):
        return "blank"
    return None


def missing_field(doc: Document, path: tuple[str, ...], *, absent: str, blank: str) -> Iterator[Finding]:
    """One finding when the field at ``path`` of a KPI is absent or blank: at the
    nearest existing ancestor's key when absent, at the field's own key when blank."""
    data = kpi_data(doc)
    if data is None:
        return
    state = missing_in(data, path)
    if state == "absent":
        yield Finding(path, absent)
    elif state == "blank":
        yield Finding(path, blank, at="key")


_BASELINE = ("spec", "metric", "baseline")
_BASELINE_VALUE = _BASELINE + ("value",)


def baseline_path(doc: Document) -> tuple[str, ...]:
    """Where the baseline's number sits: ``baseline`` or ``baseline.value``."""
    return _BASELINE_VALUE if isinstance(dig(doc.data, *_BASELINE), dict) else _BASELINE


def baseline_value(doc: Document) -> float | int | None:
    """The baseline as a number: plain, or the ``value`` of a dated baseline."""
    return metric_baseline(dig(doc.data, "spec", "metric"))


def metric_baseline(metric: Any) -> float | int | None:
    """:func:`baseline_value` from the ``spec.metric`` node already at hand."""
    raw = metric.get("baseline") if isinstance(metric, dict) else None
    if isinstance(raw, dict):
        raw = raw.get("value")
    return number(raw)
