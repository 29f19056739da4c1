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
from collections.abc import Iterator, Sequence
from pathlib import Path

from closeness.errors import ClosenessError, StorageError
from closeness.migrations import SCHEMA_VERSION, migrate, schema_version
from closeness.models import Entry
from closeness.paths import DB_NAME, FILE_MODE, HOME_ENV, ensure_home

BUSY_TIMEOUT_S = 5.0
_COLUMNS = (
    "person, day, closeness, best, challenge, appreciation, need, moments, note, "
    "private, created_at, updated_at"
)


class AlreadyCheckedIn(ClosenessError):
    """A second check-in for the same person and day without --replace."""


class ReadOnlyStorage(StorageError):
    """The database file or its folder cannot be written."""


class Store:
    """An open closeness database. Use `open_store` to get one."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    # -- writes ------------------------------------------------------------

    def save_entry(self, entry: Entry, *, replace: bool) -> bool:
        """Insert the entry, or overwrite the same person's day when `replace`.
        Returns True when an existing entry was replaced."""
        with self._errors(), self._transaction():
            row = self._db.execute(
                "SELECT created_at FROM entries WHERE person = ? AND day = ?",
                (entry.person, entry.day.isoformat()),
            ).fetchone()
            if row is not None and not replace:
                raise AlreadyCheckedIn(
                    f"{entry.person} already checked in for {entry.day.isoformat()}; "
                    "--replace overwrites it."
                )
            if row is None:
                self._db.execute(_INSERT, _to_row(entry))
            else:
                self._db.execute(_UPDATE, _to_row(entry))
            return row is not None

    def rename_person(self, old: str, new: str) -> int:
        """Move `old`'s entries to `new`, unless `new` already has some (two
        people's days must never merge). Returns how many moved."""
        with self._errors(), self._transaction():
            if old.casefold() != new.casefold() and self.count_entries(new):
                return 0
            cursor = self._db.execute("UPDATE entries SET person = ? WHERE person = ?", (new, old))
            return cursor.rowcount

    def delete_entry(self, person: str, day: dt.date) -> bool:
        with self._errors(), self._transaction():
            cursor = self._db.execute(
                "DELETE FROM entries WHERE person = ? AND day = ?", (person, day.isoformat())
            )
            return cursor.rowcount > 0

    # -- reads -------------------------------------------------------------

    def get_entry(self, person: str, day: dt.date) -> Entry | None:
        with self._errors():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE person = ? AND day = ?",
                (person, day.isoformat()),
            ).fetchone()
        return _from_row(row) if row else None

    def entries(
        self,
        *,
        person: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        search: str | None = None,
        newest_first: bool = True,
    ) -> list[Entry]:
        where, params = [], []
        if person is not None:
            where.append("person = ?")
            params.append(person)
        if since is not None:
            where.append("day >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("day <= ?")
            params.append(until.isoformat())
        if search:
            pattern = "%" + _escape_like(search) + "%"
            where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in _SEARCHED) + ")")
            params.extend([pattern] * len(_SEARCHED))
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT {_COLUMNS} FROM entries"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY day {order}, person COLLATE NOCASE ASC"
        with self._errors():
            return [_from_row(row) for row in self._db.execute(sql, params)]

    def count_entries(self, person: str) -> int:
        with self._errors():
            row = self._db.execute("SELECT count(*) FROM entries WHERE person = ?", (person,))
            return int(row.fetchone()[0])

    def checkin_days(self, person: str, until: dt.date) -> Iterator[dt.date]:
        """The person's check-in days up to `until`, newest first, lazily
        (a streak stops reading at its first gap)."""
        with self._errors():
            cursor = self._db.execute(
                "SELECT day FROM entries WHERE person = ? AND day <= ? ORDER BY day DESC",
                (person, until.isoformat()),
            )
            for (day,) in cursor:
                yield dt.date.fromisoformat(day)

    def close(self) -> None:
        self._db.close()

    # -- plumbing ----------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            # After a failed COMMIT SQLite may already have rolled back.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return translate_errors(self.path)


