"""The entries table: one check-in per person per day, its columns made
from the answer registry (core/answers.py) and read by name."""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from closeness.core.answers import ANSWERS, DEEPER, MOMENTS, NEED, SCORE, WRITTEN
from closeness.core.errors import AlreadyCheckedIn
from closeness.core.models import DeeperQuestion, Deletion, Entry, Period, written_texts
from closeness.core.runs import run_ending
from closeness.core.validate import person_key
from closeness.store.connection import (
    Table,
    by_name,
    column,
    stored_day,
    stored_int,
    stored_text,
    stored_texts,
    stored_time,
)
from closeness.store.deletions import (
    FORGET,
    KEEP,
    Tombstone,
    Version,
    canonical_record,
    deletion_version,
    entry_version,
    move_tombstones,
    tombstones_of,
    utc_text,
    wins,
)

# An entry's columns: who and which day, one per answer (core/answers.py),
# which are private, and when. Rows are read and written by these names.
_TEXT_ANSWERS = tuple(a for a in ANSWERS if a.kind in WRITTEN)
# The deeper question answered: its id and its wording as asked, beside the
# answer's own column (store/migrations.py m007).
_DEEPER = next(a for a in ANSWERS if a.kind == DEEPER)
_DEEPER_ID, _DEEPER_QUESTION = f"{_DEEPER.column}_id", f"{_DEEPER.column}_question"
_ANSWER_COLUMNS = (*(a.column for a in ANSWERS), _DEEPER_ID, _DEEPER_QUESTION)
_TEXT_COLUMNS = tuple(a.column for a in _TEXT_ANSWERS)
_COLUMNS = ", ".join(("person", "day", *_ANSWER_COLUMNS, "private", "created_at", "updated_at"))
T = TypeVar("T")
_SCORE, _NEED, _MOMENTS = (
    next(a.column for a in ANSWERS if a.kind == k) for k in (SCORE, NEED, MOMENTS)
)


