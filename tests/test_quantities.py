"""The quantity detector: amounts of every kind, and every kind of number
that is not an amount."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpilint.api import Quantity, quantities, states_quantity
from kpilint.quantities import _analyse

# (text, the span of the first quantity, its value, its unit, its kind)
AMOUNTS: list[tuple[str, str, float, str, str]] = [
    # count nouns, digits and number words
    ("Publish two blog posts a week", "two", 2, "blog posts", "amount"),
    ("Close 40 deals", "40", 40, "deals", "amount"),
    ("Conduct 20 user interviews", "20", 20, "user interviews", "amount"),
    ("Hire 8 backend engineers", "8", 8, "backend engineers", "amount"),
    ("Recruit twenty-five ambassadors", "twenty-five", 25, "ambassadors", "amount"),
    ("Run a dozen workshops", "a dozen", 12, "workshops", "amount"),
    ("Reach one million downloads", "one million", 1_000_000, "downloads", "level"),
    ("Sell two hundred annual plans", "two hundred", 200, "annual plans", "amount"),
    ("Reach a million listeners", "a million", 1_000_000, "listeners", "level"),
    ("Sign 1,000 new members", "1,000", 1000, "new members", "amount"),
    ("Sell 3 million units", "3 million", 3_000_000, "units", "amount"),
    ("Gain 10k followers", "10k", 10_000, "followers", "amount"),
    ("Pass the audit with zero major findings", "zero", 0, "major findings", "amount"),
    ("Sell 400 MP3 players", "400", 400, "MP3 players", "amount"),
    ("Add 2,500 new customers", "2,500", 2500, "new customers", "amount"),
    # currencies
    ("Grow ARR to €1.2M", "€1.2M", 1_200_000, "EUR", "level"),
    ("Earn $50k in fees", "$50k", 50_000, "USD", "amount"),
    ("Improve revenue by £123,546", "£123,546", 123_546, "GBP", "change"),
    ("Cut spend by 40,000 EUR", "40,000 EUR", 40_000, "EUR", "change"),
    ("Grow revenue to 12 million EUR", "12 million EUR", 12_000_000, "EUR", "level"),
    ("Save $5 per order", "$5", 5, "USD", "amount"),
    ("Bring CAC down to USD 180", "USD 180", 180, "USD", "level"),
    ("Close $2.5 million in deals", "$2.5 million", 2_500_000, "USD", "amount"),
    # percentages
    ("Reduce churn by 2%.", "2%", 2, "%", "change"),
    ("Hold uptime at 99.95%", "99.95%", 99.95, "%", "level"),
    ("Grow by ten percent", "ten percent", 10, "%", "change"),
    ("Grow by 5 per cent", "5 per cent", 5, "%", "change"),
    ("Keep returns to below 4 percent of orders", "4 percent", 4, "%", "level"),
    ("Convert half of trial users", "half", 50, "%", "percentage"),
    ("Move 90 % of endpoints", "90 %", 90, "%", "percentage"),
    ("Lift retention by 5 pp", "5 pp", 5, "pp", "change"),
    ("Raise margin by 3 percentage points", "3 percentage points", 3, "pp", "change"),
    # multipliers
    ("Grow referrals 2x", "2x", 2, "x", "multiplier"),
    ("Double weekly active teams", "Double", 2, "x", "multiplier"),
    ("Halve onboarding time", "Halve", 0.5, "x", "multiplier"),
    ("Triple organic traffic", "Triple", 3, "x", "multiplier"),
    ("Cut support costs in half", "in half", 0.5, "x", "multiplier"),
    ("Make checkout five times faster", "five times", 5, "x", "multiplier"),
    ("Grow revenue tenfold", "tenfold", 10, "x", "multiplier"),
    ("Grow revenue 10-fold", "10-fold", 10, "x", "multiplier"),
    ("Sell twice the seats", "twice", 2, "x", "multiplier"),
    # changes and levels
    ("Lift sign-ups by 5", "5", 5, "", "change"),
    ("Book at least 50 demos", "50", 50, "demos", "level"),
    ("Raise NPS from 31 to 45", "from 31 to 45", 45, "", "change"),
    ("Lift conversion from 2.1% to 2.8%", "from 2.1% to 2.8%", 2.8, "%", "change"),
    ("Grow ARR from 10 to 12 million EUR", "from 10 to 12 million EUR", 12_000_000, "EUR", "change"),
    ("Move NPS from -10 to 20", "from -10 to 20", 20, "", "change"),
    ("Grow users from 3,400 to 5,000", "from 3,400 to 5,000", 5000, "", "change"),
    ("Reach an NPS of 50", "50", 50, "", "amount"),
    ("Raise CSAT to 4.5", "4.5", 4.5, "", "level"),
    ("Keep open incidents at no more than 5", "5", 5, "", "level"),
    # ranges
    ("Grow revenue 10-15% in the region", "10-15%", 10, "%", "range"),
    ("Sign between 30 and 40 partners", "between 30 and 40", 30, "partners", "range"),
    # times that are what is measured
    ("Reply to every email within one business day", "one business day", 1, "d", "amount"),
    ("Resolve tickets in under 4 hours", "4 hours", 4, "h", "level"),
    ("Load in 300 ms", "300 ms", 300, "ms", "amount"),
    ("Load in 300ms", "300ms", 300, "ms", "amount"),
    ("Resolve incidents within 72h", "72h", 72, "h", "amount"),
    ("Answer chats within two minutes", "two minutes", 2, "min", "amount"),
    ("Onboard hires in under 5 days", "5 days", 5, "d", "level"),
    ("Cut time to hire to 30 days", "30 days", 30, "d", "level"),
    ("Shorten the sales cycle by 10 days", "10 days", 10, "d", "change"),
    ("Answer calls in less than 90 seconds", "90 seconds", 90, "s", "level"),
    ("Save 1,200 hours of manual work", "1,200 hours", 1200, "h", "amount"),
    # rates and units
    ("Publish 2 a week", "2 a week", 2, "/w", "amount"),
    ("Reduce page weight to 1.5 MB", "1.5", 1.5, "MB", "level"),
    ("Serve 2,000 requests per second", "2,000", 2000, "requests", "amount"),
    ("Rate the app at 4.7 stars", "4.7", 4.7, "stars", "level"),
    ("Keep disk use down to 70 percent", "70 percent", 70, "%", "level"),
    # a range between two bare numbers; a share in words
    ("Keep weekly active users between 8,000 and 10,000", "between 8,000 and 10,000", 8000, "", "range"),
    ("Hold the NPS between 40 and 50 all year", "between 40 and 50", 40, "", "range"),
    ("Get three quarters of employees through the course", "three quarters", 75, "%", "percentage"),
    ("Settle one third of the claims online", "one third", 100 / 3, "%", "percentage"),
    # a fraction in words after "by", before "of" or before a comparative
    ("Shrink the claims backlog by a third.", "a third", 100 / 3, "%", "change"),
    ("Lift repeat orders by a quarter in 2027", "a quarter", 25, "%", "change"),
    ("Trim energy use by one-fifth", "one-fifth", 20, "%", "change"),
    ("Cut paper forms by two thirds", "two thirds", 200 / 3, "%", "change"),
    ("Move a quarter of our branches to the new tills", "a quarter", 25, "%", "percentage"),
    ("Get three-quarters of managers trained", "three-quarters", 75, "%", "percentage"),
    ("Serve a tenth more patients each day", "a tenth", 10, "%", "change"),
    ("Reduce overtime by a half", "by a half", 0.5, "x", "multiplier"),
    # a count before a label that holds digits
    ("Add 2,500 5G customers.", "2,500", 2500, "5G customers", "amount"),
    ("Install 40 3D printers across the workshops", "40", 40, "3D printers", "amount"),
    ("Sell 300 4K screens", "300", 300, "4K screens", "amount"),
]

NOT_AMOUNTS: list[str] = [
    # fractions that are no amount: an ordinal, a party, a window, a rescheduled date
    "Have every supplier audited by a third party.",
    "Launch the loyalty pilot within a quarter.",
    "Open a third office in the north.",
    "Push the store launch back by a quarter.",
    "Review the backlog once a quarter.",
    "Run the loyalty pilot for a quarter more.",
    "Move our rural sites to 5G.",
    # years and fiscal years
    "Publish more blog posts in 2027.",
    "Increase social media marketing in 2018.",
    "Launch the partner portal by the end of FY2027.",
    "Prepare the team for the 2028 audit.",
    "Grow the podcast audience during 2027 and 2028.",
    "Support the 2027 product roadmap.",
    # quarters and halves
    "Drive strong activation for new users in Q3.",
    "Launch the new CI/CD platform by Q3.",
    "Modernise the billing platform by H2.",
    "Expand into Germany in the first half of 2027.",
    "Reduce costs in the second quarter of 2027.",
    "Target growth in the second half.",
    # dates
    "Go live on 1 April 2027.",
    "Hire a head of data by March 31.",
    "Finish the audit before 30 June.",
    "Ship it by 2027-06-30.",
    "Close the books by 12/31/2027.",
    "Ship on the 3rd of May.",
    # time windows
    "To make more money in the next 12 months.",
    "Completely transform the company in three months",
    "Get our support queue under control within the next 6 months.",
    "Rebuild the data platform within 9 months.",
    "Kick off a 6-month pilot with the logistics team.",
    "Get better at forecasting over the coming 12 weeks.",
    "Grow our presence over the next 2 years.",
    # ranks
    "Be the number one consultant in my niche by the end of the year",
    "Be the #1 choice for freelance designers.",
    "Become the No. 1 brand for outdoor gear.",
    "Rank in the top 3 on Google for our brand terms.",
    "Be first to market with the new tier.",
    "Become a top-10 employer in the city.",
    "Win the 2nd place award.",
    # digits inside names and labels
    "Improve our web3 presence",
    "Increase MP3 downloads",
    "Roll out the ISO 27001 programme this year.",
    "Ship the Android 14 update for the field app.",
    "Grow the 5G customer base.",
    "Adopt HTTP/3 for all public endpoints.",
    "Release version 2 of the mobile app.",
    "Deliver phase 2 of the CRM project.",
    "Migrate to Python 3 across all services.",
    "Drive strong adoption of the 2.0 release.",
    "Improve p95 API latency.",
    "Expand the G2 presence.",
    # times of day, "24/7", scopes
    "Open the store at 9am.",
    "Make onboarding 24/7 self-service.",
    "Work with our 3 key partners on joint marketing.",
    # two years are no range, a period is no share
    "Grow trial sign-ups between 2027 and 2028.",
    "Launch the app in the third quarter of the year.",
    "Ship it between 9am and 5pm.",
    # words with no number
    "Grow revenue by a certain percentage.",
    "Increase revenue by a good amount.",
    "Reduce the percentage of returned orders.",
    "Run a couple of experiments.",
    "Aim for double-digit growth.",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "span", "value", "unit", "kind"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_amounts(text: str, span: str, value: float, unit: str, kind: str) -> None:
    found = quantities(text)
    assert found, text
    first = found[0]
    assert text[first.start : first.end] == span
    assert first.value == pytest.approx(value)
    assert first.unit == unit
    assert first.kind == kind


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_amounts(text: str) -> None:
    assert quantities(text) == (), text
    assert not states_quantity(text)


def test_enough_cases() -> None:
    assert len(AMOUNTS) + len(NOT_AMOUNTS) >= 80


def test_time_window_becomes_an_amount_when_time_is_measured() -> None:
    text = "Launch the portal within 2 weeks."
    assert quantities(text) == ()
    [q] = quantities(text, time_measured=True)
    assert (q.value, q.unit) == (2, "w")


def test_written_keeps_the_number_before_its_scale() -> None:
    [q] = quantities("Reach €1.2M in bookings")
    assert (q.value, q.written) == (1_200_000, 1.2)


def test_from_to_keeps_the_origin() -> None:
    [q] = quantities("Cut churn from 0.8% to 0.5%")
    assert (q.origin, q.value, q.unit, q.kind) == (0.8, 0.5, "%", "change")


def test_range_keeps_both_ends() -> None:
    [q] = quantities("Sign between 30 and 40 partners")
    assert (q.value, q.upper) == (30, 40)


def test_non_strings_give_nothing() -> None:
    assert quantities(None) == ()  # type: ignore[arg-type]
    assert quantities(42) == ()  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_never_raises_and_spans_lie_inside(text: str) -> None:
    for q in quantities(text):
        assert isinstance(q, Quantity)
        assert 0 <= q.start < q.end <= len(text)


_PIECES = st.sampled_from(
    [
        "by", "from", "to", "between", "and", "the", "next", "top", "#", "No.", "Q3", "FY2027", "2027",
        "12", "1,000", "0.5", "€", "$", "£", "1.2M", "50k", "300ms", "72h", "2x", "%", "percent", "per",
        "cent", "half", "double", "a", "dozen", "twenty-five", "million", "-", "–", "/", "24/7", "days",
        "weeks", "within", "under", "at", "least", "ISO", "9001", "web3", "MP3", "March", "31st", ".",
        "\n", "  ", "fold", "times", "−", "pp", "our", "reply", "From", "BETWEEN", "TO", "İ", "ﬁ",
        "third", "quarters", "of", "one-third", "more", "5G", "3D", "party", "delay",
    ]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=14), st.sampled_from([" ", "", "\t"]))
def test_never_raises_on_goal_like_text(pieces: list[str], sep: str) -> None:
    text = sep.join(pieces)
    for q in quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.kind in ("amount", "percentage", "multiplier", "change", "level", "range")


# ranges and "from X to Y" whatever the letter case and the spaces around the mark
@pytest.mark.parametrize(
    ("text", "kind", "value", "other"),
    [
        ("Cut costs 10 - 20 %", "range", 10, 20),
        ("Take 3 TO 5 days", "range", 3, 5),
        ("Reply in 3 to\t5 hours", "range", 3, 5),
        ("Cut wait times 10–20%", "range", 10, 20),
        ("Lift NPS from 4.1 \n to 4.5", "change", 4.5, 4.1),
        ("Lift NPS FROM 4.1 To 4.5", "change", 4.5, 4.1),
        ("Grow from 1,000 to 2,000 users", "change", 2000, 1000),
    ],
)
def test_range_marks_in_any_case_and_spacing(text: str, kind: str, value: float, other: float) -> None:
    [q] = quantities(text)
    assert (q.kind, q.value) == (kind, value)
    assert (q.upper if kind == "range" else q.origin) == other


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=14), st.sampled_from([" ", "", "\t"]))
def test_the_quick_prefilter_never_hides_a_quantity(pieces: list[str], sep: str) -> None:
    text = sep.join(pieces)
    for measured in (False, True):
        assert quantities(text, time_measured=measured) == _analyse(text, measured)


def test_a_word_reads_the_same_wherever_it_stands() -> None:
    # the tokenizer memoises what each distinct word is; its position is not part of that
    first = quantities("Close 40 deals")
    quantities("40 40 40: deals 40")
    assert quantities("Close 40 deals") == first
    assert quantities("Then close 40 deals")[0][:3] == first[0][:3]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Run a dozen workshops and a million plays", ["a dozen", "a million"]),
        ("Run A dozen workshops", ["A dozen"]),
        ("Sell an hundred plans, then two thousand seats", ["an hundred", "two thousand"]),
        ("Double the 40 deals of a couple of teams", ["Double", "40"]),
    ],
)
def test_numbers_start_at_their_article_and_in_order(text: str, said: list[str]) -> None:
    assert [text[q.start : q.end] for q in quantities(text)][: len(said)] == said


def test_a_joined_word_is_one_token_whatever_follows() -> None:
    # hyphens, apostrophes and decimal marks join; a run of letters never splits
    assert [q.value for q in quantities("Ship 3-fold more; 1,250.5 re-usable kits")] == [3.0, 1250.5]
    assert [(q.value, q.unit) for q in quantities("Reach 99.95% uptime, not 99.9.")] == [(99.95, "%")]
