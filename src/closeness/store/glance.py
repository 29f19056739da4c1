"""The home at a glance, for `closeness status`, which every new shell may
run: where the home is, who you are, and a few indexed reads, with nothing
imported but sqlite3. The Store (database.py) and config.py answer the same
questions at some four times the cost of starting Python (pathlib, tomllib,
platformdirs, the answer registry), past status's budget of three.

Nothing here creates or changes a file: the database is opened read-only.
What the quick path cannot vouch for (a hand-edited config beyond what
closeness writes, an unusual platform) goes the usual, slower way, so both
give the same answers (tests/store/test_glance.py holds them to it)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys

from closeness.core import flat_toml
from closeness.core.errors import StorageError
from closeness.core.runs import run_ending
from closeness.store.migrations import APPLICATION_ID, SCHEMA_VERSION

HOME_ENV = "CLOSENESS_HOME"  # as store/files.py, which costs pathlib to import
DB_NAME = "closeness.db"
CONFIG_NAME = "config.toml"
DEFAULT_DAY_STARTS_AT = 4
NAME_MAX = 60
_SYNCED_FILES_FROM = 6  # schema step m006 made the sync ledger


def home_dir() -> str:
    """store.files.home_dir() as a string, without platformdirs where the
    answer is plain: CLOSENESS_HOME, or on Linux $XDG_DATA_HOME/closeness
    (when absolute) else $HOME/.local/share/closeness (when HOME is)."""
    override = os.environ.get(HOME_ENV)
    home: str | None = None
    if override:
        home = os.path.expanduser(override)
    elif sys.platform.startswith("linux"):
        xdg, user = os.environ.get("XDG_DATA_HOME", ""), os.environ.get("HOME", "")
        if xdg.startswith("/"):
            home = os.path.join(xdg, "closeness")
        elif not xdg.strip() and user.startswith("/"):
            home = os.path.join(user, ".local", "share", "closeness")
    if home is None:
        from closeness.store import files

        return str(files.home_dir())
    if os.path.exists(home) and not os.path.isdir(home):
        raise StorageError(
            f"The closeness home {home} is a file, not a folder.",
            hint=f"Set {HOME_ENV} to a folder." if override else None,
        )
    return home


class Who:
    """What status needs of config.toml."""

    __slots__ = ("day_starts_at", "name", "partner")

    def __init__(self, name: str | None, partner: str | None, day_starts_at: int) -> None:
        self.name, self.partner, self.day_starts_at = name, partner, day_starts_at


def read_who(home: str) -> Who | None:
    """Your name, your partner's and the day-start hour from config.toml;
    None when there is none. A config beyond what closeness writes is read
    by store/config.py, which also words what is wrong with it."""
    path = os.path.join(home, CONFIG_NAME)
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        return None
    except OSError:
        raw = None  # config.py words it
    quick = _quick_who(raw) if raw is not None else None
    if quick is not None:
        return quick
    from pathlib import Path

    from closeness.store.config import load_settings

    settings = load_settings(Path(home))
    return Who(settings.name, settings.partner, settings.day_starts_at)


def _quick_who(raw: bytes) -> Who | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    tables = flat_toml.parse(text.removeprefix("\ufeff"))
    if tables is None or len(tables) > 1:
        return None
    top = tables[""]
    name, partner = top.get("name"), top.get("partner")
    hour = top.get("day_starts_at", DEFAULT_DAY_STARTS_AT)
    if not (_plain_name(name) and _plain_name(partner)):
        return None
    if not isinstance(hour, int) or not 0 <= hour <= 23:
        return None
    for key in ("sync_dir", "reminder"):  # read by config.py; checked as it checks them
        value = top.get(key)
        if value is not None and not (isinstance(value, str) and value and value.isprintable()):
            return None
    return Who(name, partner, hour)  # type: ignore[arg-type]  # _plain_name: str or None


def _plain_name(value: object) -> bool:
    """A name clean_name (core/validate.py) keeps exactly as it is: its
    printable characters are a subset of those it allows."""
    if value is None:
        return True
    return (
        isinstance(value, str)
        and 0 < len(value) <= NAME_MAX
        and value == value.strip()
        and value.isprintable()
    )


def person_key(name: str) -> str:
    """core.validate.person_key, which costs the validators' imports."""
    if name.isascii():
        return name.lower()
    import unicodedata

    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def today(day_starts_at: int) -> dt.date:
    """core.days.today: before the day-start hour it is still yesterday."""
    return (dt.datetime.now() - dt.timedelta(hours=day_starts_at)).date()


