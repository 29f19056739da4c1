"""The schema's steps: registered by name in order, each run once in its own
transaction, and an old database ends up exactly like a new one."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness.store import migrations
from closeness.store.migrations import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    migrate,
    migration,
    schema_version,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    # Autocommit, as the store opens it: migrate() manages its transactions.
    db = sqlite3.connect(path, isolation_level=None)
    try:
        yield db
    finally:
        db.close()


def fingerprint(db: sqlite3.Connection) -> tuple[object, ...]:
    """What makes two schemas the same: every table and index as SQL (with
    whitespace normalised, since a step's SQL is indented differently from
    a dump's), the version and the application id."""
    rows = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    return (
        [(kind, name, table, _normalised(sql)) for kind, name, table, sql in rows],
        db.execute("PRAGMA user_version").fetchone()[0],
        db.execute("PRAGMA application_id").fetchone()[0],
    )


def _normalised(sql: str | None) -> str | None:
    if sql is None:  # automatic indexes (UNIQUE) have no SQL of their own
        return None
    return re.sub(r"\s*([(),])\s*", r"\1", " ".join(sql.split()))


def fresh_schema(tmp_path: Path) -> tuple[object, ...]:
    with connect(tmp_path / "fresh.db") as db:
        assert migrate(db) == SCHEMA_VERSION
        return fingerprint(db)


def test_steps_are_named_by_the_version_they_bring() -> None:
    names = [step.__name__ for step in MIGRATIONS]
    assert names, "no migration registered"
    for version, name in enumerate(names, start=1):
        assert re.fullmatch(rf"m{version:03d}_[a-z0-9_]+", name), (version, name)
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_steps_are_registered_in_the_order_they_are_defined() -> None:
    # Definition order is line order in the module: no list written by hand.
    lines = [step.__code__.co_firstlineno for step in MIGRATIONS]
    assert lines == sorted(lines)
    assert all(step.__module__ == migrations.__name__ for step in MIGRATIONS)


def test_the_decorator_returns_the_step_itself() -> None:
    def step(db: sqlite3.Connection) -> None:
        pass

    registered = migrations._registered
    try:
        assert migration(step) is step
        assert registered[-1] is step
    finally:
        registered.remove(step)
    # What the program knows was fixed when the module loaded.
    assert step not in MIGRATIONS


def test_a_version_1_database_migrates_to_the_fresh_schema_keeping_its_rows(
    tmp_path: Path,
) -> None:
    old = tmp_path / "v1.db"
    with connect(old) as db:
        db.executescript((FIXTURES / "closeness_v1.sql").read_text(encoding="utf-8"))
        assert schema_version(db) == 1
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        rows = db.execute("SELECT * FROM entries ORDER BY id").fetchall()
        assert len(rows) == 3
        assert migrate(db) == SCHEMA_VERSION
        assert fingerprint(db) == fresh_schema(tmp_path)
        after = db.execute("SELECT * FROM entries ORDER BY id").fetchall()
        # The rows as they were, and the deeper question's columns (m007) empty.
        assert [row[: len(rows[0])] for row in after] == rows
        assert {row[len(rows[0]) :] for row in after} == {("", "", "")}
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("start", range(SCHEMA_VERSION + 1))
def test_every_version_migrates_to_the_fresh_schema(tmp_path: Path, start: int) -> None:
    with connect(tmp_path / "old.db") as db:
        assert migrate(db, target=start) == start
        assert migrate(db) == SCHEMA_VERSION
        assert fingerprint(db) == fresh_schema(tmp_path)


def test_migrating_an_up_to_date_database_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "current.db"
    with connect(path) as db:
        migrate(db)
    before = path.read_bytes()
    with connect(path) as db:
        assert migrate(db) == SCHEMA_VERSION
        assert db.total_changes == 0
    assert path.read_bytes() == before


def test_a_failing_step_leaves_the_database_at_the_version_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def m999_breaks_halfway(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, m999_breaks_halfway))
    with connect(tmp_path / "broken.db") as db:
        with pytest.raises(RuntimeError, match="power cut"):
            migrate(db, target=SCHEMA_VERSION + 1)
        # The steps before it were each committed with their version; the
        # failing one and its version bump were rolled back together.
        assert schema_version(db) == SCHEMA_VERSION
        assert not db.in_transaction
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables and "entries" in tables


def test_every_step_in_the_module_is_registered() -> None:
    """A step defined below the line where MIGRATIONS is frozen would be
    silently left out: every mNNN_ function of the module must be in it."""
    import inspect

    from closeness.store import migrations

    defined = [
        name for name, value in inspect.getmembers(migrations, inspect.isfunction)
        if re.fullmatch(r"m[0-9]{3}_\w+", name)
    ]  # fmt: skip
    assert sorted(defined) == [step.__name__ for step in MIGRATIONS]
