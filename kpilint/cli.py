"""The ``kpilint`` command line: ``check``, ``rule``, ``rules``, ``init`` and ``tree``."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

import click

from kpilint import __version__
from kpilint.formats import FORMATS

if TYPE_CHECKING:
    from typing import Mapping

    from kpilint.api import DefinedId
    from kpilint.engine import History, Result, Session
    from kpilint.reading import Limits
    from kpilint.registry import Registry

FORMAT_CHOICES = FORMATS
#: The type of every path argument and option: one instance, as click names a
#: path type through gettext (a translation lookup costs file system calls).
_PATH = click.Path(path_type=Path)


def _fail(message: str) -> None:
    click.echo(f"kpilint: error: {message}", err=True)
    sys.exit(2)


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


def _parse_today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--today: expected a date as YYYY-MM-DD, found {value!r}")
    return None  # pragma: no cover


def _existing_parent(path: Path) -> Path:
    """The nearest existing folder holding ``path`` (a stdin name need not exist)."""
    folder = Path(os.path.abspath(path)).parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


_F = TypeVar("_F", bound=Callable[..., Any])


def _without_gc(command: _F) -> _F:
    """Run ``command`` with the cyclic garbage collector paused. A lint run
    is short and keeps what it loads until it reports; the collector would
    only rescan that data again and again (about 15% of a warm run)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if collecting:
                # straight to the oldest generation: re-enabling alone would
                # start with one pass over everything the run allocated
                gc.freeze()
                gc.enable()
                gc.unfreeze()

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kpilint", message="%(prog)s %(version)s")
def main() -> None:
    """kpilint: lint KPI-as-code files against the schema and the SMART rules."""


def console() -> None:
    """The ``kpilint`` command and ``python -m kpilint``.

    Ends the process as soon as the report is written: a run holds the data
    of every file it looked at, and tearing the interpreter down object by
    object would only delay the exit code (in-process callers use ``main``)."""
    kept: list[BaseException] = []
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
        kept.append(exc)  # its traceback holds the run's data: freed by the exit, not object by object
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # e.g. the reader of a pipe went away
        pass
    os._exit(code)


