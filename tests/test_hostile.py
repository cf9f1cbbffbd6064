"""Hostile-input acceptance test: no input breaks kpilint (SPEC §8 "Robust").

A corpus of malformed, hostile and special files is generated in a temporary
folder and run through ONE ``kpilint check`` subprocess (with a timeout, so a
hang fails the test). Every malformed file must give an F or V diagnostic,
nothing may print a traceback, exit codes stay 0/1, nothing from a file is
ever executed, no output holds NaN/Infinity, and the peak memory stays low.
A valid KPI written with CRLF, lone CR, a BOM, UTF-16, anchors or merge keys
must be linted exactly like its plain twin.

Each hostile input is also fed straight to the reader and loader, so a
failure names the input that broke.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from kpilint.loader import load_text
from kpilint.reading import Limits, ReadError, decode

TODAY = "2027-01-15"
TIMEOUT = 60
MAX_RSS_MB = 300


# -- the hostile corpus ----------------------------------------------------------


def _kpi(**replace: str) -> str:
    """A small KPI (not necessarily clean) whose fields can be replaced."""
    fields = {
        "id": "hostile.kpi",
        "name": "Hostile KPI with two posts a week",
        "baseline": "1",
        "target": "2",
        "start": "2027-01-01",
        "end": "2027-03-31",
    }
    fields.update(replace)
    return (
        "apiVersion: kpilint/v1\n"
        "kind: KPI\n"
        "metadata:\n"
        f"  id: {fields['id']}\n"
        f"  name: {fields['name']}\n"
        "spec:\n"
        "  level: company\n"
        "  owner: hostile-owner\n"
        "  statement: Publish two blog posts a week for three months to lift traffic.\n"
        "  metric:\n"
        "    unit: posts/week\n"
        "    direction: increase\n"
        f"    baseline: {fields['baseline']}\n"
        f"    target: {fields['target']}\n"
        "    source: cms.published_posts\n"
        "    frequency: weekly\n"
        "  timeframe:\n"
        f"    start: {fields['start']}\n"
        f"    end: {fields['end']}\n"
        "    review: monthly\n"
        "  plan:\n"
        "    - Hire a writer\n"
    )


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _deep_block(depth: int) -> bytes:
    out = []
    for level in range(depth):
        out.append(" " * level + f"k{level}:")
    out[-1] += " leaf"
    return ("\n".join(out) + "\n").encode()


def _over_one_mib() -> bytes:
    line = b"# " + b"x" * 98 + b"\n"
    return b"a: 1\n" + line * (1024 * 1024 // len(line) + 10)


MARKER_NAME = "MARKER"


def _python_tag(marker: Path) -> bytes:
    return (
        f'a: !!python/object/apply:os.system ["touch {MARKER_NAME}"]\n'
        f'b: !!python/object/apply:os.system ["touch {marker}"]\n'
        f'c: !!python/object/apply:subprocess.call [["touch", "{marker}"]]\n'
    ).encode()


# name -> file name, and a function of the marker path giving the bytes.
# Every one of these is malformed: it must get at least one F or V diagnostic.
HOSTILE: dict[str, tuple[str, Callable[[Path], bytes]]] = {
    "empty": ("empty.kpi.yaml", lambda m: b""),
    "empty-json": ("empty.kpi.json", lambda m: b""),
    "only-comments": ("comments.kpi.yaml", lambda m: b"# nothing here\n# at all\n"),
    "top-scalar": ("scalar.kpi.yaml", lambda m: b"just a string\n"),
    "top-list": ("list.kpi.yaml", lambda m: b"- a\n- b\n"),
    "top-list-json": ("list.kpi.json", lambda m: b"[1, 2, 3]\n"),
    "invalid-utf8": ("badutf8.kpi.yaml", lambda m: b"name: caf\xe9 \xc3\x28\n"),
    "bad-utf16": ("badutf16.kpi.yaml", lambda m: b"\xff\xfe" + "a: 1\n".encode("utf-16-le") + b"\x00"),
    "nul-bytes": ("nul.kpi.yaml", lambda m: b"a: 1\x00\nb: 2\n"),
    "binary": ("binary.kpi.yaml", lambda m: random.Random(20270115).randbytes(4096)),
    "binary-json": ("binary.kpi.json", lambda m: random.Random(42).randbytes(2048)),
    "tab-indent": ("tabs.kpi.yaml", lambda m: b"a:\n\tb: 1\n\tc: 2\n"),
    "unclosed-brace": ("brace.kpi.yaml", lambda m: b"a: {b: 1, c: 2\n"),
    "unclosed-bracket": ("bracket.kpi.yaml", lambda m: b"a: [1, 2\n"),
    "unclosed-double-quote": ("dquote.kpi.yaml", lambda m: b'a: "abc\nb: 1\n'),
    "unclosed-single-quote": ("squote.kpi.yaml", lambda m: b"a: 'abc\nb: 1\n"),
    "unclosed-json": ("unclosed.kpi.json", lambda m: b'{"a": [1, 2'),
    "duplicate-keys": ("dupkeys.kpi.yaml", lambda m: _kpi().encode() + b"kind: Owner\n"),
    "complex-key-seq": ("complexkey.kpi.yaml", lambda m: b"? [a, b]\n: 1\n"),
    "complex-key-map": ("complexmap.kpi.yaml", lambda m: b"? {a: 1}\n: 1\n"),
    "int-key": ("intkey.kpi.yaml", lambda m: b"1: x\n"),
    "custom-tag": ("customtag.kpi.yaml", lambda m: b"a: !foo bar\nb: !foo {c: 1}\n"),
    "python-tag": ("pythontag.kpi.yaml", _python_tag),
    "non-finite": ("nonfinite.kpi.yaml", lambda m: b"a: .nan\nb: .inf\nc: -.inf\nd: .NaN\ne: -.Inf\n"),
    "non-finite-kpi": ("nonfinitekpi.kpi.yaml", lambda m: _kpi(id="hostile.nan", name="Non-finite KPI for two posts", baseline=".inf", target=".nan").encode()),
    "huge-int": ("hugeint.kpi.yaml", lambda m: _kpi(id="hostile.huge", name="Huge KPI for two posts", target="9" * 5000).encode()),
    "huge-float": ("hugefloat.kpi.yaml", lambda m: _kpi(id="hostile.hugefloat", name="Huge float KPI with two posts", target="1e400", baseline="-1e400").encode()),
    "bad-dates": ("dates.kpi.yaml", lambda m: _kpi(id="hostile.dates", name="Dated KPI with two posts", start="2027-02-30", end="99999-01-01").encode()),
    "bad-dates-plain": ("datesplain.kpi.yaml", lambda m: b"a: 2027-02-30\nb: 99999-01-01\nc: 2027-13-45T99:99:99\n"),
    "json-trailing-comma": ("trailing.kpi.json", lambda m: b'{"a": 1, "b": [1, 2,],}\n'),
    "json-lone-surrogate": ("surrogate.kpi.json", lambda m: b'{"apiVersion": "kpilint/v1", "kind": "KPI", "metadata": {"id": "x", "name": "\\ud800"}}\n'),
    "json-nan": ("nan.kpi.json", lambda m: b'{"a": NaN, "b": Infinity, "c": -Infinity}\n'),
    "json-huge-number": ("hugenum.kpi.json", lambda m: b'{"a": ' + b"9" * 5000 + b", \"b\": 1e400}\n"),
    "json-deep": ("deep.kpi.json", lambda m: b"[" * 10_000 + b"]" * 10_000),
    "many-documents": ("manydocs.kpi.yaml", lambda m: b"".join(b"---\nk%d: %d\n" % (i, i) for i in range(3000))),
    "deep-flow": ("deepflow.kpi.yaml", lambda m: b"[" * 10_000),
    "deep-flow-closed": ("deepflowclosed.kpi.yaml", lambda m: b"[" * 10_000 + b"]" * 10_000),
    "deep-flow-lines": ("deepflowlines.kpi.yaml", lambda m: b"[\n" * 10_000 + b"]\n" * 10_000),
    "json-deep-lines": ("deeplines.kpi.json", lambda m: b"[\n" * 10_000 + b"]\n" * 10_000),
    "deep-flow-map": ("deepmap.kpi.yaml", lambda m: b"{a: " * 10_000 + b"1" + b"}" * 10_000),
    "deep-block": ("deepblock.kpi.yaml", lambda m: _deep_block(200)),
    "deep-block-seq": ("deepseq.kpi.yaml", lambda m: b"".join(b" " * i + b"-\n" for i in range(0, 400, 2)) + b" " * 400 + b"- x\n"),
    "billion-laughs": ("laughs.kpi.yaml", lambda m: _billion_laughs()),
    "over-1mib": ("big.kpi.yaml", lambda m: _over_one_mib()),
    "long-line": ("longline.kpi.yaml", lambda m: b"a: " + b"x" * 25_000 + b"\n"),
    "control-chars": ("control.kpi.yaml", lambda m: b"a: bad \x1b[31m red \x07 bell\n"),
}

SPECIAL = ("x.kpi.yaml", "f.kpi.yaml", "broken.kpi.yaml", "loop.kpi.yaml")


# -- the valid twins -------------------------------------------------------------


def _owners() -> str:
    docs = [
        "apiVersion: kpilint/v1\nkind: Owner\nmetadata:\n  id: acme\n  name: ACME Ltd.\nspec:\n  type: company\n",
        "apiVersion: kpilint/v1\nkind: Owner\nmetadata:\n  id: hostile-owner\n  name: Owner of hostile files\nspec:\n  type: company\n",
    ]
    for variant in TWINS:
        docs.append(
            "apiVersion: kpilint/v1\nkind: Owner\nmetadata:\n"
            f"  id: team-{variant}\n  name: Team {variant}\nspec:\n  type: team\n  parent: acme\n"
        )
    return "---\n".join(docs)


PARENT = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: company.website-traffic
  name: Monthly website visitors for the whole company
spec:
  level: company
  owner: acme
  statement: Reach 50000 monthly website visitors by the end of 2027 through content.
  metric:
    unit: visitors/month
    direction: increase
    baseline: 30000
    target: 50000
    bounds: {min: 0}
    aggregation: none
    source: analytics.monthly_visitors
    frequency: monthly
  timeframe:
    start: 2027-01-01
    end: 2027-12-31
    review: monthly
  plan:
    - Publish more articles
    - Improve search ranking
"""