_SEARCHED = ("best", "challenge", "appreciation", "note")
_INSERT = "INSERT INTO entries ({}) VALUES ({})".format(
    _COLUMNS, ", ".join(":" + name for name in _COLUMNS.split(", "))
)
# created_at is left alone: it records when the day was first checked in.
_UPDATE = (
    "UPDATE entries SET closeness = :closeness, best = :best, challenge = :challenge, "
    "appreciation = :appreciation, need = :need, moments = :moments, note = :note, "
    "private = :private, updated_at = :updated_at WHERE person = :person AND day = :day"
)


@contextlib.contextmanager
def open_store(home: Path, *, readonly: bool = False) -> Iterator[Store]:
    """Open the database in `home`, creating it (0600) and bringing its schema
    up to date. With `readonly`, a read-only home or file still opens for
    reading. A file that is not a closeness database is never written to."""
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
            _check_version(db, path)
        except BaseException:
            db.close()
            raise
        if schema_version(db) < SCHEMA_VERSION:
            db.close()
            raise StorageError(
                f"{path} needs an update, and it is read-only here.",
                hint="Run closeness once where the file is writable.",
            )
        return db


def _open_migrated(home: Path, path: Path) -> sqlite3.Connection:
    with translate_errors(path):
        ensure_home(home)
        _create_private(path)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            _check_version(db, path)
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; durable at checkpoint
            migrate(db)
        except BaseException:
            db.close()
            raise
        return db


def _create_private(path: Path) -> None:
    """Create an empty database file with mode 0600 before SQLite opens it
    (SQLite would use the umask; its -wal and -shm files copy this mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)


def _check_version(db: sqlite3.Connection, path: Path) -> None:
    version = schema_version(db)  # also the first read: a non-database fails here
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
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"{path} is damaged or not a closeness database; it was left untouched.",
            hint="Move it aside to start afresh.",
        )
    if "locked" in text or "busy" in text:
        return StorageError(
            f"{path} is busy (another program is writing); nothing was changed.",
            hint="Try again in a moment.",
        )
    if "full" in text:
        return StorageError(
            f"The disk holding {path} is full. Nothing was changed.",
            hint="Free some space and try again.",
        )
    if "disk i/o error" in text:
        return StorageError(
            f"Could not write {path} (disk I/O error; is the disk full?). Nothing was changed."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReadOnlyStorage(
            f"Cannot write to {path}: the file or its folder is read-only.",
            hint=f"Check the permissions, or set {HOME_ENV} to another folder.",
        )
    return StorageError(f"Database error in {path}: {exc}.")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _to_row(entry: Entry) -> dict[str, object]:
    if entry.created_at is None or entry.updated_at is None:
        raise ValueError("an entry is saved with its timestamps set")
    return {
        "person": entry.person,
        "day": entry.day.isoformat(),
        "closeness": entry.closeness,
        "best": entry.best,
        "challenge": entry.challenge,
        "appreciation": entry.appreciation,
        "need": entry.need,
        "moments": json.dumps(list(entry.moments)),
        "note": entry.note,
        "private": json.dumps(sorted(entry.private)),
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
    }


def _from_row(row: Sequence[object]) -> Entry:
    (
        person,
        day,
        closeness,
        best,
        challenge,
        appreciation,
        need,
        moments,
        note,
        private,
        created_at,
        updated_at,
    ) = row
    return Entry(
        person=str(person),
        day=dt.date.fromisoformat(str(day)),
        closeness=int(closeness),  # type: ignore[call-overload]
        best=str(best),
        challenge=str(challenge),
        appreciation=str(appreciation),
        need=None if need is None else int(need),  # type: ignore[call-overload]
        moments=tuple(json.loads(str(moments))),
        note=str(note),
        private=frozenset(json.loads(str(private))),
        created_at=dt.datetime.fromisoformat(str(created_at)),
        updated_at=dt.datetime.fromisoformat(str(updated_at)),
    )
