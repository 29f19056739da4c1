"""All SQL lives here: open (and migrate) the database, save and query entries.

Every write is one transaction (BEGIN IMMEDIATE … COMMIT), so a process
killed at any instant leaves the database as it was before or after the
write. WAL mode and a busy timeout let two partners check in at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from closeness.core.answers import ANSWERS, MOMENTS, NEED, SCORE, TEXT
from closeness.core.errors import AlreadyCheckedIn, ClosenessError, ReadOnlyStorage, StorageError
from closeness.core.models import Entry, MergeCount, MergeResult, Period, Reflection, written_texts
from closeness.core.validate import person_key
from closeness.store.files import DB_NAME, FILE_MODE, HOME_ENV, ensure_home
from closeness.store.migrations import (
    SCHEMA_VERSION,
    is_closeness_database,
    migrate,
    schema_version,
)

BUSY_TIMEOUT_S = 5.0
# SQLite waits on a lock in C, where Ctrl-C cannot reach; it waits in short
# slices and the rest of BUSY_TIMEOUT_S is waited here, between them.
_BUSY_SLICE_S = 0.1
T = TypeVar("T")
# An entry's columns: who and which day, one per answer (core/answers.py),
# which are private, and when. Rows are read and written by these names.
_ANSWER_COLUMNS = tuple(a.column for a in ANSWERS)
_TEXT_COLUMNS = tuple(a.column for a in ANSWERS if a.kind == TEXT)
_COLUMNS = ", ".join(("person", "day", *_ANSWER_COLUMNS, "private", "created_at", "updated_at"))
_SCORE, _NEED, _MOMENTS = (
    next(a.column for a in ANSWERS if a.kind == k) for k in (SCORE, NEED, MOMENTS)
)


class Store:
    """An open closeness database. Use `open_store` to get one."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    # -- writes ------------------------------------------------------------

    def save_entry(self, entry: Entry, *, replace: bool) -> bool:
        """Insert the entry, or overwrite the same person's day when `replace`.
        Returns True when an existing entry was replaced."""
        row = _to_row(entry)
        with self._errors(), self._transaction():
            exists = self._db.execute(
                "SELECT person FROM entries WHERE person_key = :person_key AND day = :day", row
            ).fetchone()
            if exists and not replace:
                raise AlreadyCheckedIn(
                    f"{exists[0]} already checked in for {entry.day.isoformat()}; "
                    "--replace overwrites it."
                )
            self._db.execute(_UPDATE if exists else _INSERT, row)
            return exists is not None

    def rename_person(
        self, old: str, new: str, *, before_commit: Callable[[], object] = lambda: None
    ) -> int:
        """Move `old`'s entries to `new`, unless `new` already has some (two
        people's days must never merge). `before_commit` runs inside the
        transaction, so what it writes elsewhere and the move succeed or fail
        together. Returns how many moved."""
        with self._errors(), self._transaction():
            if person_key(old) != person_key(new) and self.count_entries(new):
                moved = 0
            else:
                moved = self._db.execute(
                    "UPDATE entries SET person = ?, person_key = ? WHERE person_key = ?",
                    (new, person_key(new), person_key(old)),
                ).rowcount
            before_commit()
            return moved

    def save_reflection(self, reflection: Reflection) -> bool:
        """Insert, or replace the same person's reflection on the same period
        (keeping when it was first written). True if replaced."""
        row = _reflection_row(reflection)
        with self._errors(), self._transaction():
            return self._upsert_reflection(row, only_if_newer=False) == "updated"

    def merge(self, entries: Sequence[Entry], reflections: Sequence[Reflection]) -> MergeResult:
        """Import: add what is new, replace what the incoming side changed
        later (newer updated_at), leave the rest. One transaction for all."""
        with self._errors(), self._transaction():
            entry_outcomes = Counter(self._upsert_entry(_to_row(entry)) for entry in entries)
            reflection_outcomes = Counter(
                self._upsert_reflection(_reflection_row(r), only_if_newer=True) for r in reflections
            )
        return MergeResult(MergeCount(**entry_outcomes), MergeCount(**reflection_outcomes))

    def _upsert_entry(self, row: dict[str, object]) -> str:
        found = self._db.execute(
            "SELECT updated_at FROM entries WHERE person_key = :person_key AND day = :day", row
        ).fetchone()
        if found is None:
            self._db.execute(_INSERT, row)
            return "added"
        if not _is_newer(str(row["updated_at"]), found[0]):
            return "unchanged"
        self._db.execute(_UPDATE, row)
        return "updated"

    def _upsert_reflection(self, row: dict[str, object], *, only_if_newer: bool) -> str:
        found = self._db.execute(
            "SELECT updated_at FROM reflections "
            "WHERE person_key = :person_key AND since = :since AND until = :until",
            row,
        ).fetchone()
        if found is None:
            self._db.execute(_INSERT_REFLECTION, row)
            return "added"
        if only_if_newer and not _is_newer(str(row["updated_at"]), found[0]):
            return "unchanged"
        self._db.execute(_UPDATE_REFLECTION, row)
        return "updated"

    def delete_entry(self, person: str, day: dt.date) -> bool:
        with self._errors(), self._transaction():
            cursor = self._db.execute(
                "DELETE FROM entries WHERE person_key = ? AND day = ?",
                (person_key(person), day.isoformat()),
            )
            return cursor.rowcount > 0

    # -- reads -------------------------------------------------------------

    def get_entry(self, person: str, day: dt.date) -> Entry | None:
        with self._errors():
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE person_key = ? AND day = ?",
                (person_key(person), day.isoformat()),
            )
            found = _by_name(cursor).fetchone()
        return _from_row(found) if found else None

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
            return [_from_row(row) for row in _by_name(self._db.execute(sql, params))]

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
            return [_from_row(row) for row in _by_name(self._db.execute(sql, params))]

    def people(self) -> list[str]:
        """Everyone with a check-in stored, by name (as on their first day).
        The index is walked from one person to the next, so this costs the
        same for a year of check-ins as for twenty."""
        with self._errors():
            rows = self._db.execute(_EVERYONE).fetchall()
        return [str(row[0]) for row in rows]

    def get_reflection(self, person: str, period: Period) -> Reflection | None:
        with self._errors():
            row = self._db.execute(
                f"SELECT {_REFLECTION_COLUMNS} FROM reflections "
                "WHERE person_key = ? AND since = ? AND until = ?",
                (person_key(person), period.since.isoformat(), period.until.isoformat()),
            ).fetchone()
        return _reflection_from_row(row) if row else None

    def reflections(
        self, *, person: str | None = None, period: Period | None = None
    ) -> list[Reflection]:
        """Reflections whose period ends inside `period`, oldest first."""
        where, params = [], []
        if person is not None:
            where.append("person_key = ?")
            params.append(person_key(person))
        if period is not None:
            where.append("until BETWEEN ? AND ?")
            params += [period.since.isoformat(), period.until.isoformat()]
        sql = f"SELECT {_REFLECTION_COLUMNS} FROM reflections"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY until ASC, person_key ASC, kind ASC"
        with self._errors():
            return [_reflection_from_row(row) for row in self._db.execute(sql, params)]

    def count_entries(self, person: str) -> int:
        with self._errors():
            cursor = self._db.execute(
                "SELECT count(*) FROM entries WHERE person_key = ?", (person_key(person),)
            )
            return int(cursor.fetchone()[0])

    def days_in_a_row(self, person: str, last: dt.date) -> int:
        """How many days in a row, ending on `last`, have a check-in: counted
        in growing, then shrinking, ranges of the index (there is one entry per
        person per day, so a range is unbroken when its count is its length).
        The walking stays inside SQLite: a twenty-year run is some thirty
        queries and 0.4 ms, against 5 ms to read its 7,300 days into Python."""
        key = person_key(person)
        newest = last.toordinal()
        run, step, growing = 0, 1, True
        while step and newest - run >= 1:
            high = newest - run
            low = max(high - step + 1, 1)  # 1: the first day of the calendar
            unbroken = self._count_days(key, low, high) == high - low + 1
            if unbroken:
                run += high - low + 1
            if unbroken and growing:
                step *= 2
            else:
                growing, step = False, step // 2
        return run

    def _count_days(self, key: str, low: int, high: int) -> int:
        with self._errors():
            cursor = self._db.execute(
                "SELECT count(*) FROM entries WHERE person_key = ? AND day BETWEEN ? AND ?",
                (key, dt.date.fromordinal(low).isoformat(), dt.date.fromordinal(high).isoformat()),
            )
            return int(cursor.fetchone()[0])

    def close(self) -> None:
        self._db.close()

    # -- plumbing ----------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        _while_busy(lambda: self._db.execute("BEGIN IMMEDIATE"))
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            # After a failed COMMIT (disk full) SQLite has already rolled
            # back; a second ROLLBACK would hide the real error.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return translate_errors(self.path)


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
_INSERT = "INSERT INTO entries (person_key, {}) VALUES (:person_key, {})".format(
    _COLUMNS, ", ".join(":" + name for name in _COLUMNS.split(", "))
)
# created_at and the spelling of the name stay as first stored.
_UPDATE = (
    "UPDATE entries SET "
    + ", ".join(f"{c} = :{c}" for c in (*_ANSWER_COLUMNS, "private", "updated_at"))
    + " WHERE person_key = :person_key AND day = :day"
)


