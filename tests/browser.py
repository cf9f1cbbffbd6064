"""Real renderers for the tree tests: Mermaid (the npm package, in headless
Chromium) and Graphviz. Each helper says why it is unavailable, for the
skip reason."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MERMAID_JS = HERE / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
PAGE = HERE / "mermaid" / "render.html.in"
_RESULT = re.compile(r'<pre id="result">(.*?)</pre>', re.S)


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def mermaid_missing() -> str | None:
    """Why Mermaid in Chromium cannot run here (None when it can)."""
    if chromium() is None:
        return "chromium is not installed (.ci/run installs it with apt-get)"
    if not MERMAID_JS.is_file():
        return f"the mermaid npm package is missing ({MERMAID_JS}; .ci/run installs it with npm in tests/mermaid)"
    return None


def graphviz_missing() -> str | None:
    return None if shutil.which("dot") else "graphviz (`dot`) is not installed (.ci/run installs it with apt-get)"


def fences(markdown: str) -> list[str]:
    """The text of each ```mermaid fence."""
    return re.findall(r"^```mermaid\n(.*?)^```$", markdown, re.S | re.M)


def render_mermaid(diagrams: list[str]) -> list[dict[str, Any]]:
    """Render each diagram in headless Chromium with the real Mermaid."""
    browser = chromium()
    assert browser is not None
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        script = json.dumps(diagrams).replace("</", "<\\/")
        page.write_text(
            PAGE.read_text(encoding="utf-8")
            .replace("MERMAID_JS", MERMAID_JS.as_uri())
            .replace("DIAGRAMS_JSON", script),
            encoding="utf-8",
        )
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--allow-file-access-from-files", f"--user-data-dir={tmp}/profile",
            "--virtual-time-budget=120000", "--dump-dom", page.as_uri(),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": tmp})
    found = _RESULT.search(done.stdout)
    assert found is not None, f"no result from chromium: {done.stderr[-2000:]}"
    text = html.unescape(found.group(1))
    assert text != "pending", f"mermaid did not finish: {done.stderr[-2000:]}"
    result: list[dict[str, Any]] = json.loads(text)
    return result


def render_dot(source: str) -> str:
    done = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout
