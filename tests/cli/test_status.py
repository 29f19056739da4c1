"""`closeness status` in every state, through the real entry point: what it
says, its --quiet and --json, its exit codes, and that it changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness.core import days
from conftest import Result, closeness_command, exported_entry

Cli = Callable[..., Result]


def partner_checked_in(cli: Cli, tmp_path: Path, day: dt.date) -> None:
    export = tmp_path / "alex.json"
    entry = exported_entry("Alex", day.isoformat())
    export.write_text(
        json.dumps({"format": "closeness-export", "version": 1, "entries": [entry]}),
        encoding="utf-8",
    )
    assert cli("import", str(export)).code == 0


def check_in(cli: Cli, *extra: str) -> None:
    done = cli("checkin", "--score", "8", "--best", "Tea", "--moment", "hug", *extra)
    assert done.code == 0, done.err


def synced(home: Path, person: str, written: str) -> None:
    with sqlite3.connect(home / "closeness.db") as db:
        db.execute(
            "INSERT INTO synced_files (name, device, person, person_key, size, mtime_ns,"
            " sha256, holds, written_at, applied_at) VALUES (?, 'd', ?, ?, 1, 1, '', '', ?, ?)",
            (f"d/{written}.age", person, person.lower(), written, written),
        )


def status_json(cli: Cli) -> dict[str, Any]:
    done = cli("status", "--json")
    assert done.code == 0, done.err
    data: dict[str, Any] = json.loads(done.out)
    return data


def test_a_new_machine_has_nothing_yet_and_gets_no_home(cli: Cli, home: Path) -> None:
    done = cli("status")
    assert (done.code, done.err) == (0, "")
    assert done.out.count("\n") == 1 and "nothing here yet" in done.out
    assert cli("status", "--quiet").out.count("\n") == 1  # you have not checked in
    data = status_json(cli)
    assert data["partner"] is None and data["you"]["checked_in"] is False
    assert data["you"]["streak"] == 0
    assert not home.exists()


def test_before_and_after_your_check_in(cli: Cli, home: Path) -> None:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    before = cli("status")
    assert before.code == 0
    assert before.out.splitlines() == [
        "You have not checked in today: `closeness checkin` takes two minutes.",
        "Nothing from Alex has reached this home yet (`closeness sync` or `closeness import`).",
    ]
    quiet = cli("status", "--quiet")
    assert (quiet.code, quiet.out) == (0, "closeness: you have not checked in today.\n")

    check_in(cli)
    after = cli("status")
    assert after.out.splitlines()[0] == "You checked in today."
    assert after.out.splitlines()[-1] == "1 day in a row: tomorrow makes two."
    assert cli("status", "--quiet").out == ""


def test_the_partner_as_far_as_this_home_knows(cli: Cli, home: Path, tmp_path: Path) -> None:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    today = days.today(4)
    partner_checked_in(cli, tmp_path, today - dt.timedelta(days=1))
    assert cli("status").out.splitlines()[1] == (
        "Alex has not checked in today, as far as this home knows."
    )
    assert status_json(cli)["partner"]["checked_in"] is False

    partner_checked_in(cli, tmp_path, today)
    synced(home, "Alex", "2026-01-02T03:04:00+00:00")
    line = cli("status").out.splitlines()[1]
    local = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC).astimezone()
    assert line.startswith("Alex checked in today. Their data last arrived ")
    assert f"at {local:%H:%M}." in line
    assert status_json(cli)["partner"] == {
        "name": "Alex",
        "checked_in": True,
        "last_synced": "2026-01-02T03:04:00+00:00",
    }


def test_json_is_the_contract_s_shape(cli: Cli, home: Path) -> None:
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    yesterday = days.today(4) - dt.timedelta(days=1)
    check_in(cli, "--date", yesterday.isoformat())
    assert status_json(cli) == {
        "today": days.today(4).isoformat(),
        "you": {"name": "Sam", "checked_in": False, "streak": 1},
        "partner": {"name": "Alex", "checked_in": None, "last_synced": None},
    }
    check_in(cli)
    data = status_json(cli)
    assert data["you"] == {"name": "Sam", "checked_in": True, "streak": 2}
    assert "2 days in a row." in cli("status").out


def test_today_is_by_the_day_start_hour(cli: Cli, home: Path) -> None:
    """At 23 o'clock a day starts: until then it is still the day before."""
    assert cli("init", "--name", "Sam", "--day-starts-at", "23").code == 0
    today = days.today(23)
    check_in(cli, "--date", today.isoformat())
    data = status_json(cli)
    assert data["today"] == today.isoformat()
    assert data["you"]["checked_in"] is True


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--bogus",), "No such option: --bogus."),
        (("--quiet=1",), "No such option: --quiet."),
        (("tomorrow",), "Got unexpected extra argument (tomorrow)."),
        (("--quiet", "--json"), "--quiet and --json cannot be used together."),
    ],
)
def test_a_bad_option_is_one_line_and_exit_2(cli: Cli, home: Path, args: Any, says: str) -> None:
    done = cli("status", *args)
    assert (done.code, done.out) == (2, "")
    assert done.err == f"closeness: {says} See 'closeness status --help'.\n"
    assert not home.exists()


@pytest.mark.parametrize("damage", ["config", "database"])
def test_a_damaged_home_is_one_line_and_exit_1(cli: Cli, home: Path, damage: str) -> None:
    assert cli("init", "--name", "Sam").code == 0
    if damage == "config":
        (home / "config.toml").write_text("name = [", encoding="utf-8")
    else:
        (home / "closeness.db").write_bytes(b"garbage" * 1000)
    before = sorted(os.listdir(home))
    for args in ((), ("--quiet",), ("--json",)):
        done = cli("status", *args)
        assert (done.code, done.out) == (1, "")
        assert done.err.startswith("closeness: ") and done.err.count("\n") == 1
    assert sorted(os.listdir(home)) == before


def test_help_lists_it_and_its_own_help_shows_the_options(cli: Cli) -> None:
    assert "status" in cli("--help").out
    done = cli("status", "--help")
    assert done.code == 0 and "--quiet" in done.out and "--json" in done.out


def test_the_installed_command(home: Path, run: Callable[..., Result]) -> None:
    done = run("status")
    assert (done.code, done.err) == (0, "")
    assert "nothing here yet" in done.out
    assert run("status", "--nope").code == 2


def test_output_that_cannot_be_written_fails_and_a_reader_that_left_does_not(home: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*closeness_command(), "status"], stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert done.stderr.decode().startswith("closeness: Could not write the output")
    command = " ".join(closeness_command())
    closed = subprocess.run(f"{command} status >&-", shell=True, capture_output=True)
    assert closed.returncode == 1
    assert closed.stderr == b"closeness: Could not write the output: stdout is closed.\n"
    reader_left = subprocess.run(f"{command} status | true", shell=True, stderr=subprocess.PIPE)
    assert reader_left.stderr == b""
