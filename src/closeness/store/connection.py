"""The connection under every table: opening (and migrating) the database,
one transaction per write, waiting on a busy database, and SQLite's errors
as one clear sentence naming the file (by result code, never by message).

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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar

from closeness.core.errors import ClosenessError, ReadOnlyStorage, StorageError
from closeness.core.models import Period
from closeness.core.validate import person_key
from closeness.store.files import FILE_MODE, HOME_ENV, ensure_home
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


class Table:
    """What each table's queries share: the open connection, its file, one
    transaction per write, and errors translated."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        while_busy(lambda: self._db.execute("BEGIN IMMEDIATE"))
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


def person_and_period(
    person: str | None, period: Period | None, day_column: str
) -> tuple[str, list[object]]:
    """The WHERE clause (or "") and its parameters for one person's rows
    (by person_key) whose `day_column` falls inside `period`."""
    where: list[str] = []
    params: list[object] = []
    if person is not None:
        where.append("person_key = ?")
        params.append(person_key(person))
    if period is not None:
        where.append(f"{day_column} BETWEEN ? AND ?")
        params += [period.since.isoformat(), period.until.isoformat()]
    return (" WHERE " + " AND ".join(where) if where else ""), params


def by_name(cursor: sqlite3.Cursor) -> sqlite3.Cursor:
    """Rows of this cursor read by column name."""
    cursor.row_factory = sqlite3.Row
    return cursor


def is_newer(incoming: str, stored: object, table: str) -> bool:
    """Whether `incoming` (an updated_at being written) is later than the
    `stored` updated_at of the same record in `table`."""
    return dt.datetime.fromisoformat(incoming) > column(table, "updated_at", stored_time, stored)


# -- reading rows ------------------------------------------------------------------
# The schema's CHECK constraints keep out most of what closeness never writes,
# not all of it: 2026-02-30 has the shape of a day, 5.5 is between 1 and 10.
# Every value read is held to what closeness writes; one that is not makes the
# database damaged (DamagedRow, which translate_errors words like other damage),
# never an unexpected error somewhere later.


class DamagedRow(ValueError):
    """A stored value closeness never writes; `where` is TABLE.COLUMN."""

    def __init__(self, where: str) -> None:
        super().__init__(f"{where} holds a value closeness never writes")
        self.where = where


def column(table: str, name: str, parse: Callable[[Any], T], value: object) -> T:
    """`value`, read from `table`.`name`, through `parse` (which raises
    ValueError or TypeError for anything closeness would not have written)."""
    try:
        return parse(value)
    except (ValueError, TypeError) as exc:
        raise DamagedRow(f"{table}.{name}") from exc


def stored_text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not text: {type(value).__name__}")
    return value


def stored_day(value: object) -> dt.date:
    return dt.date.fromisoformat(stored_text(value))


