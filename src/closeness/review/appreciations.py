"""The archive of appreciations: what each of you wrote about the other,
newest first, and "on this day" ones from a month and a year before. Read
through the reveal: a partner's day still hidden from you is left out (and
named as hidden)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from typing import NamedTuple

from closeness.core.models import Entry, Period
from closeness.core.people import partner_of
from closeness.core.reveal import NOTHING_HIDDEN, Reveal, is_partner
from closeness.core.settings import Settings
from closeness.core.validate import person_key
from closeness.store.database import Store

EVERYTHING = Period(dt.date.min, dt.date.max)


class Appreciation(NamedTuple):
    person: str  # who wrote it
    partner: str  # about whom
    day: dt.date
    text: str


class Archive(NamedTuple):
    items: tuple[Appreciation, ...]  # newest first
    month_ago: tuple[Appreciation, ...] = ()
    year_ago: tuple[Appreciation, ...] = ()
    hidden: tuple[tuple[str, tuple[dt.date, ...]], ...] = ()  # (person, days) still hidden


def months_before(day: dt.date, months: int) -> dt.date | None:
    """The same day `months` months before, or the last day of that month
    when it is shorter (31 March → 28 February); None before the calendar."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return None
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def appreciations(
    entries: Iterable[Entry], partner_of: Callable[[str], str]
) -> tuple[Appreciation, ...]:
    """The entries' appreciations, newest first (one day: in the order given)."""
    found = [
        Appreciation(e.person, partner_of(e.person), e.day, e.text("appreciation"))
        for e in entries
        if e.text("appreciation")
    ]
    found.sort(key=lambda a: a.day, reverse=True)
    return tuple(found)


def _whose(entries: Iterable[Entry], person: str | None) -> list[Entry]:
    return [e for e in entries if person is None or person_key(e.person) == person_key(person)]


def read_archive(
    store: Store,
    *,
    period: Period = EVERYTHING,
    person: str | None = None,
    today: dt.date,
    partner_of: Callable[[str], str],
    reveal: Reveal = NOTHING_HIDDEN,
) -> Archive:
    """`person`'s appreciations (everyone's when None) in `period`, and those
    of the same day a month and a year before `today`."""
    shown, withheld = reveal.split(store.entries_in(period, person=person))
    hidden: dict[str, list[dt.date]] = {}
    for entry in withheld:
        if entry.text("appreciation"):
            hidden.setdefault(entry.person, []).append(entry.day)

    def on(day: dt.date | None) -> tuple[Appreciation, ...]:
        if day is None:
            return ()
        # A month or a year ago is never hidden (only today and yesterday are).
        return appreciations(_whose(store.entries_in(Period(day, day)), person), partner_of)

    return Archive(
        items=appreciations(shown, partner_of),
        month_ago=on(months_before(today, 1)),
        year_ago=on(months_before(today, 12)),
        hidden=tuple((p, tuple(sorted(days))) for p, days in hidden.items()),
    )


def year_ago_for(
    store: Store, you: str, day: dt.date, partner_of: Callable[[str], str]
) -> Appreciation | None:
    """One appreciation written on the same day a year before `day`, for the
    check-in's confirmation: your partner's about you first, else yours."""
    before = months_before(day, 12)
    if before is None:
        return None
    found = appreciations(store.entries_in(Period(before, before)), partner_of)
    return next((a for a in found if is_partner(you, a.person)), found[0] if found else None)


def partners(store: Store, settings: Settings, generic: str) -> Callable[[str], str]:
    """Whom each person's appreciations are about (core/people.py decides;
    `generic` when nobody can tell)."""
    stored = store.people()
    return lambda person: partner_of(person, settings, generic, together=stored)
