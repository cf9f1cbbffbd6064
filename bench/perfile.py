"""Micro-benchmark of the in-process work: per-file analysis and project rules.

    python bench/perfile.py                    # 2,000 generated files
    python bench/perfile.py --files 5000 --rounds 5
    python bench/perfile.py --profile analyse  # cProfile of one round (or: project)
    python bench/perfile.py --against REV      # this tree against commit REV, runs alternated

Everything runs single-threaded in this process, after one warm-up round,
with the cyclic garbage collector paused as the command line does (``--gc``
keeps it on), so the numbers isolate kpilint's own Python work from
start-up, process pools and the cache. Reported: the best round's
microseconds per file of ``analyse`` (load, schema, document rules), its
load-only part, and the milliseconds of all project rules over every
document (as the engine runs them, so it uses engine internals). Run it
without ``PYTHONDONTWRITEBYTECODE`` for numbers comparable to a normal
install.

``--against REV`` measures how the per-file cost grew since a commit: it
checks REV out into a temporary folder (laid out as installed, the rules and
schemas inside the package), then runs that tree's copy of this script and
this tree's in turn, ``--runs`` times each on one shared corpus, each in its
own process, and prints the best and median "analyse (diagnose)" of both and
the growth. Runs alternate so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import make_corpus  # noqa: E402

from kpilint.core import ProjectInputs  # noqa: E402
from kpilint.engine import Options, check_project, prepare, settings_for  # noqa: E402
from kpilint.filestate import state_of  # noqa: E402
from kpilint.parallel import Work, lint_file  # noqa: E402


def best(rounds: int, work: Callable[[], Any]) -> float:
    """The fastest of ``rounds`` timed calls, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="an existing corpus folder (default: a fresh one)")
    parser.add_argument("--gc", action="store_true", help="keep the cyclic garbage collector on (the CLI pauses it)")
    parser.add_argument("--profile", choices=("analyse", "project"), help="print a cProfile of one round")
    parser.add_argument("--against", metavar="REV", help="compare with the tree of this commit (see above)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each tree with --against")
    args = parser.parse_args()
    if args.against:
        return against(args.against, args.runs, args.rounds, args.files)
    with tempfile.TemporaryDirectory(prefix="kpilint-perfile-") as tmp:
        root = args.corpus or Path(tmp)
        if args.corpus is None:
            make_corpus(root, args.files)
        files = sorted(str(path) for path in root.rglob("*.kpi.yaml"))
        blobs = [(path, Path(path).read_bytes()) for path in files]
        session = prepare([root], Options(use_cache=False, today=dt.date(2031, 2, 1)))
        settings = settings_for(session)

        def analyse_all(diagnose: bool = True) -> list[Any]:
            return [lint_file(Work(path, data=data, diagnose=diagnose), settings) for path, data in blobs]

        states = {path: state_of(path, found) for (path, _), found in zip(blobs, analyse_all())}

        def project() -> Any:
            return check_project(session, states, files, ProjectInputs(unparsed={}))

        project()  # warm up
        if not args.gc:
            gc.disable()  # as the command line does during a run
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(analyse_all if args.profile == "analyse" else project)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
            return 0
        full = best(args.rounds, analyse_all)
        load = best(args.rounds, lambda: analyse_all(False))
        rules = best(args.rounds, project)
        count = len(files)
        print(f"{count} files, best of {args.rounds} rounds")
        print(f"analyse (diagnose):    {full / count * 1e6:7.1f} us/file")
        print(f"analyse (load only):   {load / count * 1e6:7.1f} us/file")
        print(f"project rules:         {rules * 1e3:7.1f} ms")
    return 0


_DIAGNOSE = re.compile(r"analyse \(diagnose\):\s*([0-9.]+)")


def against(rev: str, runs: int, rounds: int, count: int) -> int:
    """This tree's per-file cost against the tree of commit ``rev``."""
    repo = HERE.parent
    with tempfile.TemporaryDirectory(prefix="kpilint-against-") as tmp:
        old = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", "--quiet", str(old), rev], check=True)
        try:
            for name in ("rules", "schemas"):  # as installed: inside the package
                (old / "kpilint" / name).symlink_to(old / name, target_is_directory=True)
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            make_corpus(corpus, count)
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            trees = {rev: (old, {**env, "PYTHONPATH": str(old)}), "this tree": (repo, env)}
            found: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(runs):
                for name, (tree, tree_env) in trees.items():
                    cmd = [sys.executable, str(tree / "bench" / "perfile.py"), "--corpus", str(corpus), "--rounds", str(rounds)]
                    out = subprocess.run(cmd, cwd=tmp, env=tree_env, capture_output=True, text=True, check=True).stdout
                    match = _DIAGNOSE.search(out)
                    if match is None:
                        raise SystemExit(f"no per-file figure in the output of {name}:\n{out}")
                    found[name].append(float(match.group(1)))
        finally:
            subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(old)], check=False)
    for name, values in found.items():
        print(f"{name:>12}: best {min(values):6.1f}  median {statistics.median(values):6.1f} us/file  ({', '.join(f'{v:.1f}' for v in values)})")
    base, now = found[rev], found["this tree"]
    print(f"growth: {min(now) / min(base) - 1:+.1%} (best), {statistics.median(now) / statistics.median(base) - 1:+.1%} (median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
