"""The baseline (SPEC §6 "Baseline"): record a run's findings, hide them in
later runs, report entries that no longer match (K003), prune them.

A baseline maps file (relative to the project root, with ``/``) → document
key (the document's ``metadata.id``, else its 0-based index as a string) →
code → YAML path → count. It holds no line numbers, so inserting lines,
reordering documents or reformatting a mapping keeps it valid.

Everything here is a pure function over plain data, except :func:`read` and
:func:`write` (the file) and :func:`keyed_findings`, the one adapter that
reads what the engine's run returned.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from kpilint.diagnostics import Diagnostic, Severity

DEFAULT_NAME = "kpilint-baseline.json"
STALE_CODE = "K003"
_NEVER = frozenset({"K900", STALE_CODE})
#: The codes of a file that could not be loaded (or only in part).
UNLOADED = frozenset({"F001", "F002", "F003", "F004"})

#: (file, document key, code, YAML path)
Key = tuple[str, str, str, str]
#: entry → recorded count
Counts = Mapping[Key, int]


class BaselineError(Exception):
    """A baseline file that cannot be read or written: one line, exit 2."""


class Keyed(NamedTuple):
    """One finding of the run with its baseline key."""

    key: Key
    diagnostic: Diagnostic


class RunView(NamedTuple):
    """What the baseline needs of a run: its findings, keyed, and the files
    it checked and could load (relative to the project root, with ``/``): of
    a file that could not be read or parsed nothing is known this run, so
    its entries are neither stale nor pruned."""

    findings: tuple[Keyed, ...]
    checked: frozenset[str]


class Applied(NamedTuple):
    """A run seen through a baseline."""

    kept: list[Diagnostic]  # the findings the baseline does not hide
    hidden: int  # how many it hid
    matched: dict[Key, int]  # per entry: how many findings it matched now


class Stale(NamedTuple):
    """An entry that matches fewer findings than it records."""

    key: Key
    recorded: int
    matched: int


def baselinable(code: str) -> bool:
    """Whether findings of ``code`` may be recorded: never an F-code (the file
    could not be read, so nothing else is known of it), K900 or K003."""
    return not code.startswith("F") and code not in _NEVER


def relative(file: str, root: str) -> str:
    """``file`` (absolute) relative to the project root, with ``/``."""
    try:
        rel = os.path.relpath(file, root)
    except ValueError:  # pragma: no cover - another drive on Windows
        rel = file
    return rel.replace(os.sep, "/")


# -- the one coupling to the engine ---------------------------------------------


def keyed_findings(result: Any, root: Path) -> RunView:
    """The run's findings with their baseline keys, read from the engine's
    ``Result``: ``diagnostics`` (each with its absolute ``file``, ``doc_index``,
    ``code`` and ``yaml_path``), ``files`` (absolute paths checked) and
    ``reports`` (per absolute path, the loaded documents with their ``id``;
    asked only of files with findings, as a cached file builds its documents
    on first use). No file is read here."""
    base = str(root)
    shown: dict[str, str] = {}
    ids: dict[str, dict[int, str]] = {}
    keyed = []
    unloaded = set()
    for diag in result.diagnostics:
        file = diag.file
        rel = shown.get(file)
        if rel is None:
            rel = shown[file] = relative(file, base)
            report = result.reports.get(file)
            ids[file] = {doc.index: doc.id for doc in report.documents if doc.id} if report is not None else {}
        if diag.code in UNLOADED:
            unloaded.add(rel)
        document = ids[file].get(diag.doc_index) or str(diag.doc_index)
        keyed.append(Keyed((rel, document, diag.code, diag.yaml_path), diag))
    checked = frozenset(shown.get(path) or relative(path, base) for path in result.files)
    return RunView(tuple(keyed), checked - unloaded)


# -- pure functions ---------------------------------------------------------------


def record(findings: Iterable[Keyed]) -> dict[Key, int]:
    """The baseline of a run: every baselinable finding, counted per key."""
    counts: dict[Key, int] = {}
    for key, _diag in findings:
        if baselinable(key[2]):
            counts[key] = counts.get(key, 0) + 1
    return counts


def apply(findings: Iterable[Keyed], baseline: Counts) -> Applied:
    """Hide each finding whose entry still has count left (in the run's
    order, so the first findings of a key are the hidden ones); the surplus
    is kept."""
    matched: dict[Key, int] = {}
    kept: list[Diagnostic] = []
    hidden = 0
    for key, diag in findings:
        used = matched.get(key, 0)
        if baselinable(key[2]) and used < baseline.get(key, 0):
            matched[key] = used + 1
            hidden += 1
        else:
            kept.append(diag)
    return Applied(kept, hidden, matched)


def stale(baseline: Counts, matched: Mapping[Key, int], judged: Callable[[Key], bool]) -> list[Stale]:
    """The entries this run can judge that matched fewer findings than recorded."""
    out = []
    for key in sorted(baseline):
        now = matched.get(key, 0)
        if now < baseline[key] and judged(key):
            out.append(Stale(key, baseline[key], now))
    return out


def prune(baseline: Counts, matched: Mapping[Key, int], judged: Callable[[Key], bool]) -> dict[Key, int]:
    """Each entry this run can judge lowered to what it matched now, those at
    zero dropped; other entries as they were. Never adds nor raises a count."""
    out: dict[Key, int] = {}
    for key, count in baseline.items():
        if judged(key):
            count = min(count, matched.get(key, 0))
        if count > 0:
            out[key] = count
    return out


def judge(
    checked: frozenset[str],
    enabled: Callable[[str], bool],
    gone: Callable[[str], bool],
) -> Callable[[Key], bool]:
    """Which entries a run can judge: of a baselinable code enabled in this
    run, and of a file it checked, or of a file that is ``gone``."""

    def judged(key: Key) -> bool:
        file, _document, code, _path = key
        return baselinable(code) and enabled(code) and (file in checked or gone(file))

    return judged


def stale_message(entry: Stale, baseline_name: str, file_gone: bool) -> str:
    file, document, code, path = entry.key
    where = f"`{path}` of " if path else ""
    now = "no finding" if entry.matched == 0 else f"only {entry.matched}"
    what = f"{code} at {where}document `{document}`"
    if file_gone:
        what += f" of `{file}` (the file is gone)"
    times = "once" if entry.recorded == 1 else f"{entry.recorded} times"
    return (
        f"stale baseline entry: {what} is recorded {times} but matches {now} now (fixed?);"
        f" run with --prune-baseline to update {baseline_name}"
    )


def stale_diagnostic(
    entry: Stale, *, file: str, shown: str, gone: bool, baseline_name: str, severity: Severity, name: str
) -> Diagnostic:
    """K003 for ``entry``, at 1:1 of ``file`` (the file the entry names, or
    the baseline file when that one is gone)."""
    return Diagnostic(
        path=shown,
        line=1,
        col=1,
        code=STALE_CODE,
        end_line=1,
        end_col=1,
        severity=severity,
        message=stale_message(entry, baseline_name, gone),
        name=name,
        doc_index=0,
        yaml_path="",
        file=file,
    )


# -- the file ----------------------------------------------------------------------


def dumps(counts: Counts) -> str:
    """The file's text: nested JSON objects, keys sorted, one level per line
    group and one count per line, so a diff shows each entry that changed."""
    tree: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
    for (file, document, code, path), count in counts.items():
        if count > 0:
            tree.setdefault(file, {}).setdefault(document, {}).setdefault(code, {})[path] = count
    return json.dumps(tree, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def loads(text: str, where: str) -> dict[Key, int]:
    """The entries of a baseline file's text; :class:`BaselineError` (naming
    ``where`` and the offending entry) when it is not one."""
    try:
        tree = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{where}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    shape = "an object mapping file → document → code → YAML path → count"
    if not isinstance(tree, dict):
        raise BaselineError(f"{where}: expected {shape}, found {_kind(tree)}")
    counts: dict[Key, int] = {}
    for file, documents in tree.items():
        if not isinstance(documents, dict):
            raise BaselineError(f"{where}: `{file}`: expected an object of documents, found {_kind(documents)}")
        for document, codes in documents.items():
            if not isinstance(codes, dict):
                raise BaselineError(f"{where}: `{file}` → `{document}`: expected an object of codes, found {_kind(codes)}")
            for code, paths in codes.items():
                if not isinstance(paths, dict):
                    raise BaselineError(
                        f"{where}: `{file}` → `{document}` → `{code}`: expected an object of YAML paths, found {_kind(paths)}"
                    )
                for path, count in paths.items():
                    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                        raise BaselineError(
                            f"{where}: `{file}` → `{document}` → `{code}` → `{path}`: expected a count"
                            f" (a whole number of at least 1), found {json.dumps(count)}"
                        )
                    key = (_normal(file), document, code.strip().upper(), path)
                    counts[key] = counts.get(key, 0) + count
    return counts


def _normal(file: str) -> str:
    """A file key as written by hand, read as kpilint writes it: ``/``
    separators, no leading ``./`` (``./sales/x.kpi.yaml`` is ``sales/x.kpi.yaml``)."""
    file = file.replace("\\", "/")
    while file.startswith("./"):
        file = file[2:].lstrip("/")
    return file


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return json.dumps(value) if not isinstance(value, dict) else "an object"


def read(path: Path) -> dict[Key, int]:
    """The entries of the baseline file at ``path``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BaselineError(f"baseline file `{path}` does not exist (write it with --write-baseline {path})") from None
    except IsADirectoryError:
        raise BaselineError(f"baseline file `{path}` is a folder") from None
    except OSError as exc:
        raise BaselineError(f"baseline file `{path}`: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BaselineError(f"baseline file `{path}`: not UTF-8 text") from None
    return loads(text, f"baseline file `{path}`")


def write(path: Path, counts: Counts) -> None:
    """Write the baseline file (its folders created), only when its text changes."""
    text = dumps(counts)
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline file `{path}`: {exc.strerror or exc}") from None
