"""The insights at their thresholds: eight days on each side for a moment
(seven is not enough), three days for a needs mismatch (two is not)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from closeness.core.models import Entry
from closeness.review.insights import (
    MISMATCH_MIN_DAYS,
    MOMENT_MIN_DAYS,
    MomentInsight,
    moment_insights,
    needs_mismatches,
    notable,
)

START = dt.date(2026, 9, 1)


def entry(n: int, score: int, person: str = "Sam", **fields: Any) -> Entry:
    return Entry.make(person, START + dt.timedelta(days=n), score, **fields)


def days_after(with_hug: int, without: int) -> list[Entry]:
    """A run of days: `with_hug` days with a hug, each followed by an 8, and
    `without` days without, each followed by a 5 (the last day ends it)."""
    pattern = [True] * with_hug + [False] * without
    entries = []
    for n, hug in enumerate(pattern):
        before = entries[-1].closeness if entries else 6
        score = before if n == 0 else (8 if pattern[n - 1] else 5)
        entries.append(entry(n, score, moments=("hug",) if hug else ()))
    last = len(pattern)
    entries.append(entry(last, 8 if pattern[-1] else 5))
    return entries


def test_eight_days_on_each_side_is_enough() -> None:
    (found,) = moment_insights(days_after(MOMENT_MIN_DAYS, MOMENT_MIN_DAYS))
    assert found == MomentInsight("Sam", "hug", 8.0, 8, 5.0, 8)
    assert found.difference == 3.0
    assert notable([found]) == (found,)


def test_seven_days_with_a_moment_is_not() -> None:
    assert moment_insights(days_after(MOMENT_MIN_DAYS - 1, 20)) == ()


def test_seven_days_without_it_is_not() -> None:
    assert moment_insights(days_after(20, MOMENT_MIN_DAYS - 1)) == ()


def test_a_day_counts_only_with_a_check_in_the_day_after() -> None:
    entries = days_after(MOMENT_MIN_DAYS, MOMENT_MIN_DAYS)
    del entries[3]  # day 2's next day and day 3 itself are gone
    assert moment_insights(entries) == ()


def test_a_day_whose_moments_were_withheld_is_on_neither_side() -> None:
    entries = days_after(MOMENT_MIN_DAYS, MOMENT_MIN_DAYS + 1)
    # Day 8 had no hug; withheld, it is unknown, leaving 8 days without.
    entries[8] = entries[8]._replace(private=frozenset({"moments"}))
    (found,) = moment_insights(entries)
    assert found.without_days == MOMENT_MIN_DAYS
    entries[9] = entries[9]._replace(private=frozenset({"moments"}))
    assert moment_insights(entries) == ()


def test_a_small_difference_is_not_notable() -> None:
    close = MomentInsight("Sam", "hug", 6.5, 10, 6.0, 10)
    far = MomentInsight("Sam", "walk", 5.0, 10, 6.0, 10)  # lower after: notable too
    assert notable([close, far]) == (far,)


def test_each_person_is_compared_with_their_own_days() -> None:
    sam = days_after(MOMENT_MIN_DAYS, MOMENT_MIN_DAYS)
    alex = [e._replace(person="Alex", closeness=6) for e in sam]
    found = moment_insights(sam + alex)
    assert [(i.person, i.difference) for i in found] == [("Sam", 3.0), ("Alex", 0.0)]


def mismatch_week(times: int) -> list[Entry]:
    """Alex asks for process (2) on `times` days Sam scored 3."""
    entries = []
    for n in range(7):
        hard = n < times
        entries.append(entry(n, 3 if hard else 7, "Sam", need=1))
        entries.append(entry(n, 5, "Alex", need=2 if hard else None))
    return entries


def test_three_days_of_asking_while_the_other_was_low_is_a_mismatch() -> None:
    (found,) = needs_mismatches(mismatch_week(MISMATCH_MIN_DAYS))
    assert (found.person, found.need, found.partner) == ("Alex", 2, "Sam")
    assert found.days == tuple(START + dt.timedelta(days=n) for n in range(3))


def test_two_days_is_not() -> None:
    assert needs_mismatches(mismatch_week(MISMATCH_MIN_DAYS - 1)) == ()


def test_asking_on_days_the_other_was_fine_is_not() -> None:
    entries = [e._replace(closeness=6) if e.person == "Sam" else e for e in mismatch_week(5)]
    assert needs_mismatches(entries) == ()


def test_a_withheld_need_is_not_counted() -> None:
    entries = [
        e._replace(need=None, private=frozenset({"need"})) if e.person == "Alex" and n < 2 else e
        for n, e in enumerate(mismatch_week(MISMATCH_MIN_DAYS))
    ]
    assert needs_mismatches(entries) == ()
