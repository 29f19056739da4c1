"""The year in pixels of the HTML export: a square a day by month, for
exports covering more than about two months (seen in a browser, at phone
width, in test_browser.py)."""

from __future__ import annotations

import datetime as dt
import re

from closeness.core.models import Entry, Period
from closeness.core.prompts import load_prompts
from closeness.sharing.as_html import PIXELS_MIN_DAYS, to_html
from closeness.sharing.document import build_document

PROMPTS = load_prompts()
UNTIL = dt.date(2026, 11, 22)


def html_of(entries: list[Entry], period: Period | None = None) -> str:
    document = build_document(
        "Sam", entries, [], period=period, include_private=False,
        exported_at=dt.datetime(2026, 11, 22, 21, 30, tzinfo=dt.UTC),
    )  # fmt: skip
    return to_html(document, PROMPTS)


def days_back(count: int, skip: int = 0) -> list[Entry]:
    """A check-in a day for `count` days up to UNTIL (n days before it
    scoring 1 + n % 10), one day in `skip` left out (the fourth: n % skip == 3)."""
    return [
        Entry.make("Sam", UNTIL - dt.timedelta(days=n), 1 + n % 10)
        for n in range(count)
        if not skip or n % skip != 3
    ]


def squares(html: str) -> list[tuple[str, str]]:
    """(class, title) of every day's square, in order."""
    return re.findall(r'<span class="px (s\d|none)" title="([^"]*)"></span>', html)


def test_a_week_or_two_months_have_bars_and_no_year() -> None:
    assert PIXELS_MIN_DAYS == 63
    assert 'class="year"' not in html_of(days_back(7))
    assert 'class="year"' not in html_of(days_back(62))
    assert 'class="year"' in html_of(days_back(63))


def test_a_square_a_day_coloured_by_score_an_empty_one_without_a_check_in() -> None:
    html = html_of(days_back(90, skip=7))  # 24 August to 22 November
    found = squares(html)
    assert len(found) == 90  # every day of the period, none outside it
    assert found[-1] == ("s1", "Sunday 22 November 2026: 1 out of 10")  # n = 0
    assert found[-2] == ("s1", "Saturday 21 November 2026: 2 out of 10")
    assert found[-10] == ("s5", "Friday 13 November 2026: 10 out of 10")
    assert found[-4] == ("none", "Thursday 19 November 2026: no check-in")  # n = 3
    shades = {cls for cls, _ in found}
    assert shades == {"s1", "s2", "s3", "s4", "s5", "none"}
    # A month a block, Monday first: 1 November 2026 is a Sunday, so six blanks before it.
    november = html[html.index('aria-label="November 2026') :]
    november = november[: november.index("</li>")]
    assert november.count('<span class="px pad"></span>') == 6
    # The legend: five shades with their scores, and the empty square.
    assert re.findall(r'<span class="px (s\d|none)" aria-hidden="true"></span>([^<]*)', html) == [
        ("s1", "1–2"), ("s2", "3–4"), ("s3", "5–6"), ("s4", "7–8"), ("s5", "9–10"),
        ("none", "no check-in"),
    ]  # fmt: skip


def test_each_month_says_in_words_what_its_squares_show() -> None:
    html = html_of(days_back(90, skip=7))
    labels = re.findall(r'role="img" aria-label="([^"]*)"', html)
    months = [label for label in labels if not label.startswith("Closeness")]
    # From 25 August: 89 to 83 days back, 87 left out; scores 10, 9, 7, 6, 5, 4.
    assert months[0] == "August 2026: 6 of 7 days with a check-in, average 6.8 out of 10."
    assert months[-1].startswith("November 2026: 19 of 22 days with a check-in, average ")
    assert len(months) == 4
    # A month the period reaches without a check-in in it.
    gap = [e for e in days_back(150) if not dt.date(2026, 9, 1) <= e.day <= dt.date(2026, 9, 30)]
    assert "September 2026: no check-ins." in html_of(gap)


def test_a_period_from_long_ago_draws_only_the_months_with_check_ins() -> None:
    html = html_of(days_back(70), Period(dt.date(1900, 1, 1), UNTIL))
    labels = re.findall(r'role="img" aria-label="([A-Z][a-z]+ \d{4})', html)
    assert labels == ["September 2026", "October 2026", "November 2026"]


def test_the_year_stays_self_contained() -> None:
    html = html_of(days_back(400, skip=3))
    assert "<script" not in html and "url(" not in html and "@import" not in html
    assert not re.search(r'(src|href)="', html)
