"""The installed `closeness` in real processes, in hostile surroundings
(issue 11): stdout closed, full, or a pipe whose reader has left; a Latin-1
terminal; stdin closed; Ctrl-C at any instant once closeness starts; no HOME
on an account without a passwd entry.

The rule for output (docs/exit-codes.md): the exit code reports what
happened to your data. A saved change is exit 0 whatever becomes of its
confirmation; a reader that left ends quietly with 0; output that cannot be
written fails a command that changed nothing (exit 1, one line)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, closeness_command, db_rows

pytestmark = pytest.mark.slow

Cli = Callable[..., Result]
DAY = "2026-11-20"


def closeness(*args: str, env: dict[str, str] | None = None, **streams: Any) -> Result:
    """The installed script, with no terminal unless `streams` say otherwise."""
    streams.setdefault("stdin", subprocess.DEVNULL)
    streams.setdefault("stdout", subprocess.PIPE)
    proc = subprocess.run(
        [*closeness_command(), *args],
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        timeout=60,
        **streams,
    )
    out = proc.stdout.decode("utf-8", "replace") if proc.stdout else ""
    return Result(proc.returncode, out, proc.stderr.decode("utf-8", "replace"))


# -- 11.11: no HOME, no passwd entry -------------------------------------------

AS_UNKNOWN_UID = ["unshare", "--user", "--map-user=54321", "--map-group=54321"]


def _unknown_uid_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run([*AS_UNKNOWN_UID, "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _unknown_uid_works(), reason="needs unshare --user")
@pytest.mark.parametrize("command", [("log",), ("checkin", "--score", "7")])
def test_no_home_and_no_passwd_entry_says_to_set_closeness_home(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """As uid 54321, which /etc/passwd does not list, with HOME unset: once
    "unexpected error (RuntimeError: could not determine the home directory …)"."""
    unset = ("HOME", "CLOSENESS_HOME", "XDG_DATA_HOME")
    env = {name: value for name, value in os.environ.items() if name not in unset}
    proc = subprocess.run(
        [*AS_UNKNOWN_UID, *closeness_command(), *command],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == (
        "closeness: Cannot find your home folder: HOME is not set to a full path. "
        "Set CLOSENESS_HOME to the folder for your data.\n"
    )
    assert list(tmp_path.iterdir()) == []  # no "~" folder made where it ran


# -- 11.8: stdin closed --------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "hint"),
    [
        (("checkin",), "pass the answers as options"),
        (("init",), "pass --name NAME"),
        (("delete", DAY), "pass --yes"),
        (("review", "--reflect"), "--reflect asks questions"),
    ],
)
def test_a_closed_stdin_is_no_terminal(
    cli: Cli, home: Path, command: tuple[str, ...], hint: str
) -> None:
    """`<&-` was "unexpected error ('NoneType' object has no attribute 'isatty')"."""
    assert cli("checkin", "--score", "7", "--date", DAY).code == 0
    before = db_rows(home)
    result = closeness(*command, stdin=None, preexec_fn=lambda: os.close(0))
    assert result.code == 2, result.err
    assert result.err.startswith("closeness: No terminal to ask in: ")
    assert hint in result.err and len(result.err.splitlines()) == 1
    assert db_rows(home) == before


# -- 11.6: output that cannot be delivered -------------------------------------

SAVED = "closeness: Your change was saved, but its output could not be written: "
NOT_WRITTEN = "closeness: Could not write the output: "
WAYS = ["closed", "full", "reader left"]


@contextmanager
def stdout_that(how: str) -> Iterator[dict[str, Any]]:
    """subprocess arguments for a stdout that is closed (`>&-`), full
    (`/dev/full`), or a pipe whose reader has already left."""
    if how == "closed":
        yield {"stdout": subprocess.DEVNULL, "preexec_fn": lambda: os.close(1)}
    elif how == "full":
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full here")
        with open("/dev/full", "wb") as full:
            yield {"stdout": full}
    else:
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            yield {"stdout": write_end}
        finally:
            os.close(write_end)


def export_of_alex(cli: Cli, tmp_path: Path) -> str:
    """A JSON export holding one check-in of Alex, made in another home."""
    path = tmp_path / "alex.json"
    with pytest.MonkeyPatch.context() as elsewhere:
        elsewhere.setenv("CLOSENESS_HOME", str(tmp_path / "alex-home"))
        assert cli("init", "--name", "Alex").code == 0
        assert cli("checkin", "--score", "6", "--date", DAY).code == 0
        assert cli("export", "--format", "json", "--out", str(path)).code == 0
    return str(path)


def stored_names(home: Path) -> list[str]:
    with sqlite3.connect(home / "closeness.db") as db:
        return [row[0] for row in db.execute("SELECT person FROM entries ORDER BY person")]


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("command", ["checkin", "import", "delete", "init"])
def test_a_saved_change_is_success_whatever_becomes_of_its_output(
    cli: Cli, home: Path, tmp_path: Path, command: str, how: str
) -> None:
    """A check-in that was saved but reported exit 1 made a retrying script
    fail again with "already checked in"."""
    assert cli("checkin", "--score", "5", "--date", "2026-11-01").code == 0
    if command == "checkin":
        args = ["checkin", "--score", "7", "--date", DAY, "--appreciation", "The tea"]
    elif command == "import":
        args = ["import", export_of_alex(cli, tmp_path)]
    elif command == "delete":
        args = ["delete", "--yes", "2026-11-01"]
    else:
        args = ["init", "--name", "Sam"]
    before = db_rows(home)
    with stdout_that(how) as streams:
        result = closeness(*args, **streams)
    assert result.code == 0, result.err
    if how == "reader left":
        assert result.err == ""  # nobody was reading: nothing to say
    else:
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith(SAVED), result.err
    if command == "init":
        assert stored_names(home) == ["Sam"]  # the earlier check-in moved to the new name
    else:
        assert db_rows(home) != before
    if command == "checkin":  # what a script retrying on failure would have met
        again = cli(*args)
        assert (again.code, "already checked in" in again.err) == (1, True)


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize(
    "command", [("log",), ("show", DAY), ("review",), ("export",), ("--help",)]
)
def test_a_read_command_ends_quietly_when_its_reader_left_and_fails_when_it_cannot_write(
    cli: Cli, home: Path, command: tuple[str, ...], how: str
) -> None:
    """`| true` was exit 1 without a word (but 0 for export); `>&-` was exit 0
    with nothing written, or 'NoneType' object has no attribute 'isatty'."""
    assert cli("checkin", "--score", "7", "--date", DAY, "--best", "Dinner").code == 0
    before = db_rows(home)
    with stdout_that(how) as streams:
        result = closeness(*command, **streams)
    if how == "reader left":
        assert (result.code, result.err) == (0, "")
    else:
        reason = "stdout is closed" if how == "closed" else os.strerror(errno.ENOSPC)
        assert (result.code, result.err) == (1, f"{NOT_WRITTEN}{reason}.\n")
    assert db_rows(home) == before


@pytest.mark.parametrize("how", ["closed", "full"])
def test_an_svg_written_is_the_review_s_work_done(home: Path, tmp_path: Path, how: str) -> None:
    """`review --svg FILE` with nowhere to print the review: the picture is
    what was asked for, so once it is written the command succeeded."""
    picture = tmp_path / "week.svg"
    with stdout_that(how) as streams:
        result = closeness("review", "--svg", str(picture), **streams)
    assert result.code == 0, result.err
    assert picture.read_text(encoding="utf-8").startswith("<svg")


def on_latin1(*args: str) -> subprocess.CompletedProcess[bytes]:
    """`closeness ARGS` with a Latin-1 locale, its output as bytes."""
    return subprocess.run(
        [*closeness_command(), *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        timeout=60,
    )


def latin1(*args: str) -> tuple[int, str, str]:
    """`closeness ARGS` on a Latin-1 terminal: exit code, stdout, stderr."""
    proc = on_latin1(*args)
    return proc.returncode, proc.stdout.decode("latin-1"), proc.stderr.decode("latin-1")


def test_a_latin1_terminal_gets_what_it_can_show(home: Path) -> None:
    """The “ ” around an appreciation were a UnicodeEncodeError after the
    check-in was saved: exit 1, and a retry said "already checked in"."""
    answers = ("--best", "Zoë's soup", "--appreciation", "The tea")
    code, out, err = latin1("checkin", "--score", "7", "--date", DAY, *answers)
    assert (code, err) == (0, "")
    assert '"The tea"' in out  # “The tea”, as Latin-1 can show it
    assert len(db_rows(home)) == 1
    for command in (("log",), ("show", DAY), ("review", "--until", DAY), ("--help",)):
        code, out, err = latin1(*command)
        assert (code, err) == (0, ""), (command, err)
        assert "Zoë's soup" in out or command[0] in ("review", "--help")
    assert "7/10  #######..." in latin1("show", DAY)[1]  # ■■■■■■■□□□
    code, _, err = latin1("import", "Łódź.json")
    assert (code, err) == (2, "closeness: ?ódz.json: no such file.\n")


def test_data_in_a_pipe_is_utf8_exactly_whatever_the_locale(home: Path, tmp_path: Path) -> None:
    """An export or --json read by a program is data: on a Latin-1 locale it
    is still written as UTF-8, byte for byte (not made "what the terminal can
    show"), and imports back."""
    best = "Zoë’s “soup” 🌳 日本"
    code, _, err = latin1("checkin", "--score", "7", "--date", DAY, "--best", best)
    assert (code, err) == (0, "")
    for args in (("export", "--format", "json"), ("review", "--until", DAY, "--json")):
        proc = on_latin1(*args)
        assert proc.returncode == 0 and proc.stderr == b""
        document = json.loads(proc.stdout.decode("utf-8"))
        found = document["entries"][0]["best"] if "entries" in document else None
        assert found in (best, None) and best in proc.stdout.decode("utf-8")
    exported = on_latin1("export", "--format", "json").stdout
    (tmp_path / "sam.json").write_bytes(exported)
    partner = {**os.environ, "CLOSENESS_HOME": str(tmp_path / "partner")}
    back = subprocess.run(
        [*closeness_command(), "import", str(tmp_path / "sam.json"), "--as", "Sam"],
        capture_output=True,
        env=partner,
        timeout=60,
    )
    assert back.returncode == 0, back.stderr


# -- 11.9: Ctrl-C at any instant -----------------------------------------------

ENTRY = "closeness.cli.entry"


def interrupted_run(args: list[str], delay: float) -> tuple[int, str, float]:
    """Start `closeness ARGS`, wait until Python has imported closeness's
    entry module (Python reports each import with PYTHONPROFILEIMPORTTIME),
    then send SIGINT `delay` seconds later (none if negative). Before that
    moment only Python runs: its start-up and the installer's script, which
    no program can guard. Returns the exit code, stderr without the import
    reports, and how long the run took from that moment."""
    proc = subprocess.Popen(
        [*closeness_command(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert proc.stderr is not None
    seen: list[bytes] = []
    while True:
        line = proc.stderr.readline()
        seen.append(line)
        if not line or line.rsplit(b"|", 1)[-1].strip() == ENTRY.encode():
            break
    started = time.monotonic()
    if delay >= 0:
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
    seen.append(proc.stderr.read())
    code = proc.wait(timeout=60)
    took = time.monotonic() - started
    lines = b"".join(seen).decode("utf-8", "replace").splitlines(keepends=True)
    return code, "".join(line for line in lines if not line.startswith("import time:")), took


@pytest.mark.parametrize("command", [["log"], ["checkin", "--score", "7", "--replace"]])
def test_ctrl_c_at_any_instant_is_one_line_and_130(cli: Cli, command: list[str]) -> None:
    """57 of 150 early Ctrl-Cs printed a traceback: during the imports, and
    in main(), which caught Exception but not KeyboardInterrupt."""
    assert cli("checkin", "--score", "5", "--date", DAY).code == 0
    code, err, whole = interrupted_run(command, -1)  # how long a run takes from there
    assert (code, err) == (0, "")
    runs = 36
    outcomes = []
    for i in range(runs):  # four at once, then spread over the whole run and past it
        delay = 0.0 if i < 4 else whole * 1.2 * (i - 4) / (runs - 5)
        code, err, _ = interrupted_run(command, delay)
        assert "Traceback" not in err and "Exception ignored" not in err, (delay, err)
        expected = "closeness: Interrupted.\n" if code == 130 else ""
        assert (code in (0, 130), err) == (True, expected), (delay, code, err)
        outcomes.append(code)
    assert outcomes.count(130) >= runs // 3  # most instants fell inside the run
    assert cli("log").code == 0  # and what was stored is intact