PLAIN = """\
# A clean team KPI.
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: marketing.twin-{variant}
  name: Blog posts published per week by team {variant}
  labels: {{department: marketing, area: marketing}}
spec:
  level: team
  owner: team-{variant}
  parent: company.website-traffic
  statement: >-
    Publish two blog posts a week for three months to lift organic
    website traffic.
  metric:
    unit: posts/week
    direction: increase
    baseline: 1
    target: 2
    bounds: {{min: 0}}
    aggregation: none
    source: cms.published_posts
    frequency: weekly
  timeframe:
    start: 2027-01-01
    end: 2027-03-31
    review: monthly
  plan:
    - Hire a freelance writer
    - Keep an editorial calendar
"""

ANCHORS = PLAIN.replace(
    "labels: {{department: marketing, area: marketing}}", "labels: {{department: &dept marketing, area: *dept}}"
).replace("  plan:\n    - Hire a freelance writer", "  plan:\n    - &writer Hire a freelance writer")

MERGE = PLAIN.replace(
    "  timeframe:\n    start: 2027-01-01\n    end: 2027-03-31\n    review: monthly\n",
    "  timeframe:\n    <<: [{{review: monthly}}, {{start: 2027-01-01}}]\n    end: 2027-03-31\n",
).replace("    bounds: {{min: 0}}\n", "    bounds:\n      <<: {{min: 0}}\n")