class Entries(Table):
    """Saving and reading check-ins."""

    def save_entry(self, entry: Entry, *, replace: bool) -> bool:
        """Insert the entry, or overwrite the same person's day when `replace`.
        Returns True when an existing entry was replaced."""
        row = entry_row(entry)
        with self._errors(), self._transaction():
            exists = self._db.execute(
                "SELECT person, updated_at FROM entries"
                " WHERE person_key = :person_key AND day = :day",
                row,
            ).fetchone()
            if exists and not replace:
                raise AlreadyCheckedIn(exists[0], entry.day.isoformat())
            self._after_tombstone(row)
            if exists:
                _dated_after(row, exists[1])
                self._db.execute(_UPDATE, _update_values(row))
            else:
                self._db.execute(_INSERT, _insert_values(row))
            return exists is not None

    def _after_tombstone(self, row: dict[str, object]) -> None:
        """A day checked in again after its deletion is kept: its tombstone
        goes, and the save is dated after it. Clocks are to the second, so a
        save in the second of the deletion (or on a clock behind the one that
        deleted) would otherwise lose to the deletion in a partner's merge,
        and the two homes would differ."""
        key = (row["person_key"], row["day"])
        found = self._db.execute(
            "SELECT deleted_at FROM deletions WHERE person_key = ? AND day = ?", key
        ).fetchone()
        if found is None:
            return
        self._db.execute(FORGET, key)
        saved = column("entries", "updated_at", stored_time, row["updated_at"])
        deleted = column("deletions", "deleted_at", stored_time, found[0])
        if saved <= deleted:
            later = (deleted + dt.timedelta(seconds=1)).astimezone(saved.tzinfo).isoformat()
            if row["created_at"] == row["updated_at"]:
                row["created_at"] = later
            row["updated_at"] = later

    def rename_person(self, old: str, new: str) -> int:
        """Move `old`'s entries to `new`, unless `new` already has some (two
        people's days must never merge). Returns how many moved."""
        with self._errors(), self._transaction():
            if person_key(old) != person_key(new) and self.count_entries(new):
                return 0
            moved = self._db.execute(
                "UPDATE entries SET person = ?, person_key = ? WHERE person_key = ?",
                (new, person_key(new), person_key(old)),
            ).rowcount
            move_tombstones(self._db, old, new)
            return int(moved)

    def delete_entry(self, person: str, day: dt.date, *, deleted_at: dt.datetime) -> bool:
        """Delete the day's check-in, leaving a tombstone dated `deleted_at`
        (the caller's clock) so that the deletion travels with an export or
        a sync. False, and nothing written, when there was none."""
        key, date = person_key(person), day.isoformat()
        with self._errors(), self._transaction():
            found = self._db.execute(
                "SELECT person FROM entries WHERE person_key = ? AND day = ?", (key, date)
            ).fetchone()
            if found is None:
                return False
            self._db.execute("DELETE FROM entries WHERE person_key = ? AND day = ?", (key, date))
            self._db.execute(KEEP, (found[0], key, date, utc_text(deleted_at)))
            return True

    def _merge_entries(self, entries: Iterable[Entry]) -> Counter[tuple[str, str]]:
        """An import's entries, inside the caller's transaction, each counted
        under (person_key, outcome): "added", or "updated" over the stored one
        of the same person and day, when newer than it and than the day's
        tombstone (store/deletions.py:wins; the tombstone then goes), else
        "unchanged". In chunks: one query finds a chunk's stored days, one
        its tombstones, and its inserts and updates are one executemany
        each, where one entry at a time took two statements."""
        outcomes: Counter[tuple[str, str]] = Counter()
        chunk: _Chunk[tuple[dict[str, object], Entry]] = {}
        for entry in entries:
            row = entry_row(entry)
            key = (str(row["person_key"]), str(row["day"]))
            if key in chunk or len(chunk) >= _MERGE_CHUNK:  # a day twice: one after the other
                outcomes.update(self._merge_chunk(chunk))
                chunk = {}
            chunk[key] = (row, entry)
        outcomes.update(self._merge_chunk(chunk))
        return outcomes

    def _merge_chunk(
        self, rows: _Chunk[tuple[dict[str, object], Entry]]
    ) -> Counter[tuple[str, str]]:
        outcomes: Counter[tuple[str, str]] = Counter()
        if not rows:
            return outcomes
        stored, tombstones = self._stored_days(rows.keys())
        added, newer, forgotten = [], [], []
        for key, (row, entry) in rows.items():
            incoming = entry_version(entry)
            tombstone = tombstones.get(key)
            found = stored.get(key)
            if tombstone and not wins(incoming, deletion_version(tombstone.deleted_at)):
                outcome = "unchanged"  # deleted after this version was saved
            elif found is None:
                outcome = "added"
                added.append(row)
            elif _same_version(row, found) or not wins(incoming, _stored_version(found)):
                outcome = "unchanged"
            else:
                outcome = "updated"
                newer.append(row)
            if tombstone and outcome != "unchanged":
                forgotten.append(key)
            outcomes[key[0], outcome] += 1
        self._db.executemany(_INSERT, map(_insert_values, added))
        self._db.executemany(_UPDATE, map(_update_values, newer))
        self._db.executemany(FORGET, forgotten)
        return outcomes

    def _merge_deletions(self, deletions: Iterable[Deletion]) -> Counter[tuple[str, str]]:
        """An import's deletions, inside the caller's transaction, each counted
        under (person_key, outcome): "deleted" when newer than the stored entry
        of its day (which goes, leaving the tombstone), else "unchanged"; with
        no entry stored, the tombstone is kept when newer than the day's (a
        deletion older than the stored entry changes nothing: the entry
        already beats every version the tombstone would). In chunks, as
        entries are."""
        outcomes: Counter[tuple[str, str]] = Counter()
        chunk: _Chunk[Deletion] = {}
        for deletion in deletions:
            key = (person_key(deletion.person), deletion.day.isoformat())
            if key in chunk or len(chunk) >= _MERGE_CHUNK:
                outcomes.update(self._merge_deletion_chunk(chunk))
                chunk = {}
            chunk[key] = deletion
        outcomes.update(self._merge_deletion_chunk(chunk))
        return outcomes

    def _merge_deletion_chunk(self, deletions: _Chunk[Deletion]) -> Counter[tuple[str, str]]:
        outcomes: Counter[tuple[str, str]] = Counter()
        if not deletions:
            return outcomes
        stored, tombstones = self._stored_days(deletions.keys())
        removed, kept = [], []
        for key, deletion in deletions.items():
            incoming = deletion_version(deletion.deleted_at)
            tombstone = tombstones.get(key)
            found = stored.get(key)
            outcome = "unchanged"
            if found is not None and wins(incoming, _stored_version(found)):
                outcome = "deleted"
                removed.append(key)
                kept.append((found["person"], *key, utc_text(deletion.deleted_at)))
            elif found is None and (
                tombstone is None or wins(incoming, deletion_version(tombstone.deleted_at))
            ):
                kept.append((deletion.person, *key, utc_text(deletion.deleted_at)))
            outcomes[key[0], outcome] += 1
        self._db.executemany("DELETE FROM entries WHERE person_key = ? AND day = ?", removed)
        self._db.executemany(KEEP, kept)
        return outcomes

    def _stored_days(
        self, days: Iterable[tuple[str, str]]
    ) -> tuple[_Chunk[sqlite3.Row], _Chunk[Tombstone]]:
        """The stored entries and tombstones of these (person_key, day)
        pairs: one indexed query each."""
        wanted = json.dumps(list(days))
        rows = by_name(self._db.execute(_STORED_OF, (wanted,)))
        entries = {(row["person_key"], row["day"]): row for row in rows}
        return entries, tombstones_of(self._db, wanted)

    def _stored_name(self, key: str) -> str | None:
        """A person's name as stored (on their first day), by their key."""
        found = self._db.execute(
            "SELECT person FROM entries WHERE person_key = ? ORDER BY day LIMIT 1", (key,)
        ).fetchone()
        if found is None:
            found = self._db.execute(
                "SELECT person FROM deletions WHERE person_key = ? ORDER BY day LIMIT 1", (key,)
            ).fetchone()
        return None if found is None else column("entries", "person", stored_text, found[0])

    def get_entry(self, person: str, day: dt.date) -> Entry | None:
        with self._errors():
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE person_key = ? AND day = ?",
                (person_key(person), day.isoformat()),
            )
            found = by_name(cursor).fetchone()
            return _entry_from_row(found) if found else None

    def entries(
        self,
        *,
        person: str | None = None,
        since: dt.date | None = None,
        search: str | None = None,
    ) -> list[Entry]:
        """Entries newest first (one day: by name), optionally one person's,
        from `since` on, or with `search` in any text answer."""
        where, params = [], []
        if person is not None:
            where.append("person_key = ?")
            params.append(person_key(person))
        if since is not None:
            where.append("day >= ?")
            params.append(since.isoformat())
        if search:
            pattern = "%" + _escape_like(search) + "%"
            where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in _TEXT_COLUMNS) + ")")
            params.extend([pattern] * len(_TEXT_COLUMNS))
        sql = f"SELECT {_COLUMNS} FROM entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY day DESC, person_key ASC"
        with self._errors():
            return [_entry_from_row(row) for row in by_name(self._db.execute(sql, params))]

    def entries_in(self, period: Period, *, person: str | None = None) -> list[Entry]:
        """Entries from `period.since` to `period.until`, oldest first (one
        day: by name): an indexed range read, however long the history."""
        sql = f"SELECT {_COLUMNS} FROM entries WHERE day BETWEEN ? AND ?"
        params = [period.since.isoformat(), period.until.isoformat()]
        if person is not None:
            sql += " AND person_key = ?"
            params.append(person_key(person))
        sql += " ORDER BY day ASC, person_key ASC"
        with self._errors():
            return [_entry_from_row(row) for row in by_name(self._db.execute(sql, params))]

    def people(self) -> list[str]:
        """Everyone with a check-in stored, by name (as on their first day).
        The index is walked from one person to the next, so this costs the
        same for a year of check-ins as for twenty."""
        with self._errors():
            rows = self._db.execute(_EVERYONE).fetchall()
            return [column("entries", "person", stored_text, row[0]) for row in rows]

    def first_day(self) -> dt.date | None:
        """The earliest day anyone checked in, in this home (None when none
        has): one step into the entries_by_day index."""
        with self._errors():
            first = self._db.execute("SELECT min(day) FROM entries").fetchone()[0]
            return None if first is None else column("entries", "day", stored_day, first)

    def count_entries(self, person: str) -> int:
        with self._errors():
            cursor = self._db.execute(
                "SELECT count(*) FROM entries WHERE person_key = ?", (person_key(person),)
            )
            return int(cursor.fetchone()[0])

    def days_in_a_row(self, person: str, last: dt.date) -> int:
        """How many days in a row, ending on `last`, have a check-in, counted
        in ranges of the index inside SQLite (core/runs.py): a twenty-year
        run is some thirty queries, where reading its 7,300 days into Python
        would take ten times as long."""
        key = person_key(person)
        return run_ending(last.toordinal(), lambda low, high: self._count_days(key, low, high))

    def _count_days(self, key: str, low: int, high: int) -> int:
        with self._errors():
            cursor = self._db.execute(
                "SELECT count(*) FROM entries WHERE person_key = ? AND day BETWEEN ? AND ?",
                (key, dt.date.fromordinal(low).isoformat(), dt.date.fromordinal(high).isoformat()),
            )
            return int(cursor.fetchone()[0])


