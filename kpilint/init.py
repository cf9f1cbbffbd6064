"""``kpilint init [DIR]``: set up a KPI repository.

It writes, inside DIR (created when missing):

- the configuration: ``kpilint.toml``, or a ``[tool.kpilint]`` table appended
  to an existing ``pyproject.toml`` that has none;
- ``owners/company.kpi.yaml``, a company-level Owner, and
  ``kpis/company.kpi.yaml``, a company-level KPI owned by it, both free of
  findings: the KPI's time frame runs from 1 January of the current year to
  31 December of the next, so it neither expires soon nor exceeds T103's
  company limit;
- ``schemas/kpilint.v1.schema.json``, the JSON Schema that ``kpilint schema``
  prints, named by the ``yaml-language-server`` modeline of both sample files;
- ``.pre-commit-config.yaml``, a ``repo: local`` hook pinned to this version;
- ``.github/workflows/kpilint.yml``, a workflow that installs this version
  with pip and runs ``kpilint check``.

A file that exists is never overwritten: it is skipped, and for the
pre-commit config and the workflow the part to add is returned as a snippet.
The two sample KPI files are also skipped when DIR already holds KPI files:
an Owner added to a repository that declares none would turn every existing
KPI's owner into an A102 error. Everything here is plain text built from
templates; the only I/O is in :func:`init_repo`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Iterator, NamedTuple

from kpilint import __version__

CONFIG_FILE = "kpilint.toml"
PYPROJECT = "pyproject.toml"
OTHER_CONFIGS = (".kpilint.toml", "kpilint.toml")
OWNER_FILE = "owners/company.kpi.yaml"
KPI_FILE = "kpis/company.kpi.yaml"
SCHEMA_FILE = "schemas/kpilint.v1.schema.json"
PRE_COMMIT_FILE = ".pre-commit-config.yaml"
WORKFLOW_FILE = ".github/workflows/kpilint.yml"
#: other names under which the workflow may already exist
WORKFLOW_TWINS = (".github/workflows/kpilint.yaml",)
#: the staged files the hook passes on: the same regex as the shipped ``.pre-commit-hooks.yaml``
HOOK_FILES = r"\.kpi\.(ya?ml|json)$"
KPI_SUFFIXES = (".kpi.yaml", ".kpi.yml", ".kpi.json")
PYTHON_VERSION = "3.12"
#: an existing pre-commit config with a line like this already runs kpilint (no snippet)
HOOK_ID_LINE = r"^\s*(-\s+)?id:\s*['\"]?kpilint['\"]?\s*(#.*)?$"
#: an existing workflow with a line like this already runs kpilint (no snippet)
CHECK_STEP_LINE = r"^\s*(-\s+)?run:.*\bkpilint\s+check\b"


class InitError(Exception):
    """A problem the user can fix (DIR is a file, a folder is unwritable)."""


class Step(NamedTuple):
    """What ``init`` did about one file (``path`` is relative to DIR, with ``/``)."""

    path: str
    action: str  # "wrote", "appended" or "skipped"
    reason: str = ""
    snippet: str = ""  # for a skipped file: the part to add by hand


# -- the texts ---------------------------------------------------------------

_CONFIG_BODY = """\
# The KPI files to lint (the default globs).
include = ["**/*.kpi.yaml", "**/*.kpi.yml", "**/*.kpi.json"]

# Fail the run on errors only (the default); warnings are shown.
fail-on = "error"

