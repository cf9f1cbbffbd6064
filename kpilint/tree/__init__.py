"""``kpilint tree``: the cascade of KPIs as a tree.

``model`` holds the data (a :class:`~kpilint.tree.model.Forest` of
:class:`~kpilint.tree.model.Kpi`), ``adapter`` builds it from a lint run,
and ``text``, ``data`` (json), ``dot`` and ``mermaid`` render it.
"""

FORMATS = ("text", "mermaid", "dot", "json")
