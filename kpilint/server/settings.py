"""The server's settings, read from the client's ``initializationOptions``.

Keys (all optional; camelCase as LSP clients write them, kebab-case also
accepted): ``config`` (a config file, relative to the workspace root),
``select`` / ``ignore`` (a list of codes or prefixes, or one comma-separated
string), ``today`` (``YYYY-MM-DD``, for T104), ``debounce`` (milliseconds
after the last change before linting, default 200) and ``docsUrl`` (the
rule docs: ``{code}``, ``{name}`` and ``{anchor}``, e.g. ``s101-vague-statement``,
are filled in). A bad value is reported to the user and left at its default.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

from kpilint.server.engine_adapter import LintOptions

DEFAULT_DEBOUNCE_MS = 200
KNOWN = ("config", "select", "ignore", "today", "debounce", "docsUrl")


class Settings(NamedTuple):
    lint: LintOptions = LintOptions()
    debounce: float = DEFAULT_DEBOUNCE_MS / 1000  # seconds
    docs_url: str | None = None


def _codes(value: Any, key: str, problems: list[str]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"`{key}` must be a list of codes or a comma-separated string")
        return None
    return tuple(item.strip() for item in value if item.strip())


def read_settings(given: Any, root: Path | None) -> tuple[Settings, list[str]]:
    """Settings from ``initializationOptions``, and one line per problem."""
    problems: list[str] = []
    if given is None:
        return Settings(), problems
    if not isinstance(given, dict):
        return Settings(), ["initializationOptions must be an object; using the defaults"]
    options = {str(key).replace("-", "").lower(): value for key, value in given.items()}
    for key in given:
        if str(key).replace("-", "").lower() not in {k.lower() for k in KNOWN}:
            problems.append(f"unknown setting `{key}` (settings: {', '.join(KNOWN)})")
    config: Path | None = None
    if options.get("config") is not None:
        if isinstance(options["config"], str) and options["config"].strip():
            config = Path(options["config"]).expanduser()
            if not config.is_absolute() and root is not None:
                config = root / config
        else:
            problems.append("`config` must be the path of a config file")
    select = _codes(options["select"], "select", problems) if options.get("select") is not None else None
    ignore = _codes(options["ignore"], "ignore", problems) if options.get("ignore") is not None else ()
    today: dt.date | None = None
    if options.get("today") is not None:
        try:
            today = dt.date.fromisoformat(str(options["today"]))
        except ValueError:
            problems.append(f"`today` must be a date as YYYY-MM-DD, found {options['today']!r}")
    debounce = DEFAULT_DEBOUNCE_MS / 1000
    if options.get("debounce") is not None:
        value = options["debounce"]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 60_000:
            debounce = value / 1000
        else:
            problems.append(f"`debounce` must be a number of milliseconds (0 to 60000), found {value!r}")
    docs_url = options.get("docsurl")
    if docs_url is not None and not isinstance(docs_url, str):
        problems.append("`docsUrl` must be a URL")
        docs_url = None
    lint = LintOptions(config_file=config, select=select, ignore=ignore or (), today=today)
    return Settings(lint, debounce, docs_url or _package_docs_url()), problems


def _package_docs_url() -> str | None:
    """A ``Rules`` project URL of the installed package, if it declares one."""
    from importlib import metadata

    try:
        urls = metadata.metadata("kpilint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() == "rules" and url.strip():
            url = url.strip()
            return url if "{" in url else url + "#{anchor}"
    return None


def docs_href(template: str | None, code: str, name: str) -> str | None:
    """The docs URL of a rule, from the template."""
    if not template:
        return None
    anchor = f"{code}-{name}".lower() if name else code.lower()
    try:
        return template.format(code=code, name=name, anchor=anchor)
    except (KeyError, IndexError, ValueError):
        return None
