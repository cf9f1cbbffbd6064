"""The loader composes with a faster stand-in for ruamel's implicit tag
resolver: it must give every node the very tag, value and marks that
ruamel's own ``CSafeLoader`` gives."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.cyaml import CSafeLoader
from ruamel.yaml.nodes import MappingNode, SequenceNode

from kpilint.loader import compose_all

TRICKY = [
    "yes", "No", "ON", "off", "y", "n", "~", "null", "Null", "NULL", "", "true", "False",
    "0", "-0", "+12", "0x1F", "0o17", "017", "0b101", "1_000", "12:30:00", "190:20:30",
    "1.5", "-.5", "1e3", "6.8523015e+5", "685.230_15e+03", ".inf", "-.Inf", ".NaN", ".nan",
    "2027-01-01", "2027-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    "=", "<<", "a: b", "posts/week", "%", "0.95", "1,000", "+.inf", "-", "--", "...",
]


def shape(node: Any) -> Any:
    marks = (node.start_mark.index, node.end_mark.index, node.start_mark.line, node.start_mark.column)
    if isinstance(node, MappingNode):
        return ("map", str(node.tag), marks, [(shape(k), shape(v)) for k, v in node.value])
    if isinstance(node, SequenceNode):
        return ("seq", str(node.tag), marks, [shape(item) for item in node.value])
    return ("scalar", str(node.tag), marks, node.value, node.style)


def stock(text: str) -> list[Any]:
    loader = CSafeLoader(text)
    out = []
    while loader.check_node():
        out.append(shape(loader.get_node()))
    return out


def ours(text: str) -> list[Any]:
    return [shape(node) for node in compose_all(text)]


def test_tricky_scalars_resolve_as_ruamel_does() -> None:
    for value in TRICKY:
        for text in (f"key: {value}\n", f"- {value}\n", f"{value}: 1\n", f"key: '{value}'\n", f"key: !!str {value}\n"):
            try:
                expected = stock(text)
            except Exception:
                continue  # not valid YAML either way
            assert ours(text) == expected, text


scalars = st.one_of(st.sampled_from(TRICKY), st.text(alphabet="0123456789.+-_:eExXoObB~nNyYaAtTrRuUfFlLsS ", max_size=12))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(scalars, scalars), min_size=1, max_size=6))
def test_generated_documents_compose_as_ruamel_does(pairs: list[tuple[str, str]]) -> None:
    text = "".join(f"k{i}: {value}\n" for i, (_key, value) in enumerate(pairs))
    text += "list:\n" + "".join(f"  - {key}\n" for key, _ in pairs)
    try:
        expected = stock(text)
    except Exception:
        return
    assert ours(text) == expected