def _twin(variant: str) -> bytes:
    if variant == "anchors":
        return ANCHORS.format(variant=variant).encode()
    if variant == "merge":
        return MERGE.format(variant=variant).encode()
    text = PLAIN.format(variant=variant)
    if variant == "crlf":
        return text.replace("\n", "\r\n").encode()
    if variant == "cr":
        return text.replace("\n", "\r").encode()
    if variant == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if variant == "bom-crlf":
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    if variant == "utf16":
        return text.encode("utf-16")  # with its BOM
    if variant == "utf16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if variant == "utf32":
        return text.encode("utf-32")
    return text.encode()


TWINS = ("plain", "crlf", "cr", "bom", "bom-crlf", "utf16", "utf16-be", "utf32", "anchors", "merge")


def _json_twin() -> bytes:
    data = {
        "apiVersion": "kpilint/v1",
        "kind": "KPI",
        "metadata": {"id": "marketing.twin-json", "name": "Blog posts published per week by team json"},
        "spec": {
            "level": "team",
            "owner": "team-json",
            "parent": "company.website-traffic",
            "statement": "Publish two blog posts a week for three months to lift organic website traffic.",
            "metric": {
                "unit": "posts/week",
                "direction": "increase",
                "baseline": 1,
                "target": 2,
                "bounds": {"min": 0},
                "aggregation": "none",
                "source": "cms.published_posts",
                "frequency": "weekly",
            },
            "timeframe": {"start": "2027-01-01", "end": "2027-03-31", "review": "monthly"},
            "plan": ["Hire a freelance writer", "Keep an editorial calendar"],
        },
    }
    return json.dumps(data, indent=2).replace("\n", "\r\n").encode("utf-8")


