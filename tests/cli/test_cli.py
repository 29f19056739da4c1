"""The command line end to end, through the real entry point: options, exit
codes, one-line messages, and that bad input leaves the data as it was."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness import __version__
from closeness.cli.app import app
from closeness.core.days import today
from conftest import Result, db_rows

Cli = Callable[..., Result]


def today_iso() -> str:
    """Today by the default day-start hour, read when a test runs (not at
    import, so a run that crosses 04:00 still agrees with the program)."""
    return today(4).isoformat()


def one_line_error(result: Result) -> str:
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("closeness")
    return lines[0]


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"closeness {__version__}")


def test_every_command_has_help(cli: Cli) -> None:
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert set(names) >= {"init", "checkin", "log", "show", "delete"}
    for name in names:
        result = cli(name, "--help")
        assert result.code == 0
        assert f"Usage: closeness {name}" in result.out
        summary = result.out.split("\n\n")[1].strip()
        assert len(summary) > 10, f"{name} has no help text"
    assert cli().out == cli("-h").out


def test_a_double_dash_before_the_command_still_runs_it(cli: Cli) -> None:
    empty_log = cli("log").out
    assert cli("--", "log").out == empty_log
    saved = cli("--", "checkin", "--score", "7")
    assert saved.code == 0 and "Day one of your streak" in saved.out
    assert cli("log").out != empty_log


def test_the_overview_lists_every_command_with_its_own_help(cli: Cli) -> None:
    """The overview is built without the commands' options (for speed); it
    must still list each one, with the first line of its own help."""
    overview = cli("--help").out
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        first_line = cli(name, "--help").out.split("\n\n")[1].strip().splitlines()[0]
        listed = next(line for line in overview.splitlines() if line.split()[:1] == [name])
        assert listed.split(None, 1)[1].rstrip(".").rstrip("…")[:30] in first_line


def test_checkin_with_options_stores_and_confirms(cli: Cli, home: Path) -> None:
    result = cli(
        "checkin",
        "--score",
        "8",
        "--best",
        "Dinner together",
        "--challenge",
        "Late train",
        "--appreciation",
        "The tea you made",
        "--need",
        "2",
        "--moment",
        "walk",
        "--moment",
        "hug",
        "--note",
        "Ask about Friday",
        "--private",
        "note",
        "--as",
        "Sam",
        "--new-person",
    )
    assert result.code == 0, result.err
    assert "Saved your check-in" in result.out
    assert "The tea you made" in result.out
    assert "Day one of your streak" in result.out
    [row] = db_rows(home)
    assert row[1:11] == (
        "Sam",
        today_iso(),
        8,
        "Dinner together",
        "Late train",
        "The tea you made",
        2,
        '["hug", "walk"]',
        "Ask about Friday",
        '["note"]',
    )
    created, updated = (dt.datetime.fromisoformat(str(v)) for v in row[11:13])
    assert created == updated
    assert created.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=1)
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "closeness.db").stat().st_mode) == 0o600


def test_checkin_without_need_stores_none_and_streak_grows(cli: Cli, home: Path) -> None:
    day = dt.date.fromisoformat(today_iso())
    for back in (2, 1):
        earlier = (day - dt.timedelta(days=back)).isoformat()
        assert cli("checkin", "--score", "5", "--date", earlier).code == 0
    result = cli("checkin", "--score", "6")
    assert "3 days in a row" in result.out
    assert [row[7] for row in db_rows(home)] == [None, None, None]


def test_second_checkin_same_day_needs_replace(cli: Cli, home: Path) -> None:
    assert cli("checkin", "--score", "4", "--best", "first").code == 0
    before = db_rows(home)
    again = cli("checkin", "--score", "9", "--best", "second")
    assert again.code == 1
    assert "already checked in" in one_line_error(again)
    assert db_rows(home) == before
    replaced = cli("checkin", "--score", "9", "--best", "second", "--replace")
    assert replaced.code == 0
    [row] = db_rows(home)
    assert (row[3], row[4], row[11]) == (9, "second", before[0][11])  # created_at kept
    assert str(row[12]) >= str(before[0][12])  # updated_at moves on


def test_no_terminal_and_no_answers_is_a_usage_error(cli: Cli, home: Path) -> None:
    result = cli("checkin")
    assert result.code == 2
    assert "--score" in one_line_error(result)
    assert not home.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--score", "0"], "score must be a whole number from 1 to 10 (got '0')"),
        (["--score", "11"], "from 1 to 10 (got '11')"),
        (["--score", "seven"], "from 1 to 10 (got 'seven')"),
        (["--score", "7.5"], "from 1 to 10 (got '7.5')"),
        (["--best", "only text"], "--score is required"),
        (["--score", ""], "from 1 to 10 (got '')"),
        (["--best", ""], "--score is required"),
        (["--score", "5", "--need", "5", "--private", "nope"], "--need must be"),
        (["--score", "5", "--need", "4"], "--need must be content, process, meaning (or 1, 2, 3)"),
        (["--score", "5", "--moment", "cuddle"], "Unknown moment 'cuddle'"),
        (["--score", "5", "--private", "score"], "--private cannot be 'score'"),
        (["--score", "5", "--date", "2026-02-30"], "2026-02-30 is not a calendar date"),
        (["--score", "5", "--date", "next week"], "YYYY-MM-DD, today or yesterday"),
        (["--score", "5", "--date", "2999-01-01"], "has not happened yet"),
        (["--score", "5", "--as", "  "], "cannot be empty"),
        (["--score", "5", "--best", "x" * 5001], "too long"),
        (["--score", "5", "--frobnicate"], "No such option"),
        (["--score"], "requires an argument"),
    ],
)
def test_bad_checkin_values_exit_2_and_store_nothing(
    cli: Cli, home: Path, args: list[str], expected: str
) -> None:
    assert cli("checkin", "--score", "6", "--date", "2026-01-01").code == 0
    before = db_rows(home)
    result = cli("checkin", *args)
    assert result.code == 2
    assert expected in one_line_error(result)
    assert db_rows(home) == before


def test_init_writes_config_and_names_are_used(cli: Cli, home: Path) -> None:
    result = cli("init", "--name", "Sam", "--partner", 'Alex "Al"', "--day-starts-at", "5")
    assert result.code == 0
    config = home / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert 'partner = "Alex \\"Al\\""' in config.read_text(encoding="utf-8")
    checked = cli("checkin", "--score", "7", "--appreciation", "The tea")
    assert 'say it out loud to Alex "Al"' in checked.out
    assert db_rows(home)[0][1] == "Sam"
    # Changing one setting keeps the others.
    assert cli("init", "--day-starts-at", "3").code == 0
    assert 'name = "Sam"' in config.read_text(encoding="utf-8")
    assert "day_starts_at = 3" in config.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--partner", "Alex"], "--name is required"),
        (["--name", "Sam", "--day-starts-at", "24"], "from 0 to 23 (got '24')"),
        (["--name", "\x1b]0;pwned\x07"], "control characters"),
    ],
)
def test_bad_init_values(cli: Cli, home: Path, args: list[str], expected: str) -> None:
    result = cli("init", *args)
    assert result.code == 2
    assert expected in one_line_error(result)
    assert not (home / "config.toml").exists()


def test_broken_config_is_a_clear_error_and_init_repairs_it(cli: Cli, home: Path) -> None:
    home.mkdir()
    (home / "config.toml").write_text("name = [unclosed\n", encoding="utf-8")
    result = cli("checkin", "--score", "5")
    assert result.code == 1
    assert "config.toml is not a valid closeness config" in one_line_error(result)
    assert cli("init", "--name", "Sam", "--partner", "Alex").code == 0
    assert cli("checkin", "--score", "5").code == 0


def test_log_lists_newest_first_and_filters(cli: Cli) -> None:
    assert "No check-ins yet" in cli("log").out
    cli(
        "checkin", "--score", "3", "--best", "Rainy walk", "--date", "2026-01-02",
        "--as", "Sam", "--new-person",
    )  # fmt: skip
    cli(
        "checkin", "--score", "8", "--best", "Pancakes", "--date", "2026-01-03",
        "--as", "Sam", "--new-person",
    )  # fmt: skip
    cli(
        "checkin", "--score", "6", "--best", "Long call", "--date", "2026-01-03",
        "--as", "Alex", "--new-person",
    )  # fmt: skip
    out = cli("log").out
    assert out.index("2026-01-03") < out.index("2026-01-02")
    assert out.index("Long call") < out.index("Pancakes")  # same day: by name
    assert "Pancakes" not in cli("log", "--search", "walk").out
    assert "Rainy walk" in cli("log", "--search", "WALK").out
    assert "Long call" not in cli("log", "--as", "sam").out
    assert "No check-ins match" in cli("log", "--days", "3").out
    assert cli("log", "--days", "0").code == 2


def test_show_prints_user_text_literally(cli: Cli) -> None:
    tricky = "[bold red]not markup[/] \x1b[2J\x1b]0;title\x07 <b>&"
    cli(
        "checkin",
        "--score",
        "7",
        "--best",
        tricky,
        "--need",
        "3",
        "--moment",
        "laughter",
        "--private",
        "best",
    )
    result = cli("show", "today")
    assert result.code == 0
    assert "[bold red]not markup[/] ␛[2J␛]0;title␇ <b>&" in result.out
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "Best part (private)" in result.out
    assert "Meaning: reassurance" in result.out
    assert "Laughing together" in result.out
    assert "7/10" in result.out


def test_show_missing_day_and_bad_date(cli: Cli) -> None:
    missing = cli("show", "2026-01-01")
    assert missing.code == 1
    assert "No check-in for" in one_line_error(missing)
    bad = cli("show", "someday")
    assert bad.code == 2
    assert "YYYY-MM-DD" in one_line_error(bad)
    assert cli("show").code == 2


def test_delete(cli: Cli, home: Path) -> None:
    cli("checkin", "--score", "7", "--as", "Sam", "--new-person")
    cli("checkin", "--score", "6", "--as", "Alex", "--new-person")
    before = db_rows(home)
    refused = cli("delete", "today", "--as", "Sam")
    assert refused.code == 2
    assert "--yes" in one_line_error(refused)
    assert db_rows(home) == before
    assert cli("delete", "2026-01-01", "--yes").code == 1
    done = cli("delete", "today", "--as", "Sam", "--yes")
    assert done.code == 0 and "Deleted Sam's check-in" in done.out
    assert [row[1] for row in db_rows(home)] == ["Alex"]


def test_as_defaults_to_configured_name(cli: Cli, home: Path) -> None:
    cli("init", "--name", "Sam", "--partner", "Alex")
    cli("checkin", "--score", "7")
    assert cli("show", "today").code == 0
    assert cli("show", "today", "--as", "Alex").code == 1


def test_installed_script_runs_end_to_end(run: Callable[..., Result], home: Path) -> None:
    """The console script itself, in a subprocess, as users and cron run it."""
    saved = run("checkin", "--score", "6", "--best", "Tea in the garden", "--moment", "hug")
    assert saved.code == 0, saved.err
    assert "Tea in the garden" in run("log").out
    with sqlite3.connect(home / "closeness.db") as db:
        (moments,) = db.execute("SELECT moments FROM entries").fetchone()
    assert json.loads(moments) == ["hug"]
    failed = run("checkin", "--score", "11")
    assert failed.code == 2 and "Traceback" not in failed.err


def test_init_moves_checkins_made_before_it(cli: Cli, home: Path) -> None:
    first = cli("checkin", "--score", "6", "--date", "2026-01-01")
    assert "closeness init" in first.out  # the tip, while no name is set
    login = db_rows(home)[0][1]
    result = cli("init", "--name", "Sam", "--partner", "Alex")
    assert f"Moved your earlier check-ins from {login} to Sam (1)." in result.out
    assert [row[1] for row in db_rows(home)] == ["Sam"]
    assert "closeness init" not in cli("checkin", "--score", "7").out
    # Without a terminal, a configured name that changes leaves its check-ins
    # where they are (it may be the partner running init by mistake) and says so.
    result = cli("init", "--name", "Samantha")
    assert "Check-ins stored as Sam (2) stay under that name" in result.out
    assert [row[1] for row in db_rows(home)] == ["Sam", "Sam"]
    assert 'name = "Samantha"' in (home / "config.toml").read_text(encoding="utf-8")


def test_init_never_merges_into_a_name_that_has_checkins(cli: Cli, home: Path) -> None:
    cli("checkin", "--score", "6")  # under the login name, before init
    cli("checkin", "--score", "5", "--as", "Alex", "--new-person")
    result = cli("init", "--name", "Alex", "--partner", "Sam")
    assert "Moved" not in result.out
    assert len({row[1] for row in db_rows(home)}) == 2


def test_a_foreign_sqlite_file_is_refused_untouched(cli: Cli, home: Path) -> None:
    home.mkdir()
    path = home / "closeness.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('not ours')")
    before = path.read_bytes()
    for args in (["log"], ["checkin", "--score", "5"], ["show", "today"]):
        result = cli(*args)
        assert result.code == 1
        assert "is not a closeness database; it was left untouched" in one_line_error(result)
    assert path.read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["closeness.db"]


def test_delete_on_a_fresh_home_changes_nothing(cli: Cli, home: Path) -> None:
    result = cli("delete", "today", "--yes")
    assert result.code == 1
    assert not home.exists()


def test_log_days_out_of_range_is_a_usage_error(cli: Cli) -> None:
    for value in ("0", "1000000", "99999999999999999999", "abc", "²"):
        result = cli("log", "--days", value)
        assert result.code == 2
        assert "--days must be a whole number from 1 to 36600" in one_line_error(result)


def test_replacing_says_updated(cli: Cli) -> None:
    cli("checkin", "--score", "6")
    result = cli("checkin", "--score", "7", "--replace")
    assert result.out.startswith("Updated your check-in for")


def test_a_database_readable_by_others_is_made_private(cli: Cli, home: Path) -> None:
    cli("checkin", "--score", "6")
    (home / "closeness.db").chmod(0o644)  # e.g. restored from a backup
    assert cli("log").code == 0
    assert stat.S_IMODE((home / "closeness.db").stat().st_mode) == 0o600


def test_error_lines_never_pass_escape_sequences_through(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message may quote what was typed, here a CLOSENESS_HOME path."""
    odd = tmp_path / "home\x1b[2J"
    odd.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("CLOSENESS_HOME", str(odd))
    result = cli("log")
    assert result.code == 1
    assert "\x1b" not in result.err
    assert "home␛[2J is a file, not a folder" in one_line_error(result)
