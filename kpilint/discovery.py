"""Find KPI files: include/exclude globs, .gitignore, hidden and cache folders."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple

from kpilint.config import Config
from kpilint.fileio import listing_signature

if TYPE_CHECKING:
    import pathspec


class Discovered:
    """Files found (absolute, sorted, unique) and notices about skipped ones."""

    __slots__ = ("files", "notices")

    def __init__(self) -> None:
        self.files: list[str] = []  # absolute paths
        self.notices: list[str] = []


def _spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """Patterns with .gitignore semantics (``GitIgnoreSpec``: no deprecated
    ``gitwildmatch`` factory, and the last matching pattern wins as in git)."""
    return _compiled(tuple(patterns))


@functools.lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec  # only when a pattern needs it (pathspec costs ~10 ms to import)

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


# `**/*.kpi.yaml` and `*.kpi.yaml`: "any file, at any depth, whose name ends so"
_SUFFIX_ONLY = re.compile(r"^(?:\*\*/)?\*([^*?\[\]/\\\s]+)$")


class Globs:
    """Patterns with .gitignore semantics. A list made only of "any name
    ending in X" patterns (the default include) is matched by suffix;
    anything else goes through pathspec."""

    __slots__ = ("patterns", "_suffixes")

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        found = [_SUFFIX_ONLY.match(pattern) for pattern in self.patterns]
        self._suffixes = tuple(m.group(1) for m in found if m) if all(found) else None

    def name_only(self) -> tuple[str, ...] | None:
        """The suffixes when a file's name alone decides (suffix-only patterns)."""
        return self._suffixes

    def match_file(self, rel: str) -> bool:
        if self._suffixes is not None:
            return rel.rpartition("/")[2].endswith(self._suffixes)
        return bool(_compiled(self.patterns).match_file(rel))


class Matcher(NamedTuple):
    """Include/exclude matching relative to the project root."""

    root: Path
    include: Globs
    exclude: Globs
    cache_dir: Path

    @classmethod
    def from_config(cls, config: Config) -> Matcher:
        return cls(config.root, Globs(config.include), Globs(config.exclude), config.cache_path.resolve())

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:  # the root is resolved; the path may go through a symlink
            return Path(os.path.realpath(path)).relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix().lstrip("/")

    def included(self, path: Path) -> bool:
        return self.include.match_file(self.relative(path))

    def excluded(self, path: Path, is_dir: bool = False) -> bool:
        rel = self.relative(path)
        return self.exclude.match_file(rel + "/" if is_dir else rel)


def _gitignore(directory: Path) -> pathspec.GitIgnoreSpec | None:
    path = directory / ".gitignore"
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _spec(lines)


def _check(spec: pathspec.GitIgnoreSpec, rel: str) -> bool | None:
    """True if ``rel`` is ignored, False if re-included (``!pattern``), None if
    no pattern of ``spec`` matches it."""
    check = getattr(spec, "check_file", None)
    if check is None:  # pragma: no cover - pathspec < 0.12
        return True if spec.match_file(rel) else None
    include: bool | None = check(rel).include
    return include


#: A folder's or a ``.gitignore``'s signature (see :func:`kpilint.fileio.listing_signature`).
Signature = tuple[int, int, int]


def signature(path: str) -> Signature:
    return listing_signature(os.stat(path))


