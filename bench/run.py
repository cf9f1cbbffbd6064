"""Benchmark kpilint against its peers on the same generated corpus.

    pip install -e ".[bench]"          # check-jsonschema and yamllint (optional)
    python bench/run.py                # 2,000 files, 5 interleaved rounds
    python bench/run.py --files 10000 --rounds 5
    python bench/run.py --git          # the corpus is a git repository (one commit)

Every command runs in its own process, rounds are interleaved (A B C A B C
...) so that machine noise hits all of them alike, and the medians and ratios
are printed as a markdown table. Each timed run follows an untimed run of the
same command, so no command is timed in the wake of another one (on a small
virtual machine, a run of several seconds slows the next multi-process run by
up to a third, while a single-process run such as the floor is unaffected).
Peers that are not installed are skipped. Nothing is installed by this script.

Two edits are timed with a warm cache: "one changed file" appends a comment
line (as a suppression comment would), which changes the file but none of its
documents, so kpilint keeps the cross-file findings once it has checked that
no position they rely on moved; "one file with a value edited" renames a KPI,
so the schema check and the cross-file rules run again.

"One unchanged file" is also timed with a config that sets rule options and
with one that declares house rules (the ``CONFIGS`` variants: add a variant
there to time another configuration). Two cold runs check how the cost
grows: a corpus with 150 ``parent`` ids misspelt (the "did you mean" search)
and a corpus of ``--scale-files`` files (10,000 by default; 0 skips it).

With ``--git`` the corpus is a git repository with one commit, as a KPI
repository is: a run on files named on the command line then compares them
with ``HEAD`` (H108, one ``git`` process), while a run on folders does not.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEVELS = [("company", 1000), ("department", 300), ("team", 150), ("individual", 80)]
UNITS = ["%", "EUR", "visits/month", "tickets", "hours", "posts/week"]
WORDS = "publish resolve reduce reach close book win cut lift keep hold".split()


def kpi_text(index: int, rng: random.Random, parents: list[str]) -> tuple[str, str]:
    """One KPI file of about 30 lines; a few carry typical problems."""
    level, days = LEVELS[min(3, index % 7 // 2)] if index else LEVELS[0]
    kpi_id = f"org.unit{index // 50}.kpi-{index}"
    unit = rng.choice(UNITS)
    baseline = rng.randint(10, 80)
    target = baseline + rng.randint(1, 15)
    parent = "" if level == "company" else f"  parent: {rng.choice(parents)}\n"
    statement = f"{rng.choice(WORDS).capitalize()} {target} {unit} by the end of the period, up from {baseline}."
    if index % 17 == 0:
        statement = "Get more and better results across the various teams."
    end_month = 3 if level == "individual" else 6 if level == "team" else 12
    text = (
        "apiVersion: kpilint/v1\n"
        "kind: KPI\n"
        "metadata:\n"
        f"  id: {kpi_id}\n"
        f"  name: Generated KPI number {index}\n"
        "  labels: {generated: 'yes'}\n"
        "spec:\n"
        f"  level: {level}\n"
        f"  owner: owner-{index % 400}\n"
        f"{parent}"
        "  statement: >-\n"
        f"    {statement}\n"
        "  metric:\n"
        f"    unit: '{unit}'\n"
        "    direction: increase\n"
        f"    baseline: {baseline}\n"
        + (f"    target: {target}\n" if index % 23 else "")
        + "    aggregation: none\n"
        f"    source: warehouse.table_{index}\n"
        "    frequency: weekly\n"
        "  timeframe:\n"
        "    start: 2031-01-01\n"
        f"    end: 2031-{end_month:02d}-{30 if end_month in (6,) else 31}\n"
        "    review: monthly\n"
        "  plan:\n"
        "    - First activity of the plan\n"
        "    - Second activity of the plan\n"
    )
    return kpi_id, text


#: Config variants "one unchanged file" is also timed with (kpilint.toml texts).
CONFIGS = {
    "rule options": "[rules.A104]\nmax-kpis = 5\n",
    "house rules": (
        "[[custom-rules]]\n"
        'code = "ACME101"\n'
        'name = "warehouse-source"\n'
        'description = "Company KPIs read their numbers from the data warehouse."\n'
        'when = { "spec.level" = "company" }\n'
        'path = "spec.metric.source"\n'
        "require = true\n"
        'schema = { type = "string", pattern = "^warehouse\\\\." }\n'
    ),
}


def make_corpus(root: Path, count: int, broken: int = 0) -> list[Path]:
    """``count`` KPI files; ``broken`` of them (spread evenly) name a parent
    id with a typo, as H101's "did you mean" search meets them."""
    rng = random.Random(20261129)
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    parents: list[str] = []
    files = []
    misspelt = 0
    for index in range(count):
        kpi_id, text = kpi_text(index, rng, parents or ["org.unit0.kpi-0"])
        if misspelt < broken and index * broken >= misspelt * count and "  parent: " in text:
            text = text.replace("  parent: org.", "  parent: orgg.", 1)
            misspelt += 1
        if index % 7 < 4:
            parents.append(kpi_id)
        folder = root / f"unit{index // 50:03d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"kpi-{index:05d}.kpi.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def commit_corpus(root: Path) -> None:
    """Make the corpus a git repository whose one commit holds every file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@kpilint.invalid", GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@kpilint.invalid")
    (root / ".gitignore").write_text(".kpilint_cache/\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True, capture_output=True)


FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.kpi.yaml")):
    yaml.compose(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
"""


