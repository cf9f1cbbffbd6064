"""## What it does
A project rule that forgets `document=`.
"""
from kpilint.api import Finding, project_rule


@project_rule(code="X301", name="homeless", severity="warning", category=None, docs=__doc__)
def check(project, ctx):
    yield Finding(("spec",), "nowhere")
