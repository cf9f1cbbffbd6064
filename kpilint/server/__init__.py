"""``kpilint server``: a language server (LSP over stdio) for editors.

The modules each do one job: :mod:`.engine_adapter` is the one place the
server calls the lint engine; :mod:`.positions` converts kpilint's code-point
columns to the client's position encoding; :mod:`.actions` computes code
actions (fixes, "Disable CODE for this line"); :mod:`.settings` reads the
client's ``initializationOptions``; :mod:`.app` is the pygls server itself.
pygls is imported only when the server starts (``pip install kpilint[server]``).
"""

from __future__ import annotations


def serve() -> None:
    """Run the language server over stdin/stdout until the client exits."""
    from kpilint.server.app import make_server

    make_server().start_io()
