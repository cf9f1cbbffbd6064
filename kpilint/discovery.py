"""Find KPI files: include/exclude globs, .gitignore, hidden and cache folders."""

from __future__ import annotations

import functools
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pathspec

from kpilint.config import Config


@dataclass
class Discovered:
    files: list[Path] = field(default_factory=list)  # absolute, sorted, unique
    notices: list[str] = field(default_factory=list)


def _spec(patterns: Iterable[str]) -> pathspec.PathSpec:
    """Patterns with .gitignore semantics (``GitIgnoreSpec``: no deprecated
    ``gitwildmatch`` factory, and the last matching pattern wins as in git)."""
    return _compiled(tuple(patterns))


@functools.lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


@dataclass(frozen=True)
class Matcher:
    """Include/exclude matching relative to the project root."""

    root: Path
    include: pathspec.PathSpec
    exclude: pathspec.PathSpec
    cache_dir: Path

    @classmethod
    def from_config(cls, config: Config) -> Matcher:
        return cls(config.root, _spec(config.include), _spec(config.exclude), config.cache_path.resolve())

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


def _gitignore(directory: Path) -> pathspec.PathSpec | None:
    path = directory / ".gitignore"
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return _spec(lines)


def _check(spec: pathspec.PathSpec, rel: str) -> bool | None:
    """True if ``rel`` is ignored, False if re-included (``!pattern``), None if
    no pattern of ``spec`` matches it."""
    check = getattr(spec, "check_file", None)
    if check is None:  # pragma: no cover - pathspec < 0.12
        return True if spec.match_file(rel) else None
    include: bool | None = check(rel).include
    return include


def walk(top: Path, matcher: Matcher, out: Discovered) -> None:
    """Add every included KPI file under ``top`` to ``out``."""
    ignores: list[tuple[Path, pathspec.PathSpec]] = []
    chain = [top]
    if matcher.root in top.parents:
        chain = [matcher.root, *reversed([p for p in top.parents if matcher.root in p.parents]), top]
    for folder in chain[:-1]:
        spec = _gitignore(folder)
        if spec is not None:
            ignores.append((folder, spec))

    def ignored(path: Path, is_dir: bool) -> bool:
        # as git does: the deepest .gitignore with a matching pattern decides,
        # so `!name` in a subfolder re-includes what a parent ignored
        for base, spec in reversed(ignores):
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            include = _check(spec, rel + "/" if is_dir else rel)
            if include is not None:
                return include
        return False

    for current, dirs, files in os.walk(top):
        here = Path(current)
        spec = _gitignore(here)
        if spec is not None:
            ignores.append((here, spec))
        keep = []
        for name in sorted(dirs):
            sub = here / name
            if name.startswith(".") or sub.resolve() == matcher.cache_dir:
                continue
            if ignored(sub, True) or matcher.excluded(sub, True):
                continue
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            path = here / name
            if not matcher.included(path) or matcher.excluded(path) or ignored(path, False):
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError:
                out.notices.append(f"{path}: skipped: broken or looping symbolic link")
                continue
            if not stat.S_ISREG(mode):
                out.notices.append(f"{path}: skipped: not a regular file")
                continue
            out.files.append(path)


def discover(paths: list[Path], config: Config, *, force_exclude: bool = False) -> Discovered:
    """The files named by ``paths`` (explicit files always, unless force-excluded)."""
    matcher = Matcher.from_config(config)
    out = Discovered()
    for given in paths:
        path = Path(os.path.abspath(given))
        if path.is_dir():
            walk(path, matcher, out)
        else:
            if force_exclude and matcher.excluded(path):
                continue
            out.files.append(path)
    out.files = sorted(set(out.files))
    return out


def index_files(config: Config) -> Discovered:
    """Every KPI file of the project (for project-wide rules)."""
    out = Discovered()
    walk(config.root, Matcher.from_config(config), out)
    out.files = sorted(set(out.files))
    return out
