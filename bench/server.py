"""Latency of ``kpilint server``: from a change of a buffer to its diagnostics.

    python bench/server.py                     # 2,000 files, 40 changes
    python bench/server.py --files 2000 --changes 40 --debounce 200

Generates the same corpus as ``bench/run.py``, starts ``kpilint server`` over
stdio, opens one KPI file and sends whole-text changes to it one at a time,
each waiting for its diagnostics. The figure is the time from sending a
change to receiving its ``publishDiagnostics`` (matched by version), minus
the debounce delay: the work the server does once the user stops typing.
Changes alternate between renaming the KPI (a value every cross-file rule
reads) and editing its statement. The first lint (a cold cache: the whole
project is read) is reported apart.
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import make_corpus  # noqa: E402


def send(pipe: IO[bytes], message: dict[str, Any]) -> None:
    body = json.dumps(message).encode("utf-8")
    pipe.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    pipe.flush()


def reader(pipe: IO[bytes], out: queue.Queue[tuple[float, dict[str, Any]]]) -> None:
    while True:
        length = 0
        while True:
            line = pipe.readline()
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        out.put((time.perf_counter(), json.loads(pipe.read(length))))


def wait_for(inbox: queue.Queue[tuple[float, dict[str, Any]]], uri: str, version: int) -> float:
    while True:
        at, message = inbox.get(timeout=120)
        params = message.get("params") or {}
        if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri and params.get("version") == version:
            return at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--debounce", type=int, default=200, help="milliseconds (the server's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        files = make_corpus(root, args.files)
        target = files[len(files) // 2]
        text = target.read_text(encoding="utf-8")
        uri = target.as_uri()
        server = subprocess.Popen(
            [sys.executable, "-m", "kpilint", "server"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert server.stdin is not None and server.stdout is not None
        inbox: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        threading.Thread(target=reader, args=(server.stdout, inbox), daemon=True).start()
        send(server.stdin, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": root.as_uri(), "capabilities": {},
            "initializationOptions": {"debounce": args.debounce, "today": "2027-01-15"}}})
        while inbox.get(timeout=60)[1].get("id") != 1:
            pass
        send(server.stdin, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        start = time.perf_counter()
        send(server.stdin, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
        first = wait_for(inbox, uri, 1) - start
        latencies = []
        for version in range(2, args.changes + 2):
            if version % 2:
                changed = text.replace("Generated KPI number", f"Generated KPI {version} number")
            else:
                changed = text.replace("by the end of the period", f"by the end of period {version}")
            sent = time.perf_counter()
            send(server.stdin, {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]}})
            latencies.append(wait_for(inbox, uri, version) - sent - args.debounce / 1000)
        send(server.stdin, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        send(server.stdin, {"jsonrpc": "2.0", "method": "exit", "params": None})
        server.wait(timeout=30)
    ms = sorted(x * 1000 for x in latencies)
    print(f"{args.files} files, {len(ms)} changes, debounce {args.debounce} ms")
    print(f"first lint (cold cache): {first * 1000:.0f} ms")
    print(f"change -> diagnostics after the debounce: median {statistics.median(ms):.0f} ms, "
          f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms")


if __name__ == "__main__":
    main()