# Per-rule options, e.g. how many KPIs one owner may hold at once:
# [{prefix}rules.A104]
# max-kpis = 7
"""


def config_text() -> str:
    """``kpilint.toml``."""
    head = (
        "# kpilint configuration. This file marks the project root: kpilint checks\n"
        "# every KPI file below it (see `kpilint rules` for the rules).\n\n"
    )
    return head + _CONFIG_BODY.format(prefix="")


def pyproject_table() -> str:
    """The ``[tool.kpilint]`` table appended to a ``pyproject.toml``."""
    return "[tool.kpilint]\n" + _CONFIG_BODY.format(prefix="tool.kpilint.")


def _modeline(path: str) -> str:
    depth = path.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FILE}\n"


def owner_text() -> str:
    """The company-level Owner."""
    return _modeline(OWNER_FILE) + (
        "# The teams and people that may own KPIs. Once a repository declares an\n"
        "# Owner, every KPI's owner must be a declared Owner (A102) of a type that\n"
        "# fits the KPI's level (A103). Add departments, teams and people as more\n"
        "# documents, each naming the Owner it belongs to, e.g.\n"
        "#   ---\n"
        "#   apiVersion: kpilint/v1\n"
        "#   kind: Owner\n"
        "#   metadata:\n"
        "#     id: sales\n"
        "#     name: Sales department\n"
        "#   spec:\n"
        "#     type: department\n"
        "#     parent: company\n"
        "apiVersion: kpilint/v1\n"
        "kind: Owner\n"
        "metadata:\n"
        "  id: company\n"
        "  name: The company\n"
        "spec:\n"
        "  type: company\n"
    )


def timeframe(today: dt.date) -> tuple[dt.date, dt.date]:
    """The sample KPI's time frame: the current year and the next (730 or
    731 days, within T103's 1096 for a company KPI, and at least a year
    before T104 calls it expired)."""
    return dt.date(today.year, 1, 1), dt.date(today.year + 1, 12, 31)


def kpi_text(today: dt.date) -> str:
    """The company-level KPI, SMART on ``today`` and for at least a year after."""
    start, end = timeframe(today)
    as_of = start - dt.timedelta(days=1)
    return _modeline(KPI_FILE) + (
        "# A company-level KPI: the top of the cascade, so it names no parent.\n"
        "# Department KPIs contribute to it by naming its id as their `parent`.\n"
        "# Replace it with your own goal; `kpilint rule CODE` explains a finding.\n"
        "apiVersion: kpilint/v1\n"
        "kind: KPI\n"
        "metadata:\n"
        "  id: company.paying-customers\n"
        "  name: Paying customers\n"
        "spec:\n"
        "  level: company\n"
        "  owner: company\n"
        "  statement: >-\n"
        "    Grow the number of paying customers from 400 to 500 by the end of\n"
        f"    {end.year}.\n"
        "  metric:\n"
        "    unit: customers\n"
        "    direction: increase\n"
        f"    baseline: {{value: 400, as_of: {as_of.isoformat()}}}\n"
        "    target: 500\n"
        "    bounds: {min: 0}\n"
        "    aggregation: sum\n"
        "    source: crm.paying_customers\n"
        "    frequency: monthly\n"
        "  timeframe:\n"
        f"    start: {start.isoformat()}\n"
        f"    end: {end.isoformat()}\n"
        "    review: quarterly\n"
        "  plan:\n"
        "    - Open a sales office in a second region\n"
        "    - Launch a referral programme for existing customers\n"
    )


def schema_text() -> str:
    """The JSON Schema, exactly as ``kpilint schema`` prints it."""
    from kpilint.schema import schema_text as text

    return text(None)


def pre_commit_hook(version: str = __version__) -> str:
    """The ``repo: local`` entry, indented to sit under ``repos:``."""
    return (
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: kpilint\n"
        "        name: kpilint\n"
        "        entry: kpilint check --force-exclude\n"
        "        language: python\n"
        f'        additional_dependencies: ["kpilint=={version}"]\n'
        f"        files: '{HOOK_FILES}'\n"
        "        require_serial: true\n"
        "        # verbose: true  # also show warnings when the commit passes\n"
    )


def pre_commit_text(version: str = __version__) -> str:
    """``.pre-commit-config.yaml``."""
    return (
        "# pre-commit runs kpilint on the staged KPI files of every commit\n"
        "# (`pip install pre-commit && pre-commit install` once per clone).\n"
        "# Installed kpilint plugins go into `additional_dependencies` too.\n"
        "repos:\n"
    ) + pre_commit_hook(version)


def workflow_job(version: str = __version__) -> str:
    """The ``kpilint`` job, indented to sit under ``jobs:``."""
    return (
        "  kpilint:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        f'          python-version: "{PYTHON_VERSION}"\n'
        f"      - run: pip install kpilint=={version}\n"
        "      # annotations on the pull request: the format is github under Actions\n"
        "      - run: kpilint check\n"
    )


def workflow_text(version: str = __version__) -> str:
    """``.github/workflows/kpilint.yml``."""
    return (
        "name: kpilint\n"
        "on:\n"
        "  pull_request:\n"
        "  push:\n"
        "    branches: [main]  # your default branch\n"
        "permissions:\n"
        "  contents: read\n"
        "jobs:\n"
    ) + workflow_job(version)


# -- writing -----------------------------------------------------------------


def _rel(path: Path, directory: Path) -> str:
    return path.relative_to(directory).as_posix()


def _create(path: Path, text: str) -> bool:
    """Write ``text`` to a new file; False when something is already there."""
    if os.path.lexists(path):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as handle:
            handle.write(text.encode("utf-8"))
    except FileExistsError:
        return False
    return True


def _mentions(path: Path, pattern: str) -> bool:
    """Whether the file at ``path`` reads and has a line matching ``pattern``."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(pattern, text, flags=re.M) is not None


