from kpilint.api import document_rule


@document_rule(code="X201", name="boom", severity="error", category=None, docs="## What it does\nRaises.\n")
def check(doc, ctx):
    raise RuntimeError("kaboom")
    yield
