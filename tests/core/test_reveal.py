"""The reveal rule at its edges: which days of whom are hidden from you."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from closeness.core.days import day_for
from closeness.core.models import Entry
from closeness.core.reveal import NOTHING_HIDDEN, reveal, visible_run, window

TODAY = dt.date(2026, 12, 1)
YESTERDAY = dt.date(2026, 11, 30)
TWO_DAYS_AGO = dt.date(2026, 11, 29)


def checked_in(*days: dt.date, who: str = "Sam") -> Callable[[str, dt.date], bool]:
    """Your check-ins, as the store would answer; asked only about `who`."""

    def answer(person: str, day: dt.date) -> bool:
        assert person == who, person
        return day in days

    return answer


def test_before_you_check_in_today_and_yesterday_of_others_are_hidden() -> None:
    rule = reveal("Sam", TODAY, checked_in())
    assert rule.days == {TODAY, YESTERDAY}
    assert rule.hides("Alex", TODAY)
    assert rule.hides("Alex", YESTERDAY)
    assert not rule.hides("Alex", TWO_DAYS_AGO)  # older days are never hidden


def test_your_own_days_are_never_hidden_whatever_the_spelling_of_your_name() -> None:
    rule = reveal("Sam", TODAY, checked_in())
    assert not rule.hides("Sam", TODAY)
    assert not rule.hides("sam", TODAY)
    assert not rule.hides("Ｓam", YESTERDAY)  # fullwidth: the same person key


def test_anyone_else_counts_as_a_partner() -> None:
    rule = reveal("Sam", TODAY, checked_in())
    assert rule.hides("Robin", TODAY)  # an imported third person too


def test_checked_in_for_yesterday_but_not_today() -> None:
    rule = reveal("Sam", TODAY, checked_in(YESTERDAY))
    assert rule.days == {TODAY}
    assert rule.hides("Alex", TODAY)
    assert not rule.hides("Alex", YESTERDAY)


def test_checked_in_for_today_but_not_yesterday() -> None:
    rule = reveal("Sam", TODAY, checked_in(TODAY))
    assert not rule.hides("Alex", TODAY)
    assert rule.hides("Alex", YESTERDAY)


def test_checked_in_for_both_hides_nothing() -> None:
    rule = reveal("Sam", TODAY, checked_in(TODAY, YESTERDAY))
    assert rule.days == frozenset()
    assert not rule.hides("Alex", TODAY)


def test_no_name_configured_hides_nothing_and_asks_nothing() -> None:
    def never(person: str, day: dt.date) -> bool:
        raise AssertionError("asked about a check-in with no name set up")

    assert reveal(None, TODAY, never) == NOTHING_HIDDEN
    assert reveal("", TODAY, never) == NOTHING_HIDDEN
    assert not NOTHING_HIDDEN.hides("Alex", TODAY)


def test_only_the_two_days_of_the_window_are_asked_about() -> None:
    asked: list[dt.date] = []

    def answer(person: str, day: dt.date) -> bool:
        asked.append(day)
        return False

    reveal("Sam", TODAY, answer)
    assert sorted(asked) == [YESTERDAY, TODAY]
    assert window(TODAY) == (TODAY, YESTERDAY)
    assert window(dt.date.min) == (dt.date.min,)  # no day before the calendar


def test_the_day_start_hour_decides_what_today_is() -> None:
    # At 03:59 with the day starting at 4, "today" is still 30 November, so
    # 29 November is yesterday (hidden) and 1 December is not yet a day.
    before = day_for(dt.datetime(2026, 12, 1, 3, 59), 4)
    rule = reveal("Sam", before, checked_in())
    assert rule.hides("Alex", TWO_DAYS_AGO)
    assert rule.hides("Alex", YESTERDAY)
    # At 04:00 the window moves on: 29 November is two days ago, never hidden.
    after = day_for(dt.datetime(2026, 12, 1, 4, 0), 4)
    rule = reveal("Sam", after, checked_in())
    assert not rule.hides("Alex", TWO_DAYS_AGO)
    assert rule.hides("Alex", TODAY)


def test_split_keeps_the_order_of_each_side() -> None:
    rule = reveal("Sam", TODAY, checked_in(YESTERDAY))
    entries = [
        Entry("Alex", TWO_DAYS_AGO, 5),
        Entry("Alex", TODAY, 6),
        Entry("Sam", TODAY, 7),
        Entry("Alex", YESTERDAY, 8),
        Entry("Robin", TODAY, 9),
    ]
    shown, hidden = rule.split(entries)
    assert [(e.person, e.closeness) for e in shown] == [("Alex", 5), ("Sam", 7), ("Alex", 8)]
    assert [(e.person, e.closeness) for e in hidden] == [("Alex", 6), ("Robin", 9)]


def test_a_streak_stops_at_a_hidden_day() -> None:
    # A run of 10 ending today, today hidden: nothing ends today.
    assert visible_run(10, TODAY, {TODAY}) == 0
    # The same run seen from yesterday, today hidden: today is after it.
    assert visible_run(9, YESTERDAY, {TODAY}) == 9
    # Yesterday hidden, today shown: the run is today alone.
    assert visible_run(10, TODAY, {YESTERDAY}) == 1
    # A hidden day before the run began changes nothing.
    assert visible_run(3, TODAY, {dt.date(2026, 11, 1)}) == 3
    assert visible_run(10, TODAY, ()) == 10