def _write(directory: Path, name: str, text: str, snippet: str = "", names: tuple[str, ...] = (), has: str = "") -> Step:
    """Create ``name`` (or skip it when it, or one of ``names``, exists: then
    ``snippet`` is the part to add, unless a line matches ``has``)."""
    for other in (name, *names):
        if os.path.lexists(directory / other):
            break
    else:
        if _create(directory / name, text):
            return Step(name, "wrote")
        other = name
    if snippet and has and _mentions(directory / other, has):
        return Step(other, "skipped", "exists and already runs kpilint")
    return Step(other, "skipped", "exists", snippet)


def _load_toml(text: str) -> dict[str, object] | None:
    """The parsed TOML, or None when it does not parse."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _has_table(data: dict[str, object]) -> bool:
    tool = data.get("tool")
    return isinstance(tool, dict) and "kpilint" in tool


def _config(directory: Path) -> Step:
    for name in OTHER_CONFIGS:
        if os.path.lexists(directory / name):
            return Step(name, "skipped", "exists")
    pyproject = directory / PYPROJECT
    if not pyproject.is_file():
        return _write(directory, CONFIG_FILE, config_text())
    try:
        raw = pyproject.read_bytes()
    except OSError as exc:
        raise InitError(f"{_shown(str(pyproject), PYPROJECT)}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    data = None if text is None else _load_toml(text)
    if text is None or data is None:
        step = _write(directory, CONFIG_FILE, config_text())
        return step._replace(reason=f"{PYPROJECT} is not valid TOML, so not appended to")
    if _has_table(data):
        return Step(PYPROJECT, "skipped", "it has a [tool.kpilint] table")
    newline = "\r\n" if "\r\n" in text else "\n"
    lead = "" if not text.strip() else newline if text.endswith("\n") else newline * 2
    addition = lead + pyproject_table().replace("\n", newline)
    merged = _load_toml(text + addition)
    if merged is None or not _has_table(merged):  # e.g. `tool` is an inline table there
        step = _write(directory, CONFIG_FILE, config_text())
        return step._replace(reason=f"a [tool.kpilint] table cannot be appended to {PYPROJECT}")
    with open(pyproject, "ab") as handle:
        handle.write(addition.encode("utf-8"))
    return Step(PYPROJECT, "appended", "a [tool.kpilint] table")


def _kpi_file(directory: Path) -> str | None:
    """A KPI file already under ``directory`` (hidden folders skipped), or None."""
    for folder, subfolders, files in os.walk(directory):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.endswith(KPI_SUFFIXES):
                return _rel(Path(folder) / name, directory)
    return None


def _samples(directory: Path, today: dt.date) -> Iterator[Step]:
    samples = ((OWNER_FILE, owner_text()), (KPI_FILE, kpi_text(today)))
    missing = [name for name, _ in samples if not os.path.lexists(directory / name)]
    present = _kpi_file(directory) if missing else None
    for name, text in samples:
        if name in missing and present is not None:
            yield Step(name, "skipped", f"the folder already holds KPI files, e.g. {present}")
        else:
            yield _write(directory, name, text)


def _shown(filename: object, default: str) -> str:
    """A path of an OS error, relative to the current folder as the output's paths are."""
    if not isinstance(filename, str):
        return default
    try:
        return Path(os.path.relpath(filename)).as_posix()
    except ValueError:  # another drive
        return Path(filename).as_posix()


def init_repo(directory: Path, today: dt.date, version: str = __version__) -> Iterator[Step]:
    """Set up ``directory`` as a KPI repository, yielding one step per file
    as it is done (so the files written before a failure are still told).
    Raises :class:`InitError` for what stops it."""
    shown = directory.as_posix()
    if directory.exists() and not directory.is_dir():
        raise InitError(f"{shown}: not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        yield _config(directory)
        yield from _samples(directory, today)
        yield _write(directory, SCHEMA_FILE, schema_text())
        hook = "repos:\n" + pre_commit_hook(version)
        yield _write(directory, PRE_COMMIT_FILE, pre_commit_text(version), hook, has=HOOK_ID_LINE)
        job = "jobs:\n" + workflow_job(version)
        yield _write(directory, WORKFLOW_FILE, workflow_text(version), job, WORKFLOW_TWINS, CHECK_STEP_LINE)
    except (FileExistsError, NotADirectoryError) as exc:  # a file where a folder should go
        where = _shown(exc.filename, shown)
        raise InitError(f"{where}: cannot create this folder: a file is in the way") from None
    except OSError as exc:
        where = _shown(exc.filename, shown)
        raise InitError(f"{where}: cannot write: {exc.strerror or exc}") from None
