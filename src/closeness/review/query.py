"""Gather a review from the store: a few indexed range reads, then the pure
computations in review.py. Read-only."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from closeness.core.models import Entry, GuidanceWords, Period
from closeness.core.validate import person_key
from closeness.review.compute import Review, build_review, person_review, reading_window
from closeness.store.database import Store


def read_review(
    store: Store, period: Period, people: Sequence[str], words: GuidanceWords
) -> Review:
    """The review of `period` for `people` (in that order): only the days the
    review needs are read, however many years are stored."""
    window = reading_window(period)
    by_person: dict[str, list[Entry]] = {person_key(p): [] for p in people}
    for entry in store.entries_in(window):
        found = by_person.get(person_key(entry.person))
        if found is not None:
            found.append(entry)
    since_last = Period(period.previous().since, period.until)
    reviews = []
    for person in people:
        entries = by_person[person_key(person)]
        reflections = store.reflections(person=person, period=since_last)
        reviews.append(
            person_review(
                _stored_name(person, entries),
                entries,
                period,
                run_ending=functools.partial(store.days_in_a_row, person),
                words=words,
                reflection=max(reflections, key=lambda r: (r.until, r.updated_at or r.until))
                if reflections
                else None,
            )
        )
    return build_review(period, reviews)


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
