"""The reveal: a partner's answers for a recent day stay hidden from you until
you have checked in for that day yourself, so neither of you answers with the
other's words in mind. Only today and yesterday (by the day-start hour) are
ever hidden; older days never are.

Pure: the caller says who you are, what today is and whether you have checked
in for a day. Every read (show, log, review, export --as, talk) asks the same
`Reveal` which entries it may show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import NamedTuple

from closeness.core.models import Entry
from closeness.core.validate import person_key


def window(today: dt.date) -> tuple[dt.date, ...]:
    """The days that can be hidden: today and yesterday (today first). The
    day-start hour is already in `today` (core/days.today)."""
    return (today,) if today == dt.date.min else (today, today - dt.timedelta(days=1))


class Reveal(NamedTuple):
    """Which days of other people are hidden from `you` (a person key)."""

    you: str | None = None  # None: nobody is known as you, so nothing is hidden
    days: frozenset[dt.date] = frozenset()

    def hides(self, person: str, day: dt.date) -> bool:
        """Whether `person`'s check-in for `day` is hidden from you. Anyone
        whose name is not yours counts as a partner: the configured one, or
        anyone imported or synced."""
        return self.you is not None and day in self.days and person_key(person) != self.you

    def split(self, entries: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
        """`entries` as (shown, hidden), each in the order given."""
        shown: list[Entry] = []
        hidden: list[Entry] = []
        for entry in entries:
            (hidden if self.hides(entry.person, entry.day) else shown).append(entry)
        return shown, hidden


NOTHING_HIDDEN = Reveal()


def is_partner(you: str, person: str) -> bool:
    """Whether `person` is someone other than `you`, by person key: the one
    meaning of "partner" the reveal knows."""
    return person_key(person) != person_key(you)


def reveal(you: str | None, today: dt.date, checked_in: Callable[[str, dt.date], bool]) -> Reveal:
    """The reveal for `you` (the configured name; None when none is set up,
    and then nothing is hidden) on `today`: the days of the window for which
    `checked_in(you, day)` says you have not checked in yet are hidden. It is
    asked only about those days."""
    if not you:
        return NOTHING_HIDDEN
    hidden = frozenset(day for day in window(today) if not checked_in(you, day))
    return Reveal(person_key(you), hidden)


def visible_run(run: int, last: dt.date, hidden: Iterable[dt.date]) -> int:
    """A streak's run of `run` days ending on `last`, cut at the newest hidden
    day inside it: a hidden day counts as no check-in, in a streak as in any
    other figure."""
    for day in hidden:
        if day <= last:
            run = min(run, (last - day).days)
    return run
