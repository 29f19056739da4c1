"""store/files.py through the real CLI: the files closeness writes where you
ask (--out), and what it clears up after itself beside them."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness.store.files import STALE_TEMP_S
from conftest import Result

Cli = Callable[..., Result]


def aged(path: Path, text: str = "mine\n") -> Path:
    """A file older than any temp file a live write could leave."""
    path.write_text(text, encoding="utf-8")
    old = time.time() - 2 * STALE_TEMP_S
    os.utime(path, (old, old))
    return path


@pytest.mark.parametrize("name", ["*", "?", "[ab]*", "notes*"])
def test_glob_characters_in_out_never_delete_other_files(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    """The clean-up of stale temp files matches `.NAME.XXXXXXXX.tmp` as text:
    a `*` in NAME once deleted any `.*.*.tmp` older than ten minutes."""
    folder = tmp_path / "D"
    folder.mkdir()
    others = [
        aged(folder / ".thesis.draft.tmp"),
        aged(folder / ".notes.md.abcd1234.tmp"),
        aged(folder / ".a.b.tmp"),
        aged(folder / ".ab.12345678.tmp"),
    ]
    # A temp file left behind by a killed write of this very name goes.
    stale = aged(folder / f".{name}.k3j9x2ab.tmp")
    # One of the same name but not a temp file's shape stays.
    lookalike = aged(folder / f".{name}.backup.tmp")

    result = cli("export", "--out", str(folder / name))

    assert result.code == 0, result
    assert (folder / name).is_file()
    for path in [*others, lookalike]:
        assert path.read_text(encoding="utf-8") == "mine\n", path
    assert not stale.exists()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "command",
    [["checkin", "--score", "7"], ["init", "--name", "Sam"], ["log"]],
    ids=["checkin", "init", "log"],
)
def test_a_home_others_can_write_to_is_made_private(
    cli: Cli, home: Path, command: list[str]
) -> None:
    """A home of 0777 let anyone replace closeness.db or config.toml: it is
    made 0700 again whenever closeness opens or writes in it."""
    home.mkdir()
    assert cli("checkin", "--score", "5", "--date", "2026-11-20").code == 0
    home.chmod(0o777)
    result = cli(*command)
    assert result.code == 0, result
    assert mode(home) == 0o700


@pytest.mark.parametrize("kept", [0o755, 0o750, 0o1777], ids=oct)
def test_a_home_others_cannot_write_to_keeps_its_mode(cli: Cli, home: Path, kept: int) -> None:
    """Readable by others (the files in it are 0600 anyway), or a shared
    folder with the sticky bit such as /tmp: left as it is."""
    home.mkdir()
    home.chmod(kept)
    assert cli("checkin", "--score", "7").code == 0
    assert mode(home) == kept


def other_profile(cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Another profile's closeness.db (its own CLOSENESS_HOME), with one check-in."""
    with monkeypatch.context() as env:
        env.setenv("CLOSENESS_HOME", str(folder))
        alex = ("--as", "Alex", "--new-person")
        assert cli("checkin", *alex, "--score", "6", "--date", "2026-11-20").code == 0
    return folder / "closeness.db"


@pytest.mark.parametrize(
    "option", [["export", "--out"], ["review", "--svg"]], ids=["export --out", "review --svg"]
)
def test_out_never_replaces_a_database_whatever_its_name_or_place(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: list[str]
) -> None:
    """Known by its content (the SQLite header and closeness's application_id),
    not by its name or by being in this profile's home."""
    database = other_profile(cli, tmp_path / "alex", monkeypatch)
    renamed = tmp_path / "backup.sqlite"
    renamed.write_bytes(database.read_bytes())
    companion = tmp_path / "backup.sqlite-wal"
    companion.write_bytes(b"wal frames")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE t (x)")
    db.close()
    cases = [
        (database, "is a closeness database"),
        (renamed, "is a closeness database"),
        (companion, f"belongs to the database {renamed}"),
        (foreign, "is an SQLite database"),
    ]
    for path, why in cases:
        before = path.read_bytes()
        result = cli(*option, str(path))
        assert result.code == 1, result
        assert result.err == f"closeness: {path} {why}; {option[1]} will not replace it.\n"
        assert path.read_bytes() == before
