"""What sits at closeness.db before SQLite opens it: a folder, a named pipe,
a symbolic link to nothing or to an empty file. Each is refused with one
line saying what it is (not "read-only", not "disk I/O error"), by reading
and writing commands alike, and is left exactly as it was."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result

Cli = Callable[..., Result]
COMMANDS = [["log"], ["checkin", "--score", "7"], ["show", "today"], ["export"]]


def refused(cli: Cli, command: list[str], line: str) -> None:
    result = cli(*command)
    assert (result.code, result.out) == (1, ""), result
    assert result.err.splitlines() == [line], (command, result.err)


def test_a_folder_named_closeness_db(cli: Cli, home: Path) -> None:
    database = home / "closeness.db"
    database.mkdir(parents=True)
    for command in COMMANDS:
        refused(
            cli,
            command,
            f"closeness: {database} is a folder, not a database file; it was left as it is. "
            "Move it aside, or set CLOSENESS_HOME to another folder.",
        )
    assert database.is_dir() and not any(database.iterdir())
    assert sorted(p.name for p in home.iterdir()) == ["closeness.db"]


def test_a_named_pipe_is_never_opened(cli: Cli, home: Path) -> None:
    """Opening a pipe for reading waits for a writer: it is refused unopened."""
    home.mkdir()
    database = home / "closeness.db"
    os.mkfifo(database)
    for command in COMMANDS:
        refused(
            cli,
            command,
            f"closeness: {database} is a named pipe, not a database file; it was left as it "
            "is. Move it aside, or set CLOSENESS_HOME to another folder.",
        )
    assert sorted(p.name for p in home.iterdir()) == ["closeness.db"]


def test_a_dangling_link_is_neither_followed_nor_called_read_only(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    """It may name a drive not mounted yet: no new database is made there,
    and no read pretends there are no check-ins."""
    home.mkdir()
    database = home / "closeness.db"
    missing = tmp_path / "usb" / "closeness.db"
    database.symlink_to(missing)
    for command in COMMANDS:
        refused(
            cli,
            command,
            f"closeness: {database} is a symbolic link to {missing}, which does not exist; it "
            "was left as it is. Restore the file it names, remove the link to start afresh, "
            "or set CLOSENESS_HOME to another folder.",
        )
    missing.parent.mkdir()
    refused(cli, ["checkin", "--score", "7"], cli("log").err.rstrip("\n"))
    assert not missing.exists() and database.is_symlink()


def test_a_link_to_an_empty_file_does_not_make_it_a_database(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    home.mkdir()
    empty = tmp_path / "notes.txt"
    empty.touch()
    database = home / "closeness.db"
    database.symlink_to(empty)
    for command in COMMANDS:
        refused(
            cli,
            command,
            f"closeness: {database} is a symbolic link to an empty file, {empty}; closeness "
            "will not turn that file into a database. Remove the link to start afresh, or "
            "point it to your closeness.db.",
        )
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "notes.txt"]


def test_a_link_to_a_closeness_database_is_followed(cli: Cli, home: Path, tmp_path: Path) -> None:
    """A closeness.db kept elsewhere (a synced folder) and linked to works."""
    elsewhere = tmp_path / "synced"
    assert cli("checkin", "--score", "7", "--date", "2026-11-20").code == 0
    elsewhere.mkdir()
    (home / "closeness.db").rename(elsewhere / "closeness.db")
    (home / "closeness.db").symlink_to(elsewhere / "closeness.db")
    assert cli("checkin", "--score", "6", "--date", "2026-11-21").code == 0
    log = cli("log")
    assert log.code == 0 and "2026-11-20" in log.out and "2026-11-21" in log.out, log


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_init_refuses_them_too_without_touching_the_config(cli: Cli, home: Path, kind: str) -> None:
    """init reads the database to move earlier check-ins: it stops there."""
    home.mkdir()
    database = home / "closeness.db"
    database.mkdir() if kind == "folder" else os.mkfifo(database)
    result = cli("init", "--name", "Sam")
    assert result.code == 1 and f"{database} is a" in result.err, result
    assert not (home / "config.toml").exists()