def walk(top: Path, matcher: Matcher, out: Discovered, seen: list[tuple[str, Signature | None]] | None = None) -> None:
    """Add every included KPI file under ``top`` to ``out``.

    Paths are matched as strings relative to the project root (built folder
    by folder, not per file), and ``os.scandir`` tells regular files apart
    without a ``stat`` per file.

    With ``seen``, also note the signature of every folder listed and every
    ``.gitignore`` read, each taken before it is read (so a later change
    shows), and ``(path, None)`` for what a signature cannot vouch for: a
    symbolic link (its target may change), a folder that could not be
    listed."""
    ignores: list[tuple[str, pathspec.GitIgnoreSpec]] = []  # (folder relative to root + "/", spec)
    root = str(matcher.root)
    top_text = str(top)
    inside = top_text == root or top_text.startswith(root.rstrip(os.sep) + os.sep)
    if inside:
        rel_top = os.path.relpath(top_text, root).replace(os.sep, "/")
        rel_top = "" if rel_top == "." else rel_top + "/"
        parts = rel_top.split("/")[:-1]
        folder, prefix = root, ""
        for part in [""] + parts[:-1] if parts else []:
            if part:
                folder, prefix = os.path.join(folder, part), prefix + part + "/"
            spec = _gitignore(Path(folder))
            if spec is not None:
                ignores.append((prefix, spec))
    else:  # a folder outside the project root: match relative to itself
        rel_top = ""
    cache_dir = str(matcher.cache_dir)

    def ignored(rel: str, is_dir: bool) -> bool:
        # as git does: the deepest .gitignore with a matching pattern decides,
        # so `!name` in a subfolder re-includes what a parent ignored
        for base, spec in reversed(ignores):
            if not rel.startswith(base):
                continue
            include = _check(spec, rel[len(base) :] + ("/" if is_dir else ""))
            if include is not None:
                return include
        return False

    include, exclude = matcher.include, matcher.exclude
    excluding = bool(exclude.patterns)  # an empty list matches nothing
    suffixes = include.name_only()
    ends = suffixes if suffixes is not None else ()

    def visit(folder: str, rel: str) -> None:
        if seen is not None:
            _note(seen, folder)
            _note(seen, os.path.join(folder, ".gitignore"), missing_ok=True)
        spec = _gitignore(Path(folder))
        pushed = spec is not None
        if pushed:
            ignores.append((rel, spec))  # type: ignore[arg-type]
        try:
            entries = sorted(os.scandir(folder), key=_name)
        except OSError:
            entries = []
            if seen is not None:
                seen.append((folder, None))
        if seen is not None:
            seen.extend((entry.path, None) for entry in entries if entry.is_symlink())
        subfolders = []
        plain = suffixes is not None and not ignores and not excluding
        for entry in entries:
            name = entry.name
            if plain:  # the common case, decided by the name alone
                try:
                    if name.endswith(ends):
                        if entry.is_file():
                            out.files.append(entry.path)
                            continue
                    elif entry.is_file(follow_symlinks=False):
                        continue  # no KPI file
                except OSError:  # e.g. a looping link: told apart below
                    pass
            path_rel = rel + name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if name.startswith(".") or entry.path == cache_dir:
                    continue
                if include.match_file(path_rel):
                    out.notices.append(f"{entry.path}: skipped as a KPI file: it is a folder (searched like any other)")
                if (ignores and ignored(path_rel, True)) or (excluding and exclude.match_file(path_rel + "/")):
                    continue
                subfolders.append((entry.path, path_rel + "/"))
                continue
            if not include.match_file(path_rel) or (excluding and exclude.match_file(path_rel)) or (ignores and ignored(path_rel, False)):
                continue
            try:
                regular = entry.is_file(follow_symlinks=True)
                special = not regular and os.path.lexists(entry.path) and os.path.exists(entry.path)
            except OSError:
                regular, special = False, False
            if regular:
                out.files.append(entry.path)
            elif special:
                out.notices.append(f"{entry.path}: skipped: not a regular file")
            else:
                out.notices.append(f"{entry.path}: skipped: broken or looping symbolic link")
        for sub, sub_rel in subfolders:
            visit(sub, sub_rel)
        if pushed:
            ignores.pop()

    visit(top_text, rel_top)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _note(seen: list[tuple[str, Signature | None]], path: str, missing_ok: bool = False) -> None:
    try:
        seen.append((path, signature(path)))
    except FileNotFoundError:
        if not missing_ok:  # a missing .gitignore: its folder's signature covers its creation
            seen.append((path, None))
    except OSError:
        seen.append((path, None))


def discover(
    paths: list[Path], config: Config, *, force_exclude: bool = False, project: Discovered | None = None
) -> Discovered:
    """The files named by ``paths`` (explicit files always, unless force-excluded).

    ``project`` is the walk of the whole project root when the run already
    made it: folders inside the root are then taken from it, not walked again."""
    matcher = Matcher.from_config(config)
    out = Discovered()
    root = str(matcher.root)
    for given in paths:
        path = Path(os.path.abspath(given))
        if path.is_dir():
            text = str(path)
            if project is not None and (text == root or text.startswith(root.rstrip(os.sep) + os.sep)):
                prefix = text.rstrip(os.sep) + os.sep
                out.files.extend(f for f in project.files if f.startswith(prefix))
                out.notices.extend(n for n in project.notices if n.startswith(prefix))
                continue
            walk(path, matcher, out)
        else:
            if force_exclude and matcher.excluded(path):
                continue
            out.files.append(str(path))
    out.files = sorted(set(out.files))
    return out


def index_files(config: Config, seen: list[tuple[str, Signature | None]] | None = None) -> Discovered:
    """Every KPI file of the project (for project-wide rules); ``seen`` as
    for :func:`walk`."""
    out = Discovered()
    walk(config.root, Matcher.from_config(config), out, seen)
    out.files = sorted(set(out.files))
    return out


def walk_key(config: Config) -> str:
    """What a walk of the project depends on besides its folders and
    ``.gitignore`` files: the root, the include and exclude patterns and the
    cache folder."""
    return repr((str(config.root), list(config.include), list(config.exclude), str(config.cache_path.resolve())))