_REFLECTION_COLUMNS = "person, kind, since, until, answers, created_at, updated_at"
_INSERT_REFLECTION = "INSERT INTO reflections (person_key, {}) VALUES (:person_key, {})".format(
    _REFLECTION_COLUMNS, ", ".join(":" + name for name in _REFLECTION_COLUMNS.split(", "))
)
_UPDATE_REFLECTION = (
    "UPDATE reflections SET kind = :kind, answers = :answers, updated_at = :updated_at "
    "WHERE person_key = :person_key AND since = :since AND until = :until"
)


def _is_newer(incoming: str, stored: str) -> bool:
    return dt.datetime.fromisoformat(incoming) > dt.datetime.fromisoformat(stored)


@contextlib.contextmanager
def open_store(home: Path, *, readonly: bool = False) -> Iterator[Store]:
    """Open the database in `home`, creating it (0600) and bringing its schema
    up to date. With `readonly`, a missing database is not created and a
    read-only home or file still opens for reading. A file that is not a
    closeness database is never written to."""
    path = home / DB_NAME
    if readonly and not path.exists():
        db = sqlite3.connect(":memory:", isolation_level=None)
        migrate(db)  # nothing stored yet: an empty schema, and no file created
        store = Store(db, path)
    elif readonly and not _writable(path):
        store = Store(_connect_immutable(path), path)
    else:
        store = Store(_connect(home, path, readonly), path)
    try:
        yield store
    finally:
        store.close()


