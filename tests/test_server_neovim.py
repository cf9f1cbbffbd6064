"""One end-to-end run of ``kpilint server`` with a real editor: a headless
neovim (0.7 or later; ``.ci/run`` installs Debian's package) opens the social
reach example, receives S101 at 15:9, applies "Disable S101 for this line"
and sees the diagnostic go away. Skipped, saying so, only when ``nvim`` is
not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SCRIPT = r"""
local out = io.open(os.getenv("KPILINT_RESULT"), "w")
local function say(text) out:write(text .. "\n"); out:flush() end
local ok, problem = pcall(function()
  vim.o.swapfile = false
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("KPILINT_FILE")))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = "kpilint",
    cmd = { os.getenv("KPILINT_PYTHON"), "-m", "kpilint", "server" },
    root_dir = os.getenv("KPILINT_ROOT"),
    init_options = { today = "2027-01-15" },
  })
  assert(client, "the server did not start")
  vim.lsp.buf_attach_client(buf, client)
  local function s101()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == "S101" then return d end
    end
  end
  assert(vim.wait(30000, function() return s101() ~= nil end, 20), "no S101 arrived")
  local d = s101()
  say(string.format("received S101 %d:%d", d.lnum + 1, d.col + 1))
  local at = { line = d.lnum, character = d.col }
  local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = at, ["end"] = at },
    context = { diagnostics = {} },
  }, 10000)
  local applied = false
  for _, answer in pairs(answers or {}) do
    for _, action in ipairs(answer.result or {}) do
      if action.title == "Disable S101 for this line" and not applied then
        vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
        applied = true
      end
    end
  end
  assert(applied, "no action \"Disable S101 for this line\"")
  say("line 14 " .. vim.api.nvim_buf_get_lines(buf, 13, 14, false)[1])
  assert(vim.wait(30000, function() return s101() == nil end, 20), "S101 did not go away")
  say("S101 gone")
end)
if not ok then say("error " .. tostring(problem)) end
out:close()
vim.cmd(ok and "qa!" or "cq!")
"""


def test_neovim_receives_s101_and_disables_it(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("neovim (`nvim`) is not installed: `apt-get install -y neovim` (.ci/run does it as root)")
    examples = tmp_path / "examples"
    shutil.copytree(REPO / "examples", examples, ignore=shutil.ignore_patterns(".kpilint_cache"))
    target = examples / "marketing" / "social-reach.kpi.yaml"
    script = tmp_path / "script.lua"
    script.write_text(SCRIPT, encoding="utf-8")
    result = tmp_path / "result.txt"
    env = dict(
        os.environ,
        KPILINT_RESULT=str(result),
        KPILINT_FILE=str(target),
        KPILINT_ROOT=str(examples),
        KPILINT_PYTHON=sys.executable,
    )
    done = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-c", f"luafile {script}"],
        cwd=examples,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    said = result.read_text(encoding="utf-8").splitlines() if result.exists() else []
    assert done.returncode == 0, (said, done.stderr[-2000:])
    assert said == [
        "received S101 15:9",
        "line 14   statement: >-  # kpilint: disable=S101 -- ",
        "S101 gone",
    ]
    assert "disable=S101" not in target.read_text(encoding="utf-8")  # the unsaved buffer was linted