def stored_time(value: object) -> dt.datetime:
    """An ISO 8601 time; one without a UTC offset is taken as UTC (as an
    import takes it)."""
    moment = dt.datetime.fromisoformat(stored_text(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def stored_int(low: int, high: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        # Exactly an integer: SQLite keeps 5.5 as a REAL even in an INTEGER
        # column, and bool is no score.
        if type(value) is not int or not low <= value <= high:
            raise ValueError(f"not a whole number from {low} to {high}: {value!r}")
        return value

    return parse


def stored_texts(value: object) -> list[str]:
    """A JSON list of texts."""
    items = json.loads(stored_text(value))
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError("not a JSON list of texts")
    return items


class NoRoom(StorageError):
    """The disk is full, or failed a write (SQLite cannot tell them apart
    everywhere)."""


def database_file(path: Path) -> bool:
    """Whether there is a database file at `path` to open (False: none yet).
    What SQLite must not open is refused first, saying what it is: a folder,
    a pipe or device (opening a pipe can hang), a symbolic link to nothing or
    to an empty file (SQLite would create the file it names, or turn it into
    a database)."""
    try:
        info = path.lstat()
        link = stat.S_ISLNK(info.st_mode)
        if link:
            info = path.stat()
    except FileNotFoundError:
        if not path.is_symlink():
            return False
        raise StorageError(
            f"{path} is a symbolic link to {os.readlink(path)}, which does not exist; "
            "it was left as it is.",
            hint=f"Restore the file it names, remove the link to start afresh, or set "
            f"{HOME_ENV} to another folder.",
        ) from None
    except OSError as exc:  # a link loop, no permission
        raise StorageError(f"Cannot open {path}: {exc.strerror or exc}.") from exc
    kind = _not_a_file(info.st_mode)
    if kind:
        raise StorageError(
            f"{path} is {kind}, not a database file; it was left as it is.",
            hint=f"Move it aside, or set {HOME_ENV} to another folder.",
        )
    if link and info.st_size == 0:
        raise StorageError(
            f"{path} is a symbolic link to an empty file, {path.resolve()}; closeness will "
            "not turn that file into a database.",
            hint="Remove the link to start afresh, or point it to your closeness.db.",
        )
    return True


def _not_a_file(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


def connect(home: Path, path: Path, readonly: bool) -> sqlite3.Connection:
    """Open the database, creating and migrating it. With `readonly`, one
    that cannot be written here (a read-only file or folder, a full disk) is
    opened for reading instead, unless writes wait in its -wal (which only a
    writable open folds in)."""
    with translate_errors(path, reading=readonly):
        try:
            return _open_migrated(home, path, reading=readonly)
        except ReadOnlyStorage:
            if not readonly or not path.exists():
                raise
        except NoRoom:
            if not readonly or _wal_holds_writes(path):
                raise
        return connect_immutable(path)


def _wal_holds_writes(path: Path) -> bool:
    try:
        return _companion(path, "-wal").stat().st_size > 0
    except OSError:
        return False


def _companion(path: Path, suffix: str) -> Path:
    """The -wal or -shm file of `path` (beside the file a link names, as SQLite puts it)."""
    real = path.resolve()
    return real.with_name(real.name + suffix)


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def connect_immutable(path: Path) -> sqlite3.Connection:
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


def _open_migrated(home: Path, path: Path, *, reading: bool = False) -> sqlite3.Connection:
    with translate_errors(path, reading=reading):
        ensure_home(home)
        _create_private(path)
        if not os.access(path, os.W_OK):
            # Before SQLite opens it: it would open the file read-only and
            # still create -wal and -shm files with the file's mode (0400),
            # which would refuse every later write, even once the file is
            # writable again.
            raise ReadOnlyStorage(
                f"Cannot write to {path}: the file is read-only.",
                hint=f"Check its permissions, or set {HOME_ENV} to another folder.",
            )
        _make_companions_writable(path)
        db = sqlite3.connect(path, timeout=_BUSY_SLICE_S, isolation_level=None)
        try:
            while_busy(lambda: _check_identity(db, path))  # before anything could write
            _make_private(path)
            while_busy(lambda: _use_wal(db))
            # FULL: a check-in confirmed on screen survives a power cut too;
            # at one write a night the extra fsync costs nothing noticeable.
            db.execute("PRAGMA synchronous = FULL")
            while_busy(lambda: migrate(db))  # each step re-reads the version
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


def while_busy(action: Callable[[], T]) -> T:
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


def _make_companions_writable(path: Path) -> None:
    """-wal and -shm files the owner cannot write (closeness 0.1.0 left them
    0400 after a refused write on a read-only database) would make a
    writable database read-only forever: they are made 0600 again."""
    for suffix in ("-wal", "-shm"):
        companion = _companion(path, suffix)
        if companion.exists() and not os.access(companion, os.W_OK):
            with contextlib.suppress(OSError):
                companion.chmod(FILE_MODE)


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
def translate_errors(path: Path, *, reading: bool = False) -> Iterator[None]:
    """Turn SQLite and OS errors into one clear sentence naming the file
    (`reading`: for a command that only reads it)."""
    try:
        yield
    except ClosenessError:
        raise
    except DamagedRow as exc:
        raise StorageError(
            f"{path} is damaged ({exc.where} holds a value closeness never writes); "
            "it was left untouched.",
            hint="Restore it from a backup, or move it aside to start afresh.",
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise _storage_error(path, exc, reading=reading) from exc
    except PermissionError as exc:
        raise ReadOnlyStorage(
            f"Cannot write to {path.parent}: permission denied.",
            hint=f"Check the folder's permissions, or set {HOME_ENV} to another.",
        ) from exc
    except OSError as exc:
        raise StorageError(f"Cannot open {path}: {exc.strerror or exc}.") from exc


def _storage_error(
    path: Path, exc: sqlite3.DatabaseError, *, reading: bool = False
) -> StorageError:
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
    if problem in ("full", "io") and reading:
        # Even a read needs room: SQLite's -shm index beside the database.
        cause = "the disk is full" if problem == "full" else "disk I/O error; is the disk full?"
        return NoRoom(f"Could not open {path} to read it ({cause}).", hint=_FREE_SPACE)
    if problem == "full":
        return NoRoom(f"The disk holding {path} is full. Nothing was changed.", hint=_FREE_SPACE)
    if problem == "io":
        return NoRoom(
            f"Could not write {path} (disk I/O error; is the disk full?). Nothing was changed."
        )
    if problem == "readonly":
        return ReadOnlyStorage(
            f"Cannot write to {path}: the file or its folder is read-only.",
            hint=f"Check the permissions, or set {HOME_ENV} to another folder.",
        )
    return StorageError(f"Database error in {path}: {exc}.")


_FREE_SPACE = "Free some space and try again."
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