@main.command()
@click.argument("paths", nargs=-1, type=_PATH)
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), default=None, help="Output format (default full; github when GITHUB_ACTIONS=true).")
@click.option("--output-file", type=_PATH, default=None, help="Write the report to FILE instead of stdout.")
@click.option("--write", "writes", multiple=True, metavar="FORMAT=PATH", help="Also write a report in FORMAT to PATH from the same run (repeatable).")
@click.option("--select", multiple=True, help="Codes or prefixes to enable (comma-separated; ALL).")
@click.option("--ignore", multiple=True, help="Codes or prefixes to disable (comma-separated).")
@click.option("--config", "config_file", type=_PATH, default=None, help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore config files and installed plugins.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="Lowest severity that fails the run (default error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when diagnostics are found (not on internal errors).")
@click.option("--statistics", is_flag=True, help="Also print a count per code (in the report for json, on stderr for sarif, junit, gitlab and markdown).")
@click.option("--today", default=None, metavar="YYYY-MM-DD", help="The date to check expiry against.")
@click.option("--stdin-filename", default=None, metavar="NAME", help="Read a document from stdin, as if it were the file NAME (the path `-` stands for it; other paths are checked too).")
@click.option("--force-exclude", is_flag=True, help="Apply excludes to paths given explicitly too.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel processes (default: number of cores).")
@click.option("--baseline", "baseline_file", type=_PATH, default=None, help="Hide the findings recorded in FILE (default: the config's `baseline`).")
@click.option("--write-baseline", type=_PATH, default=None, metavar="FILE", help="Record every current finding in FILE, then exit 0.")
@click.option("--prune-baseline", is_flag=True, help="Lower the baseline's counts to what still matches, dropping entries at zero.")
@click.option("--fix", "fix", is_flag=True, help="Apply safe fixes in place, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="Apply unsafe fixes too (with --fix or --diff; alone it implies --fix).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of applying them (exit 1 if any).")
@_without_gc
def check(
    paths: tuple[Path, ...],
    fmt: str | None,
    output_file: Path | None,
    writes: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    isolated: bool,
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    today: str | None,
    stdin_filename: str | None,
    force_exclude: bool,
    no_cache: bool,
    jobs: int | None,
    baseline_file: Path | None,
    write_baseline: Path | None,
    prune_baseline: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
) -> None:
    """Lint KPI files and folders (default: the current folder)."""
    fixing = fix or unsafe_fixes or diff
    if fixing and stdin_filename is not None:
        _fail("--fix, --unsafe-fixes and --diff change files: they do not combine with --stdin-filename")
    if fixing and write_baseline is not None:
        _fail("--write-baseline records the findings as they are: it does not combine with --fix or --diff")
    if write_baseline is not None and (baseline_file is not None or prune_baseline):
        _fail("--write-baseline records every current finding: it does not combine with --baseline or --prune-baseline")
    from kpilint.engine import Options, UsageError
    from kpilint.incremental import prepare, run
    from kpilint.reporters import ReportContext, get

    targets = _targets(paths, stdin_filename)
    buffers = {}
    if stdin_filename is not None:
        raw = sys.stdin.buffer.read()
        from kpilint.reading import ReadError, decode

        try:
            buffers[Path(stdin_filename)] = decode(raw)
        except ReadError as exc:
            _fail(f"stdin: {exc.message}")
    options = Options(
        select=_codes(select) or None,
        ignore=_codes(ignore),
        fail_on=fail_on,
        config_file=config_file,
        isolated=isolated,
        force_exclude=force_exclude,
        today=_parse_today(today),
        use_cache=not no_cache,
        jobs=jobs,
    )
    try:
        on_disk = [p for p in targets if p not in buffers]
        session = prepare(on_disk or [_existing_parent(Path(stdin_filename or "."))], options)
        result = run(session, targets, buffers=buffers, history=_history(session))
    except UsageError as exc:
        _fail(str(exc))
        return
    if fixing:
        result = _fix(session, targets, result, unsafe=unsafe_fixes, diff=diff)
    for notice in result.notices:
        click.echo(f"kpilint: {notice}", err=True)
    if not result.files:
        click.echo("kpilint: no KPI files found (looked for " + ", ".join(session.config.include) + ")", err=True)
    if write_baseline is not None:
        _write_baseline(write_baseline, session, result)
        sys.exit(2 if result.internal_error else 0)
    hidden = _apply_baseline(baseline_file, prune_baseline, session, result, targets)
    name = fmt or session.config.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full")
    from kpilint.reporters import available

    if name not in available():
        _fail(f"--format {name}: not available in this version of kpilint")
    extra_reports: list[tuple[str, Path]] = []
    extra_path: str | Path
    for value in writes:
        extra_format, sep, extra_path = value.partition("=")
        extra_format = extra_format.strip().lower()
        if not sep or not extra_format or not extra_path:
            _fail(f"--write {value!r}: expected FORMAT=PATH, e.g. --write sarif=kpilint.sarif")
        if extra_format not in available():
            _fail(f"--write {value!r}: unknown format `{extra_format}` (one of {', '.join(available())})")
        extra_reports.append((extra_format, Path(extra_path)))
    color = output_file is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    ctx = ReportContext(registry=session.registry, color=color, statistics=statistics, baseline_hidden=hidden)
    text = get(name)(result, ctx)
    if statistics and name not in _STATISTICS_APART:
        from kpilint.reporters.stats import render_statistics

        text += render_statistics(result.diagnostics, hidden)
    if output_file is not None:
        try:
            output_file.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"--output-file {output_file}: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False)
    if statistics and name in _STATISTICS_APART and name != "json":
        from kpilint.reporters.stats import render_statistics

        click.echo(render_statistics(result.diagnostics, hidden), err=True, nl=False)
    for extra_format, extra_path in extra_reports:
        try:
            extra_path.write_text(get(extra_format)(result, ReportContext(registry=session.registry)), encoding="utf-8")
        except OSError as exc:
            _fail(f"--write {extra_format}={extra_path}: {exc.strerror or exc}")
    sys.exit(result.exit_code(session.fail_on, exit_zero))


def _fix(session: Session, targets: list[Path], result: Result, *, unsafe: bool, diff: bool) -> Result:
    """``--fix`` / ``--unsafe-fixes``: write the fixed files and return the run
    over them. ``--diff``: print the fixes as a unified diff and exit (1 when
    there is something to fix)."""
    from kpilint import fixrun
    from kpilint.incremental import run
    from kpilint.fixes import unified_diff

    outcome = fixrun.fix_run(session, targets, result, unsafe=unsafe)
    if diff:
        text = "".join(unified_diff(f.encoded.text, f.text, f.shown) for f in outcome.files)
        sys.stdout.write(text)
        count = sum(f.applied for f in outcome.files)
        if count:
            click.echo(f"kpilint: {_plural(count, 'fix')} in {_plural(len(outcome.files), 'file')} (not applied)", err=True)
        sys.exit(2 if result.internal_error else 1 if outcome.files else 0)
    written = 0
    for fixed in outcome.files:
        try:
            fixrun.write(fixed)
            written += fixed.applied
        except OSError as exc:
            click.echo(f"kpilint: {fixed.shown}: cannot write the fixes: {exc.strerror or exc}", err=True)
    if outcome.files:
        click.echo(f"kpilint: applied {_plural(written, 'fix')} in {_plural(len(outcome.files), 'file')}", err=True)
        result = run(session, targets)
    if not unsafe:
        left = sum(1 for d in result.diagnostics if d.fix is not None and d.fix.applicability == "unsafe")
        if left:
            click.echo(f"kpilint: {_plural(left, 'unsafe fix')} not applied (they change values): add --unsafe-fixes", err=True)
    return result


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'es' if count != 1 and word.endswith('x') else 's' if count != 1 else ''}"


