"""Which calendar day a moment belongs to, how days are shown, and the
streak of days in a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

from closeness.core.errors import UsageProblem
from closeness.core.models import Period

DEFAULT_DAYS = 7  # a week: the review's period, and the talk's
MONTH_DAYS = 30
BEFORE_THE_CALENDAR = "That period reaches back before the year 1; choose a later one."


def day_for(moment: dt.datetime, day_starts_at: int) -> dt.date:
    """The check-in day for a local time: before `day_starts_at` o'clock it is
    still the previous day (a 01:30 check-in belongs to last night)."""
    return (moment - dt.timedelta(hours=day_starts_at)).date()


def today(day_starts_at: int) -> dt.date:
    return day_for(dt.datetime.now(), day_starts_at)


def days_ending(end: dt.date, count: int) -> Period:
    """The `count` days ending on `end`, both included."""
    first = end.toordinal() - count + 1
    if first < 1:
        raise UsageProblem(BEFORE_THE_CALENDAR)
    return Period(dt.date.fromordinal(first), end)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def friendly(day: dt.date) -> str:
    """'Sunday 22 November', with the year only when it is not this year."""
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == dt.date.today().year else f"{text} {day.year}"


def short_day(day: dt.date, *, with_year: bool = False) -> str:
    """'Tue 17 Nov', for lists and agendas (with the year when the period
    shown spans more than one)."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if with_year else text


def period_label(period: Period) -> str:
    """'16–22 November 2026', '28 November – 4 December 2026',
    '28 December 2025 – 3 January 2026', or '22 November 2026'."""
    a, b = period.since, period.until
    end = f"{b.day} {b:%B} {b.year}"
    if a == b:
        return end
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{end}"
    if a.year == b.year:
        return f"{a.day} {a:%B} – {end}"
    return f"{a.day} {a:%B} {a.year} – {end}"


def streak(until: dt.date, run_ending: Callable[[dt.date], int]) -> int:
    """Consecutive days with a check-in ending at `until`, or at the day before
    it when `until` has none yet (tonight's check-in may still come).
    `run_ending(day)` counts the check-ins in a row ending on `day`: the
    store counts them in SQL, since a run may go back years."""
    run = run_ending(until)
    if run or until == dt.date.min:
        return run
    return run_ending(until - dt.timedelta(days=1))


def days_in_a_row(days: Collection[dt.date], last: dt.date) -> int:
    """How many days in a row, ending on `last`, are among `days`."""
    count = 0
    day = last
    while day in days:
        count += 1
        if day == dt.date.min:
            break
        day -= dt.timedelta(days=1)
    return count
