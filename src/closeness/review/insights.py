"""Insights from many days of check-ins, each given only when there is
enough data behind it, and each an observation (what went with what), never
a cause. Pure: entries in, findings out; the wording is the view's.

- Connection moments and the next day's closeness: for each person and
  moment, the mean score on the day after a day with the moment, against
  the day after a day without it.
- A needs mismatch: one partner asked for the same level of support on
  several days when the other's own day was hard too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from closeness.core.models import Entry
from closeness.core.validate import person_key
from closeness.review.compute import average
from closeness.review.guidance import HARD_DAY, tenths

# Days on each side (with the moment, without it) before a mean is worth
# comparing: fewer and one unusual day decides it.
MOMENT_MIN_DAYS = 8
# A difference of next-day means at least this large is worth mentioning.
MOMENT_NOTABLE = 1.0
# How many days one partner asked for one level while the other's day was
# hard, before it is named: once or twice is just a week.
MISMATCH_MIN_DAYS = 3
# How far back `talk` looks for moment insights, eight weeks (its week alone is too
# short for eight days on each side).
INSIGHT_DAYS = 56

_ONE_DAY = dt.timedelta(days=1)


class MomentInsight(NamedTuple):
    """The mean next-day score of `person` after days with `moment` and
    after days without it, and how many days each mean is over."""

    person: str
    moment: str
    with_average: float
    with_days: int
    without_average: float
    without_days: int

    @property
    def difference(self) -> float:
        """With minus without, in whole tenths (so 7.6 - 6.1 is 1.5)."""
        return (tenths(self.with_average) - tenths(self.without_average)) / 10


class Mismatch(NamedTuple):
    """`person` asked for support level `need` on `days`, each a day that
    `partner` scored as hard (HARD_DAY or below) too."""

    person: str
    need: int
    partner: str
    days: tuple[dt.date, ...]  # oldest first


def moment_insights(entries: Iterable[Entry]) -> tuple[MomentInsight, ...]:
    """Every person and moment with at least MOMENT_MIN_DAYS days on each
    side, the largest difference first (ties by person, then moment).

    A day counts when the person checked in on it and on the day after; the
    pair is then on the side of each moment, with or without. A day whose
    moments were kept private (an import that withheld them) is on neither
    side: it is not known whether there was a moment."""
    by_person: dict[str, dict[dt.date, Entry]] = defaultdict(dict)
    names: dict[str, str] = {}
    for entry in entries:
        key = person_key(entry.person)
        by_person[key][entry.day] = entry
        names.setdefault(key, entry.person)
    found: list[MomentInsight] = []
    for key, days in by_person.items():
        pairs = [
            (entry, days[day + _ONE_DAY].closeness)
            for day, entry in days.items()
            if day < dt.date.max
            and day + _ONE_DAY in days
            and not (entry.is_private("moments") and not entry.moments)
        ]
        moments = sorted({m for entry, _ in pairs for m in entry.moments})
        for moment in moments:
            after_with = [score for entry, score in pairs if moment in entry.moments]
            after_without = [score for entry, score in pairs if moment not in entry.moments]
            if len(after_with) < MOMENT_MIN_DAYS or len(after_without) < MOMENT_MIN_DAYS:
                continue
            with_mean, without_mean = average(after_with), average(after_without)
            assert with_mean is not None and without_mean is not None  # neither side is empty
            found.append(
                MomentInsight(
                    names[key], moment, with_mean, len(after_with), without_mean, len(after_without)
                )
            )
    return tuple(sorted(found, key=lambda i: (-abs(i.difference), person_key(i.person), i.moment)))


def notable(insights: Iterable[MomentInsight]) -> tuple[MomentInsight, ...]:
    """The insights whose next-day means differ by MOMENT_NOTABLE or more,
    either way, in the order given."""
    return tuple(i for i in insights if abs(i.difference) >= MOMENT_NOTABLE)


def needs_mismatches(entries: Iterable[Entry]) -> tuple[Mismatch, ...]:
    """For each two people and each level of support: the days one named
    that level while the other scored the same day HARD_DAY or below, when
    there are MISMATCH_MIN_DAYS or more. A need kept private counts as none
    named. Ordered by the most days first, then by person and level."""
    by_day: dict[dt.date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    days: dict[tuple[str, int, str], list[dt.date]] = defaultdict(list)
    names: dict[str, str] = {}
    for day, same_day in by_day.items():
        for asking in same_day:
            if asking.need is None:
                continue
            for other in same_day:
                if person_key(other.person) == person_key(asking.person):
                    continue
                if other.closeness <= HARD_DAY:
                    key = (person_key(asking.person), asking.need, person_key(other.person))
                    days[key].append(day)
                    names.setdefault(key[0], asking.person)
                    names.setdefault(key[2], other.person)
    found = [
        Mismatch(names[asker], need, names[partner], tuple(sorted(dates)))
        for (asker, need, partner), dates in days.items()
        if len(dates) >= MISMATCH_MIN_DAYS
    ]
    return tuple(sorted(found, key=lambda m: (-len(m.days), person_key(m.person), m.need)))
