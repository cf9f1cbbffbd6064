"""## What it does
Reports an id of a KPI or an Owner that a checked file defined in its last
commit (git `HEAD`) and no longer defines (the id was renamed, or its
document removed) while documents that are **not** checked in this run
still name it: as `spec.parent` (of a KPI, for a KPI id; of an Owner, for
an Owner id) or as `spec.owner` (for an Owner id). The message names those
documents (at most 5, then how many more).

The comparison is made when files are checked by name in a git work tree
that has a commit, as the pre-commit hook does with the staged files.

The finding is reported in the checked file: at the `metadata.id` of the
document that held the id (the document of the same kind that now has an
id the file did not define before, with the same `metadata.name`, else at
the same position in the file), or at 1:1 of the file when that document
is gone.

It stays silent when:

- the id is still defined somewhere in the project (it moved to another
  file): nothing that names it is broken;
- every document that names it is checked in this run: each of them gets
  H101 (or A102, A106) at its own `parent` or `owner`, which says more;
- the checked file no longer parses (F002 says what to fix), or the id
  appears in the text of another file that could not be loaded (F001 to
  F004): that file may define it;
- files are checked by folder (`kpilint check .`), from stdin or in an
  editor, outside a git work tree, before the first commit, or when the file
  is new to git: git is only asked about files named on the command line,
  with one `git cat-file --batch` process for all of them (the files must
  lie in the work tree of the first one), and anything that goes wrong
  there (git missing, a repository git will not read) means no H108, never
  an error.

A suppression of H108 (`# kpilint: disable=H108`) is judged by K001 only
in a run that compared some file with `HEAD`: a run on folders, such as the
pull-request check, could not report H108, so it does not call the
directive unused.

A commit that only deletes KPI files never reaches the pre-commit hook
(pre-commit passes no deleted paths): the check of the whole repository in
the pull request reports the broken references as H101.

## Why is this bad?
The pre-commit hook checks only the staged files. Renaming a parent's id
and committing that one file passes the hook, yet leaves every child that
still names the old id broken (H101 at each of them, found later in
somebody else's pull request). H108 fails the commit that causes the
breakage, in the file that caused it.

## Example
This rule's trigger cannot be written as a KPI snippet (it compares a
file with its last commit): commit a KPI `sales.new-arr` and a child whose
`parent` is `sales.new-arr`, rename the parent's id to
`sales.new-arr-2027`, then run `kpilint check` on the parent's file only.

```yaml
```

Use instead: update the children in the same commit and check them
together (`kpilint check sales/new-arr.kpi.yaml sales/team.kpi.yaml`), or
keep the old id.

```yaml
```

## Options
None.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from kpilint.api import DefinedId, Document, Finding, Project, RuleContext, Span, project_rule
from kpilint.helpers.formatting import MAX_LISTED, listing
from kpilint.sourcemap import SourceMap, YamlPath

ID = ("metadata", "id")
#: Which field of which kind of document names an id of each kind.
NAMED_BY: dict[str, tuple[tuple[str, str], ...]] = {
    "KPI": (("KPI", "parent"),),
    "Owner": (("KPI", "owner"), ("Owner", "parent")),
}
START = Span(1, 1, 1, 2)


@project_rule(code="H108", name="removed-id-in-use", severity="error", category=None, docs=__doc__)
def check(project: Project, ctx: RuleContext) -> Iterator[Finding]:
    previous = project.previous_ids
    if not previous:
        return
    defined = {"KPI": project.by_id("KPI"), "Owner": project.by_id("Owner")}
    documents: dict[str, list[Document]] = {}
    for doc in project.documents:
        if doc.file in previous:
            documents.setdefault(doc.file, []).append(doc)
    gone: list[tuple[str, DefinedId]] = []
    for file in sorted(previous):
        if file in project.unparsed:
            continue  # F001-F004: which ids it defines is unknown
        seen: set[tuple[str, str]] = set()
        for each in previous[file]:
            if (each.kind, each.id) in seen or each.id in defined.get(each.kind, {}) or project.in_unparsed(each.id):
                continue
            seen.add((each.kind, each.id))
            gone.append((file, each))
    if not gone:
        return
    users = _users(project, {(each.kind, each.id) for _file, each in gone})
    holders: dict[str, dict[DefinedId, Document]] = {}
    for file, each in gone:
        naming = users.get((each.kind, each.id))
        if not naming:
            continue
        if file not in holders:
            holders[file] = _holders(previous[file], documents.get(file, []), [e for f, e in gone if f == file])
        holder = holders[file].get(each)
        shown = [f"`{doc.id or f'document {doc.index + 1}'}` ({field}, {project.where(doc, path)})" for doc, field, path in naming[:MAX_LISTED]]
        one = len(naming) == 1
        them = "it" if one else "them"
        message = (
            f"{each.kind} `{each.id}` is gone from this file since the last commit (HEAD), but "
            f"{_count(len(naming))} not checked in this run still name{'s' if one else ''} it: "
            f"{listing(shown, len(naming))}; keep the id, or update {them} in the same commit "
            f"(and check {them} with this file)"
        )
        if holder is not None:
            yield Finding(ID, message, document=holder)
        else:
            yield Finding((), message, document=_first(file, documents.get(file, [])), span=START)


def _count(number: int) -> str:
    return "1 document" if number == 1 else f"{number} documents"


def _users(project: Project, ids: set[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[Document, str, YamlPath]]]:
    """For each (kind, id) of ``ids``: the documents of files not checked in
    this run that name it, with the field and its path, in project order."""
    checked = project.checked
    found: dict[tuple[str, str], list[tuple[Document, str, YamlPath]]] = {}
    for doc in project.documents:
        if checked is None or doc.file in checked:
            continue
        spec = doc.data.get("spec") if isinstance(doc.data, dict) else None
        if not isinstance(spec, dict):
            continue
        for kind, fields in NAMED_BY.items():
            for named_kind, name in fields:
                if doc.kind != named_kind:
                    continue
                value = spec.get(name)
                if isinstance(value, str) and (kind, value) in ids:
                    found.setdefault((kind, value), []).append((doc, name, ("spec", name)))
    return found


def _holders(before: Sequence[DefinedId], now: list[Document], gone: list[DefinedId]) -> dict[DefinedId, Document]:
    """The document of the file that now stands where each gone id was
    defined: of the same kind, with an id the file did not define before (or
    none), matched first by `metadata.name`, then by position; each document
    holds at most one gone id."""
    known = {(each.kind, each.id) for each in before}
    free = [doc for doc in now if doc.kind is not None and (doc.kind, doc.id) not in known]
    out: dict[DefinedId, Document] = {}
    for same in (_same_name, _same_index):
        for each in gone:
            if each in out:
                continue
            match = next((doc for doc in free if doc.kind == each.kind and same(each, doc)), None)
            if match is not None:
                out[each] = match
                free.remove(match)
    return out


def _same_name(each: DefinedId, doc: Document) -> bool:
    return each.name is not None and doc.get("metadata", "name") == each.name


def _same_index(each: DefinedId, doc: Document) -> bool:
    return doc.index == each.doc_index


def _first(file: str, documents: list[Document]) -> Document:
    """The file's first document, for a finding at 1:1; a file with none
    left (emptied) gets a stand-in that only says where it is."""
    if documents:
        return documents[0]
    return Document(file, 0, None, SourceMap(START))
