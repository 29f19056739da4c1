"""SQLite errors are told apart by their result code, not their wording: each
case raises a real error from a real database and checks the one sentence
the user gets (and that a busy database is waited for, and nothing else)."""

from __future__ import annotations

import contextlib
import resource
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from closeness.core.errors import ReadOnlyStorage, StorageError
from closeness.store import connection
from closeness.store.connection import _storage_error, translate_errors
from closeness.store.connection import while_busy as _while_busy

DAMAGED = "is damaged or not a closeness database; it was left untouched."
BUSY = "is busy (another program is writing); nothing was changed."
FULL = "is full. Nothing was changed."
IO = "(disk I/O error; is the disk full?). Nothing was changed."
READ_ONLY = "the file or its folder is read-only."


@contextlib.contextmanager
def connect(path: Path | str, **options: object) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(path, isolation_level=None, **options)  # type: ignore[call-overload]
    try:
        yield db
    finally:
        db.close()


def raised(action: Callable[[], object]) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        action()
    return caught.value


def table_with_rows(path: Path, rows: int = 200) -> None:
    with connect(path) as db:
        db.execute("CREATE TABLE t (x)")
        db.executemany("INSERT INTO t VALUES (?)", [("y" * 100,)] * rows)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A database another connection holds the write lock on."""
    path = tmp_path / "locked.db"
    table_with_rows(path, 1)
    with connect(path, check_same_thread=False) as holder:
        holder.execute("BEGIN IMMEDIATE")
        yield path
        if holder.in_transaction:
            holder.execute("ROLLBACK")


def test_a_database_another_program_is_writing_is_busy(locked: Path) -> None:
    with connect(locked, timeout=0) as db:
        exc = raised(lambda: db.execute("BEGIN IMMEDIATE"))
        assert exc.sqlite_errorcode == sqlite3.SQLITE_BUSY
        with pytest.raises(StorageError) as caught, translate_errors(locked):
            db.execute("BEGIN IMMEDIATE")
    assert caught.value.message == f"{locked} {BUSY}"
    assert not isinstance(caught.value, ReadOnlyStorage)


def test_a_table_locked_by_a_pending_read_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    table_with_rows(path, 10)
    with connect(path) as db:
        reading = db.execute("SELECT * FROM t")
        reading.fetchone()
        exc = raised(lambda: db.execute("DROP TABLE t"))
        reading.close()
    assert exc.sqlite_errorcode == sqlite3.SQLITE_LOCKED
    assert BUSY in _storage_error(path, exc).message


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"my shopping list, not SQLite\n" * 200)
    with connect(path) as db:
        exc = raised(lambda: db.execute("SELECT * FROM sqlite_master").fetchall())
    assert exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB
    assert _storage_error(path, exc).message == f"{path} {DAMAGED}"


def test_a_corrupt_page_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    table_with_rows(path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size] = 0xFF  # page 2's b-tree page type: no such type
    path.write_bytes(bytes(data))
    with connect(path) as db:
        exc = raised(lambda: db.execute("SELECT * FROM t").fetchall())
    assert exc.sqlite_errorcode == sqlite3.SQLITE_CORRUPT
    assert _storage_error(path, exc).message == f"{path} {DAMAGED}"


def test_a_database_at_its_size_limit_is_full(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    table_with_rows(path, 1)
    with connect(path) as db:
        db.execute("PRAGMA max_page_count = 3")
        exc = raised(lambda: db.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100))
    assert exc.sqlite_errorcode == sqlite3.SQLITE_FULL
    error = _storage_error(path, exc)
    assert error.message == f"The disk holding {path} {FULL}"
    assert error.hint == "Free some space and try again."


def test_a_failed_write_is_an_io_error(tmp_path: Path) -> None:
    # A file-size limit makes write() fail with EFBIG, which SQLite reports
    # as SQLITE_IOERR_WRITE: the extended code's low byte is SQLITE_IOERR.
    path = tmp_path / "io.db"
    table_with_rows(path, 1)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    with connect(path) as db:
        try:
            resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size, hard))
            exc = raised(lambda: db.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,)))
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, previous)
    assert exc.sqlite_errorcode != sqlite3.SQLITE_IOERR  # an extended code…
    assert exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_IOERR  # …of this primary one
    assert _storage_error(path, exc).message == f"Could not write {path} {IO}"


@pytest.mark.parametrize("how", ["query_only", "mode=ro"])
def test_writing_a_database_opened_for_reading_is_read_only(tmp_path: Path, how: str) -> None:
    path = tmp_path / "ro.db"
    table_with_rows(path, 1)
    opened = connect(path) if how == "query_only" else connect(f"{path.as_uri()}?mode=ro", uri=True)
    with opened as db:
        if how == "query_only":
            db.execute("PRAGMA query_only = 1")
        exc = raised(lambda: db.execute("INSERT INTO t VALUES (1)"))
    assert exc.sqlite_errorcode == sqlite3.SQLITE_READONLY
    error = _storage_error(path, exc)
    assert isinstance(error, ReadOnlyStorage)
    assert error.message == f"Cannot write to {path}: {READ_ONLY}"


def test_a_file_that_cannot_be_opened_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "closeness.db"
    exc = raised(lambda: sqlite3.connect(path).close())
    assert exc.sqlite_errorcode == sqlite3.SQLITE_CANTOPEN
    with pytest.raises(ReadOnlyStorage, match="is read-only"), translate_errors(path):
        sqlite3.connect(path)


def test_permission_denied_by_sqlite_is_read_only(tmp_path: Path) -> None:
    # SQLITE_PERM cannot be provoked portably; its code is what counts.
    exc = sqlite3.OperationalError("access permission denied")
    exc.sqlite_errorcode = sqlite3.SQLITE_PERM  # type: ignore[attr-defined]
    assert isinstance(_storage_error(tmp_path / "x.db", exc), ReadOnlyStorage)


def test_words_in_a_message_do_not_decide(tmp_path: Path) -> None:
    """A constraint on a table whose name says "locked", "busy" and "full" is
    still a constraint: the code says so, whatever the message quotes."""
    path = tmp_path / "names.db"
    with connect(path) as db:
        db.execute("CREATE TABLE locked_busy_full (x NOT NULL)")
        exc = raised(lambda: db.execute("INSERT INTO locked_busy_full VALUES (NULL)"))
        missing = raised(lambda: db.execute("SELECT * FROM readonly_locked"))
    assert exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_CONSTRAINT
    assert _storage_error(path, exc).message == (
        f"Database error in {path}: NOT NULL constraint failed: locked_busy_full.x."
    )
    assert missing.sqlite_errorcode == sqlite3.SQLITE_ERROR
    error = _storage_error(path, missing)
    assert error.message == f"Database error in {path}: no such table: readonly_locked."
    assert not isinstance(error, ReadOnlyStorage)


def test_errors_without_a_code_are_read_from_their_message(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    db = sqlite3.connect(path)
    db.close()
    closed = raised(lambda: db.execute("SELECT 1"))  # raised by Python, not by SQLite
    assert getattr(closed, "sqlite_errorcode", None) is None
    assert _storage_error(path, closed).message == (
        f"Database error in {path}: Cannot operate on a closed database.."
    )
    assert BUSY in _storage_error(path, sqlite3.OperationalError("database is locked")).message
    assert DAMAGED in _storage_error(path, sqlite3.DatabaseError("file is not a database")).message


# -- waiting while busy ------------------------------------------------------------


def test_a_busy_database_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    table_with_rows(path, 1)
    with connect(path, check_same_thread=False) as partner, connect(path, timeout=0) as db:
        partner.execute("BEGIN IMMEDIATE")
        # The partner's write ends a moment later, well within BUSY_TIMEOUT_S.
        timer = threading.Timer(0.2, lambda: partner.execute("ROLLBACK"))
        timer.start()
        started = time.monotonic()
        _while_busy(lambda: db.execute("BEGIN IMMEDIATE"))
        timer.join()
        assert db.in_transaction and time.monotonic() - started >= 0.15
        db.execute("ROLLBACK")


def test_a_busy_database_is_given_up_on_after_the_timeout(
    locked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    with connect(locked, timeout=0) as db:
        started = time.monotonic()
        with pytest.raises(StorageError, match="is busy"), translate_errors(locked):
            _while_busy(lambda: db.execute("BEGIN IMMEDIATE"))
    assert 0.2 <= time.monotonic() - started < 2


def test_only_busy_errors_are_retried(tmp_path: Path) -> None:
    tries: list[int] = []

    def no_such_table(db: sqlite3.Connection) -> None:
        tries.append(1)
        db.execute("SELECT * FROM locked")  # "no such table: locked": not a lock

    with (
        connect(tmp_path / "x.db") as db,
        pytest.raises(sqlite3.OperationalError, match="no such table"),
    ):
        _while_busy(lambda: no_such_table(db))
    assert tries == [1]