def _history(session: Session) -> History:
    """How the run learns what the files named on the command line defined
    in their last commit (H108): git, with the answers remembered in the
    cache folder unless the cache is off."""
    memo = str(session.config.cache_path / "head-ids") if session.use_cache else None

    def history(files: list[str], limits: Limits) -> Mapping[str, tuple[DefinedId, ...]]:
        from kpilint.gitstate import head_ids  # only when a file named on the command line is compared

        return head_ids(files, limits, memo)

    return history


def _write_baseline(file: Path, session: Session, result: Result) -> None:
    """``--write-baseline``: record the run's findings (of the current
    selection; never K900 nor F-codes) in ``file``, replacing what it held."""
    from kpilint import baseline

    counts = baseline.record(baseline.keyed_findings(result, session.config.root).findings)
    try:
        baseline.write(file, counts)
    except baseline.BaselineError as exc:
        _fail(str(exc))
    findings = sum(counts.values())
    files = len({key[0] for key in counts})
    click.echo(
        f"kpilint: wrote {file.as_posix()}: {findings} finding{'s' if findings != 1 else ''}"
        f" in {files} file{'s' if files != 1 else ''}",
        err=True,
    )


def _apply_baseline(file: Path | None, prune: bool, session: Session, result: Result, targets: list[Path]) -> int | None:
    """Hide the findings the baseline records (``--baseline``, else the
    config's ``baseline``), add K003 for entries that match fewer findings
    than recorded, and with ``--prune-baseline`` lower the file's counts
    first. Replaces ``result.diagnostics``; returns how many findings were
    hidden (None when no baseline applies)."""
    config = session.config
    file = file if file is not None else config.baseline
    if file is None:
        if prune:
            _fail("--prune-baseline: no baseline to prune: give --baseline FILE or set `baseline` in the config")
        return None
    from kpilint import baseline
    from kpilint.diagnostics import Severity
    from kpilint.engine import display_path

    try:
        recorded = baseline.read(file)
    except baseline.BaselineError as exc:
        _fail(str(exc))
        return None
    root = Path(config.root)
    view = baseline.keyed_findings(result, root)
    applied = baseline.apply(view.findings, recorded)
    places = [Path(os.path.abspath(target)) for target in targets]
    seen: dict[str, bool] = {}

    def gone(rel: str) -> bool:
        """Whether the file ``rel`` no longer exists and lay inside a path
        given (asked once per file, whatever its number of entries)."""
        known = seen.get(rel)
        if known is None:
            where = Path(os.path.normpath(root / rel))
            known = seen[rel] = not where.exists() and any(where == place or place in where.parents for place in places)
        return known

    judged = baseline.judge(view.checked, session.selection.is_enabled, gone)
    shown_name = display_path(os.path.abspath(file))
    if prune:
        pruned = baseline.prune(recorded, applied.matched, judged)
        if pruned != recorded:
            try:
                baseline.write(file, pruned)
            except baseline.BaselineError as exc:
                _fail(str(exc))
            dropped = len(set(recorded) - set(pruned))
            lowered = sum(1 for key, count in pruned.items() if count < recorded[key])
            click.echo(
                f"kpilint: pruned {shown_name}: {dropped} entr{'y' if dropped == 1 else 'ies'} dropped, {lowered} lowered",
                err=True,
            )
        else:
            click.echo(f"kpilint: {shown_name}: nothing to prune", err=True)
        recorded = pruned
    kept = list(applied.kept)
    if session.selection.is_enabled(baseline.STALE_CODE):
        info = session.registry.info(baseline.STALE_CODE)
        severity = session.selection.severities.get(baseline.STALE_CODE, info.severity if info else Severity.WARNING)
        for entry in baseline.stale(recorded, applied.matched, judged):
            is_gone = entry.key[0] not in view.checked
            at = os.path.abspath(file) if is_gone else os.path.normpath(root / entry.key[0])
            kept.append(
                baseline.stale_diagnostic(
                    entry,
                    file=at,
                    shown=display_path(at),
                    gone=is_gone,
                    baseline_name=shown_name,
                    severity=severity,
                    name=info.name if info else "stale-baseline-entry",
                )
            )
    kept.sort()
    result.diagnostics = kept
    return applied.hidden