# every tool runs as a normal install does: with compiled bytecode cached
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def peak_rss_mb(cmd: list[str], cwd: Path) -> float:
    """Peak RSS of the largest process of a run (children included)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=cwd, capture_output=True, text=True, env=ENV).stdout
    return int(out.strip() or 0) / 1024


def _tool(name: str) -> str | None:
    """A peer's executable: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--memory-files", type=int, default=10000, help="corpus size for the peak-memory run (0: skip)")
    parser.add_argument("--scale-files", type=int, default=10000, help="corpus size for the growth run (0: skip)")
    parser.add_argument("--broken", type=int, default=150, help="misspelt parent ids in the broken corpus (0: skip)")
    parser.add_argument("--git", action="store_true", help="make the corpus a git repository with one commit")
    args = parser.parse_args()

    script = Path(sys.executable).parent / "kpilint"  # the command users run (pre-commit too)
    kpilint = [str(script)] if script.exists() else [sys.executable, "-m", "kpilint"]
    have_yaml = subprocess.run([sys.executable, "-c", "import yaml; yaml.CSafeLoader"], capture_output=True).returncode == 0
    cjs = _tool("check-jsonschema")
    yamllint = _tool("yamllint")
    with tempfile.TemporaryDirectory(prefix="kpilint-bench-") as tmp:
        root = Path(tmp) / "corpus"
        root.mkdir()
        files = make_corpus(root, args.files)
        if args.git:
            commit_corpus(root)
        schema = Path(tmp) / "kpi.schema.json"
        subprocess.run([*kpilint, "schema", "--kind", "KPI", "--output", str(schema)], check=True, capture_output=True)
        changed = files[len(files) // 2]  # a comment line appended each round
        unchanged = files[len(files) // 3]
        revalued = files[len(files) // 4]  # its name edited each round: a change the rules see
        variants: dict[str, Path] = {}
        for label, config in CONFIGS.items():
            variants[label] = Path(tmp) / label.replace(" ", "-")
            shutil.copytree(root, variants[label])
            (variants[label] / "kpilint.toml").write_text(config, encoding="utf-8")
        extra: dict[str, Path] = {}  # cases that run in another corpus
        if args.broken:
            extra["kpilint cold, broken parents (--no-cache)"] = Path(tmp) / "broken"
            extra["kpilint cold, broken parents (--no-cache)"].mkdir()
            make_corpus(extra["kpilint cold, broken parents (--no-cache)"], args.files, broken=args.broken)
        if args.scale_files:
            extra[f"kpilint cold, {args.scale_files} files (--no-cache)"] = Path(tmp) / "scale"
            extra[f"kpilint cold, {args.scale_files} files (--no-cache)"].mkdir()
            make_corpus(extra[f"kpilint cold, {args.scale_files} files (--no-cache)"], args.scale_files)
        cold = [*kpilint, "check", ".", "--no-cache", "--format", "concise", "--today", "2031-02-01"]
        cases: dict[str, list[str]] = {
            "kpilint cold (--no-cache)": [*kpilint, "check", ".", "--no-cache", "--format", "concise", "--today", "2031-02-01"],
            "kpilint warm (nothing changed)": [*kpilint, "check", ".", "--format", "concise", "--today", "2031-02-01"],
            "kpilint, one changed file (warm cache)": [*kpilint, "check", str(changed), "--format", "concise", "--today", "2031-02-01"],
            "kpilint, one file with a value edited (warm cache)": [*kpilint, "check", str(revalued), "--format", "concise", "--today", "2031-02-01"],
            "kpilint, one unchanged file (warm cache)": [*kpilint, "check", str(unchanged), "--format", "concise", "--today", "2031-02-01"],
            'python -c "import click"': [sys.executable, "-c", "import click"],
        }
        for label, folder in variants.items():
            name = f"kpilint, one unchanged file, {label} (warm cache)"
            cases[name] = [*kpilint, "check", str(folder / unchanged.relative_to(root)), "--format", "concise", "--today", "2031-02-01"]
            extra[name] = folder
        for name in extra:
            cases.setdefault(name, cold)
        if have_yaml:
            cases["floor: compose every file (PyYAML C)"] = [sys.executable, "-c", FLOOR, "."]
        if cjs:
            cases["check-jsonschema (schema only)"] = [cjs, "--schemafile", str(schema), *[str(f) for f in files]]
        if yamllint:
            cases["yamllint -d relaxed"] = [yamllint, "-d", "relaxed", "."]
            cases["yamllint, one file"] = [yamllint, "-d", "relaxed", str(changed)]
        for name, cmd in cases.items():  # warm up: bytecode, file system cache, kpilint's cache
            subprocess.run(cmd, cwd=extra.get(name, root), capture_output=True, env=ENV)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for round_ in range(args.rounds):
            for name, cmd in cases.items():
                # An unmeasured run of the same command first, so that no
                # command is timed in the wake of a different one: on small
                # virtual machines a multi-second peer run slows the next
                # multi-process run by a third, whichever tool it is.
                subprocess.run(cmd, cwd=extra.get(name, root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
                if name.startswith("kpilint, one changed"):
                    changed.write_text(changed.read_text("utf-8") + f"# edit {round_}\n", encoding="utf-8")
                if name.startswith("kpilint, one file with a value"):
                    text = revalued.read_text("utf-8").replace("  name: Generated KPI", f"  name: Edited {round_} KPI", 1)
                    revalued.write_text(text.replace(f"  name: Edited {round_ - 1} KPI", f"  name: Edited {round_} KPI", 1), encoding="utf-8")
                times[name].append(timed(cmd, extra.get(name, root)))
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"\n{args.files} files, {args.rounds} interleaved rounds, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        print("| command | median (s) |\n|---|---|")
        for name, value in median.items():
            print(f"| {name} | {value:.3f} |")

        def ratio(label: str, a: str, b: str, goal: float) -> None:
            if a in median and b in median and median[b] > 0:
                value = median[a] / median[b]
                print(f"| {label} | {value:.2f} | ≤ {goal} | {'yes' if value <= goal else 'NO'} |")

        print("\n| ratio | value | goal | met |\n|---|---|---|---|")
        ratio("kpilint cold / check-jsonschema", "kpilint cold (--no-cache)", "check-jsonschema (schema only)", 0.15)
        ratio("kpilint cold / yamllint", "kpilint cold (--no-cache)", "yamllint -d relaxed", 0.10)
        ratio("kpilint cold / floor", "kpilint cold (--no-cache)", "floor: compose every file (PyYAML C)", 2.0)
        ratio("kpilint warm / import click", "kpilint warm (nothing changed)", 'python -c "import click"', 3.0)
        ratio("one changed file / yamllint one file", "kpilint, one changed file (warm cache)", "yamllint, one file", 1.2)
        ratio("(also) one value edited / yamllint one file", "kpilint, one file with a value edited (warm cache)", "yamllint, one file", 1.2)
        ratio("one unchanged file / import click", "kpilint, one unchanged file (warm cache)", 'python -c "import click"', 1.5)
        for label in CONFIGS:
            ratio(f"(also) one unchanged file, {label} / import click", f"kpilint, one unchanged file, {label} (warm cache)", 'python -c "import click"', 1.5)
        ratio("broken parents cold / clean cold", "kpilint cold, broken parents (--no-cache)", "kpilint cold (--no-cache)", 1.3)
        ratio(f"{args.scale_files} files cold / {args.files} files cold", f"kpilint cold, {args.scale_files} files (--no-cache)", "kpilint cold (--no-cache)", 6.0)

        if args.memory_files:
            big = Path(tmp) / "big"
            big.mkdir()
            make_corpus(big, args.memory_files)
            for jobs in ("1", "2"):
                rss = peak_rss_mb([*kpilint, "check", ".", "--no-cache", "--jobs", jobs, "--format", "concise"], big)
                print(f"\npeak RSS, {args.memory_files} files, --jobs {jobs}: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
