"""``junit``: JUnit XML for CI test report viewers.

One ``<testcase>`` per finding, named by code, path, document index and YAML
path (with a counter when the same finding repeats, so names are unique),
with ``classname``, ``file`` and ``line`` attributes and the message in a
``<failure message=... type=CODE>``; one passing testcase per clean file.
The tree is built with ElementTree, so everything from the files is escaped;
characters XML 1.0 cannot carry at all are shown as ``\\xNN``.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from typing import Any

from kpilint.reporters import ReportContext

# Characters that are not allowed in an XML 1.0 document, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: object) -> str:
    return _NOT_XML.sub(lambda m: "\\x%02x" % ord(m.group()) if ord(m.group()) < 0x100 else "\\u%04x" % ord(m.group()), str(text))


def _display(file: object) -> str:
    text = str(file)
    try:
        text = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        pass
    return text.replace(os.sep, "/")


def _clean_files(result: Any) -> list[str]:
    """Display paths of the checked files that have no finding."""
    absolute = {str(d.file) for d in result.diagnostics if d.file}
    shown = {str(d.path) for d in result.diagnostics}
    bare = {str(d.path) for d in result.diagnostics if not d.file}
    clean: list[str] = []
    for file in result.files:
        display = _display(file)
        posix = str(file).replace(os.sep, "/")
        if str(file) in absolute or display in shown:
            continue
        if any(posix.endswith("/" + path) for path in bare):
            continue
        clean.append(display)
    return sorted(clean)


def build(result: Any, ctx: ReportContext) -> ET.Element:
    diagnostics = list(result.diagnostics)
    clean = _clean_files(result)
    total = len(diagnostics) + len(clean)
    suites = ET.Element("testsuites", name="kpilint", tests=str(total), failures=str(len(diagnostics)), errors="0", time="0")
    suite = ET.SubElement(
        suites, "testsuite", name="kpilint", tests=str(total), failures=str(len(diagnostics)), errors="0", skipped="0", time="0"
    )
    used: set[str] = set()
    for diag in diagnostics:
        where = f"{diag.path}[{diag.doc_index}]" + (f" {diag.yaml_path}" if diag.yaml_path else "")
        base = name = xml_safe(f"{diag.code} {where}")
        repeat = 1
        while name in used:
            repeat += 1
            name = f"{base} #{repeat}"
        used.add(name)
        case = ET.SubElement(
            suite,
            "testcase",
            name=name,
            classname=xml_safe(diag.path),
            file=xml_safe(diag.path),
            line=str(diag.line),
            time="0",
        )
        failure = ET.SubElement(case, "failure", message=xml_safe(diag.message), type=xml_safe(diag.code))
        failure.text = xml_safe(
            f"{diag.path}:{diag.line}:{diag.col}: {diag.code} [{diag.severity.value}] {diag.message}\n"
            f"YAML path: {diag.yaml_path or '(document)'} (document {diag.doc_index})"
        )
    for path in clean:
        name = xml_safe(f"{path}: no problems")
        while name in used:
            name += " "
        used.add(name)
        ET.SubElement(suite, "testcase", name=name, classname=xml_safe(path), file=xml_safe(path), time="0")
    return suites


def render(result: Any, ctx: ReportContext) -> str:
    root = build(result, ctx)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
