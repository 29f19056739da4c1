"""Robustness with real processes and a real SQLite file, no mocks: partners
checking in at the same moment, SIGKILL at any instant, a full disk, a
database locked by another program, a read-only home, a damaged or newer
database, and private file modes under any umask.

The standard: every write is one transaction and every file write is atomic;
each of these ends in intact data and, where the command fails, one clear
line on stderr and exit 1, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from closeness.store.connection import BUSY_TIMEOUT_S
from conftest import Result, closeness_command

# Every test here runs the installed `closeness` in real processes: slow.
pytestmark = pytest.mark.slow

Run = Callable[..., Result]
DB = "closeness.db"
DAY = "2024-03-01"
IS_ROOT = os.geteuid() == 0
# As root, file modes restrict closeness only when it runs without the
# capabilities that override them (util-linux's setpriv).
WITHOUT_OVERRIDES = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] if IS_ROOT else []
)
needs_file_modes = pytest.mark.skipif(
    IS_ROOT and not shutil.which("setpriv"),
    reason="running as root without setpriv: permission bits do not stop root from "
    "writing, so chmod cannot make the home or the database read-only here",
)

# -- helpers -------------------------------------------------------------------


def start(
    *args: str,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.Popen[str]:
    """Start the installed `closeness` without a terminal (not waiting for it)."""
    return subprocess.Popen(
        [*closeness_command(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 30) -> Result:
    out, err = proc.communicate(timeout=timeout)
    return Result(proc.returncode, out, err)


def call(*args: str, **kwargs: Any) -> Result:
    return finish(start(*args, **kwargs))


def checkin_args(person: str, day: str, **fields: str) -> list[str]:
    args = ["checkin", "--as", person, "--new-person", "--date", day]
    for name, value in fields.items():
        args += [f"--{name}", value]
    return args


def assert_clean_failure(result: Result, *wanted: str | tuple[str, ...]) -> str:
    """Exit 1 with exactly one line on stderr, no traceback, nothing on stdout.
    Each of `wanted` (or one of a tuple of alternatives) must appear in it,
    case-insensitively. Returns the line."""
    assert result.code == 1, result
    assert "Traceback" not in result.err + result.out, result
    assert result.out.strip() == "", result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, f"not one line: {result.err!r}"
    line = lines[0]
    assert line.startswith("closeness: "), line
    for words in wanted:
        options = (words,) if isinstance(words, str) else words
        assert any(word.lower() in line.lower() for word in options), (options, line)
    return line


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(path, isolation_level=None)
    db.row_factory = sqlite3.Row
    try:
        yield db
    finally:
        db.close()


def integrity(home: Path) -> str:
    with connect(home / DB) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def stored(home: Path) -> dict[tuple[str, str], dict[str, object]]:
    """Every entry, as {(person, day): {column: value}}."""
    if not (home / DB).exists():
        return {}
    with connect(home / DB) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries'").fetchone():
            return {}  # an empty database, or one whose creation never committed
        rows = db.execute("SELECT * FROM entries ORDER BY person, day").fetchall()
    return {(row["person"], row["day"]): dict(row) for row in rows}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Name -> (bytes, mtime_ns, mode) of every file in the folder."""
    result = {}
    for path in sorted(folder.iterdir()):
        info = path.stat()
        result[path.name] = (path.read_bytes(), info.st_mtime_ns, stat.S_IMODE(info.st_mode))
    return result


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def file_size_limit(limit: int) -> Callable[[], None]:
    """A preexec_fn simulating a full disk: writes past `limit` bytes fail with
    EFBIG (SIGXFSZ ignored, so the process is not killed by it)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def umask_000() -> None:
    os.umask(0)


@contextlib.contextmanager
def chmod(path: Path, new_mode: int) -> Iterator[None]:
    old = mode(path)
    path.chmod(new_mode)
    try:
        yield
    finally:
        path.chmod(old)


def wait_for(predicate: Callable[[], bool], proc: subprocess.Popen[str]) -> bool:
    """Poll until `predicate` holds (True) or the process ends (False)."""
    while proc.poll() is None:
        if predicate():
            return True
        time.sleep(0.0005)
    return False


def kill(proc: subprocess.Popen[str]) -> Result:
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGKILL)
    return finish(proc)


def timed(run: Run, *args: str, **kwargs: object) -> float:
    began = time.monotonic()
    result = run(*args, **kwargs)
    assert result.code == 0, result
    return time.monotonic() - began


# -- 1. partners checking in at the same moment ----------------------------------


@pytest.mark.parametrize("existing", [False, True], ids=["fresh-home", "existing-db"])
def test_simultaneous_checkins_are_all_stored(tmp_path: Path, run: Run, existing: bool) -> None:
    for round_ in range(3):
        folder = tmp_path / f"round{round_}"
        env = {"CLOSENESS_HOME": str(folder)}
        if existing:
            assert run(*checkin_args("Base", DAY, score="5"), env=env).code == 0
        procs = [
            start(*checkin_args(f"Person{i}", DAY, score=str(i + 1), best=f"best {i}"), env=env)
            for i in range(6)
        ]
        results = [finish(proc) for proc in procs]
        for result in results:
            assert result.code == 0, result
            assert "Traceback" not in result.err
        rows = stored(folder)
        expected = {f"Person{i}" for i in range(6)} | ({"Base"} if existing else set())
        assert {person for person, _ in rows} == expected
        for i in range(6):
            row = rows[(f"Person{i}", DAY)]
            assert (row["closeness"], row["best"]) == (i + 1, f"best {i}")
        assert integrity(folder) == "ok"
        assert mode(folder) == 0o700
        assert mode(folder / DB) == 0o600


def test_simultaneous_checkins_for_the_same_day_store_exactly_one(home: Path, run: Run) -> None:
    assert run(*checkin_args("Base", DAY, score="5")).code == 0
    procs = [start(*checkin_args("Sam", DAY, score=str(i + 1))) for i in range(4)]
    results = [finish(proc) for proc in procs]
    winners = [i for i, result in enumerate(results) if result.code == 0]
    assert len(winners) == 1, results
    for i, result in enumerate(results):
        if i not in winners:
            assert_clean_failure(result, "already checked in")
    assert stored(home)[("Sam", DAY)]["closeness"] == winners[0] + 1
    assert integrity(home) == "ok"


# -- 2. SIGKILL at any instant -------------------------------------------------------


def sent_fields(i: int) -> dict[str, str]:
    return {
        "score": str(i % 10 + 1),
        "best": f"best {i} " + "b" * 300,
        "challenge": f"challenge {i} " + "c" * 300,
        "appreciation": f"appreciation {i} " + "a" * 300,
        "need": str(i % 3 + 1),
        "note": f"note {i} " + "n" * 4800,
    }


def assert_row_complete(row: dict[str, object], i: int) -> None:
    fields = sent_fields(i)
    assert row["closeness"] == int(fields["score"])
    for name in ("best", "challenge", "appreciation", "note"):
        assert row[name] == fields[name], name
    assert row["need"] == int(fields["need"])
    assert json.loads(str(row["moments"])) == ["hug"]
    assert json.loads(str(row["private"])) == ["note"]
    for stamp in ("created_at", "updated_at"):
        dt.datetime.fromisoformat(str(row[stamp]))


def test_sigkill_during_checkin_never_leaves_a_partial_entry(home: Path, run: Run) -> None:
    rng = random.Random(20241122)
    first = dt.date(2023, 1, 1)
    extra = ["--moment", "hug", "--private", "note"]
    # Spread the kills over a whole run, however fast this machine is.
    window = max(0.15, 1.2 * timed(run, *checkin_args("Base", DAY, **sent_fields(0)), *extra))
    killed = 0
    for i in range(25):
        day = (first + dt.timedelta(days=i)).isoformat()
        proc = start(*checkin_args("Sam", day, **sent_fields(i)), *extra)
        if i % 2:  # a random instant after it has opened the database
            wait_for((home / f"{DB}-wal").exists, proc)
            time.sleep(rng.uniform(0, 0.03))
        else:  # a random instant in the whole run
            time.sleep(rng.uniform(0, window))
        result = kill(proc)
        killed += result.code == -signal.SIGKILL
        assert result.code in (0, -signal.SIGKILL), result
        assert integrity(home) == "ok"
        rows = stored(home)
        if result.code == 0:
            assert ("Sam", day) in rows
        for j in range(i + 1):
            key = ("Sam", (first + dt.timedelta(days=j)).isoformat())
            if key in rows:
                assert_row_complete(rows[key], j)
    assert killed > 0, "no run was actually killed: the test proved nothing"
    # Afterwards the database takes normal writes, including for killed days.
    for i in range(25):
        day = (first + dt.timedelta(days=i)).isoformat()
        result = run(*checkin_args("Sam", day, **sent_fields(i)), *extra, "--replace")
        assert result.code == 0, result
    rows = stored(home)
    for i in range(25):
        assert_row_complete(rows[("Sam", (first + dt.timedelta(days=i)).isoformat())], i)
    assert integrity(home) == "ok"
    log = run("log", "--as", "Sam")
    assert log.code == 0 and "best 24" in log.out and "best 0" in log.out, log


def test_sigkill_while_creating_a_home_leaves_it_usable(tmp_path: Path, run: Run) -> None:
    rng = random.Random(7)
    window = max(0.15, 1.2 * timed(run, *checkin_args("Sam", DAY, score="5")))
    for i in range(10):
        folder = tmp_path / f"fresh{i}"
        env = {"CLOSENESS_HOME": str(folder)}
        proc = start(*checkin_args("Sam", DAY, score="6", best="first"), env=env)
        if i % 2:  # while it creates and migrates the database
            wait_for((folder / DB).exists, proc)
            time.sleep(rng.uniform(0, 0.02))
        else:
            time.sleep(rng.uniform(0, window))
        killed = kill(proc)
        assert killed.code in (0, -signal.SIGKILL), killed
        if folder.exists():
            assert mode(folder) == 0o700
        if (folder / DB).exists():
            assert mode(folder / DB) == 0o600
            assert integrity(folder) == "ok"
        # Whatever was left, the next check-in (or the same one again) works.
        again = run(*checkin_args("Sam", DAY, score="6", best="first"), "--replace", env=env)
        assert again.code == 0, again
        assert stored(folder)[("Sam", DAY)]["best"] == "first"
        assert integrity(folder) == "ok"


def listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


def test_sigkill_during_init_leaves_config_absent_or_complete(
    home: Path, tmp_path: Path, run: Run
) -> None:
    """config.toml is written by temp file + rename. A SIGKILL between the
    two may leave the temp file behind; that is tolerated only as a hidden,
    private file that nothing ever reads.

    The kills take turns between three kinds of instant: spread evenly (with
    jitter) over the measured length of a real init, the moment its temp file
    appears, and the moment config.toml has been replaced (before the process
    exits). The last kind makes the complete case certain however fast or
    loaded the machine: each such round must leave its own config, whole."""
    rng = random.Random(11)
    elsewhere = {"CLOSENESS_HOME": str(tmp_path / "timing")}
    window = max(0.15, 1.2 * timed(run, "init", "--name", "A", "--partner", "B", env=elsewhere))
    config = home / "config.toml"

    def inode() -> int | None:
        """config.toml's inode: a rename puts the temp file's in its place."""
        try:
            return config.stat().st_ino
        except FileNotFoundError:
            return None

    rounds, kinds = 21, 3
    spread = rounds // kinds  # kill instants, one in each slice of the window
    seen: set[tuple[str, str]] = set()
    killed = 0
    for i in range(rounds):
        before, old = listing(home), inode()
        names = (f"Name{i}", f"Partner{i}")
        proc = start("init", "--name", names[0], "--partner", names[1])
        seen.add(names)
        kind = i % kinds
        if kind == 0:  # an instant anywhere in the whole run
            time.sleep(window * (i // kinds + rng.random()) / spread)
        elif kind == 1:  # the moment its temp file appears
            wait_for(lambda before=before: bool(listing(home) - before - {"config.toml"}), proc)
        else:  # the moment config.toml has been replaced (or it ended)
            wait_for(lambda old=old: inode() not in (None, old), proc)
        result = kill(proc)
        killed += result.code == -signal.SIGKILL
        assert result.code in (0, -signal.SIGKILL), result
        if "config.toml" in before:
            assert config.exists(), "the previous config.toml was lost"
        if config.exists():
            data = tomllib.loads(config.read_text(encoding="utf-8"))
            assert (data["name"], data["partner"]) in seen, data
            assert data["day_starts_at"] == 4
            assert mode(config) == 0o600
            if kind == 2:  # the complete case, every third round
                assert (data["name"], data["partner"]) == names, data
        else:
            assert kind != 2, "config.toml was neither replaced nor left in place"
        if home.exists():
            assert mode(home) == 0o700
        for leftover in listing(home) - {"config.toml"}:
            assert leftover.startswith(".config.toml."), leftover
            assert leftover.endswith(".tmp"), leftover
            assert mode(home / leftover) == 0o600
    assert config.exists()
    assert killed > 0, "no init was actually killed: the test proved nothing"
    # Left-over temp files change nothing: the next init and check-in work.
    assert run("init", "--name", "Sam", "--partner", "Alex").code == 0
    assert tomllib.loads(config.read_text(encoding="utf-8"))["name"] == "Sam"
    result = run("checkin", "--score", "7", "--appreciation", "tea", "--date", DAY)
    assert result.code == 0, result
    assert "Alex" in result.out
    assert ("Sam", DAY) in stored(home)


# -- 3. a full disk ---------------------------------------------------------------

# SQLite's -shm index is 32 KiB; allow that, but not the write-ahead log frames
# of one check-in whose four answers are 5000 two-byte characters each.
SHM_SIZE = 32 * 1024
DISK_LIMIT = SHM_SIZE + 4096
BIG = "é" * 5000


def test_full_disk_during_checkin_changes_nothing(home: Path, run: Run) -> None:
    assert run(*checkin_args("Sam", DAY, score="7", best="kept")).code == 0
    before = stored(home)
    big = {name: BIG for name in ("best", "challenge", "appreciation", "note")}
    result = call(
        *checkin_args("Sam", "2024-03-02", score="8", **big),
        preexec_fn=file_size_limit(DISK_LIMIT),
    )
    # EFBIG reaches SQLite as SQLITE_IOERR_WRITE ("disk I/O error"); a real
    # ENOSPC would be SQLITE_FULL. Either way: a write failure, said plainly.
    assert_clean_failure(result, str(home / DB), ("disk", "space", "full", "write"))
    assert stored(home) == before
    assert integrity(home) == "ok"
    # With space again, the same check-in goes through.
    again = run(*checkin_args("Sam", "2024-03-02", score="8", **big))
    assert again.code == 0, again
    assert stored(home)[("Sam", "2024-03-02")]["note"] == BIG
    assert stored(home)[("Sam", DAY)] == before[("Sam", DAY)]


def test_full_disk_on_a_fresh_home_then_recovers(home: Path, run: Run) -> None:
    result = call(*checkin_args("Sam", DAY, score="7"), preexec_fn=file_size_limit(1000))
    assert_clean_failure(result, str(home / DB))
    assert stored(home) == {}
    assert mode(home / DB) == 0o600
    again = run(*checkin_args("Sam", DAY, score="7"))
    assert again.code == 0, again
    assert ("Sam", DAY) in stored(home)
    assert integrity(home) == "ok"


def test_full_disk_on_a_fresh_home_says_the_write_failed(home: Path) -> None:
    result = call(*checkin_args("Sam", DAY, score="7"), preexec_fn=file_size_limit(1000))
    line = assert_clean_failure(result, str(home / DB), ("disk", "space", "full", "write"))
    assert "rollback" not in line.lower()


def test_full_disk_during_init_keeps_the_old_config(home: Path, run: Run) -> None:
    assert run("init", "--name", "Sam", "--partner", "Alex").code == 0
    before = snapshot(home)
    result = call(
        "init", "--name", "Samantha", "--partner", "Alexander", preexec_fn=file_size_limit(10)
    )
    assert_clean_failure(result, str(home / "config.toml"))
    assert snapshot(home) == before  # old file intact, no temp file left


# -- 4. a database locked by another program ------------------------------------------


@pytest.mark.slow
def test_database_locked_by_another_process(home: Path, run: Run) -> None:
    assert run(*checkin_args("Sam", DAY, score="7", best="kept")).code == 0
    before = stored(home)
    with connect(home / DB) as holder:
        holder.execute("BEGIN EXCLUSIVE")
        began = time.monotonic()
        writers = [
            start(*checkin_args("Alex", DAY, score="6")),
            start("delete", DAY, "--as", "Sam", "--yes"),
        ]
        # WAL: readers are not blocked by a writer.
        log = run("log")
        assert log.code == 0 and "kept" in log.out, log
        results = [finish(proc) for proc in writers]
        waited = time.monotonic() - began
        holder.execute("ROLLBACK")
    for result in results:
        assert_clean_failure(result, str(home / DB), "busy")
    assert waited >= BUSY_TIMEOUT_S * 0.9, "it gave up before the busy timeout"
    assert stored(home) == before
    again = run(*checkin_args("Alex", DAY, score="6"))
    assert again.code == 0, again
    assert ("Alex", DAY) in stored(home)
    assert integrity(home) == "ok"


def _wait_until_open(proc: subprocess.Popen[str], path: Path, timeout: float = 20) -> None:
    """Until `proc` has `path` open (read from /proc, so a slow start on a
    busy machine is waited for rather than guessed)."""
    deadline = time.monotonic() + timeout
    fds = Path(f"/proc/{proc.pid}/fd")
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) == str(path) for fd in fds.iterdir()):
                return
        time.sleep(0.02)
    raise AssertionError(f"{proc.args} never opened {path}")


def test_ctrl_c_while_waiting_for_a_busy_database(home: Path, run: Run) -> None:
    """Ctrl-C outside any question (here: waiting on a lock) is felt at once,
    says what happened, exits 130, and leaves the data as it was."""
    assert run(*checkin_args("Sam", DAY, score="7", best="kept")).code == 0
    before = stored(home)
    with connect(home / DB) as holder:
        holder.execute("BEGIN EXCLUSIVE")
        proc = start(*checkin_args("Alex", DAY, score="6"))
        _wait_until_open(proc, home / DB)  # started, and so waiting on the lock
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        signalled = time.monotonic()
        result = finish(proc)
        answered_in = time.monotonic() - signalled
        holder.execute("ROLLBACK")
    assert result.code == 130, result
    # It stops when asked, not when the lock wait would have run out.
    assert answered_in < BUSY_TIMEOUT_S / 2, answered_in
    assert result.err.strip() == "closeness: Interrupted."
    assert stored(home) == before


# -- 5. a read-only home, or one that cannot be created ------------------------------


@pytest.fixture
def restricted_run() -> Run:
    """Like `run`, as a user that file modes restrict: yourself, or root
    without the capabilities that override them."""

    def go(*args: str, env: dict[str, str] | None = None) -> Result:
        proc = subprocess.run(
            [*WITHOUT_OVERRIDES, *closeness_command(), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return go


def _assert_reads_work_and_writes_fail(home: Path, run: Run) -> None:
    log = run("log")
    assert log.code == 0 and "kept" in log.out, log
    show = run("show", DAY, "--as", "Sam")
    assert show.code == 0 and "kept" in show.out, show
    result = run(*checkin_args("Sam", "2024-03-02", score="3"))
    assert_clean_failure(result, str(home), ("read-only", "permission"))
    result = run("delete", DAY, "--as", "Sam", "--yes")
    assert_clean_failure(result, str(home), ("read-only", "permission"))


@needs_file_modes
def test_read_only_home_still_reads_and_refuses_writes(home: Path, restricted_run: Run) -> None:
    run = restricted_run
    assert run(*checkin_args("Sam", DAY, score="7", best="kept")).code == 0
    before, files = stored(home), snapshot(home)
    with chmod(home, 0o500):
        _assert_reads_work_and_writes_fail(home, run)
        result = run("init", "--name", "Sam", "--partner", "Alex")
        assert_clean_failure(result, str(home / "config.toml"), "permission")
        assert snapshot(home) == files
    assert stored(home) == before
    again = run(*checkin_args("Sam", "2024-03-02", score="3"))
    assert again.code == 0, again


@needs_file_modes
def test_read_only_database_file_still_reads_and_refuses_writes(
    home: Path, restricted_run: Run
) -> None:
    run = restricted_run
    assert run(*checkin_args("Sam", DAY, score="7", best="kept")).code == 0
    before, db_bytes = stored(home), (home / DB).read_bytes()
    with chmod(home / DB, 0o400):
        _assert_reads_work_and_writes_fail(home, run)
        assert (home / DB).read_bytes() == db_bytes
    assert stored(home) == before


@needs_file_modes
def test_read_only_database_file_leaves_nothing_behind(home: Path, restricted_run: Run) -> None:
    run = restricted_run
    assert run(*checkin_args("Sam", DAY, score="7", best="kept")).code == 0
    with chmod(home / DB, 0o400):
        listing = sorted(path.name for path in home.iterdir())
        assert run("log").code == 0
        assert run("show", DAY, "--as", "Sam").code == 0
        assert sorted(path.name for path in home.iterdir()) == listing
    again = run(*checkin_args("Sam", "2024-03-02", score="3"))
    assert again.code == 0, again


@pytest.mark.parametrize("command", [["checkin", "--score", "7"], ["init", "--name", "Sam"]])
def test_home_that_cannot_be_created(tmp_path: Path, run: Run, command: list[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    for target in (blocker / "home", blocker):
        result = run(*command, env={"CLOSENESS_HOME": str(target)})
        assert_clean_failure(result, str(target))
        assert blocker.read_text(encoding="utf-8") == "not a folder\n"


# -- 6. a damaged file, or not a database at all -----------------------------------


def _truncated_database(home: Path, run: Run, size: Callable[[int], int]) -> bytes:
    for day in range(1, 8):
        result = run(*checkin_args("Sam", f"2024-03-{day:02d}", score="7", note="n" * 3000))
        assert result.code == 0, result
    data = (home / DB).read_bytes()
    assert not (home / f"{DB}-wal").exists()
    return data[: size(len(data))]


DAMAGED: dict[str, Callable[[Path, Run], bytes]] = {
    "random-bytes": lambda home, run: random.Random(3).randbytes(64 * 1024),
    "text-file": lambda home, run: b"Dear diary, today we walked by the river.\n" * 50,
    "truncated-half": lambda home, run: _truncated_database(home, run, lambda n: n // 2),
    "truncated-odd": lambda home, run: _truncated_database(home, run, lambda n: 5000),
    "header-only": lambda home, run: _truncated_database(home, run, lambda n: 100),
}


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_damaged_database_is_refused_and_left_untouched(home: Path, run: Run, kind: str) -> None:
    data = DAMAGED[kind](home, run)
    home.mkdir(exist_ok=True)
    (home / DB).write_bytes(data)
    before = snapshot(home)
    assert list(before) == [DB]
    commands = [
        checkin_args("Sam", "2024-03-09", score="7"),
        ["log"],
        ["show", "2024-03-01", "--as", "Sam"],
        ["delete", "2024-03-01", "--as", "Sam", "--yes"],
        ["log", "--search", "river"],
    ]
    for command in commands:
        result = run(*command)
        assert_clean_failure(result, str(home / DB), ("damaged", "not a closeness database"))
        assert snapshot(home) == before, command  # same bytes, mtime, mode; no -wal/-shm


# -- 7. a database from a newer closeness --------------------------------------------


def test_newer_schema_is_refused_and_left_untouched(home: Path, run: Run) -> None:
    assert run(*checkin_args("Sam", DAY, score="7", best="kept")).code == 0
    with connect(home / DB) as db:
        db.execute("PRAGMA user_version = 99")
    before = snapshot(home)
    assert list(before) == [DB]
    for command in (
        checkin_args("Sam", "2024-03-02", score="7"),
        ["log"],
        ["show", DAY, "--as", "Sam"],
        ["delete", DAY, "--as", "Sam", "--yes"],
    ):
        result = run(*command)
        assert_clean_failure(result, str(home / DB), "upgrade")
        assert snapshot(home) == before, command


# -- 8. private modes under any umask ------------------------------------------------


def test_files_are_private_even_with_umask_000(home: Path) -> None:
    assert not home.exists()
    assert call("init", "--name", "Sam", "--partner", "Alex", preexec_fn=umask_000).code == 0
    result = call(*checkin_args("Sam", DAY, score="7"), preexec_fn=umask_000)
    assert result.code == 0, result
    assert mode(home) == 0o700
    assert mode(home / "config.toml") == 0o600
    assert mode(home / DB) == 0o600
    # The -wal and -shm files exist only while the database is open: hold a
    # shared lock on it (as another reader would) so the program cannot
    # remove them when it closes, and look at the ones it created.
    fd = os.open(home / DB, os.O_RDONLY)
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 510, 0x40000002, os.SEEK_SET)
        result = call(*checkin_args("Alex", DAY, score="6"), preexec_fn=umask_000)
        assert result.code == 0, result
        assert mode(home / f"{DB}-wal") == 0o600
        assert mode(home / f"{DB}-shm") == 0o600
    finally:
        os.close(fd)
    assert {path.name: mode(path) for path in home.iterdir()} == {
        name: 0o600 for name in ("config.toml", DB, f"{DB}-wal", f"{DB}-shm")
    }
    assert set(stored(home)) == {("Sam", DAY), ("Alex", DAY)}
