"""Which codes are enabled, at which severity, for which file (longest prefix wins)."""

from __future__ import annotations

from typing import Iterable, Mapping, NamedTuple

from kpilint.codes import best, is_selector, matches, normalise, specificity
from kpilint.diagnostics import Severity


class SelectionError(Exception):
    """A selector names no known rule (exit 2)."""


def check_selectors(selectors: Iterable[str], codes: Iterable[str], where: str) -> None:
    """Raise :class:`SelectionError` for a selector that matches no known code."""
    known = list(codes)
    for selector in selectors:
        if normalise(selector) == "ALL":
            continue
        if not is_selector(selector):
            raise SelectionError(
                f"{where}: `{selector}` is not a rule code, a prefix or ALL (e.g. `S101`, `S1`, `S`, `ALL`)"
            )
        if not any(matches(selector, code) for code in known):
            import difflib

            close = difflib.get_close_matches(normalise(selector), known, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise SelectionError(f"{where}: unknown rule code `{selector}`{hint} (see `kpilint rules`)")


class Selection(NamedTuple):
    """Enabled codes and severities, computed once per run."""

    enabled: frozenset[str]
    severities: Mapping[str, Severity]
    per_file_ignores: Mapping[str, tuple[str, ...]]

    def is_enabled(self, code: str) -> bool:
        return code in self.enabled

    def ignored_in(self, patterns: Iterable[str], code: str) -> bool:
        """Whether ``code`` is ignored by the per-file-ignores whose globs matched."""
        return any(best(self.per_file_ignores[p], code) >= 0 for p in patterns)


def build_selection(
    codes: Mapping[str, Severity],
    *,
    select: Iterable[str],
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    severity: Mapping[str, str] | None = None,
    per_file_ignores: Mapping[str, tuple[str, ...]] | None = None,
    cli_select: Iterable[str] | None = None,
    cli_ignore: Iterable[str] = (),
) -> Selection:
    """Enabled codes: longest prefix wins within a layer (ties go to ignore);
    ``cli_select``/``cli_ignore`` (the command line) override the file."""
    chosen = list(select) + list(extend_select)
    dropped = list(ignore)
    enabled = frozenset(code for code in codes if best(chosen, code) >= 0 and best(chosen, code) > best(dropped, code))
    # the command line is a layer of its own on top of the file (as in ruff):
    # --select replaces what the file enabled, --ignore always removes
    cli_chosen = list(cli_select) if cli_select is not None else None
    cli_dropped = list(cli_ignore)
    if cli_chosen is not None:
        enabled = frozenset(
            code for code in codes if best(cli_chosen, code) >= 0 and best(cli_chosen, code) > best(cli_dropped, code)
        )
    elif cli_dropped:
        enabled = frozenset(code for code in enabled if best(cli_dropped, code) < 0)
    severities: dict[str, Severity] = {}
    overrides = severity or {}
    for code, default in codes.items():
        match = max(((specificity(k, code), v) for k, v in overrides.items() if matches(k, code)), default=None)
        severities[code] = Severity(match[1]) if match else default
    return Selection(enabled, severities, dict(per_file_ignores or {}))