# -- building and running the corpus ------------------------------------------------


def _write_corpus(root: Path, marker: Path) -> dict[str, str]:
    """Write everything; returns hostile case -> relative file name."""
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    names: dict[str, str] = {}
    for case, (name, make) in HOSTILE.items():
        (root / name).write_bytes(make(marker))
        names[case] = name
    valid = root / "valid"
    valid.mkdir()
    (valid / "owners.kpi.yaml").write_text(_owners(), encoding="utf-8")
    with (valid / "owners.kpi.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "---\napiVersion: kpilint/v1\nkind: Owner\nmetadata:\n  id: team-json\n  name: Team json\n"
            "spec:\n  type: team\n  parent: acme\n"
        )
    (valid / "parent.kpi.yaml").write_text(PARENT, encoding="utf-8")
    for variant in TWINS:
        (valid / f"twin-{variant}.kpi.yaml").write_bytes(_twin(variant))
    (valid / "twin-json.kpi.json").write_bytes(_json_twin())
    # special files: never read as KPI files, never blocking
    (root / "x.kpi.yaml").mkdir()
    os.mkfifo(root / "f.kpi.yaml")
    os.symlink(root / "does-not-exist.kpi.yaml", root / "broken.kpi.yaml")
    os.symlink(root / "loop.kpi.yaml", root / "loop.kpi.yaml")
    return names


_WRAPPER = """
import json, resource, subprocess, sys
args = json.loads(sys.argv[1])
proc = subprocess.run(args["argv"], cwd=args["cwd"], capture_output=True, timeout=args["timeout"])
with open(args["out"], "wb") as handle:
    handle.write(proc.stdout)
with open(args["err"], "wb") as handle:
    handle.write(proc.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "maxrss_kb": usage.ru_maxrss}))
"""


def _run_check(cwd: Path, tmp_path: Path, *extra: str) -> tuple[int, bytes, bytes, int, float]:
    """Run ``kpilint check .`` in a fresh wrapper process that measures the
    peak memory of its own children only."""
    out, err = tmp_path / "stdout.bin", tmp_path / "stderr.bin"
    argv = [sys.executable, "-m", "kpilint", "check", ".", "--jobs", "1", "--no-cache", "--today", TODAY, *extra]
    args = {"argv": argv, "cwd": str(cwd), "timeout": TIMEOUT, "out": str(out), "err": str(err)}
    started = time.monotonic()
    wrapper = subprocess.run(
        [sys.executable, "-c", _WRAPPER, json.dumps(args)], capture_output=True, text=True, timeout=TIMEOUT + 15
    )
    elapsed = time.monotonic() - started
    assert wrapper.returncode == 0, wrapper.stderr[-3000:]
    report = json.loads(wrapper.stdout)
    return report["rc"], out.read_bytes(), err.read_bytes(), report["maxrss_kb"], elapsed


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("hostile")
    root = base / "corpus"
    root.mkdir()
    marker = base / "ABSOLUTE_MARKER"
    names = _write_corpus(root, marker)
    rc, out, err, maxrss_kb, elapsed = _run_check(root, base, "--format", "json")
    return {
        "root": root,
        "base": base,
        "marker": marker,
        "names": names,
        "rc": rc,
        "stdout": out,
        "stderr": err.decode("utf-8", "replace"),
        "maxrss_kb": maxrss_kb,
        "elapsed": elapsed,
    }


