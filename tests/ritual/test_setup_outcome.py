"""`init`'s move of your check-ins and its config.toml are one outcome, with
the installed `closeness` in real processes: a full disk (a real tmpfs)
during the move's commit, the config failing after the commit, and SIGKILL
at any instant. Never a config naming you while your check-ins stay under
the old name; a message that says what changed; and running init again
finishes what a kill cut short."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import random
import signal
import sqlite3
import subprocess
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from closeness.core.models import Entry
from closeness.store.database import open_store
from conftest import Result, closeness_command, mounted_tmpfs

pytestmark = pytest.mark.slow

LOGIN = "kim"  # the login name check-ins made before init are stored under
NOW = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)


def with_checkins(home: Path, person: str, count: int) -> None:
    first = dt.date(2020, 1, 1)
    entries = [
        Entry(person, first + dt.timedelta(days=n), 7, created_at=NOW, updated_at=NOW)
        for n in range(count)
    ]
    with open_store(home) as store:
        store.merge(entries, [])


def names(home: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(home / "closeness.db")) as db:
        return dict(db.execute("SELECT person, count(*) FROM entries GROUP BY person"))


def configured(home: Path) -> str | None:
    """The name config.toml gives (None: no config)."""
    try:
        return str(tomllib.loads((home / "config.toml").read_text(encoding="utf-8"))["name"])
    except FileNotFoundError:
        return None


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*closeness_command(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CLOSENESS_HOME": str(home), "LOGNAME": LOGIN},
    )


def finish(proc: subprocess.Popen[str]) -> Result:
    out, err = proc.communicate(timeout=60)
    return Result(proc.returncode, out, err)


def init(home: Path) -> Result:
    return finish(start(home, "init", "--name", "Sam", "--partner", "Alex"))


def temp_files(home: Path) -> list[str]:
    return [p.name for p in home.iterdir() if p.name.startswith(".config.toml.")]


def wait_for(predicate: Callable[[], bool], proc: subprocess.Popen[str], limit: float) -> bool:
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.0005)
    return predicate()


# -- a full disk during the move's commit -------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "disk", "4m") as disk:
        yield disk


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk, then free `leave` bytes."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, bytes(64 * 1024 if os.fstat(fd).st_size < 2**20 else 4096))
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
        os.ftruncate(fd, os.fstat(fd).st_size - leave)
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_during_the_move_changes_nothing_and_init_then_finishes(
    small_disk: Path,
) -> None:
    """Room for SQLite's -shm and the new config.toml, not for the move's
    write-ahead log: the commit fails. Before, config.toml was already
    replaced and "Nothing was changed" was said while it named Sam and every
    check-in stayed under the login name, and init again moved nothing."""
    home = small_disk / "home"
    with_checkins(home, LOGIN, 1501)
    filler = fill(small_disk, leave=48 * 1024)
    result = init(home)
    assert result.code == 1, result
    lines = result.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result
    assert "full" in lines[0] or "disk" in lines[0], lines
    # Nothing changed, as it says: no config, every check-in where it was.
    assert "Nothing was changed" in lines[0]
    assert configured(home) is None
    assert names(home) == {LOGIN: 1501}
    assert temp_files(home) == []
    filler.unlink()
    again = init(home)
    assert again.code == 0, again
    assert f"Moved your earlier check-ins from {LOGIN} to Sam (1501)." in again.out
    assert configured(home) == "Sam"
    assert names(home) == {"Sam": 1501}


# -- the config failing after the move committed ------------------------------------


def test_a_config_that_cannot_be_saved_after_the_move_says_what_changed(tmp_path: Path) -> None:
    """The new config.toml is written before the commit and only renamed
    after it; should that rename fail, the message says the check-ins moved,
    and init again finishes."""
    home = tmp_path / "home"
    with_checkins(home, LOGIN, 20)
    with contextlib.closing(sqlite3.connect(home / "closeness.db", isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")  # init's move waits for this write lock
        proc = start(home, "init", "--name", "Sam", "--partner", "Alex")
        staged = wait_for(lambda: bool(temp_files(home)), proc, limit=BUSY_WAIT_S)
        (home / "config.toml").mkdir()  # now the rename cannot happen
        db.execute("ROLLBACK")
    result = finish(proc)
    assert staged, f"init never wrote its new config before the move: {result}"
    assert result.code == 1, result
    assert result.err == (
        f"closeness: Your check-ins moved from {LOGIN} to Sam (20), but the settings were not "
        f"saved: Cannot write {home / 'config.toml'}: Is a directory. Run `closeness init` "
        "again to finish.\n"
    )
    assert names(home) == {"Sam": 20}
    assert temp_files(home) == []
    (home / "config.toml").rmdir()
    again = init(home)
    assert again.code == 0, again
    assert configured(home) == "Sam" and names(home) == {"Sam": 20}


BUSY_WAIT_S = 4.0  # under the 5 s init waits on a busy database


# -- SIGKILL at any instant --------------------------------------------------------------


def test_sigkill_at_any_instant_of_init_leaves_one_outcome(tmp_path: Path) -> None:
    """Kills spread over a real init, at the moment its new config is
    written, and at the moment config.toml is replaced. After each: never a
    config naming Sam while check-ins stay under the login name; and init
    run again ends with both moved."""
    rng = random.Random(11)
    timing = tmp_path / "timing"
    with_checkins(timing, LOGIN, 300)
    began = time.monotonic()
    assert init(timing).code == 0
    window = max(0.15, 1.2 * (time.monotonic() - began))
    rounds, kinds = 15, 3
    killed = 0
    for i in range(rounds):
        home = tmp_path / f"round{i}"
        with_checkins(home, LOGIN, 300)
        proc = start(home, "init", "--name", "Sam", "--partner", "Alex")
        kind = i % kinds
        if kind == 0:
            time.sleep(window * rng.random())
        elif kind == 1:
            wait_for(lambda home=home: bool(temp_files(home)), proc, limit=30)
        else:
            wait_for(lambda home=home: configured(home) is not None, proc, limit=30)
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGKILL)
        result = finish(proc)
        killed += result.code == -signal.SIGKILL
        assert result.code in (0, -signal.SIGKILL), result
        after = (configured(home), names(home))
        assert after in (
            (None, {LOGIN: 300}),  # nothing yet
            (None, {"Sam": 300}),  # moved; killed before the rename of the config
            ("Sam", {"Sam": 300}),  # both
        ), (kind, after)
        again = init(home)
        assert again.code == 0, again
        assert (configured(home), names(home)) == ("Sam", {"Sam": 300}), kind
    assert killed > 0, "no init was actually killed: the test proved nothing"
