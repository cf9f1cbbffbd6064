"""## What it does
Nothing.
"""
from kpilint.api import document_rule


@document_rule(code="ACME101", name="local", severity="info", category=None, docs=__doc__)
def check(doc, ctx):
    return ()