def _report(corpus_run: dict) -> dict:
    assert corpus_run["rc"] in (0, 1), (corpus_run["rc"], corpus_run["stderr"][-3000:])
    return json.loads(corpus_run["stdout"].decode("utf-8"))


def _by_file(report: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for diag in report["diagnostics"]:
        out.setdefault(diag["path"], []).append(diag)
    return out


# -- the corpus assertions --------------------------------------------------------


def test_corpus_exit_code_and_no_traceback(corpus_run: dict) -> None:
    assert corpus_run["rc"] in (0, 1), corpus_run["stderr"][-3000:]
    assert "Traceback" not in corpus_run["stderr"], corpus_run["stderr"][-3000:]
    report = _report(corpus_run)
    assert not any(d["code"] == "K900" for d in report["diagnostics"]), [
        d for d in report["diagnostics"] if d["code"] == "K900"
    ]


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_every_malformed_file_gets_an_f_or_v_code(corpus_run: dict, case: str) -> None:
    found = _by_file(_report(corpus_run)).get(corpus_run["names"][case], [])
    codes = sorted({d["code"] for d in found})
    assert any(code[0] in "FV" for code in codes), f"{case}: {codes}"


def test_diagnostics_lie_inside_their_files(corpus_run: dict) -> None:
    root = corpus_run["root"]
    for path, diags in _by_file(_report(corpus_run)).items():
        data = (root / path).read_bytes()
        try:
            text = decode(data)
        except ReadError:
            text = ""
        lines = text.lstrip("\ufeff").split("\n")
        for d in diags:
            assert 1 <= d["line"] <= len(lines) + 1, (path, d)
            assert (d["end_line"], d["end_column"]) >= (d["line"], d["column"]), (path, d)
            assert d["end_line"] <= len(lines) + 1, (path, d)
            if d["line"] <= len(lines):
                assert d["column"] <= len(lines[d["line"] - 1]) + 2, (path, d)


def test_nothing_is_executed(corpus_run: dict) -> None:
    _report(corpus_run)
    assert not corpus_run["marker"].exists()
    assert not (corpus_run["root"] / MARKER_NAME).exists()
    assert not (corpus_run["base"] / MARKER_NAME).exists()
    assert not Path(MARKER_NAME).exists()


_ECHO = re.compile(r"`[^`]*`|\"[^\"]*\"|'[^']*'")
# how Python and JSON spell non-finite numbers (float repr, json.dumps)
_NON_FINITE_WORD = re.compile(r"\b(nan|inf|NaN|Infinity)\b")


def test_no_output_holds_nan_or_infinity(corpus_run: dict) -> None:
    """No number in any output is NaN or infinite: the JSON report parses
    strictly, and no message says nan/inf outside a quote of the file."""

    def reject(name: str) -> None:
        raise AssertionError(f"non-finite number {name} in the JSON output")

    report = json.loads(corpus_run["stdout"].decode("utf-8"), parse_constant=reject)
    json.dumps(report, allow_nan=False)
    for word in ("NaN", "Infinity"):
        assert word not in corpus_run["stderr"]
    for d in report["diagnostics"]:
        assert not _NON_FINITE_WORD.search(_ECHO.sub("", d["message"])), d
    nonfinite = _by_file(report)[corpus_run["names"]["non-finite"]]
    assert len([d for d in nonfinite if d["code"] == "V001"]) >= 5, nonfinite


def test_limits_and_syntax_codes(corpus_run: dict) -> None:
    by_file = _by_file(_report(corpus_run))
    names = corpus_run["names"]

    def codes(case: str) -> set[str]:
        return {d["code"] for d in by_file.get(names[case], [])}

    for case in ("billion-laughs", "over-1mib", "long-line", "deep-block", "deep-block-seq"):
        assert "F004" in codes(case), (case, codes(case))
    for case in ("deep-flow", "deep-flow-closed", "deep-flow-map", "json-deep", "deep-flow-lines", "json-deep-lines"):
        assert codes(case) & {"F002", "F004"}, (case, codes(case))
    for case in ("invalid-utf8", "bad-utf16", "nul-bytes", "binary", "binary-json"):
        assert "F001" in codes(case), (case, codes(case))
    for case in ("tab-indent", "unclosed-brace", "unclosed-bracket", "unclosed-double-quote", "unclosed-single-quote",
                 "json-trailing-comma", "json-nan", "json-lone-surrogate", "unclosed-json", "control-chars"):
        assert "F002" in codes(case), (case, codes(case))
    assert "F003" in codes("duplicate-keys")
    for case in ("empty", "empty-json", "only-comments"):
        assert "F005" in codes(case), (case, codes(case))
    for case in ("complex-key-seq", "complex-key-map", "int-key", "custom-tag", "python-tag", "non-finite",
                 "non-finite-kpi", "huge-int", "top-scalar", "top-list"):
        assert "V001" in codes(case), (case, codes(case))


def test_special_files_are_skipped_with_a_notice(corpus_run: dict) -> None:
    report = _report(corpus_run)
    paths = {d["path"] for d in report["diagnostics"]}
    for name in SPECIAL:
        assert name not in paths, name
    for name in SPECIAL:
        assert any(name in line and "skipped" in line for line in corpus_run["stderr"].splitlines()), (
            name,
            corpus_run["stderr"][-2000:],
        )


def test_special_files_named_explicitly_never_block(tmp_path: Path) -> None:
    """A FIFO or a directory given on the command line is never opened for
    reading as a KPI file (that would block or crash)."""
    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    os.mkfifo(tmp_path / "f.kpi.yaml")
    (tmp_path / "x.kpi.yaml").mkdir()
    argv = [sys.executable, "-m", "kpilint", "check", "f.kpi.yaml", "x.kpi.yaml", "--no-cache", "--format", "json"]
    proc = subprocess.run(argv, cwd=tmp_path, capture_output=True, timeout=TIMEOUT)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr
    found = {(d["path"], d["code"]) for d in json.loads(proc.stdout)["diagnostics"]}
    assert found == {("f.kpi.yaml", "F001")}, found


def test_valid_twins_are_linted_like_the_plain_one(corpus_run: dict) -> None:
    by_file = _by_file(_report(corpus_run))
    root = corpus_run["root"]

    def codes(name: str) -> list[str]:
        return sorted(d["code"] for d in by_file.get(f"valid/{name}", []))

    plain = codes("twin-plain.kpi.yaml")
    assert plain == [], by_file.get("valid/twin-plain.kpi.yaml")
    assert codes("parent.kpi.yaml") == [], by_file.get("valid/parent.kpi.yaml")
    assert codes("owners.kpi.yaml") == [], by_file.get("valid/owners.kpi.yaml")
    for variant in TWINS:
        name = f"twin-{variant}.kpi.yaml"
        assert codes(name) == plain, (variant, by_file.get(f"valid/{name}"))
        lines = decode((root / "valid" / name).read_bytes()).lstrip("\ufeff").split("\n")
        for d in by_file.get(f"valid/{name}", []):
            assert d["line"] <= len(lines), (variant, d)
    assert codes("twin-json.kpi.json") == plain, by_file.get("valid/twin-json.kpi.json")
    smart = {(d["path"], d["document"]): d["smart"] for d in _report(corpus_run)["documents"]}
    for variant in TWINS:
        assert smart.get((f"valid/twin-{variant}.kpi.yaml", 0)) is True, variant


def test_twin_positions_match_the_plain_one(tmp_path: Path) -> None:
    """A finding in a CRLF/CR/BOM/UTF-16 twin points where it does in the plain
    file (same line and column)."""
    from kpilint.engine import Options, prepare, run

    (tmp_path / "kpilint.toml").write_text("", encoding="utf-8")
    broken = PLAIN.replace("target: 2", "target: 0.5")  # M106 at the target
    files = {}
    for variant in ("plain", "crlf", "cr", "bom", "utf16", "utf32"):
        text = broken.format(variant=variant)
        data = {
            "plain": text.encode(),
            "crlf": text.replace("\n", "\r\n").encode(),
            "cr": text.replace("\n", "\r").encode(),
            "bom": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
            "utf16": text.encode("utf-16"),
            "utf32": text.encode("utf-32"),
        }[variant]
        path = tmp_path / f"{variant}.kpi.yaml"
        path.write_bytes(data)
        files[variant] = path
    session = prepare([tmp_path], Options(isolated=True, config_file=tmp_path / "kpilint.toml"))
    result = run(session, [tmp_path])
    found: dict[str, set[tuple[str, int, int, int, int]]] = {}
    for d in result.diagnostics:
        found.setdefault(Path(d.path).name.split(".")[0], set()).add((d.code, d.line, d.col, d.end_line, d.end_col))
    assert any(item[0] == "M106" for item in found["plain"]), found["plain"]
    for variant in files:
        assert found[variant] == found["plain"], variant


def test_peak_memory_and_time(corpus_run: dict) -> None:
    _report(corpus_run)
    assert corpus_run["maxrss_kb"] < MAX_RSS_MB * 1024, corpus_run["maxrss_kb"]
    assert corpus_run["elapsed"] < TIMEOUT


# -- control characters never reach the terminal raw ----------------------------------------


CONTROL_KPI = PLAIN.replace("marketing.twin-{variant}", "control.kpi-{variant}").replace(
    "  name: Blog posts published per week by team {variant}\n",
    '  name: "Evil \\e[31m red \\a bell \\r carriage name"\n',
)


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_control_characters_are_never_printed_raw(tmp_path: Path, fmt: str) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "kpilint.toml").write_text("", encoding="utf-8")
    # two KPIs share the name (S104 quotes it); a third has raw control bytes (F002 shows the line)
    (root / "one.kpi.yaml").write_text(CONTROL_KPI.format(variant="one"), encoding="utf-8")
    (root / "two.kpi.yaml").write_text(CONTROL_KPI.format(variant="two"), encoding="utf-8")
    (root / "raw.kpi.yaml").write_bytes(b"apiVersion: kpilint/v1\nname: evil \x1b[31m red \x07 bell\n")
    argv = [sys.executable, "-m", "kpilint", "check", ".", "--jobs", "1", "--no-cache", "--today", TODAY, "--format", fmt]
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run(argv, cwd=root, capture_output=True, timeout=TIMEOUT, env=env)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr
    assert b"S104" in proc.stdout, proc.stdout.decode("utf-8", "replace")
    assert b"raw.kpi.yaml" in proc.stdout
    for stream in (proc.stdout, proc.stderr):
        for byte in (b"\x1b", b"\x07", b"\r"):
            assert byte not in stream, (byte, stream.decode("utf-8", "replace"))