class Glance:
    """The database, opened read-only, and the reads status makes."""

    def __init__(self, db: sqlite3.Connection | None, path: str, version: int = 0) -> None:
        # No db, or schema version 0 (created, never given a schema): nothing stored.
        self._db, self.path, self._version = db, path, version

    def close(self) -> None:
        if self._db is not None:
            self._db.close()

    @property
    def exists(self) -> bool:
        return self._db is not None

    def has_any(self, person: str) -> bool:
        """Whether any check-in of `person` is stored."""
        found = self._one(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE person_key = ?)", (person_key(person),)
        )
        return bool(found)

    def checked_in(self, person: str, day: dt.date) -> bool:
        found = self._one(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE person_key = ? AND day = ?)",
            (person_key(person), day.isoformat()),
        )
        return bool(found)

    def days_in_a_row(self, person: str, last: dt.date) -> int:
        """Entries.days_in_a_row, with this connection's reads."""
        key = person_key(person)

        def count_days(low: int, high: int) -> int:
            count = self._one(
                "SELECT count(*) FROM entries WHERE person_key = ? AND day BETWEEN ? AND ?",
                (key, dt.date.fromordinal(low).isoformat(), dt.date.fromordinal(high).isoformat()),
            )
            return count if isinstance(count, int) else 0

        return run_ending(last.toordinal(), count_days)

    def streak(self, person: str, until: dt.date) -> int:
        """core.days.streak: the run ending `until`, or the day before it
        when `until` has no check-in yet (tonight's may still come)."""
        run = self.days_in_a_row(person, until)
        if run or until == dt.date.min:
            return run
        return self.days_in_a_row(person, until - dt.timedelta(days=1))

    def last_written(self, person: str) -> dt.datetime | None:
        """SyncedFiles.last_written: when `person`'s newest file in the
        shared folder was written, as far as this home has seen."""
        if self._db is None or self._version < _SYNCED_FILES_FROM:
            return None
        found = self._one(
            "SELECT max(written_at) FROM synced_files WHERE person_key = ?", (person_key(person),)
        )
        if found is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(str(found))
        except ValueError as exc:
            what = "synced_files.written_at holds a value closeness never writes"
            raise _damaged(self.path, what) from exc
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)

    def _one(self, sql: str, params: tuple[object, ...]) -> object:
        if self._db is None or self._version == 0:
            return 0
        try:
            return self._db.execute(sql, params).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise _sqlite_problem(self.path, exc) from exc


def open_glance(home: str) -> Glance:
    """The database of `home` for reading; a Glance of nothing when there is
    none (nothing is created). What is no database file (a folder, a pipe,
    a dangling link, another program's SQLite file) is refused, as the Store
    refuses it."""
    path = os.path.join(home, DB_NAME)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise StorageError(
                f"{path} is a symbolic link to {os.readlink(path)}, which does not exist; "
                "it was left as it is.",
                hint=f"Restore the file it names, or set {HOME_ENV} to another folder.",
            ) from None
        return Glance(None, path)
    except OSError as exc:
        raise StorageError(f"Cannot open {path}: {exc.strerror or exc}.") from exc
    import stat

    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise StorageError(
            f"{path} is {kind}, not a database file; it was left as it is.",
            hint=f"Move it aside, or set {HOME_ENV} to another folder.",
        )
    db = _connect(path, "mode=ro")
    try:
        version = _check(db, path)
    except _NoShm:
        # A WAL database in a folder this user cannot write cannot get its
        # -shm file: it is read as a file nobody changes, as the Store does.
        db = _connect(path, "mode=ro&immutable=1")
        version = _check(db, path, retry=False)
    return Glance(db, path, version)


class _NoShm(Exception):
    pass


def _connect(path: str, options: str) -> sqlite3.Connection:
    uri = "file:" + _uri_path(os.path.abspath(path))
    try:
        return sqlite3.connect(f"{uri}?{options}", uri=True, timeout=2.0, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise _sqlite_problem(path, exc) from exc


def _check(db: sqlite3.Connection, path: str, *, retry: bool = True) -> int:
    """The schema version, once the file is known to be a closeness database
    (0: one created but never given a schema: nothing stored)."""
    try:
        app_id, version, has_schema = db.execute(
            "SELECT (SELECT application_id FROM pragma_application_id),"
            " (SELECT user_version FROM pragma_user_version),"
            " EXISTS (SELECT 1 FROM sqlite_master)"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        db.close()
        if _code(exc) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN) and retry:
            raise _NoShm from exc
        raise _sqlite_problem(path, exc) from exc
    if app_id != APPLICATION_ID and (version or has_schema):
        db.close()
        raise _damaged(path, "it is not a closeness database")
    if version > SCHEMA_VERSION:
        db.close()
        raise StorageError(
            f"{path} was written by a newer closeness (schema {version}, "
            f"this one knows {SCHEMA_VERSION}).",
            hint="Upgrade closeness; the file was left as it is.",
        )
    return int(version)


_URI_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~")


def _uri_path(path: str) -> str:
    """`path` percent-encoded for a file: URI (urllib.parse costs its imports)."""
    data = path.encode("utf-8", "surrogateescape")
    return "".join(chr(b) if chr(b) in _URI_SAFE else f"%{b:02X}" for b in data)


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _sqlite_problem(path: str, exc: sqlite3.DatabaseError) -> StorageError:
    code = _code(exc)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StorageError(
            f"{path} is busy (another program is writing).", hint="Try again in a moment."
        )
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return _damaged(path, "damaged or not a closeness database")
    return StorageError(f"Cannot read {path}: {exc}.")


def _damaged(path: str, why: str) -> StorageError:
    return StorageError(
        f"{path} cannot be read: {why}; it was left untouched.",
        hint="Move it aside to start afresh, or restore it from a backup.",
    )
