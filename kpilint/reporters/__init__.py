"""Reporters: one function per format, each taking the whole sorted run.

Each reporter module exposes ``render(result, ctx) -> str``; they are imported
only when used, so a run pays for the one it prints.
"""

from __future__ import annotations

import importlib
from typing import Callable, NamedTuple, Protocol

from kpilint.formats import FORMATS
from kpilint.registry import Registry

__all__ = ["FORMATS", "ReportContext", "Renderer", "available", "get"]

_MODULES = {
    "full": "full",
    "concise": "concise",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
    "markdown": "markdown",
}


class ReportContext(NamedTuple):
    """What a reporter may need besides the diagnostics."""

    registry: Registry
    color: bool = False
    statistics: bool = False
    root: str = "."  # repository root for formats that want repo-relative paths
    baseline_hidden: int | None = None  # findings a baseline hid (None: no baseline applied)


class Renderer(Protocol):
    def __call__(self, result: object, ctx: ReportContext) -> str: ...


def available() -> tuple[str, ...]:
    return tuple(name for name in FORMATS if name in _MODULES)


def get(name: str) -> Callable[..., str]:
    module = importlib.import_module(f"kpilint.reporters.{_MODULES[name]}")
    render: Callable[..., str] = module.render
    return render
