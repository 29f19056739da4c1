"""The deletions table: a tombstone for each day whose check-in was deleted
(with `delete` here, or by its author elsewhere and then imported), so that
a copy of the day from before its deletion never brings it back. And the
one rule that says which version of a person's day wins (`wins`).

A day holds a stored entry or a tombstone, never both: whichever of them is
newer is the day's state, and the other is removed in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from closeness.core.answers import ANSWERS, MOMENTS, NEED, SCORE
from closeness.core.models import Deletion, Entry, Period
from closeness.core.validate import person_key
from closeness.store.connection import (
    Table,
    by_name,
    column,
    person_and_period,
    stored_day,
    stored_text,
    stored_time,
)

T = TypeVar("T")
_COLUMNS = "person, day, deleted_at"


# -- which version of a day wins -------------------------------------------------


class Version(NamedTuple):
    """One version of a person's day: an entry saved at `moment`, or its
    deletion then. `record` gives the entry's canonical record; it is only
    called at an exact tie between two entries, so the common case builds
    no JSON."""

    moment: dt.datetime
    deletion: bool
    record: Callable[[], str]


def wins(incoming: Version, stored: Version) -> bool:
    """Whether `incoming` is newer than `stored` in the one order every home
    agrees on, so that two homes merging the same records in any order end
    with the same day: the later moment (compared as moments, whatever the
    offsets); at the same moment (clocks are to the second) a deletion
    before an entry; between two entries, the one whose canonical record
    sorts higher. Equal versions are not newer: a merge is idempotent."""
    if incoming.moment != stored.moment:
        return incoming.moment > stored.moment
    if incoming.deletion != stored.deletion:
        return incoming.deletion
    return not incoming.deletion and incoming.record() > stored.record()


def entry_version(entry: Entry) -> Version:
    if entry.updated_at is None:
        raise ValueError("an entry is merged with its updated_at set")
    return Version(_aware(entry.updated_at), False, lambda: canonical_record(entry))


def deletion_version(deleted_at: dt.datetime) -> Version:
    return Version(_aware(deleted_at), True, str)


def canonical_record(entry: Entry) -> str:
    """The entry as the exchange format's record with every answer (private
    ones included) and `private` always listed; without `person` and
    `updated_at`, which at a tie are the same up to the name's spelling and
    the time's offset. Keys sorted, no spaces, text as it is (no \\u
    escapes): compared as strings, code point by code point."""
    record: dict[str, object] = {"date": entry.day.isoformat(), "private": sorted(entry.private)}
    for answer in ANSWERS:
        if answer.kind == SCORE:
            record[answer.id] = entry.closeness
        elif answer.kind == NEED:
            record[answer.id] = entry.need
        elif answer.kind == MOMENTS:
            record[answer.id] = list(entry.moments)
        else:
            record[answer.id] = entry.text(answer.id)
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def utc_text(moment: dt.datetime) -> str:
    """A deleted_at as stored: in UTC, so tombstones compare as text too."""
    return _aware(moment).astimezone(dt.UTC).isoformat()


# -- the table ---------------------------------------------------------------------


class Deletions(Table):
    """Reading tombstones. They are written by the entries' own writes
    (store/entries.py), each in the transaction that deletes or saves the day."""

    def deletions(
        self, *, person: str | None = None, period: Period | None = None
    ) -> list[Deletion]:
        """Tombstones oldest day first (one day: by name), optionally one
        person's, inside `period`."""
        where, params = person_and_period(person, period, "day")
        sql = f"SELECT {_COLUMNS} FROM deletions{where} ORDER BY day ASC, person_key ASC"
        with self._errors():
            return [_deletion_from_row(row) for row in by_name(self._db.execute(sql, params))]


# What the entries' writes do to tombstones, inside their transaction.

# A new tombstone, or a later time for the day's tombstone (never an earlier
# one); the spelling of the name stays as first stored. Times are stored as
# UTC text (utc_text), so the later one is the larger.
KEEP = """
    INSERT INTO deletions (person, person_key, day, deleted_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (person_key, day) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)
"""
FORGET = "DELETE FROM deletions WHERE person_key = ? AND day = ?"
# The stored tombstones of the (person_key, day) pairs in a JSON list.
_TOMBSTONES_OF = """
    SELECT d.person_key, d.day, d.person, d.deleted_at FROM json_each(?) AS wanted
    JOIN deletions AS d ON d.person_key = json_extract(wanted.value, '$[0]')
        AND d.day = json_extract(wanted.value, '$[1]')
"""


class Tombstone(NamedTuple):
    person: str
    deleted_at: dt.datetime


def tombstones_of(db: sqlite3.Connection, wanted: str) -> dict[tuple[str, str], Tombstone]:
    """The stored tombstones of the (person_key, day) pairs in `wanted`, a
    JSON list: one indexed query for a whole chunk of an import."""
    return {
        (key, day): Tombstone(
            column("deletions", "person", stored_text, person),
            column("deletions", "deleted_at", stored_time, when),
        )
        for key, day, person, when in db.execute(_TOMBSTONES_OF, (wanted,))
    }


def move_tombstones(db: sqlite3.Connection, old: str, new: str) -> None:
    """`old`'s tombstones filed under `new` (a rename); where both have one
    for a day, the later stays."""
    old_key, new_key = person_key(old), person_key(new)
    if old_key == new_key:
        db.execute("UPDATE deletions SET person = ? WHERE person_key = ?", (new, old_key))
        return
    theirs = db.execute(
        "SELECT day, deleted_at FROM deletions WHERE person_key = ?", (old_key,)
    ).fetchall()
    rows = [(new, new_key, day, when) for day, when in theirs]
    db.execute("DELETE FROM deletions WHERE person_key = ?", (old_key,))
    db.executemany(KEEP, rows)  # where both had the day, the later stays
    # A day holds an entry or a tombstone: the entries just moved stay.
    db.execute(
        "DELETE FROM deletions WHERE person_key = ? "
        "AND day IN (SELECT day FROM entries WHERE person_key = ?)",
        (new_key, new_key),
    )


def _deletion_from_row(row: sqlite3.Row) -> Deletion:
    return Deletion(
        person=_read("person", stored_text, row),
        day=_read("day", stored_day, row),
        deleted_at=_read("deleted_at", stored_time, row),
    )


def _read(name: str, parse: Callable[[object], T], row: sqlite3.Row) -> T:
    return column("deletions", name, parse, row[name])
