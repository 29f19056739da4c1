"""A row that passes the schema's CHECK constraints but holds a value
closeness never writes (2026-02-30, a score of 5.5, an updated_at of
"yesterday") is damage: every read that meets it refuses the database as
damaged, naming the file and the column, exit 1 — never an unexpected error."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from closeness.core.models import Reflection
from closeness.store.database import open_store
from conftest import Result

Cli = Callable[..., Result]
DAY = "2026-11-27"
NOW = dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)

# (table, column, SQL value): each passes the CHECK constraints.
DAMAGE = [
    ("entries", "day", "'2026-02-30'"),
    ("entries", "closeness", "5.5"),
    ("entries", "updated_at", "'yesterday'"),
    ("entries", "created_at", "''"),
    ("entries", "best", "X'ff00'"),
    ("entries", "moments", """'{"hug": 1}'"""),
    ("entries", "private", "'[1]'"),
    ("entries", "person", "X'53616d'"),
    ("reflections", "until", "'2026-02-30'"),
    ("reflections", "answers", "'[[\"connected\", 5]]'"),
    ("reflections", "updated_at", "'yesterday'"),
]


def stored(cli: Cli, home: Path) -> Path:
    sam = ("--as", "Sam", "--new-person")
    result = cli("checkin", *sam, "--date", DAY, "--score", "7", "--best", "tea")
    assert result.code == 0, result
    reflection = Reflection("Sam", "week", dt.date(2026, 11, 21), dt.date(2026, 11, 27),
                            (("connected", "the walk"),), NOW, NOW)  # fmt: skip
    with open_store(home) as store:
        store.save_reflection(reflection)
    return home / "closeness.db"


def damage(path: Path, table: str, column: str, value: str) -> bytes:
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE {table} SET {column} = {value}")
    db.close()
    return path.read_bytes()


def assert_refused_as_damaged(result: Result, path: Path, where: str) -> None:
    assert result.code == 1, result
    assert result.out == "", result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"closeness: {path} is damaged ({where} "), lines[0]
    assert "unexpected" not in lines[0]


@pytest.mark.parametrize(
    ("table", "column", "value"), DAMAGE, ids=[f"{t}.{c}" for t, c, _ in DAMAGE]
)
def test_a_value_closeness_never_writes_is_refused_as_damage(
    cli: Cli, home: Path, table: str, column: str, value: str
) -> None:
    path = stored(cli, home)
    before = damage(path, table, column, value)
    # Every command that reads the damaged row (export --format json reads
    # reflections too; log, show and review read check-ins).
    commands = [["export", "--format", "json", "--as", "Sam"]]
    if table == "entries":
        commands += [["log"], ["review", "--as", "Sam", "--days", "400", "--until", DAY]]
        if column != "day":
            commands.append(["show", DAY, "--as", "Sam"])
    for command in commands:
        assert_refused_as_damaged(cli(*command), path, f"{table}.{column}")
    assert path.read_bytes() == before


@pytest.mark.parametrize("table", ["entries", "reflections"])
def test_an_import_meeting_a_damaged_timestamp_refuses_it(
    cli: Cli, home: Path, tmp_path: Path, table: str
) -> None:
    """An import compares its updated_at with the stored one: a stored one
    that is no time is damage too, and nothing is imported."""
    path = stored(cli, home)
    export = tmp_path / "sam.json"
    assert cli("export", "--format", "json", "--as", "Sam", "--out", str(export)).code == 0
    before = damage(path, table, "updated_at", "'yesterday'")
    result = cli("import", str(export))
    assert_refused_as_damaged(result, path, f"{table}.updated_at")
    assert path.read_bytes() == before
