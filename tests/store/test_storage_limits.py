"""The database at the edges of what the disk allows, for real: a database
file its owner made read-only (the installed `closeness` run as an
unprivileged user, since permission bits do not stop root), and a full
disk (a small tmpfs mounted for the test).

A refused write leaves nothing behind that would refuse later ones; a read
on a full disk reads, or says truly why it cannot."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import Result, closeness_command, mounted_tmpfs

pytestmark = pytest.mark.slow

DB = "closeness.db"
IS_ROOT = os.geteuid() == 0

# -- an owner that permission bits apply to ------------------------------------------

RunAs = Callable[..., Result]
# Root without the capabilities that override file modes: permission bits
# then apply to it as to anyone (chmod 400 makes a file read-only for it).
WITHOUT_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.fixture
def owned_home(home: Path) -> tuple[Path, RunAs]:
    """The home, and a way to run the installed `closeness` on it as a user
    that file modes restrict: yourself, or root without the capabilities
    that override them (util-linux's setpriv)."""
    prefix = WITHOUT_OVERRIDES if IS_ROOT else []

    def run(*args: str) -> Result:
        proc = subprocess.run(
            [*prefix, *closeness_command(), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "CLOSENESS_HOME": str(home)},
            timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    if IS_ROOT and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: file modes cannot restrict closeness")
    probe = run("--help")
    if probe.code != 0:
        pytest.skip(f"cannot run closeness without root's overrides: {probe.err[-300:]}")
    return home, run


def listing(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.lstat().st_mode) for p in sorted(folder.iterdir())}


def test_a_refused_write_on_a_read_only_database_leaves_nothing_behind(
    owned_home: tuple[Path, RunAs],
) -> None:
    """SQLite opened a read-only file read-only and still created -wal and
    -shm files with its mode (0400), which refused every later write, even
    after `chmod 600 closeness.db`."""
    home, run = owned_home
    assert run("checkin", "--score", "7", "--date", "2026-11-20", "--best", "kept").code == 0
    (home / DB).chmod(0o400)
    before = listing(home)
    assert before == {DB: 0o400}
    for command in (
        ["checkin", "--score", "5", "--date", "2026-11-21"],
        ["delete", "2026-11-20", "--yes"],
        ["init", "--name", "Sam"],  # moves the login name's check-in: a write
    ):
        result = run(*command)
        assert listing(home) == before, command
        assert result.code == 1, result
        assert result.err == (
            f"closeness: Cannot write to {home / DB}: the file is read-only. Check its "
            "permissions, or set CLOSENESS_HOME to another folder.\n"
        ), command
    log = run("log")  # reading still works, and leaves nothing either
    assert log.code == 0 and "kept" in log.out, log
    assert listing(home) == before
    (home / DB).chmod(0o600)
    again = run("checkin", "--score", "5", "--date", "2026-11-21")
    assert again.code == 0, again


def test_unwritable_wal_and_shm_left_by_an_older_version_are_made_writable(
    owned_home: tuple[Path, RunAs],
) -> None:
    """What closeness 0.1.0 left after such a refused write: the database
    writable again, its -wal and -shm still 0400."""
    home, run = owned_home
    assert run("checkin", "--score", "7", "--date", "2026-11-20").code == 0
    for suffix in ("-wal", "-shm"):
        companion = home / f"{DB}{suffix}"
        companion.write_bytes(b"" if suffix == "-wal" else bytes(32 * 1024))
        companion.chmod(0o400)
    result = run("checkin", "--score", "5", "--date", "2026-11-21")
    assert result.code == 0, result
    log = run("log")
    assert "2026-11-21" in log.out and "2026-11-20" in log.out, log


# -- a full disk ------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "disk", "1m") as disk:
        yield disk


def fill(disk: Path) -> Path:
    """Fill the disk to the last byte."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, bytes(4096))
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)
    return filler


def call(home: Path, *args: str) -> Result:
    proc = subprocess.run(
        [*closeness_command(), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "CLOSENESS_HOME": str(home)},
        timeout=60,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


READS = [
    ["log"],
    ["show", "2026-11-20"],
    ["review", "--days", "7", "--until", "2026-11-21"],
    ["export", "--format", "csv"],
]


def test_reads_on_a_full_disk_still_read(small_disk: Path) -> None:
    """Opening a database in WAL mode creates its -shm index (32 KiB): on a
    full disk every read failed with "Could not write closeness.db". With
    no write waiting in a -wal, the file holds everything: it is read."""
    home = small_disk / "home"
    assert call(home, "checkin", "--score", "7", "--date", "2026-11-20", "--best", "kept").code == 0
    fill(small_disk)
    for command in READS:
        result = call(home, *command)
        assert result.code == 0, (command, result)
        assert "kept" in result.out or "7/10" in result.out or "7" in result.out, result
    write = call(home, "checkin", "--score", "5", "--date", "2026-11-21")
    assert write.code == 1 and "Nothing was changed" in write.err, write
    assert "Traceback" not in write.err


def test_a_read_that_cannot_open_on_a_full_disk_says_so(small_disk: Path) -> None:
    """When check-ins wait in the -wal (a crash left it), only a writable
    open folds them in: the read says the disk is full, not that it could
    not write."""
    home = small_disk / "home"
    assert call(home, "checkin", "--score", "7", "--date", "2026-11-20").code == 0
    wal = home / f"{DB}-wal"
    with contextlib.closing(sqlite3.connect(home / DB, isolation_level=None)) as db:
        db.execute("PRAGMA wal_autocheckpoint = 0")
        db.execute("UPDATE entries SET best = 'in the wal'")
        frames = wal.read_bytes()
    wal.write_bytes(frames)  # as a crash leaves it: -wal with frames, no -shm
    (home / f"{DB}-shm").unlink(missing_ok=True)
    fill(small_disk)
    for command in READS:
        result = call(home, *command)
        assert result.code == 1, (command, result)
        lines = result.err.splitlines()
        assert len(lines) == 1 and "Traceback" not in result.err, result
        assert lines[0].startswith(f"closeness: Could not open {home / DB} to read it ("), lines
        assert lines[0].endswith("). Free some space and try again."), lines
    (small_disk / "filler").unlink()
    log = call(home, "log")
    assert log.code == 0 and "in the wal" in log.out, log