# -- loader-level checks, one per hostile input ------------------------------------------


def _loader_codes(name: str, data: bytes) -> tuple[set[str], list]:
    """Codes the reader/loader give for ``data`` (schema codes come later)."""
    limits = Limits()
    if len(data) > limits.max_file_bytes:
        return {"F004"}, []
    try:
        text = decode(data)
    except ReadError as exc:
        assert exc.code in ("F001", "F004") and exc.message
        return {exc.code}, []
    assert "\r" not in text
    text = text.lstrip("\ufeff")
    loaded = load_text(text, name, limits, is_json=name.endswith(".json"))
    lines = text.split("\n")
    for problem in loaded.problems:
        assert problem.message
        assert 1 <= problem.span.line <= len(lines) + 1, problem
    return {p.code for p in loaded.problems}, loaded.documents


# expected loader codes; None: the loader gives documents and the schema (V001) judges them
LOADER_EXPECT: dict[str, set[str] | None] = {
    "empty": {"F005"},
    "empty-json": {"F005"},
    "only-comments": {"F005"},
    "top-scalar": None,
    "top-list": None,
    "top-list-json": None,
    "invalid-utf8": {"F001"},
    "bad-utf16": {"F001"},
    "nul-bytes": {"F001"},
    "binary": {"F001"},
    "binary-json": {"F001"},
    "tab-indent": {"F002"},
    "unclosed-brace": {"F002"},
    "unclosed-bracket": {"F002"},
    "unclosed-double-quote": {"F002"},
    "unclosed-single-quote": {"F002"},
    "unclosed-json": {"F002"},
    "duplicate-keys": {"F003"},
    "complex-key-seq": {"V001"},
    "complex-key-map": {"V001"},
    "int-key": {"V001"},
    "custom-tag": {"V001"},
    "python-tag": {"V001"},
    "non-finite": {"V001"},
    "non-finite-kpi": {"V001"},
    "huge-int": {"V001"},
    "huge-float": {"V001"},
    "bad-dates": None,
    "bad-dates-plain": None,
    "json-trailing-comma": {"F002"},
    "json-lone-surrogate": {"F002"},
    "json-nan": {"F002"},
    "json-huge-number": {"V001"},
    "json-deep": {"F002", "F004"},
    "many-documents": None,
    "deep-flow": {"F002", "F004"},
    "deep-flow-closed": {"F002", "F004"},
    "deep-flow-map": {"F002", "F004"},
    "deep-flow-lines": {"F002", "F004"},
    "json-deep-lines": {"F002", "F004"},
    "deep-block": {"F004"},
    "deep-block-seq": {"F004"},
    "billion-laughs": {"F004"},
    "over-1mib": {"F004"},
    "long-line": {"F004"},
    "control-chars": {"F002"},
}