def _connect(home: Path, path: Path, readonly: bool) -> sqlite3.Connection:
    with translate_errors(path):
        try:
            return _open_migrated(home, path)
        except ReadOnlyStorage:
            if not readonly or not path.exists():
                raise
        return _connect_immutable(path)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect_immutable(path: Path) -> sqlite3.Connection:
    """Read a database nobody can write: WAL would need -wal and -shm files
    that cannot be created there (or would be left behind unwritable, blocking
    later writes), so SQLite is told the file cannot change."""
    with translate_errors(path):
        db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None
        )
        try:
            _check_identity(db, path)
            if schema_version(db) < SCHEMA_VERSION:
                raise StorageError(
                    f"{path} needs an update, and it is read-only here.",
                    hint="Run closeness once where the file is writable.",
                )
        except BaseException:
            db.close()
            raise
        return db


def _open_migrated(home: Path, path: Path) -> sqlite3.Connection:
    with translate_errors(path):
        ensure_home(home)
        _create_private(path)
        db = sqlite3.connect(path, timeout=_BUSY_SLICE_S, isolation_level=None)
        try:
            _while_busy(lambda: _check_identity(db, path))  # before anything could write
            _make_private(path)
            _while_busy(lambda: _use_wal(db))
            # FULL: a check-in confirmed on screen survives a power cut too;
            # at one write a night the extra fsync costs nothing noticeable.
            db.execute("PRAGMA synchronous = FULL")
            _while_busy(lambda: migrate(db))  # each step re-reads the version
        except BaseException:
            db.close()
            raise
        return db


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL (once per file; it persists). The switch does not wait
    on SQLite's busy timeout when another process opens the same new file at
    once, so the caller retries it."""
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")


def _while_busy(action: Callable[[], T]) -> T:
    """Run `action`, retrying while the database is locked, for up to
    BUSY_TIMEOUT_S in all; Ctrl-C is felt between tries."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if _problem(exc) != "busy" or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _create_private(path: Path) -> None:
    """Create an empty database file with mode 0600 before SQLite opens it
    (SQLite would use the umask; its -wal and -shm files copy this mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def _make_private(path: Path) -> None:
    """A closeness database readable by others (say, restored from a backup)
    is made private again."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        with contextlib.suppress(OSError):
            path.chmod(mode & 0o700)


