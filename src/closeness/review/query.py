"""Gather a review from the store: a few indexed range reads, then the pure
computations in review.py. Read-only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from closeness.core.models import Entry, GuidanceWords, Period
from closeness.core.reveal import NOTHING_HIDDEN, Reveal, visible_run
from closeness.core.validate import person_key
from closeness.review.compute import Review, build_review, person_review, reading_window
from closeness.store.database import Store


def read_review(
    store: Store,
    period: Period,
    people: Sequence[str],
    words: GuidanceWords,
    reveal: Reveal = NOTHING_HIDDEN,
) -> Review:
    """The review of `period` for `people` (in that order): only the days the
    review needs are read, however many years are stored. What `reveal`
    hides is left out of every figure and list, and named as hidden days."""
    window = reading_window(period)
    by_person: dict[str, list[Entry]] = {person_key(p): [] for p in people}
    hidden: dict[str, list[dt.date]] = {key: [] for key in by_person}
    shown, withheld = reveal.split(store.entries_in(window))
    for entry in shown:
        found = by_person.get(person_key(entry.person))
        if found is not None:
            found.append(entry)
    for entry in withheld:
        days = hidden.get(person_key(entry.person))
        if days is not None:
            days.append(entry.day)
    since_last = Period(period.previous().since, period.until)
    reviews = []
    for person in people:
        entries = by_person[person_key(person)]
        hidden_days = hidden[person_key(person)]
        reflections = store.reflections(person=person, period=since_last)
        reviews.append(
            person_review(
                _stored_name(person, entries),
                entries,
                period,
                run_ending=_run_ending(store, person, hidden_days),
                words=words,
                reflection=max(reflections, key=lambda r: (r.until, r.updated_at or r.until))
                if reflections
                else None,
                hidden_days=hidden_days,
            )
        )
    return build_review(period, reviews)


def _run_ending(store: Store, person: str, hidden: Sequence[dt.date]) -> Callable[[dt.date], int]:
    """`person`'s run of check-ins ending on a day, as far as you may see it."""

    def run_ending(last: dt.date) -> int:
        return visible_run(store.days_in_a_row(person, last), last, hidden)

    return run_ending


def _stored_name(person: str, entries: Sequence[Entry]) -> str:
    """The name as stored ("Élodie"), rather than as typed after --as ("élodie")."""
    return entries[-1].person if entries else person


def everyone(store: Store, you: str, partner: str | None) -> list[str]:
    """Everyone stored (--all): you first, then your partner, then the rest."""
    names = {person_key(name): name for name in store.people()}
    order = [you] + ([partner] if partner else [])
    first = [names.pop(person_key(name), name) for name in order if person_key(name) in names]
    if not first or person_key(first[0]) != person_key(you):
        first.insert(0, you)  # your own column, even before your first check-in
    return first + list(names.values())