# A skip-scan of the UNIQUE (person_key, day) index: each step jumps to the
# next person, and their first day gives the name.
_EVERYONE = """
    WITH RECURSIVE keys(k) AS (
        SELECT min(person_key) FROM entries
        UNION ALL
        SELECT (SELECT min(person_key) FROM entries WHERE person_key > k)
        FROM keys WHERE k IS NOT NULL
    )
    SELECT (SELECT person FROM entries WHERE person_key = k ORDER BY day LIMIT 1)
    FROM keys WHERE k IS NOT NULL ORDER BY k
"""
# Parameters by position, taken from a row (entry_row) by name: binding by
# name looks each name up in the row as a new string, which cost an import
# more than its inserts did.
_INSERTED = ("person_key", *_COLUMNS.split(", "))
_INSERT = "INSERT INTO entries ({}) VALUES ({})".format(
    ", ".join(_INSERTED), ", ".join("?" * len(_INSERTED))
)
_insert_values = operator.itemgetter(*_INSERTED)
# The stored rows of the (person_key, day) pairs in a JSON list, each found
# through the UNIQUE (person_key, day) index. Whole rows: at an exact tie the
# answers decide (store/deletions.py:wins).
_STORED_OF = """
    SELECT {} FROM json_each(?) AS wanted
    JOIN entries AS e ON e.person_key = json_extract(wanted.value, '$[0]')
        AND e.day = json_extract(wanted.value, '$[1]')
""".format(", ".join("e." + name for name in _INSERTED))
_MERGE_CHUNK = 2000
# created_at and the spelling of the name stay as first stored.
_UPDATED = (*_ANSWER_COLUMNS, "private", "updated_at")
_UPDATE = (
    "UPDATE entries SET "
    + ", ".join(f"{c} = ?" for c in _UPDATED)
    + " WHERE person_key = ? AND day = ?"
)
_update_values = operator.itemgetter(*_UPDATED, "person_key", "day")
# A chunk of an import: its records by (person_key, day).
_Chunk = dict[tuple[str, str], T]