# Formats a table after the report would corrupt: ``json`` carries the counts
# in the report itself, the others get the table on stderr.
_STATISTICS_APART = frozenset({"json", "sarif", "junit", "gitlab", "markdown"})


def _targets(paths: tuple[Path, ...], stdin_filename: str | None) -> list[Path]:
    """The paths to check: ``-`` (the conventional name of stdin) stands for
    the ``--stdin-filename`` file, which is also checked when no path is
    given, or when other paths are given without ``-``."""
    if stdin_filename is not None:
        if not stdin_filename.strip():
            _fail("--stdin-filename: expected the name of the file the document on stdin stands for, found nothing")
        if Path(stdin_filename).is_dir():
            _fail(f"--stdin-filename {stdin_filename}: names a folder; give the name of the file the document on stdin stands for")
    if not paths:
        return [Path(stdin_filename)] if stdin_filename else [Path(".")]
    dash = Path("-")
    if dash in paths and stdin_filename is None:
        _fail("path `-` reads a KPI document from stdin: name it with --stdin-filename NAME (e.g. `--stdin-filename sales/revenue.kpi.yaml -`)")
    out: list[Path] = []
    for path in paths:
        if path == dash:
            path = Path(stdin_filename or "")
        if path not in out:
            out.append(path)
    if stdin_filename is not None and Path(stdin_filename) not in out:
        out.append(Path(stdin_filename))
    return out


def _origin(origin: str) -> str:
    return "built-in" if origin == "builtin" else origin


def _project_registry(config_file: Path | None, isolated: bool) -> Registry:
    """Every rule a ``check`` run from here would know: built-in, installed
    plugins (unless ``--isolated``), and the ``rule-paths`` files of the
    config found from the current folder (or given with ``--config``)."""
    from kpilint.engine import Options, UsageError, prepare

    try:
        return prepare([Path(".")], Options(config_file=config_file, isolated=isolated, use_cache=False)).registry
    except UsageError as exc:
        _fail(str(exc))
        raise  # pragma: no cover - _fail exits


_CONFIG_OPTION = click.option(
    "--config", "config_file", type=_PATH, default=None, help="Use this config file (its `rule-paths`)."
)
_ISOLATED_OPTION = click.option("--isolated", is_flag=True, help="Ignore config files and installed plugins.")


@main.command("tree")
@click.argument("paths", nargs=-1, type=_PATH)
@click.option("--format", "fmt", type=click.Choice(["text", "mermaid", "dot", "json"]), default="text", help="Output format (default text).")
@click.option("--root", default=None, metavar="ID", help="Show only this KPI and what hangs below it.")
@click.option("--depth", type=click.IntRange(min=1), default=None, metavar="N", help="Show N levels (1: the top level only).")
@click.option("--today", default=None, metavar="YYYY-MM-DD", help="The date to check expiry against.")
@_without_gc
def tree_command(paths: tuple[Path, ...], fmt: str, root: str | None, depth: int | None, today: str | None) -> None:
    """Show the cascade of KPIs: each with its owner, status, target and
    SMART letters (default: the current folder)."""
    from kpilint.engine import UsageError
    from kpilint.tree.adapter import lint_cascade
    from kpilint.tree.model import NoSuchKpi, build, cut, subtree

    day = _parse_today(today)
    try:
        cascade = lint_cascade(list(paths) or [Path(".")], day)
    except UsageError as exc:
        _fail(str(exc))
        return
    for notice in cascade.notices:
        click.echo(f"kpilint: {notice}", err=True)
    forest = build(cascade.kpis)
    if root is not None:
        try:
            forest = subtree(forest, root.strip())
        except NoSuchKpi:
            import difflib

            close = difflib.get_close_matches(root.strip(), [k.id for k in forest.kpis], n=1)
            _fail(f"--root {root}: no KPI has this id" + (f"; did you mean `{close[0]}`?" if close else ""))
            return
    if depth is not None:
        forest = cut(forest, depth)
    if not forest.kpis:
        click.echo("kpilint: no KPI found", err=True)
    if fmt == "json":
        from kpilint.tree import data

        text = data.render(forest)
    elif fmt == "dot":
        from kpilint.tree import dot

        text = dot.render(forest)
    elif fmt == "mermaid":
        from kpilint.tree import mermaid

        text = mermaid.render(forest)
    else:
        from kpilint.tree import text as plain

        terminal = sys.stdout.isatty()
        text = plain.render(forest, unicode=terminal, color=terminal and not os.environ.get("NO_COLOR"))
    click.echo(text, nl=False)


