"""The KPI of the specification (§2): "publish two blog posts a week for three
months" is SMART; "publish more blog posts" is not.

The example is linted in a small project that holds what it refers to: its
parent `marketing.website-traffic` (with the company KPI above it) and the
Owners `acme`, `marketing` and `content-marketing`. Today is 2027-01-15,
inside the example's time frame.
"""

from __future__ import annotations

import datetime as dt

from kpilint.testing import lint

TODAY = dt.date(2027, 1, 15)
BLOG = "marketing/blog-cadence.kpi.yaml"

# Verbatim from the specification, §2 "The file format (v1)".
SPEC_EXAMPLE = """\
# yaml-language-server: $schema=../schemas/kpi.v1.schema.json
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: marketing.content.blog-cadence      # unique in the repo: lowercase, dot-separated slugs
  name: Blog posts published per week
  labels: {department: marketing}         # optional free-form string map
spec:
  level: team                             # company | department | team | individual
  owner: content-marketing                # an Owner id (see below) or a free string
  parent: marketing.website-traffic       # id of the KPI this one contributes to; omitted only at company level
  statement: >-
    Publish two blog posts a week for three months to lift organic
    website traffic.
  metric:
    unit: posts/week                      # "%" marks a percentage
    direction: increase                   # increase | decrease | maintain
    baseline: 1                           # a number, or {value: 1, as_of: 2026-12-31}
    target: 2                             # a number
    bounds: {min: 0}                      # optional: the values the metric can take ("%" defaults to 0..100)
    aggregation: none                     # how children roll up into this KPI: sum | mean | none
    source: cms.published_posts           # where the number comes from (system, table, query or URL)
    frequency: weekly                     # daily | weekly | monthly | quarterly | yearly
  timeframe:
    start: 2027-01-01
    end: 2027-03-31
    review: monthly                       # daily | weekly | biweekly | monthly | quarterly
  plan:                                   # the activities that lead to the target
    - Hire a freelance writer
    - Keep an editorial calendar
"""

OWNERS = """\
apiVersion: kpilint/v1
kind: Owner
metadata:
  id: acme
  name: ACME Ltd.
spec:
  type: company
---
apiVersion: kpilint/v1
kind: Owner
metadata:
  id: marketing
  name: Marketing department
spec:
  type: department
  parent: acme
---
apiVersion: kpilint/v1
kind: Owner
metadata:
  id: content-marketing
  name: Content marketing team
spec:
  type: team
  parent: marketing
"""

PARENTS = """\
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: company.annual-revenue
  name: Annual recurring revenue
spec:
  level: company
  owner: acme
  statement: Grow annual recurring revenue from 10 to 12 million euros in 2027.
  metric:
    unit: EUR
    direction: increase
    baseline: 10000000
    target: 12000000
    bounds: {min: 0}
    aggregation: none
    source: finance.arr_monthly
    frequency: monthly
  timeframe:
    start: 2027-01-01
    end: 2027-12-31
    review: quarterly
  plan:
    - Win 120 new customers
    - Fill the sales pipeline with organic website traffic
---
apiVersion: kpilint/v1
kind: KPI
metadata:
  id: marketing.website-traffic
  name: Organic website visits per month
spec:
  level: department
  owner: marketing
  parent: company.annual-revenue
  statement: >-
    Lift organic website visits from 50,000 to 65,000 a month by the end of
    June 2027 to fill the sales pipeline.
  metric:
    unit: visits/month
    direction: increase
    baseline: {value: 50000, as_of: 2026-12-31}
    target: 65000
    bounds: {min: 0}
    aggregation: none
    source: analytics.organic_sessions_monthly
    frequency: monthly
  timeframe:
    start: 2027-01-01
    end: 2027-06-30
    review: monthly
  plan:
    - Publish two blog posts a week
    - Fix the fifty slowest landing pages
"""


def project(blog: str = SPEC_EXAMPLE) -> dict[str, str]:
    return {
        "owners.kpi.yaml": OWNERS,
        "company/parents.kpi.yaml": PARENTS,
        BLOG: blog,
    }


def found(blog: str = SPEC_EXAMPLE) -> set[tuple[str, str, int, int]]:
    return {(d.code, d.path, d.line, d.col) for d in lint(project(blog), select="ALL", today=TODAY)}


def test_spec_example_is_smart() -> None:
    assert found() == set()


def test_today_is_inside_the_time_frame() -> None:
    assert "start: 2027-01-01" in SPEC_EXAMPLE and "end: 2027-03-31" in SPEC_EXAMPLE
    assert dt.date(2027, 1, 1) <= TODAY <= dt.date(2027, 3, 31)


def test_publish_more_blog_posts_is_vague() -> None:
    old = (
        "  statement: >-\n"
        "    Publish two blog posts a week for three months to lift organic\n"
        "    website traffic.\n"
    )
    assert SPEC_EXAMPLE.count(old) == 1
    vague = SPEC_EXAMPLE.replace(old, "  statement: Publish more blog posts.\n")
    line = vague.splitlines().index("  statement: Publish more blog posts.") + 1
    column = len("  statement: Publish ") + 1
    assert (line, column) == (12, 22)
    assert found(vague) == {
        ("S101", BLOG, 12, 22),  # vague-statement, at the word "more"
        # implied: four words are fewer than the six a statement needs (S102, at the statement)
        ("S102", BLOG, 12, 14),
    }


def test_publish_more_blog_posts_in_a_block_scalar() -> None:
    vague = SPEC_EXAMPLE.replace(
        "    Publish two blog posts a week for three months to lift organic\n    website traffic.\n",
        "    Publish more blog posts.\n",
    )
    diagnostics = {d.code: d for d in lint(project(vague), select="ALL", today=TODAY)}
    assert set(diagnostics) == {"S101", "S102"}
    s101 = diagnostics["S101"]
    assert (s101.line, s101.col, s101.end_line, s101.end_col) == (13, 13, 13, 17)  # "more", in the block scalar
    assert "`more`" in s101.message
    assert (diagnostics["S102"].line, diagnostics["S102"].col) == (12, 14)  # the block scalar, from `>-`
    assert "4 words" in diagnostics["S102"].message