def _same_version(row: dict[str, object], stored: sqlite3.Row) -> bool:
    """Whether the incoming row is the stored one again (the same file
    imported twice): no record needs building to leave it."""
    return all(row[name] == stored[name] for name in _UPDATED)


def _stored_version(row: sqlite3.Row) -> Version:
    return Version(
        column("entries", "updated_at", stored_time, row["updated_at"]),
        False,
        lambda: canonical_record(_entry_from_row(row)),
    )


def _dated_after(row: dict[str, object], stored: object) -> None:
    """A change is newer than what it changes: an edit saved in the same
    second as the version it replaces (clocks are kept to the second) is
    dated a second later, so every home's merge and sync sees it as newer."""
    saved = column("entries", "updated_at", stored_time, row["updated_at"])
    before = column("entries", "updated_at", stored_time, stored)
    if saved <= before:
        row["updated_at"] = (before + dt.timedelta(seconds=1)).astimezone(saved.tzinfo).isoformat()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entry_row(entry: Entry) -> dict[str, object]:
    if entry.created_at is None or entry.updated_at is None:
        raise ValueError("an entry is saved with its timestamps set")
    updated = entry.updated_at.isoformat()
    created = updated if entry.created_at is entry.updated_at else entry.created_at.isoformat()
    texts = entry.texts
    # Kept only with its answer (one withheld or never given has no question).
    asked = entry.deeper_question if texts.get(_DEEPER.id) else None
    return {
        "person": entry.person,
        "person_key": person_key(entry.person),
        "day": entry.day.isoformat(),
        _SCORE: entry.closeness,
        _NEED: entry.need,
        _MOMENTS: _json_list(tuple(entry.moments)),
        **{a.column: texts.get(a.id, "") for a in _TEXT_ANSWERS},
        _DEEPER_ID: asked.id if asked else "",
        _DEEPER_QUESTION: asked.wording if asked else "",
        "private": _json_set(frozenset(entry.private)),
        "created_at": created,
        "updated_at": updated,
    }


# Moments and private answers are JSON lists of keys, and a few lists recur
# in every row: an import makes each list once.
@functools.lru_cache(maxsize=256)
def _json_list(keys: tuple[str, ...]) -> str:
    return json.dumps(list(keys))


@functools.lru_cache(maxsize=256)
def _json_set(keys: frozenset[str]) -> str:
    return json.dumps(sorted(keys))


def _entry_from_row(row: sqlite3.Row) -> Entry:
    """An Entry from its row, every value held to what closeness writes (a
    damaged one raises DamagedRow, naming its column)."""
    need = row[_NEED]
    asked = _read(_DEEPER_ID, stored_text, row)
    return Entry(
        person=_read("person", stored_text, row),
        day=_read("day", stored_day, row),
        closeness=_read(_SCORE, _score, row),
        need=None if need is None else _read(_NEED, _need, row),
        moments=tuple(_read(_MOMENTS, stored_texts, row)),
        texts=written_texts({a.id: _read(a.column, stored_text, row) for a in _TEXT_ANSWERS}),
        private=frozenset(_read("private", stored_texts, row)),
        created_at=_read("created_at", stored_time, row),
        updated_at=_read("updated_at", stored_time, row),
        deeper_question=(
            DeeperQuestion(asked, _read(_DEEPER_QUESTION, stored_text, row)) if asked else None
        ),
    )


_score, _need = stored_int(1, 10), stored_int(1, 3)


def _read(name: str, parse: Callable[[object], T], row: sqlite3.Row) -> T:
    return column("entries", name, parse, row[name])