def test_loader_expectations_cover_the_corpus() -> None:
    assert set(LOADER_EXPECT) == set(HOSTILE)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_loader_on_each_hostile_input(case: str, tmp_path: Path) -> None:
    name, make = HOSTILE[case]
    marker = tmp_path / "ABSOLUTE_MARKER"
    started = time.monotonic()
    codes, documents = _loader_codes(name, make(marker))
    elapsed = time.monotonic() - started
    expected = LOADER_EXPECT[case]
    if expected is None:
        assert documents, case
        assert not codes & {"F001", "F004"}, (case, codes)
    else:
        assert codes and codes <= expected, (case, codes, expected)
    assert not marker.exists()
    assert elapsed < 5, (case, elapsed)
    if case == "many-documents":
        assert len(documents) == 3000


def test_billion_laughs_is_rejected_in_milliseconds() -> None:
    text = _billion_laughs().decode()
    started = time.monotonic()
    loaded = load_text(text, "laughs.kpi.yaml")
    elapsed = time.monotonic() - started
    assert [p.code for p in loaded.problems] == ["F004"]
    assert elapsed < 0.5, elapsed


@pytest.mark.parametrize("depth", [70, 200, 1000, 10_000, 100_000])
@pytest.mark.parametrize("kind", ["seq", "seq-lines", "map", "map-lines", "block", "json", "json-lines"])
def test_deep_nesting_never_crashes(depth: int, kind: str) -> None:
    if kind == "seq":
        text = "[" * depth + "]" * depth
    elif kind == "seq-lines":
        text = "[\n" * depth + "]\n" * depth
    elif kind == "map":
        text = "{a: " * depth + "1" + "}" * depth
    elif kind == "map-lines":
        text = "{a:\n" * depth + "1\n" + "}\n" * depth
    elif kind == "json-lines":
        text = '{"a":\n' * depth + "1\n" + "}\n" * depth
    elif kind == "json":
        text = '{"a": ' * depth + "1" + "}" * depth
    else:
        if depth > 1000:
            pytest.skip("block nesting this deep is over the line-length or size limit")
        text = _deep_block(depth).decode()
    if len(text) > Limits().max_file_bytes:
        pytest.skip("over the size limit (F004 before parsing)")
    started = time.monotonic()
    loaded = load_text(text, "deep.kpi.json" if kind.startswith("json") else "deep.kpi.yaml", is_json=kind.startswith("json"))
    elapsed = time.monotonic() - started
    assert {p.code for p in loaded.problems} & {"F002", "F004"}, loaded.problems
    assert elapsed < 5, elapsed


@pytest.mark.parametrize("variant", TWINS)
def test_loader_reads_each_twin_like_the_plain_one(variant: str) -> None:
    plain = load_text(decode(_twin("plain")), "p.kpi.yaml")
    text = decode(_twin(variant)).lstrip("\ufeff")
    twin = load_text(text, "t.kpi.yaml")
    assert twin.problems == [] and plain.problems == []
    assert len(twin.documents) == 1

    def normal(data: dict) -> str:
        return json.dumps(data, sort_keys=True, default=str).replace(variant, "V").replace("plain", "V")

    assert normal(twin.documents[0].data) == normal(plain.documents[0].data)