@main.command("rules")
@_CONFIG_OPTION
@_ISOLATED_OPTION
def rules_command(config_file: Path | None, isolated: bool) -> None:
    """List all rules: code, name, SMART category, default severity, and
    where a rule that is not built in comes from."""
    from kpilint.api import CATEGORIES

    registry = _project_registry(config_file, isolated)
    for rule in registry.sorted():
        category = CATEGORIES.get(rule.category or "", "-")
        origin = "" if rule.origin == "builtin" else f"  [{_origin(rule.origin)}]"
        click.echo(f"{rule.code}  {rule.name:<34} {category:<11} {rule.severity.value:<8} {rule.summary}{origin}")


@main.command("rule")
@click.argument("code")
@_CONFIG_OPTION
@_ISOLATED_OPTION
def rule_command(code: str, config_file: Path | None, isolated: bool) -> None:
    """Print a rule's documentation (built-in, plugin or `rule-paths` file)."""
    from kpilint.api import CATEGORIES

    registry = _project_registry(config_file, isolated)
    rule = registry.get(code.strip().upper())
    if rule is None:
        import difflib

        close = difflib.get_close_matches(code.strip().upper(), registry.codes(), n=1)
        _fail(f"unknown rule code `{code}`" + (f"; did you mean `{close[0]}`?" if close else "") + " (see `kpilint rules`)")
        return
    category = CATEGORIES.get(rule.category or "", "none")
    click.echo(f"# {rule.code} {rule.name}\n")
    click.echo(
        f"Default severity: {rule.severity.value} · SMART category: {category} · Kind: {rule.kind} rule"
        f" · Origin: {_origin(rule.origin)}\n"
    )
    click.echo(rule.docs)


@main.command("schema")
@click.option("--kind", type=click.Choice(["KPI", "Owner"]), default=None, help="Only this kind (default: both).")
@click.option("--output", type=_PATH, default=None, help="Write to FILE instead of stdout.")
def schema_command(kind: str | None, output: Path | None) -> None:
    """Print or write the JSON Schema of the file format."""
    from kpilint.schema import schema_text

    text = schema_text(kind)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"--output {output}: {exc.strerror or exc}")
    click.echo(f"kpilint: wrote {output}", err=True)


@main.command("server")
def server_command() -> None:
    """Run the language server (LSP over stdio) for editors; settings come
    from the client's initializationOptions (see the README, "Editors")."""
    try:
        from kpilint.server import serve
        import pygls  # noqa: F401  (checked here: one clear line when missing)
    except ImportError:
        _fail("the language server needs pygls: pip install 'kpilint[server]'")
        return
    serve()


@main.command("init")
@click.argument("directory", required=False, default=".", type=_PATH)
def init_command(directory: Path) -> None:
    """Set up a KPI repo in DIRECTORY (default: the current folder): the
    config, a company-level Owner and KPI, the JSON Schema for editors, a
    pre-commit hook and a GitHub Actions workflow. Never overwrites a file:
    one line per file on stderr (wrote or skipped), and for a skipped
    pre-commit config or workflow the part to add on stdout."""
    from kpilint.init import InitError, init_repo

    try:
        for step in init_repo(directory, dt.date.today()):
            shown = Path(os.path.relpath(directory / step.path)).as_posix()
            if step.action == "skipped":
                tail = "; add this to it:" if step.snippet else ""
                click.echo(f"kpilint: skipped {shown} ({step.reason}){tail}", err=True)
                if step.snippet:
                    click.echo(step.snippet, nl=False)
            elif step.action == "appended":
                click.echo(f"kpilint: added {step.reason} to {shown}", err=True)
            else:
                note = f" ({step.reason})" if step.reason else ""
                click.echo(f"kpilint: wrote {shown}{note}", err=True)
    except InitError as exc:
        _fail(str(exc))
