from __future__ import annotations

import pytest

from kpilint.testing import codes


def kpi(spec: str) -> str:
    return f"""\
apiVersion: kpilint/v1
kind: KPI
metadata: {{id: marketing.blog, name: Blog posts per week}}
spec: {spec}
"""


@pytest.mark.parametrize("level", ["department", "team", "individual"])
def test_non_company_kpi_without_parent_is_reported_at_spec(level: str) -> None:
    assert codes(kpi(f"{{level: {level}}}"), select="H104") == [("H104", 4, 1)]


def test_kpi_with_parent_passes() -> None:
    assert codes(kpi("{level: team, parent: marketing.website-traffic}"), select="H104") == []


def test_company_kpi_and_kpi_without_level_pass() -> None:
    assert codes(kpi("{level: company}"), select="H104") == []
    assert codes(kpi("{owner: content-marketing}"), select="H104") == []
    assert codes(kpi("{level: squad}"), select="H104") == []
