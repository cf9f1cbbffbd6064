from __future__ import annotations

from kpilint.testing import codes

OWNED = """\
apiVersion: kpilint/v1
kind: KPI
metadata: {id: support.first-response, name: First response time}
spec:
  level: team
  owner: support-desk
"""


def test_missing_owner_is_reported_at_spec() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: support.first-response, name: First response time}
    spec:
      level: team
    """
    assert codes(snippet, select="A101") == [("A101", 4, 1)]


def test_missing_spec_is_reported_at_document_start() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: support.first-response, name: First response time}
    """
    assert codes(snippet, select="A101") == [("A101", 1, 1)]


def test_null_owner_counts_as_missing() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: KPI
    metadata: {id: support.first-response, name: First response time}
    spec:
      level: team
      owner:
    """
    assert codes(snippet, select="A101") == [("A101", 6, 3)]


def test_owner_present_passes() -> None:
    assert codes(OWNED, select="A101") == []


def test_owner_documents_are_not_checked() -> None:
    snippet = """\
    apiVersion: kpilint/v1
    kind: Owner
    metadata: {id: support-desk, name: Support desk}
    spec: {type: team}
    """
    assert codes(snippet, select="A101") == []