def _check_identity(db: sqlite3.Connection, path: Path) -> None:
    if not is_closeness_database(db):
        raise StorageError(
            f"{path} is not a closeness database; it was left untouched.",
            hint="Move it aside, or set CLOSENESS_HOME to another folder.",
        )
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StorageError(
            f"{path} was written by a newer closeness (schema {version}, "
            f"this one knows {SCHEMA_VERSION}).",
            hint="Upgrade closeness; the file was left as it is.",
        )


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite and OS errors into one clear sentence naming the file."""
    try:
        yield
    except ClosenessError:
        raise
    except sqlite3.DatabaseError as exc:
        raise _storage_error(path, exc) from exc
    except PermissionError as exc:
        raise ReadOnlyStorage(
            f"Cannot write to {path.parent}: permission denied.",
            hint=f"Check the folder's permissions, or set {HOME_ENV} to another.",
        ) from exc
    except OSError as exc:
        raise StorageError(f"Cannot open {path}: {exc.strerror or exc}.") from exc


def _storage_error(path: Path, exc: sqlite3.DatabaseError) -> StorageError:
    problem = _problem(exc)
    if problem == "damaged":
        return StorageError(
            f"{path} is damaged or not a closeness database; it was left untouched.",
            hint="Move it aside to start afresh.",
        )
    if problem == "busy":
        return StorageError(
            f"{path} is busy (another program is writing); nothing was changed.",
            hint="Try again in a moment.",
        )
    if problem == "full":
        return StorageError(
            f"The disk holding {path} is full. Nothing was changed.",
            hint="Free some space and try again.",
        )
    if problem == "io":
        return StorageError(
            f"Could not write {path} (disk I/O error; is the disk full?). Nothing was changed."
        )
    if problem == "readonly":
        return ReadOnlyStorage(
            f"Cannot write to {path}: the file or its folder is read-only.",
            hint=f"Check the permissions, or set {HOME_ENV} to another folder.",
        )
    return StorageError(f"Database error in {path}: {exc}.")


_Problem = Literal["damaged", "busy", "full", "io", "readonly"]
# SQLite's primary result codes (the low byte of an extended code, so
# SQLITE_IOERR_WRITE is SQLITE_IOERR) by what they mean here. Codes, not
# message text: wording differs between SQLite versions, and any message may
# quote a name ("no such table: locked" is not a lock).
_PROBLEMS: dict[int, _Problem] = {
    sqlite3.SQLITE_NOTADB: "damaged",
    sqlite3.SQLITE_CORRUPT: "damaged",
    sqlite3.SQLITE_BUSY: "busy",
    sqlite3.SQLITE_LOCKED: "busy",
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_IOERR: "io",
    sqlite3.SQLITE_READONLY: "readonly",
    sqlite3.SQLITE_CANTOPEN: "readonly",
    sqlite3.SQLITE_PERM: "readonly",
}


def _problem(exc: sqlite3.Error) -> _Problem | None:
    """What went wrong, by SQLite's result code; None for anything else (a
    constraint, a syntax error). An error that carries no code was raised by
    Python's sqlite3 module rather than by SQLite (a closed connection, say):
    its message is all there is to go on."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _PROBLEMS.get(code & 0xFF)
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "damaged"
    if "locked" in text or "busy" in text:
        return "busy"
    if "full" in text:
        return "full"
    if "disk i/o error" in text:
        return "io"
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "readonly"
    return None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _to_row(entry: Entry) -> dict[str, object]:
    if entry.created_at is None or entry.updated_at is None:
        raise ValueError("an entry is saved with its timestamps set")
    return {
        "person": entry.person,
        "person_key": person_key(entry.person),
        "day": entry.day.isoformat(),
        _SCORE: entry.closeness,
        _NEED: entry.need,
        _MOMENTS: json.dumps(list(entry.moments)),
        **{a.column: entry.text(a.id) for a in ANSWERS if a.kind == TEXT},
        "private": json.dumps(sorted(entry.private)),
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
    }


def _from_row(row: sqlite3.Row) -> Entry:
    need = row[_NEED]
    return Entry(
        person=str(row["person"]),
        day=dt.date.fromisoformat(row["day"]),
        closeness=int(row[_SCORE]),
        need=None if need is None else int(need),
        moments=tuple(json.loads(row[_MOMENTS])),
        texts=written_texts({a.id: str(row[a.column]) for a in ANSWERS if a.kind == TEXT}),
        private=frozenset(json.loads(row["private"])),
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
    )


def _by_name(cursor: sqlite3.Cursor) -> sqlite3.Cursor:
    """Rows of this cursor read by column name."""
    cursor.row_factory = sqlite3.Row
    return cursor


def _reflection_row(reflection: Reflection) -> dict[str, object]:
    if reflection.created_at is None or reflection.updated_at is None:
        raise ValueError("a reflection is saved with its timestamps set")
    return {
        "person": reflection.person,
        "person_key": person_key(reflection.person),
        "kind": reflection.kind,
        "since": reflection.since.isoformat(),
        "until": reflection.until.isoformat(),
        "answers": json.dumps([list(pair) for pair in reflection.answers], ensure_ascii=False),
        "created_at": reflection.created_at.isoformat(),
        "updated_at": reflection.updated_at.isoformat(),
    }


def _reflection_from_row(row: Sequence[object]) -> Reflection:
    person, kind, since, until, answers, created_at, updated_at = row
    return Reflection(
        person=str(person),
        kind=str(kind),
        since=dt.date.fromisoformat(str(since)),
        until=dt.date.fromisoformat(str(until)),
        answers=tuple((str(qid), str(text)) for qid, text in json.loads(str(answers))),
        created_at=dt.datetime.fromisoformat(str(created_at)),
        updated_at=dt.datetime.fromisoformat(str(updated_at)),
    )
