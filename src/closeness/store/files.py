"""Where data lives, and how files are written there: privately and atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from closeness.core.errors import StorageError

HOME_ENV = "CLOSENESS_HOME"
DB_NAME = "closeness.db"
CONFIG_NAME = "config.toml"
DIR_MODE = 0o700
FILE_MODE = 0o600
# A temp file this old was left by a process killed mid-write; a live writer
# finishes in well under a second.
STALE_TEMP_S = 600
# A temp file is `.NAME.XXXXXXXX.tmp`, the X's eight of tempfile.mkstemp's letters.
_TEMP_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_TEMP_SUFFIX = ".tmp"
# Never the target of --out or --svg (nor the database's -wal and -shm).
_OWN_FILES = (DB_NAME, CONFIG_NAME)


def home_dir() -> Path:
    """The data home: $CLOSENESS_HOME, else the platform's user data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        home = Path(override).expanduser()
    else:
        import platformdirs  # only when no override: tests and profiles skip it

        try:
            home = Path(platformdirs.user_data_dir("closeness", appauthor=False))
        except RuntimeError:  # newer platformdirs: no HOME, and no passwd entry
            home = Path("~")  # what older ones return then, unexpanded
        if not home.is_absolute():
            raise StorageError(
                "Cannot find your home folder: HOME is not set to a full path.",
                hint=f"Set {HOME_ENV} to the folder for your data.",
            )
    if home.exists() and not home.is_dir():
        raise StorageError(
            f"The closeness home {home} is a file, not a folder.",
            hint=f"Set {HOME_ENV} to a folder." if override else None,
        )
    return home


def ensure_home(home: Path) -> Path:
    """Create the home (0700) on first use, before anything is written to it.
    An existing home that others may write to (say 0777, where anyone could
    swap closeness.db or config.toml for their own) is made 0700 again, as
    closeness.db is made 0600 again; one that others may only read (0755:
    the files in it are 0600 anyway) keeps its mode, and so does a shared
    folder with the sticky bit (/tmp, where others cannot touch our files)."""
    try:
        home.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        info = home.stat()
    except OSError as exc:
        raise StorageError(
            f"Cannot create the closeness home {home}: {exc.strerror or exc}.",
            hint=f"Set {HOME_ENV} to a folder you can write to.",
        ) from exc
    if not stat.S_ISDIR(info.st_mode):
        raise StorageError(f"The closeness home {home} is not a folder.")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022 and not mode & stat.S_ISVTX and info.st_uid == os.geteuid():
        with contextlib.suppress(OSError):  # still usable; the files in it are 0600
            home.chmod(mode & DIR_MODE)
    return home


def output_target(out: Path, option: str, home: Path) -> Path:
    """Where a file asked for with `option` (--out, --svg) will be written: a
    symbolic link is followed to the file it names (the caller says so).
    Everything that would go wrong is refused before any work is done: a
    folder, a missing folder, a device or pipe (the rename would replace it),
    closeness's own database and config, and a database anywhere, known by
    its content (another profile's closeness.db, whatever its name), with
    its -wal, -shm and -journal files."""
    try:
        target = out.resolve() if out.is_symlink() else out
        if target.is_dir():
            raise StorageError(f"{out} is a folder; {option} needs a file name.")
        if not target.parent.is_dir():
            raise StorageError(f"Cannot write {out}: the folder {target.parent} does not exist.")
        if target.exists() and not target.is_file():
            raise StorageError(f"{out} is not a regular file; {option} will not replace it.")
        if target.resolve().parent == home.resolve() and target.name.startswith(_OWN_FILES):
            raise StorageError(f"{out} is where closeness keeps your data; choose another file.")
        database = _database_of(target)
        if database is not None:
            raise StorageError(f"{out} {database}; {option} will not replace it.")
    except (OSError, RuntimeError) as exc:  # a link loop, a name too long, no permission
        raise StorageError(f"Cannot write {out}: {getattr(exc, 'strerror', None) or exc}.") from exc
    return target


# A SQLite database file starts with this; its application_id is the
# big-endian 4 bytes at offset 68 (closeness's: store/migrations.py).
_SQLITE_HEADER = b"SQLite format 3\x00"
_APPLICATION_ID_AT = 68
_COMPANIONS = ("-wal", "-shm", "-journal")


def _database_of(path: Path) -> str | None:
    """What makes `path` a database file, said as the rest of a sentence
    ("is a closeness database"); None for any other file. By content, never
    by name: a closeness database may have any name and be anywhere."""
    for suffix in _COMPANIONS:
        main = path.with_name(path.name.removesuffix(suffix))
        if path.name.endswith(suffix) and main.is_file() and _database_of(main) is not None:
            return f"belongs to the database {main}"
    try:
        with path.open("rb") as handle:
            header = handle.read(_APPLICATION_ID_AT + 4)
    except FileNotFoundError:
        return None
    if not header.startswith(_SQLITE_HEADER):
        return None
    from closeness.store.migrations import APPLICATION_ID  # sqlite3: only for --out and --svg

    ours = int.from_bytes(header[_APPLICATION_ID_AT:], "big") == APPLICATION_ID
    # Any SQLite database is refused: one of ours whose first write is still
    # in its -wal has no application_id in the file yet, and no export is
    # ever meant to replace a database.
    return "is a closeness database" if ours else "is an SQLite database"


def atomic_write(path: Path, data: str | bytes, mode: int = FILE_MODE) -> None:
    """Write `data` to `path` so that a crash leaves either the old or the new
    file, never half of one: temp file in the same folder, fsync, rename."""
    with staged_write(path, data, mode):
        pass


@contextlib.contextmanager
def staged_write(path: Path, data: str | bytes, mode: int = FILE_MODE) -> Iterator[None]:
    """atomic_write in two steps, for a file that must change together with
    something else (init's config.toml and the database commit that moves
    your check-ins): the new content is written and flushed to a temp file
    first, then the body runs, and `path` is replaced only when the body ends
    without an error (otherwise the temp file goes, and `path` is as it was).
    What can fail for want of room fails before the body; after it, only a
    rename is left."""
    import tempfile  # here, not at the top: ~1.5 ms that only writes need

    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    if path.is_dir():  # the rename would fail, after the body
        raise StorageError(f"Cannot write {path}: {os.strerror(errno.EISDIR)}.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), mode)
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise StorageError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
        yield
        try:
            os.replace(tmp_name, path)
        except OSError as exc:
            raise StorageError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(folder)
    _remove_stale_temps(path)


def _is_temp_of(name: str, target: str) -> bool:
    """Whether a file named `name` is one of atomic_write's temp files for
    `target`: exactly `.TARGET.XXXXXXXX.tmp`. Compared as text, never as a
    pattern, so a `*`, `?` or `[` in TARGET matches only itself."""
    prefix = f".{target}."
    middle = name[len(prefix) : -len(_TEMP_SUFFIX)]
    return (
        len(name) == len(prefix) + 8 + len(_TEMP_SUFFIX)
        and name.startswith(prefix)
        and name.endswith(_TEMP_SUFFIX)
        and set(middle) <= _TEMP_LETTERS
    )


def _remove_stale_temps(path: Path) -> None:
    cutoff = time.time() - STALE_TEMP_S
    with contextlib.suppress(OSError), os.scandir(path.parent) as found:
        for leftover in found:
            if _is_temp_of(leftover.name, path.name):
                with contextlib.suppress(OSError):
                    if leftover.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(leftover.path)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every filesystem allows it.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
